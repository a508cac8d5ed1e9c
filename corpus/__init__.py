"""Documents in, records out: the bundled corpus and users' own files. Standard library only.

The parsers are imported on first use (PEP 562): a search needs `Record`, not the parsers of
every document format and their regular expressions."""
from __future__ import annotations

import importlib
from typing import Any

from renkei.corpus.errors import CorpusError, DuplicateRecordId, RecordParseError, UnsupportedDocument
from renkei.corpus.records import Record

_FROM_PARSE = ["CheckedPaths", "InputFile", "bundled_records", "check_paths", "iter_input_files",
               "iter_paths_with_files", "load_paths", "load_paths_with_files"]
__all__ = ["CheckedPaths", "CorpusError", "DuplicateRecordId", "InputFile", "Record", "RecordParseError",
           "UnsupportedDocument", "bundled_records", "check_paths", "iter_input_files", "iter_paths_with_files",
           "load_paths", "load_paths_with_files"]


def __getattr__(name: str) -> Any:
    if name not in _FROM_PARSE:
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(".load", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
