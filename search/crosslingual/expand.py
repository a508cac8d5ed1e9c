"""Cross-lingual expansion: names in a query found in the index's glossary, and their other names.

`ソウル国立大学` also looks for `Seoul National University` and `SNU`; `Princeton University` for
`プリンストン大学`; `ドイツ` for `Germany` and records whose country is Germany. Translations weigh
less than the words as typed (see ranking.TRANSLATION), so the query's own language ranks first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Callable, NamedTuple

from renkei.corpus.glossary import Entry, Glossary, name_key
from renkei.corpus.shinjitai import to_shinjitai
from renkei.indexer.analysis import JAPANESE

from renkei.indexer.names.sound import kana_fold
from renkei.search.crosslingual import compose, compose_ja, dates
from renkei.search.crosslingual.acronyms import GUESS, guesses_beside
from renkei.search.crosslingual.names import MAX_NAMES, NAME_ONLY, NameFinder
from renkei.search.crosslingual.translate import Translation, Translator
from renkei.corpus.text import LazyPattern

if TYPE_CHECKING:   # the table is read, and its module imported, when a query first needs it
    from renkei.indexer.names.table import NameTable

_KATAKANA_RUN = LazyPattern(r"[\u30a1-\u30fa]{2}")
_WORD_CHAR = LazyPattern(r"[\u3005-\u3007\u30a1-\u30ff\u3400-\u9fff]")   # kanji and katakana continue a word
MAX_ALTERNATIVES = 4
_PLACES = ("country", "place", "region")   # glossary entries a name word may be (Technical University of Denmark)
# Choosing the alternatives compares names pairwise: only this many of an entry's names are looked
# at, as entries merged from a user's glossary may have thousands (#13).
MAX_CANDIDATE_NAMES = 32


class _Key(NamedTuple):
    """A name as names are compared: its key (glossary.name_key), and for Latin names its words
    between single spaces (worked out once per name, not once per pair of names)."""
    key: str
    words: str
    japanese: bool

    @classmethod
    def of(cls, name: str) -> "_Key":
        key = name_key(name)
        return cls(key, f" {re.sub(r'[^a-z0-9 ]+', ' ', key)} ".replace("  ", " "), bool(JAPANESE.search(key)))


def _contains(longer: _Key, shorter: _Key) -> bool:
    """Whether name `longer` includes name `shorter` (whole words for Latin, characters for Japanese)."""
    if len(shorter.key) >= len(longer.key):
        return False
    if shorter.japanese:
        return shorter.key in longer.key
    return f" {shorter.key} " in longer.words


@dataclass(frozen=True)
class Match:
    """A glossary name found in a query: where, which entry, and the name as typed."""
    start: int        # word index (in a word sequence) or character offset (in one chunk)
    end: int
    entry: Entry
    typed: str
    translations: tuple[Translation, ...] = ()   # a dictionary phrase (space development: 宇宙開発)
    written: str = ""   # the name as found, when typed otherwise (延世大: 延世大学; 國立臺灣大學: 国立台湾大学)
    # an acronym's Japanese-only names as a guess beside the names that give it (acronyms.guesses_beside):
    # searched apart, their records below the entry's (search.matching.grading)
    guesses: tuple[str, ...] = ()

    def alternatives(self) -> list[str]:
        """The entry's other names, without those that contain a shorter one (a record naming
        "Swiss Federal Institute of Technology (ETH Zurich)" also names "ETH Zurich"), at most
        MAX_ALTERNATIVES: every name searched costs time on every candidate record."""
        if self.translations:
            return [t.text for t in self.translations]
        return list(self._names)

    @cached_property
    def _names(self) -> tuple[str, ...]:
        """alternatives(), worked out once per match (a query asks for them twice; the names are
        compared pairwise)."""
        typed = _Key.of(self.typed)
        names = [n for n in dict.fromkeys(self.entry.names) if name_key(n) != typed.key][:MAX_CANDIDATE_NAMES]
        keys = {n: _Key.of(n) for n in names}
        kept = [n for n in names if not _contains(keys[n], typed)
                and not any(o != n and _contains(keys[n], keys[o]) for o in names)]
        # the name as found is searched first: records write it so, not as typed (延世大学, not 延世大)
        written = [self.written] if self.written and name_key(self.written) != typed.key else []
        return tuple(dict.fromkeys([*written, *kept]))[:MAX_ALTERNATIVES]

    def labels(self) -> list[str]:
        """The alternatives as --explain shows them: a translation says where it came from, a name
        found by the names table its route (sound 0.92, reading 0.90, acronym, dictionary)."""
        if self.translations:
            return [f"{t.text} ({t.origin})" for t in self.translations]
        if self.entry.id.startswith(NAME_ROUTE):
            route = self.entry.id[len(NAME_ROUTE):]
            return [f"{name} ({route})" for name in self.alternatives()] + [
                f"{name} (acronym, a Japanese name's other English{GUESS})" for name in self.guesses]
        return self.alternatives()

    @property
    def name_only(self) -> bool:
        """Found as the name part of an institution no index name is (コペンハーゲン大学: Copenhagen,
        in Copenhagen Business School): a record found through it has not the name typed."""
        return self.entry.id.startswith(NAME_ROUTE) and self.entry.id.endswith((NAME_ONLY, GUESS))

    @property
    def read_from_latin(self) -> bool:
        """A Latin name crossed by the names table to a name the index writes in Japanese (Dankook: 檀国,
        Udayana: ウダヤナ), which MeCab may cut otherwise alone than inside the index's words."""
        return self.entry.id.startswith(NAME_ROUTE) and not JAPANESE.search(self.typed)

    @property
    def by_name_route(self) -> bool:
        """Found through the names table, not the glossary: a weaker route, ranked below."""
        return self.entry.id.startswith(NAME_ROUTE)


NAME_ROUTE = "names:"
_ACRONYM_ROUTE = NAME_ROUTE + "acronym"   # acronyms.names_for's routes
_PHRASE = Entry("dictionary", "term")   # the entry of a dictionary phrase match (no names of its own)


def _other_forms(chunk: str) -> list[str]:
    """Other ways of writing a Japanese chunk, for a name it does not give as typed: in new-form kanji
    (國立臺灣大學 is 国立台湾大学: one character for one, so a match keeps its positions), and a
    university's short form in full (延世大, ハーバード大: 大学, as the press writes it; a name of two
    characters at least before 大, so 拡大 and 最大 stay words)."""
    forms = [to_shinjitai(chunk)]
    if len(chunk) >= 3 and chunk.endswith("大") and not chunk.endswith("大大"):
        forms.append(forms[0] + "学")
    return [f for f in dict.fromkeys(forms) if f != chunk]


def _uncovered(words: list[str], found: list[Match]) -> list[tuple[int, list[str]]]:
    """(start, words) of each run of two words or more that no match in `found` covers."""
    covered = sorted({i for m in found for i in range(m.start, m.end)})
    runs, start = [], 0
    for end in [*covered, len(words)]:
        if end - start > 1:
            runs.append((start, words[start:end]))
        start = end + 1
    return runs


class Expander:
    MAX_WORDS = 8

    def __init__(self, glossary: Glossary, translator: Callable[[], Translator] | None = None,
                 names: Callable[[], NameTable] | None = None) -> None:
        self.glossary = glossary
        self.names = (NameFinder(names, self._known_english, self._known_japanese, self._english_of, self._place_names,
                                 self._paired, self._senses)
                      if names is not None else None)
        self._load_translator = translator
        self._folded: dict[str, Entry] | None = None   # glossary names by folded kana
        self._translator: Translator | None = None
        # Japanese names to find inside a longer chunk (ソウル国立大学との交流): longest first, then
        # in code point order; looked up by their first character (a glossary may have thousands).
        ja_names = sorted({n for e in glossary.entries for n in e.ja if len(n) >= 2 and JAPANESE.search(n)},
                          key=lambda n: (-len(n), n))
        self._ja_rank = {name: rank for rank, name in enumerate(ja_names)}
        self._ja_by_first: dict[str, list[str]] = {}
        for name in ja_names:
            self._ja_by_first.setdefault(name[0], []).append(name)

    def _glossary_variant(self, chunk: str) -> Entry | None:
        """The glossary entry of a kana spelling variant of one of its Japanese names (ボルド大学,
        スウェデン王立工科大学: ー, ッ, ・, ヴ/ブ, small vowels and a final グ/ク fold), built on first use."""
        if not _KATAKANA_RUN.search(chunk):
            return None
        if self._folded is None:
            self._folded = {}
            for entry in self.glossary.entries:
                for name in entry.ja:
                    if _KATAKANA_RUN.search(name):
                        self._folded.setdefault(kana_fold(name), entry)
        return self._folded.get(kana_fold(chunk))

    def is_one_name(self, chunk: str) -> bool:
        """Whether a Japanese chunk is one name the names table crosses (タフツ大学), so that it is
        not cut into words where MeCab sees a particle."""
        if self.names is None or JAPANESE.search(chunk) is None:
            return False
        if self.glossary.lookup(chunk) is not None and "・" in chunk:
            return True   # a glossary name MeCab cuts at its ・ (グラクソ・スミスクライン: GlaxoSmithKline)
        # or, written otherwise (延世大, 國立臺灣大學), a name of the glossary or the names table
        return (self.glossary.lookup(chunk) is None and self.names.in_chunk(chunk) is not None) or any(
            self.glossary.lookup(form) is not None or self.names.in_chunk(form) is not None
            for form in _other_forms(chunk))

    def unplaced_institution(self, chunk: str) -> bool:
        """Whether a Japanese chunk the names table did not cross is an institution's name, with a
        qualifier besides what it is (国立中央大学, X師範大学): its words' translations are a guess."""
        return self.names is not None and compose.institution_shaped(chunk)

    def _known_japanese(self, word: str) -> bool:
        translator = self.translator
        return translator is not None and bool(translator.from_japanese(word))

    def _english_of(self, word: str) -> list[str]:
        translator = self.translator
        return [t.text for t in translator.from_japanese(word)] if translator is not None else []

    def _senses(self, word: str) -> list[str]:
        translator = self.translator
        return translator.senses(word) if translator is not None else []

    def _place_names(self, word: str) -> list[str]:
        """The glossary's English names of a country or place (ノルウェー: Norway, Norwegian)."""
        entry = self.glossary.lookup(word)
        return list(entry.en) if entry is not None and entry.type in ("country", "place", "region") else []

    def _latin_names(self, name: str) -> tuple[str, ...]:
        """The glossary's Latin names and acronyms of a name (京都大学: Kyoto University)."""
        entry = self.glossary.lookup(name)
        return (*entry.en, *entry.abbr) if entry is not None else ()

    def _paired(self, name: str) -> bool:
        """Whether the glossary gives this Latin name Japanese names of its own (Keio University:
        慶應義塾大学), so that a weak sound is no reason to take it for another name."""
        entry = self.glossary.lookup(name)
        return entry is not None and bool(entry.ja)

    def _known_english(self, word: str) -> bool:
        translator = self.translator
        return translator is not None and bool(translator.from_english(word))

    @property
    def translator(self) -> Translator | None:
        """The index's dictionary (search.translate), read when a query first needs it."""
        if self._translator is None and self._load_translator is not None:
            self._translator = self._load_translator()
        return self._translator

    def in_words(self, words: list[str]) -> list[Match]:
        """Longest glossary names made of consecutive words (Seoul National University), then in the
        words left: dates (3 March 2016), names the names table crosses (Tomsk State University),
        and dictionary phrases (space development)."""
        # a whole English name (each begins with a capital): the names table is read only for one
        named = self.names is not None and any(w[:1].isupper() for w in words)
        found = [self._in_japanese_too(m, words) if named else m for m in self._names_in_words(words)]
        organisation = compose_ja.organisation_in(self.names.table.organisations, words) if named else None
        if organisation is not None:   # JMnedict's English of one of the index's Japanese names
            start, end, names = organisation
            organisation = start, end, Entry("names:dictionary", "institution", tuple(names), (" ".join(words[start:end]),))
        wholes = [w for w in (organisation, self._composed_in(words, found) if named else None) if w is not None]
        whole = max(wholes, key=lambda w: w[1] - w[0], default=None)
        if whole is not None:   # an organisation's or institution's whole name, longer than any glossary name in it
            start, end, entry = whole
            if all(m.end <= start or m.start >= end or m.end - m.start < end - start for m in found):
                found = [m for m in found if m.end <= start or m.start >= end]
                found.append(Match(start, end, entry, " ".join(words[start:end])))
        # a date before the glossary's words: "academic year 2022" is a fiscal year, not 学術 + year
        day = dates.in_words(words) if any(c.isdigit() for w in words for c in w) else None
        if day is not None:
            found = [m for m in found if m.end <= day[0] or m.start >= day[1]]
            found.append(Match(day[0], day[1], day[2], " ".join(words[day[0]:day[1]])))
        if self.names is not None:
            for start, run in _uncovered(words, found):
                crossed = self.names.in_words(run)
                if crossed is not None and crossed[1] - crossed[0] > 1:
                    s, e, entry = crossed
                    found.append(Match(start + s, start + e, entry, " ".join(run[s:e])))
        if self.translator is not None:
            for start, run in _uncovered(words, found):
                found += [Match(start + s.start, start + s.end, _PHRASE, s.source, s.translations)
                          for s in self.translator.phrases(run)]
        return sorted(found, key=lambda m: m.start)

    def _in_japanese_too(self, match: Match, words: list[str]) -> Match:
        """A glossary name that has no Japanese form (Université Grenoble Alpes, from an English list)
        crossed as the names table crosses it too (グルノーブル・アルプ), unless as its name only."""
        if match.entry.ja or match.entry.type != "institution":
            return match
        crossed = self.names.in_words(words[match.start:match.end])
        if crossed is None or crossed[2].id.endswith(NAME_ONLY) or (crossed[0], crossed[1]) != (0, match.end - match.start):
            return match
        return replace(match, entry=replace(match.entry, ja=crossed[2].ja))

    def _composed_in(self, words: list[str], glossary_names: list[Match]) -> tuple[int, int, Entry] | None:
        """An English institution name that is one of the index's Japanese ones, its name words crossed
        by the glossary (Denmark: デンマーク) or the names table, its qualifiers said (compose_ja)."""
        if self.names is None or not self.names.table.japanese_institutions:
            return None

        def places(word: str) -> list[str]:
            entry = self.glossary.lookup(word)
            return [n for n in entry.ja if JAPANESE.search(n)] if entry is not None and entry.type in _PLACES else []

        spans = [(m.start, m.end) for m in glossary_names]
        found = compose_ja.institution_in(words, places, self.names.japanese_forms, self.names.table.japanese_institutions,
                                          lambda i, j: any(s <= i and j <= e for s, e in spans))
        if found is None:
            return None
        start, end, names = found
        return start, end, Entry("names:kind words", "institution", tuple(names[:MAX_ALTERNATIVES]), (" ".join(words[start:end]),))

    def _names_in_words(self, words: list[str]) -> list[Match]:
        found, i = [], 0
        while i < len(words):
            for j in range(min(len(words), i + self.MAX_WORDS), i, -1):
                typed = " ".join(words[i:j])
                entry = self.glossary.lookup(typed)
                if entry is not None:
                    found.append(Match(i, j, entry, typed))
                    i = j
                    break
            else:
                i += 1
        return found

    def in_chunk(self, chunk: str) -> Match | None:
        """A Japanese name inside a chunk typed without spaces (the longest, leftmost), as typed or,
        failing that, in new-form kanji (國立臺灣大學 is 国立台湾大学: the same positions)."""
        found = self._in_chunk(chunk)
        if found is None and JAPANESE.search(chunk):
            for form in _other_forms(chunk):
                if (found := self._in_chunk(form)) is not None:
                    end = min(found.end, len(chunk))
                    return replace(found, end=end, typed=chunk[found.start:end], written=found.typed)
        return found

    def _in_chunk(self, chunk: str) -> Match | None:
        entry = self.glossary.lookup(chunk) or self._glossary_variant(chunk)
        if entry is not None:
            return Match(0, len(chunk), entry, chunk)
        day = dates.date_entry(chunk)
        if day is not None:
            return Match(0, len(chunk), day, chunk)
        if self.names is not None:
            crossed = self.names.in_chunk(chunk) if JAPANESE.search(chunk) or chunk.isupper() else None
            if crossed is None and not JAPANESE.search(chunk):
                crossed = self.names.acronym(chunk)
                if crossed is None and not chunk.isupper():   # an unknown acronym sounds like nothing
                    found = self.names.in_words([chunk])
                    crossed = found[2] if found else None
            if crossed is not None:
                return Match(0, len(chunk), crossed, chunk, guesses=guesses_beside(
                    self.names.table, crossed, chunk, MAX_NAMES, self._latin_names, self._senses)
                    if crossed.id.startswith(_ACRONYM_ROUTE) else ())
        if not JAPANESE.search(chunk):
            return None
        best: tuple[int, int, str] | None = None   # (the name's rank, where, the name)
        for at, char in enumerate(chunk):
            for name in self._ja_by_first.get(char, ()):
                # Only a whole word: 共同研究 in 共同研究を開催, not in 国際共同研究 (a longer compound).
                if (chunk.startswith(name, at) and not _WORD_CHAR.match(chunk[at - 1:at])
                        and not _WORD_CHAR.match(chunk[at + len(name):at + len(name) + 1])
                        and (best is None or (self._ja_rank[name], at) < best[:2])):
                    best = (self._ja_rank[name], at, name)
        if best is None:
            return None
        _, at, name = best
        return Match(at, at + len(name), self.glossary.lookup(name), name)
