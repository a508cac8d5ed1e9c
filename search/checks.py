"""The library's arguments checked at the door: a misuse raises a typed error saying what was
expected (QuerySyntaxError, RecordNotFound), never a TypeError or UnicodeEncodeError from deep inside."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from renkei.search.errors import QuerySyntaxError, RecordNotFound
from renkei.search.query.parse import FILTER_FIELDS, Or, make_filter


def check_search(query: Any, limit: Any, offset: Any, sort: Any, timeout: Any = None) -> None:
    if sort not in ("relevance", "date"):
        raise QuerySyntaxError(f"sort must be 'relevance' or 'date', not {sort!r}")
    if not isinstance(limit, int) or not isinstance(offset, int) or limit < 0 or offset < 0:
        raise QuerySyntaxError("limit and offset must be whole numbers, not negative")
    if not isinstance(query, str):
        raise QuerySyntaxError(f"the query must be text, not {type(query).__name__}")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout < 0):
        raise QuerySyntaxError(f"timeout must be a number of seconds, not {timeout!r}")


def check_record_id(record_id: Any) -> None:
    if not isinstance(record_id, str) or not _encodable(record_id):
        raise RecordNotFound(f"No record with id {record_id!r}: record ids are text (str) in UTF-8")


def check_limit(limit: Any) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise QuerySyntaxError(f"limit must be a whole number from 1, not {limit!r}")
    return limit


def check_suggest(query: Any, only: Any) -> None:
    if not isinstance(query, str):
        raise QuerySyntaxError(f"the query must be text, not {type(query).__name__}")
    if only is not None and (isinstance(only, (str, bytes)) or not isinstance(only, Iterable)):
        raise QuerySyntaxError(f"only must be a list of words, not {type(only).__name__}")


def library_filters(filters: Mapping[str, Any] | None) -> list[Any]:
    """Library filters as plan requirements: several values of one filter mean any of them."""
    if filters is None:
        return []
    if not isinstance(filters, Mapping):
        raise QuerySyntaxError(f"filters must be a mapping of filter name to value(s), not {type(filters).__name__}")
    out = []
    for name, values in filters.items():
        if values is None:
            continue
        if name not in FILTER_FIELDS:
            raise QuerySyntaxError(f"unknown filter {name!r}; use one of: {', '.join(FILTER_FIELDS)}")
        if isinstance(values, (str, int)):
            values = [values]
        elif isinstance(values, Iterable) and not isinstance(values, (bytes, Mapping)):
            values = list(values)
        else:
            raise QuerySyntaxError(f"filter {name} wants text or a list of texts, not {type(values).__name__}")
        nodes = []
        for value in values:
            if not isinstance(value, (str, int)):
                raise QuerySyntaxError(f"filter {name} wants text, not {type(value).__name__}")
            nodes.append(make_filter(name, str(value)))
        if nodes:
            out.append(nodes[0] if len(nodes) == 1 else Or(tuple(nodes)))
    return out


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:   # a lone surrogate: no record can have it
        return False
