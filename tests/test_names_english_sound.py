"""English names whose r-coloured vowel katakana writes アー (#30): Curtin カーティン, Purdue パデュー.

The sound key drops a u after a consonant as katakana's epenthetic vowel (Tomsk: トムスク), which loses the
vowel English says in ur/ir/er before a consonant; katakana writes that vowel ア."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.indexer.names.sound import kana_key, latin_key, latin_variants, similarity

RECORDS = [
    Record(id="p/curtin", title="Curtin University and Okayama: academic exchange",
           text="Okayama University signed an academic exchange agreement with Curtin University in 2015.",
           country="Australia"),
    Record(id="p/burlington", title="Burlington College joins the summer programme",
           text="Burlington College sends ten students to the summer programme.", country="United States"),
    Record(id="p/purdue", title="広島大学とパデュー大学の学術交流", lang="ja", country="United States",
           text="広島大学は2012年、パデュー大学と大学間学術交流協定を締結した。"),
    Record(id="p/tomsk", title="トムスク大学との協定", lang="ja", text="トムスク大学と学生交流協定を結んだ。"),
    Record(id="p/keio", title="Keio University", text="A joint symposium with Keio University."),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("english_sound", RECORDS)


@pytest.mark.parametrize("query, want", [
    ("カーティン大学", "p/curtin"),        # katakana → the English record
    ("バーリントン・カレッジ", "p/burlington"),
    ("Purdue University", "p/purdue"),   # English → the Japanese record
])
def test_r_coloured_vowel_crosses(engine, query, want):
    assert [hit.record.id for hit in engine.search(query, limit=3)][:1] == [want]


@pytest.mark.parametrize("latin, kana", [("Curtin", "カーティン"), ("Purdue", "パデュー"), ("Burlington", "バーリントン")])
def test_r_coloured_key_is_the_katakana_key(latin, kana):
    assert kana_key(kana) in latin_variants(latin)


def test_a_vowel_before_r_and_a_vowel_is_no_r_coloured_vowel():
    # Tomsk has no r and Boris's r comes before a vowel: no variant; Bern keeps its own keys, the variant beside them
    assert latin_variants("Tomsk") == latin_variants("Boris") == []
    assert similarity(latin_key("Bern"), kana_key("ベルン")) < 1.0 <= max(
        similarity(k, kana_key("ベルン")) for k in [latin_key("Bern"), *latin_variants("Bern")])


@pytest.mark.parametrize("latin, kana", [("Woolwich", "ウーリッジ"), ("Wolverton", "ウルヴァートン"), ("Whitney", "ホイットニー"),
                                         ("Kelsey", "ケルシー")])
def test_english_wo_and_a_final_ey_are_written_by_their_sound(latin, kana):
    # wo(o) is ウ, not ウォ; -ey is a long e (シー, ニー), not エイ
    assert max(similarity(k, kana_key(kana)) for k in latin_variants(latin)) > \
        similarity(latin_key(latin), kana_key(kana))


def test_an_english_wo_name_crosses_both_ways(engine_of):
    records = [Record(id="e/wool", title="Woolston College", text="An exchange with Woolston College."),
               Record(id="j/kel", title="ケルシー大学との協定", lang="ja", text="ケルシー大学と学生交流協定を結んだ。")]
    crossing = engine_of("english_wo", records)
    assert [h.record.id for h in crossing.search("ウールストン・カレッジ", limit=3)][:1] == ["e/wool"]
    assert [h.record.id for h in crossing.search("Kelsey University", limit=3)][:1] == ["j/kel"]


def test_mc_two_letter_syllables_and_a_names_beginning_cross(engine_of):
    # Mc is Mac, or its c one with the g after (McGill: マギル); Ho of Ho Chi Minh is a name's syllable,
    # not a word too short to be one, and Ho Chi Minh City Open's beginning is the name ホーチミン
    names = ["マギル大学", "ホーチミン市オープン大学", "ハノイ大学"]
    crossing = engine_of("mc-and-syllables", [
        Record(id=f"j/{i}", title=f"{n}との学術交流協定", text=f"2016年に{n}と学術交流協定を締結した。", partners=[n], lang="ja")
        for i, n in enumerate(names)])
    for query, partner in [("McGill University", "マギル大学"), ("Ho Chi Minh City Open University", "ホーチミン市オープン大学")]:
        found = crossing.search(query, limit=3)
        assert found.hits and found.hits[0].record.partners == (partner,), query
    assert any(e.startswith("ホーチミン ") for e in crossing.search("Ho Chi Minh City Open University").expanded)
