"""Acronyms of names in their own language's order (#30): USB, which no name's initials are, may be
Universitas Sungai Brantas, written Sungai Brantas University (a guess: its hits are "some"; UGM, whose
web domain says so, is an answer: test_names_domains); an acronym that is a name's initials in order
beats one only reordered; and a name's initials in its own language's order (UFMG: Universidade Federal
de Minas Gerais, written Federal University of Minas Gerais) are its own."""
from __future__ import annotations

import pytest

from renkei.corpus import Record

RECORDS = [
    Record(id="c/usb", title="Sungai Brantas University", text="Memorandum with Sungai Brantas University (Indonesia)."),
    Record(id="c/tau", title="Tel Aviv University", text="Student exchange with Tel Aviv University (Israel)."),
    Record(id="c/uta", title="University of Texas at Austin", text="Exchange with the University of Texas at Austin."),
    Record(id="c/scu", title="Shimonoseki City University", text="Exchange with Shimonoseki City University."),
    Record(id="c/ufmg", title="Federal University of Minas Gerais", text="Exchange with the Federal University of Minas Gerais."),
    Record(id="c/ufmg2", title="University of Florida Marine Group", text="A visit of the University of Florida Marine Group."),
    Record(id="c/sut", title="Slovak University of Technology in Bratislava",
           text="Exchange with the Slovak University of Technology in Bratislava."),
]


@pytest.fixture(scope="module")
def acronyms_engine(engine_of):
    return engine_of("acronyms", RECORDS)


@pytest.mark.parametrize("query, expected", [("TAU", ["c/tau"]), ("UTA", ["c/uta"])])
def test_an_acronym_finds_the_name_whose_initials_it_is(acronyms_engine, query, expected):
    found = acronyms_engine.search(query, limit=3)
    assert [h.record.id for h in found] == expected and found.total == 1


def test_an_acronym_with_the_university_first_finds_the_name_but_not_confidently(acronyms_engine):
    found = acronyms_engine.search("USB", limit=3)   # a made-up name: no web domain's acronym
    assert [h.record.id for h in found] == ["c/usb"] and found.total == 0 and found.hits[0].partial


def test_an_acronym_in_the_partners_language_is_the_names_own(acronyms_engine):
    # Universidade Federal de Minas Gerais: as much UFMG as the group whose initials UFMG are
    assert {h.record.id for h in acronyms_engine.search("UFMG", limit=3)} == {"c/ufmg", "c/ufmg2"}
    found = acronyms_engine.search("SUT", limit=3)   # without "in Bratislava"
    assert [h.record.id for h in found] == ["c/sut"] and found.total == 1


def test_a_reordered_acronym_of_an_english_name_is_no_answer(acronyms_engine):
    assert not acronyms_engine.search("USC", limit=3).hits   # Shimonoseki City University is no USC


def test_other_languages_small_words_keep_a_name_whole(engine_of):
    from renkei.corpus.names import candidates
    for name in ("Università degli Studi di Padova", "Universidade Federal do Rio Grande do Norte",
                 "Universität zu Lübeck", "Universidad de los Lagos"):
        assert candidates([Record(id="n", title=name, text="")]).runs == (name,)
    assert "Dar es Salaam" in candidates([Record(id="n", title="University of Dar es Salaam", text="")]).latin
    records = [Record(id="e/ufrn", title="Universidade Federal do Rio Grande do Norte",
                      text="An exchange with the Universidade Federal do Rio Grande do Norte."),
               Record(id="e/other", title="Federal University of Rio Grande", text="A visit to Rio Grande.")]
    assert [h.record.id for h in engine_of("small-words", records).search("UFRN", limit=3)][:1] == ["e/ufrn"]


@pytest.mark.parametrize("query, partner", [("Università degli Studi di Pavia", "パヴィア大学"),   # Studi: what it is
                                            ("Universidad de los Lagos", "ロス・ラゴス大学")])     # los: its name's own
def test_a_name_with_other_languages_small_words_crosses_to_japanese(engine_of, query, partner):
    records = [Record(id=f"j/{i}", title=f"{name}との学術交流協定", text=f"2016年に{name}と協定を締結した。",
                      partners=[name], lang="ja") for i, name in enumerate(["パヴィア大学", "ロス・ラゴス大学", "ラゴス大学"])]
    found = engine_of("small-words-ja", records).search(query, limit=3)
    assert found.hits and found.hits[0].record.partners == (partner,) and not found.hits[0].partial


def test_a_name_after_two_articles_crosses_as_one(engine_of):
    # De La Fontaine: デ・ラ・フォンテーヌ, one katakana name, not La Fontaine or Fontaine
    records = [Record(id="j/dlf", title="デ・ラ・フォンテーヌ大学との学術交流協定", lang="ja", partners=["デ・ラ・フォンテーヌ大学"],
                      text="2016年にデ・ラ・フォンテーヌ大学と学術交流協定を締結した。")]
    found = engine_of("two-articles", records).search("De La Fontaine University", limit=3)
    assert [h.record.id for h in found.hits][:1] == ["j/dlf"] and not found.hits[0].partial
