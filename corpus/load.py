"""Entry points: the bundled corpus, and users' files and folders, as records.

For input of any size, check first and read second: `check_paths(paths)` reads every file once,
checks every record and keeps only their ids; `iter_paths_with_files(checked)` then reads the files
again and yields the records one at a time, so nothing needs all records in memory at once.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import AbstractSet, Iterable, Iterator

from renkei.corpus import data_files
from renkei.corpus.documents import keio, kyoto, user_files as user, utokyo
from renkei.corpus.errors import CorpusError, DuplicateRecordId, RecordParseError
from renkei.corpus.glossary import Entry, mined_entries
from renkei.corpus.names import NameCandidates, NameCollector
from renkei.corpus.records import Record

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
    """(file, root folder or None) for every readable file under the given paths, sorted; a file
    reached twice (named and in a named folder, or through a link) is read once."""
    found: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()

    def add(file: Path, root: Path | None) -> None:
        resolved = file.resolve()
        if resolved in seen:
            log.info("%s: skipped, already read as another path", file)
            return
        seen.add(resolved)
        found.append((file, root))

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
                add(file, path)
        elif path.is_file():
            add(path, None)
        else:
            raise CorpusError(f"{path}: no such file or folder")
    return found


def load_paths(paths: Iterable[Path]) -> list[Record]:
    """Records of users' files and folders; every file is read and checked before any is returned."""
    return [record for record, _ in load_paths_with_files(paths)]


def load_paths_with_files(paths: Iterable[Path]) -> list[tuple[Record, Path]]:
    """Like load_paths, with the file each record came from (all in memory: see check_paths)."""
    files = _input_files(paths)
    return [(record, files[i].path) for record, i in _checked_records(files, set())]


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it was found, and what the check saw in it."""
    path: Path
    root: Path | None         # the folder a user named, if the file was found in one
    stamp: tuple[int, int]    # (size, modification time): a file changed after the check is refused
    records: int = 0


@dataclass(frozen=True)
class CheckedPaths:
    """The result of check_paths: the files and the ids of every record in them, no records."""
    files: tuple[InputFile, ...]
    ids: AbstractSet[str]
    # The glossary pairs the records give themselves (glossary.mined_entries), gathered while
    # checking: an index needs them before it writes the first record.
    mined: tuple[Entry, ...] = ()
    names: NameCandidates = NameCandidates((), (), (), (), ())   # corpus.names: for crossing languages

    @property
    def records(self) -> int:
        return len(self.ids)

    @property
    def origins(self) -> list[str]:
        """The resolved path of each file (what a re-added file's old records are found by)."""
        return [str(f.path.resolve()) for f in self.files]


def check_paths(paths: Iterable[Path]) -> CheckedPaths:
    """Read and check every record of users' files and folders (one pass, a line at a time),
    keeping only ids. Raises the first problem (file and line) before anything is written."""
    files = _input_files(paths)
    counts = [0] * len(files)
    ids: set[str] = set()
    mined: list[Entry] = []
    names = NameCollector()
    for record, i in _checked_records(files, ids):
        counts[i] += 1
        mined += mined_entries((record,))
        names.add(record)
    return CheckedPaths(tuple(InputFile(f.path, f.root, f.stamp, n) for f, n in zip(files, counts)), ids,
                        tuple(mined), names.result())


def iter_paths_with_files(paths: CheckedPaths | Iterable[Path]) -> Iterator[tuple[Record, Path]]:
    """(record, file) of checked files, one at a time. Given paths rather than a check_paths
    result, checks them all first (when the first record is asked for)."""
    checked = paths if isinstance(paths, CheckedPaths) else check_paths(paths)
    for file in checked.files:
        # The check's promise (nothing bad gets written) holds only for the files it read.
        changed = RecordParseError(f"{file.path}: changed since it was checked; run the command again")
        if _stamp(file.path) != file.stamp:
            raise changed
        count = 0
        for record in user.iter_file_records(file.path, file.root):
            count += 1
            if count > file.records or record.id not in checked.ids:
                raise changed
            yield record, file.path
        if count != file.records:
            raise changed


def _input_files(paths: Iterable[Path]) -> list[InputFile]:
    return [InputFile(file, root, _stamp(file)) for file, root in iter_input_files(paths)]


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError as err:
        raise RecordParseError(f"{path}: cannot be read ({err.strerror or err})") from None
    return stat.st_size, stat.st_mtime_ns


def _checked_records(files: list[InputFile], ids: set[str]) -> Iterator[tuple[Record, int]]:
    """(record, index of its file) for every record of the files, read one at a time, with ids
    checked unique across them all (`ids` collects them)."""
    for i, file in enumerate(files):
        for where, record in user.iter_located_records(file.path, file.root):
            if record.id in ids:
                raise DuplicateRecordId(f"{where}: duplicate id {record.id!r} "
                                        f"(first seen in {_first_seen(files, record.id)})")
            ids.add(record.id)
            yield record, i


def _first_seen(files: list[InputFile], record_id: str) -> str:
    """Where an id first occurs: found again by reading, as only the ids themselves are kept."""
    for file in files:
        for where, record in user.iter_located_records(file.path, file.root):
            if record.id == record_id:
                return where
    return "?"


def check_unique(records: Iterable[Record]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise DuplicateRecordId(f"{record.source}: duplicate id {record.id!r}")
        seen.add(record.id)
