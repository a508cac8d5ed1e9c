"""Acronyms of institution names, so that HKUST finds "Hong Kong University of Science and Technology"
and QUT finds クイーンズランド工科大学.

A Latin name gives its capitalised words' initials (of/the/and/at/for/in/de/di dropped, hyphens
split), and a second form where romanised Chinese or Korean words count by syllable (Jiao Tong,
Sung-kyun-kwan: SJTU, SKKU). A Japanese name is composed in English part by part: its kind
(大学 University, 工科大学 University of Technology, 連邦 Federal ...), katakana names through the
index's own Latin names or JMnedict, Chinese-character names through JMnedict or their readings; then
initials in the Japanese order and with the University first (シドニー工科大学: SUT and UTS)."""
from __future__ import annotations

import re
from typing import Callable, Optional

from renkei.corpus.names import CONNECTORS, GENERIC, KOREAN_KINDS
from renkei.corpus.text import LazyPattern
from renkei.indexer.names.readings import han_latin_keys
from renkei.indexer.names.sound import kana_key, kana_romaji

# The index's Latin name nearest a katakana name's sound key, if any (NameTable.nearest_latin).
LatinNear = Callable[[str], Optional[str]]

# A name's small words give no initial (Universidade Federal do Rio Grande do Sul: UFRGS); the
# articles that begin names give theirs (Los Angeles, El Paso: UCLA, UTEP), so are not among them.
DROP = CONNECTORS - frozenset("los las les el es al".split())
_SYLLABLE = re.compile(r"(?:[bcdfghjklmnpqrstvwxyz]{0,3})(?:[aeiouy]{1,3})(?:ng|n|m|k|p|t|l)?(?![aeiouy])")
# A Japanese institution name's parts that say what it is, with their English initials; longest first.
KINDS = {"大学校": "U", "大学": "U", "工科大学": "UT", "理工大学": "UST", "科技大学": "UST", "工業大学": "UT",
         "科学技術大学": "UST", "師範大学": "NU", "医科大学": "MU", "農業大学": "AU", "女子大学": "WU",
         "外国語大学": "UFS", "交通": "JT", "国立": "N", "州立": "S", "王立": "R", "連邦": "F", "自由": "F",
         "自治": "A", "国際": "I", "中央": "C", "工科": "T", "理工": "ST", "校": "", "キャンパス": ""}
_KINDS = sorted(KINDS, key=len, reverse=True)
SCRIPT = LazyPattern(r"[\u30a0-\u30ff]+|[\u3400-\u9fff々]+")   # used by a write, seldom by a query


def syllables(word: str) -> list[str] | None:
    """A romanised Chinese or Korean word cut into syllables (jiaotong: jiao tong), or None."""
    word = word.lower()
    parts = _SYLLABLE.findall(word)
    return parts if len(parts) >= 2 and "".join(parts) == word and all(3 <= len(p) <= 6 for p in parts) else None


def of_latin(name: str) -> list[str]:
    words = [w for part in name.replace("’", "'").split() for w in part.split("-") if w]
    kept = [w for w in words if w.casefold() not in DROP and w[:1].isalpha()]
    if len(kept) < 2:
        return []
    plain = "".join(w[0] for w in kept).upper()
    split = "".join("".join(s[0] for s in ((syllables(w) if w.casefold() not in GENERIC else None) or [w]))
                    for w in kept).upper()
    # "University of Hong Kong" is also "Hong Kong University": HKU
    moved = ""
    if kept[0].casefold() in ("university", "universiti", "universidad", "université", "universität") and len(kept) > 1:
        moved = "".join(w[0] for w in kept[1:]).upper() + kept[0][0].upper()
    # "National University of Laos" is also NUOL: "of" may give its initial
    with_of = "".join(w[0] for w in words if w.casefold() not in DROP or w.casefold() == "of").upper() \
        if any(w.casefold() == "of" for w in words) else ""
    # "Lomonosov Moscow State University" is also Moscow State University: MSU. Only a name of four
    # words or more without "of", whose first word is a long name (an eponym: Lomonosov, not Hong of
    # Hong Kong) before a name of its own
    tail = "".join(w[0] for w in kept[1:]).upper() if len(kept) >= 4 and not with_of and len(kept[0]) >= 5 \
        and kept[0].casefold() not in GENERIC and kept[1].casefold() not in GENERIC and len(kept[1]) > 1 else ""
    return list(dict.fromkeys(a for a in (plain, split, moved, with_of) if 2 <= len(a) <= 8)) + \
        [a for a in (tail, *_in_its_language(words, kept)) if 3 <= len(a) <= 8 and a != plain]


_UNIVERSITY = frozenset("university universiti universidad université universität".split())


def own(name: str) -> list[str]:
    """A Latin name's acronyms in order, in English and in its language (UPC: Polytechnic University of
    Catalonia), not reordered: an acronym any of them is stands for the name as much as another's."""
    found = of_latin(name)
    words = [w for part in name.replace("’", "'").split() for w in part.split("-") if w]
    return found[:1] + [a for a in _in_its_language(words, [w for w in words if w.casefold() not in DROP
                                                            and w[:1].isalpha()]) if a in found]


def _in_its_language(words: list[str], kept: list[str]) -> list[str]:
    """A Latin name's acronyms as its own language gives them: "Polytechnic University of Catalonia" is
    Universitat Politècnica de Catalunya (UPC), Federal University of Rio de Janeiro UFRJ: the
    university, what it is, its name; "Czech Technical University in Prague" is CTU, without where."""
    out = []
    at = next((i for i, w in enumerate(words) if w.casefold() in _UNIVERSITY), None)
    if at and at + 1 < len(words) and words[at + 1].casefold() == "of":
        before = [w for w in words[:at] if w in kept]
        out.append("".join(w[0] for w in [words[at], *before, *(w for w in words[at + 2:] if w in kept)]).upper())
    if "in" in words[2:]:
        out.append("".join(w[0] for w in kept[:kept.index(words[words.index("in") - 1]) + 1]).upper())
    return out


def _english_initials(part: str, latin_near: LatinNear, places, korean: bool) -> str:
    """The initials of a Japanese name part written in English."""
    if places is not None and not korean:
        english = sorted(places(part), key=lambda e: len(e.split()))
        if english:
            return "".join(w[0] for w in english[0].split() if w.casefold() not in DROP).upper()
    if part[0] >= "\u30a0" and part[0] <= "\u30ff":
        words = [w for w in re.split(r"[・＝]", part) if w]
        out = ""
        for word in words:
            near = latin_near(kana_key(word))
            out += "".join(w[0] for w in near.split()).upper() if near else kana_romaji(word)[:1].upper()
        return out
    readings = han_latin_keys(part)
    if not readings:
        return ""
    if korean:   # the popular spelling, by syllable: sung-kyun-kwan
        return "".join(s[0] for s in readings[-1].replace("i", "", 0).split("-")).upper() if "-" in readings[-1] \
            else readings[-1][:1].upper()
    return "".join(s[0] for s in (syllables(readings[0]) or [readings[0]])).upper()


def of_japanese(name: str, latin_near: LatinNear = lambda key: None, places=None) -> list[str]:
    """Acronyms of a Japanese institution name, composed in English (see the module's docstring)."""
    pieces: list[tuple[str, bool]] = []      # (initials, is the university part)
    korean = name.endswith(KOREAN_KINDS)
    for run in SCRIPT.findall(name):
        at = 0
        while at < len(run):
            kind = next((k for k in _KINDS if run.startswith(k, at)), None)
            if kind is not None:
                pieces.append((KINDS[kind], KINDS[kind].startswith("U")))
                at += len(kind)
                continue
            end = at
            while end < len(run) and not any(run.startswith(k, end) for k in _KINDS):
                end += 1
            pieces.append((_english_initials(run[at:end], latin_near, places, korean), False))
            at = end
    if not any(university for _, university in pieces):
        return []
    in_order = "".join(i for i, _ in pieces)
    first = "".join(i for i, u in pieces if u) + "".join(i for i, u in pieces if not u)
    return list(dict.fromkeys(a for a in (in_order, first) if 2 <= len(a) <= 8))
