"""Writing whoosh segments fast: one build's records in several processes, each doing the whole work
for its share, and whoosh's segment writer without its slowest per-posting steps.

whoosh's own parallel writer analyses every document in the parent and pickles it to its workers,
so the parent (MeCab, the fast postings, pickling) was the bottleneck of a build (profiled at 10k
records: the parent busy 12 s of 14). Here each worker process takes a contiguous share of the
records and does everything for it: the whoosh document, the analysis, a whoosh segment of its
own and fast segments of its own (one every fastindex.FLUSH_TOKENS tokens, so that its memory
stays bounded). The parent only starts them and, at the end, lists their segments in whoosh's
table of contents and in the fast manifest, in input order.

Workers are forked, so the schema and glossary are shared, never pickled, and each iterates its
own copy of the records (a list, or a stream read from files) to its share.
"""
from __future__ import annotations

import itertools
import os
import queue as queue_module
import re
import shutil
import traceback
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from whoosh.codec.whoosh3 import W3Codec, _lenfield
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from . import fastindex, store
from .analysis import Analysed, _BaseTokenizer
from .schema import BODY, NAMES

_PROGRESS_EVERY = 50
_FAST_SEGMENT = re.compile(r"s\d{6}\Z")


def copy_generation(base: Path, generation: Path) -> None:
    """Copy the live generation's files into a new one; not its markers (the copy is unpublished).
    Files never written to again are hard-linked (an add costs what it adds, not a 250 MB copy):
    whoosh's compound segments (deletions go in its table of contents) and fast segments' arrays."""
    def copy(src: str, dst: str) -> str:
        path = Path(src)
        if path.suffix == ".seg" or _FAST_SEGMENT.match(path.parent.name):
            try:
                os.link(src, dst)
                return dst
            except OSError:
                pass   # a file system without hard links: copy
        return shutil.copy2(src, dst)
    shutil.copytree(base, generation, dirs_exist_ok=True, copy_function=copy,
                    ignore=shutil.ignore_patterns(store.PUBLISHED, store.GENERATION_MARKER))


_LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]


class FastSegmentWriter(SegmentWriter):
    """whoosh's segment writer, writing the same postings with less work:
    - a value the indexer already analysed (analysis.Analysed) becomes postings straight from its
      tokens, instead of through one whoosh Token per word and the format's generic loop (~12 %
      of a build, profiled);
    - the field lengths read back while writing postings are held in memory: whoosh looks up each
      posting's field length through a column reader, and for a field without lengths (IDs,
      numbers) asks the file system on every posting whether the column exists (~20 % of
      writing the postings)."""

    def __init__(self, ix, *args, limitmb: int = 128, **kwargs) -> None:
        super().__init__(ix, *args, limitmb=limitmb, **kwargs)
        self.pool = _TermPool(self.pool, limitmb)

    def add_document(self, **fields):
        schema = self.schema
        self.schema = _PreAnalysedSchema(schema)   # only while adding: the table of contents keeps the real one
        try:
            super().add_document(**fields)
        finally:
            self.schema = schema

    def per_document_reader(self):
        return _LengthsInMemory(super().per_document_reader(), self.storage, self.get_segment())


class _TermPool:
    """whoosh's posting pool, held in memory by term: the postings of one segment arrive term by
    term in document order, so they need grouping, not whoosh's sort of every posting (pickled to
    sorted runs on disk and merged back, ~30 % of writing a segment, bench.buildcost). Each term
    keeps compact arrays (document numbers, weights, its encoded values in one byte string). Past
    twice `limitmb` (a flush of fastindex.FLUSH_TOKENS tokens of ordinary text is ~110 MB), or for
    postings out of document order (as a merge could give), everything goes to whoosh's own pool,
    which sorts to disk as before."""

    def __init__(self, spill, limitmb: int) -> None:
        self._spill = spill                     # whoosh's PostingPool
        self._limit = 2 * limitmb * 1024 * 1024
        self._size = 0
        self._terms: dict[tuple[str, bytes], tuple[array, array, bytearray, array]] | None = {}
        self.fieldnames = spill.fieldnames

    def add(self, item) -> None:
        terms = self._terms
        if terms is None:
            self._spill.add(item)
            return
        fieldname, text, docnum, weight, value = item
        found = terms.get((fieldname, text))
        if found is None:
            found = terms[(fieldname, text)] = (array("I"), array("d"), bytearray(), array("I", [0]))
            self.fieldnames.add(fieldname)
            self._size += 500 + len(text)   # the key, the arrays and their dict entry
        elif found[0][-1] >= docnum:
            self._to_spill()
            self._spill.add(item)
            return
        found[0].append(docnum)
        found[1].append(weight)
        if value:
            found[2].extend(value)
        found[3].append(len(found[2]))
        self._size += 16 + len(value or b"")
        if self._size > self._limit:
            self._to_spill()

    def _to_spill(self) -> None:
        for item in self._items():
            self._spill.add(item)
        self._terms = None

    def _items(self):
        for (fieldname, text), (docnums, weights, values, ends) in sorted(self._terms.items()):
            for i, docnum in enumerate(docnums):
                yield fieldname, text, docnum, weights[i], bytes(values[ends[i]:ends[i + 1]]) or None

    def iter_postings(self):
        return self._spill.iter_postings() if self._terms is None else self._items()

    def cleanup(self) -> None:
        """Called when the segment is written: its postings are let go at once (the writer object
        lives on to the end of the write, through the dictionary step's fork)."""
        self._terms, self._size = {}, 0
        self._spill.cleanup()

    def save(self) -> None:
        if self._terms is None:
            self._spill.save()


class _PreAnalysedSchema:
    def __init__(self, schema) -> None:
        self._schema = schema

    def __getitem__(self, name: str):
        field = self._schema[name]
        fmt = type(field.format)
        if (fmt is Positions or fmt is Frequency) and isinstance(field.analyzer, _BaseTokenizer) \
                and not field.vector and not field.separate_spelling():
            return _PreAnalysedField(field)
        return field

    def __contains__(self, name: str) -> bool:
        return name in self._schema

    def __getattr__(self, name: str) -> Any:
        return getattr(self._schema, name)


class _PreAnalysedField:
    """A text field whose index() reads an Analysed value's tokens (term, position, start, end) and
    gives what whoosh's Positions/Frequency.word_values give for them: each term's frequency,
    weight (frequency x field boost: every token's boost is 1) and encoded value."""

    def __init__(self, field) -> None:
        self._field = field

    def index(self, value, **kwargs):
        if not isinstance(value, Analysed):
            return self._field.index(value, **kwargs)
        fmt = self._field.format
        boost = fmt.field_boost
        if type(fmt) is Positions:
            positions: dict[str, list[int]] = {}
            for token in value.tokens:
                found = positions.get(token[0])
                if found is None:
                    positions[token[0]] = [token[1]]
                else:
                    found.append(token[1])
            encode = fmt.encode
            return [(term.encode("utf-8"), len(ps), float(len(ps)) * boost, encode(ps))
                    for term, ps in positions.items()]
        counts: dict[str, int] = {}
        for token in value.tokens:
            counts[token[0]] = counts.get(token[0], 0) + 1
        return [(term.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for term, n in counts.items()]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._field, name)


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
    generation/fast), the terms of the names and body fields (the vocabulary the index's
    dictionary is chosen by), and what `add` put in each process's `notes`, merged in order."""
    segments: list
    parts: list[str]
    terms: set[str]
    notes: dict


def write_shares(ix, generation: Path, items: Iterable, count: int, procs: int, add: Callable[..., None],
                 progress: Callable[[int, int], None] | None, limitmb: int) -> Shares:
    """Write the `count` items in `procs` forked processes, each a contiguous share:
    `add(item, writer, fast, notes)` puts one item into that process's whoosh writer and fast
    segment builder. Each process iterates its own copy of `items` to its share, so a stream
    (records read from files as they are written) is never held whole in memory."""
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
                  set().union(*(results[k][2] for k in range(procs))), notes)


def _work(ix, items, start, end, k, fast_dir, add, messages, limitmb) -> None:
    _die_with_parent()
    try:
        writer: FastSegmentWriter | None = FastSegmentWriter(ix, _lk=False, limitmb=limitmb)
        fast = fastindex.SegmentBuilder()
        notes: dict = {}
        names: list[str] = []      # numbered in order by fastindex.write_generation
        segments: list = []        # whoosh segments, in order
        terms: set[str] = set()
        done = 0

        def flush() -> None:
            # A fast segment and a whoosh segment every FLUSH_TOKENS tokens: what the process holds
            # in memory stays bounded, and so do whoosh's sorted runs on disk (they are all of a
            # segment's postings until the segment is written).
            terms.update(fast.terms(NAMES), fast.terms(BODY))
            names.append(f"part{k:02d}-{len(names):05d}")
            fast.write(fast_dir / names[-1])
            segments.append(writer._finalize_segment())

        for item in itertools.islice(items, start, end):
            if writer is None:
                writer = FastSegmentWriter(ix, _lk=False, limitmb=limitmb)
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
        messages.put(("done", k, (segments, names, terms, notes)))
    except BaseException as err:   # the parent re-raises it (a typed error stays typed)
        try:
            messages.put(("error", k, (err, traceback.format_exc())))
        except Exception:
            messages.put(("error", k, (RuntimeError(str(err)), traceback.format_exc())))
    finally:
        messages.close()
        messages.join_thread()
