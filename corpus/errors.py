"""Errors raised while turning documents into records."""
from __future__ import annotations

from renkei.errors import RenkeiError


class CorpusError(RenkeiError):
    """Base class of every error the corpus package raises."""


class RecordParseError(CorpusError):
    """A document or one of its lines cannot be read as records (names file and line)."""


class DuplicateRecordId(RecordParseError):
    """Two records in the input share one id."""


class UnsupportedDocument(CorpusError):
    """A file whose type renkei does not read."""
