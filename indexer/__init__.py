"""Bilingual analysis and the Whoosh index: build it, update it, open it, check it."""
from .whoosh_import import import_whoosh_compat

import_whoosh_compat()   # before anything imports whoosh

from .build import (  # noqa: E402
                    IndexStats,
                    add_paths,
                    add_records,
                    build_default_index,
                    build_first_index,
                    build_index,
                    index_exists,
                    is_new_index,
                    open_index,
                    read_glossary,
                    remove,
)
from .check import GenerationCheck, IndexCheck, check_index
from .errors import (
                     AnalyzerUnavailable,
                     IndexBusy,
                     IndexDamaged,
                     IndexerError,
                     IndexIncompatible,
                     IndexNotFound,
                     IndexWriteError,
                     NotAnIndex,
)
from .store import default_index_dir, live_generation, read_meta

__all__ = ["AnalyzerUnavailable", "GenerationCheck", "IndexBusy", "IndexCheck", "IndexDamaged", "IndexIncompatible",
           "IndexNotFound", "IndexStats", "IndexWriteError", "IndexerError", "NotAnIndex", "add_paths", "add_records",
           "build_default_index", "build_first_index", "build_index", "check_index", "default_index_dir",
           "index_exists", "is_new_index", "live_generation", "open_index", "read_glossary", "read_meta", "remove"]
