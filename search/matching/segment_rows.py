"""A segment's postings and positions looked up in some of its rows: what the row space's phrases
and reads (rowspace.py) do inside each segment."""
from __future__ import annotations

from functools import cached_property

import numpy as np

from renkei.indexer.columnar import segment as fastindex
from renkei.search.matching import rows as row_helpers
from renkei.search.matching.rows import isin_sorted, same_rows

# In a few rows, a term with at most this many times their number of postings has its postings
# looked up in a mark per row shared by the terms of one read, rather than searched.
MARKED = 16
# A phrase's word with at most this many times the rarest word's postings is read whole.
_WHOLE = 4


def phrase_keys(seg: fastindex.FastSegment, field: str, words: list[str], local: np.ndarray) -> list[np.ndarray] | None:
    """Per word, its sorted keys local row << 32 | position in a segment: in the (sorted, local) rows
    `local`, or in every row when the word has few more postings than those (one slice, no search).
    None when a word has none there."""
    found: dict[str, np.ndarray] = {}
    for word in words:
        if word in found:
            continue
        docs, a, b = seg.docs(field, word)
        if b - a <= _WHOLE * len(local):   # every posting: one run of the position arrays, no search
            if b == a:
                return None
            f = seg.field(field)
            pstart = f["pstart"]
            bounds = pstart[a:b + 1]
            rows = docs.repeat(bounds[1:] - bounds[:-1])
            pos = f["pos"][pstart.item(a):pstart.item(b)]
        else:
            picked = a + postings_of(docs, local, seg.size)
            if not len(picked):
                return None
            rows, pos, _ = seg.positions_of(field, picked)
        keys = rows.astype(np.int64)
        keys <<= 32
        keys |= pos
        found[word] = keys
    return [found[word] for word in words]


def within(rows: np.ndarray, offset: int, size: int) -> np.ndarray:
    """The sorted global `rows` that fall in a segment, as its local rows."""
    lo, hi = rows.searchsorted((offset, offset + size))
    return rows[lo:hi] - offset


class RowMarks:
    """A mark per row of a segment for some of its rows, made when first needed: the terms of one
    read look their postings up in the same rows."""

    def __init__(self, rows: np.ndarray, size: int) -> None:
        self.rows, self.size = rows, size

    @cached_property
    def marked(self) -> np.ndarray:
        marked = np.zeros(self.size, bool)
        marked[self.rows] = True
        return marked


def postings_of(docs: np.ndarray, rows: np.ndarray, size: int, marks: RowMarks | None = None) -> np.ndarray:
    """Where in a term's sorted rows `docs` the sorted `rows` are (those it has): searching with the
    shorter of the two, or through a mark per row when both are large, or when a mark shared by
    several terms (`marks`) is there for a short list (two numpy calls where a search takes five)."""
    if marks is not None and len(docs) <= MARKED * len(rows):
        return np.flatnonzero(marks.marked[docs])
    if same_rows(docs, rows):
        return np.arange(len(docs))
    if min(len(docs), len(rows)) * row_helpers.DENSE_SHARE > size:
        return np.flatnonzero((marks or RowMarks(rows, size)).marked[docs])
    if len(rows) < len(docs):
        # the rows in the postings' own type: numpy would otherwise copy all the postings to int64
        # to search them (130 us for a million postings, against 1)
        at = docs.searchsorted(rows.astype(docs.dtype, copy=False))
        np.minimum(at, len(docs) - 1, out=at)   # a row past the last is compared with the last
        return at[docs[at] == rows]
    return np.flatnonzero(isin_sorted(docs, rows))
