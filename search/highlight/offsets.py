"""A page's highlights, from where the index says its hits matched.

The names and body positions keep their words' character offsets (indexer.fastindex.CHARS), so a
hit's matched words are found by looking the query's terms up in its postings, as Lucene's
postings-offsets highlighter does. Analysing each new hit's text again was two thirds of the time
of a query asked for the first time. A hit in a segment written before the offsets were kept is
highlighted by that analysis (search.highlight), with the same result.
"""
from __future__ import annotations

from itertools import accumulate
from typing import Sequence

import numpy as np

from renkei.corpus import Record
from renkei.indexer.schema import BODY, NAMES, names_lines

from renkei.search.plan.compile import MatchTerms
from renkei.search.plan.ranking import COMPOUND_SLOP
from renkei.search.matching.rows import isin_sorted, keys_in
from renkei.search.matching.rowspace import FastSearcher
from renkei.search.highlight.fragments import Highlight, fragments, spans_within

Spans = list[tuple[int, int]]


class BodyPositions:
    """The body positions of a query's words, with their character offsets when every segment keeps
    them, read once for the rescore's rows: the page's highlights look up the same words in rows
    among those (reading them twice was ~40 µs of a query's ~1.3 ms at 1k records)."""

    def __init__(self, fast: FastSearcher, match: MatchTerms) -> None:
        self.fast, self.words = fast, _words_of(match)
        self.chars = fast.all_have_chars(BODY)
        self.rows: np.ndarray | None = None
        self.found: dict[str, tuple[np.ndarray, ...]] = {}

    def read(self, rows: np.ndarray) -> dict[str, tuple[np.ndarray, ...]]:
        """Per word, its keys row << 32 | position in the sorted `rows` (then its offsets)."""
        self.rows, self.found = rows, self.fast.in_rows(BODY, self.words, rows, chars=self.chars)
        return self.found

    def covering(self, rows: np.ndarray) -> dict[str, tuple[np.ndarray, ...]] | None:
        """What was read, if it holds the offsets of every one of the sorted `rows`."""
        if self.rows is None or not self.chars or not isin_sorted(rows, self.rows).all():
            return None
        return self.found


def page_highlights(fast: FastSearcher, rows: Sequence[int], records: Sequence[Record],
                    match: MatchTerms, body: BodyPositions | None = None) -> list[tuple[Highlight, ...]]:
    """The highlights of each hit (its row and record), in order (`body`: positions read already)."""
    if not (match.terms or match.sequences):   # substrings only, or nothing: no words to look up
        return [highlights(record, match, [], []) for record in records]
    ordered = np.array(sorted(set(rows)), dtype=np.int64)
    found = {NAMES: matched_spans(fast, NAMES, ordered, match),
             BODY: matched_spans(fast, BODY, ordered, match, body and body.covering(ordered))}
    everywhere = fast.all_have_chars(NAMES) and fast.all_have_chars(BODY)   # else asked row by row
    return [highlights(record, match, found[NAMES].get(row, []), found[BODY].get(row, []))
            if everywhere or (fast.has_chars(NAMES, row) and fast.has_chars(BODY, row)) else highlights(record, match)
            for row, record in zip(rows, records)]


def matched_spans(fast: FastSearcher, field: str, rows: np.ndarray, match: MatchTerms,
                  located: dict[str, tuple[np.ndarray, ...]] | None = None) -> dict[int, Spans]:
    """Per row (of the sorted `rows`), the [start, end) in the field's text of each word the query
    matched: its terms, and its compounds' words side by side (first word's start to last's end).
    `located`: the words' positions with offsets, read already (in these rows and maybe others)."""
    if located is None:
        located = fast.in_rows(field, _words_of(match), rows, chars=True)
    out: dict[int, Spans] = {}

    def add(keys: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> None:
        for row, start, end in zip((keys >> 32).tolist(), starts.tolist(), ends.tolist()):
            out.setdefault(row, []).append((start, end))

    for term in match.terms:
        add(*located[term])
    for sequence in match.sequences:
        keys, starts, _ = located[sequence[0]]
        ok = np.ones(len(keys), bool)
        for k, word in enumerate(sequence[1:], 1):
            ok &= keys_in(keys + k, located[word][0])
        last_keys, _, last_ends = located[sequence[-1]]
        add(keys[ok], starts[ok], last_ends[last_keys.searchsorted(keys[ok] + len(sequence) - 1)])
        for picked in _chains(located, sequence, keys[~ok], COMPOUND_SLOP):
            add(*picked)
    return out


def _chains(located: dict[str, tuple[np.ndarray, ...]], sequence: tuple[str, ...], keys: np.ndarray,
            slop: int) -> list[tuple[np.ndarray, ...]]:
    """A compound's words in order with a word between (ソウル…大学 for ソウル大学), as the query's
    phrase found them (each within `slop` positions of the one before): starting at the first
    word's `keys`, the (keys, starts, ends) of each word of the chains found, each word marked
    alone (what lies between did not match). The nearest next word is always the best choice."""
    if slop < 2 or not len(keys):
        return []
    first_keys, first_starts, first_ends = located[sequence[0]]
    at = first_keys.searchsorted(keys)
    picks, alive, current = [(keys, first_starts[at], first_ends[at])], np.ones(len(keys), bool), keys
    for word in sequence[1:]:
        word_keys, starts, ends = located[word]
        if not len(word_keys):
            return []
        at = np.minimum(word_keys.searchsorted(current + 1), len(word_keys) - 1)
        found = (word_keys[at] > current) & (word_keys[at] - current <= slop)
        alive &= found
        current = np.where(found, word_keys[at], current)
        picks.append((current, starts[at], ends[at]))
    return [(k[alive], s[alive], e[alive]) for k, s, e in picks]


def _words_of(match: MatchTerms) -> list[str]:
    return sorted(match.terms | {w for seq in match.sequences for w in seq})


def highlights(record: Record, match: MatchTerms, names: Spans | None = None,
               body: Spans | None = None) -> tuple[Highlight, ...]:
    """A record's highlights: its title, partners and departments, and its text. `names` and `body`:
    the matched words' spans in its names field and its text, from the index (None: analyse)."""
    if names:   # only looked in when the index found words there
        lines = names_lines(record)
        starts = list(accumulate((len(line) + 1 for line in lines), initial=0))

    def in_line(line: str) -> Spans | None:   # a line's spans, from where it is in the names field
        if not names:
            return names
        k = lines.index(line)
        return spans_within(names, starts[k], starts[k] + len(line))

    marks = fragments("title", record.title, match, limit=1, words=in_line(record.title))
    partners = (*record.partners, *record.departments)
    text = "\n".join(partners)
    if text and text != record.title:
        words = None if names is None else []
        if names:
            at = 0
            for line in partners:
                words += [(a + at, b + at) for a, b in in_line(line)]
                at += len(line) + 1
        marks += fragments("partners", text, match, limit=1, words=words)
    marks += fragments("text", record.text, match, words=body)
    return tuple(marks)
