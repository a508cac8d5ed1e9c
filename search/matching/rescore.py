"""The rescore window: the top candidates reordered by signals too costly for every match.

The signals come from the index (positions and the words as written, indexer.fastindex), never
from re-analysing a candidate's text, so a rescore costs the same for a one-line memorandum and
a book-length record.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from renkei.indexer.columnar.segment import EXACT

from renkei.search.plan import ranking
from renkei.search.plan.compile import MatchTerms
from renkei.search.matching.rows import isin_sorted, keys_in
from renkei.search.matching.rowspace import FastSearcher

PROXIMITY_POSITIONS = 200   # per term and row, for the proximity window (a loop in Python)


def rescore(fast: FastSearcher, rows: list[int], score: list[float], tier: list[float],
            match: MatchTerms, read: Callable[[np.ndarray], dict]) -> tuple[list[int], dict[int, float]]:
    """Reorder the top candidates within their tier: exact forms, compounds side by side and all
    query words close together earn a share more score (a rescore window, as Elasticsearch's).
    `score` and `tier` are the rows' own, in their order; `read` gives the body positions of the
    query's words in some rows (search.spans.BodyPositions: the same read serves the highlights).
    Returns the rows in their new order and the new scores of the rows rescored."""
    head = rows[:ranking.RESCORE_DEPTH]
    if len(head) < 2 or not (match.exact or match.sequences or len(match.terms) > 1):
        return rows, {}
    ordered = np.array(sorted(head), dtype=np.int64)
    keys = {term: found[0] for term, found in read(ordered).items()}.__getitem__   # every word's, together

    exact = _share(ordered, [fast.having(EXACT, w, ordered) for w in sorted(match.exact)])
    adjacent = _share(ordered, [_side_by_side(keys, seq, ordered) for seq in sorted(match.sequences)])
    windows = _proximity(keys, match, ordered)
    at = ordered.searchsorted(head)
    widths = [windows.get(row) for row in head]
    bonus = (ranking.EXACT_SHARE * exact[at] + ranking.ADJACENT_SHARE * adjacent[at]
             + [0.0 if w is None or w > ranking.PROXIMITY_WINDOW else
                ranking.PROXIMITY_SHARE * (1 - (w - 1) / ranking.PROXIMITY_WINDOW) for w in widths])
    # one np.round over the window: round() of each numpy scalar cost a fifth of the rescore
    new = np.round(np.asarray(score[:len(head)]) * (1 + bonus), 6).tolist()
    rescored = [(tier[i], new[i], i, row) for i, row in enumerate(head)]
    rescored.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [r for *_, r in rescored] + rows[ranking.RESCORE_DEPTH:], {r: s for _, s, _, r in rescored}


def _share(rows: np.ndarray, found: list[np.ndarray]) -> np.ndarray:
    """Per row, the share of the checks it passed (0 when there are none). Counts are whole numbers,
    so summing them in any order gives np.mean's result, without its stacking into one array."""
    if not found:
        return np.zeros(len(rows))
    passed = found[0].astype(np.float64)
    for more in found[1:]:
        passed += more
    return passed / len(found)


def _side_by_side(keys: Callable[[str], np.ndarray], sequence: tuple[str, ...], rows: np.ndarray) -> np.ndarray:
    """Rows where the words of a compound follow each other with nothing between them."""
    starts = keys(sequence[0])
    for k, term in enumerate(sequence[1:], 1):
        following = keys(term)
        starts = starts[keys_in(starts + k, following)]
    return isin_sorted(rows, starts >> 32)


def _proximity(keys_of: Callable[[str], np.ndarray], match: MatchTerms, rows: np.ndarray) -> dict[int, int]:
    """Per row, the fewest positions of the body that hold every query term (rows without them all
    are left out). The narrowest window ends at some term's occurrence and starts at the latest
    occurrence of each other term up to it: found for every occurrence at once, by a search per term."""
    wanted = sorted(set(match.terms) | {seq[0] for seq in match.sequences})
    if len(wanted) < 2:
        return {}
    kept = [_first_occurrences(keys_of(term)) for term in wanted]
    ends = np.concatenate(kept)
    if not len(ends) or any(not len(keys) for keys in kept):
        return {}
    starts, held = ends.copy(), np.ones(len(ends), bool)
    for keys in kept:   # the latest occurrence of this term at or before each end, in its row
        at = keys.searchsorted(ends, side="right") - 1
        latest = keys[np.maximum(at, 0)]
        held &= (at >= 0) & (latest >> 32 == ends >> 32)
        np.minimum(starts, latest, out=starts)
    ends, spans = ends[held], (ends - starts)[held] + 1   # the same row: keys differ in their positions
    out: dict[int, int] = {}
    for row, span in zip((ends >> 32).tolist(), spans.tolist()):
        if span < out.get(row, span + 1):
            out[row] = span
    return out


def _first_occurrences(keys: np.ndarray) -> np.ndarray:
    """The first PROXIMITY_POSITIONS keys of each row: a long record's window is looked for near its start."""
    if len(keys) <= PROXIMITY_POSITIONS:   # no row can have more
        return keys
    first = np.concatenate(([0], np.flatnonzero(np.diff(keys >> 32)) + 1))
    keep = np.arange(len(keys)) - np.repeat(first, np.diff(first, append=len(keys))) < PROXIMITY_POSITIONS
    return keys[keep]
