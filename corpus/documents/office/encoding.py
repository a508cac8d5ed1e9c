"""Decode the bytes of a text file as Japanese offices write it, and say which encoding it was.

Order: BOM -> strict UTF-8 -> ISO-2022-JP (7-bit with JIS escapes) -> CP932 and EUC-JP decoded
strictly and compared by how Japanese the result reads -> charset-normalizer for anything else.
charset-normalizer alone mislabels short Japanese texts (a 3-line CP932 CSV can come back as
'cp1250' or 'big5'), so it is the fallback, not the first guess.
"""
from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),   # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_JIS_ESCAPE = re.compile(rb"\x1b(\$[@B]|\$\(D|\$\(O|\$\(Q|\([BJI])")

_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_JA_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff5e]")   # 、。「」 and full-width ASCII
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_ODD = re.compile(r"[\ue000-\uf8ff\u0080-\u009f\u2500-\u257f\u0370-\u03ff\u0400-\u04ff\u3400-\u4dbf]")


def japanese_score(text: str) -> float:
    """Higher when text reads like Japanese: kana and common kanji count for, half-width kana,
    private-use, box-drawing, Greek/Cyrillic and control characters (what a wrong decoding
    produces) count against. Per character of non-ASCII text."""
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7f)
    if not non_ascii:
        return 0.0
    good = (2 * len(_HIRAGANA.findall(text)) + 1.5 * len(_KATAKANA.findall(text))
            + len(_KANJI.findall(text)) + len(_JA_PUNCT.findall(text)))
    bad = 2 * len(_HALFWIDTH_KANA.findall(text)) + 3 * len(_ODD.findall(text))
    return (good - bad) / non_ascii


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises ValueError when no encoding reads the bytes cleanly."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return text.lstrip("\ufeff"), {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16",
                                               "utf-32": "utf-32"}[codec]
    if b"\x00" in data[:4096]:   # UTF-16 without a BOM: ASCII in it would pass as UTF-8 with NULs
        guess = _utf16_without_bom(data)
        if guess:
            return guess
    if b"\x1b" in data and data.isascii() and _JIS_ESCAPE.search(data):   # 7-bit: also valid UTF-8
        for codec in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_2"):
            text = _strict(data, codec)
            if text is not None:
                return text, "iso-2022-jp"
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "ascii" if data.isascii() else "utf-8"
    candidates = []
    for codec, name in (("cp932", "cp932"), ("euc_jp", "euc-jp"), ("euc_jis_2004", "euc-jis-2004")):
        text = _strict(data, codec)
        if text is not None:
            candidates.append((japanese_score(text), -len(candidates), text, name))
    if candidates:
        score, _, text, name = max(candidates)
        if score > 0:
            return text, name
    return _fallback(data)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    head = data[:4096]
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > 3 * max(even_nuls, 1) else "utf-16-be" if even_nuls > 3 * max(odd_nuls, 1) else None
    text = _strict(data[: len(data) // 2 * 2], codec) if codec else None
    return (text, codec) if text is not None else None


def _fallback(data: bytes) -> tuple[str, str]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:   # pragma: no cover - a default dependency
        raise ValueError("no Japanese or Unicode encoding reads these bytes") from None
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("no known encoding reads these bytes cleanly")
    return str(best), best.encoding.replace("_", "-")
