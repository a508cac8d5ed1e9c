"""The one base of every error renkei raises, so that `except RenkeiError` catches them all.

Each package derives its own base from it (CorpusError, IndexerError, SearchError) and keeps its
precise types; `renkei` exports every one of them (see renkei/__init__.py)."""
from __future__ import annotations


class RenkeiError(Exception):
    """Base class of every error renkei raises."""
