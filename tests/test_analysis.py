"""The bilingual analyzer: offsets, base forms, width and long-vowel folding, stemming (#3)."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.indexer.analysis import BilingualTokenizer, JapaneseBigramTokenizer, fold_prolonged
from renkei.indexer.kana import fold_katakana
from renkei.indexer.normalize import normalize
from renkei.indexer.schema import build_schema

WORDS = BilingualTokenizer()


def terms(text: str) -> list[str]:
    return [t.text for t in WORDS(text)]


def test_tokyo_is_indexed_as_written_not_as_its_reading():
    assert "東京" in terms("東京大学")
    assert "トウキョウ" not in terms("東京大学")


@pytest.mark.parametrize("variant,standard", [
    ("ＥＴＨＺ", "ETHZ"), ("ｹﾝﾌﾞﾘｯｼﾞ", "ケンブリッジ"), ("ｶﾞｲﾀﾞﾝｽ", "ガイダンス"),
    ("コンピューター", "コンピュータ"), ("Students", "student"),
], ids=["fullwidth-latin", "halfwidth-kana", "halfwidth-voiced", "long-vowel", "case-and-plural"])
def test_variants_meet(variant, standard):
    assert terms(variant) == terms(standard)


def test_long_vowel_fold_follows_kuromoji_minimum_length():
    assert fold_prolonged("コンピューター") == "コンピュータ"
    assert fold_prolonged("カー") == "カー"          # too short to stem


def test_latin_words_in_japanese_text_are_stemmed():
    assert "student" in terms("ETHZ卒業生とstudentsが議論")
    assert "ethz" in terms("ETHZ卒業生とstudentsが議論")


def test_particles_auxiliaries_and_stop_verbs_are_dropped():
    found = terms("議論を深めました。研究をしている。")
    assert {"を", "ます", "た", "する", "いる", "。"}.isdisjoint(found)
    assert "議論" in found and "深める" in found and "研究" in found


def test_kana_spelling_variant_from_the_dictionary():
    # ハイブリット is a non-standard spelling; UniDic's lemma gives the standard one at the same place
    tokens = [(t.text, t.pos) for t in WORDS("ハイブリット形式", positions=True)]
    assert ("ハイブリット", 0) in tokens and ("ハイブリッド", 0) in tokens


def test_dropped_words_keep_their_position():
    adjacent = {t.text: t.pos for t in WORDS("共同研究", positions=True)}
    apart = {t.text: t.pos for t in WORDS("共同の研究", positions=True)}
    assert adjacent["研究"] - adjacent["共同"] == 1
    assert apart["研究"] - apart["共同"] == 2


def test_bigrams_cover_japanese_runs_only():
    grams = [t.text for t in JapaneseBigramTokenizer()("連邦工科 ETH")]
    assert grams == ["連邦", "邦工", "工科"]


def test_schema_pickles_and_tokenizes_after_unpickling():
    schema = pickle.loads(pickle.dumps(build_schema()))
    assert [t.text for t in schema["body"].analyzer("東京大学")] == ["東京", "大学"]


def test_tokenizer_survives_pickling_after_use():
    tokenizer = BilingualTokenizer()
    list(tokenizer("日本語"))
    assert [t.text for t in pickle.loads(pickle.dumps(tokenizer))("日本語")] == ["日本", "語"]


MIXED = st.lists(st.sampled_from(
    list("東京大学国際共同研究をがのはしたETHZstudents ｶﾞｷﾞｹﾝﾌﾞﾘｯｼﾞＡＢＣ１２３㈱ｱｲ、。ー・\n")
    + ["コンピューター", "ハイブリット", "ｶﾞ", "é", "e\u0301", "ﬁ"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_every_token_slices_back_to_its_surface(text):
    norm = normalize(text)
    for token in WORDS(text, positions=True, chars=True):
        original = text[token.startchar:token.endchar]
        assert original, (text, token.text)
        # the original slice, normalised, is the surface the analyzer saw
        assert normalize(original).text.casefold() in norm.text.casefold()
    for token in JapaneseBigramTokenizer()(text, chars=True):
        # bigrams are of folded katakana (indexer.kana; a final グ is ク only where the katakana ends)
        folded = fold_katakana(normalize(text[token.startchar:token.endchar]).text)
        assert token.text.replace("ク", "グ") in folded.replace("ク", "グ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalisation_map_is_monotonic_and_in_bounds(text):
    norm = normalize(text)
    for i in range(len(norm.text)):
        start, end = norm.span(i, i + 1)
        assert 0 <= start < end <= len(text)


def test_the_three_unidic_fields_read_from_the_feature_string_are_fugashis_own():
    # indexer.analysis splits node.feature_raw itself (fugashi's named tuple cost half the analysis)
    from renkei.corpus.data_files import read_text
    from renkei.indexer.analysis import _RUNS, _features, _Tagger
    text = normalize(read_text("002_3a9e6fe3850c785c.txt") + "ほげほげ語をﾃｽﾄする").text
    tagger, seen = _Tagger.get(), {"quoted": 0, "unknown": 0, "words": 0}
    for run in (m.group() for m in _RUNS.finditer(text) if m.lastgroup == "ja"):
        for node in tagger(run):
            feature = node.feature
            assert _features(node.feature_raw) == (feature.pos1, feature.lemma, feature.orthBase), node.surface
            seen["words"] += 1
            seen["quoted"] += '"' in node.feature_raw
            seen["unknown"] += feature.orthBase is None
    assert seen["words"] > 4_000 and seen["quoted"] > 100 and seen["unknown"] > 0, seen
