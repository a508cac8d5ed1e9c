"""Where an index lives on disk, and how it changes without ever being half-written.

    INDEX_DIR/RENKEI-INDEX   marks the folder as renkei's (written when renkei creates or first writes it)
    INDEX_DIR/CURRENT        the name of the live generation (replaced atomically)
    INDEX_DIR/gen-000007/    a whoosh index + meta.json + RENKEI-GENERATION (renkei made this folder)
                             + PUBLISHED (written once CURRENT has named it: it has been live)
    INDEX_DIR/write.lock     held (lockf) by the one process that writes

A writer builds a new generation beside the live one and switches CURRENT only when that
generation is complete, so a killed or failed writer leaves the previous index as it was.
The kernel releases a lockf lock when its process dies, so a killed writer leaves no stale lock.
(Not flock: flock locks are shared with forked children, and whoosh's parallel writer forks.)

renkei deletes only what it can prove it wrote: folders named exactly gen-NNNNNN that hold its
RENKEI-GENERATION marker (or nothing at all), inside a folder that holds its RENKEI-INDEX marker.
It never creates an index in a folder that holds anything else.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any, Iterator

from renkei.errors import os_reason
from renkei.indexer.errors import (IndexBusy, IndexDamaged, IndexIncompatible, IndexNotFound, IndexWriteError, NotAnIndex)
from renkei.indexer.versions import versions

log = logging.getLogger(__name__)
CURRENT = "CURRENT"
GLOSSARY_FILE = "glossary.jsonl"     # the glossary a generation was built with
LOCK = "write.lock"
META = "meta.json"
INDEX_MARKER = "RENKEI-INDEX"
GENERATION_MARKER = "RENKEI-GENERATION"
PUBLISHED = "PUBLISHED"
_GEN_NAME = re.compile(r"gen-(\d{6,})\Z")
_TEMP_NAME = re.compile(r"CURRENT\.tmp\d+\Z")   # what a writer killed in _write_atomic leaves
_INDEX_MARKER_TEXT = ("This folder is a renkei search index. renkei deletes nothing here but the gen-NNNNNN "
                      "folders that hold a RENKEI-GENERATION file. Delete this whole folder to remove the index.\n")
_GENERATION_MARKER_TEXT = "Made by renkei: one generation of this index. renkei removes it once superseded.\n"

# What a folder is: NEW (absent, empty, or only what an unfinished first build left), INDEX, FOREIGN.
NEW, INDEX, FOREIGN = "new", "index", "foreign"


def default_index_dir() -> Path:
    """$RENKEI_INDEX, else the user's data directory ($XDG_DATA_HOME/renkei/index)."""
    if os.environ.get("RENKEI_INDEX"):
        return Path(os.environ["RENKEI_INDEX"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data_home) / "renkei" / "index"


# The facts that decide whether an index can be read: tokens depend on the dictionary too.
_MUST_MATCH = ("schema_version", "analyzer_version", "unidic_lite")


def damaged(index_dir: Path, what: str) -> IndexDamaged:
    return IndexDamaged(f"The index at {index_dir} is damaged: {what}. "
                        f"Check it with: renkei doctor; rebuild with: renkei index --rebuild")


def not_an_index(index_dir: Path) -> NotAnIndex:
    what = "a file" if index_dir.exists() and not index_dir.is_dir() else "a folder of other files"
    return NotAnIndex(f"{index_dir} is not a renkei index ({what}): renkei will not write there. "
                      f"Choose an empty or new folder (--index DIR or $RENKEI_INDEX)")


def folder_state(index_dir: Path) -> str:
    """NEW, INDEX or FOREIGN (see above). A folder renkei marked that lost its CURRENT is an INDEX
    (a damaged one), unless all it holds is a first build that never finished."""
    try:
        entries = set(os.listdir(index_dir))
    except FileNotFoundError:
        return NEW
    except NotADirectoryError:
        return FOREIGN
    except OSError as err:
        raise damaged(index_dir, f"the folder cannot be read ({err.strerror})") from None
    if INDEX_MARKER not in entries:
        if not entries:
            return NEW
        return INDEX if _legacy_live(index_dir) else FOREIGN
    if CURRENT in entries:
        return INDEX
    leftovers = {name for name in entries if _unfinished(index_dir / name) or _TEMP_NAME.match(name)}
    return NEW if entries - leftovers <= {INDEX_MARKER, LOCK} else INDEX


def live_generation(index_dir: Path) -> Path:
    """The folder of the live index: IndexNotFound if there is none yet, IndexDamaged if there is
    one that cannot be found, NotAnIndex if the folder is not renkei's."""
    state = folder_state(index_dir)
    if state == NEW:
        raise IndexNotFound(f"No index at {index_dir}. Build one with: renkei index")
    if state == FOREIGN:
        raise not_an_index(index_dir)
    name = _read_current(index_dir)
    path = index_dir / name
    if not path.is_dir():
        raise damaged(index_dir, f"{CURRENT} names {name}, which is missing")
    if not (path / META).is_file():
        raise damaged(index_dir, f"{name}/{META} is missing")
    return path


def _read_current(index_dir: Path) -> str:
    try:
        raw = (index_dir / CURRENT).read_bytes()
    except FileNotFoundError:
        raise damaged(index_dir, f"{CURRENT} is missing") from None
    except IsADirectoryError:
        raise damaged(index_dir, f"{CURRENT} is a folder, not a file") from None
    except OSError as err:
        raise damaged(index_dir, f"{CURRENT} cannot be read ({err.strerror})") from None
    name = raw.decode("utf-8", errors="replace").strip()
    if not name:
        raise damaged(index_dir, f"{CURRENT} is empty")
    if not _GEN_NAME.match(name):
        raise damaged(index_dir, f"{CURRENT} does not name a generation ({raw[:40]!r})")
    return name


def _legacy_live(index_dir: Path) -> str | None:
    """The live generation of an index written before renkei marked its folders, if this is one."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    return name if _GEN_NAME.match(name) and (index_dir / name / META).is_file() else None


def read_meta(generation: Path) -> dict[str, Any]:
    where = f"{generation.name}/{META}"
    try:
        meta = json.loads((generation / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise damaged(generation.parent, f"{where} is missing") from None
    except OSError as err:
        raise damaged(generation.parent, f"{where} cannot be read ({err.strerror})") from None
    except ValueError as err:
        raise damaged(generation.parent, f"{where} is not valid JSON ({err})") from None
    if not isinstance(meta, dict):
        raise damaged(generation.parent, f"{where} is not a JSON object")
    return meta


def check_compatible(meta: dict[str, Any], index_dir: Path) -> None:
    here = versions(("unidic-lite",))
    for name in _MUST_MATCH:
        if meta.get(name) != here[name]:
            raise IndexIncompatible(
                f"The index at {index_dir} was built with {name.replace('_', ' ')} {meta.get(name)}, this renkei "
                f"uses {here[name]}. Rebuild it with: renkei index --rebuild (then re-add your own files)")


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def write_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; IndexBusy if another writer holds it for `wait` seconds.

    Two locks: a lockf lock between processes, and a thread lock inside this process (POSIX
    record locks never conflict within one process). Refuses (NotAnIndex) a folder that is not
    renkei's before writing anything, and marks a new one as renkei's."""
    claim(index_dir)
    with _THREAD_LOCKS_GUARD:
        local = _THREAD_LOCKS.setdefault(str(Path(index_dir).resolve()), threading.Lock())
    if not local.acquire(timeout=max(wait, 0.0)) if wait > 0 else not local.acquire(blocking=False):
        raise IndexBusy(f"The index at {index_dir} is busy: another writer in this process is writing to it. "
                        f"Try again when it finishes (or pass --wait SECONDS).")
    try:
        with _process_lock(index_dir, wait):
            yield
    finally:
        local.release()


@contextlib.contextmanager
def _process_lock(index_dir: Path, wait: float) -> Iterator[None]:
    # Unbuffered bytes: a full disk fails the one write that hit it, with its errno, and never again
    # when the file is closed (a buffered text file re-raised at close, a traceback at 0 bytes free).
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+b", buffering=0)
    except OSError as err:
        raise IndexWriteError(f"Cannot write to {index_dir}: {os_reason(err)}") from None
    deadline = time.monotonic() + max(wait, 0.0)
    try:
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().decode("utf-8", "replace").strip() or "another process"
                    raise IndexBusy(f"The index at {index_dir} is busy: {holder} is writing to it. "
                                    f"Try again when it finishes (or pass --wait SECONDS).") from None
                time.sleep(0.1)
        handle.seek(0)
        previous = handle.read().decode("utf-8", "replace").strip()
        if previous:
            # The lock is free, yet a writer left its name: it was killed mid-write. The kernel has
            # already released its lock; its unfinished generation is removed (remove_leftovers).
            log.warning("cleared a stale lock left by %s, which stopped without finishing", previous)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"renkei process {os.getpid()}".encode())
        except OSError as err:
            raise IndexWriteError(f"Could not write the index at {index_dir}: {os_reason(err)}. "
                                  f"The previous index is unchanged.") from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):   # emptying a file needs no space; never hide the real error
                handle.seek(0)
                handle.truncate()
    finally:
        with contextlib.suppress(OSError):
            handle.close()  # closing releases the lock


def claim(index_dir: Path) -> None:
    """Make sure renkei may write in `index_dir`: absent or empty (created and marked now), or
    already renkei's (an index from before the markers is marked, with its live generation)."""
    state = folder_state(index_dir)
    if state == FOREIGN:
        raise not_an_index(index_dir)
    if (index_dir / INDEX_MARKER).is_file():
        return
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        legacy = _legacy_live(index_dir)
        if legacy:
            _mark(index_dir / legacy, published=False)
            _mark(index_dir / legacy, published=True)
        with contextlib.suppress(FileExistsError), open(index_dir / INDEX_MARKER, "x", encoding="utf-8") as marker:
            marker.write(_INDEX_MARKER_TEXT)   # only its presence counts, so no temp file to leave behind
    except OSError as err:
        raise IndexWriteError(f"Cannot write to {index_dir}: {os_reason(err)}") from None


def new_generation(index_dir: Path) -> Path:
    """A fresh generation folder holding only renkei's marker (call with the write lock held)."""
    numbers = [_number(p) for p in index_dir.iterdir() if _GEN_NAME.match(p.name)]
    path = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    path.mkdir()            # a writer killed before the marker leaves an empty folder: removable too
    _mark(path, published=False)
    return path


def publish(index_dir: Path, generation: Path, meta: dict[str, Any]) -> None:
    """Write meta.json, switch CURRENT to `generation` in one atomic rename, then mark it PUBLISHED.

    PUBLISHED means "has been live": a folder with a PUBLISHED generation and no CURRENT has lost
    its CURRENT (damaged); it is never a first build caught between two steps. If the writer is
    killed between the switch and the mark, the next write marks the live generation."""
    _write_atomic(generation / META, json.dumps(meta, ensure_ascii=False, indent=2))
    _fsync_dir(generation)
    _write_atomic(index_dir / CURRENT, generation.name)
    _fsync_dir(index_dir)
    _mark(generation, published=True)


def remove_leftovers(index_dir: Path) -> list[str]:
    """Remove what writers killed before this one left (call with the write lock held, before writing).

    With a readable CURRENT, that is every generation of renkei's but the live one and the previous
    published one: unfinished ones, and old ones a killed writer had no time to remove. With CURRENT
    damaged, only those never published: the others may hold the user's records."""
    for path in index_dir.iterdir():
        if _TEMP_NAME.match(path.name) and path.is_file():
            path.unlink()
    try:
        live = live_generation(index_dir)
    except (IndexIncompatible, IndexNotFound):     # damaged, or no index yet
        live = None
    if live is not None:
        if _is_own(live) and not (live / PUBLISHED).is_file():
            _mark(live, published=True)            # its writer was killed between CURRENT and the mark
        return collect_garbage(index_dir, live)
    removed = []
    for path in own_generations(index_dir):
        if _unfinished(path):
            discard(path)
            removed.append(path.name)
    return removed


def collect_garbage(index_dir: Path, live: Path, *, keep_published: bool = False) -> list[str]:
    """After publishing `live`: remove renkei's generations other than it and the previously
    published one (readers may still use that). With `keep_published`, only unfinished ones go.
    Returns the names removed."""
    own = own_generations(index_dir)
    earlier = [p for p in own if (p / PUBLISHED).is_file() and _number(p) < _number(live)]
    survivors = {live.name} | ({earlier[-1].name} if earlier else set())
    removed = []
    for path in own:
        if path.name not in survivors and not (keep_published and (path / PUBLISHED).is_file()):
            discard(path)
            removed.append(path.name)
    return removed


def own_generations(index_dir: Path) -> list[Path]:
    """renkei's generation folders, oldest first: its exact name pattern, and its marker or nothing in them."""
    found = [p for p in index_dir.iterdir() if _GEN_NAME.match(p.name) and _is_own(p)]
    return sorted(found, key=_number)


def discard(generation: Path) -> None:
    """Remove one of renkei's generations. PUBLISHED goes first and the marker last, so a removal
    cut short leaves a folder that still reads as renkei's unfinished one, removed next time."""
    try:
        (generation / PUBLISHED).unlink(missing_ok=True)
        for child in generation.iterdir():
            if child.name == GENERATION_MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        (generation / GENERATION_MARKER).unlink(missing_ok=True)
        generation.rmdir()
    except OSError as err:
        log.warning("could not remove %s: %s", generation, err.strerror or err)


def _mark(generation: Path, *, published: bool) -> None:
    if published:
        _write_atomic(generation / PUBLISHED, f"Published at {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n")
    else:
        (generation / GENERATION_MARKER).write_text(_GENERATION_MARKER_TEXT, encoding="utf-8")


def _is_own(path: Path) -> bool:
    if path.is_symlink() or not path.is_dir():
        return False
    if (path / GENERATION_MARKER).is_file():
        return True
    try:
        return not any(path.iterdir())        # removing an empty folder loses nothing
    except OSError:
        return False


def _unfinished(path: Path) -> bool:
    return bool(_GEN_NAME.match(path.name)) and _is_own(path) and not (path / PUBLISHED).is_file()


def generation_number(name: str) -> int:
    return int(_GEN_NAME.match(name).group(1))


def _number(path: Path) -> int:
    return generation_number(path.name)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def size_on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
