"""Did-you-mean: the index's words nearest to a misspelled one (Engine.suggest), read from whoosh's
term dictionary, which a search opens only when a word is found nowhere.

A suggestion is *sure* when each word it changes is a typo of the word it puts in: one edit, the
umlaut's transliteration, or two edits of a lowercase word into an English word (sustainabilty).
Only then are its results shown in place of the query's (#30.6): a name no record mentions is not
rewritten into another name and answered (Kyoei University is no Kyoto University, Nantong no
Nanyang, Shouwa no "Should"); the suggestion is still offered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from renkei.indexer.analysis import pieces, stem_english
from renkei.indexer.schema import BODY, NAMES

_INNER_CAPITAL = re.compile(r"[a-z][A-Z]|^[A-Z]{2}")   # UPenn, PolyU; IISc
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
MAX_SPELL_WORDS = 8   # words looked up for did-you-mean in one query: spelling work stays bounded


@dataclass(frozen=True)
class Suggestion:
    text: str     # the query with its misspelled words replaced
    sure: bool    # every word replaced is a typo of its replacement: its results may stand for the query's


def suggestion(reader: Any, analyzer: Any, fast: Any, query: str, wanted: set[str] | None,
               is_word: Callable[[str], bool]) -> Suggestion | None:
    """The query with misspelled English words replaced by the index's nearest words, if any."""
    changed, sure, out, looked = False, True, [], 0
    for token in re.split(r"(\s+)", query):
        # An acronym (HKUST) or a name with inner capitals (UPenn, PolyU) is never "corrected"
        # into an unrelated indexed word: it matches, or the answer says nothing mentions it.
        candidate = (_LATIN_WORD.match(token) and 3 < len(token) <= 30 and looked < MAX_SPELL_WORDS
                     and not token.isupper() and not _INNER_CAPITAL.search(token)
                     and (wanted is None or token in wanted))
        stems = [t.text for t in analyzer(token)] if candidate else []
        best = correction(reader, stems[0], token, is_word) if len(stems) == 1 else None
        if best is not None:
            looked += 1
            written = _written_form(fast, best) if best else None
            if written:
                sure &= _a_typo(stems[0], best, token, written, is_word)
                token, changed = match_case(token, written), True
        out.append(token)
    return Suggestion("".join(out), sure) if changed else None


def _a_typo(stem: str, best: str, token: str, written: str, is_word: Callable[[str], bool]) -> bool:
    """Whether `token` is a misspelling of `written`, not another word: one edit away, or two from an
    English word typed in lowercase. A name typed with a capital two edits from an index word is
    another name (Kadogawa: Kanagawa, Meio: Mexico)."""
    if edits(stem, best) <= 1:   # (the umlaut's transliteration too: munster, muenster)
        return True
    return not token[:1].isupper() and is_word(written.casefold())


def edits(a: str, b: str) -> int:
    """Levenshtein distance (as whoosh's terms_within counts: no transpositions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        last, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            last, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, last + (x != y))
    return row[-1]


def _written_form(fast: Any, stem: str) -> str | None:
    """How a record writes the word whose stem is `stem` (the index keeps only stems)."""
    rows = [r for f in (NAMES, BODY) for r in fast.postings(f, stem)[0][:1]]
    record = fast.records([int(rows[0])])[0] if rows else None
    if record is None:
        return None
    for piece in pieces(record.display_text):
        if piece.script == "latin" and stem_english(piece.term) == stem:
            return piece.surface
    return None


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

