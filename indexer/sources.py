"""The files and folders an index was given, remembered in its generation as `sources.json` (#36).

    {"version": 1, "sources": [{"path": "/home/a/office", "kind": "folder", "replace": false,
      "synced_at": "2026-…", "files": {"/home/a/office/notes.md": {"size": 812, "mtime_ns": …,
      "sha256": "…", "ids": ["doc/office-1f0c9a3e/notes.md"]}}}]}

Plain JSON, written into a new generation before it is published, like the glossary: the sources and
the records they gave change together or not at all. Paths are resolved (the `origin` each record is
stored with), so a file is the same file however it was named.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from renkei.indexer.errors import IndexDamaged

SOURCES_FILE = "sources.json"
VERSION = 1


@dataclass(frozen=True)
class FileState:
    """One file of a source as last read: its size, modification time and content hash, and the
    ids of the records it gave."""
    path: str
    size: int
    mtime_ns: int
    sha256: str
    ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256, "ids": list(self.ids)}


@dataclass(frozen=True)
class Source:
    """A file or folder a user indexed: `kind` "file" or "folder"; `replace` if its records may
    replace records of other sources with the same id (`--replace`)."""
    path: str
    kind: str
    replace: bool = False
    synced_at: str = ""
    files: dict[str, FileState] = field(default_factory=dict, compare=False)

    @property
    def records(self) -> int:
        return sum(len(f.ids) for f in self.files.values())

    def holds(self, path: str) -> bool:
        """Whether `path` (resolved) is this source or, for a folder, inside it."""
        return path == self.path or (self.kind == "folder" and Path(path).is_relative_to(self.path))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "replace": self.replace, "synced_at": self.synced_at,
                "files": {name: self.files[name].to_dict() for name in sorted(self.files)}}


def to_json(sources: list[Source] | tuple[Source, ...]) -> str:
    data = {"version": VERSION, "sources": [s.to_dict() for s in sorted(sources, key=lambda s: s.path)]}
    return json.dumps(data, ensure_ascii=False, indent=1)


def read_sources(generation: Path) -> tuple[Source, ...]:
    """The sources a generation remembers; none for a generation written before renkei remembered them."""
    where = generation / SOURCES_FILE
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
        return tuple(_source(item) for item in data["sources"])
    except FileNotFoundError:
        return ()
    except OSError as err:
        raise _damaged(generation, f"cannot be read ({err.strerror})") from None
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise _damaged(generation, f"is not what renkei writes ({type(err).__name__}: {err})") from None


def _source(item: dict[str, Any]) -> Source:
    files = {name: FileState(name, int(f["size"]), int(f["mtime_ns"]), str(f["sha256"]),
                             tuple(str(i) for i in f["ids"])) for name, f in item["files"].items()}
    if item["kind"] not in ("file", "folder"):
        raise ValueError(f"kind {item['kind']!r}")
    return Source(str(item["path"]), item["kind"], bool(item.get("replace")), str(item.get("synced_at", "")), files)


def _damaged(generation: Path, what: str) -> IndexDamaged:
    return IndexDamaged(f"The index at {generation.parent} is damaged: {generation.name}/{SOURCES_FILE} {what}. "
                        f"Rebuild with: renkei index --rebuild --forget-sources, then index your folders again")


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
