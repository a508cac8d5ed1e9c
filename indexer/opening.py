"""Opening an index for reading: the live generation, verified, and the glossary it was built with.
Kept apart from the writing side (indexer.build), so a search imports neither the writer nor the
document parsers."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from renkei.corpus.glossary import Glossary, build_glossary, parse_glossary

from renkei.indexer import store
from renkei.indexer.check import open_whoosh, search_schema, verify_generation, verify_segments
from renkei.indexer.errors import IndexDamaged, IndexerError
from renkei.indexer.store import GLOSSARY_FILE  # re-exported: the writer names it too



def open_index(index_dir: Path | None = None) -> whoosh_index.Index:
    """The live whoosh index, after checking it was built by a compatible renkei and opens whole."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    return open_whoosh(verified_live(index_dir))


def open_for_search(index_dir: Path) -> tuple[Path, dict, Any]:
    """The live generation, its meta.json and its schema, checked as verified_live checks them but
    with whoosh's segments opened later, by open_segments, only when a search needs them."""
    generation = store.live_generation(index_dir)
    meta = store.read_meta(generation)
    store.check_compatible(meta, index_dir)
    return generation, meta, search_schema(generation)


def open_segments(generation: Path) -> whoosh_index.Index:
    """The whoosh index of a generation open_for_search checked, once every segment opens."""
    verify_segments(generation)
    return open_whoosh(generation)


def index_exists(index_dir: Path) -> bool:
    """Whether there is an index at `index_dir` that can be read."""
    try:
        verified_live(Path(index_dir))
        return True
    except IndexerError:
        return False


def is_new_index(index_dir: Path | None = None) -> bool:
    """Whether `index_dir` is a place for a new index: absent, empty, or holding only what an
    unfinished first build left. An index that exists but cannot be read is not new: it is damaged."""
    return store.folder_state(Path(index_dir) if index_dir else store.default_index_dir()) == store.NEW


def verified_live(index_dir: Path) -> Path:
    """The live generation, checked before it is read or copied: built by a compatible renkei, and
    whoosh opens it whole (IndexDamaged naming the file otherwise)."""
    generation = store.live_generation(index_dir)
    store.check_compatible(store.read_meta(generation), index_dir)
    verify_generation(generation)
    return generation


def is_damaged(index_dir: Path) -> bool:
    """Whether a rebuild is replacing an index that cannot be read (so it keeps its generations)."""
    if store.folder_state(index_dir) == store.NEW:
        return False
    try:
        verify_generation(store.live_generation(index_dir))
        return False
    except IndexDamaged:
        return True


def read_glossary(generation: Path) -> Glossary:
    """The glossary an index was built with (the bundled one for an index without its own)."""
    path = generation / GLOSSARY_FILE
    if path.is_file():
        return Glossary(parse_glossary(path.read_text(encoding="utf-8"), str(path)))
    return build_glossary()
