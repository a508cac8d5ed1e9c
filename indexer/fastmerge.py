"""Keeping the number of fast segments small: every write adds one, and a query looks each of its
terms up in every segment. Past MAX_SEGMENTS, the small segments (each under a tenth of the rows)
become one, without their deleted rows; the big ones stay as they are (hard-linked from
generation to generation), so an add stays cheap.
"""
from __future__ import annotations

import shutil
from array import array
from pathlib import Path

import numpy as np

from .fastindex import KEYWORD, POSITIONAL, TEXT, FastSegment, SegmentBuilder

MAX_SEGMENTS = 8


def compact(fast: Path, names: list[str], next_name: str) -> list[str]:
    """The segment names of the fast folder after merging its small segments into `next_name`
    (when there are more than MAX_SEGMENTS); the merged segments' files are removed."""
    if len(names) <= MAX_SEGMENTS:
        return names
    segments = [_open(fast, name) for name in names]
    total = sum(s.size for s in segments)
    small = [(n, s) for n, s in zip(names, segments) if s.size * 10 < total]
    if len(small) < 2:
        return names
    merged(s for _, s in small).write(fast / next_name)
    for name, _ in small:
        shutil.rmtree(fast / name)
        (fast / f"{name}.deleted.npy").unlink(missing_ok=True)
    gone = {n for n, _ in small}
    return [n for n in names if n not in gone] + [next_name]


def _open(fast: Path, name: str) -> FastSegment:
    deleted = fast / f"{name}.deleted.npy"
    return FastSegment(fast / name, np.load(deleted) if deleted.is_file() else None)


def merged(segments) -> SegmentBuilder:
    """One builder holding the live rows of `segments`, in order, ready to write."""
    out = SegmentBuilder()
    offset = 0
    for seg in segments:
        live = ~np.asarray(seg.deleted, dtype=bool)
        new_row = np.cumsum(live) - 1 + offset     # a live row's number in the merged segment
        kept = np.flatnonzero(live)
        out.ids += [seg.ids[i] for i in kept]
        out.origins += [seg.origins[i] for i in kept]
        for field in KEYWORD:
            values = seg.keys[field]
            out._keys[field] += [values[c] for c in np.asarray(seg.codes(field))[kept]]
        out._year.extend(np.asarray(seg.year)[kept].tolist())
        out._date.extend(np.asarray(seg.date)[kept].tolist())
        for field in TEXT:
            _merge_field(out, seg, field, live, new_row)
        offset += len(kept)
    return out


def _merge_field(out: SegmentBuilder, seg: FastSegment, field: str, live: np.ndarray, new_row: np.ndarray) -> None:
    f = seg.field(field)
    out._len[field].extend(np.asarray(f["len"])[live].tolist())
    poff, docs = np.asarray(f["poff"]), np.asarray(f["docs"]).astype(np.int64)
    posting_term = np.repeat(np.arange(len(poff) - 1), np.diff(poff))
    if field in POSITIONAL:   # one token a position
        per_posting = np.diff(np.asarray(f["pstart"]))
        positions = np.asarray(f["pos"])
    else:                     # one token an occurrence
        per_posting = np.asarray(f["freq"]).astype(np.int64)
        positions = None
    term = np.repeat(posting_term, per_posting)
    row = np.repeat(docs, per_posting)
    keep = live[row]
    term, row = term[keep], new_row[row[keep]]
    vocab, words = out._vocab[field], f["vocab"]
    used = np.unique(term)
    ids = np.zeros(len(poff), dtype=np.int64)
    ids[used] = [vocab.setdefault(words[i].decode("utf-8"), len(vocab)) for i in used.tolist()]
    out._terms[field].extend(array("i", ids[term].astype(np.int32).tobytes()))
    out._rows[field].extend(array("i", row.astype(np.int32).tobytes()))
    if positions is not None:
        out._pos[field].extend(array("i", positions[keep].astype(np.int32).tobytes()))
