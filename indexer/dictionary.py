"""Each index's own dictionary: the bundled word dictionary cut down to what its vocabulary can use.

A translation helps only if the index has it: `space development` → 宇宙開発 matters to an index
whose records say 宇宙開発. So at each write, the entries whose Japanese forms or English glosses
the index's words can make are stored with the generation (DICTIONARY_FILE), each known form and
gloss marked (corpus.dictionary.KNOWN); the query side reads that file only (search.translate).
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Iterable

from corpus.dictionary import CURATED, EXTRACT, KNOWN, _data, bundled_text

from .analysis import EN_STOP, JAPANESE, pieces, singular_english, stem_english
from .dictionary_table import DICTIONARY_FILE, GLOSS_WORD, write_table
from .errors import IndexerError
from .schema import BODY, NAMES

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

    def learn_words(self, words: set[str]) -> None:
        """Find which of these English words the index has (stemmed)."""
        for word in words:
            possible = (word[:3] in self._prefixes or word[:2] in self.terms or word[:1] in self.terms
                        or (word[2:3] == "y" and word[:2] + "i" in self._prefixes))
            if possible and stem_english(word) in self.terms:
                self.words.add(word)
                if self._written is None or _inflected(word) in self._written:
                    self.written_words.add(word)

    def has_gloss(self, gloss: str, as_written: bool = False) -> bool:
        """Every word of the English gloss is in the index (stop words aside): 'analytical chemistry';
        with `as_written`, as written or inflected (_inflected), not only through its stem."""
        words = [w for w in GLOSS_WORD.findall(gloss.lower()) if w not in EN_STOP]
        return bool(words) and (self.written_words if as_written else self.words).issuperset(words)

    def form_lines(self, text: str) -> set[int]:
        """Where in the dictionary `text` the lines start that have a form of the index's
        characters (first and last characters included): one pass of a regular expression over
        the whole text, instead of a test on each of its ~250,000 forms."""
        def chars(cs: frozenset[str]) -> str:
            return "".join(re.escape(c) for c in sorted(cs))
        pattern = re.compile(rf"^(?:[^;\t\n]*;)*?[{chars(self._first_chars)}](?:[{chars(self._ja_chars)}]*"
                             rf"[{chars(self._last_chars)}])?(?=[;\t])", re.MULTILINE)
        return {m.start() for m in pattern.finditer(text)}

    def has_form(self, form: str) -> bool:
        """The Japanese form is made of the index's words: 持続可能な開発目標 of 持続, 可能, 開発, 目標.
        Cheap tests on the characters come first; MeCab confirms the few forms that pass them."""
        if not form or form[0] not in self._first_chars or form[-1] not in self._last_chars \
                or not self._ja_chars.issuperset(form) or not self._could_make(form):
            return False
        found = pieces(form)
        words = [p.term for p in found if p.script != "gap"]
        # An expression whose words the index drops (verbs, particles) is not its one remaining
        # word: 年のいった ("elderly") must not translate to 年 ("year"), found in most records.
        kept = sum(p.end - p.start for p in found if p.script != "gap")
        return bool(words) and all(w in self.terms for w in words) and 2 * kept >= len(form)

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


def has_new_words(ix, terms_by_field: dict[str, Iterable[str]]) -> bool:
    """Whether any of these (field: terms) is missing from the index's vocabulary: if none is, the
    index's dictionary entries stay the same (~2-5 s saved on every add)."""
    with ix.reader() as reader:
        return any((field, term) not in reader for field in (NAMES, BODY) for term in terms_by_field.get(field, ()))


def write_dictionary(generation: Path, ix=None, text: str | None = None, *, terms: Iterable[str] | None = None,
                     written: Iterable[str] | None = None, procs: int = 1) -> int:
    """Store the dictionary entries the index at `generation` can use; returns how many. The index's
    words are `terms` (its names and body terms, as a build has them), else read from `ix`;
    `written` are its English words as written (indexer.fastindex.EXACT).

    Plain string work over the raw lines (no parsing into entries): this runs over ~180,000 lines
    at every write, and most lines are dismissed by one set test on their characters or words.
    With `procs` > 1 the lines are shared out to that many forked processes (each line is
    judged on its own)."""
    global _JOB
    vocabulary = Vocabulary(set(terms), written) if terms is not None else Vocabulary.of_index(ix, written)
    text = bundled_text() if text is None else text
    parts = _split_lines(text, procs)
    if len(parts) == 1:
        chosen = [_choose(vocabulary, *parts[0])]
    else:
        import multiprocessing   # here: a searching process never needs it
        _JOB = (vocabulary, parts)
        try:
            with multiprocessing.get_context("fork").Pool(len(parts) - 1) as pool:
                others = pool.map_async(_choose_part, range(1, len(parts)))
                chosen = [_choose(vocabulary, *parts[0]), *others.get()]   # the first share here
        finally:
            _JOB = None
    out = [line for lines in chosen for line in lines]
    written = "".join(line + "\n" for line in out).encode("utf-8")
    (generation / DICTIONARY_FILE).write_bytes(written)
    write_table(generation, written, DICTIONARY_FILE)
    return len(out)


_JOB = None   # (vocabulary, parts) for forked workers: shared by the fork, never pickled


def _choose_part(k: int) -> list[str]:
    vocabulary, parts = _JOB
    return _choose(vocabulary, *parts[k])


def _split_lines(text: str, procs: int) -> list[tuple[int, str]]:
    """`text` in up to `procs` pieces cut at line ends, each with the number of its first line."""
    cuts = [0]
    for k in range(1, max(procs, 1)):
        end = text.find("\n", len(text) * k // procs)
        if end < 0 or end + 1 <= cuts[-1]:
            break
        cuts.append(end + 1)
    cuts.append(len(text))
    pieces, number = [], 1
    for a, b in zip(cuts, cuts[1:]):
        if b > a:
            pieces.append((number, text[a:b]))
            number += text.count("\n", a, b)
    return pieces or [(1, text)]


def _choose(vocabulary: Vocabulary, first_line: int, text: str) -> list[str]:
    """The dictionary lines of `text` (its first line numbered `first_line`) the index can use,
    cut down to what serves. Learns the English words of these lines only: a line's glosses are
    judged by its own words."""
    lowered = text.lower()
    vocabulary.learn_words(set(GLOSS_WORD.findall(lowered)))
    japanese = vocabulary.form_lines(text)
    out, known_glosses, offset = [], {}, 0
    for number, (line, line_lowered) in enumerate(zip(text.split("\n"), lowered.split("\n")), first_line):
        start, offset = offset, offset + len(line) + 1
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t", 2)
        if len(fields) < 3:
            raise IndexerError(f"dictionary:{number}: expected forms<TAB>flags<TAB>senses, got {line[:60]!r}")
        forms, flags, senses = fields
        known_forms = {f for f in forms.split(";") if vocabulary.has_form(f)} if start in japanese else set()
        known = set()
        if not vocabulary.written_words.isdisjoint(GLOSS_WORD.findall(line_lowered, len(forms) + len(flags) + 2)):
            for gloss in (g for sense in senses.split("\t") for g in sense.split("; ")):
                found = known_glosses.get(gloss)
                if found is None:
                    # As written or inflected only: a gloss the index has only through a shared Porter
                    # stem translates into another word (宇宙 → universe would find every University).
                    found = known_glosses[gloss] = vocabulary.has_gloss(gloss, as_written=True)
                if found:
                    known.add(gloss)
        if not known_forms and not known:
            continue
        # What cannot serve goes: without a known form, unknown glosses translate into nothing the
        # index has and nothing is looked up by them; without a known gloss, forms are only looked
        # up by, and an unknown one finds nothing.
        sense_lists = [s.split("; ") for s in senses.split("\t")]
        if not known_forms:
            sense_lists = [[g for g in sense if g in known] for sense in sense_lists]
        kept_forms = forms.split(";") if known else [f for f in forms.split(";") if f in known_forms]
        out.append(_line(kept_forms, flags, sense_lists, known_forms, known))
    return out


def _line(forms: list[str], flags: str, senses: list[list[str]], known_forms: set[str], known: set[str]) -> str:
    def mark(text: str, known_set: set[str]) -> str:
        return KNOWN + text if text in known_set else text
    return "\t".join([";".join(mark(f, known_forms) for f in forms), flags,
                      *("; ".join(mark(g, known) for g in sense) for sense in senses if sense)])
