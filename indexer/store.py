"""Where an index lives on disk, and how it changes without ever being half-written.

    INDEX_DIR/CURRENT      the name of the live generation (replaced atomically)
    INDEX_DIR/gen-000007/  a complete whoosh index + meta.json
    INDEX_DIR/write.lock   held (lockf) by the one process that writes

A writer builds a new generation beside the live one and switches CURRENT only when that
generation is complete, so a killed or failed writer leaves the previous index as it was.
The kernel releases a lockf lock when its process dies, so a killed writer leaves no stale lock.
(Not flock: flock locks are shared with forked children, and whoosh's parallel writer forks.)
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Iterator

from .analysis import ANALYZER_VERSION
from .errors import IndexBusy, IndexIncompatible, IndexNotFound, IndexWriteError
from .schema import SCHEMA_VERSION

log = logging.getLogger(__name__)
CURRENT = "CURRENT"
LOCK = "write.lock"
META = "meta.json"
_GEN_PREFIX = "gen-"


def default_index_dir() -> Path:
    """$RENKEI_INDEX, else the user's data directory ($XDG_DATA_HOME/renkei/index)."""
    if os.environ.get("RENKEI_INDEX"):
        return Path(os.environ["RENKEI_INDEX"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data_home) / "renkei" / "index"


def versions() -> dict[str, Any]:
    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None
    return {"schema_version": SCHEMA_VERSION, "analyzer_version": ANALYZER_VERSION,
            "unidic_lite": version("unidic-lite"), "fugashi": version("fugashi"),
            "whoosh": version("whoosh") or version("whoosh-reloaded"), "renkei": version("renkei")}


# The facts that decide whether an index can be read: tokens depend on the dictionary too.
_MUST_MATCH = ("schema_version", "analyzer_version", "unidic_lite")


def live_generation(index_dir: Path) -> Path:
    """The folder of the live index; IndexNotFound if there is none."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexNotFound(f"No index at {index_dir}. Build one with: renkei index") from None
    except NotADirectoryError:
        raise IndexNotFound(f"{index_dir} is a file, not an index folder") from None
    path = index_dir / name
    if not name.startswith(_GEN_PREFIX) or "/" in name or not (path / META).is_file():
        raise IndexIncompatible(f"The index at {index_dir} is damaged ({CURRENT} names {name!r}). "
                                f"Rebuild it with: renkei index --rebuild")
    return path


def read_meta(generation: Path) -> dict[str, Any]:
    try:
        return json.loads((generation / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise IndexIncompatible(f"Cannot read {generation / META} ({err}). Rebuild with: renkei index --rebuild") from None


def check_compatible(meta: dict[str, Any], index_dir: Path) -> None:
    here = versions()
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
    record locks never conflict within one process)."""
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
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / LOCK, "a+", encoding="utf-8")
    except OSError as err:
        raise IndexWriteError(f"Cannot write to {index_dir}: {err.strerror or err}") from None
    deadline = time.monotonic() + max(wait, 0.0)
    try:
        while True:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexBusy(f"The index at {index_dir} is busy: {holder} is writing to it. "
                                    f"Try again when it finishes (or pass --wait SECONDS).") from None
                time.sleep(0.1)
        handle.seek(0)
        previous = handle.read().strip()
        if previous:
            # The lock is free, yet a writer left its name: it was killed mid-write. The kernel has
            # already released its lock; its unfinished generation is removed after this write.
            log.warning("cleared a stale lock left by %s, which stopped without finishing", previous)
        handle.seek(0)
        handle.truncate()
        handle.write(f"renkei process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
    finally:
        handle.close()  # closing releases the lock


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder (call with the write lock held)."""
    numbers = [int(p.name[len(_GEN_PREFIX):]) for p in index_dir.glob(f"{_GEN_PREFIX}*")
               if p.name[len(_GEN_PREFIX):].isdigit()]
    path = index_dir / f"{_GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def publish(index_dir: Path, generation: Path, meta: dict[str, Any]) -> None:
    """Write meta.json, then switch CURRENT to `generation` in one atomic rename."""
    _write_atomic(generation / META, json.dumps(meta, ensure_ascii=False, indent=2))
    _fsync_dir(generation)
    _write_atomic(index_dir / CURRENT, generation.name)
    _fsync_dir(index_dir)


def collect_garbage(index_dir: Path, keep: Path) -> list[str]:
    """Remove generations other than the live one and the one before it (readers may still use it),
    and any that a killed writer left unfinished. Returns the names removed."""
    live = [p for p in sorted(index_dir.glob(f"{_GEN_PREFIX}*")) if p.is_dir()]
    previous = [p for p in live if p.name < keep.name and (p / META).is_file()]
    survivors = {keep.name} | ({previous[-1].name} if previous else set())
    removed = []
    for path in live:
        if path.name not in survivors:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


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
