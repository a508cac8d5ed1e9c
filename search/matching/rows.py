"""Sorted-row helpers shared by the row space (rowspace.py) and query evaluation (evaluation.py), and
the phrase arithmetic over row << 32 | position keys: a
leaf module, so that the two never import each other."""
from __future__ import annotations

import numpy as np

# A union of more postings than rows / DENSE_SHARE is scattered into arrays over every row:
# sorting that many row numbers would cost more than the passes over all rows.
DENSE_SHARE = 8
# isin_sorted and places look sorted rows up by a mark per value from this many needles on, when
# that costs less than a search (_marks_pay).
_MARKED_FROM = 256


class UnsupportedQuery(Exception):
    """A query node the fast path does not evaluate (a programming error: extend evaluation._node)."""


def isin_sorted(needles: np.ndarray, haystack: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `haystack`."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), bool)
    if same_rows(needles, haystack):
        return np.ones(len(needles), bool)
    top = int(haystack[-1])
    if _marks_pay(len(needles), len(haystack), top):
        marked = np.zeros(top + 2, bool)   # [top + 1] stays False: needles past the top, and -1, land there
        marked[haystack] = True
        return marked[np.clip(needles, -1, top + 1)]
    i = haystack.searchsorted(needles)   # the method: np.searchsorted's dispatch costs as much on small arrays
    np.minimum(i, len(haystack) - 1, out=i)   # a needle past the last is compared with the last
    return haystack[i] == needles


def keys_in(needles: np.ndarray, haystack: np.ndarray) -> np.ndarray:
    """isin_sorted for keys row << 32 | position: a binary search (a mark never pays for keys), without
    isin_sorted's checks for rows (a phrase's words ask a dozen times a query)."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), bool)
    i = haystack.searchsorted(needles)
    np.minimum(i, len(haystack) - 1, out=i)   # a needle past the last is compared with the last
    return haystack[i] == needles


def _marks_pay(needles: int, haystack: int, top: int) -> bool:
    """Whether marking a haystack's values (0..top) and looking the needles up costs less than a
    binary search per needle. Measured at 100k rows: a search costs ~1.4 ns x log2(haystack) a
    needle (25 ns, 1.7 ms of a common word's query); a mark ~0.8 ns a value marked or looked up,
    and ~0.1 ns a value of its span. Row numbers pay; row << 32 | position keys never do."""
    return needles >= _MARKED_FROM and top // 8 + haystack + needles < 2 * needles * haystack.bit_length()


def places(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Where each of `needles` (all of them in the sorted row array `haystack`) is in it: a scatter
    of the haystack's places and a gather when both are many, as isin_sorted marks them."""
    if len(haystack) and _marks_pay(len(needles), len(haystack), int(haystack[-1])):
        place = np.empty(int(haystack[-1]) + 1, np.int64)   # read only where a needle is: every needle is there
        place[haystack] = np.arange(len(haystack))
        return place[needles]
    return haystack.searchsorted(needles)


def union(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The sorted union of some sorted row arrays, and each of their rows' place in it, in the
    arrays' order: np.unique(return_inverse=True) without its hashing and default sort. A stable
    sort is a timsort, which merges the arrays' sorted runs (half the time, bench at 100k)."""
    joined = np.concatenate(arrays)
    order = joined.argsort(kind="stable")
    ordered = joined[order]
    first = np.empty(len(ordered), bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    at = np.empty(len(joined), np.int64)
    at[order] = first.cumsum() - 1
    return ordered[first], at


def same_rows(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays hold the same values: one comparison pass, where a search would cost a
    binary search per value (the words of a phrase, a compound's bigrams, are often in the same rows)."""
    return len(a) == len(b) and (a is b or bool((a == b).all()))


def adjacent(keys: list[np.ndarray]) -> np.ndarray:
    """The keys of the first word where every word follows the one before it directly: the rarest
    word's keys moved back to where the phrase would start, kept while each other word, in order of
    rarity, holds its key there. A search per kept start into each word's sorted keys, where sorting
    all the words' keys together cost 5x more on common words (2.5 ms for 200k keys at 100k rows)."""
    if len(keys) == 1:
        return keys[0]
    order = sorted(range(len(keys)), key=lambda i: len(keys[i]))
    starts = keys[order[0]] - order[0] if order[0] else keys[order[0]]
    for i in order[1:]:
        if not len(starts):
            break
        starts = starts[keys_in(starts + i, keys[i])]
    return starts


def chained(keys: list[np.ndarray], slop: int) -> np.ndarray:
    """The keys of the last word that end a chain of the words, each within `slop` positions after
    the one before."""
    ends = keys[0]
    for k, following in enumerate(keys[1:], 2):
        if k == len(keys):   # the last word: that one follows within slop is enough
            return ends[followed_within(ends, following, slop)]
        found = []
        for gap in range(1, slop + 1):
            moved = ends + gap
            found.append(moved[keys_in(moved, following)])
        ends = np.concatenate(found)
        if not len(ends):
            break
    return ends


def followed_within(keys: np.ndarray, following: np.ndarray, slop: int) -> np.ndarray:
    """Which of `keys` have a key of the sorted `following` at most `slop` positions on, in the same
    row (keys are row << 32 | position): one search, where a search per gap would cost `slop`."""
    if not len(following):
        return np.zeros(len(keys), bool)
    at = following.searchsorted(keys, side="right")
    ok = at < len(following)
    ok[ok] = following[at[ok]] - keys[ok] <= slop
    return ok
