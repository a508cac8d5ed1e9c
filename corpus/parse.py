"""Entry points: the bundled corpus, and users' files and folders, as lists of records."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

from . import data_files
from .documents import keio, kyoto, user, utokyo
from .errors import CorpusError, DuplicateRecordId
from .records import Record

log = logging.getLogger(__name__)
_PARSERS = {data_files.KEIO: keio.parse, data_files.KYOTO: kyoto.parse, data_files.UTOKYO: utokyo.parse}


def bundled_records() -> list[Record]:
    """Every record of the three documents shipped with renkei, in document order."""
    records: list[Record] = []
    for name, parse in _PARSERS.items():
        records += parse(data_files.read_text(name), name)
    check_unique(records)
    return records


def iter_input_files(paths: Iterable[Path]) -> list[tuple[Path, Path | None]]:
    """(file, root folder or None) for every readable file under the given paths, sorted."""
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            root = path.resolve()
            for file in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if not file.is_file() or hidden or file.suffix.lower() not in user.SUFFIXES:
                    continue
                # A link inside the folder must not lead renkei to read files outside it.
                if file.is_symlink() and not file.resolve().is_relative_to(root):
                    log.warning("%s: skipped, a link to a file outside %s", file, path)
                    continue
                found.append((file, path))
        elif path.is_file():
            found.append((path, None))
        else:
            raise CorpusError(f"{path}: no such file or folder")
    return found


def load_paths(paths: Iterable[Path]) -> list[Record]:
    """Records of users' files and folders; every file is read and checked before any is returned."""
    return [record for record, _ in load_paths_with_files(paths)]


def load_paths_with_files(paths: Iterable[Path]) -> list[tuple[Record, Path]]:
    """Like load_paths, with the file each record came from."""
    loaded: list[tuple[Record, Path]] = []
    origin: dict[str, Path] = {}
    for file, root in iter_input_files(paths):
        for record in user.parse_file(file, root):
            if record.id in origin:
                raise DuplicateRecordId(f"{file}: duplicate id {record.id!r} (first seen in {origin[record.id]})")
            origin[record.id] = file
            loaded.append((record, file))
    return loaded


def check_unique(records: Iterable[Record]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise DuplicateRecordId(f"{record.source}: duplicate id {record.id!r}")
        seen.add(record.id)
