"""A Latin name finds the Chinese-character name it is a reading of, closely (#30.1): the sound keys
that cross katakana fold away what tells Hanyang (漢陽) from Hannam (韓南) and South China (華南
huanan), so readings are compared after folding only what romanisations spell differently
(indexer.names.readings.reading_fold: Dankook = 단국 dankuk, Chung-Ang = 중앙 jungang)."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.indexer.names.readings import reading_fold

RECORDS = [Record(id=f"r/{i}", title=f"{name}と学生交流協定を締結", text=f"2015年に{name}と協定を締結した。",
                  partners=[name], lang="ja")
           for i, name in enumerate(["漢陽大学校", "韓南大学校", "華南理工大学", "檀国大学校", "全北大学校", "中央大学校",
                                     "中原大学", "釜慶大学校", "重慶大学", "厦門大学", "長庚大学"])]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("readings", RECORDS)


@pytest.mark.parametrize("query, partner", [
    ("Hanyang University", "漢陽大学校"),
    ("Hannam University", "韓南大学校"),
    ("Dankook University", "檀国大学校"),          # MeCab cuts 檀|国大|学校: the reading is found inside the word
    ("Jeonbuk National University", "全北大学校"),
    ("Chung-Ang University", "中央大学校"),         # not 中原 (chungyuan), which shares its sound key
    ("Pukyong National University", "釜慶大学校"),
    ("Chongqing University", "重慶大学"),           # 重 read chong, not its usual zhong (Unihan kXHC1983)
    ("Xiamen University", "厦門大学"),              # 厦 xia, not sha
    ("Chang Gung University", "長庚大学"),          # 長 chang, not zhang
])
def test_a_latin_name_finds_the_name_it_reads_first(engine, query, partner):
    found = engine.search(query, limit=3)
    assert found.hits and not found.hits[0].partial
    assert found.hits[0].record.partners == (partner,)
    assert all(h.partial or h.record.partners == (partner,) for h in found.hits)


@pytest.mark.parametrize("a, b", [("Dankook", "dankuk"), ("Chung-Ang", "jungang"), ("Kyung Hee", "kyunghui"),
                                  ("Pai Chai", "baejae"), ("Dong Hwa", "donghua"), ("Ajou", "aju")])
def test_romanisations_meet_when_folded(a, b):
    assert reading_fold(a) == reading_fold(b)


@pytest.mark.parametrize("a, b", [("Hanyang", "hannam"), ("Hanyang", "huanan"), ("Chung-Ang", "chungyuan")])
def test_other_readings_stay_apart(a, b):
    assert reading_fold(a) != reading_fold(b)


ORGANISATIONS = [Record(id=f"o/{i}", title=f"{name}との大学間協定", text=f"{name}と大学間協定を締結した。", partners=[name],
                        lang="ja") for i, name in enumerate(["北京師範大学", "東南大学", "北京大学"])]


@pytest.fixture(scope="module")
def organisations(engine_of):
    return engine_of("organisations", ORGANISATIONS)


@pytest.mark.parametrize("query, partner", [
    ("Beijing Normal University", "北京師範大学"),   # JMnedict's English of the index's name: no reading reaches 師範
    ("Southeast University", "東南大学"),
    ("SEU", "東南大学"),                             # JMnedict's abbreviation, among the acronyms
])
def test_an_english_name_finds_the_japanese_organisation_jmnedict_names(organisations, query, partner):
    found = organisations.search(query, limit=3)
    assert found.hits and not found.hits[0].partial and found.hits[0].record.partners == (partner,)


LATIN = [Record(id=f"l/{i}", title=f"Student exchange with {name}", text=f"An agreement with {name}.", partners=[name])
         for i, name in enumerate(["Dankook University", "Dongguk University", "Kookmin University",
                                   "Pukyong National University", "Pai Chai University", "Xi'an Jiaotong University"])]


@pytest.fixture(scope="module")
def latin(engine_of):
    return engine_of("latin-readings", LATIN)


@pytest.mark.parametrize("query, partner", [
    ("檀国大学校", "Dankook University"),     # 단국 dankuk as spelt, not Dongguk, which sounds alike
    ("国民大学校", "Kookmin University"),     # 국민 kukmin, syllable by syllable
    ("培材大学校", "Pai Chai University"),    # 배재 baejae: two words
])
def test_a_chinese_character_name_finds_the_latin_name_spelt_as_it_reads(latin, query, partner):
    found = latin.search(query, limit=3)
    assert found.hits and not found.hits[0].partial and found.hits[0].record.partners == (partner,)


def test_a_name_crossed_by_sound_matches_inside_the_word_mecab_made_of_it(engine_of):
    # alone, ウダヤナ is cut ウダ|ヤナ; in the record, ウダヤナ大学 gives ウダヤナ whole
    engine = engine_of("katakana-cut", [Record(id="k/1", title="ウダヤナ大学と学生交流協定を締結",
                                               text="2021年にウダヤナ大学と協定を締結した。", partners=["ウダヤナ大学"], lang="ja")])
    found = engine.search("Udayana University", limit=3)
    assert [h.record.id for h in found.hits if not h.partial] == ["k/1"]


def test_a_rare_reading_is_compared_closely_only(latin):
    # 南 is also read na (南无): 西南 read xina sounds like Xi'an, yet 西南大学 is not Xi'an Jiaotong University
    assert not [h for h in latin.search("西南大学", limit=3).hits if not h.partial]


# One stem read two ways names two universities: 大学校 says the name is Korean (湖南大学校 is Honam
# University, 호남), 大学 alone the Mandarin reading (湖南大学 is Hunan University).
TWO_READINGS = [Record(id=f"k/{i}", title=f"Exchange agreement with {name}",
                       text=f"The university signed a student exchange agreement with {name} in 2016.",
                       partners=[name], lang="en") for i, name in enumerate(["Honam University", "Hunan University"])]


@pytest.fixture(scope="module")
def two_readings(engine_of):
    return engine_of("two-readings", TWO_READINGS)


@pytest.mark.parametrize("query, partner", [("湖南大学校", "Honam University"), ("湖南大学", "Hunan University")])
def test_daigakko_reads_the_stem_in_korean(two_readings, query, partner):
    found = two_readings.search(query, limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,)


# A region of China is translated (華南: South China) or spelt as read (華中師範大学 wrote itself Huazhong
# Normal University): the region's reading finds the name the index spells so.
REGIONS = [Record(id=f"g/{i}", title=f"Exchange agreement with {name}",
                  text=f"The university signed a student exchange agreement with {name} in 2012.",
                  partners=[name], lang="en") for i, name in enumerate(["Huazhong Normal University",
                                                                        "South China Normal University"])]


@pytest.fixture(scope="module")
def regions(engine_of):
    return engine_of("regions", REGIONS)


@pytest.mark.parametrize("query, partner", [("華中師範大学", "Huazhong Normal University"),
                                            ("華南師範大学", "South China Normal University")])
def test_a_region_is_translated_or_read(regions, query, partner):
    found = regions.search(query, limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,)


# An English name spelt as a Korean reading finds the Korean institution of those characters: Honam
# University is 湖南大学校, not 湖南大学 (Hunan); University says 大学校, Institute 科学技術院.
KOREAN_JA = [Record(id=f"j/{i}", title=f"{name}との学術交流協定", text=f"2016年に{name}と学術交流協定を締結した。",
                    partners=[name], lang="ja") for i, name in enumerate(["湖南大学校", "湖南大学", "大田大学校", "大田科学技術院"])]


@pytest.fixture(scope="module")
def korean_ja(engine_of):
    return engine_of("korean-ja", KOREAN_JA)


@pytest.mark.parametrize("query, partner", [("Honam University", "湖南大学校"), ("Daejeon University", "大田大学校"),
                                            ("Daejeon Institute of Science and Technology", "大田科学技術院")])
def test_a_korean_reading_finds_the_korean_institution(korean_ja, query, partner):
    found = korean_ja.search(query, limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,), [h.record.partners for h in found.hits]
