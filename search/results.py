"""Frozen result objects: what the library returns and the formatters render.

`to_dict` gives the JSON contract of `renkei search --json` / `--jsonl`, documented as a JSON
Schema in search/schema/results.schema.json: every key is always present.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from renkei.corpus import Record

if TYPE_CHECKING:  # highlight imports the analyzers; results must stay cheap to import
    from renkei.search.highlight.fragments import Highlight


_new = object.__new__


@dataclass(frozen=True)
class Hit:
    """One result: the whole `record`, its 1-based `rank` in the result list, its `score`, and
    `highlights` (fragments of the title, partners and text with the matched words' spans).

    `partial` is True for a record that has some of the query's words but not all; such records
    are listed after every record that has them all.
    """
    record: Record
    rank: int
    score: float
    highlights: tuple[Highlight, ...] = ()
    partial: bool = False

    @classmethod
    def of(cls, record: Record, rank: int, score: float, highlights: tuple = (), partial: bool = False) -> "Hit":
        """Hit(...) without the frozen dataclass's __init__ (an object.__setattr__ a field: twice the
        cost, for a page's hits built twice a query), as Record.from_dict builds records."""
        hit = _new(cls)
        hit.__dict__.update(record=record, rank=rank, score=score, highlights=highlights, partial=partial)
        return hit

    @property
    def id(self) -> str:
        """The record's id (`hit.record.id`)."""
        return self.record.id

    @property
    def title(self) -> str:
        """The record's title (`hit.record.title`)."""
        return self.record.title

    def to_dict(self) -> dict[str, Any]:
        """Every record field plus `rank`, `score`, `match` ("all"/"some") and `highlights`
        (`[{"field", "text", "spans": [[start, end], ...]}]`, offsets into `text`)."""
        data = self.record.to_dict()
        data.update(rank=self.rank, score=round(self.score, 4), match="some" if self.partial else "all", highlights=[
            {"field": h.field, "text": h.text, "spans": [list(s) for s in h.spans]} for h in self.highlights])
        return data


@dataclass(frozen=True)
class SearchResults:
    """One page of results for `query`.

    Iterating gives the `hits` of this page, and `len(results)` is the number of hits on the page
    (at most `limit`). `total` is the number of records with every word of the query, over all
    pages; `more` counts the records with only some of the words (listed after them when the page
    has room, as partial hits).

    `facets` (when asked for) maps a field (institution, kind, country, year) to counts by value;
    `suggestion` is a "did you mean" spelling; `corrected_from` is the query as typed when these
    are the results for `suggestion` instead; `any_term` is True when no record matched as typed
    and these match some of the words; `expanded` lists the names in other languages the query
    was expanded to, `expansions` the same as (as typed, expanded to) pairs. `timed_out` is True
    when the search stopped at its `timeout` with what it had found by then.
    """
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] | None = None
    suggestion: str | None = None
    corrected_from: str | None = None
    any_term: bool = False
    more: int = 0
    expanded: tuple[str, ...] = field(default=())
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    missing: tuple[str, ...] = field(default=())
    timed_out: bool = False

    def __iter__(self) -> Iterator[Hit]:
        """The hits of this page, best first."""
        return iter(self.hits)

    def __len__(self) -> int:
        """The number of hits on this page (not `total`)."""
        return len(self.hits)

    def to_dict(self) -> dict[str, Any]:
        """The `--json` object. Every key is always present, so tools can index it directly:
        `facets` is null unless asked for, `suggestion`/`corrected_from` null, `more` 0."""
        return {
            "query": self.query,
            "total": self.total,
            "more": self.more,
            "hits": [h.to_dict() for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion or None,
            "corrected_from": self.corrected_from or None,
            "any_term": self.any_term,
            "expanded": list(self.expanded),
            "expansions": [{"typed": typed, "names": list(names)} for typed, names in self.expansions],
            "missing": list(self.missing),
            "timed_out": self.timed_out,
        }
