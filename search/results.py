"""Frozen result objects: what the library returns and the formatters render."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus import Record

from .highlight import Highlight


@dataclass(frozen=True)
class Hit:
    record: Record
    rank: int
    score: float
    highlights: tuple[Highlight, ...] = ()
    partial: bool = False    # has some of the query's words, not all (listed after those that have all)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    def to_dict(self) -> dict[str, Any]:
        data = self.record.to_dict()
        data.update(rank=self.rank, score=round(self.score, 4), match="some" if self.partial else "all", highlights=[
            {"field": h.field, "text": h.text, "spans": [list(s) for s in h.spans]} for h in self.highlights])
        return data


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None       # "did you mean"
    corrected_from: str | None = None   # the query as typed, when these are results for `suggestion`
    any_term: bool = False              # nothing matched as typed; these match some words, or pieces apart
    more: int = 0                       # partial matches listed after the `total` full ones
    expanded: tuple[str, ...] = field(default=())   # names the query was expanded to (other languages)
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # (as typed, expanded to)
    missing: tuple[str, ...] = field(default=())    # words of the query no record has ("Missing: …")

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}
        if self.facets is not None:
            data["facets"] = self.facets
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.corrected_from:
            data["corrected_from"] = self.corrected_from
        if self.any_term:
            data["any_term"] = True
        if self.more:
            data["more"] = self.more
        data["expanded"] = list(self.expanded)
        data["missing"] = list(self.missing)
        return data
