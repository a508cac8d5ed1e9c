"""Keep the index in step with the files and folders it was given (#36).

    sync([folder])        index a file or folder, and remember it: new files added, changed files
                          read again, deleted files' records removed
    update_sources()      the same for every remembered source
    rebuild()             the bundled corpus plus every remembered source, from scratch
    list_sources()        what the index remembers (indexer.sources)

A file is re-read when its size or modification time changed and its content hash too (a file
only touched is not). Each call writes one generation, or none when nothing changed.

A user's record may not take the id of a record from another source (the bundled corpus, another
file): that is refused, naming the file and line, unless the source is given with `replace`.
"""
from __future__ import annotations

import dataclasses
import itertools
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from renkei.corpus import CheckedPaths, InputFile, Skipped, bundled_records, check_paths, locate
from renkei.corpus.glossary import mined_entries
from renkei.corpus.names import candidates, merged as merged_names
from renkei.indexer import store
from renkei.indexer.build import BUNDLED_ORIGIN, IndexStats, Progress, _read_glossaries, _stream, _write, _writing
from renkei.indexer.check import open_whoosh
from renkei.indexer.errors import IdCollision, IndexerError, SourceGone
from renkei.indexer.opening import is_damaged, verified_live
from renkei.indexer.columnar.segment import records_by_id
from renkei.indexer.schema import ID_FIELD, ORIGIN
from renkei.indexer.sources import FileState, Source, file_hash, read_sources, to_json

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Change:
    """One file whose records changed: `what` is "added", "changed" or "removed"."""
    what: str
    path: str
    records: int


@dataclass(frozen=True)
class SyncReport:
    """What a sync, update or rebuild did. `stats` is None when nothing changed (nothing written)."""
    changes: tuple[Change, ...]
    unchanged: int
    skipped: tuple[Skipped, ...]
    gone: tuple[str, ...]            # remembered sources no longer on disk: forgotten, their records removed
    sources: tuple[Source, ...]      # what the index remembers now
    stats: IndexStats | None
    forgotten: tuple[Source, ...] = ()   # rebuild(forget_sources=True)
    unremembered: int = 0            # records a rebuild dropped that came from no remembered source


def list_sources(index_dir: Path | None = None) -> tuple[Source, ...]:
    """The files and folders the index remembers (IndexNotFound without an index)."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    return read_sources(store.live_generation(index_dir))


def sync(paths: Sequence[Path], index_dir: Path | None = None, *, replace: bool = False,
         glossaries: Sequence[Path] = (), progress: Progress | None = None, wait: float = 0.0) -> SyncReport:
    """Index files and folders and remember them; a remembered one is brought in step with the disk.
    A path inside a remembered folder syncs that folder. With no index yet, the new index holds the
    bundled corpus too, as a first search would."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    given = [Path(p) for p in paths]
    for path in given:
        if not path.exists():
            raise SourceGone(f"{path}: no such file or folder")
    entries = _read_glossaries(glossaries)
    _refuse_unreadable(index_dir, given)
    with _writing(index_dir, wait):
        if store.folder_state(index_dir) == store.NEW:
            return _rebuild(index_dir, given, (), replace=replace, bundled=True, entries=entries,
                            progress=progress, procs=None)
        base = verified_live(index_dir)
        remembered = read_sources(base)
        targets, rest, absorbed = _targets(given, remembered, replace)
        return _sync(index_dir, base, targets, rest, {s.path for s in remembered}, absorbed, entries, progress)


def update_sources(index_dir: Path | None = None, *, progress: Progress | None = None,
                   wait: float = 0.0) -> SyncReport:
    """Re-scan every remembered source: new files added, changed ones re-read, deleted ones' records removed."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    with _writing(index_dir, wait):
        base = verified_live(index_dir)
        remembered = read_sources(base)
        return _sync(index_dir, base, list(remembered), [], {s.path for s in remembered}, False, [], progress)


def rebuild(index_dir: Path | None = None, *, paths: Sequence[Path] = (), bundled: bool = True,
            forget_sources: bool = False, replace: bool = False, glossaries: Sequence[Path] = (),
            progress: Progress | None = None, procs: int | None = None, wait: float = 0.0) -> SyncReport:
    """Build the index from scratch: the bundled corpus (unless not `bundled`), every remembered
    source (unless `forget_sources`) and `paths` (remembered from now on)."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    entries = _read_glossaries(glossaries)
    _refuse_unreadable(index_dir, [Path(p) for p in paths])
    with _writing(index_dir, wait):
        remembered: tuple[Source, ...] = ()
        if store.folder_state(index_dir) != store.NEW:
            try:
                remembered = read_sources(store.live_generation(index_dir))
            except IndexerError as err:   # a damaged index is rebuilt without them
                log.warning("the remembered sources cannot be read (%s); rebuilding without them", err)
        forgotten = remembered if forget_sources else ()
        report = _rebuild(index_dir, [Path(p) for p in paths], () if forget_sources else remembered,
                          replace=replace, bundled=bundled, entries=entries, progress=progress, procs=procs,
                          before=remembered)
        return dataclasses.replace(report, forgotten=forgotten)


def _refuse_unreadable(index_dir: Path, given: list[Path]) -> None:
    """Before a first write makes the index folder: files that cannot be read are refused without it
    (NothingToIndex, RecordParseError). With an index, the check under the lock does the same."""
    if given and store.folder_state(index_dir) == store.NEW:
        quiet = logging.getLogger("renkei.corpus.load")   # the check under the lock says what it skips
        was, quiet.disabled = quiet.disabled, True
        try:
            check_paths(given)
        finally:
            quiet.disabled = was


def _targets(given: list[Path], remembered: Iterable[Source],
             replace: bool) -> tuple[list[Source], list[Source], bool]:
    """(sources to sync, remembered sources left as they are, whether a new folder took in
    remembered sources inside it). A path inside a remembered folder stands for that folder."""
    remembered = list(remembered)
    targets: dict[str, Source] = {}
    taken: set[str] = set()
    for path in given:
        resolved = str(path.resolve())
        owner = next((s for s in remembered if s.holds(resolved)), None)
        if owner is not None:
            targets[owner.path] = dataclasses.replace(owner, replace=owner.replace or replace)
            continue
        kind = "folder" if path.is_dir() else "file"
        inside = [s for s in remembered if kind == "folder" and Path(s.path).is_relative_to(resolved)]
        taken |= {s.path for s in inside}
        files = {name: f for s in inside for name, f in s.files.items()}
        targets[resolved] = Source(resolved, kind, replace or any(s.replace for s in inside), files=files)
    rest = [s for s in remembered if s.path not in targets and s.path not in taken]
    return [s for s in targets.values() if s.path not in taken], rest, bool(taken)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _sync(index_dir: Path, base: Path, targets: list[Source], rest: list[Source], remembered: set[str],
          absorbed: bool, entries: list, progress: Progress | None) -> SyncReport:
    changes: list[Change] = []
    skipped: list[Skipped] = []
    gone: list[str] = []
    to_read: list[InputFile] = []
    replacing: dict[str, bool] = {}
    drop: list[str] = []
    checks: list[CheckedPaths] = []
    now_sources: list[Source] = []
    unchanged = 0
    for source in targets:
        old = dict(source.files)
        if not Path(source.path).exists():
            gone.append(source.path)
            log.warning("%s is gone: its records are removed and it is forgotten", source.path)
            for name, state in old.items():
                changes.append(Change("removed", name, len(state.ids)))
                drop.append(name)
            continue
        hashes: dict[str, str] = {}

        def read(path: Path, stamp: tuple[int, int], old: dict[str, FileState] = old,
                 hashes: dict[str, str] = hashes) -> bool:
            name = str(path.resolve())
            state = old.get(name)
            if state is not None and (state.size, state.mtime_ns) == stamp:
                return False
            try:
                hashes[name] = file_hash(path)
            except OSError:
                return True   # reading it says why
            return state is None or state.sha256 != hashes[name]   # touched only: not read again

        checked = check_paths([Path(source.path)], read=read, allow_empty=source.path in remembered)
        checks.append(checked)
        skipped += checked.skipped
        files: dict[str, FileState] = {}
        for item in checked.unread:
            name = str(item.path.resolve())
            files[name] = dataclasses.replace(old[name], size=item.stamp[0], mtime_ns=item.stamp[1])
            unchanged += 1
        for item in checked.files:
            name = str(item.path.resolve())
            files[name] = FileState(name, item.stamp[0], item.stamp[1], hashes.get(name, ""), item.ids)
            changes.append(Change("changed" if name in old else "added", name, len(item.ids)))
            to_read.append(item)
            replacing[name] = source.replace
            drop.append(name)
        for name, state in old.items():
            if name not in files:
                changes.append(Change("removed", name, len(state.ids)))
                drop.append(name)
        now_sources.append(dataclasses.replace(source, files=files, synced_at=_now()))
    sources = tuple(sorted([*rest, *now_sources], key=lambda s: s.path))
    new = any(s.path not in remembered for s in now_sources)
    if not changes and not gone and not new and not absorbed:
        return SyncReport((), unchanged, tuple(skipped), (), sources, None)
    ids = _check_ids(base, to_read, set(drop), replacing)
    subset = CheckedPaths(tuple(to_read), frozenset(ids), tuple(e for c in checks for e in c.mined), (), (),
                          merged_names(*(c.names for c in checks))) if to_read else None
    stream, count, mined, names = _stream(subset, bundled=False)
    stats = _write(index_dir, base=base, records=stream, drop_origins=sorted(set(drop)), drop_ids=(), bundled=None,
                   progress=progress, procs=None, glossary=entries, count=count, mined=mined, names=names,
                   replacing=ids, sources=to_json(sources))
    return SyncReport(tuple(changes), unchanged, tuple(skipped), tuple(gone), sources, stats)


def _check_ids(base: Path, files: list[InputFile], dropped: set[str], replacing: dict[str, bool]) -> list[str]:
    """The ids the files give, after refusing (IdCollision) one that another file of this sync gives
    too, or that a record of the index from elsewhere has, unless that file's source may replace."""
    from whoosh import query as wq

    seen: dict[str, InputFile] = {}
    with open_whoosh(base).searcher() as searcher:
        kept = {n for origin in dropped for n in wq.Term(ORIGIN, origin).docs(searcher)}
        for item in files:
            for record_id in item.ids:
                if record_id in seen:
                    raise IdCollision(f"{locate([item], record_id)}: duplicate id {record_id!r} "
                                      f"(first seen in {locate([seen[record_id]], record_id)})")
                seen[record_id] = item
                if replacing[str(item.path.resolve())]:
                    continue
                docnum = searcher.document_number(**{ID_FIELD: record_id})
                if docnum is not None and docnum not in kept:
                    raise _collision(locate([item], record_id), record_id, _where_from(base, searcher, docnum, record_id))
    return list(seen)


def _collision(where: str, record_id: str, other: str) -> IdCollision:
    return IdCollision(f"{where}: id {record_id!r} is already in the index from {other}; "
                       f"give the record another id, or pass --replace to replace that one")


def _where_from(generation: Path, searcher, docnum: int, record_id: str) -> str:
    """The source of an indexed record, as a user names it."""
    from whoosh import query as wq
    if docnum in set(wq.Term(ORIGIN, BUNDLED_ORIGIN).docs(searcher)):
        return "the bundled corpus"
    data = json.loads(records_by_id(generation, [record_id])[0] or "{}")
    return data.get("path") or data.get("source") or "records added in code"


def _rebuild(index_dir: Path, given: list[Path], keep: Sequence[Source], *, replace: bool, bundled: bool,
             entries: list, progress: Progress | None, procs: int | None,
             before: Sequence[Source] = ()) -> SyncReport:
    targets, rest, _ = _targets(given, keep, replace)
    sources = [*rest, *targets]
    gone = [s.path for s in sources if not Path(s.path).exists()]
    for path in gone:
        log.warning("%s is gone: it is forgotten", path)
    sources = [s for s in sources if s.path not in gone]
    checked = check_paths([Path(s.path) for s in sources], allow_empty=not given) if sources else None
    owner = {}
    for item in checked.files if checked else ():
        name = str(item.path.resolve())
        owner[name] = next(s for s in sources if s.holds(name))
    shipped = bundled_records() if bundled else []
    shipped_ids = {r.id: r for r in shipped}
    claimed: set[str] = set()
    for item in checked.files if checked else ():
        for record_id in item.ids:
            if record_id in shipped_ids:
                if not owner[str(item.path.resolve())].replace:
                    raise _collision(locate([item], record_id), record_id, "the bundled corpus")
                claimed.add(record_id)
    shipped = [r for r in shipped if r.id not in claimed]
    if not shipped and not (checked and checked.files):
        raise IndexerError("Nothing to index: no bundled corpus and no files given")
    unremembered = _unremembered(index_dir, before, keep)
    files: dict[str, dict[str, FileState]] = {s.path: {} for s in sources}
    for item in checked.files if checked else ():
        name = str(item.path.resolve())
        files[owner[name].path][name] = FileState(name, item.stamp[0], item.stamp[1], file_hash(item.path), item.ids)
    now = tuple(sorted((dataclasses.replace(s, files=files[s.path], synced_at=_now()) for s in sources),
                       key=lambda s: s.path))
    users, count, mined, names = _stream(checked, bundled=False)
    stream = itertools.chain(((r, BUNDLED_ORIGIN) for r in shipped), users)
    stats = _write(index_dir, base=None, records=stream, drop_origins=(), drop_ids=(), bundled=bundled,
                   progress=progress, procs=procs, glossary=entries, replacing_damaged=is_damaged(index_dir),
                   count=count + len(shipped), mined=[*mined_entries(shipped), *mined],
                   names=merged_names(candidates(shipped), names), sources=to_json(now))
    changes = tuple(Change("added", name, len(f.ids)) for s in now for name, f in s.files.items())
    return SyncReport(changes, 0, checked.skipped if checked else (), tuple(gone), now, stats,
                      unremembered=unremembered)


def _unremembered(index_dir: Path, before: Sequence[Source], keep: Sequence[Source]) -> int:
    """How many records of the live index a rebuild keeping `keep` drops (none of the bundled ones):
    those of forgotten sources, and those indexed before renkei remembered sources or added in code."""
    from whoosh import query as wq
    try:
        live = store.live_generation(index_dir)
        with open_whoosh(live).searcher() as searcher:
            bundled = len(list(wq.Term(ORIGIN, BUNDLED_ORIGIN).docs(searcher)))
            total = searcher.doc_count()
    except Exception:   # noqa: BLE001 (no index, or a damaged one: nothing to say about it)
        return 0
    kept = sum(s.records for s in keep)
    return max(total - bundled - kept, 0)


__all__ = ["Change", "SyncReport", "list_sources", "rebuild", "sync", "update_sources"]
