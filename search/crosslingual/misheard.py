"""Whether a Latin name and a Japanese name near its sound are one name, or another the sound only
comes near (パリ is Paris, not Paulo; 高知 is no Gadjah): split from names.py, which finds the names."""
from __future__ import annotations

from difflib import SequenceMatcher

from renkei.corpus.text import LazyPattern
from renkei.indexer.names.places import english_of
from renkei.indexer.names.sound import fold_word, latin_key

_KATAKANA = LazyPattern(r"[\u30a0-\u30ff・＝]+")
_NEAR_READING_KEY = 5   # a Latin key this long at least may reach kanji by a near reading (Sungkyunkwam)


def spelt_otherwise(katakana: str, latin: str) -> bool:
    """Whether JMnedict gives a katakana name Latin spellings and none is (nearly) `latin`."""
    if not _KATAKANA.fullmatch(katakana):
        return False
    glosses = english_of(katakana)
    return bool(glosses) and not any(spelt_alike(g, latin) for g in glosses)


def spelt_alike(one: str, other: str) -> bool:
    """Two Latin spellings of one name (Hawai'i, Hawaii; Gajah, Gadjah), not two words (Oceania, Ocean)."""
    return SequenceMatcher(None, fold_word(one), fold_word(other)).ratio() >= 0.85


def misheard(japanese: str, latin: str, key: str) -> bool:
    """Whether a Japanese name only near a Latin name's sound is another name: a katakana place
    JMnedict spells otherwise (パリ is Paris, not Paulo), or kanji near the reading of a word too
    short for a near reading to be a misspelling rather than another word (Gadjah is no 高知 goji,
    Sao no 一橋): a reading is a spelling, met exactly (Mokpo: 木浦) or nearly on a long name only."""
    if _KATAKANA.fullmatch(japanese):
        return spelt_otherwise(japanese, latin)
    return len(key) < _NEAR_READING_KEY


_UNMARKED = str.maketrans("łøđıŁØĐ", "lodiLOD")


def same_letters(one: str, other: str) -> bool:
    """One spelling with or without its letters' marks (Łódź, Lodz; Köln, Koln), case aside."""
    return fold_word(one.translate(_UNMARKED)) == fold_word(other.translate(_UNMARKED))


def read_otherwise(latin_names: dict, kanji: str, latin: str) -> bool:
    """Whether kanji are a place the index writes as JMnedict does, and not as `latin`: the place is
    that name there, and another reading of its characters another name (北京 is Peking University's
    Beijing, not the Korean reading Pukyong of Pukyong National University, 釜慶)."""
    if _KATAKANA.fullmatch(kanji):
        return False
    glosses = english_of(kanji)
    return any(g in latin_names.get(latin_key(g), ()) for g in glosses[:4]) and not any(
        spelt_alike(g, latin) for g in glosses)
