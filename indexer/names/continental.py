"""A Latin name read as its own language reads it, as Japanese writes continental European names (#30.2):
ヴロツワフ (Wrocław: w = v, ł = w, c = ts), シュトゥットガルト (st = sht), ライデン (ei = ai), バイロイト (eu = oi),
ボローニャ (gn = ny), ボルドー (eaux = o), ポワティエ (oi = wa, a silent -s), セビリア (ll = ly).

`latin_key` reads a Latin word roughly as English (Darmstadt: damstat, a non-rhotic r). `continental_keys`
gives the other keys of a word, one per family of spelling rules the word's letters say it may be written in:
Germanic (German, Dutch, Nordic), Slavic and Hungarian, French, and Italian with Iberian. The rules write
the word as Hepburn-like romaji with the two internal letters of sound.py (C: the ch sound, X: sh; Z, the j
sound, only while the rules run), then fold it as katakana is folded, so that a key meets the katakana's as
`latin_key` meets an English name's. The names table keeps these keys apart and meets them only nearer
(CONTINENTAL_THRESHOLD); they are computed when it is built (and for a query's few name words).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from renkei.indexer.names.sound import _fold_common

_R = re.compile
# A key of another language's reading is another guess beside the English one: it must come nearer
# (names.SOUND_THRESHOLD is 0.78): Sichuan read as French (siXan) is no セッション (0.80)
CONTINENTAL_THRESHOLD = 0.85

# Each family: a marker (the word is read by the family only if its letters fit it) and ordered rules.
# A final consonant alone is no French marker: Freiburg read as French (frebr) is Fribourg's フリブール, Billings
# (birin) ベルリン; nor is a final vowel Italian (Oshiro, osir, is no オスロ; Chinese, kines, no キングス).
_GERMANIC = (_R(r"[äöüßåøæ]|^st\.?$|hu|sch|tz|ei|ey|eu|äu|ie|ij|aa|^s[tp]|[lmnr]s[tp]|^j|w|z|ig$|v"), [
    (_R(r"^st\.?$"), "sankt"), (_R(r"tsch"), "C"), (_R(r"sch"), "X"),
    (_R(r"^s(?=[tp])|(?<=[lmnr])s(?=[tp][aeiouäöü])"), "X"), (_R(r"sj"), "X"),
    (_R(r"^ch"), "k"), (_R(r"chs"), "ks"), (_R(r"ch"), "h"), (_R(r"ck"), "k"),
    (_R(r"hu"), "fu"), (_R(r"ij|ei|ey|ai|ay"), "ai"), (_R(r"eu|äu"), "oi"), (_R(r"ie"), "i"), (_R(r"aa"), "o"),
    (_R(r"oe"), "u"),
    (_R(r"tz|z"), "ts"), (_R(r"dt"), "t"), (_R(r"ig$"), "ih"), (_R(r"[äæöø]"), "e"), (_R(r"å"), "o"), (_R(r"ü"), "yu"),
    (_R(r"(?<=[^aeiou])y"), "yu"), (_R(r"j"), "y"), (_R(r"w"), "v"),
])
_SLAVIC = (_R(r"[łńśźżąęóčšžřěůýőűćđ]|sz|cz|rz|cs|gy|lj|nj|c(?=[eiy])|c$|w(?![aeiouy])"), [
    (_R(r"szcz"), "XC"), (_R(r"sz|ś|š"), "X"), (_R(r"cz|cs|ć|č"), "C"), (_R(r"rz|ř"), "Z"), (_R(r"dź|dż|dž"), "Z"),
    (_R(r"[źżž]|zs"), "Z"), (_R(r"gy"), "Z"), (_R(r"ch"), "h"), (_R(r"[ńň]"), "n"),
    (_R(r"ó|ů"), "u"), (_R(r"ý"), "i"), (_R(r"ě"), "ye"), (_R(r"[őö]"), "e"), (_R(r"[űü]"), "yu"),
    (_R(r"c"), "ts"), (_R(r"j"), "y"), (_R(r"[oó]w$"), "uf"), (_R(r"w$"), "f"), (_R(r"w"), "v"), (_R(r"ł$"), "u"),
    (_R(r"ł"), "w"), (_R(r"^wu"), "u"), (_R(r"ts(?![aeiou])"), "tsu"), (_R(r"Z$"), "C"),
])
_FRENCH = (_R(r"[çéèêâîôûëïàœ]|eau|ou|oi|au|eu|gn|ill|ll|qu|"
              r"(?:[^aeiou]es|[^aeiou]e|ier|ont|ans?|ain|ais|ois|[eo]t|ard|x)$"), [
    (_R(r"(?<=[aeo])ill?e?s?$|(?<=[aeo])ille"), "iyu"), (_R(r"ille"), "iru"),
    (_R(r"eaux?|aux?$|au"), "o"), (_R(r"o[uùû]"), "u"), (_R(r"oi"), "owa"), (_R(r"[eœ]u"), "u"),
    (_R(r"[ae]in(?![aeiou])"), "an"), (_R(r"ai|ei|[êèé]"), "e"), (_R(r"gn"), "ny"), (_R(r"qu"), "k"), (_R(r"ch"), "X"),
    (_R(r"ç|c(?=[eiy])"), "s"), (_R(r"g(?=[eiy])"), "j"), (_R(r"^h"), ""),
    (_R(r"(?<=[^aeiou])e?s$|(?<=[aeiouyrn])(?:x|z|t|d|g|ts|ds)$|(?<=[^aeiou])e$"), ""), (_R(r"ier$"), "ie"),
    (_R(r"n[td](?=[^aeiou])"), "n"),
])
_SOUTHERN = (_R(r"[ñãõáíúì]|gn|gli|ll|nh|lh|zz|cc|c[ei]|g[ei]|ão"), [
    (_R(r"gli"), "ri"), (_R(r"gn|ñ|nh"), "ny"), (_R(r"lh|ll"), "ry"), (_R(r"sc(?=[ei])"), "X"),
    (_R(r"c{1,2}i(?=[aou])"), "C"), (_R(r"c{1,2}(?=[ei])"), "C"), (_R(r"gi(?=[aou])|g(?=[ei])"), "j"),
    (_R(r"ch"), "k"), (_R(r"gh"), "g"), (_R(r"z{1,2}"), "ts"), (_R(r"qu"), "k"), (_R(r"ç"), "s"),
    (_R(r"ão"), "ao"), (_R(r"h"), ""),
])
FAMILIES = (_GERMANIC, _SLAVIC, _FRENCH, _SOUTHERN)

_LAST = [(_R(r"Z"), "j"), (_R(r"ph"), "f"), (_R(r"th"), "t"), (_R(r"x"), "ks"), (_R(r"ck"), "k"), (_R(r"qu"), "kw"),
         (_R(r"c"), "k"), (_R(r"q"), "k"), (_R(r"[^a-zCX]"), ""), (_R(r"sh"), "X"), (_R(r"ch"), "C")]


def _plain(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def continental_keys(name: str) -> tuple[str, ...]:
    """The keys of a Latin name (one word or several) by each family whose letters it has: ('vrotswaf', ...)
    for Wrocław; compare with `latin_key`'s. Every word is read by the family, or the name is not."""
    words = [w for w in re.split(r"[\s\-]+", name.lower().replace("ß", "ss")) if w]
    if not words or len(words) > 4:
        return ()
    out: list[str] = []
    for marker, rules in FAMILIES:
        if not any(marker.search(w) for w in words):
            continue
        spelt = []
        for w in words:
            w = re.sub(r"['’`ʻ]", "", w)
            for rx, rep in rules:
                w = rx.sub(rep, w)
            w = _plain(w)
            for rx, rep in _LAST:
                w = rx.sub(rep, w)
            spelt.append(w)
        key = _fold_common("".join(spelt))
        if len(key) >= 3 and key not in out:
            out.append(key)
    return tuple(out)
