"""Acronyms of names in their own language's order (#30): Gadjah Mada University is Universitas
Gadjah Mada, UGM; and an acronym that is a name's initials in order beats one only reordered."""
from __future__ import annotations

import pytest

from renkei import indexer
from renkei.corpus import Record
from renkei.indexer.names.acronyms import of_latin
from renkei.search import Engine

RECORDS = [
    Record(id="c/ugm", title="Gadjah Mada University", text="Memorandum with Gadjah Mada University (Indonesia)."),
    Record(id="c/tau", title="Tel Aviv University", text="Student exchange with Tel Aviv University (Israel)."),
    Record(id="c/uta", title="University of Texas at Austin", text="Exchange with the University of Texas at Austin."),
    Record(id="c/scu", title="Shimonoseki City University", text="Exchange with Shimonoseki City University."),
]


@pytest.fixture(scope="module")
def acronyms_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("acronyms") / "ix"
    indexer.build_index(RECORDS, path)
    return Engine(path)


@pytest.mark.parametrize("name, acronym, given", [
    ("Gadjah Mada University", "UGM", True),          # Universitas Gadjah Mada
    ("Shimonoseki City University", "USC", False),    # an English word of the name: no other order
    ("Hong Kong Polytechnic University", "UHKP", False),
])
def test_a_name_gives_its_acronym_with_the_university_first_only_when_its_words_are_its_own(name, acronym, given):
    assert (acronym in of_latin(name)) is given


@pytest.mark.parametrize("query, expected", [("UGM", ["c/ugm"]), ("TAU", ["c/tau"]), ("UTA", ["c/uta"])])
def test_an_acronym_finds_the_name_whose_initials_it_is(acronyms_engine, query, expected):
    assert [h.record.id for h in acronyms_engine.search(query, limit=3)] == expected


def test_a_reordered_acronym_of_an_english_name_is_no_answer(acronyms_engine):
    assert acronyms_engine.search("USC", limit=3).total == 0
