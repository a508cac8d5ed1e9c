"""The names a record contains, as candidates for crossing languages: Latin name words and runs
(Gadjah Mada, University of Texas at Austin), katakana names (ガジャマダ), and the distinctive part of a
Japanese institution name in Chinese characters (復旦 in 復旦大学). Standard library only; the index
keys them by reading and sound (renkei.indexer.names)."""
from __future__ import annotations

import unicodedata
from typing import Iterable, NamedTuple

from renkei.corpus.records import Record
from renkei.corpus.text import LazyPattern

# Lower-case words allowed inside a Latin name run: "University of Science and Technology", and
# their kin in the names of other languages' universities (Università degli Studi di Milano,
# Universidade Federal do Rio Grande do Sul, Universität zu Köln, Universidad de los Andes).
CONNECTORS = frozenset("""of the and at for in de di da del della des du la le von van y e
degli delle dello dei do dos das zu der den für los las les el es al aux""".split())
# Words that say what an institution is, not which one: never a name on their own.
GENERIC = frozenset("""
university universities universität universitat université universite universidad universidade universita
università universiti universitas college institute institut instituto istituto institution school academy
polytechnic politecnico teknologi tecnologia
national state federal royal free autonomous technology technological science sciences agricultural
medical normal womens women's international central campus faculty department center centre graduate
the of and at for in studies study research foreign language languages arts engineering catholic studi
""".split())
# China's regions as its universities' English names say them (華東師範大学 East China Normal University,
# 中南大学 Central South University): words no dictionary here holds as such.
# Korean names of their own kind: universities call themselves 大学校, institutes of science and
# technology 科学技術院 (KAIST, GIST, DGIST, UNIST); Chinese and Japanese names use neither, so a
# name ending so is read in Korean first.
KOREAN_KINDS = ("大学校", "科学技術院")
CHINA_REGIONS = {"華東": "East China", "華南": "South China", "華北": "North China", "華中": "Central China",
                 "華西": "West China", "中南": "Central South", "西南": "Southwest", "西北": "Northwest",
                 "東北": "Northeast", "東南": "Southeast"}
# A name begins with a capital, accented too (Łódź, Örebro, Škoda, Évry: #30.2)
_CAPITAL = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LATIN_WORD = rf"[{_CAPITAL}][\w'’\-]*[\w]|[{_CAPITAL}]"
# A comma may sit inside a name: "University of California, Los Angeles".
_RUN = LazyPattern(rf"(?:{_LATIN_WORD})(?:,?\s+(?:(?:{'|'.join(sorted(CONNECTORS))})\s+)*(?:{_LATIN_WORD}))*")
_KATAKANA = LazyPattern(r"[\u30a0-\u30ff・＝]{2,}")
# An institution's kind after its name in Chinese characters: 復旦|大学, 延世|大学校, 成功|大学. A
# character after a number is its counter, no name's first (第6回東京大学: 東京, not 回東京).
_HAN_SUFFIX = LazyPattern(r"(?<![0-9])([\u3400-\u9fff々]{2,8}?)(?:国立|州立|市立|工科|理工|科技|科学技術|師範|医科|農業|農工|外国語|"
                          r"女子|交通|海洋|工業|技術|電子|財経|政法|航空航天|航空|郵電|都会)?(?:大学校|大学|学院|学園|研究院|研究所|科学技術院)")
# A whole Japanese institution name, katakana or Chinese characters (クイーンズランド工科大学): its acronym.
_JA_INSTITUTION = LazyPattern(r"(?<![0-9])[\u30a0-\u30ff・\u3400-\u9fff々]{2,24}?(?:大学校|大学|科学技術院)(?:[\u30a0-\u30ff・]+校)?")
# An English name in katakana is one too when a word of it is (ユニバーシティ・カレッジ・コーク).
_KATAKANA_INSTITUTION = frozenset("ユニバーシティ カレッジ スクール インスティテュート".split())
_HAN_PREFIX = LazyPattern(r"^(?:国立|州立|市立|私立|王立|公立)")
MAX_RUN_WORDS = 10
_NOT_A_NAME = GENERIC | CONNECTORS
_JAPANESE = LazyPattern(r"[\u30a0-\u30ff\u3400-\u9fff]")


class NameCandidates(NamedTuple):
    latin: tuple[str, ...]       # name words and runs of two or three words
    runs: tuple[str, ...]        # whole capitalised runs (institution names: acronyms are made of them)
    katakana: tuple[str, ...]
    han: tuple[str, ...]         # distinctive parts in Chinese characters
    han_names: tuple[str, ...]   # whole Japanese institution names (for their composed acronyms)


def _texts(record: Record) -> Iterable[str]:
    yield record.title
    yield from record.partners
    yield record.text


class NameCollector:
    """Gathers the name candidates of records one at a time (a write reads its files once)."""

    def __init__(self) -> None:
        self.parts: tuple[dict[str, None], ...] = ({}, {}, {}, {}, {})
        self._seen: set[str] = set()

    def add(self, record: Record) -> None:
        latin, runs, katakana, han, han_names = self.parts
        seen = self._seen
        for text in _texts(record):
            if not text:
                continue
            text = unicodedata.normalize("NFKC", text)
            for m in _RUN.finditer(text):
                run = m.group(0)
                if run in seen:           # a partner's name recurs in title, partners and text
                    continue
                seen.add(run)
                words = run.replace(",", " ").split()
                if len(words) > MAX_RUN_WORDS:
                    continue
                kinds = [w.casefold() in _NOT_A_NAME for w in words]
                names = {w for w, kind in zip(words, kinds) if not kind and not w.isupper()}
                if len(words) > 1 and any(kinds):
                    runs[" ".join(words)] = None
                    if "," in run:   # each part is a name too: University of Dublin, Trinity College Dublin
                        for part in run.split(","):
                            part_words = part.split()
                            if len(part_words) > 2 and any(w.casefold() in _NOT_A_NAME for w in part_words):
                                runs[" ".join(part_words)] = None
                for word in names:
                    latin[word] = None
                # adjacent name words joined: a katakana name may be several Latin words (Gadjah Mada)
                if len(names) > 1:
                    for size in (2, 3):
                        for i in range(len(words) - size + 1):
                            part = words[i:i + size]
                            if all(w in names for w in part):
                                latin[" ".join(part)] = None
                    for i in range(len(words) - 2):   # and across a small word: Dar es Salaam, Rio de Janeiro
                        if words[i] in names and words[i + 2] in names and words[i + 1] in CONNECTORS:
                            latin[" ".join(words[i:i + 3])] = None
            if not _JAPANESE.search(text):
                continue
            for m in _KATAKANA.finditer(text):
                name = m.group(0).strip("・＝")
                if len(name) >= 2:
                    katakana[name] = None
                if "・" in name and not _KATAKANA_INSTITUTION.isdisjoint(name.split("・")):
                    han_names[name] = None
            for m in _HAN_SUFFIX.finditer(text):
                stem = _HAN_PREFIX.sub("", m.group(1))
                if len(stem) >= 2:
                    han[stem] = None
            for m in _JA_INSTITUTION.finditer(text):
                han_names[m.group(0).lstrip("・")] = None

    def absorb(self, other: "NameCollector") -> None:
        for mine, theirs in zip(self.parts, other.parts):
            mine.update(theirs)

    def result(self) -> NameCandidates:
        return NameCandidates(*(tuple(part) for part in self.parts))


def candidates(records: Iterable[Record]) -> NameCandidates:
    collector = NameCollector()
    for record in records:
        collector.add(record)
    return collector.result()


def merged(*found: NameCandidates) -> NameCandidates:
    return NameCandidates(*(tuple(dict.fromkeys(n for f in found for n in f[i])) for i in range(5)))
