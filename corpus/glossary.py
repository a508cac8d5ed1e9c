"""The bilingual glossary: entities and domain terms with their Japanese and English names.

File format (JSON Lines, one entry per line; a line with "_about" is a comment):
    {"id": "snu", "type": "institution", "ja": ["ソウル国立大学"], "en": ["Seoul National University"],
     "abbr": ["SNU"], "country": "Republic of Korea"}
`type` is one of TYPES; `ja`, `en`, `abbr` are lists of names; an entry needs two names at least.
For countries and regions the first English name is the one records use ("Republic of Korea").
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from renkei.corpus.data_files import read_text
from renkei.corpus.errors import RecordParseError
from renkei.corpus.records import Record

TYPES = ("home", "institution", "place", "country", "region", "term")
BUNDLED_GLOSSARY = "glossary.jsonl"
# Every command reads the glossary stored with the index, and every name of an entry is a name a
# query may be expanded to: a user's glossary has bounds (#13). The bundled one has about 200
# entries of at most 7 names.
MAX_USER_GLOSSARY_ENTRIES = 10_000
MAX_USER_GLOSSARY_BYTES = 2_000_000
MAX_NAMES_PER_ENTRY = 32
_PARENTHESIS = re.compile(r"^(?P<name>.+?)\s*\((?P<inner>[^()]+)\)$")


def name_key(name: str) -> str:
    """How names are compared: NFKC, case-folded, single spaces, no leading 'the'."""
    text = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class Entry:
    id: str
    type: str
    ja: tuple[str, ...] = ()
    en: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    country: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.ja, *self.en, *self.abbr)))

    def to_dict(self) -> dict:
        data = {"id": self.id, "type": self.type, "ja": list(self.ja), "en": list(self.en), "abbr": list(self.abbr)}
        if self.country:
            data["country"] = self.country
        return data


@dataclass
class Glossary:
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name: dict[str, Entry] = {}
        for entry in self.entries:
            for name in entry.names:
                self._by_name.setdefault(name_key(name), entry)

    def lookup(self, name: str) -> Entry | None:
        return self._by_name.get(name_key(name))

    def names(self) -> Iterable[str]:
        return self._by_name.keys()

    def to_jsonl(self) -> str:
        return "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in self.entries)


def parse_glossary(text: str, source: str, *, user: bool = False) -> list[Entry]:
    """Entries of a glossary file; `user` applies the bounds on a user's glossary (not on the
    merged glossary stored with an index, whose entries may have gathered more names)."""
    from renkei.corpus.documents.user_files import MAX_JSON_DEPTH, check_depth, replace_surrogates
    entries, seen = [], set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        check_depth(line, where)   # as for a JSONL record: json.loads never recurses far (#36)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise RecordParseError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
        except RecursionError:
            raise RecordParseError(f"{where}: JSON nested too deeply (at most {MAX_JSON_DEPTH} levels)") from None
        if "\\u" in line:   # "\ud800" escapes: UTF-8 cannot hold a lone surrogate (the index's copy)
            data = replace_surrogates(data, where)
        if not isinstance(data, dict):
            raise RecordParseError(f"{where}: expected a JSON object")
        if "_about" in data:
            continue
        entry_id, kind = data.get("id"), data.get("type")
        if entry_id is None:
            raise RecordParseError(f"{where}: missing 'id'")
        if not isinstance(entry_id, str) or not entry_id.strip():
            raise RecordParseError(f"{where}: 'id' must be a string that is not empty, got {json.dumps(entry_id)[:40]}")
        if entry_id in seen:
            raise RecordParseError(f"{where}: duplicate id {entry_id!r}")
        if kind not in TYPES:
            raise RecordParseError(f"{where}: 'type' must be one of {', '.join(TYPES)}, got {kind!r}")
        lists = {}
        for name in ("ja", "en", "abbr"):
            value = data.get(name) or []
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise RecordParseError(f"{where}: {name!r} must be a list of names")
            lists[name] = tuple(v.strip() for v in value)
        names = len(set(map(name_key, (*lists["ja"], *lists["en"], *lists["abbr"]))))
        if names < 2:
            raise RecordParseError(f"{where}: entry {entry_id!r} needs at least two different names")
        if user and names > MAX_NAMES_PER_ENTRY:
            raise RecordParseError(f"{where}: entry {entry_id!r} has {names} names; an entry may have at most "
                                   f"{MAX_NAMES_PER_ENTRY} names")
        if user and len(entries) == MAX_USER_GLOSSARY_ENTRIES:
            raise RecordParseError(f"{where}: too many entries; a glossary may have at most "
                                   f"{MAX_USER_GLOSSARY_ENTRIES:,} entries (split it, or keep the names "
                                   f"your queries need)")
        country = data.get("country")
        if country is not None and not isinstance(country, str):
            raise RecordParseError(f"{where}: 'country' must be a string")
        seen.add(entry_id)
        entries.append(Entry(entry_id, kind, lists["ja"], lists["en"], lists["abbr"], country))
    return entries


def load_glossary_file(path: Path) -> list[Entry]:
    """A user's glossary file, within MAX_USER_GLOSSARY_BYTES and MAX_USER_GLOSSARY_ENTRIES."""
    from renkei.corpus.documents.user_files import decode_document
    path = Path(path)
    with path.open("rb") as stream:
        data = stream.read(MAX_USER_GLOSSARY_BYTES + 1)
    if len(data) > MAX_USER_GLOSSARY_BYTES:
        line = data[:MAX_USER_GLOSSARY_BYTES].count(b"\n") + 1
        raise RecordParseError(f"{path}:{line}: glossary too large; a glossary may have at most "
                               f"{MAX_USER_GLOSSARY_BYTES:,} bytes")
    return parse_glossary(decode_document(data, path), str(path), user=True)


def mined_entries(records: Iterable[Record]) -> list[Entry]:
    """Name pairs the documents give themselves: a Japanese name with its English one and
    abbreviation (UTokyo), an English name with its abbreviation or other name in brackets (Kyoto)."""
    out = []
    for record in records:
        if record.facts.get("name_en") and record.partners:
            abbr = (record.facts["abbreviation"],) if record.facts.get("abbreviation") else ()
            out.append(Entry(f"mined:{record.id}", "institution", (record.partners[0],),
                             (record.facts["name_en"],), abbr, record.country))
        for partner in record.partners if record.kind == "exchange-memorandum" else ():
            m = _PARENTHESIS.match(partner)
            if m and not m.group("inner").startswith(("formerly", "du ")):
                inner = m.group("inner")
                is_abbr = inner.replace("+", "").replace("-", "").isupper() and " " not in inner.strip()
                names = (partner, m.group("name")) + (() if is_abbr else (inner,))
                out.append(Entry(f"mined:{record.id}", "institution", (), names, (inner,) if is_abbr else (),
                                 record.country))
    return out


def merge(entries: Iterable[Entry]) -> list[Entry]:
    """Entries that share a name become one (the first one's id and type win), in the order of
    their first entry. Union-find over a name index, so a chain of entries each sharing a name
    with the next costs linear time, not quadratic (#13)."""
    entries = list(entries)
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for key in map(name_key, entry.names):
            first = owner.setdefault(key, i)
            if first != i:
                a, b = root(first), root(i)
                parent[max(a, b)] = min(a, b)   # the group's first entry stays its root
    groups: dict[int, list[Entry]] = {}
    for i, entry in enumerate(entries):
        groups.setdefault(root(i), []).append(entry)
    return [_combine(group) for group in groups.values()]


def _combine(group: list[Entry]) -> Entry:
    if len(group) == 1:
        return group[0]
    first = group[0]

    def names(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for entry in group for name in getattr(entry, kind)))
    country = next((entry.country for entry in group if entry.country), None)
    return Entry(first.id, first.type, names("ja"), names("en"), names("abbr"), country)


def build_glossary(records: Iterable[Record] = (), extra: Iterable[Entry] = ()) -> Glossary:
    """The curated glossary, plus users' entries, plus what the records give (in that order)."""
    curated = parse_glossary(read_text(BUNDLED_GLOSSARY), BUNDLED_GLOSSARY)
    return Glossary(merge([*curated, *extra, *mined_entries(records)]))
