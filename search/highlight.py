"""Highlights as data: fragments of a record's text with the character spans of the matches.

Spans come from the same analysis as the index (so stemmed and base-form matches light up the
words as written) plus Japanese substrings for partial-word matches; offsets point into the
stored text, never into a normalised copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.analysis import EN_STOP, pieces, stem_english
from indexer.normalize import normalize

from .compile import MatchTerms

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
MAX_FRAGMENT = 240
MAX_FRAGMENTS = 3


@dataclass(frozen=True)
class Highlight:
    """One fragment of a field, with [start, end) spans of matched words within `text`."""
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


def _words(text: str) -> tuple[list, list[set]]:
    """The words of `text` as the query sees them (English stop words out, dropped Japanese words
    kept as gaps so that "side by side" means side by side), with the forms each can match."""
    words = [p for p in pieces(text) if not (p.script == "latin" and p.term in EN_STOP)]
    forms = [{stem_english(p.term)} if p.script == "latin" else {p.term, p.variant} for p in words]
    return words, forms


def _sequence_at(forms: list[set], i: int, sequence: tuple[str, ...]) -> bool:
    return all(i + k < len(forms) and term in forms[i + k] for k, term in enumerate(sequence))


def match_spans(text: str, match: MatchTerms) -> list[tuple[int, int]]:
    """Sorted, merged spans of `text` that the query matched."""
    spans = []
    if match.terms or match.sequences:
        words, forms = _words(text)
        for i, piece in enumerate(words):
            if piece.script != "gap" and forms[i] & match.terms:
                spans.append((piece.start, piece.end))
            for sequence in match.sequences:
                if sequence[0] in forms[i] and _sequence_at(forms, i, sequence):
                    spans.append((piece.start, words[i + len(sequence) - 1].end))
    if match.substrings:
        norm = normalize(text)
        for sub in match.substrings:
            for m in re.finditer(re.escape(sub), norm.text):
                spans.append(norm.span(m.start(), m.end()))
    return merge(spans)


def rescore_signals(text: str, match: MatchTerms) -> tuple[int | None, float, float]:
    """(proximity window, share of exact English words present, share of compounds side by side)."""
    words, forms = _words(text)
    exact = len({p.term for p in words if p.script == "latin"} & match.exact) / len(match.exact) if match.exact else 0.0
    adjacent = 0.0
    if match.sequences:
        found = sum(1 for seq in match.sequences
                    if any(seq[0] in forms[i] and _sequence_at(forms, i, seq) for i in range(len(words))))
        adjacent = found / len(match.sequences)
    return _proximity(words, forms, match), exact, adjacent


def _proximity(words: list, forms: list[set], match: MatchTerms) -> int | None:
    """The fewest content words that hold every matched query term (None: not all present)."""
    wanted = set(match.terms) | {seq[0] for seq in match.sequences}
    if len(wanted) < 2:
        return None
    hits = []
    for i, (p, f) in enumerate((p, f) for p, f in zip(words, forms) if p.script != "gap"):
        found = f & wanted
        if found:
            hits.append((i, next(iter(found))))
    best, counts, lo = None, {}, 0
    for hi, (i, term) in enumerate(hits):
        counts[term] = counts.get(term, 0) + 1
        while len(counts) == len(wanted):
            span = i - hits[lo][0] + 1
            best = span if best is None else min(best, span)
            first = hits[lo][1]
            counts[first] -= 1
            if not counts[first]:
                del counts[first]
            lo += 1
    return best


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence, cut at .!? and 。！？ and line breaks."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def fragments(field: str, text: str, match: MatchTerms, limit: int = MAX_FRAGMENTS) -> list[Highlight]:
    """Up to `limit` sentences with the most matches, in text order, with spans relative to each."""
    spans = match_spans(text, match)
    if not spans:
        return []
    scored = []
    for s, e in sentences(text):
        inside = [(a, b) for a, b in spans if a >= s and b <= e]
        if inside:
            distinct = len({text[a:b].casefold() for a, b in inside})
            scored.append((distinct, len(inside), -s, s, e, inside))
    scored.sort(reverse=True)
    chosen = sorted(scored[:limit], key=lambda item: item[3])
    out = []
    for *_, s, e, inside in chosen:
        s, e = _trim(text, s, e, inside)
        kept = tuple((a - s, b - s) for a, b in inside if a >= s and b <= e)
        out.append(Highlight(field, text[s:e], kept))
    return out


def _trim(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Cut a long sentence to a window around its first match."""
    if end - start <= MAX_FRAGMENT:
        return start, end
    first = spans[0][0]
    lo = max(start, first - MAX_FRAGMENT // 3)
    hi = min(end, lo + MAX_FRAGMENT)
    return lo, hi
