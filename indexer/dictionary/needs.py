"""What each line of the bundled dictionary needs of an index's words, worked out once and shipped.

An index keeps the dictionary lines its words can use (indexer.dictionary): a line whose Japanese
form is made of index words, or one of whose English glosses has only words the index has. Asked of
~180,000 lines in Python at every write, that was ~1.3 s (two processes), a fifth of a 10k-record
build. What it takes to answer does not depend on the index: each form's words (MeCab's pieces of
it), each gloss's words, each gloss word's stem. So they are worked out once, by
`python tools/build_dictionary_needs.py`, and shipped as arrays (NEEDS_PATH); a write then marks
which of those words it has and finds its lines with a few passes over the arrays.

The arrays name words by their place in `terms` (index words: forms' pieces, gloss words' stems)
or `words` (English gloss words), and forms and glosses by their place in the order the dictionary
first has them; a list per item is a flat array cut by a start per item (CSR).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable

import numpy as np

from renkei.indexer.analysis import EN_STOP, JAPANESE, pieces, stem_english
from renkei.indexer.dictionary.table import GLOSS_WORD
from renkei.indexer.errors import IndexerError

NEEDS_PATH = Path(__file__).resolve().parent.parent / "data" / "dictionary-needs.npz"
_TEXTS = ("terms", "words", "forms")   # lists of strings, stored as one UTF-8 text, one a line
_STARTS = ("form_starts", "gloss_starts", "line_form_starts", "line_gloss_starts")   # stored as sizes
# Places given in the order of first appearance: stored as how far back from the next new one
# (0 for a new one), which compresses to a fraction; line numbers as their differences.
_IN_ORDER = ("form_terms", "gloss_words", "line_forms", "line_glosses")
_ASCENDING = ("line_numbers",)
_FEW_NEW_WORDS = 200   # more: choosing again (~0.5 s) is a small part of the add


@dataclass
class Needs:
    """The needs of one dictionary text, line by line (see the module's docstring)."""
    fingerprint: str             # the crc of the dictionary text these are of
    terms: list[str]
    words: list[str]
    stems: np.ndarray            # per word: its stem's place in `terms`
    form_terms: np.ndarray       # per form (CSR): the index words it is made of; none: it never is
    form_starts: np.ndarray
    gloss_words: np.ndarray      # per gloss (CSR): its words, stop words aside
    gloss_starts: np.ndarray
    line_numbers: np.ndarray     # per entry line: its number in the text (from 0)
    line_forms: np.ndarray       # per entry line (CSR): its forms, in order
    line_form_starts: np.ndarray
    line_glosses: np.ndarray     # per entry line (CSR): its glosses, sense by sense, in order
    line_gloss_starts: np.ndarray
    forms: list[str] = field(default_factory=list)   # per form: itself (read by new_words_may_count only)

    def save(self, path: Path) -> None:
        arrays = {"fingerprint": np.frombuffer(self.fingerprint.encode("ascii"), np.uint8)}
        for f in fields(self)[1:]:
            value = getattr(self, f.name)
            if f.name in _TEXTS:
                value = np.frombuffer("\n".join(value).encode("utf-8"), np.uint8)
            elif f.name in _STARTS:
                value = np.diff(value).astype(np.uint32)
            elif f.name in _IN_ORDER:
                value = _new_count(value) - value
            elif f.name in _ASCENDING:
                value = np.diff(value, prepend=0)
            arrays[f.name] = value
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path, forms: bool = False) -> "Needs":
        """The needs saved at `path`; their `forms` only if asked (~0.1 s a choice does not need)."""
        with np.load(path) as stored:
            values = {}
            for name in stored.files:
                if name == "forms" and not forms:
                    continue
                value = stored[name]
                if name == "fingerprint":
                    value = value.tobytes().decode("ascii")
                elif name in _TEXTS:
                    value = value.tobytes().decode("utf-8").split("\n") if len(value) else []
                elif name in _STARTS:
                    value = np.concatenate(([0], np.cumsum(value, dtype=np.int64))).astype(np.int32)
                elif name in _IN_ORDER:
                    value = (_new_count(value == 0, first_places=False) - value).astype(np.int32)
                elif name in _ASCENDING:
                    value = np.cumsum(value, dtype=np.int64).astype(np.int32)
                values[name] = value
        return cls(**values)


def shipped_words() -> tuple[str, str] | None:
    """The shipped needs' index words and forms, each one a line of one text (with a line break at
    both ends), read without the rest: what an add asks of them (new_words_may_count)."""
    if not NEEDS_PATH.is_file():
        return None
    with np.load(NEEDS_PATH) as stored:
        if "forms" not in stored.files:
            return None
        return tuple("\n" + stored[name].tobytes().decode("utf-8") + "\n" for name in ("terms", "forms"))


def new_words_may_count(new: set[str]) -> bool:
    """Whether words new to an index can change which bundled dictionary lines it can use (its
    selection is the same otherwise, and an add keeps its base's): only a word some form or gloss
    is made of (an index word of the needs), or a Japanese word inside a form, which
    Vocabulary.may_make may split the form at. A word that is neither changes no line: a
    partner's new name, most often. Asked of a small add only: each word is a pass over the forms."""
    words = shipped_words() if len(new) <= _FEW_NEW_WORDS else None
    if words is None:
        return True
    terms, forms = words
    return any(f"\n{w}\n" in terms or (JAPANESE.search(w) and w in forms) for w in new)


def _new_count(values: np.ndarray, first_places: bool = True) -> np.ndarray:
    """Per item, how many new places came before it: of places in the order of first appearance
    (`values`: a new one is above all before it), or of flags saying which items were new."""
    if not len(values):
        return np.zeros(0, np.int32)
    new = values > np.maximum.accumulate(np.concatenate(([-1], values[:-1]))) if first_places else values
    return np.concatenate(([0], np.cumsum(new, dtype=np.int64)[:-1])).astype(np.int32)


def fingerprint(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def needs_of(text: str) -> Needs:
    """The needs of the dictionary `text`: the shipped ones when they are this text's (the
    bundled dictionary's), else worked out here (a few seconds for the whole dictionary)."""
    mark = fingerprint(text)
    if NEEDS_PATH.is_file():
        shipped = Needs.load(NEEDS_PATH)
        if shipped.fingerprint == mark:
            return shipped
    return prepare(text, mark)


def prepare(text: str, mark: str | None = None) -> Needs:
    """Work out the needs of the dictionary `text` (its lines: forms<TAB>flags<TAB>senses)."""
    term_ids: dict[str, int] = {}
    word_ids: dict[str, int] = {}
    forms_of, glosses_of = _Numbered(made_of, term_ids), _Numbered(words_of, word_ids)
    line_numbers, line_forms, line_form_starts, line_glosses, line_gloss_starts = [], [], [0], [], [0]
    for number, line in enumerate(text.split("\n")):
        if not line or line.startswith("#"):
            continue
        if line.count("\t") < 2:
            raise IndexerError(f"dictionary:{number + 1}: expected forms<TAB>flags<TAB>senses, got {line[:60]!r}")
        forms, _, senses = entry_fields(line)
        line_numbers.append(number)
        line_forms += map(forms_of.number, forms)
        line_form_starts.append(len(line_forms))
        line_glosses += (glosses_of.number(g) for sense in senses for g in sense)
        line_gloss_starts.append(len(line_glosses))
    words = list(word_ids)
    stems = [term_ids.setdefault(stem_english(w), len(term_ids)) for w in words]

    def array(values: list[int]) -> np.ndarray:
        return np.array(values, dtype=np.int32)
    return Needs(mark or fingerprint(text), list(term_ids), words, array(stems), array(forms_of.parts), array(forms_of.starts),
                 array(glosses_of.parts), array(glosses_of.starts), array(line_numbers), array(line_forms),
                 array(line_form_starts), array(line_glosses), array(line_gloss_starts), list(forms_of.ids))


class _Numbered:
    """Distinct values numbered in order of first sight, each with its parts' numbers (flat, with
    each value's start): a line's forms with their index words, its glosses with their words."""

    def __init__(self, parts_of: Callable[[str], list[str]], part_ids: dict[str, int]) -> None:
        self.parts_of, self.part_ids = parts_of, part_ids
        self.ids: dict[str, int] = {}
        self.parts: list[int] = []
        self.starts = [0]

    def number(self, value: str) -> int:
        at = self.ids.get(value)
        if at is None:
            at = self.ids[value] = len(self.ids)
            self.parts += (self.part_ids.setdefault(p, len(self.part_ids)) for p in self.parts_of(value))
            self.starts.append(len(self.parts))
        return at


def entry_fields(line: str) -> tuple[list[str], str, list[list[str]]]:
    """A dictionary line's forms, flags and senses (each its glosses), in order: the needs number
    them in this order and the chooser pairs them back by it."""
    forms, flags, senses = line.split("\t", 2)
    return forms.split(";"), flags, [sense.split("; ") for sense in senses.split("\t")]


def words_of(gloss: str) -> list[str]:
    """An English gloss's words, stop words aside: all of them must be the index's."""
    return [w for w in GLOSS_WORD.findall(gloss.lower()) if w not in EN_STOP]


def made_of(form: str) -> list[str]:
    """The index words a Japanese form is made of, or none if it cannot count as made of them:
    an expression whose words the index drops (verbs, particles) is not its one remaining word
    (年のいった, "elderly", is not 年, "year")."""
    found = pieces(form) if form else ()
    words = [p.term for p in found if p.script != "gap"]
    kept = sum(p.end - p.start for p in found if p.script != "gap")
    return words if words and 2 * kept >= len(form) else []


def all_of(present: np.ndarray, members: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per item of a CSR list: it has members and all of them are `present`."""
    counts = np.concatenate(([0], np.cumsum(present[members], dtype=np.int64)))
    sizes = np.diff(starts)
    return (sizes > 0) & (counts[starts[1:]] - counts[starts[:-1]] == sizes)


def any_of(present: np.ndarray, members: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per item of a CSR list: some member is `present`."""
    counts = np.concatenate(([0], np.cumsum(present[members], dtype=np.int64)))
    return counts[starts[1:]] > counts[starts[:-1]]
