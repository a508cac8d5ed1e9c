"""Office files as records (#31): one record per table row, one for a document's own text.

    partners.xlsx, sheet 協定校, row 4  ->  Record(id="doc/office-1f0c9a3e/partners.xlsx#協定校:No.=1",
                                                   title="ハーバード大学", partners=("ハーバード大学", "Harvard University"),
                                                   country="United States of America", date="2016-03-03",
                                                   facts={"name_en": "Harvard University", "sheet": "協定校", "row": 4, ...})

A row's id is the file's document id, then `#` and the row key (the sheet, then the key column's
value when it is unique, else the row number), so it is the same on every read of the file. A
spreadsheet or CSV gives rows only; a Word file, web page or PDF also gives one record of its text
(without the tables whose rows became records), as a .txt file does.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Iterator

from renkei.corpus.documents.office.headers import document_rows, find_header, map_headers
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.model import Document
from renkei.corpus.documents.office.reader import SUFFIXES, read_document
from renkei.corpus.documents.user_files import MAX_ID_LENGTH, check_length, document_id
from renkei.corpus.errors import EmptyFile
from renkei.corpus.records import Record
from renkei.corpus.text import detect_lang

__all__ = ["SUFFIXES", "LIMITS", "country_name", "iter_office_records"]

LIMITS = Limits()
_TABULAR = {"xlsx", "xlsm", "xls", "ods", "csv", "tsv", "tab"}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    from renkei.corpus.glossary import BUNDLED_GLOSSARY, name_key, parse_glossary
    from renkei.corpus.data_files import read_text
    names: dict[str, str] = {}
    for entry in parse_glossary(read_text(BUNDLED_GLOSSARY), BUNDLED_GLOSSARY):
        if entry.type == "country" and entry.en:
            for name in entry.names:
                names.setdefault(name_key(name), entry.en[0])
    return names


def country_name(text: str | None) -> str | None:
    """A table's country cell as records name countries (the glossary's first English name:
    アメリカ合衆国, USA -> United States of America), so that --country finds it; else as written."""
    if not text or not text.strip():
        return None
    from renkei.corpus.glossary import name_key
    return _country_names().get(name_key(text), text.strip())


def iter_office_records(path: Path, root: Path | None = None,
                        notes: list[str] | None = None) -> Iterator[tuple[str, Record]]:
    """('file:sheet:row', record) for each record of one office file; what the reader noticed
    (encoding, header mapping, skipped sheets or pages) is appended to `notes`, one line each."""
    doc = read_document(path, LIMITS)
    base = document_id(path, root)
    said = notes if notes is not None else []
    if doc.encoding and doc.format not in ("csv", "tsv", "tab"):   # a CSV's note says it, with the delimiter
        said.append(f"encoding {doc.encoding}")
    said.extend(_header_notes(doc))
    rows = list(document_rows(doc))      # raises NoHeaderRow for a sheet or CSV without one
    said.extend(doc.notes)
    row_tables = {row.table for row in rows}
    count = 0
    for row in rows:
        where = f"{path}:{row.table + ':' if row.table else ''}row {row.row_number}"
        facts: dict = dict(row.facts)
        if row.partner_en and row.partners and row.partners[0] != row.partner_en:
            facts["name_en"] = row.partner_en          # a JA-EN pair for the glossary (mined_entries)
        if row.fiscal_year:
            facts["fiscal_year_from"], facts["fiscal_year_to"] = row.fiscal_year
        if row.kind_text and not row.kind:
            facts["agreement_type"] = row.kind_text
        if row.table:
            facts["sheet" if doc.format in _TABULAR else "table"] = row.table
        facts["row"] = row.row_number
        text = row.text
        check_length(text, where)
        title = row.title or path.stem
        count += 1
        yield where, Record(id=_row_id(base, row.key), title=title[:1000], text=text, source=path.name,
                            kind=row.kind or "document", partners=row.partners, country=country_name(row.country),
                            date=row.date, year=row.year, departments=row.departments,
                            lang=detect_lang(title + "\n" + text), facts=facts)
    body = _document_text(doc, row_tables)
    if body.strip() and doc.format not in _TABULAR:
        where = f"{path}:1"
        check_length(body, where)
        facts = {"pages": doc.pages} if doc.pages else {}
        count += 1
        yield where, Record(id=base, title=(doc.title or path.stem)[:1000], text=body, source=path.name,
                            kind="document", lang=detect_lang(doc.title + "\n" + body), links=tuple(doc.links),
                            facts=facts)
    if not count:
        raise EmptyFile(path, "no text and no table rows in it")


def _document_text(doc: Document, row_tables: set[str]) -> str:
    """The document's whole text, its tables included: a page of partners stays findable as the list
    it is (an office searching "our partners in Korea" wants it), while each row, a record of its own
    and much shorter, answers a partner's name first."""
    return "\n\n".join(b.text for b in doc.blocks if b.text)


def _header_notes(doc: Document) -> list[str]:
    """How each table's header was read: 'sheet '協定校': header in row 3: 大学名 -> partner, ...'."""
    out = []
    for table in doc.tables:
        at = find_header(table)
        if at is None:
            continue
        header = table.rows[at]
        mapped = [f"{name} -> {field}" for name, field in zip(header, map_headers(header)) if field and name]
        where = table.where or "header"
        out.append(f"{where}: header in row {table.row_numbers[at]}: " + (", ".join(mapped) or "no known names")
                   + f"; {len(table.rows) - at - 1} row(s) below it")
    return out


def _row_id(base: str, key: str) -> str:
    """`<document id>#<row key>`: one line, and hashed when too long for an id."""
    key = " ".join("".join(" " if ord(ch) < 32 or ch == "\x7f" else ch for ch in key).split())
    record_id = f"{base}#{key}"
    if len(record_id) > MAX_ID_LENGTH:
        digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        record_id = f"{base[:MAX_ID_LENGTH - 14]}#{digest}"
    return record_id

