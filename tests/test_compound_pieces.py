"""A Japanese compound found nowhere is graded by its pieces (plan._Pieces), and each piece brings its
own translations: a name whose English form no record writes as a whole still finds the English
record that has most of its pieces' words, though one piece (核) has no translation."""
from __future__ import annotations

import pytest

from renkei.corpus import Record

RECORDS = [
    Record(id="p/fusion", title="International Fusion Research Organization",
           text="Memorandum with the International Fusion Research Organization on plasma physics."),
    Record(id="p/report", title="国際交流の報告", lang="ja", text="国際交流と研究の報告。核となる活動を紹介する。"),
    Record(id="p/other", title="Student exchange", text="Student exchange with a research university."),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("pieces", RECORDS)


def test_a_compound_found_nowhere_finds_the_record_with_its_pieces_translated(engine):
    found = engine.search("国際核融合研究機構", limit=3)
    assert [h.record.id for h in found][:1] == ["p/fusion"]
    assert found.total == 0 and found.hits[0].partial   # some of the words: no confident answer


def test_a_compound_found_as_typed_is_not_graded_by_pieces(engine):
    found = engine.search("国際交流", limit=3)
    assert [h.record.id for h in found][:1] == ["p/report"] and found.total >= 1
