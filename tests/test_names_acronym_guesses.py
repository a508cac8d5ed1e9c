"""An acronym typed against records that write a partner only in Japanese (#30.5): the Japanese name's
kind read as other countries' universities write it (工科大学: Technische Universität, Institute of Technology), a place by its
English name, 南 as Southern, a katakana word's first sound in either of its letters (ロ: L or R), an
English name in katakana (・スクール・) counted as an institution's. Such an acronym is a guess (its hits
are "some"); beside a name of the index that gives the acronym itself, they rank below its records."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.corpus.names import candidates
from renkei.indexer.names.acronym_guesses import guesses
from renkei.indexer.names.table import NameTable

RECORDS = [
    Record(id="j/tud", title="金沢大学とダルムシュタット工科大学の協定", lang="ja",
           text="金沢大学はダルムシュタット工科大学と学術交流協定を結んだ。"),
    Record(id="j/sdu", title="新潟大学と南デンマーク大学の協定", lang="ja", text="新潟大学は南デンマーク大学と協定を結んだ。"),
    Record(id="j/lbs", title="ロンドン・ビジネス・スクールとの交流", lang="ja",
           text="ロンドン・ビジネス・スクールと学生交流を始めた。"),
    Record(id="j/lit", title="千葉大学とリール工科大学の協定", lang="ja", text="千葉大学はリール工科大学と協定を結んだ。"),
    Record(id="e/rit", title="Rochester Institute of Technology", text="Exchange with the Rochester Institute of Technology."),
]


@pytest.fixture(scope="module")
def guessing_engine(engine_of):
    return engine_of("guesses", RECORDS)


@pytest.mark.parametrize("query, expected", [("TUD", "j/tud"), ("SDU", "j/sdu"), ("LBS", "j/lbs")])
def test_an_acronym_finds_the_japanese_name_it_may_stand_for_as_a_guess(guessing_engine, query, expected):
    found = guessing_engine.search(query, limit=3)
    assert [h.record.id for h in found][:1] == [expected]
    assert found.total == 0 and found.hits[0].partial   # a guess: "some", never "all"


def test_a_name_that_gives_the_acronym_itself_keeps_the_guesses_out(guessing_engine):
    # リール工科大学 may be an LIT or an RIT; the Rochester Institute of Technology is one
    assert [h.record.id for h in guessing_engine.search("RIT", limit=3)] == ["e/rit"]


# One institution's initials (VIT: Velmora Institute of Technology, made up) are a guess at another's,
# written only in Japanese (ヴァントル工科大学: a Vantor Institute of Technology?)
BESIDE = [
    Record(id="e/vit", title="Velmora Institute of Technology", text="An agreement with the Velmora Institute of Technology."),
    Record(id="e/news", title="Delegations of the year", text="A delegation of the Velmora Institute of Technology visited."),
    Record(id="j/vantor", title="広島大学とヴァントル工科大学の協定", lang="ja",
           text="広島大学はヴァントル工科大学と学術交流協定を結んだ。ヴァントル工科大学の学生を迎える。"),
    Record(id="j/other", title="広島大学とマルデン工科大学の協定", lang="ja", text="広島大学はマルデン工科大学と協定を結んだ。"),
]


@pytest.fixture(scope="module")
def beside_engine(engine_of):
    return engine_of("guesses-beside", BESIDE)


def test_an_acronym_a_name_gives_also_finds_the_japanese_name_it_may_stand_for_below(beside_engine):
    assert "VIT" in guesses("ヴァントル工科大学")
    found = beside_engine.search("VIT", limit=5)
    ids = [h.record.id for h in found]
    # every record of the name that gives it, even one naming it only in its body, before the guess's
    assert set(ids[:2]) == {"e/vit", "e/news"} and ids[2:] == ["j/vantor"]
    assert found.total == 2 and [h.partial for h in found] == [False, False, True]
    assert found.hits[1].score > found.hits[2].score
    labels = dict(found.expansions)["VIT"]
    assert "Velmora Institute of Technology (acronym)" in labels
    assert any(label.startswith("ヴァントル工科大学") and label.endswith("a guess)") for label in labels)


def test_the_guesses_beside_a_name_weigh_part_of_the_word_among_other_words(beside_engine):
    # with another word (協定: agreement), a guess's record with both has only part of the acronym:
    # the name's own record with both ranks above it, and it is "some"
    found = beside_engine.search("VIT 協定", limit=5)
    partial = {h.record.id: h.partial for h in found}
    assert found.hits[0].record.id == "e/vit" and found.total == 1 and partial["j/vantor"]


@pytest.mark.parametrize("acronym, latin, japanese", [
    # 京都大学 may read as a UCT (Kyoto's K as C), but it is Kyoto University: the glossary says so
    ("UCT", "University College Tarvin", "京都大学"),
    # 海外大学 (overseas universities) reads as an HOU, but 海外 is a word: no institution's name
    ("HOU", "Haldane Ostrava University", "海外大学"),
])
def test_a_guess_beside_a_name_is_no_name_the_glossary_or_the_dictionary_gives_otherwise(engine_of, acronym, latin, japanese):
    records = [Record(id="e/name", title=latin, text=f"An exchange with {latin}."),
               Record(id="j/other", title=f"{japanese}との交流", lang="ja", text=f"本学は{japanese}との交流を進めている。")]
    engine = engine_of(f"guess-{acronym.lower()}", records)
    assert japanese in engine._expander.names.table.guesses.get(acronym, ())
    assert [h.record.id for h in engine.search(acronym, limit=3)] == ["e/name"]


def test_an_acronym_no_name_may_stand_for_finds_nothing(guessing_engine):
    assert not guessing_engine.search("QZX", limit=3).hits


def test_guesses_are_none_of_the_composed_acronyms():
    places = {"ヘルシンキ": ("Helsinki",)}.get
    assert {"HIT", "TUH", "HPI"} <= set(guesses("ヘルシンキ工科大学", places=lambda w: places(w, ())))
    assert not {"HUT", "UTH"} & set(guesses("ヘルシンキ工科大学", places=lambda w: places(w, ())))
    assert guesses("東京") == []   # no institution


def test_a_table_of_the_previous_format_gains_the_guesses_of_the_names_it_has():
    table = NameTable().add(candidates(RECORDS[:1]))
    assert table.guesses
    old = NameTable(japanese_institutions=list(table.japanese_institutions), format=3)
    assert old.add(candidates([])).guesses == table.guesses and old.format == 4


def test_a_chinese_name_may_put_the_university_between_its_place_and_its_kind():
    # 北京郵電大学 is BUPT: Beijing University of Posts and Telecommunications
    assert "BUPT" in guesses("北京郵電大学") and "NUAA" in guesses("南京航空航天大学")


def test_a_korean_institute_of_science_and_technology_is_read_in_korean(engine_of):
    # 科学技術院 is Korea's own word for these institutes: 釜山 is Busan (B), not Mandarin's Fushan
    assert "BIST" in guesses("釜山科学技術院") and "FSIST" not in guesses("釜山科学技術院")
    records = [Record(id=f"e/{place.casefold()}", title=f"{place} Institute of Science and Technology",
                      text=f"An exchange with the {place} Institute of Science and Technology.")
               for place in ("Kyungpook", "Chungnam")]
    institutes = engine_of("korean-institutes", records)
    # the institute is what the name says it is: its place picks one of the index's institutes
    assert [h.record.id for h in institutes.search("忠南科学技術院", limit=3)] == ["e/chungnam"]
    assert [h.record.id for h in institutes.search("慶北科学技術院", limit=3)] == ["e/kyungpook"]
