"""Bilingual (Japanese/English) search over the renkei index, as a library."""
from .engine import Engine, open_index
from .errors import IndexNotFound, QuerySyntaxError, RecordNotFound, SearchError
from .highlight import Highlight
from .results import Hit, SearchResults

__all__ = ["Engine", "Highlight", "Hit", "IndexNotFound", "QuerySyntaxError", "RecordNotFound", "SearchError",
           "SearchResults", "open_index"]
