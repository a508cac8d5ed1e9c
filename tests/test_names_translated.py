"""Institution names written in Japanese as a translation, word by word, find their English records
(#30): each word's English from the dictionary, JMnedict or its sound, and the index's institution
name that holds one of every word, in any order, the fewest other words first."""
from __future__ import annotations

import pytest

from renkei.corpus import Record


def _record(id_: str, name: str, country: str) -> Record:
    return Record(id=id_, title=name, partners=(name,), country=country,
                  text=f"Academic exchange memorandum between Kyoto University and {name} ({country}).")


RECORDS = [
    _record("t/oecd", "Organisation for Economic Co-operation and Development", "France"),
    _record("t/vass", "Vietnam Academy of Social Sciences", "Vietnam"),
    _record("t/nstda", "National Science and Technology Development Agency", "Thailand"),
    _record("t/brin", "National Research and Innovation Agency", "Indonesia"),
    _record("t/kpi", "Kyiv Polytechnic Institute", "Ukraine"),
    _record("t/knu", "Taras Shevchenko National University of Kyiv", "Ukraine"),
    _record("t/um5", "Mohammed V University of Rabat", "Morocco"),
    _record("t/epfl", "Ecole Polytechnique Fédérale de Lausanne", "Switzerland"),
    _record("t/eth", "Swiss Federal Institute of Technology in Zurich (ETH Zurich)", "Switzerland"),
    _record("t/unil", "University of Lausanne", "Switzerland"),
    _record("t/aun", "ASEAN University Network", "Thailand"),
    _record("t/inalco", "National Institute for Oriental Languages and Cultures", "France"),
    _record("t/cnrs", "French National Center for Scientific Research (CNRS)", "France"),
    _record("t/snu", "Seoul National University", "Korea"),
    _record("t/hust", "Hanoi University of Science and Technology", "Vietnam"),
    _record("t/polyu", "Hong Kong Polytechnic University", "Hong Kong"),
    Record(id="t/gsk", title="Joint research with GlaxoSmithKline K.K.", text="A visit to GlaxoSmithKline in Tokyo."),
    # the index's dictionary keeps the entries its words can use: Japanese records give it 協力 and 院
    Record(id="t/ja", title="国際協力の報告", lang="ja", text="大学院と研究院の社会連携、国際協力と経済交流について。"),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("translated", RECORDS)


def _top(engine, query):
    return [hit.record.id for hit in engine.search(query, limit=3)][:1]


@pytest.mark.parametrize("query, expected", [
    ("経済協力開発機構", "t/oecd"),         # economy: Economic, cooperation: Co-operation, in another order
    ("ベトナム社会科学院", "t/vass"),        # society: Social; 院, what it is, said by Academy
    ("タイ国家科学技術開発庁", "t/nstda"),   # the country left out of the English name; 庁: Agency
    ("インドネシア国家研究イノベーション庁", "t/brin"),
    ("キーウ工科大学", "t/kpi"),            # キーウ, which no dictionary spells, weakly heard as Kyiv
    ("キーウ国立大学", "t/knu"),            # the name with the fewest other words that holds them all
    ("モハメッド5世大学", "t/um5"),          # a regnal number as a roman numeral (5世: V)
    ("スイス連邦工科大学ローザンヌ校", "t/epfl"),  # Lausanne is the campus: not ETH Zurich
    ("アセアン大学ネットワーク", "t/aun"),
    ("フランス国立東洋言語文化学院", "t/inalco"),  # the Orient: Oriental
    ("ハノイ工科大学", "t/hust"),           # one name part and its kind: still composed, not PolyU
])
def test_a_name_translated_word_by_word_finds_the_english_record(engine, query, expected):
    assert _top(engine, query) == [expected]


def test_a_glossary_name_written_with_a_middle_dot_is_one_name(engine):
    # MeCab cuts グラクソ・スミスクライン at its ・: the glossary's name (GlaxoSmithKline) stays whole
    assert _top(engine, "グラクソ・スミスクライン") == ["t/gsk"]


def test_a_name_of_generic_words_is_no_translation(engine):
    # 国立 + 中央 + 大学: national, center and university are scattered in CNRS and SNU, whose other
    # words are more than the query's: no confident answer
    found = engine.search("国立中央大学", limit=3)
    assert found.total == 0


def test_a_plain_compound_is_no_name(engine):
    entry = engine._expander.names.in_chunk("科学技術開発")   # no word for what an institution is
    assert entry is None
