"""Build corpus/data/han-readings.tsv.gz: for each CJK ideograph, its Mandarin reading (pinyin without
tones) and its Korean reading (hangul), so that a partner's name in Chinese characters can be read in
the Latin spellings universities use (復旦 fudan, 延世 yonsei, 成功 chenggong/cheng kung).

Source: the Unicode Han Database (Unihan) 15.0 as Debian ships it (package unicode-data 15.0.0-1,
/usr/share/unicode/Unihan_Readings.txt.bz2 and Unihan_Variants.txt.bz2): kMandarin and kHangul, and
kXHC1983's other readings of a character read more than one way.
A character with no reading of its own (a Japanese shinjitai such as 黒 or 竜 may lack one) takes its
traditional, semantic or z-variant's. Unihan is © Unicode, Inc., under the Unicode data files licence
(corpus/data/UNICODE-LICENSE.txt). Nothing here is needed at run time. Run from the repository:

    apt-get download unicode-data && dpkg -x unicode-data_*.deb /tmp/ud
    python tools/build_han_readings.py /tmp/ud/usr/share/unicode

Output (UTF-8, gzip without a timestamp): `char <TAB> pinyin <TAB> hangul <TAB> other pinyin` a line,
the other Mandarin readings (kXHC1983) comma-separated: 重 zhong 중 chong, 長 zhang 장 chang.
"""
from __future__ import annotations

import bz2
import gzip
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "han-readings.tsv.gz"


def _fields(path: Path, wanted: set[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for line in bz2.open(path, "rt", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        code, field, value = line.rstrip("\n").split("\t", 2)
        if field in wanted:
            out.setdefault(chr(int(code[2:], 16)), {})[field] = value
    return out


def _toneless(pinyin: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", pinyin) if not unicodedata.combining(c))
    return plain.replace("ü", "v").lower()


def main() -> None:
    folder = Path(sys.argv[1])
    readings = _fields(folder / "Unihan_Readings.txt.bz2", {"kMandarin", "kHangul", "kXHC1983"})
    variants = _fields(folder / "Unihan_Variants.txt.bz2", {"kTraditionalVariant", "kSemanticVariant", "kZVariant"})

    def others(char: str, pinyin: str) -> str:
        """The character's other Mandarin readings (kXHC1983: 重 chong beside zhong, 長 chang beside zhang)."""
        found = [_toneless(v.split(":")[-1]) for v in readings.get(char, {}).get("kXHC1983", "").split()]
        return ",".join(p for p in dict.fromkeys(found) if p and p != pinyin)

    def own(char: str) -> tuple[str, str]:
        r = readings.get(char, {})
        pinyin = _toneless(r["kMandarin"].split()[0]) if "kMandarin" in r else ""
        # the first reading marked E (the one taught for the character: 北 북, not the name reading 배)
        marked = [v.split(":") for v in r.get("kHangul", "").split()]
        hangul = next((h for h, flags in marked if "E" in flags), marked[0][0] if marked else "")
        return pinyin, hangul

    rows = []
    for char in sorted(set(readings) | set(variants)):
        pinyin, hangul = own(char)
        for field in ("kTraditionalVariant", "kSemanticVariant", "kZVariant"):
            if pinyin and hangul:
                break
            for other in re.findall(r"U\+([0-9A-F]+)", variants.get(char, {}).get(field, "")):
                p, h = own(chr(int(other, 16)))
                pinyin, hangul = pinyin or p, hangul or h
        if pinyin or hangul:
            more = others(char, pinyin) or next((others(chr(int(o, 16)), pinyin) for field in ("kTraditionalVariant",)
                                                 for o in re.findall(r"U\+([0-9A-F]+)", variants.get(char, {}).get(field, ""))), "")
            rows.append(f"{char}\t{pinyin}\t{hangul}\t{more}\n")
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("# Unihan 15.0 kMandarin / kHangul / kXHC1983 (c) Unicode, Inc., Unicode data files licence (UNICODE-LICENSE.txt); "
                   "built by tools/build_han_readings.py\n").encode())
        out.write("".join(rows).encode("utf-8"))
    print(f"{len(rows)} characters -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
