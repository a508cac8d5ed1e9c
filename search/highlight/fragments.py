"""Highlights as data: fragments of a record's text with the character spans of the matches.

Spans come from the index's own tokens (so stemmed and base-form matches light up the words as
written): their character offsets, kept with the positions (search/spans.py), or for an index
written before those, the same analysis run again here. Japanese substrings add partial-word
matches. Offsets point into the stored text, never into a normalised copy.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from renkei.indexer.analysis import CACHE_MAX_CHARS, EN_STOP, japanese_keys, pieces, stem_english
from renkei.indexer.kana import KATAKANA_STRETCH, fold_katakana, folded_text
from renkei.indexer.normalize import normalize

from renkei.search.plan.compile import MatchTerms
from renkei.search.plan.ranking import COMPOUND_SLOP
from renkei.corpus.text import LazyPattern

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
MAX_FRAGMENT = 240
MAX_FRAGMENTS = 3
# A text longer than this is highlighted in windows around the first places its query words occur
# (found by a plain text search), so a book-length record costs what a page does.
LONG_TEXT = CACHE_MAX_CHARS
MAX_WINDOWS = 4
_KANJI_THEN_KANA = LazyPattern(r"^(.*?[\u3400-\u9fff\u30a0-\u30ff])[\u3040-\u309f]+$")


@dataclass(frozen=True)
class Highlight:
    """One fragment of a field, with [start, end) spans of matched words within `text`."""
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[list, list[set], dict[str, list[int]]]:
    """The words of `text` as the query sees them (English stop words out, dropped Japanese words
    kept as gaps so that "side by side" means side by side), the forms each can match, and where
    each form occurs (cached: a record highlighted before costs a lookup)."""
    words = [p for p in pieces(text) if not (p.script == "latin" and p.term in EN_STOP)]
    # the forms the index gives each word (indexer.analysis.BilingualTokenizer): for a German word, its
    # transliteration too (goettingen finds and marks Göttingen)
    forms = [{stem_english(p.term), p.variant and stem_english(p.variant)} if p.script == "latin"
             else {p.term, p.variant, *japanese_keys(p)} for p in words]
    where: dict[str, list[int]] = {}
    for i, (piece, found) in enumerate(zip(words, forms)):
        if piece.script != "gap":
            for form in found - {None}:
                where.setdefault(form, []).append(i)
    return words, forms, where


def _sequence_at(forms: list[set], i: int, sequence: tuple[str, ...]) -> bool:
    return all(i + k < len(forms) and term in forms[i + k] for k, term in enumerate(sequence))


def _chain_at(forms: list[set], i: int, sequence: tuple[str, ...]) -> list[int]:
    """The words of `sequence` from word i on, each within COMPOUND_SLOP words of the one before
    (the nearest each time), or none."""
    chain = [i]
    for term in sequence[1:]:
        nxt = next((j for j in range(chain[-1] + 1, min(chain[-1] + COMPOUND_SLOP + 1, len(forms)))
                    if term in forms[j]), None)
        if nxt is None:
            return []
        chain.append(nxt)
    return chain


def match_spans(text: str, match: MatchTerms, words: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sorted, merged spans of `text` that the query matched. `words`: the spans of its terms and
    sequences, read from the index; without them, `text` is analysed to find them."""
    if words is not None and not match.substrings and not match.dates:   # the index's spans only: nothing to add
        return merge(words)
    spans = list(words or ())
    if words is None and (match.terms or match.sequences):
        words, forms, where = _words(text)
        for term in match.terms:
            spans += [(words[i].start, words[i].end) for i in where.get(term, ())]
        for sequence in match.sequences:
            for i in where.get(sequence[0], ()):
                if _sequence_at(forms, i, sequence):
                    spans.append((words[i].start, words[i + len(sequence) - 1].end))
                else:   # in order with a word between, as the query's phrase allows: each word marked
                    spans += [(words[j].start, words[j].end) for j in _chain_at(forms, i, sequence)]
    keys = []
    for sub in match.substrings:
        if not KATAKANA_STRETCH.fullmatch(sub):
            norm = normalize(text)
            spans += [norm.span(m.start(), m.end()) for m in re.finditer(re.escape(sub), norm.text)]
        elif fold_katakana(sub):   # (ーー・ folds to nothing, found everywhere)
            keys.append(fold_katakana(sub))
    if match.dates:
        spans += _date_spans(text, match.dates)
    folded, starts, ends = _folded_katakana(text) if keys else ("", [], [])
    for key in keys:   # katakana in any spelling (indexer.kana), marked as written
        at = folded.find(key)
        while at >= 0:
            spans.append((starts[at], ends[at + len(key) - 1]))
            at = folded.find(key, at + len(key))
    return merge(spans)


def _date_spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Where `text` mentions a day in the query's dates, however written (3rd March 2016 for
    2016年3月3日; any day of April 2019 for `April 2019`)."""
    from renkei.corpus.dates import normalize as dates_normalize
    from renkei.corpus.when import mentions
    norm = normalize(text)
    if dates_normalize(norm.text) != norm.text:   # kanji numerals (二〇一六年) read as digits: other offsets
        return []
    return [norm.span(start, end) for start, end, terms in mentions(norm.text) if wanted.intersection(terms)]


@lru_cache(maxsize=1024)
def _folded_katakana(text: str) -> tuple[str, list[int], list[int]]:
    """`text`'s katakana stretches folded, one line each, with each folded character's [start, end)
    in `text` as stored (cached per text: a page's records are highlighted for every katakana word of the
    query; a regular expression per stretch and word was a quarter of シンポジウム's CPU at 1k)."""
    norm = normalize(text)   # here, not per call: most texts are past normalize's own cache
    lines, starts, ends = [], [], []
    for m in KATAKANA_STRETCH.finditer(norm.text):
        folded, begin, end = folded_text(m.group())
        lines.append(folded + "\n")   # no key holds a newline: no match runs across two stretches
        spans = [norm.span(m.start() + b, m.start() + e) for b, e in zip(begin, end)]
        starts += [b for b, _ in spans] + [-1]
        ends += [e for _, e in spans] + [-1]
    return "".join(lines), starts, ends


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=1024)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """[start, end) of each sentence, cut at .!? and 。！？ and line breaks (cached as _words is)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return tuple((s, e) for s, e in out if text[s:e].strip())


def fragments(field: str, text: str, match: MatchTerms, limit: int = MAX_FRAGMENTS,
              words: list[tuple[int, int]] | None = None) -> list[Highlight]:
    """Up to `limit` sentences with the most matches, in text order, with spans relative to each
    (`words`: see match_spans)."""
    if words is not None and not words and not match.substrings and not match.dates:   # the index found none here
        return []
    if len(text) > LONG_TEXT:
        found = [h for s, e in _windows(text, match)
                 for h in fragments(field, text[s:e], match, limit, spans_within(words, s, e))]
        best = sorted(range(len(found)), key=lambda i: (-len(found[i].spans), i))[:limit]
        return [found[i] for i in sorted(best)]
    spans = match_spans(text, match, words)
    if not spans:
        return []
    # Each span in the sentence it starts in, if it ends there too (sorted both: a search a span,
    # not a pass over the spans a sentence), the sentences in text order.
    # (An empty span at a sentence's end is in the next one's too: each sentence then looks.)
    found = sentences(text)
    groups: dict[int, list[tuple[int, int]]] = {}
    if len(found) > 1 and all(a < b for a, b in spans):
        starts = [s for s, _ in found]
        for a, b in spans:
            k = bisect_right(starts, a) - 1
            if k >= 0 and b <= found[k][1]:
                groups.setdefault(k, []).append((a, b))
    else:
        for k, (s, e) in enumerate(found):
            inside = [(a, b) for a, b in spans if a >= s and b <= e]
            if inside:
                groups[k] = inside
    if len(groups) > limit:   # the sentences with the most distinct matches (their words), then more matches
        scored = [(len({text[a:b].casefold() for a, b in inside}), len(inside), -found[k][0], k)
                  for k, inside in groups.items()]
        scored.sort(reverse=True)
        chosen = sorted(k for *_, k in scored[:limit])
    else:   # every sentence with a match, in text order already
        chosen = groups
    out = []
    for k in chosen:
        inside = groups[k]
        s, e = _trim(text, *found[k], inside)
        kept = tuple([(a - s, b - s) for a, b in inside if a >= s and b <= e])
        out.append(_highlight(field, text[s:e], kept))
    return out


def _highlight(field: str, text: str, spans: tuple[tuple[int, int], ...]) -> Highlight:
    """Highlight(...) without the frozen dataclass's __init__ (as results.Hit.of)."""
    made = _new(Highlight)
    made.__dict__.update(field=field, text=text, spans=spans)
    return made


_new = object.__new__


def spans_within(spans: list[tuple[int, int]] | None, start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans inside [start, end), relative to `start`."""
    if spans is None:
        return None
    return [(a - start, b - start) for a, b in spans if a >= start and b <= end]


def _trim(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Cut a long sentence to a window around its first match."""
    if end - start <= MAX_FRAGMENT:
        return start, end
    first = spans[0][0]
    lo = max(start, first - MAX_FRAGMENT // 3)
    hi = min(end, lo + MAX_FRAGMENT)
    return lo, hi


def _windows(text: str, match: MatchTerms) -> list[tuple[int, int]]:
    """Up to MAX_WINDOWS stretches of a long text around the first occurrences of the query's
    words as they are likely written (stems and base forms as prefixes: certif-, 深-)."""
    needles = {_KANJI_THEN_KANA.sub(r"\1", t) for t in (*match.terms, *match.exact, *match.substrings)}
    needles = sorted((n for n in needles if n), key=len, reverse=True)
    if not needles:
        return []
    found: list[tuple[int, int]] = []
    for m in re.finditer("|".join(map(re.escape, needles)), text, re.IGNORECASE):
        start, end = max(0, m.start() - MAX_FRAGMENT), min(len(text), m.end() + MAX_FRAGMENT)
        if found and start < found[-1][1]:
            if end - found[-1][0] <= 3 * MAX_FRAGMENT:   # near the last one: widen it, up to a bound
                found[-1] = (found[-1][0], end)
                continue
            start = found[-1][1]
        if len(found) == MAX_WINDOWS:
            break
        found.append((start, end))
    return found
