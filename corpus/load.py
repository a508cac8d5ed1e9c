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
from typing import AbstractSet, Callable, Iterable, Iterator

from renkei.corpus import data_files
from renkei.corpus.documents import files as user, keio, kyoto, utokyo
from renkei.corpus.errors import CorpusError, DuplicateRecordId, NothingToIndex, RecordParseError
from renkei.corpus.glossary import Entry, mined_entries
from renkei.corpus.names import NameCandidates, NameCollector
from renkei.corpus.pairs import SameDayPairs
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


@dataclass(frozen=True)
class Skipped:
    """A file in a folder that was not read, and why (one line naming the file)."""
    path: Path
    reason: str


def iter_input_files(paths: Iterable[Path], skipped: list[Skipped] | None = None) -> list[tuple[Path, Path | None]]:
    """(file, root folder or None) for every file of a type renkei reads under the given paths,
    sorted; a file reached twice (named and in a named folder, or through a link) is read once.
    A folder's files of other types are added to `skipped` (hidden files and folders are not)."""
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
                if not file.is_file() or hidden:
                    continue
                if file.suffix.lower() not in user.SUFFIXES:
                    if skipped is not None:
                        skipped.append(Skipped(file, str(user.unsupported(file)).split(";")[0]))
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
    return list(iter_paths_with_files(check_paths(paths)))


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it was found, and what the check saw in it."""
    path: Path
    root: Path | None         # the folder a user named, if the file was found in one
    stamp: tuple[int, int]    # (size, modification time): a file changed after the check is refused
    records: int = 0
    ids: tuple[str, ...] = ()  # its records' ids, in file order (the index remembers them per file, #36)


@dataclass(frozen=True)
class CheckedPaths:
    """The result of check_paths: the files and the ids of every record in them, no records."""
    files: tuple[InputFile, ...]
    ids: AbstractSet[str]
    # The glossary pairs the records give themselves (glossary.mined_entries), gathered while
    # checking: an index needs them before it writes the first record.
    mined: tuple[Entry, ...] = ()
    # Files of a folder that were not read, with the reason (#36): a bad file in a folder is
    # skipped, one named on its own is an error.
    skipped: tuple[Skipped, ...] = ()
    # (file, note): what reading noticed, e.g. the encoding, or how a sheet's header was read
    notes: tuple[tuple[Path, str], ...] = ()
    names: NameCandidates = NameCandidates((), (), (), (), ())   # corpus.names: for crossing languages
    # Files found but not read, as check_paths' `read` chose (a sync reads only changed files, #36).
    unread: tuple[InputFile, ...] = ()

    @property
    def records(self) -> int:
        return len(self.ids)

    @property
    def origins(self) -> list[str]:
        """The resolved path of each file (what a re-added file's old records are found by)."""
        return [str(f.path.resolve()) for f in self.files]


def check_paths(paths: Iterable[Path], progress: Callable[[int, int], None] | None = None, *,
                read: Callable[[Path, tuple[int, int]], bool] | None = None,
                allow_empty: bool = False) -> CheckedPaths:
    """Read and check every record of users' files and folders (one pass, a line at a time),
    keeping only ids. A file named on its own that cannot be read raises (file and line) before
    anything is written; one found in a folder is skipped with a warning naming it and why, and
    the rest are read. Raises NothingToIndex when no file could be read (unless `allow_empty`).
    `progress(files done, files in all)` is called after each file. With `read`, only the files
    for which `read(path, (size, mtime))` is true are read; the others are listed in `unread`."""
    paths = [Path(p) for p in paths]
    skipped: list[Skipped] = []
    listed = iter_input_files(paths, skipped)
    for item in skipped:
        log.warning("skipped %s", item.reason)
    files: list[InputFile] = []
    ids: set[str] = set()
    mined: list[Entry] = []
    notes: list[tuple[Path, str]] = []
    names = NameCollector()
    days = SameDayPairs()
    unread: list[InputFile] = []
    for done, (path, root) in enumerate(listed, 1):
        if read is not None:
            stamp = _stamp(path)
            if not read(path, stamp):
                unread.append(InputFile(path, root, stamp))
                continue
        file_ids: dict[str, None] = {}
        file_mined: list[Entry] = []
        file_names = NameCollector()
        file_days = SameDayPairs()
        file_notes: list[str] = []
        try:
            stamp = _stamp(path)
            for where, record in user.iter_located_records(path, root, file_notes):
                if record.id in ids or record.id in file_ids:
                    first = _first_seen([*files, InputFile(path, root, stamp)], record.id)
                    raise DuplicateRecordId(f"{where}: duplicate id {record.id!r} (first seen in {first})")
                file_ids[record.id] = None
                file_mined += mined_entries((record,))
                file_names.add(record)
                file_days.add(record)
        except DuplicateRecordId:
            raise
        except CorpusError as err:
            if root is None:
                raise
            reason = str(err).splitlines()[0] if str(err) else f"{path}: {type(err).__name__}"
            skipped.append(Skipped(path, reason))
            log.warning("skipped %s", reason)
            continue
        finally:
            if progress:
                progress(done, len(listed))
        for note in file_notes:
            log.info("%s: %s", path, note)
        notes += [(path, note) for note in file_notes]
        ids.update(file_ids)
        mined += file_mined
        names.absorb(file_names)
        days.absorb(file_days)
        files.append(InputFile(path, root, stamp, len(file_ids), tuple(file_ids)))
    if paths and not files and not unread and not allow_empty:
        named = ", ".join(str(p) for p in paths[:3]) + (", ..." if len(paths) > 3 else "")
        shown = ", ".join(s.path.name for s in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        raise NothingToIndex(f"{named}: no file renkei can read" + (f" ({len(skipped)} skipped: {shown})" if skipped
                             else f"; renkei reads {', '.join(user.SUFFIXES)}"))
    mined += days.entries()
    return CheckedPaths(tuple(files), ids, tuple(mined), tuple(skipped), tuple(notes), names.result(), tuple(unread))


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


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError as err:
        raise RecordParseError(f"{path}: cannot be read ({err.strerror or err})") from None
    return stat.st_size, stat.st_mtime_ns


def locate(files: Iterable[InputFile], record_id: str) -> str:
    """'file:line' of the record with this id in these files, or '?'."""
    return _first_seen(list(files), record_id)


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
