"""Query translation the classic dictionary-based CLIR way (Pirkola's structured queries).

The query's words are looked up in the index's own dictionary (indexer.dictionary: JMdict entries
and curated words the index can use): whole phrases before single words (`space development` →
宇宙開発 before `space` → 宇宙; 森林認証 → forest + certification when the compound itself is no
entry), at most MAX_PER_WORD translations for each source word or phrase, only translations the
index has. Each source word's translations are meant to form one synonym group, weighted below the
word as typed (search.compile does that). Plain data here, no whoosh.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from corpus.dictionary import KNOWN, WordEntry, parse_line
from indexer.analysis import EN_STOP, singular_english

MAX_PER_WORD = 4
MAX_PHRASE_WORDS = 6
_LATIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")


@dataclass(frozen=True)
class Translation:
    """One translation of a query word or phrase."""
    source: str    # the words as typed
    text: str      # in the other language
    origin: str    # 'glossary' (curated), 'dictionary' (JMdict) or 'unidic' (UniDic's gloss of a loanword)


@dataclass(frozen=True)
class SourceWord:
    """A word of the query as analysed: Japanese pieces with their surfaces, English words."""
    surface: str
    term: str                  # Japanese: the base form (行った: 行う); English: the word, lowercase
    japanese: bool
    gloss: str | None = None   # UniDic's English gloss of a Japanese loanword


@dataclass(frozen=True)
class Span:
    """Consecutive source words translated together (a phrase, or one word) and their translations."""
    start: int
    end: int
    source: str
    translations: tuple[Translation, ...]


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _singulars(text: str) -> tuple[str, ...]:
    return tuple(singular_english(w) for w in _LATIN_WORD.findall(_key(text)) if w not in EN_STOP)


def _origin(entry: WordEntry) -> str:
    return "glossary" if entry.curated else "dictionary"


def _useful_target(form: str, entry: WordEntry) -> bool:
    """A single character (間 for space, 生 for student) or a hiragana word (で) matches pieces of
    unrelated words or particles: a target only when curated."""
    return entry.curated or (len(form) > 1 and not _HIRAGANA.match(form))


class Translator:
    """Looks up translations in one index's dictionary (both directions).

    Built per process from the lines of the index's dictionary file: entries are parsed when a
    query needs them, except those with forms the index has (the English-to-Japanese side)."""

    def __init__(self, lines: Sequence[str], source: str = "dictionary") -> None:
        self._lines, self._source = lines, source
        self._parsed: dict[int, WordEntry | None] = {}
        self._by_form: dict[str, list[int]] = {}
        # English gloss (as written, then in the singular) -> (rank, Japanese form, origin).
        self._by_gloss: dict[str, list[tuple[tuple, str, str]]] = {}
        self._by_singular: dict[tuple[str, ...], list[tuple[tuple, str, str]]] = {}
        self.longest_phrase = 1
        for number, line in enumerate(lines):
            if not line or line.startswith("#"):
                continue
            forms = line.split("\t", 1)[0]
            for form in forms.split(";"):
                self._by_form.setdefault(form.lstrip(KNOWN), []).append(number)
            if KNOWN in forms:
                self._index_glosses(number, self._entry(number))

    def _entry(self, number: int) -> WordEntry | None:
        if number not in self._parsed:
            self._parsed[number] = parse_line(self._lines[number], f"{self._source}:{number + 1}")
        return self._parsed[number]

    def _index_glosses(self, number: int, entry: WordEntry | None) -> None:
        targets = [f for f in entry.forms if f in entry.known_forms and _useful_target(f, entry)] if entry else []
        if not targets:
            return
        for sense, position, gloss in entry.glosses:
            # Curated words first, then the gloss's sense (the first is the word's main meaning),
            # common words before rare ones (研究 before 考究 for research), the gloss's place.
            value = ((not entry.curated, sense, not entry.common, position, number), targets[0], _origin(entry))
            self._by_gloss.setdefault(_key(gloss), []).append(value)
            singular = _singulars(gloss)
            if singular:
                self._by_singular.setdefault(singular, []).append(value)
            self.longest_phrase = max(self.longest_phrase, min(len(gloss.split()), MAX_PHRASE_WORDS))

    @classmethod
    def load(cls, path: Path) -> "Translator":
        """The dictionary stored with an index generation (empty if it has none: an older index)."""
        if not path.is_file():
            return cls(())
        return cls(path.read_text(encoding="utf-8").split("\n"), str(path))

    # --- one direction each ------------------------------------------------------------------

    def from_english(self, text: str) -> list[Translation]:
        """Japanese translations of an English word or phrase; the gloss as written first, and
        in the singular (studies: study) only when it has none."""
        found = self._by_gloss.get(_key(text)) or self._by_singular.get(_singulars(text)) or []
        out: dict[str, str] = {}
        for _, form, origin in sorted(found):
            out.setdefault(form, origin)
            if len(out) == MAX_PER_WORD:
                break
        return [Translation(text, form, origin) for form, origin in out.items()]

    def from_japanese(self, form: str) -> list[Translation]:
        """English translations of a Japanese word or compound, in the dictionary's order."""
        ranked = []
        for entry in filter(None, map(self._entry, self._by_form.get(form, ()))):
            if len(form) < 2 and not entry.curated:
                continue   # 年, 的, 性: counters and suffixes with dozens of senses
            for sense, position, gloss in entry.glosses:
                if gloss in entry.known_glosses:
                    ranked.append(((not entry.curated, sense, not entry.common, position), gloss, _origin(entry)))
        out: dict[str, str] = {}
        for _, gloss, origin in sorted(ranked):
            out.setdefault(_key(gloss), (gloss, origin))
            if len(out) == MAX_PER_WORD:
                break
        return [Translation(form, gloss, origin) for gloss, origin in out.values()]

    # --- query words -------------------------------------------------------------------------

    def translate(self, words: Sequence[SourceWord], phrases: bool = True) -> list[Span]:
        """Cover the words left to right with the longest spans the dictionary translates (single
        words only without `phrases`); a word it cannot translate is a span without translations
        (but its UniDic gloss, if it has one)."""
        spans, i = [], 0
        while i < len(words):
            for j in range(min(len(words), i + (MAX_PHRASE_WORDS if phrases else 1)), i, -1):
                found = self._span(words[i:j])
                if found:
                    break
            else:
                j, found = i + 1, []
                if words[i].gloss:
                    found = [Translation(words[i].surface, words[i].gloss, "unidic")]
            spans.append(Span(i, j, _source(words[i:j]), tuple(found)))
            i = j
        return spans

    def _span(self, words: Sequence[SourceWord]) -> list[Translation]:
        if all(w.japanese for w in words):
            # A compound as written (宇宙開発), or ending in its base form (取り組んだ: 取り組む).
            surface = "".join(w.surface for w in words)
            base = "".join(w.surface for w in words[:-1]) + words[-1].term
            found = self.from_japanese(surface) or (self.from_japanese(base) if base != surface else [])
            return [Translation(surface, t.text, t.origin) for t in found]
        if any(w.japanese for w in words):
            return []
        return self.from_english(" ".join(w.surface for w in words))

    def phrases(self, words: Sequence[str]) -> list[Span]:
        """English phrases of two words or more among `words` that the dictionary translates
        (longest first, left to right): `space development` in `space development and ocean research`."""
        spans, i = [], 0
        while i < len(words):
            for j in range(min(len(words), i + self.longest_phrase), i + 1, -1):
                text = " ".join(words[i:j])
                if words[i].casefold() in EN_STOP or words[j - 1].casefold() in EN_STOP or len(_singulars(text)) < 2:
                    continue
                found = self.from_english(text)
                if found:
                    spans.append(Span(i, j, " ".join(words[i:j]), tuple(found)))
                    i = j
                    break
            else:
                i += 1
        return spans


def _source(words: Sequence[SourceWord]) -> str:
    joiner = "" if all(w.japanese for w in words) else " "
    return joiner.join(w.surface for w in words)
