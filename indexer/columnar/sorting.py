"""A fast segment builder's tokens of one field, sorted into postings: what a fast segment writes
(columnar.segment), and the order whoosh's postings take (writing.segments writes them from it)."""
from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np


@dataclass
class FieldPostings:
    """A builder's postings of one text field, in the order they are written: terms in UTF-8
    order; per term, its postings from `poff`; per posting, its row (`docs`) and, from `pstart`,
    its tokens (sorted by term, row and position: `order` maps them to the order they were added)."""
    terms: list[str]
    order: np.ndarray
    poff: np.ndarray
    docs: np.ndarray
    pstart: np.ndarray
    positions: np.ndarray | None


def field_postings(vocab: dict[str, int], term_ids: array, rows: array, positions: array | None) -> FieldPostings:
    terms = sorted(vocab, key=lambda t: t.encode("utf-8"))
    # int32 throughout but the sort order and the (term, row) key: this sort is a build's peak memory
    rank = np.empty(len(terms), dtype=np.int32)
    rank[[vocab[t] for t in terms]] = np.arange(len(terms), dtype=np.int32)
    t = rank[np.frombuffer(term_ids, dtype=np.int32)] if term_ids else np.zeros(0, np.int32)
    r = np.frombuffer(rows, dtype=np.int32) if rows else np.zeros(0, np.int32)
    p = np.frombuffer(positions, dtype=np.int32) if positions else np.zeros(len(t), np.int32)
    order = np.lexsort((p, r, t))
    t, r, p = t[order], r[order], p[order]
    key = (t.astype(np.int64) << 32) | r
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    del key
    poff = np.searchsorted(t[starts], np.arange(len(terms) + 1))
    return FieldPostings(terms, order, poff, r[starts], np.r_[starts, len(t)],
                         p if positions is not None else None)
