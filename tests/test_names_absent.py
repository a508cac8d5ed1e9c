"""Names no record mentions get no confident wrong answer (#30): a near sound is not another
script's name, and a name found only in part is not found (its hits are "some", not "all")."""
from __future__ import annotations

import pytest

from renkei import indexer
from renkei.corpus import Record
from renkei.search import Engine

RECORDS = [
    Record(id="a/sao", title="University of São Paulo", text="Academic exchange with the University of São Paulo."),
    Record(id="a/paris", title="パリ・グランゼコール群", text="パリの高等教育機関との交流。", lang="ja"),
    Record(id="a/kochi", title="高知大学との協定", text="高知大学と農学部の交流協定を結んだ。", lang="ja"),
    Record(id="a/hitotsubashi", title="一橋大学の訪問", text="一橋大学の学長が来訪した。", lang="ja"),
    Record(id="a/mokpo", title="木浦大学校との協定", text="韓国の木浦大学校と協定を結んだ。", lang="ja"),
]


@pytest.fixture(scope="module")
def absent_engine(engine_of):
    return engine_of("absent", RECORDS)


@pytest.mark.parametrize("query, not_expected", [
    ("Paulo", "a/paris"),              # パリ is Paris to JMnedict: Paulo only sounds near it
    ("Sao Paulo University", "a/paris"),
    ("Gadjah", "a/kochi"),             # gaj is near the reading goji of 高知, but too short to be a misspelling
    ("Sao", "a/hitotsubashi"),
])
def test_a_latin_name_is_not_heard_as_a_japanese_name_it_only_sounds_near(absent_engine, query, not_expected):
    assert not_expected not in [h.record.id for h in absent_engine.search(query, limit=5)]


def test_a_reading_spelt_exactly_still_crosses(absent_engine):
    assert [h.record.id for h in absent_engine.search("Mokpo", limit=1)] == ["a/mokpo"]
    assert [h.record.id for h in absent_engine.search("Paulo", limit=1)] == ["a/sao"]


INSTITUTIONS = [
    Record(id="b/cbs", title="Copenhagen Business School",
           text="Academic exchange memorandum between Kyoto University and Copenhagen Business School (Denmark)."),
    Record(id="b/cnrs", title="French National Center for Scientific Research (CNRS)",
           text="Academic exchange memorandum between Kyoto University and French National Center for "
                "Scientific Research (CNRS) (France)."),
    Record(id="b/humboldt", title="Humboldt University of Berlin",
           text="Academic exchange memorandum between Kyoto University and Humboldt University of Berlin."),
    Record(id="b/ncu", title="国立中央大学（台湾）との協定", text="国立中央大学と学術交流協定を結んだ。", lang="ja"),
]


@pytest.fixture(scope="module")
def institutions_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("institutions") / "ix"
    indexer.build_index(INSTITUTIONS, path)
    return Engine(path)


def test_a_name_part_whose_institution_the_index_lacks_finds_records_but_not_confidently(institutions_engine):
    # コペンハーゲン大学 crosses as Copenhagen, but the index's only Copenhagen is a business school
    found = institutions_engine.search("コペンハーゲン大学", limit=3)
    assert [h.record.id for h in found][:1] == ["b/cbs"]
    assert found.total == 0 and all(h.partial for h in found)
    assert found.to_dict()["hits"][0]["match"] == "some"


def test_a_name_part_whose_institution_the_index_has_is_confident(institutions_engine):
    found = institutions_engine.search("フンボルト大学", limit=3)   # Humboldt University of Berlin: a university
    assert [h.record.id for h in found][:1] == ["b/humboldt"] and not found.hits[0].partial


def test_an_institution_name_translated_word_by_word_is_no_confident_answer(institutions_engine):
    # 国立中央大学: national, center, university scattered in CNRS's record (Kyoto University) are
    # not the name; the record that writes it is
    found = institutions_engine.search("国立中央大学", limit=3)
    assert [h.record.id for h in found][:1] == ["b/ncu"]
    assert found.total == 1 and all(h.partial for h in found.hits[1:])


def test_a_name_without_the_first_vowel_of_another_is_not_that_name(engine_of):
    # rban (ルーヴァン) and arban (Albania) scored 0.90 by sound: katakana keeps a name's first vowel
    from renkei.indexer.names.sound import kana_key, latin_key, similarity
    from renkei.search.crosslingual.names import SOUND_THRESHOLD
    assert similarity(kana_key("ルーヴァン"), latin_key("Albania")) < SOUND_THRESHOLD
    assert similarity(kana_key("アルバニア"), latin_key("Albania")) >= SOUND_THRESHOLD
    engine = engine_of("onset", [
        Record(id="o/albania", title="Researchers exchanged with Albania (AY 2022)", text="Researchers from Albania: 3."),
        Record(id="o/louvain", title="Université catholique de Louvain", text="Memorandum with the Université catholique de Louvain (Belgium)."),
    ])
    hits = [h.record.id for h in engine.search("ルーヴァン・カトリック大学", limit=3).hits]
    assert hits[:1] == ["o/louvain"] and "o/albania" not in hits


def test_a_name_of_two_parts_found_by_one_is_no_confident_answer(engine_of):
    # パリ政治学院 (Sciences Po): 政治 crosses to no name, so the records of Paris are "some", not the answer
    engine = engine_of("parts-missed", [
        Record(id="p/saclay", title="Université Paris-Saclay", text="Memorandum with the Université Paris-Saclay (France)."),
        Record(id="p/cite", title="Université Paris Cité", text="Memorandum with the Université Paris Cité (France)."),
    ])
    found = engine.search("パリ政治学院", limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)


def test_a_kind_word_picks_the_name_that_says_it_though_its_other_words_are_not_the_querys(engine_of):
    # ハノイ国家大学: Vietnam National University, Hanoi says 国家 (National); Vietnam is not in the query, and
    # the bare Hanoi found every Hanoi record as the answer, Hanoi University of Science and Technology first
    engine = engine_of("saying", [
        Record(id="h/hust", title="Hanoi University of Science and Technology", text="Exchange with Hanoi University of Science and Technology."),
        Record(id="h/vnu", title="Vietnam National University, Hanoi", text="Memorandum with Vietnam National University, Hanoi."),
    ])
    found = engine.search("ハノイ国家大学", limit=3)
    assert [h.record.id for h in found.hits][:1] == ["h/vnu"] and found.total == 1


@pytest.mark.parametrize("query", ["クイーンズランド工科大学", "インドネシア教育大学", "カザン連邦大学"])
def test_a_kind_word_no_index_name_holding_the_part_says_makes_the_part_another_institution(engine_of, query):
    # クイーンズランド工科大学 (QUT) is not the University of Queensland, though "university" says 大学
    engine = engine_of("qualified", [
        Record(id="q/uq", title="University of Queensland", text="Memorandum with the University of Queensland (Australia)."),
        Record(id="q/ui", title="University of Indonesia", text="Memorandum with the University of Indonesia."),
        Record(id="q/kazan", title="Kazan University", text="Memorandum with Kazan University (Russia)."),
        Record(id="q/rwth", title="RWTH Aachen University", text="Memorandum with RWTH Aachen University (Germany)."),
    ])
    found = engine.search(query, limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    # a name in capitals may say the kind: RWTH Aachen University is アーヘン工科大学
    assert engine.search("アーヘン工科大学", limit=1).total == 1


def test_a_latin_name_of_several_words_crossed_by_one_of_them_only_is_no_confident_answer(engine_of):
    # University of California, Santa Barbara: California crosses to カリフォルニア, Santa Barbara to
    # nothing, so UC Berkeley's record is "some"; a record that writes the name as typed is the answer
    engine = engine_of("latin-parts", [
        Record(id="c/ucb", title="カリフォルニア大学バークレー校", text="カリフォルニア大学バークレー校と協定を結んだ。", lang="ja"),
        Record(id="c/ucla", title="University of California, Los Angeles", text="Memorandum with the University of California, Los Angeles."),
    ])
    found = engine.search("University of California, Santa Barbara", limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    found = engine.search("University of California, Los Angeles", limit=3)
    assert [h.record.id for h in found.hits][:1] == ["c/ucla"] and found.total == 1


@pytest.mark.parametrize("query", ["湘南工科大学", "華南理工大学"])
def test_a_reading_only_as_near_as_another_places_name_is_a_guess_though_the_kind_fits(engine_of, query):
    # siangnan (湘南) and huanan (華南) are 0.73 from Nanyang: near enough for by_kind, no name of theirs
    engine = engine_of("by-kind", [
        Record(id="k/ntu", title="Nanyang Technological University", text="Memorandum with Nanyang Technological University."),
        Record(id="k/tub", title="Technical University of Berlin", text="Memorandum with the Technical University of Berlin."),
        Record(id="k/ewha", title="Ewha Womans University", text="Memorandum with Ewha Womans University (Korea)."),
        Record(id="k/hkust", title="Hong Kong University of Science and Technology",
               text="Memorandum with the Hong Kong University of Science and Technology."),
    ])
    found = engine.search(query, limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    # a reading spelt as the name is (梨花: ihwa, Ewha) is the name
    assert [h.record.id for h in engine.search("梨花女子大学", limit=1).hits] == ["k/ewha"]
    assert engine.search("梨花女子大学", limit=1).total == 1


def test_an_acronym_no_name_gives_in_order_is_a_guess(engine_of):
    # BCU (Birmingham City University) is the University of British Columbia's initials reordered only
    engine = engine_of("reordered", [
        Record(id="r/ubc", title="University of British Columbia", text="Memorandum with the University of British Columbia (Canada)."),
    ])
    found = engine.search("BCU", limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    assert engine.search("UBC", limit=1).total == 1
