"""Evaluate a query tree (whoosh query objects) over the columnar postings, with numpy.

A node's result is sparse — the sorted live rows it matches and their scores — as long as that is
cheaper than arrays over every row: a term is its postings, AND intersects sorted rows starting
from the rarest, a phrase checks positions in the rows that have all its words, and OR/DisMax
merge their children's rows. Only a union larger than 1/DENSE_SHARE of the rows, a NOT standing
alone, or a range over every row becomes dense (a mask and a score per row), so a query over a
few hundred postings costs microseconds at 100k records rather than a dozen passes over 100k rows.
Scores are whoosh's BM25F, summed in whoosh's order (see search/matching/rowspace.py for the differences
on purpose; tests/test_fastpath.py compares both ways).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

import numpy as np
from whoosh import query as wq

from renkei.indexer.columnar.segment import KEYWORD, POSITIONAL, date_key
from renkei.indexer.schema import SORT_DATE

from renkei.search.matching import rows as row_helpers
from renkei.search.matching.rows import UnsupportedQuery, isin_sorted

if TYPE_CHECKING:   # a type only: the row space never calls back into this module
    from renkei.search.matching.rowspace import FastSearcher


@dataclass
class Rows:
    """Sparse: sorted, unique, live rows and their scores."""
    rows: np.ndarray
    scores: np.ndarray


@dataclass
class Dense:
    """A mask and a score over every row (rows not live may be set: callers mask with `live`)."""
    mask: np.ndarray
    score: np.ndarray


Result = Union[Rows, Dense]   # never changed in place once made: results are shared through the memo
_SCORED_APART = 4   # see _phrase: matched rows are then at most a quarter of the word's
_REMEMBERED = (wq.Term, wq.Phrase, wq.And, wq.Or, wq.DisjunctionMax)
_EMPTY = Rows(np.zeros(0, np.int64), np.zeros(0))
_SEEN, _SHAPES = "node ids", "shapes"   # memo entries of _shape (results are under negative numbers)
_FAST_AT = np.lib.NumpyVersion(np.__version__) >= "1.25.0"   # ufunc.at's fast loop (before: 10x a scatter)
_PHRASES, _KEYS = "phrase", "keys"   # memo keys' first part: a phrase's rows unboosted, its words' keys


def matches(fast: FastSearcher, q: wq.Query, memo: dict | None = None) -> Rows:
    """The live rows `q` matches and their scores. Clauses of one query share `memo`: a plan
    repeats subtrees (the words as typed inside the words with their translations)."""
    return _rows(fast, _node(fast, q, {} if memo is None else memo))


def dense(fast: FastSearcher, q: wq.Query, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(mask, score) over all rows; deleted rows never match."""
    result = _node(fast, q, {} if memo is None else memo)
    if isinstance(result, Rows):
        score = np.zeros(fast.n)
        score[result.rows] = result.scores
        return _mask(fast, result), score
    mask = result.mask & fast.live
    return mask, np.where(mask, result.score, 0.0)


def _node(fast: FastSearcher, q: wq.Query, memo: dict) -> Result:
    if type(q) is wq.Term and q.boost == 1.0:   # the commonest node: no shape to work out
        return _word(fast, q.fieldname, q.text, memo)
    if not isinstance(q, _REMEMBERED):
        return _evaluate(fast, q, memo)
    key = _shape(q, memo)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _evaluate(fast, q, memo)
    return found


def _shape(q: wq.Query, memo: dict) -> int:
    """A small number per distinct subtree, equal subtrees sharing it, worked out once per node:
    whoosh hashes a compound query by walking it whole at every call, which cost more than the
    evaluation of a small index. (Its DisjunctionMax equality also ignores the tiebreak.)"""
    seen = memo.get(_SEEN)
    if seen is None:
        seen, memo[_SHAPES] = memo.setdefault(_SEEN, {}), {}
    found = seen.get(id(q))
    return found[0] if found is not None else _shaped(q, seen, memo[_SHAPES])


def _shaped(q: wq.Query, seen: dict, shapes: dict) -> int:
    if isinstance(q, wq.Term):
        shape = (wq.Term, q.fieldname, q.text, q.boost)
    elif isinstance(q, wq.Phrase):
        shape = (wq.Phrase, q.fieldname, tuple(q.words), q.slop, q.boost)
    elif isinstance(q, wq.Not):
        found = seen.get(id(q.query))
        shape = (wq.Not, q.boost, found[0] if found is not None else _shaped(q.query, seen, shapes))
    elif isinstance(q, wq.compound.CompoundQuery):
        subs = []
        for sub in q.subqueries:
            if type(sub) is wq.Term:   # half the nodes: a leaf stands for itself, with no number of its own
                subs.append((sub.fieldname, sub.text, sub.boost))
            else:
                found = seen.get(id(sub))
                subs.append(found[0] if found is not None else _shaped(sub, seen, shapes))
        shape = (type(q), q.boost, getattr(q, "tiebreak", None), tuple(subs))
    else:   # another leaf (a range, every record): whoosh's own equality
        shape = (type(q), q)
    number = seen[id(q)] = (shapes.setdefault(shape, -1 - len(shapes)), q)   # q kept: its id stays its own
    return number[0]


def _evaluate(fast: FastSearcher, q: wq.Query, memo: dict) -> Result:
    if isinstance(q, wq.Term):   # a boosted term: its unboosted rows are the query's (_word), shared
        result = _word(fast, q.fieldname, q.text, memo)
        if not len(result.rows):   # (half the plan's terms are in no record: nothing to scale)
            return _EMPTY
    elif isinstance(q, wq.Phrase):   # unboosted, once per query (a name is looked for at several weights)
        key = (_PHRASES, q.fieldname, tuple(q.words), q.slop)
        result = memo.get(key)
        if result is None:
            result = memo[key] = _phrase(fast, q.fieldname, list(q.words), q.slop, memo)
    elif isinstance(q, wq.DisjunctionMax):
        result = _dismax(fast, q.subqueries, q.tiebreak, memo)
    elif isinstance(q, wq.And):
        result = _and(fast, q.subqueries, memo)
    elif isinstance(q, wq.Or):
        result = _or(fast, q.subqueries, memo)
    elif isinstance(q, wq.Not):
        return Dense(~_mask(fast, _node(fast, q.query, memo)), np.zeros(fast.n))
    elif isinstance(q, wq.Every):
        result = Dense(np.ones(fast.n, bool), np.ones(fast.n))
    elif isinstance(q, wq.NumericRange):
        year = fast.year
        mask = year >= 0
        if q.start is not None:
            mask &= year >= q.start
        if q.end is not None:
            mask &= year <= q.end
        return Dense(mask, mask.astype(np.float64))
    elif isinstance(q, wq.TermRange) and q.fieldname == SORT_DATE:   # a date: filter's ISO bounds
        return Dense(mask := _dated(fast.date, q.start, q.end), mask.astype(np.float64))
    elif q is wq.NullQuery:
        return _EMPTY
    else:
        raise UnsupportedQuery(f"the fast path has no evaluation for {type(q).__name__}")
    if q.boost != 1.0:
        result = Rows(result.rows, result.scores * q.boost) if isinstance(result, Rows) else \
            Dense(result.mask, result.score * q.boost)
    return result


def _dated(date: np.ndarray, first: str | None, last: str | None) -> np.ndarray:
    """Rows whose date (segment.date_key: 20190403, or 20190000 for a year alone) is in ISO bounds:
    a day by the bounds, a year alone when they hold all of it (corpus.when.whole_years)."""
    from renkei.corpus.when import whole_years   # here: most searches have no date filter
    day = date % 10000 != 0
    mask = day & (date >= date_key(first) if first else day)
    if last:
        mask &= date <= date_key(last)
    lo, hi = whole_years(first, last)
    years = ~day & (date > 0)
    if lo is not None:
        years &= date >= lo * 10000
    if hi is not None:
        years &= date <= hi * 10000
    return mask | years


def _word(fast: FastSearcher, field: str, text: str, memo: dict) -> Rows:
    """A term's rows and scores, evaluated once per query (phrases share their words with terms)."""
    key = (field, text)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _term(fast, field, text)
    return found


def _term(fast: FastSearcher, field: str, text: str) -> Rows:
    if field in KEYWORD:
        rows = fast.keyword_rows(field, text)
        return Rows(rows, np.ones(len(rows)))
    return Rows(*fast.term(field, text))


def _rows(fast: FastSearcher, result: Result) -> Rows:
    """A result as its sorted live rows and their scores."""
    if isinstance(result, Rows):
        return result
    rows = np.flatnonzero(result.mask & fast.live)
    return Rows(rows, result.score[rows])


def _mask(fast: FastSearcher, result: Result) -> np.ndarray:
    if isinstance(result, Dense):
        return result.mask
    mask = np.zeros(fast.n, bool)
    mask[result.rows] = True
    return mask


def _and(fast: FastSearcher, subqueries: list[wq.Query], memo: dict) -> Result:
    parts = [_node(fast, sub, memo) for sub in subqueries if not isinstance(sub, wq.Not)]
    excluded = [_node(fast, sub.query, memo) for sub in subqueries if isinstance(sub, wq.Not)]
    sparse = [p for p in parts if isinstance(p, Rows)]
    if not sparse or min(len(p.rows) for p in sparse) * row_helpers.DENSE_SHARE > fast.n:
        # only dense parts, no parts (NOT alone under an AND), or parts so large that intersecting
        # their sorted rows costs more than arrays over every row
        mask, score = np.ones(fast.n, bool), np.zeros(fast.n)
        for p in parts:
            mask &= _mask(fast, p)
            if isinstance(p, Rows):
                score[p.rows] += p.scores
            else:
                score += p.score
        for x in excluded:
            mask &= ~_mask(fast, x)
        return Dense(mask, np.where(mask, score, 0.0))
    rows = min(sparse, key=lambda p: len(p.rows)).rows
    for p in parts:
        if len(rows):
            rows = rows[isin_sorted(rows, p.rows) if isinstance(p, Rows) else p.mask[rows]]
    for x in excluded:
        if len(rows):
            rows = rows[~(isin_sorted(rows, x.rows) if isinstance(x, Rows) else x.mask[rows])]
    scores = np.zeros(len(rows))
    for p in parts:   # summed in the query's order, as whoosh does
        if isinstance(p, Rows):
            # `rows` are among the part's rows: as many means the same (a compound's bigrams often are)
            scores += p.scores if len(p.rows) == len(rows) else p.scores[row_helpers.places(p.rows, rows)]
        else:
            scores += p.score[rows]
    return Rows(rows, scores)


def _or(fast: FastSearcher, subqueries: list[wq.Query], memo: dict) -> Result:
    parts = _found(fast, subqueries, memo)
    if len(parts) < 2 and all(isinstance(p, Rows) for p in parts):   # a union of one is that one
        return parts[0] if parts else _EMPTY
    merged = _merged(fast, parts)
    if merged is not None:
        rows, at, scores = merged
        return Rows(rows, np.bincount(at, weights=scores, minlength=len(rows)))
    mask, score = np.zeros(fast.n, bool), np.zeros(fast.n)
    for p in parts:
        if isinstance(p, Rows):
            mask[p.rows] = True
            score[p.rows] += p.scores
        else:
            mask |= p.mask
            score += p.score
    return Dense(mask, score)


def _dismax(fast: FastSearcher, subqueries: list[wq.Query], tiebreak: float, memo: dict) -> Result:
    """Lucene's: the best child's score plus `tiebreak` × the others' (search/fastpath.py)."""
    parts = _found(fast, subqueries, memo)
    if not parts:
        return _EMPTY
    if len(parts) == 1 and isinstance(parts[0], Rows) and not (parts[0].scores < 0).any():
        return parts[0]   # its best is its score, and there are no others
    merged = _merged(fast, parts)
    if merged is not None:
        rows, at, scores = merged
        best = np.zeros(len(rows))
        if _FAST_AT:   # the children in order, as the loop below (one call, not four a child)
            np.maximum.at(best, at, scores)
        else:
            start = 0
            for p in parts:
                i = at[start:start + len(p.rows)]
                best[i] = np.maximum(best[i], p.scores)
                start += len(p.rows)
        total = np.bincount(at, weights=scores, minlength=len(rows))
        return Rows(rows, best + tiebreak * (total - best))
    mask, best, total = np.zeros(fast.n, bool), np.zeros(fast.n), np.zeros(fast.n)
    for p in parts:
        if isinstance(p, Rows):
            mask[p.rows] = True
            best[p.rows] = np.maximum(best[p.rows], p.scores)
            total[p.rows] += p.scores
        else:
            mask |= p.mask
            np.maximum(best, p.score, out=best)
            total += p.score
    return Dense(mask, best + tiebreak * (total - best))


def _found(fast: FastSearcher, subqueries: list[wq.Query], memo: dict) -> list[Result]:
    """The children of a union that match some row: an empty one adds nothing to it. (Half a plan's
    unions have at most one such child, a names field often matching nothing: no merge for them.)"""
    parts = [_node(fast, sub, memo) for sub in subqueries]
    return [p for p in parts if isinstance(p, Dense) or len(p.rows)]


def _merged(fast: FastSearcher, parts: list[Result]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Sparse children as (their rows' union, each posting's place in it, the postings' scores), or
    None when a child is dense or the union is better done densely."""
    if any(isinstance(p, Dense) for p in parts) or sum(len(p.rows) for p in parts) * row_helpers.DENSE_SHARE > fast.n:
        return None
    rows, at = row_helpers.union([p.rows for p in parts])
    return rows, at, np.concatenate([p.scores for p in parts])


def _phrase(fast: FastSearcher, field: str, words: list[str], slop: int, memo: dict) -> Rows:
    """Words in order, each within `slop` positions after the one before (whoosh's SpanNear2);
    scored as the sum of its words, as whoosh does. Positions are read around the rarest word's
    rows: no intersection of the words' rows first, the chain of positions is the intersection. A
    word this query has not scored yet is scored at the phrase's rows only when it has far more
    postings than the rarest."""
    if field not in POSITIONAL:
        raise UnsupportedQuery(f"phrase on a field without positions: {field!r}")
    if len(words) == 1:
        return _word(fast, field, words[0], memo)
    # A word with over _SCORED_APART times the rarest's postings is scored at the phrase's rows only
    # (unless this query has scored it already): most of its rows are no phrase.
    counts = [fast.postings_count(field, w) for w in words]
    floor = _SCORED_APART * min(counts)
    parts = [_word(fast, field, w, memo) if c <= floor or (field, w) in memo else None for w, c in zip(words, counts)]
    found = [p for p in parts if p is not None]
    if any(not len(p.rows) for p in found):
        return _EMPTY
    matched = _distinct(fast.followed(field, words, min(found, key=lambda p: len(p.rows)).rows, slop,
                                      memo.setdefault(_KEYS, {})))
    if fast.count != fast.n:   # every word was read whole: deleted rows are in the chain
        matched = matched[fast.live[matched]]
    scores = np.zeros(len(matched))
    for word, p, count in zip(words, parts, counts):   # summed in the query's order, as _and does
        if p is None:
            live = count if fast.count == fast.n else len(fast.postings(field, word)[0])
            scores += fast.term_at(field, word, matched, live)
        else:
            scores += p.scores if len(p.rows) == len(matched) else p.scores[row_helpers.places(p.rows, matched)]
    return Rows(matched, scores)


def _distinct(rows: np.ndarray) -> np.ndarray:
    """The distinct values of `rows`, sorted (np.unique hashes, which costs several times more on
    arrays that are mostly sorted already, as a phrase's rows are)."""
    if len(rows) > 1 and (rows[1:] < rows[:-1]).any():
        rows = np.sort(rows)
    if len(rows) < 2:
        return rows
    keep = np.empty(len(rows), bool)
    keep[0] = True
    np.not_equal(rows[1:], rows[:-1], out=keep[1:])
    return rows[keep]


def matched(fast: FastSearcher, q: wq.Query, memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sorted live rows `q` matches and their scores."""
    found = matches(fast, q, memo)
    return found.rows, found.scores
