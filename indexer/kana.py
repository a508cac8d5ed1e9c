"""One folding of katakana spelling variants, the same at index and query time (#30).

Writers spell a foreign name in katakana several ways: ハーヴァード/ハーバード, ケンブリッヂ/ケンブリッジ,
チューリヒ/チューリッヒ, ヴェネツィア/ベネチア, ミュンヒェン/ミュンヘン, ウィーン/ウイーン, フィレンツェ/
フィレンツエ, レーゲンスブルグ/レーゲンスブルク, バース・スパ/バーススパ. `fold_katakana` maps them to one
key; the analyzer indexes a katakana word's key beside the word (indexer.analysis.kana_key), and the
names table compares katakana names by it (indexer.names.sound.kana_fold).
"""
from __future__ import annotations

import re
from functools import lru_cache

# Marks that only lengthen or double a sound, and name separators: written or not.
_DROPPED = re.compile(r"[ー・＝=\-\s―‐ッ]")
# Then, longest first: v as b; ツィ/ティ/ディ as the older チ/ジ; ヂヅ as ジズ; ヒェ as ヘ; small vowels
# as full ones (ウィ/ウイ, ツェ/ツエ); old and small kana as their plain forms.
_PAIRS = {"ヴァ": "バ", "ヴィ": "ビ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴュ": "ビュ", "ヴ": "ブ",
          "ツィ": "チ", "ティ": "チ", "ディ": "ジ", "ヂ": "ジ", "ヅ": "ズ", "ヒェ": "ヘ",
          "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ", "ヮ": "ワ", "ヵ": "カ", "ヶ": "ケ",
          "ヰ": "イ", "ヱ": "エ", "ヲ": "オ"}
_PAIRS_RE = re.compile("|".join(sorted(_PAIRS, key=len, reverse=True)))
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc・＝]+")
# A key this short is kept out of the index: ビル/ビール, カード/カド, ルール/ルル are other words.
MIN_KEY = 3


@lru_cache(maxsize=65536)
def fold_katakana(s: str) -> str:
    """The key of a katakana spelling: ー, ッ and separators dropped, v as b, ティ/ツィ as チ, ディ and ヂ as
    ジ, ヅ as ズ, ヒェ as ヘ, small vowels full size, and a final グ as ク (-burg: ブルグ, ブルク)."""
    s = _PAIRS_RE.sub(lambda m: _PAIRS[m.group(0)], _DROPPED.sub("", s))
    return s[:-1] + "ク" if s.endswith("グ") else s


@lru_cache(maxsize=65536)
def kana_key(term: str) -> str | None:
    """The key a katakana index term is also indexed under, or None (the same as the term, or too short)."""
    if not _KATAKANA_WORD.fullmatch(term):
        return None
    key = fold_katakana(term)
    return key if key != term and len(key) >= MIN_KEY else None


def phrase_term(term: str) -> str:
    """The term a phrase asks for at a word: its key when it has one, so that every spelling's
    compound matches (ケンブリッヂ大学: ケンブリジ 大学, as ケンブリッジ大学 is indexed)."""
    return kana_key(term) or term
