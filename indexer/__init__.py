"""Bilingual analysis and the Whoosh index: build it, update it, open it."""
from .build import (
                    IndexStats,
                    add_paths,
                    add_records,
                    build_default_index,
                    build_index,
                    index_exists,
                    open_index,
                    read_glossary,
                    remove,
)
from .errors import AnalyzerUnavailable, IndexBusy, IndexerError, IndexIncompatible, IndexNotFound, IndexWriteError
from .store import default_index_dir, live_generation, read_meta

__all__ = ["AnalyzerUnavailable", "IndexBusy", "IndexIncompatible", "IndexNotFound", "IndexStats",
           "IndexWriteError", "IndexerError", "add_paths", "add_records", "build_default_index",
           "build_index", "default_index_dir", "index_exists", "live_generation", "open_index",
           "read_glossary", "read_meta", "remove"]
