"""Errors raised while analysing text and building or opening an index."""
from __future__ import annotations

from renkei.errors import RenkeiError


class IndexerError(RenkeiError):
    """Base class of every error the indexer raises."""


class AnalyzerUnavailable(IndexerError):
    """MeCab or its dictionary cannot be loaded."""


class IndexNotFound(IndexerError):
    """There is no index at the given place."""


class IndexIncompatible(IndexerError):
    """The index was built by an incompatible version of renkei and must be rebuilt."""


class IndexBusy(IndexerError):
    """Another process is writing to the index."""


class IndexWriteError(IndexerError):
    """The index could not be written (disk full, no permission); the previous index is intact."""


class IndexDamaged(IndexIncompatible):
    """The index's files cannot be read as renkei wrote them; `renkei doctor` says what is wrong."""


class NotAnIndex(IndexerError):
    """The folder holds files that are not a renkei index, so renkei will not write there."""


class UnexpectedClass(NotAnIndex):
    """A pickle in the index names a class renkei never writes: the folder was tampered with or is
    not renkei's. Nothing it names was run."""


class IdCollision(IndexerError):
    """A user's record has the id of a record from another source (give --replace to replace it)."""


class SourceGone(IndexerError):
    """A file or folder given to sync is no longer there."""
