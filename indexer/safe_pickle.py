"""An index is data, never code: every pickle whoosh reads from an index names only classes on an
allow-list, so that opening an index received from someone else cannot run anything it contains.

whoosh pickles the schema (with renkei's analyzers) into its table of contents, the segment list
beside it, and some postings and column blocks. A pickle may name any callable, and unpickling
calls it: a TOC rewritten to call `os.system` ran on every command that opened the index. Here
whoosh's loaders are replaced by an unpickler whose `find_class` accepts exactly the globals a
renkei index holds (tests/test_safe_index.py pickles renkei's schema and checks the list covers it).
Anything else raises UnexpectedClass, which the opening code reports as "not a renkei index"."""
from __future__ import annotations

import io
import pickle
import sys
import types
from typing import Any, BinaryIO

from renkei.indexer.errors import UnexpectedClass

ALLOWED = frozenset({
    # plain data
    ("builtins", "int"), ("__builtin__", "long"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "bytes"), ("__builtin__", "bytes"),   # b"" in protocol 2 (a spilled writer's postings)
    ("collections", "defaultdict"), ("_codecs", "encode"),   # protocol 2 writes bytes through _codecs.encode
    # the schema: whoosh's field types, formats and columns, and renkei's analyzers
    ("whoosh.fields", "Schema"), ("whoosh.fields", "ID"), ("whoosh.fields", "NUMERIC"),
    ("whoosh.fields", "STORED"), ("whoosh.fields", "TEXT"),
    ("whoosh.formats", "Existence"), ("whoosh.formats", "Frequency"), ("whoosh.formats", "Positions"),
    ("whoosh.columns", "NumericColumn"), ("whoosh.columns", "VarBytesColumn"),
    ("whoosh.analysis.tokenizers", "IDTokenizer"),
    ("renkei.indexer.analysis", "BilingualTokenizer"), ("renkei.indexer.analysis", "GlossTokenizer"),
    ("renkei.indexer.analysis", "JapaneseBigramTokenizer"), ("renkei.indexer.analysis", "LinesTokenizer"),
    # the segment list
    ("whoosh.codec.whoosh3", "W3Codec"), ("whoosh.codec.whoosh3", "W3Segment"),
})


class _AllowListUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise UnexpectedClass(f"{module}.{name}")
        return super().find_class(module, name)


def loads(data: bytes, *args: Any, **kwargs: Any) -> Any:
    return _AllowListUnpickler(io.BytesIO(data)).load()


def load(file: BinaryIO, *args: Any, **kwargs: Any) -> Any:
    return _AllowListUnpickler(file).load()


class SegmentInfo:
    """A whoosh W3Segment as a search reads it from the table of contents: its name, whether it is
    one .seg file, its records (whoosh.codec.base.Segment's methods of the same names). Unpickled
    by load_segments only, without importing whoosh's codec (~5 ms of a cold search, #35); whoosh's
    readers unpickle the real class."""

    def segment_id(self) -> str:
        return self.name if hasattr(self, "name") else f"{self.indexname}_{self.segid}"

    def make_filename(self, ext: str) -> str:
        return f"{self.segment_id()}{ext}"

    def is_compound(self) -> bool:
        return getattr(self, "compound", False)

    def doc_count(self) -> int:
        deleted = getattr(self, "_deleted", None)
        return self._doccount - (len(deleted) if deleted is not None else 0)


class _CodecSettings:
    """W3Codec's settings in a segment, which a search never uses."""


class _SegmentListUnpickler(_AllowListUnpickler):
    _STAND_INS = {("whoosh.codec.whoosh3", "W3Segment"): SegmentInfo,
                  ("whoosh.codec.whoosh3", "W3Codec"): _CodecSettings}

    def find_class(self, module: str, name: str) -> Any:
        stand_in = self._STAND_INS.get((module, name))
        return stand_in if stand_in is not None else super().find_class(module, name)


def load_segments(file: BinaryIO) -> Any:
    """The segment list of whoosh's table of contents, allow-listed as `load`, as SegmentInfo."""
    return _SegmentListUnpickler(file).load()


# whoosh.index reads the schema with `pickle.loads`, through whoosh.compat's `pickle`.
_PICKLE = types.SimpleNamespace(loads=loads, load=load, dumps=pickle.dumps, dump=pickle.dump,
                                PicklingError=pickle.PicklingError, UnpicklingError=pickle.UnpicklingError)
# The modules that bound whoosh.compat's loaders when they were imported, and the names they use.
_BINDINGS = {"whoosh.index": {"pickle": _PICKLE}, "whoosh.multiproc": {"pickle": _PICKLE},
             "whoosh.codec.whoosh3": {"loads": loads}, "whoosh.columns": {"loads": loads},
             "whoosh.formats": {"loads": loads}, "whoosh.codec.plaintext": {"loads": loads},
             "whoosh.filedb.structfile": {"load_pickle": load}}


def install() -> None:
    """Make every whoosh loader the allow-listed one: whoosh.compat's, which modules imported from
    now on bind, and the bindings of those already imported. whoosh's readers of indexes older than
    its own format (whoosh.legacy, an unrestricted unpickler) are switched off: renkei never wrote them."""
    import whoosh.compat as compat
    compat.loads, compat.load, compat.pickle = loads, load, _PICKLE
    for module_name, names in _BINDINGS.items():
        module = sys.modules.get(module_name)
        if module is not None:
            for name, value in names.items():
                setattr(module, name, value)
    legacy = sys.modules.get("whoosh.legacy")
    if legacy is not None:
        legacy.toc_loaders.clear()
    else:
        import whoosh.legacy
        whoosh.legacy.toc_loaders.clear()
