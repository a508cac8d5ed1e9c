"""Damage found while a query runs: name the file instead of surfacing numpy's or whoosh's traceback.

Opening an index checks every file's header and length (indexer.check.verify_generation), but a
file can be damaged after that, or in a way only reading it shows. Any unexpected failure inside
an Engine method is therefore followed by a thorough check of the generation the engine reads: if
that finds a damaged file, the caller gets IndexDamaged naming it (and the way out); if not, the
original error propagates unchanged: a bug stays a bug, never disguised as damage.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, TypeVar

from renkei.corpus import CorpusError
from renkei.indexer import store
from renkei.indexer.opening import GLOSSARY_FILE, read_glossary
from renkei.indexer.errors import IndexDamaged, IndexerError

from renkei.search.errors import SearchError

F = TypeVar("F", bound=Callable[..., Any])


def find_damage(generation: Path) -> IndexDamaged | None:
    """What is damaged in `generation` (every file read whole), or None if it reads as renkei wrote it."""
    from renkei.indexer.check import verify_generation
    try:
        verify_generation(generation, thorough=True)
    except IndexDamaged as err:
        return err
    except Exception:   # the check itself could not run: keep the caller's own error
        return None
    return None


def diagnosed(method: F) -> F:
    """Wrap an Engine method: an unexpected error becomes IndexDamaged when the engine's generation
    turns out to be damaged."""
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (SearchError, IndexerError):
            raise
        except Exception as err:
            generation = getattr(self, "_generation", None)
            damage = find_damage(generation) if generation is not None else None
            if damage is None:
                raise
            raise damage from err
    return wrapper  # type: ignore[return-value]


def stored_glossary(generation: Path) -> Any:
    """The glossary the index was built with; a damaged one is a damaged index (with the way out)."""
    try:
        return read_glossary(generation)
    except CorpusError as err:
        where = str(err).split(GLOSSARY_FILE, 1)[-1]    # ":LINE: what is wrong"
        raise store.damaged(generation.parent, f"{generation.name}/{GLOSSARY_FILE}{where}") from None
