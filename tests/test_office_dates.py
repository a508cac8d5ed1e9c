"""Dates as offices write them (和暦, 年度, English) to ISO (#31)."""
from __future__ import annotations

import datetime

import pytest

from renkei.corpus.dates import find_dates, parse_date


FY2018 = ("2018-04-01", "2019-03-31")


@pytest.mark.parametrize("text, expected", [
    ("令和5年4月1日", ("2023-04-01", 2023, None)),
    ("令和元年5月1日", ("2019-05-01", 2019, None)),
    ("令和五年四月一日", ("2023-04-01", 2023, None)),
    ("平成30年度", (None, 2018, FY2018)),
    ("平成３０年度", (None, 2018, FY2018)),
    ("H30年度", (None, 2018, FY2018)),
    ("2018年度", (None, 2018, FY2018)),
    ("FY2018", (None, 2018, FY2018)),
    ("R5.4.1", ("2023-04-01", 2023, None)),
    ("R05.04.01", ("2023-04-01", 2023, None)),
    ("H30/4/1", ("2018-04-01", 2018, None)),
    ("H31.4.30", ("2019-04-30", 2019, None)),
    ("昭和64年1月7日", ("1989-01-07", 1989, None)),
    ("2016年3月3日", ("2016-03-03", 2016, None)),
    ("２０１６年３月３日", ("2016-03-03", 2016, None)),
    ("3 March 2016", ("2016-03-03", 2016, None)),
    ("3rd March 2016", ("2016-03-03", 2016, None)),
    ("March 3, 2016", ("2016-03-03", 2016, None)),
    ("Mar. 3, 2016", ("2016-03-03", 2016, None)),
    ("1 Sept 2019", ("2019-09-01", 2019, None)),
    ("2016/3/3", ("2016-03-03", 2016, None)),
    ("2016-03-03", ("2016-03-03", 2016, None)),
    ("2016.3.3", ("2016-03-03", 2016, None)),
    ("20160303", ("2016-03-03", 2016, None)),
    ("13/4/2016", ("2016-04-13", 2016, None)),
    ("4/13/2016", ("2016-04-13", 2016, None)),
    ("3/4/2016", (None, 2016, None)),          # day/month order unknown: the year only
    ("2016年3月", (None, 2016, None)),
    ("March 2016", (None, 2016, None)),
    ("2016", (None, 2016, None)),
    ("締結日：2016年3月3日付", ("2016-03-03", 2016, None)),
    ("2016年3月3日～2021年3月2日", ("2016-03-03", 2016, None)),
    ("2016/2/30", (None, None, None)),
    ("第3条", (None, None, None)),
    ("", (None, None, None)),
    ("Harvard", (None, None, None)),
])
def test_parse_date(text, expected):
    assert tuple(parse_date(text)) == expected


def test_non_text_values():
    assert parse_date(datetime.date(2020, 1, 2)) == ("2020-01-02", 2020, None)
    assert parse_date(datetime.datetime(2020, 1, 2, 3, 4)) == ("2020-01-02", 2020, None)
    assert parse_date(2016) == (None, 2016, None)
    assert parse_date(43000) == (None, None, None)
    assert parse_date(42432, serial=True) == ("2016-03-03", 2016, None)
    assert parse_date(None) == (None, None, None)


def test_find_dates_in_a_query():
    found = find_dates("agreements signed between 平成30年度 and March 3, 2021")
    assert [d for _, _, d in found] == [(None, 2018, FY2018), ("2021-03-03", 2021, None)]
