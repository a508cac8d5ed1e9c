"""A month or a fiscal year in a query meets its forms in either language (#30.8): 2019年4月, 平成31年4月, 2019/4
and April 2019 are one month; 令和4年度, 2022年度, FY2022 and AY 2022 one fiscal year. A date's other forms are
its numbers in order, never each of them anywhere."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.search.crosslingual.dates import fiscal_forms, month_of

RECORDS = [
    Record(id="m/en", title="Hunan agreement renewed", text="The agreement was renewed on 24 April 2019 in Nago."),
    Record(id="m/ja", title="湖南農業大学と協定更新", text="2019年4月24日に協定を更新した。", lang="ja"),
    # 2019, 4 and 月 all occur here, but not as April 2019: no answer to that month
    Record(id="m/other", title="海外同窓会", text="2019年2月23日、4番目の海外同窓会が設立された。", lang="ja"),
    Record(id="m/later", title="Another agreement", text="Signed on 9 October 2024."),
    Record(id="f/en", title="Researchers exchanged with Chile (AY 2022)", text="Researchers exchanged with Chile in AY 2022: 12."),
    Record(id="f/ja", title="研究者交流（令和4年度）", text="令和4年度の研究者交流は12人だった。", lang="ja"),
    Record(id="f/other", title="研究者交流（2021年度）", text="2021年度は4人、2022年に協定を更新した。", lang="ja"),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("months", RECORDS)


@pytest.mark.parametrize("query", ["2019年4月", "２０１９年４月", "平成31年4月", "2019/4", "April 2019", "Apr. 2019"])
def test_a_month_finds_its_days_in_both_languages(engine, query):
    found = engine.search(query, limit=5)
    assert {h.record.id for h in found.hits if not h.partial} == {"m/en", "m/ja"}


@pytest.mark.parametrize("text, month", [("April 2019", (2019, 4)), ("令和元年5月", (2019, 5)), ("2019-04", (2019, 4)),
                                         ("2019/13", None), ("2019年度", None), ("Maybe 2019", None),
                                         ("April 3, 2019", None)])
def test_a_month_is_read_only_when_the_whole_text_is_one(text, month):
    assert month_of(text) == month


@pytest.mark.parametrize("query", ["令和4年度", "2022年度", "FY2022", "AY 2022", "academic year 2022"])
def test_a_fiscal_year_finds_its_forms_in_both_languages(engine, query):
    found = engine.search(query, limit=5)
    assert {h.record.id for h in found.hits if not h.partial} == {"f/en", "f/ja"}


def test_an_eras_first_year_is_also_the_last_of_the_era_before():
    assert {"令和元年度", "平成31年度"} <= set(fiscal_forms(2019)) and "令和5年度" in fiscal_forms(2023)
