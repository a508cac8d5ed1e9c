"""Request parameters read and checked once, for the API and the page alike: a bad value is a
4xx with a JSON error naming the parameter, never an exception from deep inside."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

from renkei.search.query.parse import MAX_QUERY_CHARS

# The filters of `renkei search` (its --institution ... --lang options), in the CLI's order.
FILTERS = ("institution", "country", "partner", "kind", "year", "date", "lang")
FACETS = ("institution", "country", "kind", "year")
SEARCH_PARAMS = frozenset({"q", "limit", "offset", "sort", "facets", *FILTERS})
MAX_API_LIMIT = 1000          # a page of the API; the CLI allows 10000, a browser never needs it
MAX_OFFSET = 10000
MAX_VALUES = 20               # values of one filter
MAX_VALUE_CHARS = 200
QUERY_SECONDS = 2.0           # a query stops here with what it found (SearchResults.timed_out)


@dataclass(frozen=True)
class SearchParams:
    """One search as asked for: the query, filters (several values of one mean any), a page."""
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    facets: bool = False

    @property
    def empty(self) -> bool:
        """No words and no filter: nothing to search for."""
        return not self.q.strip() and not any(self.filters.values())

    def key(self) -> tuple:
        """Everything that decides this search's answer, as a cache key (search/serve/cache.py)."""
        return (self.q, tuple((n, self.filters[n]) for n in FILTERS if n in self.filters), self.limit,
                self.offset, self.sort, self.facets)

    def engine_filters(self) -> dict[str, tuple[str, ...]]:
        """The filters as `renkei search` passes them to Engine.search (every name, empty if unset)."""
        return {name: self.filters.get(name, ()) for name in FILTERS}

    def url(self, path: str = "/", **changes: object) -> str:
        """This search's page (or `path`) with `changes`, as a relative URL to link to or share."""
        values = {"q": self.q, "offset": self.offset, **{n: list(v) for n, v in self.filters.items()}}
        values.update(changes)
        pairs = []
        for name, value in values.items():
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                if item not in (None, "", 0) or (name == "q" and item):
                    pairs.append((name, str(item)))
        return path + ("?" + urlencode(pairs) if pairs else "")


def bad_request(message: str, status: int = 400) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def search_params(query: QueryParams | Mapping, *, strict: bool, limit: int = 10, max_limit: int = MAX_API_LIMIT,
                  facets: bool = False) -> SearchParams:
    """The search asked for in `query`. `strict` (the API) refuses parameters it does not know, so a
    typo (`contry=`) is an error rather than a silently unfiltered search; the page ignores them."""
    getlist = query.getlist if hasattr(query, "getlist") else (lambda n: [query[n]] if n in query else [])
    if strict:
        unknown = sorted(set(query.keys()) - SEARCH_PARAMS)
        if unknown:
            raise bad_request(f"unknown parameter {unknown[0]!r}; use: {', '.join(sorted(SEARCH_PARAMS))}")
    q = _one(getlist, "q") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise bad_request(f"q is {len(q)} characters; at most {MAX_QUERY_CHARS} are read", 414)
    filters = {}
    for name in FILTERS:
        values = tuple(v.strip() for v in getlist(name) if v.strip())
        if len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_CHARS for v in values):
            raise bad_request(f"{name}: at most {MAX_VALUES} values of at most {MAX_VALUE_CHARS} characters")
        if values:
            filters[name] = tuple(dict.fromkeys(values))
    sort = _one(getlist, "sort") or "relevance"
    if sort not in ("relevance", "date"):
        raise bad_request(f"sort must be 'relevance' or 'date', not {sort[:40]!r}")
    return SearchParams(q=q, filters=filters, limit=_int(getlist, "limit", limit, 0, max_limit),
                        offset=_int(getlist, "offset", 0, 0, MAX_OFFSET), sort=sort,
                        facets=_flag(getlist, "facets", facets))


def _one(getlist, name: str) -> str | None:
    values = getlist(name)
    if len(values) > 1:
        raise bad_request(f"give {name} once, not {len(values)} times")
    if values and "\x00" in values[0]:
        raise bad_request(f"{name} holds a NUL character")
    return values[0] if values else None


def _int(getlist, name: str, default: int, low: int, high: int) -> int:
    text = _one(getlist, name)
    if text in (None, ""):
        return default
    if not text.isascii() or not text.isdigit():
        raise bad_request(f"{name} must be a whole number from {low} to {high}, not {text[:40]!r}")
    value = int(text)
    if not low <= value <= high:
        raise bad_request(f"{name} must be from {low} to {high}, not {value}")
    return value


def _flag(getlist, name: str, default: bool) -> bool:
    text = _one(getlist, name)
    if text in (None, ""):
        return default
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise bad_request(f"{name} must be true or false, not {text[:40]!r}")
