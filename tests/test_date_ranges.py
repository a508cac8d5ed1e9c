"""Dates are one day, month or fiscal year however records write them (#30.8): indexed as when: terms
(corpus.when), so a query's date finds "2nd June 2015" and 平成28年3月3日, a month or fiscal year every
day in it; and `date:` filters records by their own date, in any form a user writes it."""
from __future__ import annotations

import json

import pytest

from renkei.corpus import Record
from renkei.corpus.when import span, terms, whole_years
from renkei.search import QuerySyntaxError
from renkei.search.cli import cli

RECORDS = [
    Record(id="d/ordinal", title="Agreement with Daegu", text="Signed on 2nd June 2015 in Daegu."),
    Record(id="d/era", title="ブラウィジャヤ大学と協定", text="平成28年3月3日に大学間協定を締結した。", lang="ja"),
    # the date only in the record's own field (a spreadsheet row), not in its text
    Record(id="d/row", title="Exchange with Tartu", text="Student exchange with Tartu.", date="2019-04-03", year=2019),
    Record(id="d/fy2022", title="Visit from Chile", text="Researchers from Chile visited on 1 February 2023."),
    Record(id="d/year-only", title="Memorandum with Hanoi", text="A memorandum was concluded.", year=2023),
    Record(id="d/fy2022-dated", title="覚書（チリ）", text="チリの大学と覚書を交わした。", date="2023-02-01", year=2023, lang="ja"),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("dates", RECORDS)


def ids(found) -> set[str]:
    return {h.record.id for h in found.hits if not h.partial}


def test_a_record_mentions_a_day_as_its_day_month_and_fiscal_year():
    assert terms("Signed on 2nd June 2015.") == ["when:2015-06-02", "when:2015-06", "when:fy2015"]
    assert terms("平成28年3月3日に締結") == ["when:2016-03-03", "when:2016-03", "when:fy2015"]   # March: FY of the year before
    assert terms("in April 2019 and 令和4年度") == ["when:2019-04", "when:fy2019", "when:fy2022"]
    assert terms("no date here", "2019-04-03") == ["when:2019-04-03", "when:2019-04", "when:fy2019"]
    assert terms("the year 2019 alone", None) == []


@pytest.mark.parametrize("query, expected", [
    ("2015年6月2日", {"d/ordinal"}),               # "2nd June 2015"
    ("June 2, 2015", {"d/ordinal"}),
    ("3 March 2016", {"d/era"}),                   # 平成28年3月3日
    ("2019年4月3日", {"d/row"}),                    # the record's own date
    ("2023年2月", {"d/fy2022", "d/fy2022-dated"}),   # a month: every day in it
])
def test_a_date_in_a_query_finds_it_however_written(engine, query, expected):
    assert ids(engine.search(query, limit=10)) == expected


def test_a_fiscal_year_finds_the_days_in_it_not_a_bare_year(engine):
    # 1 February 2023 is in FY2022 (April 2022 to March 2023); a record dated "2023" alone may not be
    assert ids(engine.search("令和4年度", limit=10)) == {"d/fy2022", "d/fy2022-dated"}


def test_a_day_found_by_its_terms_is_highlighted_as_written(engine):
    hit = engine.search("2015年6月2日", limit=1).hits[0]
    text = next(h for h in hit.highlights if h.field == "text")
    assert [text.text[a:b] for a, b in text.spans] == ["2nd June 2015"]


@pytest.mark.parametrize("value, bounds", [
    ("2019", ("2019-01-01", "2019-12-31")),
    ("2019-04", ("2019-04-01", "2019-04-30")),
    ("2020-02", ("2020-02-01", "2020-02-29")),
    ("April 2019", ("2019-04-01", "2019-04-30")),
    ("平成31年4月", ("2019-04-01", "2019-04-30")),
    ("令和4年度", ("2022-04-01", "2023-03-31")),
    ("FY2022", ("2022-04-01", "2023-03-31")),
    ("2016年3月3日", ("2016-03-03", "2016-03-03")),
    ("20160303", ("2016-03-03", "2016-03-03")),
    ("2019-04..2019-06", ("2019-04-01", "2019-06-30")),
    ("..2000", ("", "2000-12-31")),
    ("2019/4/1..", ("2019-04-01", "")),
    ("abc", None), ("2019-13", None), ("2020..2019", None), ("2019-04-01 and more", None),
])
def test_a_date_filter_value_is_read_as_iso_bounds(value, bounds):
    assert span(value) == bounds


def test_a_bare_year_is_in_a_range_only_when_the_range_holds_all_of_it():
    assert whole_years("2019-01-01", "2020-03-31") == (2019, 2019)
    assert whole_years("2022-04-01", "2023-03-31") == (2023, 2022)   # none: first > last
    assert whole_years(None, "2020-12-31") == (None, 2020)


@pytest.mark.parametrize("value, expected", [
    ("2019-04", {"d/row"}),
    ("2023", {"d/year-only", "d/fy2022-dated"}),
    ("令和4年度", {"d/fy2022-dated"}),                 # not the record dated by the year 2023 alone
    ("2019..", {"d/row", "d/year-only", "d/fy2022-dated"}),
    ("..2019-12-31", {"d/row"}),
])
def test_the_date_filter_reads_each_records_own_date(engine, value, expected):
    assert ids(engine.search("", filters={"date": value}, limit=10)) == expected
    assert ids(engine.search(f"date:{value}", limit=10)) == expected


@pytest.mark.parametrize("value, message", [
    ("abc", "date:abc is not a date or a range of dates"),
    ("2020..2019", "date:2020..2019 runs backwards; did you mean date:2019..2020?"),
])
def test_a_bad_date_filter_is_a_syntax_error_naming_it(engine, value, message):
    with pytest.raises(QuerySyntaxError, match=message.replace("?", r"\?").replace(".", r"\.")):
        engine.search(f"date:{value}")


def test_the_cli_filters_by_date_and_refuses_a_bad_one(engine, runner):
    index = str(engine.index_dir)
    result = runner.invoke(cli, ["--index", index, "search", "--date", "令和4年度", "--json"])
    assert result.exit_code == 0, result.output
    assert [h["id"] for h in json.loads(result.output)["hits"]] == ["d/fy2022-dated"]
    result = runner.invoke(cli, ["--index", index, "search", "exchange", "date:2019-02-30"])
    assert result.exit_code == 2 and "date:2019-02-30 is not a date" in result.output
