"""An English institution name finds the index's Japanese name that says the same (#30.3): its name
words cross (the glossary's countries, the names table, JMnedict's places) and each qualifier it says
(State, Technology, Western, National) must be said, and no other (search/crosslingual/compose_ja.py)."""
from __future__ import annotations

import pytest

from renkei.corpus import Record

NAMES = ["ミシガン州立大学", "西ミシガン大学", "デンマーク工科大学", "西オーストラリア大学", "ウィーン工科大学",
         "ジョージア工科大学", "国立台湾科技大学", "国立台湾大学", "華東師範大学", "中南大学", "北京交通大学", "東北大学",
         "四川外国語大学", "四川大学", "沈陽航空航天大学", "南京郵電大学", "南京理工大学", "南京大学", "広州都会大学", "広州大学"]
RECORDS = [Record(id=f"j/{i}", title=f"{name}と学生交流協定を締結", text=f"2016年に{name}と協定を締結した。",
                  partners=[name], lang="ja") for i, name in enumerate(NAMES)] + [
    Record(id="d/country", title="デンマークとの研究者交流", text="デンマークの大学と研究者を交流した。", country="デンマーク", lang="ja")]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("compose-ja", RECORDS)


@pytest.mark.parametrize("query, partner", [
    ("Michigan State University", "ミシガン州立大学"),            # not 西ミシガン大学: West is not said
    ("Western Michigan University", "西ミシガン大学"),
    ("Technical University of Denmark", "デンマーク工科大学"),     # not the records about Denmark
    ("University of Western Australia", "西オーストラリア大学"),
    ("Vienna University of Technology", "ウィーン工科大学"),       # Vienna: ウィーン by JMnedict, no sound
    ("Georgia Institute of Technology", "ジョージア工科大学"),
    ("National Taiwan University of Science and Technology", "国立台湾科技大学"),   # longer than the glossary's NTU
    ("East China Normal University", "華東師範大学"),                 # East China: 華東, one name
    ("Central South University", "中南大学"),
    ("Beijing Jiaotong University", "北京交通大学"),   # 交通: a kind of Chinese university, as 工科 is
    ("Sichuan International Studies University", "四川外国語大学"),   # two words saying 外国語
    ("Shenyang Aerospace University", "沈陽航空航天大学"),   # China's universities of one trade
    ("Nanjing University of Posts and Telecommunications", "南京郵電大学"),
    ("Nanjing University of Science and Technology", "南京理工大学"),   # 理工 says both
    ("Guangzhou Metropolitan University", "広州都会大学"),
])

def test_an_english_name_finds_the_japanese_name_saying_the_same(engine, query, partner):
    found = engine.search(query, limit=3)
    assert found.hits and not found.hits[0].partial, query
    assert found.hits[0].record.partners == (partner,)
    assert all(h.partial or h.record.partners == (partner,) for h in found.hits)


def test_a_region_alone_is_no_name(engine):
    # 東北大学 is Tohoku University as often as Northeastern University (Shenyang): Northeastern University
    # (Boston) is no answer
    assert not [h for h in engine.search("Northeastern University", limit=3).hits if not h.partial]


@pytest.mark.parametrize("query, partner", [("華東師範大学", "East China Normal University"),
                                            ("中南大学", "Central South University")])
def test_chinas_regions_cross_to_english(engine_of, query, partner):
    names = ["East China Normal University", "Central South University", "Chungnam National University",
             "Northeast Normal University"]
    engine = engine_of("regions", [Record(id=f"e/{i}", title=f"Exchange with {n}", text=f"An agreement with {n}.",
                                          partners=[n]) for i, n in enumerate(names)])
    found = engine.search(query, limit=3)
    assert found.hits and not found.hits[0].partial and found.hits[0].record.partners == (partner,)



# Dutch says what the institution is in its own words: Universiteit is University, Vrije is 自由 (Free);
# the University of Amsterdam (Universiteit van Amsterdam, アムステルダム大学) is another institution.
DUTCH = [Record(id=f"nl/{lang}/{i}", title=f"Exchange: {name}", text=f"2014: {name}.", partners=[name], lang=lang)
         for lang, names in (("ja", ["アムステルダム自由大学", "アムステルダム大学"]),
                             ("en", ["Vrije Universiteit Amsterdam", "Universiteit van Amsterdam"]))
         for i, name in enumerate(names)]


@pytest.fixture(scope="module")
def dutch(engine_of):
    return engine_of("compose-dutch", DUTCH)


@pytest.mark.parametrize("query, partner, lang", [("Vrije Universiteit Amsterdam", "アムステルダム自由大学", "ja"),
                                                  ("アムステルダム自由大学", "Vrije Universiteit Amsterdam", "en")])
def test_dutch_kind_words_compose(dutch, query, partner, lang):
    found = dutch.search(f"{query} lang:{lang}", limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,)
    # English → Japanese composes the whole name; the other way the index's names table does not know
    # Universiteit as what an institution is (corpus.names.GENERIC), so Amsterdam is "the name only"
    assert lang == "en" or not found.hits[0].partial


def test_a_university_of_foreign_studies_crosses_as_an_international_studies_one(engine_of):
    records = [Record(id="e/sisu", title="Sichuan International Studies University",
                      text="An exchange with Sichuan International Studies University."),
               Record(id="e/scu", title="Sichuan University", text="An exchange with Sichuan University.")]
    found = engine_of("international-studies", records).search("四川外国語大学", limit=3)
    assert [h.record.id for h in found][:1] == ["e/sisu"]


@pytest.mark.parametrize("query, partner", [("沈陽航空航天大学", "Shenyang Aerospace University"),
                                            ("南京郵電大学", "Nanjing University of Posts and Telecommunications")])
def test_a_chinese_university_of_one_trade_crosses_to_english(engine_of, query, partner):
    names = [partner, partner.split()[0] + " University"]
    records = [Record(id=f"e/{i}", title=name, text=f"An exchange with {name}.", partners=[name])
               for i, name in enumerate(names)]
    found = engine_of("one-trade", records).search(query, limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,)
