"""Keeping the number of fast segments small: every write adds one (a large build one every
fastindex.FLUSH_TOKENS tokens per writer process), and a query looks each of its terms up in every
segment. Past MAX_SEGMENTS, the small segments (each under a tenth of the rows) become one, without
their deleted rows; the big ones stay as they are (hard-linked from generation to generation), so
an add stays cheap.

The merge streams: it holds the rows' ids and per-row numbers and one field's vocabulary at a
time, and reads and writes postings a bounded piece at a time (terms in order: a term's postings
are its postings in each segment, one after the other), so merging a million records' segments
costs memory for their ids and vocabulary, not for their tokens.
"""
from __future__ import annotations

import heapq
import json
import shutil
from array import array
from pathlib import Path
from typing import Iterator

import numpy as np

from renkei.indexer.columnar.blobs import RECORD_STARTS, RECORDS, read_dictionaries, write_dictionaries, write_records
from renkei.indexer.columnar.segment import CHAR_FILES, CHARS, KEYWORD, POSITIONAL, TEXT, FastSegment, narrow

MAX_SEGMENTS = 8
CHUNK = 1 << 20     # postings read and written per step of a merge


def compact(fast: Path, names: list[str], next_name: str, new: bool = False) -> list[str]:
    """The segment names of the fast folder after merging its small segments into `next_name`
    (when there are more than MAX_SEGMENTS); the merged segments' files are removed. A `new`
    index's segments all become one: the fewer segments, the faster a query (4 segments instead of
    2 cost 20 % of the p50 latency at 100,000 records), for a second or two of the build."""
    if len(names) <= (1 if new else MAX_SEGMENTS):
        return names
    segments = [_open(fast, name) for name in names]
    total = sum(s.size for s in segments)
    small = [(n, s) for n, s in zip(names, segments) if new or s.size * 10 < total]
    if len(small) < 2:
        return names
    write_merged([s for _, s in small], fast / next_name)
    for name, _ in small:
        shutil.rmtree(fast / name)
        (fast / f"{name}.deleted.npy").unlink(missing_ok=True)
    gone = {n for n, _ in small}
    return [n for n in names if n not in gone] + [next_name]


def _open(fast: Path, name: str) -> FastSegment:
    deleted = fast / f"{name}.deleted.npy"
    return FastSegment(fast / name, np.load(deleted) if deleted.is_file() else None)


def write_merged(segments: list[FastSegment], path: Path) -> None:
    """Write the live rows of `segments`, in order, as one segment at `path`: the files a
    SegmentBuilder given those rows would write."""
    path.mkdir(parents=True)
    lives = [~np.asarray(seg.deleted, dtype=bool) for seg in segments]
    kept = [np.flatnonzero(live) for live in lives]
    new_rows, offset = [], 0
    for live in lives:   # a live row's number in the merged segment
        new_rows.append(np.cumsum(live, dtype=np.int64) - 1 + offset)
        offset += int(live.sum())
    rows = {"ids": [seg.ids[i] for seg, k in zip(segments, kept) for i in k.tolist()],
            "origins": [seg.origins[i] for seg, k in zip(segments, kept) for i in k.tolist()]}
    with open(path / "rows.json", "w", encoding="utf-8") as f:
        json.dump(rows, f, ensure_ascii=False)   # a piece at a time, not one string of them all
    del rows
    keys = {}
    for field in KEYWORD:
        used = [np.asarray(seg.codes(field))[k] for seg, k in zip(segments, kept)]
        values = sorted({seg.keys[field][c] for seg, u in zip(segments, used) for c in np.unique(u).tolist()})
        index = {v: i for i, v in enumerate(values)}
        codes = [np.array([index.get(v, -1) for v in seg.keys[field]] or [0], dtype=np.int32)[u]
                 for seg, u in zip(segments, used)]
        np.save(path / f"{field}.codes.npy", narrow(np.concatenate(codes).astype(np.int32)))
        keys[field] = values
    (path / "keys.json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
    for name in ("year", "date"):
        np.save(path / f"{name}.npy", np.concatenate([np.asarray(getattr(s, name))[k] for s, k in zip(segments, kept)])
                .astype(np.int32))
    if all(seg.records is not None for seg in segments):   # else the merged rows are read from whoosh
        _merge_records(segments, lives, path)
    for field in TEXT:
        _merge_field(path, field, [_read_field(seg, field) for seg in segments], lives, kept, new_rows)


def _merge_records(segments: list[FastSegment], lives: list[np.ndarray], path: Path) -> None:
    """The live rows' records, a CHUNK of bytes at a time (as blobs.write_records writes them),
    each kept as its segment compressed it, with the dictionaries the live rows use. When those
    dictionaries would outweigh half the records (the merge of many small writes: each is up to
    32 KiB), the records are compressed again instead, with one dictionary of their own."""
    dictionaries, per_row = _merged_dictionaries(segments, lives)
    lengths = [np.diff(np.load(seg.path / RECORD_STARTS)) for seg in segments]
    kept = np.concatenate([n[live] for n, live in zip(lengths, lives)])
    if 2 * sum(len(d) for d in dictionaries) > int(kept.sum()):
        write_records(path, [text for seg, live in zip(segments, lives)
                             for text in seg.records.read(np.flatnonzero(live).tolist())])
        return
    np.save(path / RECORD_STARTS, np.r_[0, np.cumsum(kept, dtype=np.int64)].astype(np.int64))
    out = _Appender(path / RECORDS, np.uint8, int(kept.sum()))
    for seg, n, live in zip(segments, lengths, lives):
        blob, ends, a = _Column(seg.path / RECORDS), np.cumsum(n), 0
        while a < len(n):   # rows a..b: CHUNK bytes, or one longer record
            first = int(ends[a] - n[a])
            b = max(a + 1, int(np.searchsorted(ends, first + CHUNK, side="right")))
            piece = blob[first:int(ends[b - 1])]
            out.add(piece if live[a:b].all() else piece[np.repeat(live[a:b], n[a:b])])
            a = b
    out.close()
    write_dictionaries(path, dictionaries, per_row)


def _merged_dictionaries(segments: list[FastSegment], lives: list[np.ndarray]) -> tuple[list[bytes], np.ndarray]:
    """The dictionaries the live rows were compressed with, each once, and per live row its number."""
    dictionaries: list[bytes] = []
    per_row = []
    for seg, live in zip(segments, lives):
        theirs, rows = read_dictionaries(seg.path)
        rows = np.asarray(rows, dtype=np.int64)[live]
        number = np.zeros(len(theirs), dtype=np.int64)
        for used in np.unique(rows).tolist():
            if theirs[used] not in dictionaries:
                dictionaries.append(theirs[used])
            number[used] = dictionaries.index(theirs[used])
        per_row.append(number[rows])
    return dictionaries, narrow(np.concatenate(per_row) if per_row else np.zeros(0, np.int64))


def _read_field(seg: FastSegment, field: str) -> dict:
    """A segment's field, its per-posting arrays read from their files a piece at a time."""
    f = {"vocab": seg.field(field)["vocab"], "poff": np.load(seg.path / f"{field}.poff.npy"),
         "len": np.load(seg.path / f"{field}.len.npy")}
    for name in ("docs", "pstart", "pos") if field in POSITIONAL else ("docs", "freq"):
        f[name] = _Column(seg.path / f"{field}.{name}.npy")
    if field in CHARS and seg.has_chars(field):
        for name in CHAR_FILES:
            f[name] = _Column(seg.path / f"{field}.{name}.npy")
    return f


class _Column:
    """A one-dimensional .npy array read a slice at a time. Not memory-mapped: every page of a
    mapping a merge reads would stay in the process (its resident size) while the kernel lets it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, self.dtype = read(f)
            self.offset = f.tell()
        self.length = shape[0]

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> np.ndarray:
        a, b, _ = part.indices(self.length)
        return np.fromfile(self.path, dtype=self.dtype, count=max(0, b - a), offset=self.offset + a * self.dtype.itemsize)

    def take(self, indices: np.ndarray) -> np.ndarray:
        """The values at sorted `indices`, reading the file a CHUNK at a time."""
        out = np.empty(len(indices), dtype=self.dtype)
        for a in range(0, self.length, CHUNK):
            i, j = np.searchsorted(indices, [a, a + CHUNK])
            if j > i:
                out[i:j] = self[a:a + CHUNK][indices[i:j] - a]
        return out


class _Part:
    """One segment's side of a field's merge: which of its terms have a live posting and what
    they become in the merged vocabulary."""

    def __init__(self, f: dict, live: np.ndarray, positional: bool) -> None:
        self.f, self.live = f, live
        poff = np.asarray(f["poff"])
        self.all_live = bool(live.all())
        if self.all_live:   # the common case (a fresh build): no pass over the postings
            self.postings = np.diff(poff)
            self.positions = np.diff(f["pstart"].take(poff)) if positional else None
        else:
            self.postings = np.zeros(len(poff) - 1, dtype=np.int64)
            self.positions = np.zeros(len(poff) - 1, dtype=np.int64) if positional else None
            for a in range(0, int(poff[-1]), CHUNK):
                b = min(a + CHUNK, int(poff[-1]))
                term = np.searchsorted(poff, np.arange(a, b), side="right") - 1
                keep = live[np.asarray(f["docs"][a:b])]
                self.postings += np.bincount(term[keep], minlength=len(self.postings))
                if positional:
                    lengths = np.diff(np.asarray(f["pstart"][a:b + 1]))
                    self.positions += np.bincount(term[keep], lengths[keep], len(self.postings)).astype(np.int64)
        self.terms = np.flatnonzero(self.postings)   # its terms with a live posting
        self.merged = np.zeros(0, dtype=np.int64)     # their numbers in the merged vocabulary


def _merge_field(path: Path, field: str, fs: list[dict], lives, kept, new_rows) -> None:
    positional = field in POSITIONAL
    # the positions' columns: a segment written before character offsets were kept has none, and
    # then neither has the merged one (its hits are highlighted by analysis)
    columns = ("pos", *CHAR_FILES) if all(name in f for f in fs for name in CHAR_FILES) else ("pos",)
    parts = [_Part(f, live, positional) for f, live in zip(fs, lives)]
    words = _merge_vocabularies(path / f"{field}.terms", fs, parts)
    np.save(path / f"{field}.tstart.npy", narrow(words))
    postings = np.zeros(len(words) - 1, dtype=np.int64)
    positions = np.zeros(len(words) - 1, dtype=np.int64)
    for part in parts:
        postings[part.merged] += part.postings[part.terms]
        if positional:
            positions[part.merged] += part.positions[part.terms]
    poff = np.r_[0, np.cumsum(postings)].astype(np.int64)
    np.save(path / f"{field}.poff.npy", narrow(poff))
    np.save(path / f"{field}.len.npy", narrow(np.concatenate([np.asarray(f["len"])[k] for f, k in zip(fs, kept)])
            .astype(np.int32)))
    total = int(poff[-1])
    out = {"docs": _Appender(path / f"{field}.docs.npy", np.int32, total)}
    if positional:   # each column as narrow as its inputs' (its values are theirs)
        out["pstart"] = _Appender(path / f"{field}.pstart.npy", narrow(np.array([int(positions.sum())])).dtype,
                                  total + 1)
        for name in columns:
            out[name] = _Appender(path / f"{field}.{name}.npy", np.result_type(*(f[name].dtype for f in fs)),
                                  int(positions.sum()))
    else:
        out["freq"] = _Appender(path / f"{field}.freq.npy", np.result_type(*(f["freq"].dtype for f in fs)), total)
    written_positions = 0
    u0 = 0
    while u0 < len(postings):
        u1 = max(u0 + 1, int(np.searchsorted(poff, poff[u0] + CHUNK, side="right")) - 1)
        pieces = [_piece(part, rows, u0, u1, columns if positional else ()) for part, rows in zip(parts, new_rows)]
        pieces = [p for p in pieces if p is not None]
        term = np.concatenate([p[0] for p in pieces])
        order = np.argsort(term, kind="stable")   # by term, then segment, then row
        out["docs"].add(np.concatenate([p[1] for p in pieces])[order])
        if not positional:
            out["freq"].add(np.concatenate([p[2] for p in pieces])[order])
        else:
            lengths = np.concatenate([p[3] for p in pieces])
            starts = np.r_[0, np.cumsum(lengths)[:-1]]
            lengths = lengths[order]
            ends = np.cumsum(lengths)
            out["pstart"].add(written_positions + ends - lengths)
            gather = np.repeat(starts[order] - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)
            for k, name in enumerate(columns, 4):
                out[name].add(np.concatenate([p[k] for p in pieces])[gather])
            written_positions += int(ends[-1]) if len(ends) else 0
        u0 = u1
    if positional:
        out["pstart"].add(np.array([written_positions]))
    for appender in out.values():
        appender.close()


def _merge_vocabularies(out: Path, fs: list[dict], parts: list[_Part]) -> np.ndarray:
    """Write the sorted union of the parts' terms to `out` and number each part's terms in it
    (part.merged); returns where each term starts in the file. The vocabularies are sorted
    already: merged as streams, never held as strings all at once."""
    def stream(k: int) -> Iterator[tuple[bytes, int, int]]:
        vocab = fs[k]["vocab"]
        for j, i in enumerate(parts[k].terms.tolist()):
            yield vocab[i], k, j

    streams = [stream(k) for k in range(len(parts))]
    for part in parts:
        part.merged = np.empty(len(part.terms), dtype=np.int64)
    starts = array("q", [0])
    last, number = None, -1
    with open(out, "wb") as blob:
        for word, k, j in heapq.merge(*streams):
            if word != last:
                blob.write(word)
                starts.append(starts[-1] + len(word))
                last, number = word, number + 1
            parts[k].merged[j] = number
    return np.frombuffer(starts, dtype=np.int64)


def _piece(part: _Part, rows: np.ndarray, u0: int, u1: int, columns: tuple[str, ...]):
    """A segment's live postings of merged terms u0..u1: (merged term, row, frequency and, for a
    positional field, each posting's number of positions and the position `columns`: the
    positions, and their character offsets); None if it has none."""
    a, b = np.searchsorted(part.merged, [u0, u1])
    if a == b:
        return None
    f = part.f
    ta, tb = int(part.terms[a]), int(part.terms[b - 1]) + 1
    poff = np.asarray(f["poff"][ta:tb + 1])
    p0, p1 = int(poff[0]), int(poff[-1])
    local = np.full(tb - ta, -1, dtype=np.int64)
    inside = part.terms[a:b] - ta
    local[inside] = part.merged[a:b]
    term = np.repeat(local, np.diff(poff))
    docs = np.asarray(f["docs"][p0:p1])
    keep = slice(None) if part.all_live else part.live[docs]
    found = [term[keep], rows[docs[keep]].astype(np.int32)]
    if not columns:
        found.append(np.asarray(f["freq"][p0:p1])[keep])
    else:
        pstart = np.asarray(f["pstart"][p0:p1 + 1]).astype(np.int64)
        lengths = np.diff(pstart)
        found += [lengths[keep], lengths[keep]]   # a posting's frequency is its count of positions
        for name in columns:
            values = np.asarray(f[name][int(pstart[0]):int(pstart[-1])])
            found.append(values if part.all_live else values[np.repeat(keep, lengths)])
    return found


class _Appender:
    """An .npy file of a known length written a piece at a time (np.load reads it like np.save's)."""

    def __init__(self, path: Path, dtype, length: int) -> None:
        self.dtype, self.length, self.written = np.dtype(dtype), length, 0
        self.file = open(path, "wb")
        np.lib.format.write_array_header_1_0(self.file, {"descr": np.lib.format.dtype_to_descr(self.dtype),
                                                         "fortran_order": False, "shape": (length,)})

    def add(self, values: np.ndarray) -> None:
        self.file.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.written += len(values)

    def close(self) -> None:
        self.file.close()
        if self.written != self.length:
            raise AssertionError(f"{self.file.name}: wrote {self.written} values of {self.length}")
