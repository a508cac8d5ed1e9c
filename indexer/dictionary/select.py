"""Each index's own dictionary: the bundled word dictionary cut down to what its vocabulary can use.

A translation helps only if the index has it: `space development` → 宇宙開発 matters to an index
whose records say 宇宙開発. So at each write, the entries whose Japanese forms or English glosses
the index's words can make are stored with the generation (DICTIONARY_FILE), each known form and
gloss marked (corpus.dictionary.KNOWN); the query side reads that file only (search.translate).
What each line needs of the index's words is worked out once for the bundled dictionary
(indexer.dictionary_needs), so a write reads only the lines its words can use.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from renkei.corpus.dictionary import CURATED, EXTRACT, KNOWN, _data, bundled_text

from renkei.indexer.analysis import JAPANESE, singular_english, stem_english
from renkei.indexer.dictionary.needs import Needs, all_of, any_of, entry_fields, made_of, needs_of, words_of
from renkei.indexer.dictionary.table import DICTIONARY_FILE, table_is_current, write_table
from renkei.indexer.schema import BODY, NAMES

_HIRAGANA = frozenset(chr(c) for c in range(0x3041, 0x30a0))
# Characters MeCab may leave out of the index's words: particles and okurigana, the middle dot.
_SKIPPABLE = _HIRAGANA | {"・"}
_LONGEST_TERM = 12


class Vocabulary:
    """The words of one index (Japanese base forms, English stems), and what can be made of them."""

    def __init__(self, terms: set[str], written: Iterable[str] | None = None) -> None:
        self.terms = terms
        # The index's English words as written (folded), inflections aside: a gloss must be one of
        # them, not merely share a Porter stem with one (universe and University: univers).
        self._written = {_inflected(w) for w in written} if written is not None else None
        japanese = {t for t in terms if JAPANESE.search(t)}
        # A Japanese form with a character no index word has cannot be made of index words.
        self._ja_chars = frozenset("".join(japanese)) | _SKIPPABLE
        self._first_chars = frozenset(t[0] for t in japanese) | _SKIPPABLE
        self._last_chars = frozenset(t[-1] for t in japanese) | _SKIPPABLE
        # Porter stemming rewrites only a word's ending, so a word whose first three letters start
        # no index word cannot stem to one (unless its stem is shorter than three letters, or
        # ends in the i of a y): such words are known to be absent without stemming them.
        self._prefixes = {t[:3] for t in terms - japanese}
        self.words: set[str] = set()   # English words (as written) whose stems the index has
        self.written_words: set[str] = set()   # those of them the index has as written (or singular)

    @classmethod
    def of_index(cls, ix, written: Iterable[str] | None = None) -> "Vocabulary":
        with ix.reader() as reader:
            return cls({t.decode("utf-8") if isinstance(t, bytes) else t
                        for field in (NAMES, BODY) if field in reader.schema for t in reader.lexicon(field)},
                       written)

    def learn_words(self, words: Iterable[str], stems: Iterable[str] | None = None) -> None:
        """Find which of these English words the index has (stemmed); `stems`: theirs, if known."""
        pairs = zip(words, stems) if stems is not None else ((w, None) for w in words)
        for word, stem in pairs:
            possible = (word[:3] in self._prefixes or word[:2] in self.terms or word[:1] in self.terms
                        or (word[2:3] == "y" and word[:2] + "i" in self._prefixes))
            if possible and (stem or stem_english(word)) in self.terms:
                self.words.add(word)
                if self._written is None or _inflected(word) in self._written:
                    self.written_words.add(word)

    def has_gloss(self, gloss: str, as_written: bool = False) -> bool:
        """Every word of the English gloss is in the index (stop words aside): 'analytical chemistry';
        with `as_written`, as written or inflected (_inflected), not only through its stem."""
        words = words_of(gloss)
        return bool(words) and (self.written_words if as_written else self.words).issuperset(words)

    def has_form(self, form: str) -> bool:
        """The Japanese form is made of the index's words: 持続可能な開発目標 of 持続, 可能, 開発, 目標.
        Cheap tests on the characters come first; MeCab confirms the few forms that pass them."""
        words = made_of(form) if self.may_make(form) else []
        return bool(words) and all(w in self.terms for w in words)

    def may_make(self, form: str) -> bool:
        """has_form's tests before MeCab's: the form has only the index's characters and splits
        into index words, allowing particles and dots between them."""
        return bool(form) and form[0] in self._first_chars and form[-1] in self._last_chars \
            and self._ja_chars.issuperset(form) and self._could_make(form)

    def _could_make(self, form: str) -> bool:
        """Whether `form` splits into index words, allowing hiragana (particles) and dots between them."""
        if form in self.terms:
            return True
        all_kana = _HIRAGANA.issuperset(form)
        reachable = [True] + [False] * len(form)
        used_word = False
        for start in range(len(form)):
            if not reachable[start]:
                continue
            if not all_kana and form[start] in _SKIPPABLE:
                reachable[start + 1] = True   # MeCab may drop it
            for end in range(start + 1, min(len(form), start + _LONGEST_TERM) + 1):
                if form[start:end] in self.terms:
                    reachable[end] = used_word = True
        return reachable[len(form)] and used_word


def _inflected(word: str) -> str:
    """A word without its inflection (-s, -es, -ed, -ing, a final e): exchanges, exchanged and
    exchanging are exchange; derivations stay apart (development is not develop, university not
    universe), as in Lucene's minimal English stemmer rather than Porter's."""
    word = singular_english(word)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def source_fingerprint() -> str:
    """Which bundled dictionary an index's dictionary was chosen from (stored in its meta.json)."""
    crc = 0
    for name in (CURATED, EXTRACT):
        crc = zlib.crc32(_data(name).read_bytes(), crc)
    return f"{crc:08x}"


def new_words(ix, terms_by_field: dict[str, Iterable[str]]) -> set[str]:
    """Those of these (field: terms) missing from the index's vocabulary (its names' and body's
    terms, as Vocabulary.of_index): if none can make a line usable (needs.new_words_may_count),
    the index's dictionary entries stay the same (~0.5 s of an add saved)."""
    with ix.reader() as reader:
        return {term for field in (NAMES, BODY) for term in terms_by_field.get(field, ())
                if not any((other, term) in reader for other in (NAMES, BODY))}


def write_dictionary(generation: Path, ix=None, text: str | None = None, *, terms: Iterable[str] | None = None,
                     written: Iterable[str] | None = None) -> int:
    """Store the dictionary entries the index at `generation` can use; returns how many. The index's
    words are `terms` (its names and body terms, as a build has them), else read from `ix`;
    `written` are its English words as written (indexer.fastindex.EXACT)."""
    vocabulary = Vocabulary(set(terms), written) if terms is not None else Vocabulary.of_index(ix, written)
    text = bundled_text() if text is None else text
    out = choose(vocabulary, needs_of(text), text.split("\n"))
    written = "".join(line + "\n" for line in out).encode("utf-8")
    (generation / DICTIONARY_FILE).write_bytes(written)
    # An add's new words seldom make a new entry usable: the table copied from the base is then this
    # dictionary's, by its header's checksums (rebuilding it cost ~0.25 s of each add, #35).
    if not table_is_current(generation, written):
        write_table(generation, written, DICTIONARY_FILE)
    return len(out)


def choose(vocabulary: Vocabulary, needs: Needs, lines: list[str]) -> list[str]:
    """The dictionary lines the index can use, cut down to what serves and marked."""
    out = []
    for _, forms, flags, senses, known_forms, known in usable_lines(vocabulary, needs, lines):
        # What cannot serve goes: without a known form, unknown glosses translate into nothing the
        # index has and nothing is looked up by them; without a known gloss, forms are only looked
        # up by, and an unknown one finds nothing.
        if not known_forms:
            senses = [[g for g in sense if g in known] for sense in senses]
        kept_forms = forms if known else [f for f in forms if f in known_forms]
        out.append(_line(kept_forms, flags, senses, known_forms, known))
    return out


def usable_lines(vocabulary: Vocabulary, needs: Needs, lines: list[str]) -> Iterator[tuple]:
    """(number, forms, flags, senses, known forms, known glosses) of each line of the dictionary
    (`needs` are its) with a form the index's words make or a gloss whose words it has as written.
    The arrays find those lines; only they are read."""
    has_term = np.fromiter((t in vocabulary.terms for t in needs.terms), bool, len(needs.terms))
    stemmed = np.flatnonzero(has_term[needs.stems]).tolist()   # the gloss words the index may have
    vocabulary.learn_words([needs.words[i] for i in stemmed], [needs.terms[needs.stems[i]] for i in stemmed])
    has_word = np.zeros(len(needs.words), bool)
    has_word[[i for i in stemmed if needs.words[i] in vocabulary.written_words]] = True
    # As written or inflected only: a gloss the index has only through a shared Porter stem
    # translates into another word (宇宙 → universe would find every University).
    gloss_known = all_of(has_word, needs.gloss_words, needs.gloss_starts)
    form_made = all_of(has_term, needs.form_terms, needs.form_starts)   # of index words: may_make decides
    usable = any_of(form_made, needs.line_forms, needs.line_form_starts) \
        | any_of(gloss_known, needs.line_glosses, needs.line_gloss_starts)
    made: dict[str, bool] = {}
    for k in np.flatnonzero(usable).tolist():
        number = int(needs.line_numbers[k])
        form_list, flags, sense_lists = entry_fields(lines[number])
        known_forms = set()
        for form, at in zip(form_list, _members(needs.line_forms, needs.line_form_starts, k)):
            if form_made[at]:
                if form not in made:
                    made[form] = vocabulary.may_make(form)
                if made[form]:
                    known_forms.add(form)
        glosses = (g for sense in sense_lists for g in sense)
        known = {g for g, at in zip(glosses, _members(needs.line_glosses, needs.line_gloss_starts, k))
                 if gloss_known[at]}
        if known_forms or known:
            yield number, form_list, flags, sense_lists, known_forms, known


def _members(flat: np.ndarray, starts: np.ndarray, k: int) -> list[int]:
    return flat[starts[k]:starts[k + 1]].tolist()


def _line(forms: list[str], flags: str, senses: list[list[str]], known_forms: set[str], known: set[str]) -> str:
    def mark(text: str, known_set: set[str]) -> str:
        return KNOWN + text if text in known_set else text
    return "\t".join([";".join(mark(f, known_forms) for f in forms), flags,
                      *("; ".join(mark(g, known) for g in sense) for sense in senses if sense)])
