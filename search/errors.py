"""Errors raised by the search library."""
from __future__ import annotations

from renkei.errors import RenkeiError

# Re-exported: a missing or damaged index is the library user's concern too.
from renkei.indexer.errors import IndexDamaged, IndexNotFound


class SearchError(RenkeiError):
    """Base class of the search package's own errors."""


class QuerySyntaxError(SearchError, ValueError):
    """A query the parser cannot read; the message points at the problem."""


class UnknownFilter(QuerySyntaxError):
    """A filter field, or a filter value the index does not have; the message names the closest."""


class RecordNotFound(SearchError, KeyError):
    """No record with the given id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class EngineClosed(SearchError):
    """The engine was used after close(); open another with open_index()."""


__all__ = ["EngineClosed", "IndexDamaged", "IndexNotFound", "QuerySyntaxError", "RecordNotFound", "SearchError", "UnknownFilter"]
