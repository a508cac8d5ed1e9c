"""Plain-text helpers shared by the document parsers: line joining, language, slugs."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Scripts that are written without spaces between words.
_CJK = r"\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}


class LazyPattern:
    """A regular expression compiled when first used. Compiling a class of CJK ranges takes Python's
    re compiler a millisecond or more per range (it marks each character in turn), at every start
    of every process that imports it, used or not (#35). After the first use its methods are those
    of the compiled pattern, bound on this object: no indirection is left."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags

    def __getattr__(self, name: str):
        compiled = re.compile(self._pattern, self._flags)
        for attr in ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern",
                     "flags", "groups", "groupindex"):
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)


CJK_CHAR = LazyPattern(f"[{_CJK}]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and CJK_CHAR.match(ch) is not None


def join_lines(lines: list[str]) -> str:
    """Join PDF-broken lines so the text reads as written.

    Breaks next to Japanese text vanish (議論を深|めました); breaks between Latin words become one
    space; a break after a hyphen joins the halves (UTokyo-|Cambridge). A line ending in 。 ends a
    paragraph and keeps its newline.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif line.startswith("●"):  # a bullet starts its own line
            out = out.rstrip() + "\n" + line
        elif out.endswith("\n") or out.endswith("-") or is_cjk(out[-1]) or is_cjk(line[0]):
            out += line
        else:
            out += " " + line
        if out.endswith("。"):
            out += "\n"
    return re.sub(r"[ \t]{2,}", " ", out).strip()


def detect_lang(text: str) -> str:
    """'ja' when Japanese characters make up a real share of the letters, else 'en'."""
    # Counted per distinct character: a text has few of them, and this runs at C speed over
    # long texts (users' records are read twice: checked, then indexed).
    counts = Counter(text)
    letters = sum(n for ch, n in counts.items() if ch.isalpha())
    if not letters:
        return "en"
    cjk = sum(n for ch, n in counts.items() if ch.isalpha() and is_cjk(ch))
    return "ja" if cjk / letters >= 0.2 else "en"


def slugify(text: str) -> str:
    """ASCII slug for readable ids: 'Oita Prefecture Nakatsu City' -> 'oita-prefecture-nakatsu-city'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x"


def parse_english_date(text: str) -> str | None:
    """'April 22, 2021' -> '2021-04-22'; None if it is not such a date."""
    m = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s*", text)
    if not m or m.group(1).lower() not in _MONTHS:
        return None
    return f"{int(m.group(3)):04d}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
