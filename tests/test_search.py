"""Queries, ranking, filters, facets, highlights and the library API on the bundled corpus (#4)."""
from __future__ import annotations

import threading

import pytest

from renkei.search import Engine, QuerySyntaxError, RecordNotFound
from renkei.search.render.text import html_fragment, plain
from renkei.search.highlight.fragments import Highlight


def top(engine: Engine, query: str, n: int = 10, **kwargs) -> list[str]:
    return [h.id for h in engine.search(query, limit=n, **kwargs).hits]


RANKING = [  # query -> the record a person expects first
    ("Minamisanriku forest", "keio/2021-03-31/miyagi-prefecture-minamisanriku-town"),
    ("forest management certifications", "keio/2021-03-31/miyagi-prefecture-minamisanriku-town"),
    ("Japan Airlines", "keio/2018-09-21/japan-airlines-co-ltd"),
    ("ＥＴＨＺ", "utokyo/partners/eth-zurich"),
    ("ETHZ シンポジウム", "utokyo/partners/eth-zurich"),
    ("連邦工科", "utokyo/partners/eth-zurich"),
    ("KAIST", "kyoto/memoranda/korea-advanced-institute-of-science-and-technology-kaist"),
    ("オフィスを設置した", "utokyo/partners/seoul-national-university"),
    ("University of Cambridge", "kyoto/memoranda/university-of-cambridge"),
]


def test_a_department_finds_its_legend_entry_and_the_teams_it_joins(engine):
    found = set(top(engine, "新領域創成科学研究科", 3))
    assert found == {"utokyo/sections/department-list", "utokyo/partners/stockholm-universities",
                     "utokyo/partners/tsinghua-university"}


@pytest.mark.parametrize("query,expected", RANKING, ids=[q for q, _ in RANKING])
def test_ranking_puts_the_expected_record_first(engine, query, expected):
    assert top(engine, query, 1) == [expected]


def test_japanese_inflected_query_finds_narratives_with_the_base_forms(engine):
    # 共同研究を開催する -> records saying 共同研究 … 開催しました
    found = engine.search("共同研究を開催する", limit=20)
    assert found.total >= 3
    full = [hit for hit in found.hits if not hit.partial]
    assert len(full) == found.total and all(h.partial for h in found.hits[len(full):])
    for hit in full:   # Japanese records have the words; English ones are reached by translation
        if hit.record.lang == "ja":
            assert "共同研究" in hit.record.text and "開催" in hit.record.text


def test_compound_means_its_pieces_together_and_in_order(tiny_engine, engine):
    # t/ja-scattered has 国際, 共同 and 研究 far apart: not what 国際共同研究 means
    strict = tiny_engine.search("国際共同研究")
    assert strict.total == 1 and strict.hits[0].id == "t/ja-compound"
    # no record has the compound 国際研究者: records with parts of it follow, marked partial
    loose = tiny_engine.search("国際研究者")
    assert loose.total == 0 and loose.hits and all(h.partial for h in loose.hits)
    compound = [h.id for h in engine.search("国際共同研究", limit=20).hits if "国際共同研究" in h.record.text]
    leading = top(engine, "国際共同研究", len(compound))
    assert sorted(leading) == sorted(compound) and len(compound) == 3


def test_records_with_every_word_first_then_those_with_some(engine):
    both = engine.search("Nakatsu Fukuzawa")
    assert both.total == 2 and not both.any_term and not any(h.partial for h in both.hits[:2])
    fallback = engine.search("Nakatsu zzzqqq")
    assert fallback.total == 0 and fallback.any_term and fallback.more >= 2
    assert fallback.missing == ("zzzqqq",) and all(h.partial for h in fallback.hits)


def test_phrase_or_exclusion_and_groups(engine):
    assert set(top(engine, '"practical learning"')) == {"keio/2021-04-22/oita-prefecture-nakatsu-city",
                                                        "keio/2009-04-10/nagasaki-prefecture"}
    assert top(engine, '"practical learning" -Nagasaki') == ["keio/2021-04-22/oita-prefecture-nakatsu-city"]
    assert top(engine, '"practical learning" NOT Nagasaki') == ["keio/2021-04-22/oita-prefecture-nakatsu-city"]
    either = set(top(engine, "(KAIST OR POSTECH) kind:memorandum"))
    assert either == {"kyoto/memoranda/korea-advanced-institute-of-science-and-technology-kaist",
                      "kyoto/memoranda/pohang-university-of-science-and-technology-postech"}


@pytest.mark.parametrize("name", ["keio", "慶應", "Keio University", "慶應義塾大学"])
def test_institution_filter_takes_any_name(engine, name):
    results = engine.search(f"institution:{name} agreement", limit=100)
    assert results.total and {h.record.institution for h in results.hits} == {"Keio University"}


@pytest.mark.parametrize("name", ["京大", "Kyoto", "UTokyo", "東京大学", "東大"])
def test_other_home_universities_by_nickname(engine, name):
    expected = "Kyoto University" if name in ("京大", "Kyoto") else "The University of Tokyo"
    results = engine.search("", filters={"institution": name}, limit=5)
    assert results.total and {h.record.institution for h in results.hits} == {expected}


def test_filters_alone_list_everything_newest_first(engine):
    results = engine.search("", filters={"country": "Germany", "kind": "memorandum"}, limit=100)
    assert results.total == 16 == len(results.hits)
    years = [h.record.year for h in results.hits]
    assert years == sorted(years, reverse=True)


def test_year_filters(engine):
    assert {h.record.year for h in engine.search("year:2009", limit=50).hits} == {2009}
    years = {h.record.year for h in engine.search("year:2008..2012", limit=200).hits}
    assert years and min(years) >= 2008 and max(years) <= 2012
    assert top(engine, "Nakatsu", filters={"year": "2008"}) == ["keio/2008-04-16/oita-prefecture-nakatsu-city"]


def test_filters_and_facets_agree(engine):
    everything = engine.search("university", facets=True, limit=0)
    for country, count in list(everything.facets["country"].items())[:5]:
        assert engine.search("university", filters={"country": country}, limit=0).total == count
    for kind, count in everything.facets["kind"].items():
        assert engine.search("university", filters={"kind": kind}, limit=0).total == count
    assert sum(everything.facets["institution"].values()) == everything.total


def test_sort_by_date(engine):
    hits = engine.search("Shizuoka", sort="date").hits
    dates = [h.record.date for h in hits if h.record.date]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 2


@pytest.mark.parametrize("query,column", [('"unclosed', 1), ("year:abc", None), ("(KAIST", 1), ("KAIST)", 6)])
def test_unreadable_queries_raise_a_pointed_error(engine, query, column):
    with pytest.raises(QuerySyntaxError) as err:
        engine.search(query)
    if column:
        assert f"column {column}" in str(err.value)


def test_empty_query_is_an_error(engine):
    with pytest.raises(QuerySyntaxError):
        engine.search("   ")


def test_did_you_mean_from_the_index_vocabulary(engine):
    results = engine.search("Minamisanrku")
    assert results.suggestion == "Minamisanriku"
    assert results.corrected_from == "Minamisanrku"
    assert results.hits[0].id == "keio/2021-03-31/miyagi-prefecture-minamisanriku-town"


def test_a_german_name_typed_without_its_umlaut_finds_the_index_transliteration(engine):
    # The bundled index writes "University of Muenster"; English knows "Munster" (a province), so
    # only the umlaut's transliteration (an e after u) corrects it, and only for a capitalised name
    results = engine.search("University of Munster")
    assert (results.corrected_from, results.suggestion) == ("University of Munster", "University of Muenster")
    assert results.hits[0].id == "kyoto/memoranda/university-of-muenster"
    assert engine.suggest("munster") is None


def _marked(hit) -> list[str]:
    return [plain(h) for h in hit.highlights]


def test_highlight_spans_slice_the_matched_words_in_both_scripts(engine):
    hit = engine.search("ETHZ 卒業生", limit=1).hits[0]
    words = {h.text[a:b] for h in hit.highlights for a, b in h.spans}
    assert {"ETHZ", "卒業生"} <= words or {"ETHZ卒業生"} <= words
    hit = engine.search("forest certifications", limit=1).hits[0]
    words = {h.text[a:b] for h in hit.highlights for a, b in h.spans}
    assert {"forest", "certification"} <= words


def test_highlights_land_on_joined_and_width_normalised_text(engine):
    hit = engine.search("ｹﾝﾌﾞﾘｯｼﾞ大学 議論を深める", limit=1).hits[0]
    assert hit.id == "utokyo/partners/university-of-cambridge"
    text = " ".join(_marked(hit))
    assert "[ケンブリッジ大学]" in text and "[議論]" in text and "[深め]" in text


def test_compound_highlights_the_compound_not_every_piece(engine):
    hit = engine.search("国際共同研究", limit=1).hits[0]
    words = {h.text[a:b] for h in hit.highlights for a, b in h.spans}
    assert words == {"国際共同研究"}


def test_fragments_are_cut_at_sentence_boundaries(engine):
    for hit in engine.search("シンポジウム", limit=5).hits:
        for h in hit.highlights:
            if h.field == "text" and len(h.text) < 240:
                assert h.text.endswith(("。", ".", "!", "?", "！", "？")) or h.text == hit.record.text.strip().splitlines()[-1]


def test_html_formatter_escapes_record_text():
    highlight = Highlight("text", "<script>alert(1)</script> 共同研究", ((26, 30),))
    rendered = html_fragment(highlight)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert rendered.endswith("<mark>共同研究</mark>")


def test_show_and_similar(engine):
    record = engine.get("utokyo/partners/seoul-national-university")
    assert record.partners[0] == "ソウル国立大学" and len(record.departments) == 9
    with pytest.raises(RecordNotFound):
        engine.get("no/such/id")
    similar = [h.id for h in engine.similar("kyoto/memoranda/university-of-cambridge", limit=5).hits]
    assert similar and "kyoto/memoranda/university-of-cambridge" not in similar
    # The same partner in the other language first (see test_dictionary), then rows alike in wording.
    assert similar[0] == "utokyo/partners/university-of-cambridge"
    assert all(i.startswith("kyoto/memoranda/") for i in similar[1:])


def test_stats(engine):
    stats = engine.stats()
    assert stats["records"] == 403
    assert stats["by_institution"] == {"Kyoto University": 362, "The University of Tokyo": 22, "Keio University": 19}
    assert stats["by_lang"] == {"en": 378, "ja": 25}


def test_results_are_frozen_and_serialisable(engine):
    results = engine.search("KAIST", facets=True)
    with pytest.raises(Exception):
        results.total = 0  # type: ignore[misc]
    data = results.to_dict()
    hit = data["hits"][0]
    for name in ("id", "source", "institution", "kind", "title", "partners", "country", "region", "date", "year",
                 "mou_year", "sea_year", "departments", "lang", "text", "links", "rank", "score", "highlights"):
        assert name in hit
    assert set(data["facets"]) == {"institution", "kind", "country", "year"}


def test_one_engine_serves_many_threads(engine):
    expected = top(engine, "国際共同研究")
    errors, seen = [], []

    def work():
        try:
            for _ in range(5):
                seen.append(top(engine, "国際共同研究"))
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(s == expected for s in seen) and len(seen) == 30


@pytest.mark.parametrize("short, full", [("Natl. Taiwan Univ.", "National Taiwan University"),
                                         ("Kyoto Univ.", "Kyoto University"), ("Univ. of Tokyo", "University of Tokyo")])
def test_an_institution_word_abbreviated_as_lists_write_it_finds_what_the_full_word_finds(engine, short, full):
    a, b = engine.search(short, limit=5), engine.search(full, limit=5)
    assert a.total == b.total > 0 and [h.id for h in a.hits] == [h.id for h in b.hits]
