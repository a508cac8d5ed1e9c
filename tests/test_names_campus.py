"""A university's campus (X校 in Japanese; ", X", "at X" or a trailing X in English) is its own institution
(#30.7): the campus's record ranks above the parent university's records, which name the parent only
(search/crosslingual/compose_ja.py English → Japanese, names.NameFinder._composed Japanese → English)."""
from __future__ import annotations

import pytest

from renkei.corpus import Record


def _records(lang: str, names: list[str]) -> list[Record]:
    if lang == "ja":
        return [Record(id=f"ja/{i}", title=f"{name}との学術交流", text=f"2015年に{name}と協定を締結した。",
                       partners=[name], lang="ja") for i, name in enumerate(names)]
    return [Record(id=f"en/{i}", title=f"Academic exchange with {name}", text=f"An agreement with {name} in 2015.",
                   partners=[name], lang="en") for i, name in enumerate(names)]


JAPANESE = ["テネシー大学", "テネシー大学チャタヌーガ校", "テネシー大学ノックスビル校", "ハワイ大学", "ハワイ大学ヒロ校",
            "ハワイ大学マノア校"]
ENGLISH = ["City University of New York", "Binghamton University", "Columbia University"]


@pytest.fixture(scope="module")
def japanese(engine_of):
    return engine_of("campus-ja", _records("ja", JAPANESE))


@pytest.fixture(scope="module")
def english(engine_of):
    return engine_of("campus-en", _records("en", ENGLISH))


@pytest.mark.parametrize("query, partner", [
    ("University of Tennessee, Knoxville", "テネシー大学ノックスビル校"),   # the campus after a comma
    ("University of Tennessee Knoxville", "テネシー大学ノックスビル校"),    # or without one
    ("University of Hawaii at Manoa", "ハワイ大学マノア校"),               # "at" the campus
])
def test_an_english_campus_finds_its_own_record_before_the_parents(japanese, query, partner):
    found = japanese.search(query, limit=5)
    assert found.hits and not found.hits[0].partial, query
    assert found.hits[0].record.partners == (partner,)
    # the parent's records (and another campus's) name the parent only: never the answer
    assert all(h.partial for h in found.hits[1:])


def test_a_japanese_campus_finds_the_campus_own_name(english):
    # no record names the parent (State University of New York): Binghamton University is the campus's own
    # name, and the City University of New York, which holds New York, is not it
    found = english.search("ニューヨーク州立大学ビンガムトン校", limit=5)
    assert found.hits and not found.hits[0].partial
    assert found.hits[0].record.partners == ("Binghamton University",)


def test_a_japanese_campus_no_record_names_is_the_name_only(engine_of):
    # no record names the campus, nor its parent: the City University of New York holds New York, and is not it
    english = engine_of("campus-en-other", _records("en", ["City University of New York", "Columbia University"]))
    found = english.search("ニューヨーク州立大学ビンガムトン校", limit=5)
    assert found.hits and all(h.partial for h in found.hits)
