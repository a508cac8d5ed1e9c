"""Tables to rows of record fields: a header row mapped by name, in Japanese and English.

    大学名/協定校/機関名/University/Institution/Partner -> partner (and title)
    英語名/English name                                -> partner_en (also a partner: a JA-EN pair)
    国・地域/国名/Country                               -> country
    締結日/協定締結日/Date/Signed                        -> date (ISO) and year; 和暦 and 年度 too
    協定種別/種類/Type                                   -> kind
    部局/Faculty                                        -> departments
    有効期限/Valid until                                -> valid_until (kept as a fact)
    No./番号/ID                                         -> key (the row key, when unique)
    anything else                                       -> a labelled fact
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterator

from renkei.corpus.dates import parse_date
from renkei.corpus.errors import NoHeaderRow
from renkei.corpus.documents.office.model import Cell, Document, Table

# Checked in this order: the first field one of whose names matches wins, so that 英語名 and
# "University (English)" are the English name, not the partner, and "Valid until" is not the date.
FIELD_NAMES: list[tuple[str, tuple[str, ...]]] = [
    ("key", ("no", "no.", "番号", "通し番号", "協定番号", "id", "管理番号", "#", "連番")),
    ("partner_en", ("英語名", "英文名", "英語表記", "英名", "englishname", "nameinenglish", "universityenglish",
                    "institutionenglish", "partnerenglish", "大学名英語", "協定校英語", "機関名英語", "大学名英文",
                    "協定校名英語", "名称英語", "英文表記", "english")),
    ("valid_until", ("有効期限", "有効期間", "満了日", "期限", "終了日", "validuntil", "expiry", "expirydate",
                     "expires", "expirationdate", "dateofexpiry", "enddate", "validity", "validto")),
    ("date", ("締結日", "協定締結日", "締結年月日", "調印日", "署名日", "締結年度", "協定締結年月日", "締結年",
              "date", "signed", "datesigned", "signingdate", "dateofsigning", "signedon", "signeddate",
              "dateofagreement", "agreementdate", "startdate", "開始日", "発効日", "effectivedate")),
    ("partner", ("大学名", "協定校", "協定校名", "機関名", "相手校", "相手大学", "相手機関", "協定先", "大学", "学校名",
                 "大学機関名", "大学等名", "協定大学", "相手先", "名称", "partner", "partneruniversity",
                 "partnerinstitution", "university", "institution", "universityname", "institutionname",
                 "name", "partnername", "organization", "organisation", "school")),
    ("country", ("国・地域", "国地域", "国名", "国", "国・地域名", "国地域名", "地域", "所在国", "country", "countryregion",
                 "region", "nation", "countryorregion", "location")),
    ("kind", ("協定種別", "種類", "協定の種類", "種別", "協定種類", "区分", "協定区分", "type", "kind",
              "agreementtype", "typeofagreement", "category")),
    ("departments", ("部局", "部局名", "学部", "研究科", "担当部局", "締結部局", "faculty", "faculties",
                     "department", "departments", "school/faculty", "graduateschool", "division")),
]
_PUNCT = re.compile(r"[\s・･/／_\-‐－.:：()（）\[\]［］【】「」<>＜＞*＊※]+")


def normalize_header(name: object) -> str:
    text = unicodedata.normalize("NFKC", str(name or "")).casefold()
    return _PUNCT.sub("", text)


_EXACT = {}
for _field, _names in FIELD_NAMES:
    for _name in _names:
        _EXACT.setdefault(normalize_header(_name) or _name, _field)


_COUNTRYISH = ("国", "country", "nation", "region", "地域")
_NAMEISH = ("名", "大学", "協定校", "機関", "相手", "university", "institution", "partner", "name", "school")
_SHORT_JA_OK = {"国名", "部局", "学部", "種別", "種類", "区分"}   # two-character names matched inside longer headers


def field_for_header(name: object) -> str | None:
    """The record field a header names, or None (a fact). Exact names first; then a header
    that contains a Japanese name (大学名（日本語） -> partner), or an English name as a word
    (Host University -> partner; "Last updated" is not a date); a header that says English and
    names an institution is the English name (大学名（英語）, Partner University (English))."""
    key = normalize_header(name)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    raw = unicodedata.normalize("NFKC", str(name)).casefold()
    words = re.findall(r"[a-z]+", raw)
    if (("英" in raw or "english" in words) and not any(c in key for c in _COUNTRYISH)
            and any(n in key for n in _NAMEISH)):
        return "partner_en"
    for fieldname, names in FIELD_NAMES:
        if fieldname in ("key", "partner_en"):
            continue
        for alias in names:
            alias_key = normalize_header(alias)
            if alias_key.isascii():
                alias_words = re.findall(r"[a-z]+", alias.casefold())
                n = len(alias_words)
                if n and any(words[i:i + n] == alias_words for i in range(len(words) - n + 1)):
                    return fieldname
            elif (len(alias_key) >= 3 or alias_key in _SHORT_JA_OK) and alias_key in key:
                return fieldname
    return None


def map_headers(names: list[object]) -> list[str | None]:
    """One field (or None) per header; a field taken by an earlier column is not taken again
    (a second 大学名 column stays a fact)."""
    taken: set[str] = set()
    result: list[str | None] = []
    for name in names:
        fieldname = field_for_header(name)
        if fieldname in taken and fieldname not in ("departments",):
            fieldname = None
        if fieldname:
            taken.add(fieldname)
        result.append(fieldname)
    return result


KIND_WORDS = [
    ("strategic-partnership", ("戦略", "strategic")),
    ("researcher-exchange", ("研究者", "researcher", "faculty exchange", "教員交流")),
    ("regional-agreement", ("地域", "自治体", "包括連携", "regional", "municipal", "prefecture", "県", "市")),
    ("exchange-memorandum", ("学生交流", "学術交流", "交流協定", "覚書", "mou", "memorandum", "exchange", "agreement",
                             "大学間", "部局間", "協定")),
]


def kind_of(text: object) -> str | None:
    """A record kind for a 協定種別 cell (renkei's KINDS), or None; the raw text is kept too."""
    value = unicodedata.normalize("NFKC", str(text or "")).casefold()
    if not value:
        return None
    for kind, words in KIND_WORDS:
        if any(word in value for word in words):
            return kind
    return None


@dataclass
class TableRow:
    """One table row as record fields. `key` is stable across re-reads of the same file:
    '<sheet>:<key column>=<value>' when a key column is unique, else '<sheet>:row <n>'."""
    key: str
    table: str                    # the sheet or table name
    row_number: int               # the source's own row number (Excel's row, CSV record, table row)
    title: str
    partners: tuple[str, ...] = ()
    partner_en: str | None = None  # the English name column's value: partners is (name, English name)
    country: str | None = None
    date: str | None = None
    year: int | None = None
    fiscal_year: tuple[str, str] | None = None
    kind: str | None = None       # one of renkei's KINDS, when the kind column says which
    kind_text: str | None = None
    departments: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)   # header label -> value, valid_until included
    cells: dict[str, Cell] = field(default_factory=dict)  # every non-empty cell, by header

    @property
    def text(self) -> str:
        """The row as 'label: value' lines, for a record's text."""
        return "\n".join(f"{label}: {value}" for label, value in self.cells.items())


def _usable_header(row: list[Cell]) -> bool:
    values = [v for v in row if v is not None]
    if not values:
        return False
    if not all(isinstance(v, str) for v in values):
        return False
    if any(parse_date(v).iso for v in values):
        return False
    names = [normalize_header(v) for v in values]
    return len(set(names)) == len(names)


def find_header(table: Table, scan: int = 10) -> int | None:
    """Index of the header row: of the first `scan` rows, the one where most columns map to a
    field (the earliest of equals; title rows above the header, such as 協定校一覧（2024年4月現在）,
    map fewer), else the first row if it is usable as a header (all text, no dates, no repeats),
    else None."""
    best, best_count = None, 0
    for index, row in enumerate(table.rows[:scan]):
        count = len({f for f in map_headers(row) if f and f != "key"})
        if count > best_count and _usable_header(row):
            best, best_count = index, count
    if best is not None:
        return best
    if table.rows and _usable_header(table.rows[0]):
        return 0
    return None


def _split_departments(value: str) -> tuple[str, ...]:
    parts = re.split(r"[、,，;；/／\n]+", value)
    return tuple(p.strip() for p in parts if p.strip())


def _label(header: Cell, column: int) -> str:
    return str(header).strip() if header is not None and str(header).strip() else f"column {column + 1}"


def table_rows(table: Table, path: str = "", *, strict: bool | None = None) -> list[TableRow]:
    """The rows of a table below its header as TableRows. A table without a usable header raises
    NoHeaderRow when it is a whole file's table (a sheet, a CSV) or strict=True; others (a layout
    table in a page) give no rows."""
    strict = table.is_whole_file if strict is None else strict
    header_index = find_header(table)
    if header_index is None:
        if strict:
            where = f" {table.where}" if table.where else ""
            raise NoHeaderRow(path or table.name, f"{where.strip() or 'table'} has no header row "
                                                  f"(its first row holds data: {_preview(table.rows[0])})")
        return []
    header = table.rows[header_index]
    width = max(len(r) for r in table.rows)
    header = list(header) + [None] * (width - len(header))
    fields = map_headers(header)
    labels = _unique([_label(h, i) for i, h in enumerate(header)])
    body = list(zip(table.rows[header_index + 1:], table.row_numbers[header_index + 1:]))
    key_column = fields.index("key") if "key" in fields else None
    if key_column is not None:
        keys = [row[key_column] if key_column < len(row) else None for row, _ in body]
        if None in keys or len({str(k) for k in keys}) != len(keys):
            key_column = None      # not a usable key: fall back to row numbers
    prefix = f"{table.name}:" if table.name else ""
    title_column = fields.index("partner") if "partner" in fields else fields.index("partner_en") if (
        "partner_en" in fields) else next(
        (i for i, f in enumerate(fields) if f is None), 0)
    result = []
    for row, number in body:
        row = list(row) + [None] * (width - len(row))
        if not any(v is not None for v in row):
            continue
        key = f"{prefix}{labels[key_column]}={row[key_column]}" if key_column is not None else f"{prefix}row {number}"
        item = TableRow(key=key, table=table.name, row_number=number, title="")
        partners: list[str] = []
        english: list[str] = []
        for column, (fieldname, label, value) in enumerate(zip(fields, labels, row)):
            if value is None:
                continue
            item.cells[label] = value
            text = str(value).strip()
            if fieldname == "partner":
                partners.append(text)
            elif fieldname == "partner_en":   # after the name, whichever column comes first (#31: a JA-EN pair)
                english.append(text)
            elif fieldname == "country":
                item.country = text
            elif fieldname == "date":
                parsed = parse_date(value, serial=True)
                item.date, item.year, item.fiscal_year = parsed
                if parsed.year is None:
                    item.facts[label] = value      # an unreadable date is kept, not lost
            elif fieldname == "kind":
                item.kind_text = text
                item.kind = kind_of(text)
            elif fieldname == "departments":
                item.departments += _split_departments(text)
            elif fieldname == "valid_until":
                parsed = parse_date(value, serial=True)
                item.facts[label] = parsed.iso or value
            elif fieldname != "key":
                item.facts[label] = value
        item.partners = tuple(dict.fromkeys(partners + english))
        item.partner_en = english[0] if english else None
        title_value = row[title_column] if title_column < len(row) else None
        item.title = str(title_value).strip() if title_value is not None else " ".join(
            str(v) for v in row if v is not None)[:200]
        result.append(item)
    return result


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def _preview(row: list[Cell]) -> str:
    text = ", ".join(str(v) for v in row if v is not None)
    return text if len(text) <= 60 else text[:57] + "..."


def document_rows(document: Document, *, strict: bool | None = None) -> Iterator[TableRow]:
    """Rows of every table of a document; tables inside pages without a usable header are
    skipped (and noted in document.notes), a sheet or CSV without one raises NoHeaderRow."""
    for table in document.tables:
        rows = table_rows(table, document.path, strict=strict)
        if not rows and not table.is_whole_file:
            document.notes.append(f"{table.where or table.name}: no header row or no data rows; read as text only")
        yield from rows
