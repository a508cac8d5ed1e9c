"""One query finds the same partner, place and topic in both languages (#5)."""
from __future__ import annotations

import json

import pytest

from renkei.corpus import RecordParseError
from renkei.corpus.glossary import build_glossary, parse_glossary
from renkei.search import Engine
from renkei.search.cli import cli


def ids(engine: Engine, query: str, n: int = 10, **kwargs) -> list[str]:
    return [h.id for h in engine.search(query, limit=n, **kwargs).hits]


SAME_PARTNER = [  # query -> records in both languages it must find
    ("ソウル国立大学", {"utokyo/partners/seoul-national-university", "kyoto/memoranda/seoul-national-university"}),
    ("Seoul National University", {"utokyo/partners/seoul-national-university", "kyoto/memoranda/seoul-national-university"}),
    ("Australian National University", {"kyoto/memoranda/australian-national-university",
                                        "utokyo/partners/australian-national-university"}),
    ("ETH Zurich", {"utokyo/partners/eth-zurich", "kyoto/memoranda/swiss-federal-institute-of-technology-eth-zurich"}),
    ("ETHZ", {"utokyo/partners/eth-zurich", "kyoto/memoranda/swiss-federal-institute-of-technology-eth-zurich"}),
    ("スイス連邦工科大学チューリッヒ校", {"utokyo/partners/eth-zurich",
                                          "kyoto/memoranda/swiss-federal-institute-of-technology-eth-zurich"}),
    ("ケンブリッジ大学", {"utokyo/partners/university-of-cambridge", "kyoto/memoranda/university-of-cambridge"}),
    ("Stockholm University", {"kyoto/memoranda/stockholm-university", "utokyo/partners/stockholm-universities"}),
    ("Princeton University", {"utokyo/partners/princeton-university"}),
    ("京都市教育委員会", {"keio/2008-08-05/kyoto-city-board-of-education"}),
    ("National Taiwan University", {"utokyo/partners/national-taiwan-university",
                                    "kyoto/memoranda/national-taiwan-university"}),
]


@pytest.mark.parametrize("query,expected", SAME_PARTNER, ids=[q for q, _ in SAME_PARTNER])
def test_a_partner_is_found_under_either_name(engine, query, expected):
    assert expected <= set(ids(engine, query))


def test_own_language_ranks_above_translation(engine):
    found = ids(engine, "ソウル国立大学")
    assert found[0] == "utokyo/partners/seoul-national-university"
    # a record about the partner, in the other language, before one whose text names it among others
    # (Peking University's page lists ソウル国立大学 with IARU's members)
    assert found.index("kyoto/memoranda/seoul-national-university") < found.index("utokyo/partners/peking-university")
    assert ids(engine, "Seoul National University")[0] == "kyoto/memoranda/seoul-national-university"


@pytest.mark.parametrize("value", ["Korea", "韓国", "South Korea", "Republic of Korea"])
def test_country_filter_across_languages(engine, value):
    found = set(ids(engine, "", 100, filters={"country": value}))
    assert "utokyo/partners/seoul-national-university" in found      # never names the country itself
    assert "kyoto/memoranda/yonsei-university" in found
    assert set(ids(engine, f"country:{value.split()[-1]}", 100)) == found or " " in value


def test_a_country_name_finds_rows_and_narratives(engine):
    found = set(ids(engine, "ドイツ", 50))
    assert "utokyo/partners/technical-university-of-munich" in found
    assert "kyoto/memoranda/heidelberg-university" in found and "kyoto/researchers/germany" in found


@pytest.mark.parametrize("name,institution", [
    ("慶應", "Keio University"), ("慶應義塾大学", "Keio University"), ("Keio University", "Keio University"),
    ("京大", "Kyoto University"), ("京都大学", "Kyoto University"),
    ("東大", "The University of Tokyo"), ("UTokyo", "The University of Tokyo"),
])
def test_home_universities_under_any_name(engine, name, institution):
    results = engine.search(name, limit=50)
    assert results.total >= 10
    assert sum(h.record.institution == institution for h in results.hits) >= 10


@pytest.mark.parametrize("japanese,english", [("共同研究", "joint research"), ("学生交流", "student exchange"),
                                              ("覚書", "memorandum"), ("シンポジウム", "symposium")])
def test_topic_words_meet_their_translations(engine, japanese, english):
    from_ja = {h.record.lang for h in engine.search(japanese, limit=400).hits}
    from_en = {h.record.lang for h in engine.search(english, limit=400).hits}
    assert from_ja == from_en == {"ja", "en"}


def test_unidic_glosses_bridge_loanwords(engine):
    assert "utokyo/partners/university-of-chicago" in ids(engine, "Chicago")       # シカゴ
    assert "kyoto/sections/strategic-partnerships-sps" in ids(engine, "シンポジウム", 20)  # symposium


def test_results_say_what_the_query_was_expanded_to(engine, runner, index_dir):
    results = engine.search("ソウル国立大学")
    assert "Seoul National University" in results.expanded and "SNU" in results.expanded
    data = json.loads(runner.invoke(cli, ["--index", str(index_dir), "search", "ソウル国立大学", "--json"]).stdout)
    assert "Seoul National University" in data["expanded"]
    explained = runner.invoke(cli, ["--index", str(index_dir), "search", "ソウル国立大学", "--explain"])
    assert "expanded: ソウル国立大学 → Seoul National University" in explained.stderr


def test_queries_without_glossary_names_are_expanded_only_by_word_translations(engine):
    # 共同研究 inside a longer compound is no glossary name: only the dictionary's words, labelled.
    for query in ("metabolome analysis", "国際共同研究"):
        expanded = engine.search(query).expanded
        assert expanded and all(name.endswith(("(dictionary)", "(glossary)", "(unidic)")) for name in expanded)


def test_glossary_merges_names_the_documents_give(engine):
    glossary = build_glossary(__import__("renkei.corpus", fromlist=["x"]).bundled_records())
    ethz = glossary.lookup("ETHZ")
    assert "Swiss Federal Institute of Technology (ETH Zurich)" in ethz.en   # mined from Kyoto's table
    assert glossary.lookup("VNU") is glossary.lookup("ベトナム国家大学ハノイ校")  # mined from UTokyo's name line


def test_users_add_their_own_glossary(runner, tmp_path):
    gloss = tmp_path / "mine.jsonl"
    gloss.write_text('{"id": "lund", "type": "institution", "ja": ["ルンド大学"], "en": ["Lund University"]}\n',
                     encoding="utf-8")
    index = tmp_path / "ix"
    assert runner.invoke(cli, ["--index", str(index), "--create", "index", "--glossary", str(gloss)]).exit_code == 0
    found = json.loads(runner.invoke(cli, ["--index", str(index), "search", "ルンド大学", "--json"]).stdout)
    assert [h["id"] for h in found["hits"]] == ["kyoto/memoranda/lund-university"]


@pytest.mark.parametrize("line,message", [
    ('{"id": "x", "type": "planet", "ja": ["火星"], "en": ["Mars"]}', "'type' must be one of"),
    ('{"id": "x", "type": "term", "ja": ["火星"]}', "needs at least two different names"),
    ('{"type": "term", "ja": ["火星"], "en": ["Mars"]}', "missing 'id'"),
    ('{"id": "x", "type": "term", "ja": "火星", "en": [1]}', "'en' must be a list of names"),
    ('not json', "malformed JSON"),
])
def test_bad_glossary_lines_name_the_line(line, message):
    text = '{"id": "ok", "type": "term", "ja": ["森"], "en": ["wood"]}\n' + line + "\n"
    with pytest.raises(RecordParseError, match=f"mine.jsonl:2: .*{message}" if "JSON" not in message
                       else "mine.jsonl:2: malformed JSON"):
        parse_glossary(text, "mine.jsonl")


def test_cli_reports_a_bad_glossary_with_its_line(runner, tmp_path):
    gloss = tmp_path / "bad.jsonl"
    gloss.write_text('{"id": "x"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "--create", "index", "--glossary", str(gloss)])
    assert result.exit_code == 1 and "bad.jsonl:1:" in result.stderr


def test_own_language_first_even_below_many_translated_matches(engine):
    # 学生交流 also reaches ~150 English rows through "student exchange"; the three narratives that
    # say 学生交流 still come first, though as long texts they score below the short rows
    results = engine.search("学生交流", limit=5)
    assert [h.record.lang for h in results.hits[:3]] == ["ja", "ja", "ja"]
    assert all("学生交流" in h.record.text for h in results.hits[:3])


def test_a_row_without_a_student_exchange_agreement_is_not_a_full_match(engine):
    full = {h.id for h in engine.search("student exchange agreement", limit=300).hits if not h.partial}
    assert "kyoto/memoranda/university-of-cambridge" not in full     # MOU 1997, no SEA
    assert "kyoto/memoranda/university-of-cologne" in full           # SEA 2017


@pytest.mark.parametrize("name", ["SNU", "ソウル国立大学", "Seoul National University", "ｓｅｏｕｌ national university"])
def test_partner_filter_under_any_name(engine, name):
    found = {h.id for h in engine.search("", filters={"partner": name}, limit=50).hits}
    assert found == {"utokyo/partners/seoul-national-university", "kyoto/memoranda/seoul-national-university"}


def test_partner_filter_in_the_query_and_for_group_members(engine):
    both = {"keio/2021-04-22/oita-prefecture-nakatsu-city", "keio/2008-04-16/oita-prefecture-nakatsu-city"}
    assert {h.id for h in engine.search('partner:"Oita Prefecture Nakatsu City"', limit=50).hits} == both
    assert {h.id for h in engine.search("partner:大分県中津市", limit=50).hits} == both
    kth = {h.id for h in engine.search("partner:KTH", limit=50).hits}
    assert kth == {"utokyo/partners/stockholm-universities", "kyoto/memoranda/royal-institute-of-technology-kth"}


def test_a_name_inside_a_chunk_is_the_longest_whole_word_then_the_leftmost():
    from renkei.corpus.glossary import Entry, Glossary
    from renkei.search.crosslingual.expand import Expander
    glossary = Glossary([Entry("tokyo", "institution", ("東京大学", "東大")), Entry("kyodai", "institution", ("京大",)),
                         Entry("yamagata", "region", ("山形県",)), Entry("akita", "region", ("秋田県",))])
    expander = Expander(glossary)

    def found(chunk):
        match = expander.in_chunk(chunk)
        return match and (match.typed, match.start, match.entry.id)

    assert found("東京大学との交流") == ("東京大学", 0, "tokyo")     # not 東大 nor 京大 inside it
    assert found("京大と東京大学の協定") == ("東京大学", 3, "tokyo")   # the longest name, wherever it is
    assert found("国際東京大学研究") is None                          # only a whole word
    assert found("東京大学研究と東大の") == ("東大", 7, "tokyo")       # the longer name is part of a word here
    # names of one length: the first in code point order (山 U+5C71 before 秋 U+79CB), on every run
    assert found("秋田県と山形県の協定") == ("山形県", 4, "yamagata")
    assert found("山形県と山形県") == ("山形県", 0, "yamagata")



ADDRESSES = [  # an address typed run together -> the town's record (in English: "Miyagi Prefecture Minamisanriku Town")
    ("宮城県南三陸町", "keio/2021-03-31/miyagi-prefecture-minamisanriku-town"),
    ("山形県鶴岡市", "keio/2019-03-23/yamagata-prefecture-yamagata-prefecture-tsuruoka-city"),
    ("山梨県富士吉田市", "keio/2007-12-04/yamanashi-prefecture-yamanashi-prefecture-fujiyoshida-city"),
    ("宮城県南三陸町の森林", "keio/2021-03-31/miyagi-prefecture-minamisanriku-town"),
]


@pytest.mark.parametrize("query,expected", ADDRESSES, ids=[q for q, _ in ADDRESSES])
def test_an_address_run_together_finds_its_town(engine, query, expected):
    assert ids(engine, query, 1) == [expected]


def test_an_address_is_cut_after_its_prefecture_and_county_only():
    from renkei.search.query.addresses import address_parts
    assert address_parts("福島県双葉郡双葉町") == ["福島県", "双葉郡", "双葉町"]
    assert address_parts("京都府京都市") == ["京都府", "京都市"]
    # A prefecture's own bodies and names that begin like one stay whole.
    for whole in ("東京都立大学", "大阪府立大学", "宮城県庁", "山形県内", "北海道大学", "京都大学", "東京都市大学"):
        assert address_parts(whole) == [whole]


OLD_FORMS = [  # a partner's name in its own (traditional) characters -> its records, as Japanese writes it
    ("國立臺灣大學", {"utokyo/partners/national-taiwan-university", "kyoto/memoranda/national-taiwan-university"}),
    ("國立臺灣大學との交流", {"utokyo/partners/national-taiwan-university"}),
    ("國立成功大學", {"kyoto/memoranda/national-cheng-kung-university"}),
]


@pytest.mark.parametrize("query,expected", OLD_FORMS, ids=[q for q, _ in OLD_FORMS])
def test_a_name_in_old_form_kanji_is_found_in_new_forms(engine, query, expected):
    assert expected <= set(ids(engine, query, 3))


def test_old_forms_fold_one_character_for_one():
    from renkei.corpus.shinjitai import to_shinjitai
    assert to_shinjitai("國立臺灣大學") == "国立台湾大学"
    assert to_shinjitai("慶應義塾 Keio 东京") == "慶応義塾 Keio 东京"   # simplified Chinese is not Japanese's old form


SHORT_FORMS = [  # a university's short form, as the press writes it (…大 for …大学) -> its records
    ("延世大", {"kyoto/memoranda/yonsei-university"}),
    ("ケンブリッジ大", {"kyoto/memoranda/university-of-cambridge", "utokyo/partners/university-of-cambridge"}),
    ("プリンストン大との協定", {"utokyo/partners/princeton-university"}),
]


@pytest.mark.parametrize("query,expected", SHORT_FORMS, ids=[q for q, _ in SHORT_FORMS])
def test_a_university_short_form_finds_what_its_full_name_finds(engine, query, expected):
    assert set(ids(engine, query, len(expected))) == expected


def test_a_word_ending_in_dai_is_no_university():
    # 拡大 (enlarge) is a word, not a short form: nothing is expanded, as before
    from renkei.search.crosslingual.expand import _other_forms
    assert _other_forms("拡大") == [] and _other_forms("延世大") == ["延世大学"]


def test_a_name_written_word_by_word_is_the_institution_whose_name_holds_every_word(engine):
    # チリ・カトリック: Chile and Católica, each alone in many names (University of Chile); only
    # UTokyo's page on its Chilean and Mexican partners names Pontificia Universidad Católica de Chile
    results = engine.search("チリ・カトリック大学", limit=3)
    assert [h.id for h in results.hits][:1] == ["utokyo/partners/chile-and-mexico-universities"]
    assert any("Pontificia Universidad Católica de Chile" in n for _, names in results.expansions for n in names)
    # ユニバーシティ (university: katakana English the dictionary lacks), カレッジ (college), ダブリン:
    # University College Dublin, before the University of Dublin's Trinity College, which holds each word apart
    assert ids(engine, "ユニバーシティ・カレッジ・ダブリン", 1) == ["kyoto/memoranda/university-college-dublin-ucd-national-university-of-ireland"]


def test_a_name_of_katakana_and_kanji_parts_is_the_institution_whose_name_holds_every_part(engine):
    # エジプト (sound) + 日本 (the dictionary: Japan) + 科学技術大学: Egypt-Japan University of Science
    # and Technology, not the researchers exchanged with Egypt
    results = engine.search("エジプト日本科学技術大学", limit=3)
    assert [h.id for h in results.hits][:1] == ["kyoto/memoranda/egypt-japan-university-of-science-and-technology-e-just"]


def test_a_name_one_of_whose_words_crosses_to_nothing_is_not_answered_with_the_others(engine):
    # No record names Imperial College London: its College and London alone are University College
    # London, King's College London ... shown as records with some of the words, never as the answer
    results = engine.search("インペリアル・カレッジ・ロンドン", limit=3)
    assert results.total == 0 and "インペリアル" in results.missing
    assert engine.search("キングス・カレッジ・ロンドン", limit=1).hits[0].id == "kyoto/memoranda/king-s-college-london-kcl"
