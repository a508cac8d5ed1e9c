"""Dates as offices and users write them, in Japanese and English, to ISO.

    parse_date("令和5年4月1日")   -> ParsedDate(iso="2023-04-01", year=2023, fiscal_year=None)
    parse_date("平成30年度")      -> ParsedDate(None, 2018, ("2018-04-01", "2019-03-31"))
    parse_date("R5.4.1"), parse_date("2016年3月3日"), parse_date("3 March 2016"),
    parse_date("March 3, 2016"), parse_date("2016/3/3"), parse_date(datetime.date(...)) ...

A ParsedDate is a 3-tuple (iso date or None, year or None, fiscal-year range or None); a Japanese
fiscal year (年度) runs from 1 April to 31 March. find_dates() finds every date inside a longer text
(a query, a sentence), with its span. Only dates that exist are returned (2016/2/30 is not one); a
day/month order that cannot be told (3/4/2016) yields the year only.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import NamedTuple, Union
from renkei.corpus.text import LazyPattern


class ParsedDate(NamedTuple):
    iso: str | None
    year: int | None
    fiscal_year: tuple[str, str] | None


NONE = ParsedDate(None, None, None)

# era name -> (first Gregorian year, first day of the era)
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}
_ERA_LETTER = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治",
               "令": "令和", "平": "平成", "昭": "昭和", "大": "大正", "明": "明治"}
MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = LazyPattern(r"([〇零一二三四五六七八九十百千]+)(?=\s*[年月日])")
_L, _R = r"(?<![0-9])", r"(?![0-9])"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("era", LazyPattern(r"(令和|平成|昭和|大正|明治)\s*(\d{1,2}|元)\s*年\s*(度)?"
                       r"(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")),
    ("era_abbr", LazyPattern(r"(?<![A-Za-z])([RHSTM令平昭大明])\s*\.?\s*(\d{1,2}|元)\s*(?:([./\-])\s*(\d{1,2})\s*\3\s*(\d{1,2})"
                            r"|年\s*(?:(度)|(\d{1,2})\s*月\s*(\d{1,2})\s*日))" + _R, re.I)),
    ("ymd", LazyPattern(_L + r"(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)" + _R)),
    ("ym_ja", LazyPattern(_L + r"(\d{4})\s*年\s*(度|(\d{1,2})\s*月)?")),
    ("dmy_en", LazyPattern(_L + r"(\d{1,2})" + _ORD + r"(?:\s+of)?\s+" + _MONTH + r",?\s+(\d{4})" + _R, re.I)),
    ("mdy_en", LazyPattern(r"(?<![A-Za-z])" + _MONTH + r"\s+(\d{1,2})" + _ORD + r",?\s+(\d{4})" + _R, re.I)),
    ("my_en", LazyPattern(r"(?<![A-Za-z])" + _MONTH + r",?\s+(\d{4})" + _R, re.I)),
    ("fy", LazyPattern(r"(?<![A-Za-z])(?:FY|AY)\s*'?(\d{4})" + _R, re.I)),
    ("xyz", LazyPattern(_L + r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})" + _R)),
]
_YEAR_ONLY = LazyPattern(r"(\d{4})\s*年?")
_ISO = LazyPattern(r"\d{4}-\d{2}-\d{2}(T[0-9:]+)?")
_COMPACT = LazyPattern(r"(\d{4})(\d{2})(\d{2})")


def fiscal_year(year: int) -> tuple[str, str]:
    """A Japanese fiscal year (年度): 1 April of the year to 31 March of the next."""
    return (f"{year:04d}-04-01", f"{year + 1:04d}-03-31")


def _kanji_to_int(text: str) -> int:
    if all(ch in _KANJI_DIGITS for ch in text):          # 二〇一六 -> 2016
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:                                        # 三十一 -> 31, 千九百 -> 1900
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def normalize(text: str) -> str:
    """NFKC (full-width digits and slashes to ASCII) and kanji numerals before 年/月/日 as digits."""
    text = unicodedata.normalize("NFKC", text)
    if "年" not in text and "月" not in text and "日" not in text:   # (the numerals are read before these only)
        return text
    return _KANJI_NUMBER.sub(lambda m: str(_kanji_to_int(m.group(1))), text)


def _date(year: int, month: int, day: int) -> ParsedDate | None:
    try:
        value = _dt.date(year, month, day)
    except ValueError:
        return None
    return ParsedDate(value.isoformat(), year, None) if 1000 <= year <= 2999 else None


def _era_year(era: str, number: str) -> int:
    return ERAS[era] + (1 if number == "元" else int(number)) - 1


def _from_match(kind: str, m: re.Match) -> ParsedDate | None:
    g = m.groups()
    if kind == "era":
        year = _era_year(g[0], g[1])
        if g[2]:                                   # 平成30年度
            return ParsedDate(None, year, fiscal_year(year))
        if g[3] and g[4]:
            return _date(year, int(g[3]), int(g[4]))
        return ParsedDate(None, year, None)
    if kind == "era_abbr":
        year = _era_year(_ERA_LETTER[g[0].upper() if g[0].isascii() else g[0]], g[1])
        if g[5]:
            return ParsedDate(None, year, fiscal_year(year))
        month, day = (g[3], g[4]) if g[2] else (g[6], g[7])
        return _date(year, int(month), int(day))
    if kind == "ymd":
        month, day = (g[2], g[3]) if g[1] else (g[4], g[5])
        return _date(int(g[0]), int(month), int(day))
    if kind == "ym_ja":
        year = int(g[0])
        if g[1] == "度":
            return ParsedDate(None, year, fiscal_year(year))
        if g[2] and not 1 <= int(g[2]) <= 12:
            return None
        return ParsedDate(None, year, None)
    if kind == "dmy_en":
        return _date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
    if kind == "mdy_en":
        return _date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
    if kind == "my_en":
        return ParsedDate(None, int(g[1]), None)
    if kind == "fy":
        return ParsedDate(None, int(g[0]), fiscal_year(int(g[0])))
    if kind == "xyz":                              # d/m/yyyy or m/d/yyyy: only when it can be told
        a, b, year = int(g[0]), int(g[2]), int(g[3])
        if a > 12 or a == b:
            return _date(year, b, a)
        if b > 12:
            return _date(year, a, b)
        return ParsedDate(None, year, None) if 1 <= a <= 12 and 1 <= b <= 12 else None
    return None


def find_dates(text: str) -> list[tuple[int, int, ParsedDate]]:
    """Every date in a text, as (start, end, ParsedDate), in order; overlapping readings are
    resolved to the longest. Offsets are into normalize(text)."""
    return find_normalized(normalize(text))


# What a text must hold for a pattern to match in it, found once per text (scanning every text with
# every pattern was ~80 µs a record at index time, corpus.when; most records have no month or 年).
# An English month name followed by a number: in each of dmy_en, mdy_en and my_en.
_MONTH_NUMBER = LazyPattern(r"(?<![A-Za-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d", re.I)


# Numbers joined by - / . (2016/3/3, R5.4.1, 3.3.2016), or 年: in each of ymd, era_abbr and xyz.
_NUMBERS_JOINED = LazyPattern(r"\d\s*[-/.]\s*\d")


def _gates(text: str) -> dict[str, bool]:
    month = _MONTH_NUMBER.search(text) is not None
    nen = "年" in text
    joined = nen or _NUMBERS_JOINED.search(text) is not None or "元" in text
    low = text.lower()
    return {"era": any(era in text for era in ERAS), "ym_ja": nen, "fy": "fy" in low or "ay" in low,
            "dmy_en": month, "mdy_en": month, "my_en": month, "ymd": joined, "era_abbr": joined, "xyz": joined}


def find_normalized(text: str) -> list[tuple[int, int, ParsedDate]]:
    """find_dates of a text already normalize()d."""
    found: list[tuple[int, int, ParsedDate]] = []
    gates = _gates(text)
    for kind, pattern in _PATTERNS:
        if not gates.get(kind, True):
            continue
        for m in pattern.finditer(text):
            parsed = _from_match(kind, m)
            if parsed is not None and parsed.year is not None:
                found.append((m.start(), m.end(), parsed))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    result: list[tuple[int, int, ParsedDate]] = []
    for start, end, parsed in found:
        if result and start < result[-1][1]:
            continue
        result.append((start, end, parsed))
    return result


_MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_OF_YEAR = [   # a whole text that is one month of a year: (pattern, where the year, the month)
    (LazyPattern(rf"^({_MONTH_NAME})\.?,?\s+(\d{{4}})$", re.I), 2, 1),          # April 2019, Apr. 2019
    (LazyPattern(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$"), 1, 2),                   # 2019年4月
    (LazyPattern(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})$"), 1, 2),                    # 2019/4, 2019-04
    (LazyPattern(r"^(令和|平成|昭和|大正|明治)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月$"), 0, 3),   # 平成31年4月
]


def month_of(text: str) -> tuple[int, int] | None:
    """(year, month) when all of `text` is one month of a year, else None."""
    text = normalize(text).strip(" ,.")
    for pattern, year_at, month_at in _MONTH_OF_YEAR:
        m = pattern.match(text)
        if m is None:
            continue
        month = m.group(month_at)
        month = int(month) if month.isdigit() else MONTHS[month.lower()]
        year = int(m.group(year_at)) if year_at else _era_year(m.group(1), m.group(2))
        return (year, month) if 1 <= month <= 12 and 1000 <= year <= 2999 else None
    return None


DateInput = Union[str, int, float, _dt.date, None]


def excel_serial(value: float) -> str | None:
    """An Excel date serial (days since 1899-12-30, the 1900 leap-year bug included) as ISO."""
    if not 1 <= value < 2958466:
        return None
    return (_dt.date(1899, 12, 30) + _dt.timedelta(days=int(value))).isoformat()


def parse_date(value: DateInput, *, serial: bool = False) -> ParsedDate:
    """The first date in `value` (a cell's text, a query), or the year alone, or NONE.

    `serial=True` reads a number in the Excel date range (20000-80000, i.e. 1954-2119) as an Excel
    date serial, for a date column whose cells lost their date format."""
    if value is None or isinstance(value, bool):
        return NONE
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return ParsedDate(value.isoformat(), value.year, None)
    if isinstance(value, (int, float)):
        if serial and 20000 <= value <= 80000:
            iso = excel_serial(value)
            return ParsedDate(iso, int(iso[:4]), None) if iso else NONE
        if float(value).is_integer() and 1000 <= value <= 2999:
            return ParsedDate(None, int(value), None)
        return NONE
    if isinstance(value, str) and _ISO.fullmatch(value):   # the readers' own dates: no search needed
        return _date(int(value[:4]), int(value[5:7]), int(value[8:10])) or NONE
    text = normalize(str(value)).strip()
    if not text:
        return NONE
    whole = _COMPACT.fullmatch(text)
    if whole:
        return _date(*map(int, whole.groups())) or NONE
    found = find_dates(text)
    if found:
        return found[0][2]
    whole = _YEAR_ONLY.fullmatch(text)
    if whole and 1000 <= int(whole.group(1)) <= 2999:
        return ParsedDate(None, int(whole.group(1)), None)
    return NONE
