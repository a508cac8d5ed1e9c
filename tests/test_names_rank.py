"""How names found across languages rank (#30.7): a record whose names hold the query's
institution whole comes before one that only mentions it or shares part of it."""
from __future__ import annotations

import pytest

from renkei.corpus import Record

RECORDS = [
    Record(id="r/ytu-ja", title="ヤンゴン工科大学", partners=("ヤンゴン工科大学",), lang="ja", country="Myanmar",
           text="ヤンゴン工科大学と防災の研究を行いました。分析化学などの分野とヤンゴン大学等、他大学関係者への広がりです。"),
    Record(id="r/yangon", title="University of Yangon", partners=("University of Yangon",), country="Myanmar",
           text="Academic exchange memorandum between Kyoto University and University of Yangon (Myanmar)."),
    Record(id="r/ytu", title="Yangon Technological University", partners=("Yangon Technological University",),
           country="Myanmar",
           text="Academic exchange memorandum between Kyoto University and Yangon Technological University."),
    Record(id="r/tum-ja", title="ミュンヘン工科大学", partners=("ミュンヘン工科大学",), lang="ja", country="Germany",
           text="ミュンヘン工科大学との戦略的パートナーシップ。ミュンヘン大学とも交流がある。"),
    Record(id="r/munich", title="University of Munich", partners=("University of Munich",), country="Germany",
           text="Academic exchange memorandum between Kyoto University and University of Munich (Germany)."),
    Record(id="r/tum", title="Technical University of Munich", partners=("Technical University of Munich",),
           country="Germany",
           text="Academic exchange memorandum between Kyoto University and Technical University of Munich."),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("rank", RECORDS)


def _ids(engine, query, n=3):
    return [hit.record.id for hit in engine.search(query, limit=n)][:n]


@pytest.mark.parametrize("query, expected", [
    ("ヤンゴン大学", "r/yangon"),      # not ヤンゴン工科大学, whose text mentions ヤンゴン大学 in passing
    ("ミュンヘン大学", "r/munich"),    # not ミュンヘン工科大学: ミュンヘン + 大学 is only part of its name
    ("University of Yangon", "r/yangon"),
])
def test_a_record_named_by_the_whole_name_comes_before_one_sharing_part_of_it(engine, query, expected):
    assert _ids(engine, query, 1) == [expected]


def test_the_record_that_shares_part_of_the_name_is_still_found(engine):
    assert "r/ytu-ja" in _ids(engine, "ヤンゴン大学", 3)
