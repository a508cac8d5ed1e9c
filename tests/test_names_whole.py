"""A partner's name typed whole is found whole, and a name no record mentions is not rewritten into
another (#30.6): the records that have its words apart are shown as having some of them."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.search.spelling import edits

RECORDS = [
    Record(id="w/miyagi", title="Miyagi Prefecture Minamisanriku Town",
           text="Keio University has concluded an agreement with Miyagi Prefecture Minamisanriku Town."),
    Record(id="w/nagasaki", title="Nagasaki Prefecture",
           text="Keio University and Nagasaki Prefecture signed an agreement on regional revitalisation."),
    Record(id="w/sjtu", title="Shanghai Jiao Tong University",
           text="Academic exchange memorandum between Kyoto University and Shanghai Jiao Tong University (China)."),
    Record(id="w/umich", title="University of Michigan",
           text="Memorandum with the University of Michigan, a public research university of the State of Michigan."),
    Record(id="w/sao", title="University of São Paulo", text="Academic exchange with the University of São Paulo (Brazil)."),
    Record(id="w/tohoku", title="Tohoku University", text="Student exchange with Tohoku University (Japan)."),
    Record(id="w/kumamoto", title="熊本大学との協定", text="熊本大学と学術交流協定を結んだ。", lang="ja"),
    Record(id="w/kyoto", title="Kyoto University", text="Kyoto University hosts the symposium."),
    Record(id="w/nanyang", title="Nanyang Technological University", text="Memorandum with Nanyang Technological University."),
    Record(id="w/minamisanriku", title="Minamisanriku project", text="The Minamisanriku project supports the town."),
]


@pytest.fixture(scope="module")
def whole_engine(engine_of):
    return engine_of("whole", RECORDS)


@pytest.mark.parametrize("query", ["宮城大学", "長崎大学", "上海大学", "Nagasaki University", "Michigan State University"])
def test_an_institution_name_whose_words_a_record_has_apart_is_no_confident_answer(whole_engine, query):
    # 宮城大学: Miyagi (Prefecture) and (Keio) University are in the record, not Miyagi University;
    # 上海大学 is not Shanghai Jiao Tong University; Michigan State University not the University of Michigan
    found = whole_engine.search(query, limit=3)
    assert found.total == 0 and found.hits and all(h.partial for h in found.hits)
    assert found.to_dict()["hits"][0]["match"] == "some"


@pytest.mark.parametrize("query, expected", [
    ("東北大学", "w/tohoku"),               # translated word by word, side by side: Tohoku University
    ("熊本大学", "w/kumamoto"),             # as typed
    ("Tohoku University", "w/tohoku"),
    ("Sao Paulo University", "w/sao"),      # the kind first where a record names it: University of São Paulo
])
def test_an_institution_name_a_record_has_side_by_side_is_the_answer(whole_engine, query, expected):
    found = whole_engine.search(query, limit=3)
    assert [h.id for h in found.hits][:1] == [expected] and found.total == 1 and not found.hits[0].partial


@pytest.mark.parametrize("query, suggested", [
    ("Kyoei University", "Kyoto University"),       # two edits: another name, not a typo of it
    ("Nantong University", "Nanyang University"),
])
def test_a_name_two_edits_from_an_index_word_is_not_answered_as_that_word(whole_engine, query, suggested):
    found = whole_engine.search(query, limit=3)
    assert found.corrected_from is None and found.total == 0
    assert found.suggestion == suggested   # still offered: "Did you mean"


def test_a_typo_one_edit_from_an_index_word_is_still_corrected(whole_engine):
    found = whole_engine.search("Minamisanrku project", limit=3)
    assert found.corrected_from == "Minamisanrku project" and found.suggestion == "Minamisanriku project"
    assert [h.id for h in found.hits][:1] == ["w/minamisanriku"] and found.total == 1


def test_edits_counts_as_the_term_dictionary_does():
    assert edits("kyoei", "kyoto") == 2 and edits("minamisanrku", "minamisanriku") == 1
    assert edits("munster", "muenster") == 1 and edits("", "ab") == 2 and edits("ab", "ba") == 2


def test_a_character_after_a_number_is_a_counter_not_a_names_first():
    # 第6回東京大学: the name part is 東京; 回東京 was read as Dongshin (0.90) and Tianjin (0.83)
    from renkei.corpus.names import candidates
    found = candidates([Record(id="c/1", title="合同シンポジウム", text="第6回東京大学-ケンブリッジ大学合同シンポジウム", lang="ja")])
    assert "東京" in found.han and "回東京" not in found.han and "回東京大学" not in found.han_names


def test_a_place_the_index_writes_as_jmnedict_does_is_not_another_reading_of_its_characters(engine_of):
    # 北京 is Beijing/Peking (Peking University); Pukyong, the Korean reading of 北京, is Pukyong
    # National University (釜慶), not Peking University. A reading JMnedict spells is still the place.
    engine = engine_of("read-otherwise", [
        Record(id="r/pku", title="Peking University", text="Memorandum with Peking University (China)."),
        Record(id="r/pku-ja", title="北京大学との協定", text="北京大学と協定を結んだ。", lang="ja"),
        Record(id="r/mokpo", title="木浦大学校との協定", text="韓国の木浦大学校と協定を結んだ。", lang="ja"),
    ])
    found = engine.search("Pukyong National University", limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    assert [h.id for h in engine.search("Mokpo", limit=1).hits] == ["r/mokpo"]



@pytest.fixture(scope="module")
def parts_engine(engine_of):
    return engine_of("parts", [
        Record(id="p/nchu", title="National Chung Hsing University", text="Memorandum with National Chung Hsing University (Taiwan)."),
        Record(id="p/nd", title="University of Notre Dame du Lac", text="Memorandum with the University of Notre Dame du Lac (USA)."),
        Record(id="p/aun", title="ASEAN University Network (AUN)", text="Kyoto University joined the ASEAN University Network (AUN)."),
    ])


@pytest.mark.parametrize("query", [
    "ノートルダム清心女子大学",     # Notre Dame and 清心 (Chung Hsing by a near reading) each name part of it
    "鄭州大学大学院",              # 大学, 大学 and 院 without 鄭州: University Network
])
def test_a_name_whose_parts_meet_other_names_is_no_confident_answer(parts_engine, query):
    found = parts_engine.search(query, limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)


@pytest.mark.parametrize("query", [
    "慶熙大学",                # its reading meets only a word of another name (the Chinese University of Hong Kong)
    "ヴィクトリア大学工学部",   # university and engineering in "Kyoto University and Olin College of Engineering"
])
def test_a_name_whose_words_meet_another_institutions_name_is_no_confident_answer_bundled(engine, query):
    found = engine.search(query, limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)


@pytest.mark.parametrize("query, expected", [
    ("延世大学", "kyoto/memoranda/yonsei-university"),       # a reading an index name has with the kind
    ("経済協力開発機構", "oecd"),                             # word by word, "and" inside one name
    ("オリン工科大学", "kyoto/memoranda/olin-college-of-engineering"),
])
def test_a_name_crossed_whole_is_still_the_answer(engine, query, expected):
    found = engine.search(query, limit=3)
    assert expected in found.hits[0].id and found.total >= 1 and not found.hits[0].partial


def test_a_campus_that_crosses_to_nothing_leaves_the_name_part_another_institutions(engine_of):
    # ローマ大学トル・ヴェルガータ校 (Tor Vergata) is not Sapienza University of Rome; a campus the
    # index names still picks its university (ロサンゼルス校: UCLA)
    engine = engine_of("campus", [
        Record(id="m/sapienza", title="Sapienza University of Rome", text="Memorandum with Sapienza University of Rome (Italy)."),
        Record(id="m/ucla", title="University of California, Los Angeles", text="Memorandum with the University of California, Los Angeles."),
        Record(id="m/ucb", title="University of California, Berkeley", text="Memorandum with the University of California, Berkeley."),
    ])
    found = engine.search("ローマ大学トル・ヴェルガータ校", limit=3)
    assert found.total == 0 and all(h.partial for h in found.hits)
    found = engine.search("カリフォルニア大学ロサンゼルス校", limit=3)
    assert [h.id for h in found.hits][:1] == ["m/ucla"] and found.total >= 1 and not found.hits[0].partial
