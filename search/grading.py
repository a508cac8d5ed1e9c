"""Graded matching: one plan's words evaluated into a coordination level and a score per record.

Records with more of the query's words rank higher (coordination); among equals, those that have
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

import numpy as np

from . import ranking
from .fastpath import FastSearcher
from .plan import Plan

# The rescore multiplies a score by at most this much (search.rescore).
_RESCORE_CEILING = 1 + ranking.EXACT_SHARE + ranking.ADJACENT_SHARE + ranking.PROXIMITY_SHARE
_TIER_STEPS = 1000   # tiers are rounded to 3 decimals


@dataclass
class Graded:
    score: np.ndarray      # BM25F with the coordination factor, per row
    tier: np.ndarray       # counts*2 + words-as-typed + home university, per row
    matched: np.ndarray    # rows with some of the words
    full: np.ndarray       # rows with all of them
    missing: list[str]     # the words found nowhere
    timed_out: bool


def grade(fast: FastSearcher, plan: Plan, required: np.ndarray, deadline: float | None,
          memo: dict | None = None) -> Graded:
    memo = {} if memo is None else memo   # the plan's clauses share subtrees
    n = len(plan.words)
    counts = np.zeros(fast.n)
    own = np.zeros(fast.n, np.int32)
    score = np.zeros(fast.n)
    missing: list[str] = []
    timed_out = False
    for clause, plain, label, parts in zip(plan.words, plan.plain, plan.labels, plan.pieces):
        if deadline is not None and time.monotonic() >= deadline:   # a budget, as Elasticsearch's timeout
            timed_out = True
            break
        rows, s = fast.matches(clause, memo)
        if not len(rows) and parts:
            # A compound found nowhere: its pieces, anywhere, count as part of the word.
            found = [fast.matches(p, memo) for p in parts]
            share, piece_score = np.zeros(fast.n), np.zeros(fast.n)
            for r, p in found:
                share[r] += 1
                piece_score[r] += p
            share /= len(found)
            counts += np.minimum(share, 0.99)
            score += piece_score
            own += share > 0
            if not (share > 0).any():
                missing.append(label)
            continue
        if not len(rows):
            missing.append(label)
        # Each word's rows scattered in (sparse): a word costs its postings, not a pass over every row.
        counts[rows] += 1
        score[rows] += s
        own[fast.matches(plain, memo)[0] if plain is not None else rows] += 1
    matched = required & (counts > 0)
    full = required & (counts == n)
    score = score * (counts / n) ** 2
    tier = np.round(counts * 2 + (own >= counts), 3)
    for q in plan.home:   # "Kyoto University": Kyoto's own records before others with every word
        tier += (fast.evaluate(q, memo)[0] & full) * 2
    return Graded(score, tier, matched, full, missing, timed_out)


def shown_scores(graded: Graded, candidates: np.ndarray, rows: list[int],
                 rescored: dict[int, float]) -> dict[int, float]:
    """The score shown for each of `rows`: its level among the tiers the `candidates` reach, plus
    its score over a bound no candidate's (rescored) score reaches."""
    if not rows:
        return {}
    steps = np.rint(graded.tier[candidates] * _TIER_STEPS).astype(np.int64)
    present = np.flatnonzero(np.bincount(steps - steps.min()))
    bound = float(graded.score[candidates].max()) * _RESCORE_CEILING
    bound = bound * (1 + 1e-9) if bound > 0 else 1.0
    shown = {}
    for row in rows:
        level = int(np.searchsorted(present, round(graded.tier[row] * _TIER_STEPS) - steps.min()))
        shown[row] = level + rescored.get(row, float(graded.score[row])) / bound
    return shown
