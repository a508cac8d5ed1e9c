"""One analysis pipeline for Japanese and English, shared by indexing and querying.

Text is NFKC-normalised with an offset map (indexer.normalize), then cut into script runs:
Japanese runs go through MeCab (fugashi + unidic-lite), Latin runs through an English chain
(lowercase, stop words, stemming). Every token's startchar/endchar index the *original* text.

The import paths of the analyzer classes below are part of the on-disk format: whoosh pickles the
schema with its analyzers. Renaming them breaks existing indexes (bump ANALYZER_VERSION instead).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

from renkei.indexer.errors import AnalyzerUnavailable
from renkei.indexer.kana import FOLDABLE, fold_spans, kana_key, katakana_equals, katakana_runs, phrase_term  # noqa: F401
from renkei.indexer.normalize import normalize

ANALYZER_VERSION = 5   # 5: katakana also indexed folded (indexer.kana): words under their key, bigrams folded

_JA = "\u3005-\u3007\u3041-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
JAPANESE = re.compile(f"[{_JA}]")   # one Japanese character: the one test of "is this Japanese"
_RUNS = re.compile(rf"(?P<ja>[{_JA}]+)|(?P<latin>[^\W_{_JA}]+(?:['’][^\W_{_JA}]+)*)")
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")
# Parts of speech that carry no meaning of their own as index terms.
_DROP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "感動詞"}
# In the spirit of Lucene's ja_stop: frequent verbs, formal nouns, pronouns, conjunctions.
JA_STOP = frozenset("""
する いる ある なる こと もの れる られる せる させる ため よう これ それ あれ この その あの ここ そこ
できる おる くる いく やる いう ない また および 及び ならびに 並びに さらに 更に なお ほか その他 それぞれ
とき ところ 等 など うち もと 的
""".split())
EN_STOP = frozenset("""
a an and are as at be but by for if in into is it its of on or such that the their then there these
they this to was were will with we our from has have had been not no which who whom what when where
""".split())


class Piece(NamedTuple):
    """One word of the text: its script, index term(s) and span in the original text."""
    script: str          # "ja", "latin", or "gap" (a dropped Japanese particle, auxiliary, stop word)
    term: str            # the index term (orthBase for Japanese, lowercased word for Latin)
    surface: str         # normalised surface form
    start: int
    end: int
    variant: str | None  # Japanese: the dictionary's standard katakana spelling, if it differs
    gloss: str | None = None  # Japanese loanwords: UniDic's English gloss (ケンブリッジ -> Cambridge)


def fold_prolonged(term: str) -> str:
    """コンピューター → コンピュータ, as Lucene kuromoji's KatakanaStemFilter (minimum length 4)."""
    if len(term) > 3 and term.endswith("ー") and _KATAKANA.match(term):
        return term.rstrip("ー")
    return term


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@lru_cache(maxsize=50000)
def fold_latin(word: str) -> tuple[str, str | None]:
    """Accents folded (göttingen → gottingen, école → ecole, koç → koc), and for German umlauts
    the transliteration as a second form (göttingen → goettingen), as Lucene's ASCII folding and
    German normalisation do. Words without accents come back unchanged."""
    if word.isascii():
        return word, None
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))
    german = word.translate(_GERMAN)
    if german != word:
        german = "".join(ch for ch in unicodedata.normalize("NFKD", german) if not unicodedata.combining(ch))
    return folded, (german if german != word and german != folded else None)


class _Tagger:
    """A lazily created fugashi tagger, one per process; never pickled."""
    _tagger = None

    @classmethod
    def get(cls):
        if cls._tagger is None:
            try:
                import fugashi
                cls._tagger = fugashi.Tagger()
            except (ImportError, RuntimeError) as err:
                raise AnalyzerUnavailable(
                    f"MeCab could not start ({err}). Install the dictionary: pip install unidic-lite") from err
        return cls._tagger


_GLOSS = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")


# MeCab crashes the process (a segfault, exit 139) on a run of about a million characters without
# punctuation, and its lattice grows with the run: runs are tagged in chunks of at most this size (#13).
MAX_TAGGED_CHARS = 10_000
_HIRAGANA = re.compile(r"[\u3041-\u309f]")


def _chunks(run: str) -> Iterator[str]:
    """`run` in pieces of at most MAX_TAGGED_CHARS, cut where a word is least likely to go on:
    after hiragana (a particle or an ending) before kanji or katakana, else at any change of script."""
    start = 0
    while len(run) - start > MAX_TAGGED_CHARS:
        end = start + MAX_TAGGED_CHARS
        cut = next((i for i in range(end, start + MAX_TAGGED_CHARS // 2, -1)
                    if _HIRAGANA.match(run[i - 1]) and not _HIRAGANA.match(run[i])), None)
        if cut is None:
            cut = next((i for i in range(end, start + MAX_TAGGED_CHARS // 2, -1)
                        if _script(run[i - 1]) != _script(run[i])), end)
        yield run[start:cut]
        start = cut
    yield run[start:]


def _script(ch: str) -> str:
    return "hiragana" if _HIRAGANA.match(ch) else "katakana" if "\u30a0" <= ch <= "\u30ff" else "kanji"


_LEMMA, _ORTH_BASE = 7, 10   # UniDic's fields: pos1 pos2 pos3 pos4 cType cForm lForm lemma orth pron orthBase


def _features(raw: str) -> tuple[str, str | None, str | None]:
    """UniDic's pos1, lemma and orthBase from a node's feature string. fugashi's `node.feature` builds
    a 29-field named tuple for every word, which was half the cost of the analysis; this splits the
    string as fugashi does (as CSV when one of those fields is quoted: UniDic quotes later ones, such
    as aConType, often) and keeps three fields. An unknown word has six fields: no lemma, no orthBase."""
    fields = raw.split(",", _ORTH_BASE + 1)
    if '"' in raw and any('"' in field for field in fields[:_ORTH_BASE + 1]):
        import csv   # here: seldom needed, and a search need not import it
        fields = next(csv.reader([raw]))
    if len(fields) <= _ORTH_BASE:
        return fields[0], None, None
    return fields[0], fields[_LEMMA], fields[_ORTH_BASE]


def _japanese_pieces(run: str, offset: int) -> Iterator[tuple[str | None, str, int, int, str | None, str | None]]:
    """(term, surface, start, end, variant, gloss) of the words of one Japanese run; term None: dropped."""
    position = offset
    tagger, known = _Tagger.get(), _KNOWN_WORDS
    for node in (node for chunk in _chunks(run) for node in tagger(chunk)):
        surface = node.surface
        start = position
        position += len(surface)
        key = (surface, node.feature_raw)
        word = known.get(key)
        if word is None:
            if len(known) >= MAX_KNOWN_WORDS:
                known.clear()
            word = known[key] = _word(*key)
        yield word[0], surface, start, position, word[1], word[2]


# A text repeats its words (and a corpus its vocabulary): each (surface, features) is worked out
# once, in a table cleared when full: ~680 bytes an entry, so at most ~20 MB a process.
MAX_KNOWN_WORDS = 30_000
_KNOWN_WORDS: dict[tuple[str, str], tuple[str | None, str | None, str | None]] = {}


def _word(surface: str, raw: str) -> tuple[str | None, str | None, str | None]:
    """(term, variant, gloss) of a word MeCab found; term None: dropped."""
    pos1, lemma, base = _features(raw)
    term = base or surface
    if pos1 in _DROP_POS or term in JA_STOP or surface in JA_STOP:
        return None, None, None
    term = fold_prolonged(term)
    variant = gloss = None
    lemma, _, english = (lemma or "").partition("-")
    english = english.split("（")[0].strip()
    if english and _GLOSS.match(english):
        gloss = english
    # ハイブリット's lemma is ハイブリッド: index the standard spelling too. Only for katakana
    # words: the lemma of a kanji name is its reading (東京 → トウキョウ), not a spelling.
    if lemma and _KATAKANA.match(term) and _KATAKANA.match(lemma):
        lemma = fold_prolonged(lemma)
        variant = lemma if lemma != term else None
    return term, variant, gloss


# Texts up to this length are cached (1,024 of them: index fields that share a text share one
# pass; a hit highlighted before costs nothing). A longer text is remembered only until the next
# one, so that a corpus of long documents cannot fill the memory with cached analyses.
CACHE_MAX_CHARS = 20_000
_last_long: list = [None, None]


def pieces(text: str) -> tuple[Piece, ...]:
    """Every word of `text`, once (see CACHE_MAX_CHARS)."""
    if len(text) <= CACHE_MAX_CHARS:
        return _cached_pieces(text)
    if _last_long[0] is not text and _last_long[0] != text:
        _last_long[:] = [text, _pieces(text)]
    return _last_long[1]


@lru_cache(maxsize=1024)
def _cached_pieces(text: str) -> tuple[Piece, ...]:
    return _pieces(text)


def _pieces(text: str) -> tuple[Piece, ...]:
    norm = normalize(text)
    starts, ends = norm.starts, norm.ends   # None: the offsets are the normalised text's (norm.span)
    out: list[Piece] = []
    append, make = out.append, tuple.__new__   # a Piece without its Python-level __new__
    for match in _RUNS.finditer(katakana_equals(norm.text)):
        if match.lastgroup == "latin":
            word = match.group()
            start, end = match.span()
            if starts is not None:
                start, end = starts[start], ends[end - 1]
            term, german = fold_latin(word.lower())
            append(make(Piece, ("latin", term, word, start, end, german, None)))
        else:
            for term, surface, start, end, variant, gloss in _japanese_pieces(match.group(), match.start()):
                if starts is not None:
                    start, end = starts[start], ends[end - 1]
                append(make(Piece, ("ja" if term else "gap", term or surface, surface, start, end, variant, gloss)))
    return tuple(out)


def ngram_pieces(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(bigram, position, start, end) over Japanese runs: the partial-word fallback. Katakana is folded
    first (indexer.kana): spellings MeCab cuts differently (ヨーロパ: ヨー|ロパ) still meet as substrings."""
    norm = normalize(text)
    position = 0
    for match in _RUNS.finditer(katakana_equals(norm.text)):
        if match.lastgroup != "ja":
            continue
        run, base = match.group(), match.start()
        if FOLDABLE.search(run):
            chars = fold_spans(run)
        elif norm.starts is None and len(run) > 1:   # nothing to fold, offsets the normalised text's (most text)
            yield from ((run[i:i + 2], position + i, base + i, base + i + 2) for i in range(len(run) - 1))
            position += len(run)   # the bigrams, and a gap
            continue
        else:
            chars = [(ch, i, i + 1) for i, ch in enumerate(run)]
        if len(chars) == 1:
            start, end = norm.span(base + chars[0][1], base + chars[0][2])
            yield chars[0][0], position, start, end
            position += 1
        for i in range(len(chars) - 1):
            start, end = norm.span(base + chars[i][1], base + chars[i + 1][2])
            yield chars[i][0] + chars[i + 1][0], position, start, end
            position += 1
        position += 1  # a gap, so that phrases never run across two runs


@lru_cache(maxsize=50000)
def stem_english(word: str) -> str:
    return porter_stem(word)


def singular_english(word: str) -> str:
    """Harman's S-stemmer: plurals only (studies: study, sciences: science), where Porter's stems
    would join unrelated words (practical, practice and practicable all give practic)."""
    if word.endswith("ies") and not word.endswith(("eies", "aies")) and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")) and len(word) > 3:
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")) and len(word) > 3:
        return word[:-1]
    return word


class Analysed(str):
    """A field value with the tokens it was already analysed into: the indexer analyses each
    record once and gives the same tokens to whoosh and to the fast postings (indexer.fastindex)."""

    tokens: list

    def __new__(cls, value: str, tokens: list) -> "Analysed":
        self = super().__new__(cls, value)
        self.tokens = tokens
        return self

    def __reduce__(self):   # whoosh's parallel writer pickles documents
        return Analysed, (str(self), self.tokens)


def japanese_keys(piece: Piece) -> tuple[str, ...]:
    """The spelling-variant keys a Japanese word is also indexed under (indexer.kana): its own and its
    UniDic spelling's (ハイブリット: ハイブリト and ハイブリド), where they are other terms."""
    keys = (kana_key(piece.term), piece.variant and kana_key(piece.variant))
    return tuple(k for k in dict.fromkeys(keys) if k and k != piece.variant)


class _BaseTokenizer(Tokenizer):
    """Whoosh tokenizer protocol around our piece streams (reuses one Token, as whoosh does)."""

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        analysed = getattr(value, "tokens", None)
        for text, pos, start, end in (analysed if analysed is not None else self.terms(value)):
            token.text = text
            token.original = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    def terms(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError


def query_terms(analyzer: Any, text: str) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end) of each token of a query's text: our tokenizers' own stream,
    without the whoosh Token each yields through (a query's words are analysed a few times each);
    another analyzer through whoosh's protocol."""
    terms = getattr(analyzer, "terms", None)
    if terms is not None:
        return terms(text)
    return ((t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, mode="query"))


class BilingualTokenizer(_BaseTokenizer):
    """Words of both languages: Japanese base forms, stemmed English (the main search fields)."""

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem

    def terms(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        # Dropped Japanese words keep their position, so that 共同研究 (adjacent) and 共同の研究
        # (one apart) differ for phrase matching; English stop words close up, as in whoosh.
        position = 0
        for piece in pieces(value):
            if piece.script == "gap":
                position += 1
                continue
            if piece.script == "latin":
                if piece.term in EN_STOP:
                    continue
                term = stem_english(piece.term) if self.stem else piece.term
                yield term, position, piece.start, piece.end
                if piece.variant:   # the German transliteration (goettingen) at the same position
                    yield (stem_english(piece.variant) if self.stem else piece.variant), position, piece.start, piece.end
            else:
                yield piece.term, position, piece.start, piece.end
                if piece.variant:
                    yield piece.variant, position, piece.start, piece.end
                for key in japanese_keys(piece):   # every spelling meets at its key (ケンブリッヂ, ケンブリッジ: ケンブリジ)
                    yield key, position, piece.start, piece.end
            position += 1


class JapaneseBigramTokenizer(_BaseTokenizer):
    """Overlapping character bigrams of Japanese runs, so parts of words can be found."""

    def terms(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        return ngram_pieces(value)


class GlossTokenizer(_BaseTokenizer):
    """English glosses of Japanese loanwords, stemmed: lets `Cambridge` find ケンブリッジ (a bridge
    between the languages, kept in its own fields so translated matches can weigh less)."""

    def terms(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        position = 0
        for piece in pieces(value):
            if piece.script == "ja" and piece.gloss:
                for word in piece.gloss.lower().replace("-", " ").split():
                    if word not in EN_STOP:
                        yield stem_english(word), position, piece.start, piece.end
                        position += 1
            position += 1


class LinesTokenizer(_BaseTokenizer):
    """One lowercased, normalised term per line: exact-value fields (partner names, departments)."""

    def terms(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        offset = 0
        for position, line in enumerate(value.split("\n")):
            if line.strip():
                yield normalize(line.strip()).text.casefold(), position, offset, offset + len(line)
            offset += len(line) + 1
