"""Acronyms a Japanese institution name may have besides the two it is composed into (acronyms.of_japanese),
for an acronym typed against records that write the name only in Japanese (#30.5: SOAS-like partners
whose English name no record holds).

A Japanese name says less than its English one, so each part may be written several ways:
- its kind as universities of other countries write it: 工科大学 is a University of Technology (UT), an
  Institute of Technology (IT), a Polytechnic Institute (PI) or a Technical University (TU), and, named
  university first, a Universitat Politècnica de X (UP X), a Universiti Teknologi X or a TU X;
- a name in Chinese characters by each of its places' English names and its readings, whole or by
  syllable (北京: Beijing B, Bei Jing BJ; 香港: Hong Kong HK), 南 before a name as Southern;
- a katakana word by each letter its first sound is written with (ロ: L or R, ケ: C or K, ウー: W,
  ビ: B or V), after the index's own Latin name or JMnedict's place for it.
These are guesses: the names table keeps them apart (`guesses`), and a query reads them only for an
acronym that nothing else gives."""
from __future__ import annotations

import re
from itertools import islice
from typing import Iterator

from renkei.corpus.names import CHINA_REGIONS, KOREAN_KINDS
from renkei.indexer.names.acronyms import DROP, SCRIPT, LatinNear, of_japanese, syllables
from renkei.indexer.names.readings import han_latin_keys, korean_latin_keys
from renkei.indexer.names.sound import kana_key, kana_romaji

MOST = 12             # guesses kept per name: each is a key of the names table
_COMBINATIONS = 64    # spellings tried per name, best alternatives first

# An institution's kind: its initials in the Japanese order (X University of Technology) and when the
# university comes first (Universitat Politècnica de X, Universidade Federal do X).
_INSTITUTIONS = {
    "大学校": ("U",), "大学": ("U",),
    "工科大学": ("UT", "IT", "TU", "PI", "PU"), "工業大学": ("UT", "IT", "TU"), "理工大学": ("UST", "UT", "IT", "PU"),
    "科技大学": ("UST", "UT"), "科学技術大学": ("UST",), "科学技術院": ("IST",), "師範大学": ("NU",),
    "医科大学": ("MU",), "医学大学": ("MU",), "薬科大学": ("PU",), "農業大学": ("AU",), "林業大学": ("FU",),
    "女子大学": ("WU",), "外国語大学": ("UFS", "FSU"), "経済大学": ("UE", "EU"), "経営大学": ("MU",),
    "教育大学": ("UE", "EU"), "海洋大学": ("OU", "MU"), "芸術大学": ("UA", "AU"),
}
_FIRST = {"工科大学": ("UP", "UT", "TU"), "工業大学": ("UT", "TU"), "理工大学": ("UST", "UP"), "外国語大学": ("UFS",),
          "経済大学": ("UE",), "教育大学": ("UE",), "農業大学": ("UA",), "芸術大学": ("UA",)}
# What a kind word before the institution says (国立: National), its initials.
_MODIFIERS = {"交通": ("JT",), "国立": ("N",), "州立": ("S",), "王立": ("R",), "連邦": ("F",), "自由": ("F", "L"),
              "自治": ("A",), "国際": ("I",), "中央": ("C",), "工科": ("T", "P"), "理工": ("ST", "P"), "科技": ("ST",),
              "航空航天": ("AA",), "航空": ("A",), "郵電": ("PT",), "電子": ("E",), "林業": ("F",), "農業": ("A",),
              "医科": ("M",), "師範": ("N",), "女子": ("W",), "校": ("",), "キャンパス": ("",)}
_KINDS = sorted([*_INSTITUTIONS, *_MODIFIERS], key=len, reverse=True)
_DIRECTIONS = {"南": "S", "北": "N", "東": "E", "西": "W"}   # 南カリフォルニア: Southern California
# katakana words that are English words of an institution's name, and those to drop (オブ: of)
_KANA_KINDS = {"ユニバーシティ": "U", "カレッジ": "C", "スクール": "S", "インスティテュート": "I", "アカデミー": "A",
               "ポリテクニック": "P"}
_KANA_DROP = frozenset("オブ オヴ ザ アンド デ ド ダ ディ デル ドゥ デュ フォン ファン".split())
# a katakana word's first sound, as a Latin name may write it (romaji's first letters: its letters)
_SOUNDS = {"r": "RL", "k": "KC", "b": "BV", "s": "SC", "j": "JG", "u": "UW", "y": "YU", "o": "OA", "e": "EA",
           "ch": "C", "sh": "S", "ts": "T", "f": "FH", "h": "H", "i": "IE"}


def guesses(name: str, latin_near: LatinNear = lambda key: None, places=None) -> list[str]:
    """A Japanese institution name's other acronyms (see the module's docstring), none of_japanese's own."""
    pieces = list(_pieces(name, latin_near, places))
    if not any(role == "institution" for role, _, _ in pieces):
        return []
    own = set(of_japanese(name, latin_near, places))
    found: dict[str, None] = {}
    for choice in _choices([len(alts) for _, alts, _ in pieces], _COMBINATIONS):
        for order in (_in_order, _university_first, _university_kinds_first, _name_university_kinds):
            acronym = order(pieces, choice)
            if 2 <= len(acronym) <= 8 and acronym not in own:
                found[acronym] = None
    return list(found)[:MOST]


def _choices(sizes: list[int], most: int) -> list[tuple[int, ...]]:
    """Which alternative of each piece, at most `most` ways, those of the first alternatives first."""
    out: list[tuple[int, ...]] = []
    for total in range(sum(size - 1 for size in sizes) + 1):
        out.extend(islice(_with_sum(sizes, total), most - len(out)))
        if len(out) >= most:
            break
    return out


def _with_sum(sizes: list[int], total: int) -> Iterator[tuple[int, ...]]:
    if not sizes:
        if total == 0:
            yield ()
        return
    for i in range(min(sizes[0] - 1, total) + 1):
        for rest in _with_sum(sizes[1:], total - i):
            yield (i, *rest)


Piece = tuple[str, tuple[str, ...], tuple[str, ...]]   # role, initials in order, initials university first


def _in_order(pieces: list[Piece], choice) -> str:
    return "".join(alts[i] for (_, alts, _), i in zip(pieces, choice))


def _university_first(pieces: list[Piece], choice) -> str:
    first = "".join(firsts[min(i, len(firsts) - 1)] for (role, _, firsts), i in zip(pieces, choice)
                    if role == "institution")
    return first + "".join(alts[i] for (role, alts, _), i in zip(pieces, choice) if role != "institution")


def _university_kinds_first(pieces: list[Piece], choice) -> str:
    """Universidade Federal do Rio de Janeiro: the university, what it is, then its name."""
    first = _university_first([p for p in pieces if p[0] != "name"], [i for p, i in zip(pieces, choice)
                                                                     if p[0] != "name"])
    return first + "".join(alts[i] for (role, alts, _), i in zip(pieces, choice) if role == "name")


def _name_university_kinds(pieces: list[Piece], choice) -> str:
    """Beijing University of Posts and Telecommunications (北京郵電大学): its name, the university, what it is."""
    def part(roles) -> str:
        return "".join(alts[i] for (role, alts, _), i in zip(pieces, choice) if role in roles)
    return part(("name",)) + part(("institution",)) + part(("kind",))


def _pieces(name: str, latin_near: LatinNear, places) -> Iterator[Piece]:
    korean = name.endswith(KOREAN_KINDS)
    for run in SCRIPT.findall(name):
        at = 0
        while at < len(run):
            kind = next((k for k in _KINDS if run.startswith(k, at)), None)
            if kind in _INSTITUTIONS:
                yield "institution", _INSTITUTIONS[kind], _FIRST.get(kind, _INSTITUTIONS[kind][:1])
            elif kind is not None:
                yield "kind", _MODIFIERS[kind], _MODIFIERS[kind]
            if kind is not None:
                at += len(kind)
                continue
            end = at
            while end < len(run) and not any(run.startswith(k, end) for k in _KINDS):
                end += 1
            part = run[at:end]
            if "\u30a0" <= part[0] <= "\u30ff":
                yield from _katakana(part, latin_near, places)
            else:
                yield from _han(part, places, korean)
            at = end


def _katakana(part: str, latin_near: LatinNear, places) -> Iterator[Piece]:
    for word in (w for w in re.split(r"[・＝]", part) if w and w not in _KANA_DROP):
        if word in _KANA_KINDS:
            yield "institution", (_KANA_KINDS[word],), (_KANA_KINDS[word],)
            continue
        alts = [_initials(e) for e in (places(word) if places is not None else ())]
        near = latin_near(kana_key(word))
        if near:
            alts.append(_initials(near))
        romaji = kana_romaji(word)
        sound = next((s for s in ("ch", "sh", "ts") if romaji.startswith(s)), romaji[:1])
        alts += list(_SOUNDS.get(sound, sound.upper()))
        yield "name", _unique(alts, 4), ()


def _han(part: str, places, korean: bool) -> Iterator[Piece]:
    """A name in Chinese characters, cut into places where JMnedict knows its longest beginnings."""
    if part in _DIRECTIONS:
        yield "name", (_DIRECTIONS[part], *_reading_initials(part, korean)), ()
        return
    at = 0
    while at < len(part):
        end, english = min(at + 2, len(part)), []
        for longest in range(len(part), at + 1, -1):
            english = _english_of(part[at:longest], places, korean)
            if english:
                end = longest
                break
        piece = part[at:end]
        alts = [_initials(e) for e in english] + _reading_initials(piece, korean)
        if alts:
            yield "name", _unique(alts, 4), ()
        at = end


def _english_of(han: str, places, korean: bool) -> list[str]:
    if han in CHINA_REGIONS:
        return [CHINA_REGIONS[han]]
    return list(places(han)) if places is not None and not korean else []


def _reading_initials(han: str, korean: bool = False) -> list[str]:
    out = []
    # a Korean name's own readings first (大邱 Daegu, not Mandarin's Daqiu)
    readings = (korean and korean_latin_keys(han)) or han_latin_keys(han)
    for reading in readings[:3] + readings[-1:]:
        out.append(reading[:1].upper())
        cut = reading.split("-") if "-" in reading else syllables(reading)
        if cut:
            out.append("".join(s[:1] for s in cut).upper())
    return out


def _initials(english: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", english) if w and w.casefold() not in DROP).upper()


def _unique(alts: list[str], most: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in alts if a.isalpha()))[:most]
