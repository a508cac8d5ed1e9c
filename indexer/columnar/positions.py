"""Where a field's positions are for some of its postings: the arithmetic of a segment's
position reads (segment.FastSegment.positions_of), apart from the segment's files."""
from __future__ import annotations

from typing import Any

import numpy as np

_EMPTY_I = np.zeros(0, dtype=np.int32)
_FEW_POSTINGS, _FEW_POSITIONS = 8, 128   # each_position reads up to so many in Python


def each_position(f: dict[str, Any], postings: np.ndarray, cap: int | None) -> tuple[np.ndarray, Any, np.ndarray]:
    """The row and the index into the position arrays of every position of some postings (a slice for
    a run of postings: a term's all, in a phrase's rows), and how many positions each posting gave."""
    first, n = (int(postings[0]), len(postings)) if len(postings) else (0, 0)
    if n and int(postings[-1]) - first == n - 1:
        bounds = f["pstart"][first:first + n + 1]
        counts = bounds[1:] - bounds[:-1]
        if cap is None or counts.max() <= cap:
            return f["docs"][first:first + n].repeat(counts), slice(int(bounds[0]), int(bounds[-1])), counts
    if n <= _FEW_POSTINGS:   # a phrase's few rows: their ranges in Python cost less than a dozen array calls
        pstart = f["pstart"]
        bounds = [(pstart.item(p), pstart.item(p + 1)) for p in postings.tolist()]
        lengths = [b - a if cap is None else min(b - a, cap) for a, b in bounds]
        if sum(lengths) <= _FEW_POSITIONS:
            at = [i for (a, _), k in zip(bounds, lengths) for i in range(a, a + k)]
            counts = np.array(lengths, dtype=np.int64)
            if not at:
                return _EMPTY_I, _EMPTY_I, counts
            return f["docs"][postings].repeat(counts), np.array(at, dtype=np.int64), counts
    pstart = f["pstart"]
    starts = pstart[postings].astype(np.int64)
    counts = pstart[postings + 1] - starts   # (int64: the starts' type)
    if cap is not None:
        np.minimum(counts, cap, out=counts)
    total = int(counts.sum())
    if not total:
        return _EMPTY_I, _EMPTY_I, counts
    # every position of every range without a Python loop (array methods: np.repeat's dispatch costs as
    # much): each range's first, less the positions before it, repeated, plus each position's number
    starts += counts
    starts -= counts.cumsum()
    at = starts.repeat(counts)
    at += np.arange(total)
    return f["docs"][postings].repeat(counts), at, counts
