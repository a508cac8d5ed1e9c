"""Topic words cross languages through a dictionary (JMdict + curated words), per index (#12)."""
from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

from renkei import indexer
from renkei.corpus import Record
from renkei.corpus.dictionary import EXTRACT, LICENSE, bundled_text, license_text, parse_entries
from renkei.indexer import store
from renkei.indexer.dictionary import table as dictionary_table
from renkei.indexer.dictionary.select import DICTIONARY_FILE, Vocabulary
from renkei.search import Engine
from renkei.search.cli import cli
from renkei.search.crosslingual.translate import MAX_PER_WORD, SourceWord, Translator

REPO = Path(__file__).resolve().parent.parent


def ids(engine: Engine, query: str, n: int = 10, **kwargs) -> list[str]:
    return [h.id for h in engine.search(query, limit=n, **kwargs).hits]


# --- the shipped data ------------------------------------------------------------------------------

def test_extract_and_its_licence_are_package_data():
    data = resources.files("renkei.corpus").joinpath("data")
    assert {EXTRACT, LICENSE, "glossary-words.tsv"} <= {entry.name for entry in data.iterdir()}
    text = license_text()
    assert "Electronic Dictionary Research and Development Group" in text
    assert "CC BY-SA 4.0" in text and "https://creativecommons.org/licenses/by-sa/4.0/" in text
    assert "https://www.edrdg.org/edrdg/licence.html" in text


def test_extract_keeps_uncommon_entries_and_short_glosses():
    entries = {form: e for e in parse_entries(bundled_text().split("\n"), EXTRACT) for form in e.forms}
    # Not priority-tagged in JMdict, and exactly what topic queries need.
    for form, gloss in [("分析化学", "analytical chemistry"), ("高齢化社会", "aging society"),
                        ("持続可能な開発目標", "Sustainable Development Goals"), ("流動性", "mobility"),
                        ("学部生", "undergraduate")]:
        assert gloss in [g for _, _, g in entries[form].glosses] and not entries[form].common
    assert all(len(g.split()) <= 6 for e in entries.values() for _, _, g in e.glosses)


# --- each index's own dictionary -------------------------------------------------------------------

def test_vocabulary_makes_forms_and_glosses_of_index_words():
    vocabulary = Vocabulary({"持続", "可能", "開発", "目標", "analyt", "chemistri"})
    vocabulary.learn_words({"analytical", "chemistry", "physical"})
    assert vocabulary.has_form("持続可能な開発目標")         # な: MeCab drops it
    assert not vocabulary.has_form("宇宙開発")
    assert vocabulary.has_gloss("analytical chemistry") and vocabulary.has_gloss("chemistry")
    assert not vocabulary.has_gloss("physical chemistry")


def test_a_gloss_counts_as_written_or_inflected_never_through_a_porter_stem():
    vocabulary = Vocabulary({"univers", "exchang"}, written={"universities", "exchanges"})
    vocabulary.learn_words({"universe", "university", "exchange", "exchanging"})
    assert vocabulary.has_gloss("universe")                       # its stem is the index's ...
    assert not vocabulary.has_gloss("universe", as_written=True)  # ... but the word is not
    assert vocabulary.has_gloss("university", as_written=True)
    assert vocabulary.has_gloss("exchanging", as_written=True)


def test_a_japanese_word_never_reaches_english_records_through_a_shared_stem(tmp_path):
    # 宇宙's gloss "universe" stems to univers, as University does: not a translation.
    index = tmp_path / "ix"
    indexer.build_index([Record(id="t/en", title="University of Example", text="An exchange of students."),
                         Record(id="t/ja", title="宇宙の研究", text="宇宙の研究を進める。", lang="ja")], index)
    with Engine(index) as engine:
        assert [h.id for h in engine.search("宇宙").hits] == ["t/ja"]
        assert "t/en" in [h.id for h in engine.search("交換").hits]   # exchange, as written: translated


def _dictionary(index: Path) -> str:
    return (store.live_generation(index) / DICTIONARY_FILE).read_text(encoding="utf-8")


def test_each_index_stores_the_entries_its_words_can_use(tmp_path):
    index = tmp_path / "ix"
    indexer.build_index([Record(id="t/forest", title="Forest certification", text="FSC certification.")], index)
    entries = list(parse_entries(_dictionary(index).split("\n"), DICTIONARY_FILE))
    forest = next(e for e in entries if "森林" in e.forms)
    assert "forest" in forest.known_glosses and not forest.known_forms     # English only, so far
    assert not any("分析化学" in e.forms for e in entries)
    # A Japanese record added later brings its words into the next generation's dictionary.
    indexer.add_records([Record(id="t/ja", title="宇宙開発", text="宇宙開発や海洋研究。", lang="ja")], index)
    assert "+宇宙開発" in _dictionary(index)


# --- translation, unit by unit ---------------------------------------------------------------------

LINES = [
    "+森林\tP\t+forest; woods",
    "+宇宙開発\tP\tspace development; space exploration",
    "+宇宙\tP\tuniverse; cosmos; space",
    "+開発\tP\tdevelopment",
    "間\tP\tspace; room",                 # not in the index: never a translation
    "+場\tP\tspace",                      # one character: matches pieces of unrelated words
    "+研究\tP\tstudy; +research",
    "+調査\tP\tinvestigation; +research",
    "+探究\t\tresearch",
    "+リサーチ\t\tresearch",
    "+検討\tP\texamination; research",
    "+考究\t\tresearch",
    "+合同\tG\tjoint",
    "+関節\tP\tjoint",
]


def test_translations_both_directions_only_what_the_index_has():
    translator = Translator.of_lines(LINES)
    assert [t.text for t in translator.from_english("forest")] == ["森林"]
    assert [t.text for t in translator.from_japanese("森林")] == ["forest"]          # woods: not in the index
    assert [t.text for t in translator.from_english("space")] == ["宇宙"]            # not 間, not 場
    assert [t.text for t in translator.from_english("studies")] == ["研究"]          # in the singular: no gloss "studies"


def test_curated_words_come_first_and_say_so():
    found = Translator.of_lines(LINES).from_english("joint")
    assert [(t.text, t.origin) for t in found] == [("合同", "glossary"), ("関節", "dictionary")]


def test_at_most_a_few_translations_a_word_best_first():
    found = [t.text for t in Translator.of_lines(LINES).from_english("research")]
    assert len(found) == MAX_PER_WORD
    assert found[0] == "研究" and "考究" not in found   # common words before rare ones


def test_whole_phrase_before_single_words():
    translator = Translator.of_lines(LINES)
    english = [SourceWord(w, w, False) for w in ("space", "development")]
    spans = translator.translate(english)
    assert [(s.source, [t.text for t in s.translations]) for s in spans] == [("space development", ["宇宙開発"])]
    assert [s.source for s in translator.phrases(["space", "development", "and", "research"])] == ["space development"]
    japanese = [SourceWord("森林", "森林", True), SourceWord("宇宙", "宇宙", True)]
    assert [s.source for s in translator.translate(japanese)] == ["森林", "宇宙"]     # no entry for the compound


# --- the dictionary's lookup table, written with each index -----------------------------------------

def _forms_and_glosses(path: Path) -> tuple[list[str], list[str]]:
    entries = list(parse_entries(path.read_text(encoding="utf-8").split("\n"), DICTIONARY_FILE))
    glosses = {g for e in entries for _, _, g in e.glosses}
    return sorted({f for e in entries for f in e.forms}), sorted(glosses | {w for g in glosses for w in g.split()})


def test_the_written_table_finds_every_row_and_answers_as_the_dictionary(index_dir, monkeypatch):
    generation = store.live_generation(index_dir)
    path = generation / DICTIONARY_FILE
    built = Translator(path.read_bytes(), str(path))   # its table made from the dictionary, in memory

    def refuse(*args):
        raise AssertionError("the table was built again at load")
    monkeypatch.setattr(dictionary_table, "table_rows", refuse)
    loaded = Translator.load(path)
    table = dictionary_table.DictionaryTable.load(generation, path.read_bytes(), str(path))
    # Every row is found by bisection under its own key, with every other row of that key.
    rows = (generation / dictionary_table.TABLE_FILE).read_text(encoding="utf-8").split("\n")[1:]
    by_key: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        kind, key, value = row.split("\t", 2)
        by_key.setdefault((kind, key), []).append(value)
    assert len(by_key) > 10_000
    for (kind, key), values in by_key.items():
        assert list(table._values(kind, key)) == values
    assert list(table._values("g", "no such gloss")) == [] and table.form_offsets("無い語") == []
    # A form's entries are those that have it, and both tables answer alike both ways.
    forms, english = _forms_and_glosses(path)
    assert all(form in e.forms for form in forms[::50] for e in map(loaded._entry, loaded._table.form_offsets(form)))
    assert loaded.longest_phrase == built.longest_phrase > 1
    assert [loaded.from_japanese(f) for f in forms] == [built.from_japanese(f) for f in forms]
    found = [loaded.from_english(w) for w in english]
    assert found == [built.from_english(w) for w in english] and sum(map(bool, found)) > 1000


def test_a_table_that_is_not_its_dictionarys_is_never_trusted(tmp_path):
    index = tmp_path / "ix"
    indexer.build_index([Record(id="t/forest", title="Forest certification", text="森林の認証。", lang="ja")], index)
    generation = store.live_generation(index)
    path, table = generation / DICTIONARY_FILE, generation / dictionary_table.TABLE_FILE
    assert [t.text for t in Translator.load(path).from_english("forest")] == ["森林"]
    written = table.read_bytes()
    table.write_bytes(b"\n".join(row for row in written.split(b"\n") if b"\tforest\t" not in row))  # rows lost
    assert [t.text for t in Translator.load(path).from_english("forest")] == ["森林"]
    table.write_bytes(written)
    path.write_bytes(b"+\xe5\xa4\xa7\xe5\xad\xa6\tP\t+forest\n" + path.read_bytes())  # 大学 first: offsets move
    assert [t.text for t in Translator.load(path).from_english("forest")] == ["大学", "森林"]


def test_an_index_without_a_table_answers_and_its_next_write_adds_one(scratch_index):
    generation = store.live_generation(scratch_index)
    (generation / dictionary_table.TABLE_FILE).unlink()   # as written before tables
    with Engine(scratch_index) as engine:
        assert "t/en-forest" in ids(engine, "森林")       # forest, through the dictionary built in memory
    indexer.add_records([Record(id="t/new", title="Forest", text="A forest.")], scratch_index)
    assert (store.live_generation(scratch_index) / dictionary_table.TABLE_FILE).is_file()


def test_doctor_notes_a_table_that_is_not_its_dictionarys_and_the_next_change_writes_it(scratch_index):
    generation = store.live_generation(scratch_index)
    table = generation / dictionary_table.TABLE_FILE
    table.write_bytes(table.read_bytes().rsplit(b"\n", 1)[0])   # its last row lost
    report = indexer.check_index(scratch_index)
    assert report.healthy and [n for n in report.notes if "lookup table" in n] == [
        f"{generation.name}: its dictionary's lookup table is missing or not its own: each searching process "
        f"builds one (~60 ms) until the next change writes it"]
    indexer.add_records([Record(id="t/new", title="Forest", text="A forest.")], scratch_index)   # no new word
    written = store.live_generation(scratch_index)
    dictionary = (written / DICTIONARY_FILE).read_bytes()
    assert dictionary == (generation / DICTIONARY_FILE).read_bytes()   # carried over, and its table rewritten
    assert dictionary_table.table_is_current(written, dictionary)
    assert not [n for n in indexer.check_index(scratch_index).notes if "lookup table" in n]


# --- searching ------------------------------------------------------------------------------------

def test_english_topic_words_find_the_japanese_narrative(engine):
    assert ids(engine, "analytical chemistry", correct=False)[:2] == [
        "utokyo/partners/vietnam-national-university-hanoi", "utokyo/partners/yangon-technological-university"]
    results = engine.search("Japanese studies workshop", correct=False)
    assert results.hits[0].id == "utokyo/partners/university-of-chicago"
    # "Japanese" is a glossary name of the country (a demonym): 日本 comes from the glossary entry
    assert "日本" in results.expanded


def test_a_japanese_compound_is_translated_piece_by_piece(tiny_engine):
    results = tiny_engine.search("森林認証")
    assert [h.id for h in results.hits] == ["t/en-forest"]
    assert {"forest (dictionary)", "certification (dictionary)"} <= set(results.expanded)


def test_words_as_typed_still_come_first(engine):
    hits = engine.search("research", limit=400).hits
    as_typed = ["research" in h.record.display_text.lower() for h in hits]
    assert False in as_typed                                # the narratives that only say 研究 are found
    assert as_typed == sorted(as_typed, reverse=True)       # after every record that says research


def test_department_names_both_ways(engine):
    assert {"utokyo/partners/university-of-cambridge", "utokyo/partners/university-of-chicago"} <= set(
        ids(engine, "Graduate School of Pharmaceutical Sciences"))
    assert "Earthquake Research Institute" in engine.search("地震研究所").expanded


def test_explain_shows_each_translation_and_its_origin(runner, index_dir):
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "art history", "--explain", "--json"])
    assert "expanded: art history → 美術史 (dictionary)" in result.stderr
    assert "美術史 (dictionary)" in json.loads(result.stdout)["expanded"]


def test_similar_lists_the_same_partner_in_the_other_language(engine, runner, index_dir):
    similar = [h.id for h in engine.similar("kyoto/memoranda/seoul-national-university", limit=5).hits]
    assert similar[0] == "utokyo/partners/seoul-national-university"
    scores = [h.score for h in engine.similar("kyoto/memoranda/seoul-national-university", limit=10).hits]
    assert scores == sorted(scores, reverse=True)   # the same partner first, and its score says so
    shown = runner.invoke(cli, ["--index", str(index_dir), "similar", "utokyo/partners/seoul-national-university"])
    first_hit = shown.stdout.split("\n\n", 1)[0]   # the first hit's block: title, facts line, [id]
    assert shown.exit_code == 0 and "[kyoto/memoranda/seoul-national-university]" in first_hit


# --- the build script ------------------------------------------------------------------------------

def _tiny_jamdict(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('jmdict.version', '1.08');
        CREATE TABLE Entry (idseq INTEGER); INSERT INTO Entry VALUES (1), (2);
        CREATE TABLE Kanji (ID INTEGER, idseq INTEGER, text TEXT);
        INSERT INTO Kanji VALUES (1, 1, '覚書'), (2, 1, '覚え書'), (3, 2, '流石');
        CREATE TABLE KJI (kid INTEGER, text TEXT); INSERT INTO KJI VALUES (2, 'irregular okurigana usage');
        CREATE TABLE KJP (kid INTEGER, text TEXT); INSERT INTO KJP VALUES (1, 'ichi1');
        CREATE TABLE Kana (ID INTEGER, idseq INTEGER, text TEXT, nokanji BOOLEAN);
        INSERT INTO Kana VALUES (1, 1, 'おぼえがき', 0), (2, 2, 'さすが', 0);
        CREATE TABLE KNI (kid INTEGER, text TEXT); CREATE TABLE KNP (kid INTEGER, text TEXT);
        CREATE TABLE Sense (ID INTEGER, idseq INTEGER); INSERT INTO Sense VALUES (1, 1), (2, 1), (3, 2);
        CREATE TABLE misc (sid INTEGER, text TEXT);
        INSERT INTO misc VALUES (2, 'archaism'), (3, 'word usually written using kana alone');
        CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
        INSERT INTO SenseGloss VALUES (1, 'eng', '', 'memorandum'), (1, 'eng', '', '(diplomatic) note'),
            (1, 'eng', '', 'a gloss far too long to matter for any search at all'), (2, 'eng', '', 'old sense'),
            (3, 'eng', '', 'as one would expect');
    """)
    db.commit()
    db.close()


def test_build_script_makes_the_extract_from_jamdicts_database(tmp_path):
    _tiny_jamdict(tmp_path / "jamdict.db")
    built = []
    for name in ("first.tsv.gz", "second.tsv.gz"):
        subprocess.run([sys.executable, str(REPO / "tools" / "build_dictionary.py"),
                        "--db", str(tmp_path / "jamdict.db"), "--out", str(tmp_path / name)], check=True, capture_output=True)
        built.append((tmp_path / name).read_bytes())
    assert built[0] == built[1]    # reproducible: the same bytes from the same source
    lines = [l for l in gzip.decompress(built[0]).decode("utf-8").splitlines() if not l.startswith("#")]
    assert lines == ["覚書\tP\tmemorandum; note", "流石;さすが\t\tas one would expect"]


def test_an_expression_is_not_the_one_word_the_index_keeps_of_it(engine):
    vocabulary = Vocabulary({"年", "人", "日", "持続", "可能", "開発", "目標"})
    assert not vocabulary.has_form("年のいった")   # "elderly": its verb is dropped, 年 ("year") is left
    assert not vocabulary.has_form("ある人")       # "someone"
    assert vocabulary.has_form("持続可能な開発目標")
    for query in ("elderly", "someone"):
        found = engine.search(query)
        assert not [t for t in found.expanded if t.startswith(("年", "ある人"))], found.expanded
        assert found.total == 0   # no bundled record says either word
