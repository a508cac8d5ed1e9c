"""Continental European names cross between katakana and Latin script as their own language reads them
(#30.2): ヴロツワフ = Wrocław (w = v, ł = w, c = ts), ダルムシュタット = Darmstadt (st = sht, a rolled r), ポワティエ =
Poitiers (oi = wa, a silent -s); and JMnedict's English of a katakana place meets a Latin query no sound
reaches (University of Florence: フィレンツェ大学)."""
from __future__ import annotations

import pytest

from renkei.corpus import Record
from renkei.indexer.names.continental import continental_keys
from renkei.indexer.names.sound import kana_key, latin_key

LATIN = [
    Record(id="e/wroclaw", title="Agreement on student exchange with University of Wrocław",
           text="Student exchange with the University of Wrocław (Poland)."),
    Record(id="e/jyvaskyla", title="Memorandum with University of Jyväskylä",
           text="Teacher education exchange with the University of Jyväskylä (Finland)."),
    Record(id="e/franche", title="Academic exchange agreement with University of Franche-Comté",
           text="Joint supervision with the University of Franche-Comté (France)."),
    Record(id="e/lodz", title="Memorandum with University of Łódź",
           text="Exchange with the University of Łódź (Poland)."),
    Record(id="e/niger", title="Researchers from Niger", text="Two researchers came from Niger."),
    Record(id="e/sichuan", title="Sichuan University", text="Exchange with Sichuan University (China)."),
]
JAPANESE = [
    Record(id="j/darmstadt", title="ダルムシュタット工科大学との交流協定", text="ダルムシュタット工科大学と学生交流の協定を結んだ。", lang="ja"),
    Record(id="j/poitiers", title="ポワティエ大学との協定", text="ポワティエ大学と学術交流協定を結んだ。", lang="ja"),
    Record(id="j/olomouc", title="オロモウツでサマースクール", text="オロモウツで協定校と合同ワークショップを開いた。", lang="ja"),
    Record(id="j/florence", title="フィレンツェ大学との協定", text="フィレンツェ大学と交流を続けている。", lang="ja"),
    Record(id="j/lodz", title="ウッチ大学との協定", text="ウッチ大学と交流を続けている。", lang="ja"),
    Record(id="j/szeged", title="セゲド大学との協定", text="セゲド大学と学生交流の協定を結んだ。", lang="ja"),
    Record(id="j/session", title="セッションの記録", text="オンラインのセッションを開いた。", lang="ja"),
]


@pytest.fixture(scope="module")
def latin_engine(engine_of):
    return engine_of("continental-latin", LATIN)


@pytest.fixture(scope="module")
def japanese_engine(engine_of):
    return engine_of("continental-japanese", JAPANESE)


@pytest.mark.parametrize("query, expected", [
    ("ヴロツワフ大学", "e/wroclaw"), ("ユヴァスキュラ大学", "e/jyvaskyla"), ("フランシュ＝コンテ大学", "e/franche"),
    ("ウッチ大学", "e/lodz"),   # JMnedict's Lodz is the index's Łódź, a name though its capital is Ł
])
def test_a_katakana_name_finds_the_latin_spelling_of_its_language(latin_engine, query, expected):
    found = latin_engine.search(query, limit=3)
    assert found.hits and found.hits[0].record.id == expected


@pytest.mark.parametrize("query, expected", [
    ("Technische Universität Darmstadt", "j/darmstadt"), ("University of Poitiers", "j/poitiers"),
    ("Olomouc", "j/olomouc"), ("University of Florence", "j/florence"),
    ("University of Łódź", "j/lodz"),
    ("University of Szeged", "j/szeged"),   # MeCab cuts セゲド大学 as セ|ゲド: the name is found in part
])
def test_a_latin_name_finds_its_katakana(japanese_engine, query, expected):
    found = japanese_engine.search(query, limit=3)
    assert found.hits and found.hits[0].record.id == expected


def test_a_place_jmnedict_spells_is_not_heard_in_another_language(latin_engine):
    # ナイジェリア is Nigeria to JMnedict: Niger read as Italian (nijer, 0.92) is no answer
    found = latin_engine.search("ナイジェリア", limit=3)
    assert "e/niger" not in [h.record.id for h in found.hits if not h.partial]


def test_another_language_reading_must_come_nearer(japanese_engine):
    # Sichuan read as French (siXan) is 0.80 from セッション: a guess the English key would not make
    found = japanese_engine.search("Sichuan University", limit=3)
    assert "j/session" not in [h.record.id for h in found.hits if not h.partial]


@pytest.mark.parametrize("word, katakana", [
    ("Wrocław", "ヴロツワフ"), ("Darmstadt", "ダルムシュタット"), ("Poitiers", "ポワティエ"), ("Bayreuth", "バイロイト"),
    ("Olomouc", "オロモウツ"), ("Bologna", "ボローニャ"), ("Kraków", "クラクフ"), ("St. Gallen", "ザンクト・ガレン"),
])
def test_a_continental_key_is_the_katakana_key(word, katakana):
    assert kana_key(katakana) in continental_keys(word) and kana_key(katakana) != latin_key(word)


def test_a_word_no_family_reads_has_no_other_key():
    assert continental_keys("Tomsk") == () and continental_keys("Innsbruck") == ()


def test_a_name_may_begin_with_an_accented_capital():
    from renkei.corpus.names import candidates
    found = candidates([Record(id="a", title="University of Łódź and Örebro University", text="")])
    assert {"Łódź", "Örebro"} <= set(found.latin)


def test_a_names_table_of_format_2_gains_the_continental_keys_at_the_next_write(tmp_path):
    import json
    from renkei.indexer.names.places import english_of
    from renkei.indexer.names.table import FORMAT, NAMES_FILE, NameTable
    from renkei.corpus.names import NameCandidates
    older = {"format": 2, "latin": {latin_key("Wrocław"): ["Wrocław"]}, "japanese": {kana_key("フィレンツェ"): ["フィレンツェ"]},
             "acronyms": {}, "institutions": [], "domains": {}}
    (tmp_path / NAMES_FILE).write_text(json.dumps(older), encoding="utf-8")
    table = NameTable.read(tmp_path).add(NameCandidates((), (), (), (), ()), english_of)
    assert table.near(kana_key("ヴロツワフ"), "latin") == [(1.0, "Wrocław")]
    assert table.exonyms[latin_key("Florence")] == ["フィレンツェ"] and json.loads(table.to_json())["format"] == FORMAT
