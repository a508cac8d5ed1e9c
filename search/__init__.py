"""Bilingual (Japanese/English) search over the renkei index, as a library.

    from renkei.search import open_index
    with open_index() as engine:                      # $RENKEI_INDEX, else the user data dir
        print([hit.title for hit in engine.search("ETHZ シンポジウム", limit=5)])

`engine.search` returns `SearchResults` (iterate for `Hit`s; `results.total` counts every match,
`len(results)` the page); `engine.get(id)` a `Record`. Errors derive from `SearchError`
(`QuerySyntaxError`, `RecordNotFound`, `EngineClosed`), plus `IndexNotFound` for a missing index,
`IndexDamaged` for one whose files cannot be read (the message names the file), `NotAnIndex` and
`IndexIncompatible`; all of them derive from `renkei.RenkeiError`.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers; at run time the names load on first use (see __getattr__)
    from renkei.corpus import Record
    from renkei.search.engine import Engine, open_index
    from renkei.search.errors import (EngineClosed, IndexDamaged, IndexNotFound, QuerySyntaxError, RecordNotFound, SearchError, UnknownFilter)
    from renkei.search.highlight.fragments import Highlight
    from renkei.search.results import Hit, SearchResults

# Name -> module it lives in. Loaded on first access, so that `renkei --help` (which imports
# search.cli, and so this package) does not pay for whoosh and the analyzers.
_EXPORTS = {
    "Engine": ".engine", "open_index": ".engine",
    "EngineClosed": ".errors", "IndexDamaged": ".errors", "IndexNotFound": ".errors", "QuerySyntaxError": ".errors", "RecordNotFound": ".errors", "SearchError": ".errors",
    "UnknownFilter": ".errors",
    "Highlight": ".highlight.fragments",
    "Hit": ".results", "SearchResults": ".results",
    "Record": "renkei.corpus",
    "NotAnIndex": "renkei.indexer.errors", "IndexIncompatible": "renkei.indexer.errors", "IndexBusy": "renkei.indexer.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value   # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
