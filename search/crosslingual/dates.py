"""Dates in any form meet (#30.8): a date in a query is also looked for as the other language writes it.
`2016年3月3日`, `平成28年3月3日`, `2016/3/3` and `2016-03-03` also find "3 March 2016" and "March 3, 2016";
"23 June 2014" also finds 2014年6月23日. The forms are read by the same parser as office files' dates
(renkei.corpus.dates), so records and queries agree."""
from __future__ import annotations

from renkei.corpus.dates import find_dates
from renkei.corpus.glossary import Entry

DATE_ENTRY = "names:date"   # a date found in a query: its other forms, as a glossary entry

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def forms(iso: str) -> tuple[str, ...]:
    """A day written as records write it, in both languages."""
    year, month, day = (int(p) for p in iso.split("-"))
    name = MONTHS[month - 1]
    return (f"{day} {name} {year}", f"{name} {day} {year}", f"{year}年{month}月{day}日", iso)


def date_entry(text: str) -> Entry | None:
    """An entry for `text` when all of it is one day (2016年3月3日, 3 March 2016), else None."""
    found = find_dates(text)
    if len(found) != 1:
        return None
    start, end, parsed = found[0]
    if parsed.iso is None or text[:start].strip() or text[end:].strip(" ,."):
        return None
    return Entry(DATE_ENTRY, "term", (text,), tuple(f for f in forms(parsed.iso) if f != text))


def in_words(words: list[str]) -> tuple[int, int, Entry] | None:
    """The first run of words that is one day: (start, end, entry)."""
    for size in (3, 4, 2):
        for i in range(len(words) - size + 1):
            entry = date_entry(" ".join(words[i:i + size]))
            if entry is not None:
                return i, i + size, entry
    return None
