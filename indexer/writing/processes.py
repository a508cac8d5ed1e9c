"""Writing whoosh segments fast: one build's records in several processes, each doing the whole work
for its share, and whoosh's segment writer without its slowest per-posting steps.

whoosh's own parallel writer analyses every document in the parent and pickles it to its workers,
so the parent (MeCab, the fast postings, pickling) was the bottleneck of a build (profiled at 10k
records: the parent busy 12 s of 14). Here each worker process takes a contiguous share of the
records and does everything for it: the whoosh document, the analysis, a whoosh segment of its
own and fast segments of its own (one every fastindex.FLUSH_TOKENS tokens, so that its memory
stays bounded). The parent only starts them and, at the end, lists their segments in whoosh's
table of contents and in the fast manifest, in input order. A large add is shared out the same
way (build.PARALLEL_THRESHOLD records and up): its parent alone marks the base's replaced and
removed records deleted, then commits the base's segments and the workers' together, once.

Workers are forked, so the schema and glossary are shared, never pickled, and each iterates its
own copy of the records (a list, or a stream read from files) to its share.
"""
from __future__ import annotations

import errno
import itertools
import logging
import os
import queue as queue_module
import re
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from whoosh.writing import SegmentWriter

from renkei.errors import os_reason
from renkei.indexer.columnar import segment as fastindex
from renkei.indexer import store
from renkei.indexer.errors import IndexWriteError
from renkei.indexer.schema import BODY, NAMES
from renkei.indexer.writing.segments import FastSegmentWriter

_PROGRESS_EVERY = 50
_FAST_SEGMENT = re.compile(r"s\d{6}\Z")
log = logging.getLogger(__name__)


def copy_generation(base: Path, generation: Path) -> None:
    """Copy the live generation's files into a new one; not its markers (the copy is unpublished).
    Files never written to again are hard-linked (an add costs what it adds, not a 250 MB copy):
    whoosh's compound segments (deletions go in its table of contents) and fast segments' arrays.

    renkei never writes a symbolic link: one found in a generation was planted, and is neither
    followed nor copied (a dangling one would fail every write). A copy that fails raises the first
    file's OSError itself (its errno and reason), not copytree's list of every file that failed."""
    failures: list[OSError] = []

    def copy(src: str, dst: str) -> str:
        path = Path(src)
        try:
            if path.suffix == ".seg" or _FAST_SEGMENT.match(path.parent.name):
                try:
                    os.link(src, dst)
                    return dst
                except OSError:
                    pass   # a file system without hard links: copy
            return shutil.copy2(src, dst)
        except OSError as err:
            failures.append(err)
            raise

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in (store.PUBLISHED, store.GENERATION_MARKER)}
        for name in names:
            if os.path.islink(os.path.join(folder, name)):
                log.warning("skipped %s: a symbolic link, which renkei never writes in an index",
                            os.path.join(folder, name))
                skipped.add(name)
        return skipped

    try:
        shutil.copytree(base, generation, dirs_exist_ok=True, copy_function=copy, ignore=ignore)
    except shutil.Error as err:
        raise (failures[0] if failures else OSError(errno.EIO, os_reason(err))) from None


def _die_with_parent() -> None:
    """Die when the writer dies (Linux), instead of writing on for nobody: `kill -9` of a parallel
    rebuild must not leave orphaned workers."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def commit_segments(ix, segments: list, writer: SegmentWriter | None = None) -> None:
    """Add finished segments to the index's table of contents, as whoosh's MpWriter does; with
    `writer`, after the index's own segments as that writer left them (the deletions of an add)."""
    writer = writer or SegmentWriter(ix)
    try:
        existing = writer._merge_segments(None, None, False)
        writer._close_segment()
        writer._commit_toc(existing + segments)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()


def can_fork() -> bool:
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """Processes to share CPU work with: one per core, at most 4; one where none can be forked."""
    return min(os.cpu_count() or 1, 4) if can_fork() else 1


def worker_count(records: int, procs: int | None, threshold: int) -> int:
    """How many processes write `records`: `procs` if given, else one per core from `threshold`
    records on."""
    if not can_fork():
        return 1
    if procs is not None:
        return max(1, min(procs, records or 1))
    return cores() if records >= threshold else 1


@dataclass
class Shares:
    """What the processes wrote, in input order: whoosh segments, fast segment folders (under
    generation/fast), the terms of the names and body fields by field (the vocabulary the index's
    dictionary is chosen by), what `add` put in each process's `notes`, merged in order, and the
    ids of the records written (the rows of an add's base that they replace)."""
    segments: list
    parts: list[str]
    words: dict[str, set[str]]
    notes: dict
    ids: list[str]
    aside: Any = None   # what `meanwhile` gave

    @property
    def terms(self) -> set[str]:
        """The names and body terms in one set."""
        return set().union(*self.words.values())


def write_shares(ix, generation: Path, items: Iterable, count: int, procs: int, add: Callable[..., None],
                 progress: Callable[[int, int], None] | None, limitmb: int,
                 meanwhile: Callable[[], Any] | None = None) -> Shares:
    """Write the `count` items in `procs` forked processes, each a contiguous share:
    `add(item, writer, fast, notes)` puts one item into that process's whoosh writer and fast
    segment builder. Each process iterates its own copy of `items` to its share, so a stream
    (records read from files as they are written) is never held whole in memory. `meanwhile()`
    runs in this process while they write (its result is the Shares' `aside`)."""
    import multiprocessing   # here: a searching process never needs it (start-up time)
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    bounds = [count * k // procs for k in range(procs + 1)]
    fast_dir = generation / fastindex.FAST_DIR
    fast_dir.mkdir(exist_ok=True)
    workers = []
    for k in range(procs):
        process = context.Process(target=_work, daemon=True,
                                  args=(ix, items, bounds[k], bounds[k + 1], k, fast_dir, add, messages, limitmb))
        process.start()
        workers.append(process)
    results: dict[int, tuple] = {}
    try:
        aside = meanwhile() if meanwhile else None
        while len(results) < procs:
            try:
                kind, k, payload = messages.get(timeout=0.5)
            except queue_module.Empty:
                dead = [p for p in workers if p.exitcode not in (None, 0)]
                if dead:
                    code = dead[0].exitcode
                    how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
                    raise IndexWriteError(f"An indexing process stopped ({how}) before it finished: "
                                          f"the index was not changed. Run the command again.") from None
                continue
            if kind == "progress":
                if progress:
                    progress(payload, count)
            elif kind == "error":
                error, trace = payload
                raise error from RuntimeError(trace)
            else:
                results[k] = payload
        for process in workers:
            process.join()
    finally:
        for process in workers:
            if process.is_alive():
                process.kill()
                process.join()
    notes: dict = {}
    for k in range(procs):
        for name, values in results[k][3].items():
            notes.setdefault(name, {}).update(values)
    return Shares([segment for k in range(procs) for segment in results[k][0]],
                  [name for k in range(procs) for name in results[k][1]],
                  {field: set().union(*(results[k][2][field] for k in range(procs))) for field in (NAMES, BODY)},
                  notes, [i for k in range(procs) for i in results[k][4]], aside)


def _work(ix, items, start, end, k, fast_dir, add, messages, limitmb) -> None:
    _die_with_parent()
    try:
        fast = fastindex.SegmentBuilder()
        writer: FastSegmentWriter | None = FastSegmentWriter(ix, _lk=False, limitmb=limitmb, fast=fast)
        notes: dict = {}
        names: list[str] = []      # numbered in order by columnar.write.write_generation
        segments: list = []        # whoosh segments, in order
        words: dict[str, set[str]] = {NAMES: set(), BODY: set()}
        ids: list[str] = []
        done = 0

        def flush() -> None:
            # A fast segment and a whoosh segment every FLUSH_TOKENS tokens: what the process holds
            # in memory stays bounded, and so do whoosh's sorted runs on disk (they are all of a
            # segment's postings until the segment is written).
            for field in words:
                words[field].update(fast.terms(field))
            ids.extend(fast.ids)
            names.append(f"part{k:02d}-{len(names):05d}")
            fast.write(fast_dir / names[-1])
            segments.append(writer._finalize_segment())

        for item in itertools.islice(items, start, end):
            if writer is None:
                writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb, fast=fast)
            add(item, writer, fast, notes)
            done += 1
            if done % _PROGRESS_EVERY == 0:
                messages.put(("progress", k, _PROGRESS_EVERY))
            if fast.full():
                flush()
                fast, writer = fastindex.SegmentBuilder(), None   # the next writer when there is more
        if done % _PROGRESS_EVERY:
            messages.put(("progress", k, done % _PROGRESS_EVERY))
        if len(fast):
            flush()
        elif writer is not None and not done:
            writer._close_segment()   # not cancel(): that removes the temporary folder the others use
        messages.put(("done", k, (segments, names, words, notes, ids)))
    except BaseException as err:   # the parent re-raises it (a typed error stays typed)
        try:
            messages.put(("error", k, (err, traceback.format_exc())))
        except Exception:
            messages.put(("error", k, (RuntimeError(str(err)), traceback.format_exc())))
    finally:
        messages.close()
        messages.join_thread()
