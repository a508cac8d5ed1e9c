"""Query translation the classic dictionary-based CLIR way (Pirkola's structured queries).

The query's words are looked up in the index's own dictionary (indexer.dictionary: JMdict entries
and curated words the index can use): whole phrases before single words (`space development` →
宇宙開発 before `space` → 宇宙; 森林認証 → forest + certification when the compound itself is no
entry), at most MAX_PER_WORD translations for each source word or phrase, only translations the
index has. Each source word's translations are meant to form one synonym group, weighted below the
word as typed (search.compile does that). Plain data here, no whoosh.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from renkei.corpus.dictionary import WordEntry, parse_line
from renkei.corpus.errors import RecordParseError
from renkei.indexer.analysis import EN_STOP
from renkei.indexer.dictionary.table import (MAX_PHRASE_WORDS, DictionaryTable, gloss_key, origin_of, singular_key)

MAX_PER_WORD = 4


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


class Translator:
    """Looks up translations in one index's dictionary (both directions), through the table
    written with it (indexer.dictionary_table); entries are parsed when a query needs them."""

    def __init__(self, dictionary: bytes, source: str = "dictionary", table: DictionaryTable | None = None) -> None:
        self._dictionary, self._source = dictionary, source
        self._parsed: dict[int, WordEntry | None] = {}
        self._table = table or DictionaryTable.of_dictionary(dictionary, source)
        self.longest_phrase = self._table.longest_phrase

    @classmethod
    def of_lines(cls, lines: Sequence[str]) -> "Translator":
        return cls("".join(line + "\n" for line in lines).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> "Translator":
        """The dictionary stored with an index generation (empty if it has none: an older index)."""
        if not path.is_file():
            return cls(b"")
        dictionary = path.read_bytes()
        return cls(dictionary, str(path), DictionaryTable.load(path.parent, dictionary, str(path)))

    def _entry(self, offset: int) -> WordEntry | None:
        if offset not in self._parsed:
            end = self._dictionary.find(b"\n", offset)
            line = self._dictionary[offset:len(self._dictionary) if end < 0 else end].decode("utf-8")
            try:
                self._parsed[offset] = parse_line(line, self._source)
            except RecordParseError as err:   # named by its line, counted only then
                number = self._dictionary.count(b"\n", 0, offset) + 1
                raise RecordParseError(str(err).replace(self._source, f"{self._source}:{number}", 1)) from None
        return self._parsed[offset]

    # --- one direction each ------------------------------------------------------------------

    def from_english(self, text: str) -> list[Translation]:
        """Japanese translations of an English word or phrase; the gloss as written first, and
        in the singular (studies: study) only when it has none."""
        found = self._table.by_gloss(gloss_key(text)) or self._table.by_singular(singular_key(text))
        out: dict[str, str] = {}
        for _, form, origin in sorted(found):
            out.setdefault(form, origin)
            if len(out) == MAX_PER_WORD:
                break
        return [Translation(text, form, origin) for form, origin in out.items()]

    def from_japanese(self, form: str) -> list[Translation]:
        """English translations of a Japanese word or compound, in the dictionary's order."""
        ranked = []
        for entry in filter(None, map(self._entry, self._table.form_offsets(form))):
            if len(form) < 2 and not entry.curated:
                continue   # 年, 的, 性: counters and suffixes with dozens of senses
            for sense, position, gloss in entry.glosses:
                if gloss in entry.known_glosses:
                    ranked.append(((not entry.curated, sense, not entry.common, position), gloss, origin_of(entry)))
        out: dict[str, str] = {}
        for _, gloss, origin in sorted(ranked):
            out.setdefault(gloss_key(gloss), (gloss, origin))
            if len(out) == MAX_PER_WORD:
                break
        return [Translation(form, gloss, origin) for gloss, origin in out.values()]

    def senses(self, form: str) -> list[str]:
        """Every English gloss of a Japanese word, whether the index has its words as written or not
        (東洋: the Orient, which Oriental holds), one-character words too (庁: agency): what a name
        translated word by word may say (search.crosslingual.meaning). Common entries first."""
        entries = sorted(filter(None, map(self._entry, self._table.form_offsets(form))), key=lambda e: not e.common)
        return list(dict.fromkeys(gloss for entry in entries for _, _, gloss in entry.glosses))

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
                if words[i].casefold() in EN_STOP or words[j - 1].casefold() in EN_STOP or len(singular_key(text)) < 2:
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
