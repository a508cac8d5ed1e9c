"""The record: one search result a user would want, with its structured facts."""
from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

INSTITUTIONS = ("Keio University", "Kyoto University", "The University of Tokyo")
# The short keys users type for the three home universities (as in `institution:keio`), so that a
# record written with one shows the university's name like the bundled records do.
INSTITUTION_NAMES = {"keio": INSTITUTIONS[0], "kyoto": INSTITUTIONS[1], "utokyo": INSTITUTIONS[2],
                     **{name.casefold(): name for name in INSTITUTIONS}}
KINDS = ("regional-agreement", "exchange-memorandum", "researcher-exchange",
         "strategic-partnership", "section", "summary", "document")
# The other names of each kind, as queries accept them (`kind:memorandum`); a record's `kind`
# may be written with any of them too (#36).
KIND_ALIASES = {
    "exchange-memorandum": ("memorandum", "memoranda", "mou", "memo", "exchange", "覚書", "協定"),
    "regional-agreement": ("agreement", "agreements", "regional", "region", "地域連携"),
    "strategic-partnership": ("partnership", "partnerships", "strategic", "partner", "sp", "戦略的パートナーシップ"),
    "researcher-exchange": ("researcher", "researchers", "research-exchange", "研究者"),
    "section": ("section", "sections", "prose"),
    "document": ("document", "documents", "doc", "docs"),
    "summary": ("summary", "summaries", "total", "totals", "合計", "集計"),
}
_KIND_BY_NAME = {name: kind for kind, names in KIND_ALIASES.items() for name in (kind, *names)}


def kind_for(name: str) -> str:
    """The kind a name stands for ('memorandum', 'MOU' -> 'exchange-memorandum'), else `name`."""
    return _KIND_BY_NAME.get(name.strip().casefold(), name)



@dataclass(frozen=True)
class Record:
    """One searchable unit. Field names are the JSON contract other tools read."""

    id: str
    title: str
    text: str
    source: str = ""                 # the file, relative to the folder it was indexed from (#36)
    path: str | None = None          # the file in full (resolved), for a user's file; None for bundled
    institution: str | None = None
    kind: str = "document"
    partners: tuple[str, ...] = ()
    country: str | None = None
    region: str | None = None
    date: str | None = None          # ISO YYYY-MM-DD, only for a dated agreement
    year: int | None = None
    mou_year: int | None = None
    sea_year: int | None = None
    departments: tuple[str, ...] = ()
    lang: str = "en"
    links: tuple[str, ...] = ()
    # Facts particular to one document, kept rather than lost (e.g. Kyoto's "strategic partner" mark,
    # researcher counts). Values are plain JSON scalars.
    facts: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    def to_dict(self) -> dict[str, Any]:
        """Every field, tuples as lists: the `renkei show --json` object (#/$defs/record in the schema)."""
        # Not dataclasses.asdict: its deep copy is a measurable share of indexing time.
        data = {name: getattr(self, name) for name in _NAMES}
        for name in ("partners", "departments", "links"):
            data[name] = list(data[name])
        data["facts"] = dict(self.facts)
        return data

    def to_json(self) -> str:
        """to_dict() as one line of JSON (UTF-8 text kept as is): a `renkei records --jsonl` line."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        """Build a record from already-validated plain data (see documents.user for validation).
        Each hit of a search is built here, without the frozen dataclass's __init__: its
        object.__setattr__ per field was 60 % of the cost (10 µs a record), and it checks nothing
        this does not."""
        values = dict(_DEFAULTS)
        # a record's own keys (as stored in an index) are taken whole; a foreign key is dropped
        values.update(data if data.keys() <= _FIELDS else {k: v for k, v in data.items() if k in _FIELDS})
        if _REQUIRED.difference(values):
            return cls(**values)   # raises the TypeError that names the missing field
        for name in ("partners", "departments", "links"):
            values[name] = tuple(values[name] or ())
        values["facts"] = dict(values["facts"] or {})
        record = object.__new__(cls)
        record.__dict__.update(values)
        return record

    @property
    def display_text(self) -> str:
        """Title, partners and body together: the record as a user reads it."""
        parts = [self.title]
        parts += [p for p in self.partners if p not in self.title]
        if self.departments:
            parts.append("、".join(self.departments))
        parts.append(self.text)
        return "\n".join(p for p in parts if p)


_REQUIRED = frozenset(f.name for f in fields(Record) if f.default is MISSING and f.default_factory is MISSING)
_FIELDS = frozenset(f.name for f in fields(Record))
_NAMES = tuple(f.name for f in fields(Record))   # in order (dataclasses.fields costs ~0.04 ms a call)
_DEFAULTS = {f.name: None if f.default is MISSING else f.default for f in fields(Record) if f.name not in _REQUIRED}
