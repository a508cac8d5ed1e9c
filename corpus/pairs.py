"""Name pairs from two records, one Japanese and one English, about the same event: the same day,
country and home institution, each naming one partner (長崎大学's news of 2024-10-09 about アフマド・ベロ大学
in Nigeria, and its English registry entry of that day about Ahmadu Bello University). Only a day
with exactly one partner name in each language gives a pair: two agreements signed the same day
in one country pair nothing. Standard library only."""
from __future__ import annotations

import re

from renkei.corpus.glossary import Entry
from renkei.corpus.records import Record

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_DAYS = 200_000   # bounded by input size anyway


class SameDayPairs:
    """Gathers records one at a time; `entries()` gives the pairs."""

    def __init__(self) -> None:
        self._days: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}

    def add(self, record: Record) -> None:
        if not (record.date and _DAY.match(record.date) and record.country and len(record.partners) == 1):
            return
        key = (record.date, record.country.casefold(), (record.institution or "").casefold())
        if key not in self._days and len(self._days) >= MAX_DAYS:
            return
        ja, en = self._days.setdefault(key, (set(), set()))
        name = record.partners[0]
        (ja if _JAPANESE.search(name) else en).add(name)

    def absorb(self, other: "SameDayPairs") -> None:
        for key, (ja, en) in other._days.items():
            mine = self._days.setdefault(key, (set(), set()))
            mine[0].update(ja)
            mine[1].update(en)

    def entries(self) -> list[Entry]:
        return [Entry(f"paired:{day}", "institution", (next(iter(ja)),), (next(iter(en)),))
                for (day, _, _), (ja, en) in sorted(self._days.items()) if len(ja) == 1 and len(en) == 1]
