"""A Japanese institution name that translates its Latin name word for word (#30): 経済協力開発機構 is the
Organisation for Economic Co-operation and Development, ベトナム社会科学院 the Vietnam Academy of Social
Sciences, キーウ工科大学 Kyiv Polytechnic Institute, モハメッド5世大学 Mohammed V University of Rabat.

The name is cut into its words (MeCab; a katakana run is one word), and each word takes its English
forms: every sense the index's dictionary gives it (東洋: the Orient, which Oriental holds), JMnedict's
place or organisation, UniDic's gloss, the usual English of a kind word (compose.QUALIFIERS: 工科
Polytechnic), a katakana word's sound among the index's Latin names, a regnal number's roman numeral
(5世: V). The index's Latin institution names that hold a form of every word, in any order (Japanese
puts them in another), are the name, those with the fewest other words first. What an institution
is (大学, 院, 庁) may be said by any word for one (Institute for 大学), and a place the name begins
with (its country) may be left out, as the country's own name of the body leaves it
(タイ国家科学技術開発庁: National Science and Technology Development Agency)."""
from __future__ import annotations

import re
from functools import lru_cache
from os.path import commonprefix
from typing import TYPE_CHECKING, Callable, NamedTuple

from renkei.corpus.names import CONNECTORS
from renkei.indexer.analysis import EN_STOP, pieces, stem_english
from renkei.indexer.names.places import english_of
from renkei.indexer.names.sound import fold_word, kana_key, latin_key, similarity
from renkei.search.crosslingual.compose import INSTITUTION_WORDS, QUALIFIERS

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable

# What an institution is, as a Japanese name's last word says it in English (大学 university, 庁
# agency, 機構 organization, 院 institution, ネットワーク network).
HEADS = (INSTITUTION_WORDS - CONNECTORS) | frozenset(map(fold_word, """
agency organization organisation network centre center council committee association foundation bureau
ministry commission corporation laboratory office board""".split()))
# and as the names table reads one (compose.JA_NAME), whatever the index's dictionary keeps
_JA_HEADS = frozenset("大学校 大学院 大学 学院 学園 研究所 研究院 校 院".split())
WEAK_SOUND = 0.55    # a katakana word's sound, where the rest of the name holds every other word
SOUND = 0.7          # a katakana word heard as a Latin name of the index (compose.WEAK_SOUND)
MIN_WORDS = 2        # words besides the last (what it is): 国立大学 alone names no institution
MAX_NAMES = 3
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_KATAKANA = re.compile(r"[\u30a1-\u30ff]+")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_ROMAN = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


class Word(NamedTuple):
    surface: str
    forms: tuple[tuple[str, ...], ...]   # each an English form's folded content words
    sounds: tuple[tuple[str, ...], ...]  # a katakana word's Latin names by sound (weaker)
    institution: bool                    # a word for what an institution is (大学, 院, 庁)
    place: bool                          # a place (JMnedict or the glossary)


def content(text: str) -> tuple[str, ...]:
    """A gloss's or a name's words as they are compared: folded, hyphens closed up, stop words out."""
    return tuple(w for w in (fold_word(w).replace("-", "") for w in _WORD.findall(text))
                 if w and w not in EN_STOP)


def _roman(number: int) -> str:
    out = ""
    for letters, value in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def words_of(chunk: str, senses: Callable[[str], list[str]], place_names: Callable[[str], list[str]],
             table: NameTable) -> list[Word] | None:
    """The words of a chunk that may be an institution's name translated word by word, with their
    English forms; None when it is not one (a particle in it, fewer than MIN_WORDS words before its
    last, or a last word that says no institution), so a plain query costs one cut."""
    if _HIRAGANA.search(chunk) or len(chunk) < 4:
        return None
    cut: list[tuple[str, str | None]] = []   # (surface, UniDic's gloss)
    for piece in pieces(chunk):
        if piece.script == "gap":
            if piece.surface.strip("・"):
                return None
            continue
        last = cut[-1][0] if cut else ""
        if _KATAKANA.fullmatch(piece.surface) and _KATAKANA.fullmatch(last) and chunk.find(last + piece.surface) >= 0:
            cut[-1] = (last + piece.surface, None)   # キー + ウ: one katakana word
        elif piece.surface == "世" and last.isdigit():
            cut[-1] = (last + "世", None)
        else:
            cut.append((piece.surface, piece.gloss))
    if len(cut) <= MIN_WORDS or not (cut[-1][0] in _JA_HEADS or _says_institution(senses(cut[-1][0]))):
        return None
    out = []
    for surface, gloss in cut:
        said = senses(surface)
        institution = surface in _JA_HEADS or _says_institution(said)
        place = list(dict.fromkeys(place_names(surface) + list(english_of(surface)[:3])))   # glossary, JMnedict
        forms = said + place + ([gloss] if gloss else [])
        if surface in QUALIFIERS:
            forms += sorted(QUALIFIERS[surface][0] | QUALIFIERS[surface][1])
        if surface.endswith("世") and surface[:-1].isdigit() and 0 < int(surface[:-1]) < 40:
            forms.append(_roman(int(surface[:-1])))
        # a katakana word the dictionary does not know may be a name heard (モハメッド: Mohammed)
        heard = [n for _, n in table.near(kana_key(surface), "latin", SOUND, 8)] \
            if not said and _KATAKANA.fullmatch(surface) else []
        out.append(Word(surface, tuple(dict.fromkeys(f for f in map(content, forms) if f)),
                        tuple(dict.fromkeys(f for f in map(content, heard) if f)), institution, bool(place)))
    return out


def _says_institution(glosses: list[str]) -> bool:
    return any(content(g)[-1:] and content(g)[-1] in HEADS for g in glosses)


def several_names(words: list[Word]) -> bool:
    """Whether a name says more than one thing besides what it is and its kind words (スイス and
    ローザンヌ; モハメッド and 5世): one name part and its kind (ハノイ工科大学) is read by compose first."""
    return sum(w.surface not in QUALIFIERS and not w.institution for w in words[:-1]) >= 2


@lru_cache(maxsize=8192)
def _same(query: str, name: str) -> bool:
    """A gloss's word is a name's word: as written, inflected (nation: National, economy: Economic)
    or by its stem (mining: Mines)."""
    if query == name:
        return True
    if len(query) < 3 or len(name) < 3:
        return False
    shared = len(commonprefix([query, name]))
    return (shared >= 4 and shared >= max(len(query), len(name)) - 3) or stem_english(query) == stem_english(name)


def _held(form: tuple[str, ...], words: set[str]) -> set[str] | None:
    """The name's words that hold every word of one form, or None."""
    used = set()
    for g in form:
        found = [w for w in words if _same(g, w)]
        if not found:
            return None
        used.update(found)
    return used


def _name_words(name: str) -> set[str]:
    words = set()
    for w in _WORD.findall(name):
        folded = fold_word(w)
        words |= {folded.replace("-", ""), *filter(None, folded.split("-"))}
    return words - CONNECTORS - EN_STOP


def _one_by_one(name: str) -> list[str]:
    """Two institutions' names joined (Kyoto University and Olin College of Engineering, from a title)
    one by one; a name of its own with "and" in it (University of Science and Technology) whole."""
    parts = name.split(" and ")
    if len(parts) > 1 and all(any(fold_word(w) in HEADS for w in _WORD.findall(p)) for p in parts):
        return parts
    return [name]


def translated(table: NameTable, words: list[Word]) -> list[str]:
    """The index's Latin institution names holding a form of every word (see the module), best first."""
    # what it is: the last word, and before a campus (…大学ローザンヌ校) the word before its place too
    heads = {len(words) - 1} | ({len(words) - 3} if words[-1].surface == "校" and len(words) > 3 else set())
    optional = words[0].place and sum(at not in heads for at in range(1, len(words))) >= MIN_WORDS
    required = [w for at, w in enumerate(words) if at not in heads and at >= optional]
    if len(required) < MIN_WORDS or not all(w.forms or w.sounds or _KATAKANA.fullmatch(w.surface) for w in required):
        return []
    if all(w.institution for w in required):
        return []   # 鄭州大学大学院 without 鄭州: 大学, 大学 and 院 say which institution none is (University Network)
    pool: set[str] | None = None   # the names holding the word fewest names hold (a hyphen: Co-operation)
    for heard in (False, True):    # a sound only when no form gathers any (キーウ: Keio)
        for word in required:
            starts = {f[0] for f in (word.sounds if heard else word.forms) if len(f[0]) >= 2}
            found = {n for s in starts for n in table.institutions_starting(stem_english(s)[:4] if len(s) > 4 else s)}
            if found and (pool is None or len(found) < len(pool)):
                pool = found
        if pool is not None:
            break
    ranked = []
    for name in (n for joined in pool or () for n in _one_by_one(joined)):
        name_words = _name_words(name)
        explained: set[str] = set()
        missing = weak = 0
        for at, word in enumerate(words):
            held = next((h for f in word.forms for h in [_held(f, name_words)] if h), None)
            if held is None and word.sounds:
                held = next((h for f in word.sounds for h in [_held(f, name_words)] if h), None)
                weak += held is not None
            if held is None and not word.forms and _KATAKANA.fullmatch(word.surface):
                # a word nothing translates, weakly heard in a name the rest confirms (キーウ: Kyiv)
                key = kana_key(word.surface)
                held = {w for w in name_words - explained - HEADS if similarity(key, latin_key(w)) >= WEAK_SOUND} or None
                weak += held is not None
            if held is None and at in heads:   # any word for one, but not one another word said
                held = (name_words & HEADS) - explained or None
            if held is None and at == len(words) - 1 and len(heads) > 1:
                continue   # a campus (ボルチモア郡校) is said by its place alone
            if held is None:
                if at == 0 and optional:
                    missing = 1
                    continue
                break
            explained |= held
        else:
            others = len(name_words - explained)
            if others >= len(explained):   # most of its words are the query's (not CNRS for 国立中央大学)
                continue
            ranked.append((missing, weak, others, len(name), name))
    ranked.sort()
    return [r[-1] for r in ranked if r[:3] == ranked[0][:3]][:MAX_NAMES] if ranked else []
