"""The names of an index, keyed so that a query name in one script finds the other script's forms.

Built at each write from the records' name candidates (renkei.corpus.names) merged with the base
generation's, and stored beside the glossary (NAMES_FILE, plain JSON: data, never code). A query reads
it once per generation (renkei.search.crosslingual.names):

- every Latin name word or run, and every katakana name, under its sound key (sound.py);
- every distinctive Chinese-character part (復旦 in 復旦大学) under each of its readings (readings.py),
  by sound among `japanese`, and (FORMAT 3) in `han` folded only where romanisations differ: 漢陽 is
  hanyang there, apart from 韓南 hannam and 華南 huanan, whose sound key it shares;
- (FORMAT 3) every Japanese institution name JMnedict knows as an organisation, under its English
  names (北京師範大学: Beijing Normal University; its abbreviations among the acronyms: 東南大学 SEU);
- acronyms: of every Latin institution name (its capitalised words' initials, of/the/and/at/de/di
  dropped; romanised Chinese and Korean words by syllable too: Jiao Tong, Sung-kyun-kwan), and of each
  Japanese institution name composed in English (acronyms.py: クイーンズランド工科大学 → QUT);
- apart, the acronyms a Latin institution name's web domain gives (domains.py: NTNU, ELTE), which a
  query's route says (FORMAT 2; a table of FORMAT 1 gains them at the index's next write);
- apart too (FORMAT 4), the other acronyms a Japanese institution name may have (acronym_guesses.py:
  ウースター工科大学 WPI, Worcester Polytechnic Institute), read only for an acronym nothing else gives.
Lookups are blocked on the consonant skeleton's head, so a query costs microseconds at any size.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from renkei.corpus.names import NameCandidates
from renkei.indexer.names import acronym_guesses, acronyms, domains
from renkei.indexer.names.continental import CONTINENTAL_THRESHOLD, continental_keys
from renkei.indexer.names.places import organisation_names
from renkei.indexer.names.readings import han_latin_keys, reading_fold
from renkei.indexer.names.sound import (THRESHOLD, edit_distance, fold_word, is_katakana_name, kana_key, kana_variants,
                                          latin_key, latin_variants, org_key, similarity, skeleton)
from renkei.corpus.text import LazyPattern

_JAPANESE = LazyPattern(r"[\u3040-\u30ff\u3400-\u9fff]")
_JAPANESE_KANA = LazyPattern(r"[\u3040-\u30ff]")
_ACRONYM = LazyPattern(r"[A-Z][A-Z&]{1,9}")
NAMES_FILE = "names.json"
FORMAT = 4
_READS = (1, 2, 3, FORMAT)   # a FORMAT 1 table has no web-domain acronyms yet, nor 1 or 2 continental keys and exonyms,
                          # nor close readings, organisations and Japanese institution names (schema 10 rebuilds them)
READ_CLOSELY = 0.85       # a Latin name's similarity to a reading of a Chinese-character name (after reading_fold)
MAX_NAMES = 200_000          # bounded by input size anyway; a hostile file cannot grow it without end


def _blocks(sk: str) -> set[str]:
    head = sk[:4]
    if len(head) <= 2:
        return {head}
    return {head} | {head[:i] + head[i + 1:] for i in range(len(head))}


@dataclass
class NameTable:
    latin: dict[str, list[str]] = field(default_factory=dict)      # sound key -> Latin names
    japanese: dict[str, list[str]] = field(default_factory=dict)   # sound/reading key -> Japanese names
    acronyms: dict[str, list[str]] = field(default_factory=dict)   # ACRONYM -> names (either script)
    institutions: list[str] = field(default_factory=list)          # whole Latin institution names
    domains: dict[str, list[str]] = field(default_factory=dict)    # ACRONYM -> names, from web domains
    format: int = FORMAT
    continental: dict[str, list[str]] = field(default_factory=dict)  # a Latin name's key as its language reads it
    exonyms: dict[str, list[str]] = field(default_factory=dict)      # key of JMnedict's English -> katakana names
    han: dict[str, list[str]] = field(default_factory=dict)        # folded reading -> Chinese-character parts
    organisations: dict[str, list[str]] = field(default_factory=dict)   # org_key(English) -> Japanese names
    japanese_institutions: list[str] = field(default_factory=list)      # whole Japanese institution names
    guesses: dict[str, list[str]] = field(default_factory=dict)   # ACRONYM -> Japanese names it may stand for

    def __post_init__(self) -> None:
        self._buckets: dict[tuple[str, str, int], list[str]] | None = None
        self._han_heads: dict[str, list[str]] | None = None
        self._latin_folds: dict[str, list[str]] | None = None
        self._latin_heads: dict[str, list[str]] = {}
        self._institutions: dict[str, list[str]] | None = None
        self._japanese_by_first: dict[str, list[str]] | None = None

    # --- building ---------------------------------------------------------------------------------

    def add(self, found: NameCandidates, places=None) -> "NameTable":
        if self.format < 3:   # a table of FORMAT 1 or 2 gets them for every name it has, once (its whole Japanese names it never kept)
            katakana = dict.fromkeys(n for ns in self.japanese.values() for n in ns if is_katakana_name(n))
            self._other_keys(dict.fromkeys(n for ns in self.latin.values() for n in ns), katakana, places)
            self._close_readings(n for ns in self.japanese.values() for n in ns if not _JAPANESE_KANA.search(n))
        self._other_keys(found.latin, found.katakana, places)
        for name in found.latin:
            _put(self.latin, latin_key(name), name)
            for key in latin_variants(name):   # a rolled r (Vergata: ヴェルガータ), zi as ジ (Yezin)
                _put(self.latin, key, name)
        for name in found.katakana:
            _put(self.japanese, kana_key(name), name)
            for key in kana_variants(name):   # ン before b/p heard m (ケンブリッジ: Cambridge, ケムブリッジ)
                _put(self.japanese, key, name)
        for stem in found.han:
            for reading in han_latin_keys(stem):
                _put(self.japanese, latin_key(reading), stem)   # by sound, when no reading is close (Soochow: 蘇州)
        self._close_readings(found.han)
        if self.format < 4:   # a table of FORMAT 3 or older guesses for the Japanese names it has, once
            self._guess(self.japanese_institutions, places)
        known = set(self.institutions)
        # a table read from FORMAT 1 gets its web-domain acronyms for every name it has, once
        for run in ([*self.institutions] if self.format == 1 else []) + list(found.runs):
            for acronym in domains.acronyms_of(run):
                _put(self.domains, acronym, run)
        self.format = FORMAT
        for run in found.runs:
            for acronym in acronyms.of_latin(run):
                _put(self.acronyms, acronym, run)
            if run not in known and len(self.institutions) < MAX_NAMES:
                known.add(run)
                self.institutions.append(run)
        self._institutions = None
        known_ja = set(self.japanese_institutions)
        for name in found.han_names:
            if name not in known_ja and len(self.japanese_institutions) < MAX_NAMES:
                known_ja.add(name)
                self.japanese_institutions.append(name)
            for acronym in acronyms.of_japanese(name, self.nearest_latin, places):
                _put(self.acronyms, acronym, name)
            for english in organisation_names(name):
                if _ACRONYM.fullmatch(english):
                    _put(self.acronyms, english, name)
                else:
                    _put(self.organisations, org_key(english), name)
        self._guess(found.han_names, places)
        self._buckets = None
        return self

    def _guess(self, names, places) -> None:
        for name in names:
            for acronym in acronym_guesses.guesses(name, self.nearest_latin, places):
                _put(self.guesses, acronym, name)

    def _close_readings(self, stems) -> None:
        """Chinese-character name parts under their readings folded only where romanisations differ (han)."""
        for stem in stems:
            for reading in han_latin_keys(stem, others=True):
                _put(self.han, reading_fold(reading), stem)

    def _other_keys(self, latin, katakana, places) -> None:
        """The keys of Latin names as their own language reads them (Wrocław: ヴロツワフ, Leiden: ライデン,
        #30.2), and of the English JMnedict gives a katakana place, which no sound reaches (フィレンツェ: Florence)."""
        for name in latin:
            plain = {latin_key(name), *latin_variants(name)}
            for key in continental_keys(name):
                if key not in plain:
                    _put(self.continental, key, name)
        for name in (katakana if places is not None else ()):
            for english in places(name)[:4]:
                _put(self.exonyms, latin_key(english), name)

    def to_json(self) -> str:
        return json.dumps({"format": self.format, "latin": self.latin, "japanese": self.japanese, "han": self.han,
                           "organisations": self.organisations, "japanese_institutions": self.japanese_institutions,
                           "acronyms": self.acronyms, "institutions": self.institutions, "domains": self.domains,
                           "continental": self.continental, "exonyms": self.exonyms, "guesses": self.guesses},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def read(cls, generation: Path) -> "NameTable":
        path = Path(generation) / NAMES_FILE
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") not in _READS:
            return cls()
        runs = data.get("institutions")   # absent before names composed kinds: the acronyms' names serve
        runs = [str(n) for n in runs[:MAX_NAMES]] if isinstance(runs, list) else []
        return cls(_mapping(data.get("latin")), _mapping(data.get("japanese")), _mapping(data.get("acronyms")), runs,
                   _mapping(data.get("domains")), data["format"], _mapping(data.get("continental")),
                   _mapping(data.get("exonyms")), _mapping(data.get("han")), _mapping(data.get("organisations")),
                   _strings(data.get("japanese_institutions")), _mapping(data.get("guesses")))

    # --- looking up -------------------------------------------------------------------------------

    def _index(self) -> dict[tuple[str, str, int], list[str]]:
        if self._buckets is None:
            buckets: dict[tuple[str, str, int], list[str]] = {}
            for side, keys in (("latin", self.latin), ("japanese", self.japanese), ("continental", self.continental)):
                for key in keys:
                    sk = skeleton(key)
                    for block in _blocks(sk):
                        buckets.setdefault((side, block, len(sk)), []).append(key)
            self._buckets = buckets
        return self._buckets

    def japanese_institutions_of(self, han: str) -> list[str]:
        """The whole Japanese institution names that begin with this name part (忠南: 忠南大学校)."""
        if self._japanese_by_first is None:
            self._japanese_by_first = {}
            for name in self.japanese_institutions:
                self._japanese_by_first.setdefault(name[:1], []).append(name)
        return [n for n in self._japanese_by_first.get(han[:1], ()) if n.startswith(han) and n != han]

    def institutions_with(self, word: str) -> list[str]:
        """The Latin institution names with this word, any case."""
        return self._word_index().get(fold_word(word), [])

    def institutions_starting(self, prefix: str, longer_by: int | None = None) -> list[str]:
        """The Latin institution names with a word that begins with `prefix` (two letters or more);
        with `longer_by`, a word at most that many letters longer (India: Indian Institute of ...)."""
        index = self._word_index()
        folded = fold_word(prefix)
        words = [w for w in self._by_head.get(folded[:2], ()) if w.startswith(folded)
                 and (longer_by is None or len(w) - len(folded) <= longer_by)]
        return list(dict.fromkeys(n for w in words for n in index[w]))

    def _word_index(self) -> dict[str, list[str]]:
        """word -> the names with it (and, in _by_head, the words by their first two letters), built
        on first use: a query that names no institution never pays for it."""
        if self._institutions is None:
            names = self.institutions or [n for ns in self.acronyms.values() for n in ns if not _JAPANESE.search(n)]
            by_word: dict[str, list[str]] = {}
            for name in dict.fromkeys(names):
                for w in {fold_word(w) for w in name.replace(",", " ").split()}:
                    by_word.setdefault(w, []).append(name)
            by_head: dict[str, list[str]] = {}
            for w in by_word:
                by_head.setdefault(w[:2], []).append(w)
            self._institutions, self._by_head = by_word, by_head
        return self._institutions

    def read_as(self, name: str, limit: int = 3) -> list[tuple[float, str]]:
        """The Chinese-character name parts a Latin name (one word or several: Kyung Hee) is a reading
        of, best first: [(similarity, part)], at least READ_CLOSELY similar after reading_fold."""
        key = reading_fold(name)
        if len(key) < 3 or not self.han:
            return []
        if self._han_heads is None:
            self._han_heads = _heads(self.han)
        return [(s, n) for s, k in _close(key, self.han, self._han_heads) for n in self.han[k]][:limit]

    def latin_reading(self, readings: list[str], limit: int = 3) -> list[tuple[float, str]]:
        """The Latin names (a word, or words side by side: Chung Yuan) closest to any of a Chinese-character
        name's readings, after reading_fold, at least READ_CLOSELY similar: [(similarity, name)], best first."""
        if self._latin_folds is None:
            self._latin_folds = {}
            for names in self.latin.values():
                for name in names:
                    _put(self._latin_folds, reading_fold(name), name)
            self._latin_heads = _heads(self._latin_folds)
        best: dict[str, float] = {}
        for key in {reading_fold(r) for r in readings}:
            for score, folded in _close(key, self._latin_folds, self._latin_heads) if len(key) >= 3 else ():
                for name in self._latin_folds[folded]:
                    best[name] = max(best.get(name, 0.0), score)
        return sorted(((s, n) for n, s in best.items()), key=lambda t: (-t[0], t[1]))[:limit]

    def nearest_latin(self, key: str) -> str | None:
        found = self.near(key, "latin", threshold=0.8, limit=1)
        return found[0][1] if found else None

    def near(self, key: str, side: str, threshold: float = THRESHOLD, limit: int = 3,
             continental: bool = True) -> list[tuple[float, str]]:
        """The names of `side` ("latin" or "japanese") whose key is at least `threshold` similar to
        `key`, best first: [(similarity, name)]. The Latin side holds the keys of names as their own
        language reads them too, met only at CONTINENTAL_THRESHOLD (Wrocław: ヴロツワフ), and only by
        a katakana key (`continental`): a Latin spelling or reading is not its sound (Koc is no Kochi)."""
        found = self._near(key, side, threshold, limit)
        if side != "latin" or not continental or not self.continental or (found and found[0][0] == 1.0):
            return found
        other = self._near(key, "continental", max(threshold, CONTINENTAL_THRESHOLD), limit)
        best: dict[str, float] = {}
        for score, name in found + other:
            best[name] = max(score, best.get(name, 0.0))
        return sorted(((score, name) for name, score in best.items()), key=lambda t: -t[0])[:limit]

    def _near(self, key: str, side: str, threshold: float, limit: int) -> list[tuple[float, str]]:
        if len(key) < 3:
            return []
        names = {"latin": self.latin, "japanese": self.japanese, "continental": self.continental}[side]
        if key in names:
            return [(1.0, n) for n in names[key][:limit]]
        sk = skeleton(key)
        seen: set[str] = set()
        scored = []
        index = self._index()
        for block in _blocks(sk):
            for length in (len(sk) - 1, len(sk), len(sk) + 1):
                for candidate in index.get((side, block, length), ()):
                    if candidate not in seen and len(candidate) >= 3:   # "El" is no name to sound like
                        seen.add(candidate)
                        score = similarity(key, candidate)
                        if score >= threshold:
                            scored.append((score, candidate))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out: list[tuple[float, str]] = []
        for score, candidate in scored[:limit]:
            out += [(score, n) for n in names[candidate]]
        return out[:limit]


def _put(table: dict[str, list[str]], key: str, name: str) -> None:
    if len(key) < 2:
        return
    names = table.setdefault(key, [])
    if name not in names and len(names) < 8:
        names.append(name)


def _heads(folds: dict[str, list[str]]) -> dict[str, list[str]]:
    """Folded keys by their first two letters, where a close key is looked for."""
    heads: dict[str, list[str]] = {}
    for folded in folds:
        heads.setdefault(folded[:2], []).append(folded)
    return heads


def _close(key: str, folds: dict[str, list[str]], heads: dict[str, list[str]]) -> list[tuple[float, str]]:
    """The folded keys at least READ_CLOSELY similar to `key` (the key itself, else those sharing its first
    two letters and within two of its length), best first: [(similarity, folded key)]."""
    if key in folds:
        return [(1.0, key)]
    scored = ((1 - edit_distance(key, k) / max(len(key), len(k)), k) for k in heads.get(key[:2], ())
              if abs(len(k) - len(key)) <= 2)
    return sorted((t for t in scored if t[0] >= READ_CLOSELY), reverse=True)


def _strings(value) -> list[str]:
    return [str(n) for n in value[:MAX_NAMES]] if isinstance(value, list) else []


def _mapping(value) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(n) for n in v][:8] for k, v in list(value.items())[:MAX_NAMES] if isinstance(v, list)}
