"""Acronyms and short forms of the index's institution names, as a query gives them (#30.5): HKUST from
the names table's initials, PolyU and UPenn from their capitals, and UGM (Universitas Gadjah Mada,
written Gadjah Mada University) as a guess in its own language's word order."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from renkei.corpus.glossary import Entry
from renkei.corpus.names import CONNECTORS, GENERIC
from renkei.corpus.text import LazyPattern
from renkei.indexer.names.acronyms import of_latin, own
from renkei.search.crosslingual.compose import words_of

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable

ACRONYM = LazyPattern(r"^(?:[A-Z]{2,7}|[A-Z][a-z]+[A-Z][A-Za-z]*)$")   # HKUST; UPenn, PolyU
_MIXED = LazyPattern(r"^(?=.*[a-z])(?=.*[A-Z].*[A-Z]|[A-Z][a-z]+[A-Z])[A-Z][A-Za-z]{1,11}$")   # PolyU, UPenn, IISc
_REORDERED = LazyPattern(r"^U[A-Z]{2,4}$")
_JAPANESE = LazyPattern(r"[\u3040-\u30ff\u3400-\u9fff々]")
_STEM_BEFORE_KIND = LazyPattern(r"^([\u3400-\u9fff々]{2,8})(?:大学校|大学|学院)$")   # 交流|大学
GUESS = "; a guess"   # a route found, but not as typed: its records have "some"


def names_for(table: NameTable, word: str) -> tuple[str, list[str]]:
    """The route and the institution names an acronym or short form stands for; no names if none."""
    typed = ACRONYM.match(word)
    names = table.acronyms.get(word.upper()) if typed else None
    domain = table.domains.get(word.upper(), []) if typed else []
    short = not names and not domain and bool(_MIXED.match(word))
    if short:
        names = short_forms(table, word)
    route = "acronym"
    if not names and not domain and _REORDERED.match(word):   # UGM: Universitas Gadjah Mada, Gadjah Mada University
        names = [n for n in table.acronyms.get(word[1:] + "U", ()) if own_words_then_university(n)]
        route = "acronym, University first" + GUESS
    if not names and not domain and typed and table.guesses.get(word.upper()):
        names = list(table.guesses[word.upper()])   # WPI: ウースター工科大学, read as a Polytechnic Institute
        route = "acronym, a Japanese name's other English" + GUESS
    if not names and not domain:
        return route, []
    # a Latin name whose initials are the acronym in order (TAU: Tel Aviv University; UPC, in its own
    # language, Polytechnic University of Catalonia) before one
    # that gives it only reordered (University of Texas at Austin), which is then no answer; a web
    # domain's acronym is its name's own, as those initials are (NTNU, ntnu.no)
    names = names or []
    plain = [n for n in names if _JAPANESE.search(n) or word.upper() in own(n)]
    if domain:
        extra = [n for n in domain if n not in plain]
        route = ("acronym, initials and web domain" if plain else "acronym, web domain") if extra else route
        return route, [*plain, *extra]
    if any(not _JAPANESE.search(n) for n in plain):
        return route, plain
    # no Latin name gives it in order: one that gives it reordered is a guess (BCU is no University
    # of British Columbia, UBC)
    reordered = not short and any(not _JAPANESE.search(n) for n in names)   # PolyU: its capitals, any order
    return route + (GUESS if reordered and not route.endswith(GUESS) else ""), list(names)


def short_forms(table: NameTable, word: str) -> list[str]:
    """The index's institution names a short form with capitals inside stands for, each capital
    beginning a word of the name in order, connectors skipped (PolyU: Polytechnic University, UPenn:
    University of Pennsylvania, IISc: Indian Institute of Science); only those it covers most of."""
    segments = [s.casefold() for s in re.findall(r"[A-Z][a-z]*", word)]
    if len(segments) < 2 or "".join(segments) != word.casefold():
        return []
    longest = max(segments, key=len)
    if len(longest) < 2:
        return []
    pool = table.institutions_starting(longest)
    scored = []
    for name in pool:
        words = [w for w in words_of(name) if w not in CONNECTORS]
        for start in range(len(words) - len(segments) + 1):
            if all(words[start + i].startswith(seg) for i, seg in enumerate(segments)):
                scored.append((len(words) - len(segments), len(name), name))
                break
    scored.sort()
    return [name for left, _, name in scored[:3] if left == scored[0][0]]


_ENGLISH_KINDS = frozenset("city metropolitan prefectural municipal public private open christian".split())


def own_words_then_university(name: str) -> bool:
    """A Latin name of two words of its own or more, then University, none an English or kind word
    (Gadjah Mada University; not Shimonoseki City University): its own language may put the
    university first (Universitas Gadjah Mada: UGM)."""
    words = name.split()
    return len(words) >= 3 and words[-1] == "University" and not any(
        w.casefold() in GENERIC or w.casefold() in _ENGLISH_KINDS or not w[:1].isupper() for w in words[:-1])


def guesses_beside(table: NameTable, entry: Entry, word: str, most: int,
                   latin_of: Callable[[str], tuple[str, ...]] = lambda name: (),
                   senses_of: Callable[[str], list[str]] = lambda word: []) -> tuple[str, ...]:
    """The Japanese-only names an acronym may also stand for, as a guess, when names of the index give it
    themselves (`entry`, not a guess): one institution's initials may be another's other English; at most
    `most` + 1, none of the entry's. A name whose Latin names are known (`latin_of`: the glossary's) has
    their acronyms, no guess (京都大学 is Kyoto University, KU: no UCT); and a common word before 大学
    (`senses_of`: the dictionary's senses, none a name: 交流 exchange) makes a phrase, no name (交流大学)."""
    acronym = word.upper()
    if entry.id.endswith(GUESS) or not ACRONYM.match(word):
        return ()
    return tuple(n for n in table.guesses.get(acronym, ()) if n not in entry.names
                 and _may_stand_for(acronym, n, latin_of(n), senses_of))[:most + 1]


def _may_stand_for(acronym: str, name: str, latin_names: tuple[str, ...], senses_of: Callable[[str], list[str]]) -> bool:
    """Whether a Japanese name with these Latin names may stand for the acronym: theirs decide, if any."""
    if latin_names:
        return any(acronym == n.upper() or acronym in of_latin(n) for n in latin_names)
    stem = _STEM_BEFORE_KIND.match(name)
    senses = senses_of(stem.group(1)) if stem else []
    return not senses or any(e[:1].isupper() and not e.isupper() for e in senses)   # a place (Tokyo), not AC


def entry_for(table: NameTable, word: str, most: int) -> Entry | None:
    """An entry for an acronym whose names the index has (in either script), at most `most` + 1 of them."""
    route, names = names_for(table, word)
    return Entry(f"names:{route}", "institution", (), (word, *names[:most + 1])) if names else None
