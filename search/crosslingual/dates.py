"""Dates in any form meet (#30.8): a date in a query is also looked for as the other language writes it.
`2016年3月3日`, `平成28年3月3日`, `2016/3/3` and `2016-03-03` also find "3 March 2016" and "March 3, 2016";
"23 June 2014" also finds 2014年6月23日. The forms are read by the same parser as office files' dates
(renkei.corpus.dates), so records and queries agree. A month alone meets too: `2019年4月`, `平成31年4月`,
`2019/4` and `April 2019` are one month (its days are in it: 3 April 2019, 2019年4月3日)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from renkei.corpus.dates import ERAS, find_dates, month_of, normalize
from renkei.corpus.glossary import Entry
from renkei.corpus.text import LazyPattern
from renkei.corpus.when import PREFIX, fiscal_term, month_terms

DATE_ENTRY = "names:date"   # a date found in a query: its other forms, as a glossary entry


@dataclass(frozen=True)
class DateEntry(Entry):
    """A date in a query: its other forms (as names), and the index term of the records that mention
    a day in it, however they write it (renkei.corpus.when: when:2016-03-03, when:2019-04, when:fy2022)."""
    when: str = ""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def forms(iso: str) -> tuple[str, ...]:
    """A day written as records write it, in both languages."""
    year, month, day = (int(p) for p in iso.split("-"))
    name = MONTHS[month - 1]
    return (f"{day} {name} {year}", f"{name} {day} {year}", f"{year}年{month}月{day}日", iso)


_YEAR_WORDS = LazyPattern(r"^(?:fiscal|academic)\s+year\s+(\d{4})$", re.I)


def date_entry(text: str) -> Entry | None:
    """An entry for `text` when all of it is one day (2016年3月3日, 3 March 2016), one month (2019年4月,
    April 2019) or one fiscal year (令和5年度, FY2023), else None."""
    if not (any(c.isdigit() for c in text) or "元年" in text):   # (令和元年度: no digit)
        return None
    spelt = _YEAR_WORDS.match(normalize(text).strip(" ,."))   # fiscal year 2023, academic year 2023
    if spelt:
        year = int(spelt.group(1))
        return DateEntry(DATE_ENTRY, "date", (text,), tuple(f for f in fiscal_forms(year) if f != text), when=fiscal_term(year))
    month = month_of(text)
    if month is not None:
        year, number = month
        written = (f"{MONTHS[number - 1]} {year}", f"{year}年{number}月")
        return DateEntry(DATE_ENTRY, "date", (text,), tuple(f for f in written if f != text), when=month_terms(year, number)[0])
    found = find_dates(text)
    if len(found) != 1:
        return None
    start, end, parsed = found[0]
    if text[:start].strip() or text[end:].strip(" ,."):
        return None
    if parsed.iso is None:
        written, when = (fiscal_forms(parsed.year), fiscal_term(parsed.year)) if parsed.fiscal_year else ((), "")
    else:
        written, when = forms(parsed.iso), PREFIX + parsed.iso
    return DateEntry(DATE_ENTRY, "date", (text,), tuple(f for f in written if f != text), when=when) if written else None


def fiscal_forms(year: int) -> tuple[str, ...]:
    """A Japanese fiscal (and academic) year, April to March, as records write it: 2023年度, 令和5年度,
    FY2023, AY 2023; an era's first year also as the last of the era before (2019: 令和元年度, 平成31年度)."""
    eras = sorted(((first, name) for name, first in ERAS.items() if first <= year), reverse=True)
    japanese = [f"{name}{'元' if year == first else year - first + 1}年度" for first, name in eras[:1]]
    if len(eras) > 1 and year == eras[0][0]:
        japanese.append(f"{eras[1][1]}{year - eras[1][0] + 1}年度")
    return (f"{year}年度", *japanese, f"FY{year}", f"AY {year}", f"AY{year}", f"fiscal year {year}", f"academic year {year}")


def in_words(words: list[str]) -> tuple[int, int, Entry] | None:
    """The first run of words that is one day: (start, end, entry)."""
    for size in (3, 4, 2):
        for i in range(len(words) - size + 1):
            entry = date_entry(" ".join(words[i:i + size]))
            if entry is not None:
                return i, i + size, entry
    return None
