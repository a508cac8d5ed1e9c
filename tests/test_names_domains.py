"""Acronyms from universities' web domains (#30): NTNU (ntnu.no) and ELTE (elte.hu) are acronyms of names
in their own language, which no English initials give; the route says where the acronym came from."""
from __future__ import annotations

import json

import pytest

from renkei.corpus import Record
from renkei.corpus.names import NameCandidates
from renkei.indexer.names import domains
from renkei.indexer.names.table import FORMAT, NAMES_FILE, NameTable

RECORDS = [
    Record(id="d/ntnu", title="Norwegian University of Science and Technology",
           text="Agreement with the Norwegian University of Science and Technology (Norway)."),
    Record(id="d/ntnu-tw", title="National Taiwan Normal University", text="Exchange with it in Taipei."),
    Record(id="d/elte", title="Eötvös Loránd University", text="Memorandum of understanding (Hungary)."),
    Record(id="d/ukm", title="National University of Malaysia", text="Student exchange (Malaysia)."),
    Record(id="d/ugm", title="Gadjah Mada University", text="Memorandum with Gadjah Mada University (Indonesia)."),
    Record(id="d/york", title="University of York", text="Exchange with the University of York (United Kingdom)."),
    Record(id="d/nwu", title="Northwest University", text="Exchange with Northwest University (China)."),
    Record(id="d/cam", title="University of Cambridge", text="Exchange with the University of Cambridge."),
    Record(id="d/lse", title="London School of Economics and Political Science",
           text="A summer school at the London School of Economics and Political Science (United Kingdom)."),
    Record(id="d/ioe", title="Institute of Education", text="Teacher training visit to the Institute of Education."),
]


@pytest.fixture(scope="module")
def engine(engine_of):
    return engine_of("domains", RECORDS)


def _routes(results) -> str:
    return " ".join(label for _, labels in results.expansions for label in labels)


# LSE, IOE: the data names them with their federal university after a comma ("London School of Economics and
# Political Science, University of London"); records write the member alone
@pytest.mark.parametrize("query, expected", [("ELTE", "d/elte"), ("UKM", "d/ukm"), ("LSE", "d/lse"), ("IOE", "d/ioe")])
def test_a_web_domain_acronym_finds_its_university(engine, query, expected):
    results = engine.search(query, limit=3)
    assert [h.record.id for h in results.hits] == [expected] and results.total == 1
    assert "web domain" in _routes(results)


def test_an_acronym_of_two_universities_finds_both_and_says_whence(engine):
    # NTNU: ntnu.no for the Norwegian one, the initials of National Taiwan Normal University
    results = engine.search("NTNU", limit=3)
    assert {h.record.id for h in results.hits} == {"d/ntnu", "d/ntnu-tw"} and results.total == 2
    assert "initials and web domain" in _routes(results)


def test_a_web_domain_acronym_of_a_name_written_university_first_is_an_answer(engine):
    found = engine.search("UGM", limit=3)   # ugm.ac.id: Universitas Gadjah Mada
    assert [h.record.id for h in found] == ["d/ugm"] and found.total == 1


@pytest.mark.parametrize("query", ["YORKU", "UNW", "CAM"])
def test_a_domain_of_another_university_of_a_like_name_or_an_english_word_is_no_acronym(engine, query):
    # yorku.ca is York University (Toronto), not the University of York; University of NorthWest (South
    # Africa) is not Northwest University; cam.ac.uk is Cambridge's name cut short and an English word
    assert not engine.search(query, limit=3).hits


def test_names_are_found_folded_and_own_language_names_in_other_orders():
    assert domains.acronyms_of("EÖTVÖS LORAND UNIVERSITY") == ("ELTE",)
    assert domains.acronyms_of("The Norwegian University of Science and Technology") == ("NTNU",)
    assert domains.acronyms_of("National University of Malaysia") == ("UKM",)   # Universiti Kebangsaan Malaysia
    assert domains.acronyms_of("University of York") == () and domains.acronyms_of("Northwest University") == ()
    assert domains.acronyms_of("University of Munich") == ()   # Ludwig-Maximilians-Universität München: no safe match


def test_a_names_table_of_format_1_gains_web_domain_acronyms_at_the_next_write(tmp_path):
    older = {"format": 1, "latin": {}, "japanese": {}, "acronyms": {},
             "institutions": ["Eötvös Loránd University"]}
    (tmp_path / NAMES_FILE).write_text(json.dumps(older), encoding="utf-8")
    table = NameTable.read(tmp_path)
    assert table.institutions == ["Eötvös Loránd University"] and not table.domains
    table.add(NameCandidates((), (), (), (), ()))
    assert table.domains == {"ELTE": ["Eötvös Loránd University"]}
    assert json.loads(table.to_json())["format"] == FORMAT


def test_a_member_of_a_federal_university_alone_has_its_acronym_but_not_the_federal_university():
    assert domains.acronyms_of("London School of Economics and Political Science") == ("LSE",)
    assert domains.acronyms_of("University of London") == ()   # many members share it: none is its acronym
