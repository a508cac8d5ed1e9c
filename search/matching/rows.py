"""Sorted-row helpers shared by the row space (rowspace.py) and query evaluation (evaluation.py): a
leaf module, so that the two never import each other."""
from __future__ import annotations

import numpy as np

# A union of more postings than rows / DENSE_SHARE is scattered into arrays over every row:
# sorting that many row numbers would cost more than the passes over all rows.
DENSE_SHARE = 8


class UnsupportedQuery(Exception):
    """A query node the fast path does not evaluate (a programming error: extend evaluation._node)."""


def isin_sorted(needles: np.ndarray, haystack: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `haystack`."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), bool)
    if same_rows(needles, haystack):
        return np.ones(len(needles), bool)
    i = haystack.searchsorted(needles)   # the method: np.searchsorted's dispatch costs as much on small arrays
    np.minimum(i, len(haystack) - 1, out=i)   # a needle past the last is compared with the last
    return haystack[i] == needles


def same_rows(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays hold the same values: one comparison pass, where a search would cost a
    binary search per value (the words of a phrase, a compound's bigrams, are often in the same rows)."""
    return len(a) == len(b) and (a is b or bool((a == b).all()))
