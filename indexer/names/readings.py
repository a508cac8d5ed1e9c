"""Names in Chinese characters read in the Latin spellings universities use: Mandarin pinyin (復旦 fudan,
浙江 zhejiang), Wade–Giles/postal forms Taiwan keeps (成功 cheng kung, 清華 tsing hua), and Korean
readings through hangul (延世 yonsei, 慶北 kyungpook, 成均館 sungkyunkwan), from Japanese shinjitai or
traditional forms alike.

The readings come from Unihan (corpus/data/han-readings.tsv.gz, tools/build_han_readings.py); the
Korean romaniser is our own, syllable by syllable as universities spell (国民 Kookmin, not RR's
Gungmin), in Revised Romanization, McCune–Reischauer and the popular spelling.
"""
from __future__ import annotations

import re
from functools import lru_cache

from renkei.corpus.data_files import data_path
from renkei.indexer.names.sorted_lines import SortedLines

# Japanese shinjitai whose own code point reads differently in Mandarin from the character it
# replaced (芸 is Chinese yún 'rue', but in Japanese the short form of 藝 yì).
_SHINJITAI_TRAD = str.maketrans({"芸": "藝", "缶": "罐", "糸": "絲", "欠": "缺", "浜": "濱", "予": "豫",
                                 "弁": "辨", "闘": "鬭", "虫": "蟲", "県": "縣", "台": "臺"})
_VOWELS = "aeiouv"
# Characters whose Korean reading Unihan gives only under a variant form (kZVariant, kSemanticVariant):
# 慶尚 is 경상 Gyeongsang, with 尚's reading at 尙.
_HANGUL_AT = {"尚": "尙", "荘": "莊", "鐡": "鐵", "崋": "華", "鬭": "鬪"}


@lru_cache(maxsize=1)
def _rows() -> SortedLines:
    """The readings file's rows (one a character, in code point order), looked up where they lie:
    reading its 44,000 rows into a dict cost a name query's first use 60 ms (#35)."""
    import gzip   # here: most searches never need it (#35)
    with gzip.open(data_path("han-readings.tsv.gz"), "rb") as handle:
        rows = SortedLines(handle.read())
    return rows.section(rows.data.find(b"\n") + 1, rows.end)   # after the header line


@lru_cache(maxsize=65536)
def _reading(char: str) -> tuple[str, str, tuple[str, ...]] | None:
    """A character's pinyin, its hangul and its other Mandarin readings (重: chong beside zhong, 長:
    chang, 厦: xia; kXHC1983), or None when the file has no row for it."""
    found = _rows().rest(char)
    if not found:
        return None
    pinyin, hangul, *more = found[0].decode("utf-8").split("\t")
    return pinyin, hangul, tuple(more[0].split(",")) if more and more[0] else ()


@lru_cache(maxsize=1)
def _old_forms() -> dict[int, str]:
    """Shinjitai -> the traditional form it replaced, read in its place (伝 is Mandarin yún, 傳 chuan:
    銘伝 Ming Chuan): the reverse of OpenCC's table (corpus.shinjitai), the first old form where
    several share a new one (弁: 辨 辯 瓣)."""
    from renkei.corpus.data_files import read_text
    pairs = (line.split("\t") for line in read_text("kyujitai.tsv").splitlines() if line and line[0] != "#")
    out: dict[int, str] = {}
    for old, new in pairs:
        out.setdefault(ord(new), old)
    return out


# Korean: initials, medials, finals of a Hangul syllable, in two romanisations.
_L_RR = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_L_MR = ["k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "jj", "ch", "k", "t", "p", "h"]
_V_RR = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
         "yu", "eu", "ui", "i"]
_V_MR = ["a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
         "yu", "u", "ui", "i"]
_T_RR = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
         "t", "ng", "t", "t", "k", "t", "p", "t"]


def _hangul_syllables(text: str):
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            yield code // 588, (code % 588) // 28, code % 28


def _korean_keys(hangul: str) -> list[str]:
    """Romanise syllable by syllable (universities write 국민 Kookmin, not RR's Gungmin) in
    Revised Romanization, McCune-Reischauer without diacritics, and the 'popular' spelling of
    university names (eo -> u before ng: 성균관 Sungkyunkwan, 경북 Kyungpook; ui -> eui, hee), and
    that spelling with every eo as u, as some write it before n too (조선 Chosun, 선문 Sunmoon)."""
    syl = list(_hangul_syllables(hangul))
    if not syl:
        return []
    rr, mr, pop, pop_u = [], [], [], []
    for k, (l, v, t) in enumerate(syl):
        fin = _T_RR[t]
        rr.append(_L_RR[l] + _V_RR[v] + fin)
        vm, vp = _V_MR[v], _V_RR[v]
        if l == 9 and (vp[:1] in ("i", "y") or vp == "wi"):   # MR's sh before i and y: 신 shin (Dongshin)
            mr.append("sh" + (vm[1:] if vm[:1] == "y" else vm) + fin)
        else:
            mr.append(_L_MR[l] + vm + fin)
        if vp.endswith("eo"):
            vp = vp[:-2] + ("u" if fin == "ng" else "o")
        elif vp == "eu":
            vp = "u"
        elif vp == "ui":
            vp = "ee" if _L_RR[l] == "h" else "eui"
        lp = _L_MR[l] if _L_RR[l] in ("g", "b", "j") else _L_RR[l]
        if l == 9 and (vp[:1] in ("i", "y") or vp == "wi"):
            lp, vp = "sh", vp[1:] if vp[:1] == "y" else vp
        pop.append(lp + vp + fin)
        pop_u.append(lp + (_V_RR[v][:-2] + "u" if _V_RR[v].endswith("eo") else vp) + fin)
    out = ["".join(rr), "".join(mr), "".join(pop), "".join(pop_u), "-".join(pop)]   # the hyphened last (세: sei)
    return list(dict.fromkeys(out))



def _initial_sound_rule(hangul: str) -> str:
    """두음법칙: a word's first syllable does not start with ㄹ (리 → 이, 로 → 노), nor with ㄴ before
    i/y (녀 → 여): 梨花 is 이화 (Ewha's E), 李 is 이."""
    if not hangul:
        return hangul
    code = ord(hangul[0]) - 0xAC00
    if not 0 <= code < 11172:
        return hangul
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    iy = vowel in (2, 3, 6, 7, 12, 17, 20)   # ya yae yeo ye yo yu i
    if lead == 5:          # ㄹ
        lead = 11 if iy else 2
    elif lead == 2 and iy:  # ㄴ
        lead = 11
    return chr(0xAC00 + lead * 588 + vowel * 28 + tail) + hangul[1:]


_WG_INITIALS = [("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("z", "ts"),
                ("c", "ts"), ("r", "j"), ("g", "k"), ("d", "t"), ("b", "p")]
_WG_APICAL = {"shi": "shih", "zhi": "chih", "chi": "chih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu"}
_POSTAL_INITIALS = {"j": "ts", "q": "ts", "x": "s"}   # before i/u: 清華 Tsing Hua, 西安 Sian


def _wade_giles(syllable: str) -> tuple[str, str]:
    """(Wade–Giles without apostrophes, postal) of one toneless pinyin syllable."""
    final = syllable
    wg = syllable
    for py, w in _WG_INITIALS:
        if syllable.startswith(py):
            final = syllable[len(py):]
            wg = w + final
            break
    wg = re.sub("ong$", "ung", wg).replace("ian", "ien").replace("v", "u")
    wg = re.sub("ie$", "ieh", wg)
    wg = _WG_APICAL.get(syllable, wg)   # shi, zhi, zi are shih, chih, tzu (實踐 Shih Chien, 慈濟 Tzu Chi)
    wg = re.sub("^([kh])e$", r"\1o", wg)   # ge, ke, he are ko, k'o, ho: 河海 Hohai, 河北 Hopei
    postal = wg
    initial = syllable[:1]
    if initial in _POSTAL_INITIALS and final[:1] in ("i", "u", "v"):
        postal = _POSTAL_INITIALS[initial] + re.sub("ong$", "ung", final).replace("v", "u")
    return wg, postal


# What still differs between a reading and the spelling a university uses, once the romanisations
# above are made: vowel spellings (Dankook: 단국 dankuk, Ajou: aju, Kyung Hee: kyunghui, Pai Chai:
# paechae, Dong Hwa: donghua) and voicing (RR g/b/d/j against MR k/p/t/ch, pinyin against Wade–Giles).
_SPELLINGS = [(re.compile(p), r) for p, r in (
    (r"[^a-z]", ""), (r"oo|ou", "u"), (r"eo", "o"), (r"eu", "u"), (r"ee|ui", "i"), (r"ai", "ae"), (r"ua", "wa"),
    (r"ei|(?<=[a-z])ye", "e"),   # Keimyung: 계명 gyemyeong
    (r"zh|j|q", "ch"), (r"(?<!n)g", "k"), (r"b", "p"), (r"d", "t"), (r"z|c(?!h)", "ts"), (r"x", "hs"))]


def reading_fold(text: str) -> str:
    """A reading or a Latin name word folded so that its romanisations meet: 'Dankook' and 단국's
    'dankuk' are both 'tankuk', 'Chung-Ang' and 'jungang' 'chunkank'."""
    from renkei.indexer.names.sound import fold_word
    folded = fold_word(text)
    for pattern, replacement in _SPELLINGS:
        folded = pattern.sub(replacement, folded)
    return folded


@lru_cache(maxsize=65536)
def han_latin_keys(name: str, others: bool = False) -> tuple[str, ...]:
    """Latin readings of a name part in Chinese characters, lower case and without spaces, Mandarin
    first: pinyin ('fudan'), Wade–Giles ('chengkung'), postal ('tsinghua'), then Korean (RR, MR,
    popular). Empty when a character has no reading. `others`: also with one character read its other
    way (重慶 chongqing beside zhongqing), for the close comparisons only: a rare reading compared by
    sound finds what only sounds like it (南 na: 西南 read xina is no Xi'an)."""
    found = _readings_of(name)
    if not found:
        return ()
    keys: list[str] = []
    pinyin = [p for p, _, _ in found]
    if all(pinyin):
        # the usual reading, then each with one character read its other way (重慶 chongqing, 長庚 changgeng)
        readings = [pinyin] + [pinyin[:i] + [other] + pinyin[i + 1:] for i, f in enumerate(found)
                               for other in (f[2] if others else ())]
        for each in readings[:8]:
            keys.append("".join(each).replace("v", "u"))
            forms = [_wade_giles(p) for p in each]
            keys += ["".join(w for w, _ in forms), "".join(p for _, p in forms)]
    keys += _korean_readings(found)
    return tuple(dict.fromkeys(k for k in keys if k))


@lru_cache(maxsize=4096)
def korean_latin_keys(name: str) -> tuple[str, ...]:
    """The Korean readings alone of a name part in Chinese characters (嶺南: yeongnam, yungnam …), for
    a name that says it is Korean (嶺南大学校 is Yeungnam, 嶺南大学 Lingnan in Hong Kong)."""
    found = _readings_of(name)
    return tuple(dict.fromkeys(k for k in _korean_readings(found) if k)) if found else ()


def _readings_of(name: str) -> list[tuple[str, str, tuple[str, ...]]] | None:
    """Each character's readings (_reading), read as its traditional form; None if one has none."""
    chars = name.translate(_SHINJITAI_TRAD).translate(_old_forms())
    found = [_reading(c) for c in chars]
    if not found or any(f is None for f in found):
        return None
    return [(p, h or _hangul_of_variant(c), o) for c, (p, h, o) in zip(chars, found)]


def _hangul_of_variant(char: str) -> str:
    variant = _reading(_HANGUL_AT[char]) if char in _HANGUL_AT else None
    return variant[1] if variant else ""


def _korean_readings(found: list[tuple[str, str, tuple[str, ...]]]) -> list[str]:
    hangul = "".join(h for _, h, _ in found)
    if len(hangul) != len(found):   # a character without a Korean reading
        return []
    hangul = _initial_sound_rule(hangul)
    korean = _korean_keys(hangul)
    if hangul.endswith("세"):     # Yonsei: 세 is "sei" in the older spellings
        korean.append(korean[-1].replace("-", "") + "i")
    return korean
