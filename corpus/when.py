"""Dates as index terms and as a filter's range (#30.8), read by the parser of corpus.dates.

Every day a record mentions, in any form that parser reads (2016年3月3日, 3rd March 2016, Mar. 3, 2016,
平成28年3月3日, 2016.3.3), and the record's own date are indexed as three terms: the day, its month
and its Japanese fiscal year (April to March):

    terms("signed on 3rd March 2016")   -> ["when:2016-03-03", "when:2016-03", "when:fy2015"]

A month alone (April 2019, 2019年4月) gives its month and fiscal year; a fiscal year (令和4年度, FY2022)
its fiscal year. A query's date then finds records however they write it, and a month or fiscal
year every day in it: `April 2019` finds "April 3, 2019", `令和4年度` finds 2022年6月1日.

span() reads a `date:` filter's value (a day, month, year or fiscal year in any of those forms, or
`A..B`) as inclusive ISO bounds, compared with the records' dates (corpus.records.Record.date); a
record dated by its year alone is in a range that holds all of that year (whole_years).
"""
from __future__ import annotations

from renkei.corpus.dates import fiscal_year, find_normalized, month_of, normalize, parse_date
from renkei.corpus.text import LazyPattern

PREFIX = "when:"
_YEAR = LazyPattern(r"^(\d{4})\s*年?$")
_ISO_MONTH = LazyPattern(r"^(\d{4})-(\d{1,2})$")
_DIGITS_ONLY = LazyPattern(r"\d{8}")


def day_terms(iso: str) -> list[str]:
    year, month = int(iso[:4]), int(iso[5:7])
    return [PREFIX + iso, *month_terms(year, month)]


def month_terms(year: int, month: int) -> list[str]:
    return [f"{PREFIX}{year:04d}-{month:02d}", fiscal_term(year if month >= 4 else year - 1)]


def fiscal_term(year: int) -> str:
    return f"{PREFIX}fy{year:04d}"


def terms(text: str, date: str | None = None) -> list[str]:
    """The when: terms of the dates `text` mentions and of the record's own ISO `date`, each once."""
    found = [term for _, _, each in mentions(text) for term in each]
    if date and len(date) == 10:
        found += day_terms(date)
    return list(dict.fromkeys(found))


def mentions(text: str) -> list[tuple[int, int, list[str]]]:
    """Each date `text` mentions, as (start, end, its when: terms); offsets into normalize(text)."""
    if not (any(c.isdigit() for c in text) or "元年" in text):   # (令和元年: no digit)
        return []
    norm, found = normalize(text), []
    for start, end, parsed in find_normalized(norm):
        if parsed.iso:
            found.append((start, end, day_terms(parsed.iso)))
        elif parsed.fiscal_year:
            found.append((start, end, [fiscal_term(parsed.year)]))
        elif (month := month_of(norm[start:end])) is not None:
            found.append((start, end, month_terms(*month)))
    return found


def span(value: str) -> tuple[str, str] | None:
    """A `date:` filter's value as (first, last) ISO days, inclusive, or None if it is no date (or
    runs backwards); an open end is ''. `2019` -> ('2019-01-01', '2019-12-31'); `2019-04..2019-06`
    -> ('2019-04-01', '2019-06-30'); `令和4年度` -> ('2022-04-01', '2023-03-31'); `..2020` -> ('', '2020-12-31')."""
    if ".." in value:
        first, _, last = value.partition("..")
        lo = _bounds(first) if first.strip() else ("", "")
        hi = _bounds(last) if last.strip() else ("", "")
        if lo is None or hi is None or (lo[0] and hi[1] and lo[0] > hi[1]):
            return None
        return lo[0], hi[1]
    return _bounds(value)


def whole_years(first: str | None, last: str | None) -> tuple[int | None, int | None]:
    """The years that ISO bounds hold whole (None: no limit), for records dated by a year alone:
    2019-01-01..2020-03-31 holds 2019 only; a range holding none gives first > last."""
    lo = None if not first else int(first[:4]) + (first[5:] != "01-01")
    hi = None if not last else int(last[:4]) - (last[5:] != "12-31")
    return lo, hi


def _bounds(text: str) -> tuple[str, str] | None:
    text = normalize(text).strip()
    if (year := _YEAR.match(text)) is not None:
        return f"{year.group(1)}-01-01", f"{year.group(1)}-12-31"
    iso_month = _ISO_MONTH.match(text)
    month = (int(iso_month.group(1)), int(iso_month.group(2))) if iso_month else month_of(text)
    if month is not None:
        if not 1 <= month[1] <= 12:
            return None
        import calendar   # here: only a date: filter needs it
        last = calendar.monthrange(*month)[1]
        return f"{month[0]:04d}-{month[1]:02d}-01", f"{month[0]:04d}-{month[1]:02d}-{last:02d}"
    parsed = parse_date(text)
    if parsed.fiscal_year:
        return fiscal_year(parsed.year)
    if parsed.iso and _whole(text):
        return parsed.iso, parsed.iso
    return None


def _whole(text: str) -> bool:
    """Whether all of `text` is the one date found in it (not 2019-04-01 and more)."""
    if _DIGITS_ONLY.fullmatch(text):   # 20190401, read by parse_date alone
        return True
    found = find_normalized(text)
    return len(found) == 1 and not text[:found[0][0]].strip() and not text[found[0][1]:].strip(" ,.")
