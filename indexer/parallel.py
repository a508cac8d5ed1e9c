"""Writing one build's records with several processes, each doing the whole work for its share.

whoosh's own parallel writer analyses every document in the parent and pickles it to its workers,
so the parent (MeCab, the fast postings, pickling) was the bottleneck of a build (profiled at 10k
records: the parent busy 12 s of 14). Here each worker process takes a contiguous share of the
records and does everything for it: the whoosh document, the analysis, a whoosh segment of its
own and a fast segment of its own. The parent only starts them and, at the end, lists their
segments in whoosh's table of contents and in the fast manifest, in input order.

Workers are forked, so the records, schema and glossary are shared, never pickled.
"""
from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import traceback
from pathlib import Path
from typing import Any, Callable, Sequence

from whoosh.codec.whoosh3 import W3Codec, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from . import fastindex

_PROGRESS_EVERY = 50
_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]


class FastSegmentWriter(SegmentWriter):
    """whoosh's segment writer, with the field lengths it reads back while writing postings held
    in memory. whoosh looks up each posting's field length through a column reader, and for a
    field without lengths (IDs, numbers) asks the file system on *every* posting whether the
    column exists: ~20 % of writing the postings (profiled). The postings written are the same."""

    def per_document_reader(self):
        return _LengthsInMemory(super().per_document_reader(), self.storage, self.get_segment())


class _LengthsInMemory:
    def __init__(self, reader, storage, segment) -> None:
        self._reader, self._storage, self._segment = reader, storage, segment
        self._lengths: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        data = self._lengths.get(fieldname, b"")
        if data == b"":
            data = self._lengths[fieldname] = self._load(fieldname)
        if data is None:
            return default
        # As whoosh: a length byte of 0 (or a document past the column's end) gives None.
        return _LENGTHS[data[docnum]] if docnum < len(data) else None

    def _load(self, fieldname: str) -> bytes | None:
        name = W3Codec.column_filename(self._segment, _lenfield(fieldname))
        if not self._storage.file_exists(name):
            return None
        with self._storage.open_file(name) as handle:
            return bytes(handle.read())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def _die_with_parent() -> None:
    """Die when the writer dies (Linux), instead of writing on for nobody: `kill -9` of a parallel
    rebuild must not leave orphaned workers."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def commit_segments(ix, segments: list) -> None:
    """Add finished segments to the index's table of contents, as whoosh's MpWriter does."""
    writer = SegmentWriter(ix)
    try:
        existing = writer._merge_segments(None, None, False)
        writer._close_segment()
        writer._commit_toc(existing + segments)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()


def worker_count(records: int, procs: int | None, threshold: int) -> int:
    if procs is not None:
        return max(1, min(procs, records or 1))
    return min(os.cpu_count() or 1, 4) if records >= threshold else 1


def write_shares(ix, generation: Path, items: Sequence, procs: int, add: Callable[[Any, Any, Any], None],
                 progress: Callable[[int, int], None] | None, limitmb: int) -> tuple[list, list[str]]:
    """Write `items` in `procs` forked processes, each a contiguous share: `add(item, writer, fast)`
    puts one item into that process's whoosh writer and fast segment builder. Returns the whoosh
    segments and the fast segment names (written under generation/fast), in input order."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    bounds = [len(items) * k // procs for k in range(procs + 1)]
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
        while len(results) < procs:
            try:
                kind, k, payload = messages.get(timeout=0.5)
            except queue_module.Empty:
                dead = [p for p in workers if p.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"an indexing process stopped (exit code {dead[0].exitcode})") from None
                continue
            if kind == "progress":
                if progress:
                    progress(payload, len(items))
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
    segments = [results[k][0] for k in range(procs) if results[k][0] is not None]
    names = [results[k][1] for k in range(procs) if results[k][1] is not None]
    return segments, names


def _work(ix, items, start, end, k, fast_dir, add, messages, limitmb) -> None:
    _die_with_parent()
    try:
        writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb)
        fast = fastindex.SegmentBuilder()
        done = 0
        for i in range(start, end):
            add(items[i], writer, fast)
            done += 1
            if done % _PROGRESS_EVERY == 0:
                messages.put(("progress", k, _PROGRESS_EVERY))
        if done % _PROGRESS_EVERY:
            messages.put(("progress", k, done % _PROGRESS_EVERY))
        if done:
            segment = writer._finalize_segment()
            name = f"part{k:02d}"      # numbered in order by fastindex.write_generation
            fast.write(fast_dir / name)
        else:
            writer.cancel()
            segment = name = None
        messages.put(("done", k, (segment, name)))
    except BaseException as err:   # the parent re-raises it (a typed error stays typed)
        try:
            messages.put(("error", k, (err, traceback.format_exc())))
        except Exception:
            messages.put(("error", k, (RuntimeError(str(err)), traceback.format_exc())))
    finally:
        messages.close()
        messages.join_thread()
