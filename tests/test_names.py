"""Partner names cross languages without being taught (#30): by reading, by sound, by JMnedict's
places and by acronym, through the names table each write stores beside the glossary."""
from __future__ import annotations

import json

import pytest

from renkei import indexer
from renkei.corpus import Record
from renkei.corpus.names import candidates
from renkei.indexer.names.acronyms import of_japanese, of_latin
from renkei.indexer.names.places import english_of
from renkei.indexer.names.readings import han_latin_keys
from renkei.indexer.names.sound import kana_fold, kana_key, latin_key, similarity
from renkei.indexer.names.table import NAMES_FILE, NameTable
from renkei.indexer import store
from renkei.search import Engine
from renkei.search.cli import cli

RECORDS = [
    Record(id="w/fudan", title="Fudan University", text="An exchange agreement with Fudan University (China).",
           country="China", year=2002),
    Record(id="w/gadjah", title="Gadjah Mada University", text="Memorandum with Gadjah Mada University.",
           country="Indonesia"),
    Record(id="w/hkust", title="Hong Kong University of Science and Technology",
           text="Student exchange with the Hong Kong University of Science and Technology."),
    Record(id="w/tomsk", title="トムスク国立大学との交流", text="トムスク国立大学と学術交流協定を締結した。", lang="ja"),
    Record(id="w/regensburg", title="レーゲンスブルク大学", text="レーゲンスブルク大学との戦略的パートナーシップ。", lang="ja"),
    Record(id="w/qut", title="クイーンズランド工科大学と協定", text="クイーンズランド工科大学と学術交流協定を結んだ。", lang="ja"),
    Record(id="w/mokpo", title="木浦大学校との協定", text="韓国の木浦大学校と協定を結んだ。", lang="ja"),
    Record(id="w/tufts", title="Tufts University", text="An exchange memorandum with Tufts University."),
    Record(id="w/other", title="University of Example", text="Joint research on forests with the University of Example."),
]


@pytest.fixture(scope="module")
def names_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("names") / "ix"
    indexer.build_index(RECORDS, path)
    return path


@pytest.fixture(scope="module")
def names_engine(names_index):
    return Engine(names_index)


@pytest.mark.parametrize("query, expected", [
    ("復旦大学", "w/fudan"),                       # reading: pinyin
    ("ガジャマダ大学", "w/gadjah"),                  # sound, a katakana name of two Latin words
    ("HKUST", "w/hkust"),                         # an acronym no record writes
    ("Tomsk State University", "w/tomsk"),        # sound, English to the Japanese record
    ("レーゲンスブルグ大学", "w/regensburg"),          # a kana variant
    ("QUT", "w/qut"),                             # an acronym of a Japanese name composed in English
    ("Mokpo National University", "w/mokpo"),     # a Korean reading
    ("タフツ大学", "w/tufts"),                      # one name, though MeCab reads its ツ as a particle
])
def test_a_name_finds_its_other_language_form(names_engine, query, expected):
    assert [hit.record.id for hit in names_engine.search(query, limit=3)][:1] == [expected]


def test_explain_names_the_route_and_its_similarity(names_index, runner):
    result = runner.invoke(cli, ["--index", str(names_index), "search", "ガジャマダ大学", "--explain", "--plain"])
    assert result.exit_code == 0
    assert "Gadjah Mada (sound 1.00)" in result.stderr
    data = json.loads(runner.invoke(cli, ["--index", str(names_index), "search", "HKUST", "--json"]).stdout)
    assert data["hits"][0]["id"] == "w/hkust"


def test_a_name_no_record_mentions_gets_no_confident_wrong_answer(names_engine):
    assert names_engine.search("チュラロンコン大学", limit=3).total == 0
    assert names_engine.search("ZZQX", limit=3).total == 0


def test_the_names_table_is_plain_data_stored_with_each_generation(names_index, tmp_path):
    stored = json.loads((store.live_generation(names_index) / NAMES_FILE).read_text(encoding="utf-8"))
    assert stored["format"] == 4 and "HKUST" in stored["acronyms"] and stored["han"]
    indexer.add_records([Record(id="w/aalto", title="Aalto University", text="Exchange with Aalto University.")],
                        names_index)
    table = NameTable.read(store.live_generation(names_index))
    assert "HKUST" in table.acronyms and any("Aalto" in n for names in table.latin.values() for n in names)


def test_readings_sound_and_acronyms():
    assert "fudan" in han_latin_keys("復旦") and "yonsei" in han_latin_keys("延世")
    assert "heilongjiang" in han_latin_keys("黒竜江")          # shinjitai read as their traditional forms
    assert "chonbuk" in {k.replace("p", "b") for k in han_latin_keys("全北")} or "jeonbuk" in han_latin_keys("全北")
    assert any(similarity(latin_key(k), latin_key("Cheng Kung")) > 0.85 for k in han_latin_keys("成功"))
    assert "hopei" in han_latin_keys("河北") and "hefei" in han_latin_keys("合肥")   # Wade–Giles ho for he
    assert "shihhsin" in han_latin_keys("世新") and "tzuchi" in han_latin_keys("慈済")   # and shih, tzu
    assert "sunmun" in han_latin_keys("鮮文") and "konkuk" in han_latin_keys("建国")   # Sunmoon's eo as u, Konkuk's o
    assert "gyeongsang" in han_latin_keys("慶尚")   # 尚's Korean reading is Unihan's for its variant 尙
    assert kana_key("ガジャマダ") == latin_key("Gadjah Mada")
    assert similarity(kana_key("トムスク"), latin_key("Tomsk")) == 1.0
    assert kana_fold("ヴィクトリア") == kana_fold("ビクトリア")
    assert of_latin("Hong Kong University of Science and Technology")[0] == "HKUST"
    assert "NUOL" in of_latin("National University of Laos")                 # "of" may give its initial
    assert "SJTU" in of_latin("Shanghai Jiao Tong University")
    assert "SKKU" in of_latin("Sungkyunkwan University")
    assert "HKU" in of_latin("University of Hong Kong")                      # the University moved last
    assert "UCLA" in of_latin(candidates([Record(id="u", title="University of California, Los Angeles",
                                                     text="")]).runs[0])          # a comma inside the name
    assert "UTS" in of_japanese("シドニー工科大学", places=english_of)
    assert "XJTU" in of_japanese("西安交通大学", places=english_of)
    assert english_of("ケルン")[0] == "Cologne"


@pytest.mark.parametrize("query", ["NTUX", "ETHX", "PolyX"])
def test_an_acronym_or_inner_capital_name_is_never_corrected_into_another_word(engine, query):
    """On the bundled corpus, without the guard: NTUX -> Natural, ETHX -> Eth, PolyX -> Political."""
    results = engine.search(query, limit=3)
    assert results.suggestion is None and results.corrected_from is None and results.total == 0


@pytest.mark.parametrize("query", ["2016年3月3日", "平成28年3月3日", "2016/3/3", "March 3, 2016"])
def test_a_date_in_any_form_meets_the_other_languages(tmp_path, query):
    path = tmp_path / "ix"
    indexer.build_index([
        Record(id="d/en", title="Brawijaya agreement", text="The agreement was signed on 3 March 2016 in Malang."),
        Record(id="d/ja", title="ブラウィジャヤ大学", text="2016年3月3日に協定を締結した。", lang="ja"),
        Record(id="d/other", title="Another agreement", text="Signed on 4 April 2017."),
    ], path)
    with Engine(path) as engine:
        found = {hit.record.id for hit in engine.search(query, limit=5)}
    assert {"d/en", "d/ja"} <= found and "d/other" not in found


SIBLINGS = [   # institutions that share a name part: what the institution is has to pick one
    Record(id="b/free", title="Freie Universität Berlin", text="Student exchange with Freie Universität Berlin."),
    Record(id="b/tu", title="Technical University of Berlin", text="Joint research with Technical University of Berlin."),
    Record(id="b/humboldt", title="Humboldt University of Berlin", text="A memorandum with Humboldt University of Berlin."),
    Record(id="h/polyu", title="Hong Kong Polytechnic University", text="Exchange with Hong Kong Polytechnic University."),
    Record(id="h/hku", title="University of Hong Kong", text="Exchange with the University of Hong Kong."),
    Record(id="h/cuhk", title="Chinese University of Hong Kong", text="Exchange with the Chinese University of Hong Kong."),
    Record(id="k/ewha", title="Ewha Womans University", text="Student exchange with Ewha Womans University (Korea)."),
    Record(id="k/yonsei", title="Yonsei University", text="Student exchange with Yonsei University (Korea)."),
    Record(id="t/mahidol", title="Mahidol University", text="Memorandum with Mahidol University (Thailand)."),
    Record(id="t/chula", title="Chulalongkorn University", text="Memorandum with Chulalongkorn University."),
    Record(id="i/iitb", title="Indian Institute of Technology Bombay", text="Exchange with IIT Bombay."),
    Record(id="i/iitk", title="Indian Institute of Technology Kanpur", text="Exchange with IIT Kanpur."),
    Record(id="n/nchu", title="National Chung Hsing University", text="Memorandum with National Chung Hsing University."),
    Record(id="n/epfl", title="Ecole Polytechnique Fédérale de Lausanne", text="Exchange with EPFL."),
    Record(id="n/unil", title="University of Lausanne", text="Exchange with the University of Lausanne."),
]


@pytest.fixture(scope="module")
def siblings_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("siblings") / "ix"
    indexer.build_index(SIBLINGS, path)
    return Engine(path)


@pytest.mark.parametrize("query, expected, route", [
    ("ベルリン自由大学", "b/free", "dictionary + 自由"),         # 自由: Freie, not Technical or Humboldt (JMnedict: Berlin)
    ("ベルリン工科大学", "b/tu", "dictionary + 工科"),
    ("香港理工大学", "h/polyu", "dictionary"),                 # JMnedict knows the organisation whole
    ("梨花女子大学校", "k/ewha", "reading + 女子"),              # the reading ihwa is weak; Womans carries it
    ("マヒドン大学", "t/mahidol", "sound 0.73 + 大学"),         # below the sound threshold, a whole name confirms
    ("インド工科大学ボンベイ校", "i/iitb", "meaning"),            # two name words, read word by word (India: Indian, Bombay)
    ("国立中興大学", "n/nchu", "dictionary"),                  # JMnedict knows it whole (中興 alone is a word)
    ("ローザンヌ連邦工科大学", "n/epfl", "+ 連邦工科"),           # Fédérale, Polytechnique
])
def test_what_an_institution_is_picks_among_the_names_sharing_its_name(siblings_engine, query, expected, route):
    results = siblings_engine.search(query, limit=5)
    assert [hit.record.id for hit in results.hits] == [expected]
    assert any(route in label for _, labels in results.expansions for label in labels) or \
        any(route in str(e) for e in results.expansions)


def test_a_plain_university_keeps_every_institution_of_the_name(siblings_engine):
    # 大学 alone says nothing that picks: every Berlin university, none composed away
    results = siblings_engine.search("ベルリン大学", limit=5)
    assert {h.record.id for h in results.hits} == {"b/free", "b/tu", "b/humboldt"}
    assert results.expansions == (("ベルリン大学", ("Berlin (dictionary)",)),)   # JMnedict's Berlin


def test_a_names_table_written_before_institutions_were_stored_composes_from_its_acronyms(tmp_path):
    table = NameTable().add(candidates(SIBLINGS))
    assert "Freie Universität Berlin" in table.institutions_with("berlin")
    older = json.loads(table.to_json())
    del older["institutions"]
    (tmp_path / NAMES_FILE).write_text(json.dumps(older), encoding="utf-8")
    read = NameTable.read(tmp_path)
    assert read.institutions == []
    assert set(read.institutions_with("Berlin")) == set(table.institutions_with("berlin"))


def test_an_institution_typed_in_full_is_that_name_not_its_words_anywhere(tmp_path):
    records = [Record(id="t/ntu", title="National Taiwan University", text="Exchange with National Taiwan University."),
               Record(id="t/ntu-ja", title="国立台湾大学", text="国立台湾大学との学術交流協定。", lang="ja"),
               Record(id="t/nchu", title="National Chung Hsing University",
                      text="A memorandum with National Chung Hsing University (Taiwan).", country="Taiwan")]
    glossary = tmp_path / "glossary.jsonl"
    glossary.write_text(json.dumps({"id": "ntu", "type": "institution", "ja": ["国立台湾大学"],
                                    "en": ["National Taiwan University"]}) + "\n", encoding="utf-8")
    indexer.build_index(records, tmp_path / "ix", glossaries=[glossary])
    hits = [h.record.id for h in Engine(tmp_path / "ix").search("National Taiwan University", limit=5).hits]
    assert hits == ["t/ntu", "t/ntu-ja"]


def test_a_name_that_begins_with_an_article_crosses_as_one_name(tmp_path):
    # "La Rochelle" is one name (ラ・ロッシェル), not "La" and a Rochelle that crosses to nothing; the
    # Japanese records about it come before English ones that only share the topic word
    records = [Record(id="r/ja", title="ラ・ロッシェル大学との協定締結20周年", text="ラ・ロッシェル大学と交流協定を結んで20年。", lang="ja"),
               Record(id="r/ja2", title="ラ・ロッシェル大学", text="ラ・ロッシェル大学（フランス）", lang="ja"),
               Record(id="e/other", title="Student exchange of the consortium", text="The consortium's student exchange."),
               Record(id="e/other2", title="Exchange symposium", text="A symposium on exchange."),
               Record(id="e/x", title="University of Example", text="An agreement with the University of Example.")]
    indexer.build_index(records, tmp_path / "ix")
    results = Engine(tmp_path / "ix").search("La Rochelle University exchange", limit=5)
    # read as French reads it, ch as シ (#30.2): 0.93 by the English key alone
    assert any("ラ・ロッシェル (sound 1.00)" in names for _, names in results.expansions)
    assert [h.record.id for h in results.hits][:2] in (["r/ja", "r/ja2"], ["r/ja2", "r/ja"])


def test_a_date_is_its_numbers_in_order_not_each_of_them_anywhere(tmp_path):
    records = [Record(id="d/right", title="Agreement signed", text="Signed on 3 March 2016 with Example University."),
               Record(id="d/wrong", title="協定を更新", text="2016年3月29日に協定を更新した。", lang="ja")]
    indexer.build_index(records, tmp_path / "ix")
    assert [h.record.id for h in Engine(tmp_path / "ix").search("2016年3月3日", limit=5).hits] == ["d/right"]


@pytest.mark.parametrize("query, expected", [("PolyU", "h/polyu"), ("IISc", None)])
def test_a_short_form_with_capitals_inside_stands_for_the_name_its_capitals_begin(siblings_engine, query, expected):
    hits = [h.record.id for h in siblings_engine.search(query, limit=3).hits]
    assert hits == ([expected] if expected else [])   # no Indian Institute of Science here: nothing, not a guess


@pytest.mark.parametrize("query, missing", [("西北大学", "西北大学"), ("Xyzzy University", "Xyzzy")])
def test_a_name_found_nowhere_is_not_answered_with_every_university(names_index, runner, query, missing):
    results = Engine(names_index).search(query, limit=5)
    assert (results.total, results.more, results.hits, results.missing) == (0, 0, (), (missing,))
    result = runner.invoke(cli, ["--index", str(names_index), "search", query, "--no-pager"])
    assert f"No results: no record mentions {missing}." in result.stderr


def test_a_japanese_and_an_english_record_of_the_same_day_pair_their_partners(tmp_path, runner):
    day = dict(date="2024-10-09", country="Nigeria", institution="Nagasaki University")
    records = [Record(id="p/ja", title="東雲大学と協定を更新", text="東雲大学と協定を更新した。", lang="ja", partners=("東雲大学",), **day),
               Record(id="p/en", title="Qwerty University renews", text="Qwerty University renewed.", partners=("Qwerty University",), **day),
               # two partners in one language on one day: nothing is paired
               Record(id="q/ja", title="曙大学と協定", text="曙大学と協定。", lang="ja", partners=("曙大学",), date="2020-01-01", country="Ghana"),
               Record(id="q/en1", title="Asdf University", text="Asdf University.", partners=("Asdf University",), date="2020-01-01", country="Ghana"),
               Record(id="q/en2", title="Zxcv University", text="Zxcv University.", partners=("Zxcv University",), date="2020-01-01", country="Ghana")]
    files = tmp_path / "records.jsonl"
    files.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", "--rebuild", "--no-bundled", str(files)])
    assert result.exit_code == 0, result.output
    engine = Engine(tmp_path / "ix")
    assert [h.record.id for h in engine.search("Qwerty University", limit=5).hits] == ["p/en", "p/ja"]
    assert [h.record.id for h in engine.search("曙大学", limit=5).hits] == ["q/ja"]


def test_a_record_that_tells_of_a_partner_comes_before_its_registry_row(tmp_path):
    page = tmp_path / "partners.html"
    page.write_text("<html><head><title>協定校一覧</title></head><body><table>"
                    "<tr><th>大学名</th><th>University</th><th>国</th></tr>"
                    "<tr><td>成均館大学校</td><td>Sungkyunkwan University</td><td>韓国</td></tr>"
                    "<tr><td>釜慶大学校</td><td>Pukyong National University</td><td>韓国</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "news/skku", "title": "成均館大学校と学生交流協定", "lang": "ja",
                                "text": "成均館大学校と学生交流協定を結び、31人が参加した交流会を開いた。"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    indexer.build_default_index(tmp_path / "ix", paths=[page, news], bundled=False)
    hits = [h.record.id for h in Engine(tmp_path / "ix").search("成均館大学校", limit=5).hits]
    assert hits[0] == "news/skku" and any("#" in h for h in hits[1:]), hits


def test_a_rolled_r_crosses_as_katakana_writes_it_and_a_misspelling_still_finds_its_record(tmp_path):
    records = [Record(id="v/en", title="University of Rome Tor Vergata", text="Agreement with the University of Rome Tor Vergata."),
               Record(id="v/ja", title="ローマ大学トル・ヴェルガータ校", text="ローマ大学トル・ヴェルガータ校と協定。", lang="ja")]
    indexer.build_index(records, tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    assert {h.record.id for h in engine.search("Tor Vergatta", limit=5).hits} == {"v/en", "v/ja"}
    assert {h.record.id for h in engine.search("トル・ヴェルガータ", limit=5).hits} == {"v/en", "v/ja"}


@pytest.mark.parametrize("query", ["イェール大学", "Busan National University"])
def test_a_near_sound_or_kind_words_alone_are_no_answer_to_a_name_no_record_has(siblings_engine, query):
    # イェール is near "El" and "Yelle" only as short or non-institution names; National University is every one
    results = siblings_engine.search(query, limit=5)
    assert (results.total, results.more) == (0, 0) and results.missing


def test_a_korean_name_found_nowhere_is_not_answered_with_the_schools_its_kind_word_translates(tmp_path):
    # MeCab reads 漢陽大学校 as 漢陽 | 大学 | 校 or with 学校 (school): what the institution is, never an answer
    records = [Record(id="s/ja", title="日本語学校との交流", text="市内の日本語学校と交流した。", lang="ja"),
               Record(id="s/en", title="A school visit", text="Students visited a secondary school in Kyoto.")]
    indexer.build_index(records, tmp_path / "ix")
    results = Engine(tmp_path / "ix").search("漢陽大学校", limit=5)
    assert (results.total, results.more, results.hits) == (0, 0, ())
    assert results.missing == ("漢陽大学校",)


def test_a_reading_that_is_a_place_or_only_near_a_campus_is_no_answer(tmp_path):
    # 淡江 reads tamkang/tantsiang, keyed as Tanzania is; 忠南 zhongnan is near Shonan, a campus's
    # word: neither is an institution's name, so neither university is said to be here
    records = [Record(id="t/tz", title="Researchers exchanged with Tanzania", text="Researcher exchange with Tanzania.", country="Tanzania"),
               Record(id="t/sfc", title="Keio University Shonan Fujisawa Campus", text="Shonan Fujisawa Campus and Fujisawa City."),
               Record(id="t/fudan", title="Fudan University", text="Agreement with Fudan University.")]
    indexer.build_index(records, tmp_path / "ix")
    engine = Engine(tmp_path / "ix")
    for query in ("淡江大学", "忠南大学校"):
        results = engine.search(query, limit=5)
        assert (results.total, results.hits) == (0, ()), (query, [h.record.id for h in results.hits])
    assert [h.record.id for h in engine.search("復旦大学", limit=5).hits] == ["t/fudan"]


def test_a_name_spelt_as_a_reading_beats_one_that_only_sounds_like_it(tmp_path):
    # 復旦 reads fudan; Bhutan has the same sound key, and Royal University of Bhutan is an institution
    records = [Record(id="b/fudan", title="Fudan University", text="Agreement with Fudan University."),
               Record(id="b/bhutan", title="Royal University of Bhutan", text="Agreement with the Royal University of Bhutan.")]
    indexer.build_index(records, tmp_path / "ix")
    results = Engine(tmp_path / "ix").search("復旦大学", limit=5)
    assert [h.record.id for h in results.hits] == ["b/fudan"] and results.total == 1


def test_an_english_word_in_a_name_is_translated_not_heard_as_another_name(tmp_path):
    # Ocean sounds like オセアニア (Oceania) and its sound key is Oceania's: the word is translated
    # (海洋), so 中国海洋大学 is found and Oceania is not taken for the partner
    records = [Record(id="o/ouc", title="中国海洋大学と学術交流協定", text="香川大学は中国海洋大学と大学間学術交流協定を締結した。", lang="ja"),
               Record(id="o/oceania", title="オセアニアの大学との交流", text="オセアニアの大学と交流した。", lang="ja"),
               Record(id="o/en", title="Researchers exchanged with Oceania", text="Researcher exchange with Oceania.")]
    indexer.build_index(records, tmp_path / "ix")
    results = Engine(tmp_path / "ix").search("Ocean University of China", limit=5)
    found = [h.record.id for h in results.hits]
    assert found[:1] == ["o/ouc"] and "o/en" not in found, (found, results.expansions)


def test_a_glossary_name_without_a_japanese_form_still_crosses_to_the_japanese_records(tmp_path):
    # a user's glossary knows the partner from an English list only: its Japanese form is the names
    # table's (グルノーブル・アルプ), not nothing
    glossary = tmp_path / "partners.jsonl"
    glossary.write_text('{"id": "uga", "type": "institution", "en": ["Université Grenoble Alpes"], "abbr": ["UGA"]}\n',
                        encoding="utf-8")
    records = [Record(id="j/uga", title="金沢大学とグルノーブル・アルプ大学の学術交流", lang="ja",
                      text="金沢大学は2015年、グルノーブル・アルプ大学と学術交流協定を締結した。"),
               Record(id="e/uga", title="Université Grenoble Alpes", text="An exchange with Université Grenoble Alpes.")]
    indexer.build_index(records, tmp_path / "ix", glossaries=[glossary])
    with Engine(tmp_path / "ix") as engine:
        found = engine.search("Université Grenoble Alpes", limit=3)
    assert sorted(h.record.id for h in found.hits) == ["e/uga", "j/uga"]
