"""Bilingual analysis and the Whoosh index: build it, update it, open it, check it.

The names below are imported on first use (PEP 562): a search process needs the store and the
errors, not the writer, the checker or the document parsers behind them (a cold `renkei search`
paid ~0.1 s for those)."""
from __future__ import annotations

import importlib
from typing import Any

from renkei.indexer.whoosh_compat import import_whoosh_compat

import_whoosh_compat()   # before anything imports whoosh

_FROM = {
    "build": ["IndexStats", "add_paths", "add_records", "build_default_index", "build_first_index", "build_index"],
    "removal": ["remove"],
    "syncing": ["Change", "SyncReport", "list_sources", "rebuild", "sync", "update_sources"],
    "sources": ["FileState", "Source"],
    "opening": ["index_exists", "is_new_index", "open_index", "read_glossary"],
    "doctor": ["GenerationCheck", "IndexCheck", "check_index"],
    "errors": ["AnalyzerUnavailable", "IndexBusy", "IndexDamaged", "IndexIncompatible", "IndexNotFound",
               "IndexWriteError", "IndexerError", "IdCollision", "NotAnIndex", "SourceGone"],
    "store": ["default_index_dir", "live_generation", "read_meta"],
}
_MODULE_OF = {name: module for module, names in _FROM.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
