"""One folding of katakana spelling variants, the same at index and query time (#30).

Writers spell a foreign name in katakana several ways: ハーヴァード/ハーバード, ケンブリッヂ/ケンブリッジ,
チューリヒ/チューリッヒ, ヴェネツィア/ベネチア, ミュンヒェン/ミュンヘン, ウィーン/ウイーン, フィレンツェ/
フィレンツエ, レーゲンスブルグ/レーゲンスブルク, バース・スパ/バーススパ. `fold_katakana` maps them to one
key. The analyzer indexes a katakana word's key beside the word (kana_key) and takes the partial-word
bigrams of folded text (fold_spans), so spellings MeCab cuts differently meet too; the highlighter marks
a folded match where the text writes it; the names table compares katakana names by the same key.
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
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc・＝]+")
# A key this short is kept out of the index when ー or ッ was dropped: ビル/ビール, カード/カド are other words.
MIN_KEY = 3


FOLDABLE = re.compile("[ー・＝=ッヴァィゥェォヮヵヶヂヅヰヱヲグ]")
_KATAKANA_CHAR = re.compile(r"[\u30a1-\u30fa\u30fc・＝]")


def fold_spans(text: str) -> list[tuple[str, int, int]]:
    """The folded characters of `text` with the [start, end) each comes from (ヴァ: バ from both), so
    that a folded match is marked where the text writes it. Characters other than kana pass as they are."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        two, ch = text[i:i + 2], text[i]
        if _DROPPED.match(ch):
            i += 1
            continue
        if len(two) == 2 and two in _PAIRS:   # a last ヴ alone is one character, not two (ヌーヴ＝ crashed)
            out.append((_PAIRS[two], i, i + 2))
            i += 2
            continue
        # a final グ: at the end of the katakana (-burg: ブルグ大学, ブルク大学)
        if ch == "グ" and not (i + 1 < n and _KATAKANA_CHAR.match(text[i + 1])):
            ch = "ク"
        out.append((_PAIRS.get(ch, ch), i, i + 1))
        i += 1
    return out


@lru_cache(maxsize=65536)
def fold_katakana(s: str) -> str:
    """The key of a katakana spelling: ー, ッ and separators dropped, v as b, ティ/ツィ as チ, ディ and ヂ as
    ジ, ヅ as ズ, ヒェ as ヘ, small vowels full size, and a final グ as ク (-burg: ブルグ, ブルク)."""
    return "".join(ch for ch, _, _ in fold_spans(s)) if FOLDABLE.search(s) else s


@lru_cache(maxsize=65536)
def kana_key(term: str) -> str | None:
    """The key a katakana index term is also indexed under, or None (the same as the term, or too short)."""
    if not _KATAKANA_WORD.fullmatch(term):
        return None
    key = fold_katakana(term)
    # a key of two kana only where no mark was dropped (パティ: パチ), which is what joins other words
    return key if key != term and (len(key) >= MIN_KEY or len(key) == 2 and not _DROPPED.search(term)) else None


def phrase_term(terms: list[str]) -> str:
    """The term a phrase asks for at a word of the query (its terms as the analyzer gives them: the word,
    UniDic's spelling if another, keys): the key of that spelling, which every spelling's record has
    (ケンブリッヂ大学: ケンブリジ 大学; ハイブリット形式: ハイブリド 形式, as ハイブリッド形式 is indexed)."""
    if not _KATAKANA_WORD.fullmatch(terms[0]):
        return terms[0]
    spelling = terms[1] if len(terms) > 1 and terms[1] != kana_key(terms[0]) else terms[0]
    return kana_key(spelling) or spelling


_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc・]{3,}")


def katakana_runs(text: str) -> list[str]:
    """The katakana names a query writes (three kana or more), to mark as substrings in any spelling."""
    return _KATAKANA_RUN.findall(text)


_EQUALS = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])=(?=[\u30a1-\u30fa])")


def katakana_equals(text: str) -> str:
    """An = between katakana (＝ after NFKC) as the name separator ・, as long: MeCab then reads
    ムハマディヤ＝マラン as it reads ムハマディヤ・マラン, and the offsets stay."""
    return _EQUALS.sub("・", text) if "=" in text else text


KATAKANA_STRETCH = re.compile(r"[\u30a1-\u30fa\u30fc・＝]+")


@lru_cache(maxsize=4096)
def folded_text(text: str) -> tuple[str, list[int], list[int]]:
    """`text` folded (fold_spans), with each folded character's [start, end) in `text`."""
    chars = [(c, start, end) for ch, start, end in fold_spans(text) for c in ch]
    return "".join(c for c, _, _ in chars), [s for _, s, _ in chars], [e for _, _, e in chars]
