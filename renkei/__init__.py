"""renkei: bilingual (Japanese/English) full-text search over partnership and exchange agreements.

    from renkei import open_index
    with open_index() as engine:                      # $RENKEI_INDEX, else the user data dir
        for hit in engine.search("ETHZ シンポジウム", limit=5):
            print(hit.rank, hit.title)

Every error derives from `RenkeiError`; each keeps its precise type and is exported here. The
subpackages are `renkei.corpus` (files in, records out), `renkei.indexer` (analysis and the index on
disk) and `renkei.search` (queries in, ranked and highlighted results out). Names load on first use
(PEP 562), so that `renkei --version` does not pay for whoosh and MeCab.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

# In an installed renkei the subpackages are folders of this package (pyproject maps corpus/,
# indexer/ and search/ into it). In a source checkout they sit beside this folder instead.
if not (Path(__file__).parent / "corpus").is_dir():
    __path__.append(str(Path(__file__).resolve().parent.parent))  # type: ignore[name-defined]

from renkei.errors import RenkeiError  # noqa: E402

if TYPE_CHECKING:
    from renkei.corpus import (CorpusError, CorruptContainer, CorruptFile, DuplicateRecordId, EmptyFile, EncryptedFile,
                               EncryptedPDF, FileTooLarge, NoHeaderRow, NoTextLayer, NothingToIndex,
                               PasswordProtectedWorkbook, Record, RecordParseError, TooManyCells, UndecodableText,
                               UnreadableDocument, UnsupportedDocument, UnsupportedFormat, ZipBomb)
    from renkei.indexer.errors import (AnalyzerUnavailable, IndexBusy, IndexDamaged, IndexerError, IndexIncompatible,
                                       IndexNotFound, IndexWriteError, NotAnIndex, UnexpectedClass, IdCollision, SourceGone)
    from renkei.search import (Engine, EngineClosed, Highlight, Hit, QuerySyntaxError, RecordNotFound, SearchError,
                               SearchResults, UnknownFilter, open_index)

_EXPORTS = {
    **dict.fromkeys(["Engine", "open_index", "Hit", "SearchResults", "Highlight", "SearchError", "QuerySyntaxError",
                     "UnknownFilter", "RecordNotFound", "EngineClosed"], "renkei.search"),
    **dict.fromkeys(["Record", "CorpusError", "RecordParseError", "DuplicateRecordId", "UnsupportedDocument",
                     "NothingToIndex", "UnreadableDocument", "UnsupportedFormat", "FileTooLarge", "ZipBomb",
                     "TooManyCells", "CorruptFile", "CorruptContainer", "EncryptedFile", "EncryptedPDF",
                     "PasswordProtectedWorkbook", "NoTextLayer", "NoHeaderRow", "UndecodableText", "EmptyFile"],
                    "renkei.corpus"),
    **dict.fromkeys(["IndexerError", "AnalyzerUnavailable", "IndexNotFound", "IndexIncompatible", "IndexBusy",
                     "IndexWriteError", "IndexDamaged", "NotAnIndex", "UnexpectedClass", "IdCollision", "SourceGone"],
                    "renkei.indexer.errors"),
}
__all__ = sorted([*_EXPORTS, "RenkeiError", "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from renkei.version import __version__
        return __version__
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'renkei' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
