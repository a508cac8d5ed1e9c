"""Graded matching: one plan's words evaluated into a coordination level and a score per record.

Records with more of the query's words rank higher (coordination, each word weighed by its
rarity: plan.ranking.rarity_weights); among equals, those that have
the words as typed come before those reached only through a translation, and those filed under a
home university the query names come first. That order is lexicographic — (level, score) — so
the score a user sees is written the same way: the whole part is the level among the levels this
query reaches, the fraction is the BM25F score (after the rescore) relative to the query's bound.
Ranks then follow shown scores, and a record's score depends on the query and the index only,
never on --limit or --offset.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from renkei.search.plan import ranking
from renkei.search.matching import evaluation
from renkei.search.matching import rows as row_helpers
from renkei.search.matching.rows import isin_sorted
from renkei.search.matching.rowspace import FastSearcher
from renkei.search.plan.plan import Plan

# The rescore multiplies a score by at most this much (search.rescore).
_RESCORE_CEILING = 1 + ranking.EXACT_SHARE + ranking.ADJACENT_SHARE + ranking.PROXIMITY_SHARE


@dataclass
class Graded:
    """The rows with some of the words (and every requirement), each with its score and tier: a
    query's later work (top k, totals, shown scores) costs its matches, not a pass over every row."""
    rows: np.ndarray       # sorted
    score: np.ndarray      # per row of `rows`: BM25F with the coordination factor
    tier: np.ndarray       # per row of `rows`: weighed words found, then as typed, then home
    full: np.ndarray       # per row of `rows`: has every word
    missing: list[str]     # the words found nowhere
    timed_out: bool

    def only(self, keep: np.ndarray) -> "Graded":
        return Graded(self.rows[keep], self.score[keep], self.tier[keep], self.full[keep],
                      self.missing, self.timed_out)

    def at(self, rows: list[int]) -> np.ndarray:
        """Where the given rows (all among `rows`) are."""
        return self.rows.searchsorted(np.asarray(rows, dtype=np.int64))


def grade(fast: FastSearcher, plan: Plan, required: np.ndarray, deadline: float | None,
          memo: dict | None = None) -> Graded:
    memo = {} if memo is None else memo   # the plan's clauses share subtrees
    n = len(plan.words)
    found: list[tuple[np.ndarray, np.ndarray | float, np.ndarray, np.ndarray]] = []   # rows, share, score, own
    dfs: list[int] = []   # per word, the rows it finds (not through a guess: a word's rarity as it would be without)
    missing: list[str] = []
    timed_out = False
    guessed = plan.guessed or [None] * n
    for clause, plain, label, parts, guess in zip(plan.words, plan.plain, plan.labels, plan.pieces, guessed):
        if deadline is not None and time.monotonic() >= deadline:   # a budget, as Elasticsearch's timeout
            timed_out = True
            break
        rows, s = evaluation.matched(fast, clause, memo)
        if not len(rows) and parts:
            # A compound found nowhere: its pieces, anywhere, count as part of the word.
            pieces = [evaluation.matched(fast, p, memo) for p in parts]
            share, piece_score = np.zeros(fast.n), np.zeros(fast.n)
            for r, p in pieces:
                share[r] += 1
                piece_score[r] += p
            rows = np.flatnonzero(share)
            if not len(rows):
                missing.append(label)
            found.append((rows, np.minimum(share[rows] / len(pieces), 0.99), piece_score[rows], rows))
            dfs.append(len(rows))
            continue
        own = evaluation.matched(fast, plain, memo)[0] if plain is not None else rows
        dfs.append(len(rows))
        share: np.ndarray | float = 1.0
        if guess is not None:
            rows, share, s = _with_guesses(fast, rows, s, guess, memo)
        if not len(rows):
            missing.append(label)
        found.append((rows, share, s, own))
    weights = ranking.rarity_weights([df or len(f[0]) for df, f in zip(dfs, found)], fast.count, plan.names)
    rows, counts, hits, score, own_counts = _summed(found, weights, fast.n)
    keep = required[rows] & (counts > 0)
    rows, counts_of, score, own_counts = rows[keep], counts[keep], score[keep], own_counts[keep]
    full = hits[keep] == n
    for q in plan.whole:   # a word found only through a guess at part of its name: not every word
        if q is not None and full.any():
            full &= isin_sorted(rows, evaluation.matched(fast, q, memo)[0])
    # Lexicographic: words found (weighed by rarity, in hundredths), then a home university the
    # query names, then the institutions it names whole in the record's names, then all of the
    # words as typed.
    # (search.solr.backend writes the same sum.)
    named = [q for q in plan.named if q is not None]
    tier = np.rint(counts_of * 100) * (4 * (len(named) + 1)) + (own_counts >= counts_of - 1e-9)
    if plan.home:   # "Kyoto University": Kyoto's own records before others with every word
        home = np.zeros(len(rows), dtype=bool)
        for q in plan.home:
            home |= isin_sorted(rows, evaluation.matched(fast, q, memo)[0])
        tier += (home & full) * (2 * (len(named) + 1))
    for q in named:   # ヤンゴン大学: University of Yangon's record before ヤンゴン工科大学's, which mentions it
        tier += isin_sorted(rows, evaluation.matched(fast, q, memo)[0]) * 2
    coverage = counts_of / max(sum(weights), 1e-9)
    score = score * coverage ** 2
    table_rows = fast.table_rows
    if fast.has_table_rows:   # a table's row (a registry line) after a record that tells of the partner, among equals
        score *= np.where(table_rows[rows], ranking.TABLE_ROW, 1.0)
    return Graded(rows, score, tier, full, missing, timed_out)


def _with_guesses(fast: FastSearcher, rows: np.ndarray, score: np.ndarray, guess, memo: dict) -> tuple:
    """A word's rows, share and score with the records only its acronym's guesses find: those have
    ranking.GUESSED_SHARE of the word, below every record the word finds otherwise; its own keep their score."""
    guessed, guessed_score = evaluation.matched(fast, guess, memo)
    extra = ~isin_sorted(guessed, rows)
    if not extra.any():
        return rows, 1.0, score
    union = np.concatenate([rows, guessed[extra]])
    order = np.argsort(union, kind="stable")
    share = np.concatenate([np.ones(len(rows)), np.full(int(extra.sum()), ranking.GUESSED_SHARE)])
    return union[order], share[order], np.concatenate([score, guessed_score[extra]])[order]


class _Word(NamedTuple):
    """One word of a plan as grading sums it."""
    rows: np.ndarray                  # sorted
    weighed: float | np.ndarray       # its weight; per row for a compound's pieces (a share of it)
    score: np.ndarray                 # per row
    own: np.ndarray                   # the rows that have it as typed
    own_weighed: float | np.ndarray   # what each of those adds to the words as typed
    whole: bool | np.ndarray          # the word itself, not some of its pieces nor a guess (one per row, or all)


def _summed(found: list, weights: list[float], n: int) -> tuple[np.ndarray, ...]:
    """The sorted rows some word found, and per row: its words weighed, how many it has whole, its
    summed score, its words as typed weighed. Summed in the words' order, so the same floats on
    either path: over the rows' union (a merge, then bincount) when the words' postings are few,
    else scattered into arrays over every row (a scatter per word; at 100k rows four arrays of
    every row and their passes were 1.2 ms of a common word's query)."""
    parts = [_Word(rows, weight * share, s, own, weight * (share if own is rows else 1.0),
                   True if np.isscalar(share) else share >= 1)   # a guess's records and a compound's pieces: part
             for (rows, share, s, own), weight in zip(found, weights)]
    if len(parts) == 1 or sum(len(p.rows) for p in parts) * row_helpers.DENSE_SHARE <= n:
        return _summed_sparse(parts)
    return _summed_dense(parts, n)


def _summed_dense(parts: list[_Word], n: int) -> tuple[np.ndarray, ...]:
    counts, own_counts, score, hits = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n, np.int32)
    for rows, weighed, s, own, own_weighed, whole in parts:
        counts[rows] += weighed
        hits[rows] += whole
        score[rows] += s
        own_counts[own] += own_weighed
    rows = np.flatnonzero(counts > 0)
    return rows, counts[rows], hits[rows], score[rows], own_counts[rows]


def _summed_sparse(parts: list[_Word]) -> tuple[np.ndarray, ...]:
    if not parts:   # out of time before the first word
        return np.zeros(0, np.int64), *(np.zeros(0) for _ in range(4))
    if len(parts) == 1:   # one word: its own rows and scores (0 + x is x)
        rows, weighed, s, own, own_weighed, whole = parts[0]   # (weighed: one weight, or one per row)
        if own is rows:
            own_counts = np.full(len(rows), own_weighed) if np.isscalar(own_weighed) else own_weighed
        else:
            own_counts = np.zeros(len(rows))
            own_counts[isin_sorted(rows, own)] = own_weighed
        return rows, _per_row(weighed, len(rows)), _per_row(whole, len(rows)), s, own_counts
    union, at = row_helpers.union([p.rows for p in parts])

    def summed(values: list[np.ndarray]) -> np.ndarray:
        return np.bincount(at, weights=np.concatenate(values), minlength=len(union)) if len(at) else np.zeros(0)

    counts = summed([_per_row(p.weighed, len(p.rows)) for p in parts])
    hits = summed([_per_row(p.whole, len(p.rows)) for p in parts])
    score = summed([p.score for p in parts])
    own_counts, start = np.zeros(len(union)), 0
    for rows, _, _, own, own_weighed, _ in parts:
        if own is rows:
            own_counts[at[start:start + len(rows)]] += own_weighed
        elif len(own) and len(union):
            own = own[isin_sorted(own, union)]   # (a row as typed that no word found counts nowhere)
            own_counts[row_helpers.places(union, own)] += own_weighed
        start += len(rows)
    return union, counts, hits, score, own_counts


def _per_row(value: float | bool | np.ndarray, n: int) -> np.ndarray:
    """A word's value for each of its n rows (one for them all, or one per row already), as floats."""
    return np.full(n, float(value)) if np.isscalar(value) else np.asarray(value, dtype=float)


def only_generic_found(plan: Plan, graded: Graded) -> bool:
    """A word found nowhere, and the words found only say what an institution is (西北大学: 西北 and
    大学; Xyzzy University): no record mentions the name, and every university is no answer."""
    return bool(graded.missing) and all(generic for generic, label in zip(plan.generic, plan.labels)
                                        if label not in graded.missing)


def shown_scores(graded: Graded, rows: list[int], rescored: dict[int, float]) -> dict[int, float]:
    """The score shown for each of `rows`: its level among the tiers the graded rows reach, plus
    its score over a bound no candidate's (rescored) score reaches."""
    if not rows:
        return {}
    steps = graded.tier.astype(np.int64)   # whole numbers (grade): a few hundred levels at most
    steps -= steps.min()
    present = np.flatnonzero(np.bincount(steps))
    bound = float(graded.score.max()) * _RESCORE_CEILING
    bound = bound * (1 + 1e-9) if bound > 0 else 1.0
    at = graded.at(rows)
    levels = present.searchsorted(steps[at]).tolist()
    return {row: level + rescored.get(row, score) / bound
            for row, level, score in zip(rows, levels, graded.score[at].tolist())}
