"""Errors raised by the search library."""
from __future__ import annotations

from indexer.errors import IndexNotFound  # re-exported: opening a missing index is a search error too


class SearchError(Exception):
    """Base class of the search package's own errors."""


class QuerySyntaxError(SearchError, ValueError):
    """A query the parser cannot read; the message points at the problem."""


class RecordNotFound(SearchError, KeyError):
    """No record with the given id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


__all__ = ["IndexNotFound", "QuerySyntaxError", "RecordNotFound", "SearchError"]
