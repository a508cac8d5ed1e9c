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


@dataclass(frozen=True)
class Record:
    """One searchable unit. Field names are the JSON contract other tools read."""

    id: str
    title: str
    text: str
    source: str = ""
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
        data = {f.name: getattr(self, f.name) for f in fields(self)}
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
_DEFAULTS = {f.name: None if f.default is MISSING else f.default for f in fields(Record) if f.name not in _REQUIRED}
