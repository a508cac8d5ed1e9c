"""Did-you-mean: the index's words nearest to a misspelled one (Engine.suggest), read from whoosh's
term dictionary, which a search opens only when a word is found nowhere."""
from __future__ import annotations

from typing import Any, Callable

from renkei.indexer.schema import BODY, NAMES


def known(reader: Any, stem: str) -> bool:
    return any(reader.doc_frequency(f, stem) for f in (NAMES, BODY))


def nearest(reader: Any, stem: str) -> str | None:
    """The index term (a stem) nearest to `stem`: one edit away if any, else two; the commonest.
    The first letter is kept (as Lucene's spell checker does): ten times less automaton to walk."""
    for distance in (1, 2):
        candidates = {c for f in (NAMES, BODY) for c in reader.terms_within(f, stem, distance, prefix=1)
                      if c.isascii()}
        if candidates:
            return max(sorted(candidates), key=lambda c: sum(reader.doc_frequency(f, c) for f in (NAMES, BODY)))
    return None


def correction(reader: Any, stem: str, token: str, is_word: Callable[[str], bool]) -> str | None:
    """What to correct a typed word (its index `stem`) to: an index term, "" when it is misspelled
    and nothing is near, None when it is no misspelling (the index knows it; or English does, unless
    it is a name typed without its umlaut: Munster for the index's Muenster)."""
    if known(reader, stem):
        return None
    umlaut = transliterated(reader, stem) if token[:1].isupper() else None
    if umlaut or is_word(token):
        return umlaut
    return nearest(reader, stem) or ""


def transliterated(reader: Any, stem: str) -> str | None:
    """The index's German transliteration of a word typed without its umlaut (munster: muenster,
    the index's spelling of Münster), if the index has exactly one: an e after one a, o or u."""
    found = {variant for at, char in enumerate(stem) if char in "aou" and stem[at + 1:at + 2] not in ("e", "")
             for variant in [stem[:at + 1] + "e" + stem[at + 1:]] if known(reader, variant)}
    return found.pop() if len(found) == 1 else None


def match_case(original: str, word: str) -> str:
    return word.capitalize() if original[:1].isupper() else word

