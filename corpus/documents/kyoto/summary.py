"""Kyoto University: summary records for the totals the document states (researchers received and
sent, overall and by region; memoranda of understanding and student exchange agreements).

A question about a total ("how many researchers came from abroad", 研究者受入 合計) deserves an
answer that says the number; without these records it could only list the rows. Every figure is
the one the document states, read by the table parsers in kyoto.py (which check that the rows add
up to it), never typed here. Each total has an English record and a Japanese one, so either
language finds it in its own words (and `lang:` means what it says).
"""
from __future__ import annotations

import re

from renkei.corpus.errors import RecordParseError
from renkei.corpus.records import Record
from renkei.corpus.text import parse_english_date
from renkei.corpus.documents.kyoto.tables import INSTITUTION, _REGIONS, memoranda_rows, researcher_table

KIND = "summary"
# The region headers of the tables, in Japanese (the names the glossary gives the regions).
_REGIONS_JA = {"ASIA": "アジア", "OCEANIA": "オセアニア", "NORTH AMERICA": "北米", "LATIN AMERICA": "中南米",
               "EUROPE": "ヨーロッパ", "MIDDLE EAST": "中東", "AFRICA": "アフリカ", "OTHERS": "その他"}
_ACADEMIC_YEAR = re.compile(r"^(\d{4}) academic year")
_AS_OF = re.compile(r"^As of (\w+ \d{1,2}, \d{4})")
# (section, id, English phrases, Japanese phrases)
_RESEARCHERS = (
    ("Researchers from Abroad", "researchers-from-abroad",
     ("Researchers received from abroad", "researchers who came to Kyoto University from abroad"),
     ("海外からの研究者受入", "受入研究者")),
    ("Researchers going Abroad", "researchers-going-abroad",
     ("Researchers going abroad", "Kyoto University researchers sent abroad"),
     ("海外への研究者派遣", "派遣研究者")),
)


def summary_records(sections: dict[str, list[tuple[int, str]]], source: str) -> list[Record]:
    """Each total twice: an English record and a Japanese one (`<id>-ja`), each of its own language."""
    records = []
    for name, slug, en, ja in _RESEARCHERS:
        records += _researchers(sections[name], source, name, slug, en, ja)
    return records + _memoranda(sections["Academic Exchange Memoranda"], source)


def _stated(lines: list[tuple[int, str]], pattern: re.Pattern, source: str, what: str) -> re.Match:
    for _, line in lines:
        found = pattern.match(line.strip())
        if found:
            return found
    raise RecordParseError(f"{source}: {what}: no line matching {pattern.pattern!r}")


def _pair(slug: str, source: str, year: int, facts: dict, en: tuple[str, str], ja: tuple[str, str]) -> list[Record]:
    """(title, text) in English and in Japanese -> the two records of one total."""
    return [Record(id=f"kyoto/summary/{slug}{suffix}", source=source, institution=INSTITUTION, kind=KIND,
                   title=title, year=year, lang=lang, text=text, facts=dict(facts))
            for suffix, lang, (title, text) in (("", "en", en), ("-ja", "ja", ja))]


def _researchers(lines: list[tuple[int, str]], source: str, title: str, slug: str,
                 en: tuple[str, str], ja: tuple[str, str]) -> list[Record]:
    table = researcher_table(lines, source, title)
    year = int(_stated(lines, _ACADEMIC_YEAR, source, title).group(1))
    total, regions = table["total"], {r: n for r, n in table["regions"].items() if n is not None}
    by_region_en = ", ".join(f"{_REGIONS.get(r) or 'others'} {n:,}" for r, n in regions.items())
    by_region_ja = "、".join(f"{_REGIONS_JA[r]} {n:,} 人" for r, n in regions.items())
    facts = {"total": total, **{f"region_{(_REGIONS.get(r) or 'others').lower().replace(' ', '_')}": n
                                for r, n in regions.items()}}
    return _pair(slug, source, year, facts,
                 (f"{en[0]}: {total:,} in total (AY {year})",
                  f"{en[0]}: {total:,} in total in academic year {year}, the number of {en[1]}. "
                  f"By region: {by_region_en}."),
                 (f"{ja[0]} 合計 {total:,} 人（{year}年度）",
                  f"京都大学の{ja[0]} 合計 {total:,} 人（{year}年度）。{ja[1]}の数、地域別: {by_region_ja}。"))


def _memoranda(lines: list[tuple[int, str]], source: str) -> list[Record]:
    rows, (mou, sea), _ = memoranda_rows(lines, source)
    as_of = _stated(lines, _AS_OF, source, "Academic Exchange Memoranda").group(1)
    date = parse_english_date(as_of)
    if date is None:
        raise RecordParseError(f"{source}: Academic Exchange Memoranda: {as_of!r} is not a date")
    year, month, day = map(int, date.split("-"))
    return _pair("exchange-memoranda", source, year, {"mou_total": mou, "sea_total": sea, "institutions": len(rows)},
                 (f"Academic exchange memoranda: {mou} MOU / {sea} SEA in total",
                  f"Academic exchange memoranda of Kyoto University as of {as_of}: {mou} memoranda of "
                  f"understanding (MOU) and {sea} student exchange agreements (SEA) in total, with {len(rows)} "
                  f"institutions."),
                 (f"学術交流協定 合計: 覚書 {mou} 件・学生交流協定 {sea} 件",
                  f"京都大学の学術交流協定（{year}年{month}月{day}日現在）: 大学間学術交流協定（覚書、MOU）"
                  f"合計 {mou} 件、学生交流協定（SEA）合計 {sea} 件、協定校 {len(rows)} 機関。"))
