"""NFKC + case folding that remembers where every character came from.

Matching happens on normalised text (ＥＴＨＺ → ETHZ, ｶﾞ → ガ); highlighting needs offsets in the
stored text. `normalize` returns the normalised string and a map back to the original.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Half-width voiced marks and combining marks join the character before them (ｶ + ﾞ → ガ).
_JOINERS = {"\uff9e", "\uff9f", "\u3099", "\u309a"}


@dataclass(frozen=True)
class Normalized:
    text: str
    starts: list[int] | None = None   # original start of each normalised char; None: identity
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised slice [start, end)."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """`text` normalised, with the map back (cached for short texts, which recur: fields, queries)."""
    return _cached(text) if len(text) <= 20_000 else _normalize(text)


@lru_cache(maxsize=256)
def _cached(text: str) -> Normalized:
    return _normalize(text)


def _normalize(text: str) -> Normalized:
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return Normalized(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (text[j] in _JOINERS or unicodedata.combining(text[j])):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return Normalized("".join(out), starts, ends)
