"""Documents in, records out: the bundled corpus and users' own files.

Office files (spreadsheets, CSV, Word, PDF, web pages; #31) are read by documents.office with
python-calamine, python-docx, pypdfium2, selectolax and charset-normalizer. The parsers are imported on first use (PEP 562): a search needs `Record`, not the parsers of
every document format and their regular expressions."""
from __future__ import annotations

import importlib
from typing import Any

from renkei.corpus.errors import (CorpusError, CorruptContainer, CorruptFile, DuplicateRecordId, EmptyFile,
                                  EncryptedFile, EncryptedPDF, FileTooLarge, NoHeaderRow, NoTextLayer, NothingToIndex,
                                  PasswordProtectedWorkbook, RecordParseError, TooManyCells, UndecodableText,
                                  UnreadableDocument, UnsupportedDocument, UnsupportedFormat, ZipBomb)
from renkei.corpus.records import Record

_FROM_PARSE = ["CheckedPaths", "InputFile", "Skipped", "bundled_records", "check_paths", "iter_input_files",
               "iter_paths_with_files", "load_paths", "load_paths_with_files", "locate"]
ERRORS = ["CorpusError", "RecordParseError", "DuplicateRecordId", "UnsupportedDocument", "NothingToIndex",
          "UnreadableDocument", "UnsupportedFormat", "FileTooLarge", "ZipBomb", "TooManyCells", "CorruptFile",
          "CorruptContainer", "EncryptedFile", "EncryptedPDF", "PasswordProtectedWorkbook", "NoTextLayer",
          "NoHeaderRow", "UndecodableText", "EmptyFile"]
__all__ = sorted([*ERRORS, *_FROM_PARSE, "Record"])


def __getattr__(name: str) -> Any:
    if name not in _FROM_PARSE:
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(".load", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
