"""The shipped needs of the bundled dictionary (indexer.dictionary_needs) and the lines they choose."""
from __future__ import annotations

from dataclasses import fields
from importlib import resources

import numpy as np
import pytest

from renkei import indexer
from renkei.corpus.dictionary import bundled_text
from renkei.indexer.columnar import segment as fastindex
from renkei.indexer import store
from renkei.indexer.dictionary.select import Vocabulary, usable_lines, write_dictionary
from renkei.indexer.dictionary.needs import NEEDS_PATH, Needs, needs_of, new_words_may_count, prepare
from renkei.indexer.dictionary.table import GLOSS_WORD
from renkei.indexer.analysis import JAPANESE
from renkei.indexer.errors import IndexerError


def _same(a: Needs, b: Needs) -> list[str]:
    """The fields in which two needs differ."""
    differ = []
    for f in fields(Needs):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if not (x == y if isinstance(x, (str, list)) else x.dtype == y.dtype and np.array_equal(x, y)):
            differ.append(f.name)
    return differ


def test_the_shipped_needs_are_the_bundled_dictionarys():
    # Fails after a change to the dictionary or to the analysis until tools/build_dictionary_needs.py runs.
    assert resources.files("renkei.indexer").joinpath("data", NEEDS_PATH.name).is_file()   # package data
    text = bundled_text()
    shipped = Needs.load(NEEDS_PATH, forms=True)
    assert _same(shipped, prepare(text)) == []
    assert needs_of(text) is not None and _same(needs_of(text), Needs.load(NEEDS_PATH)) == []


def test_new_words_count_when_a_line_is_made_of_them_or_a_japanese_one_is_inside_a_form():
    shipped = Needs.load(NEEDS_PATH, forms=True)
    terms = set(shipped.terms)
    inside = next(f[1:3] for f in shipped.forms if len(f) > 3 and f[1:3] not in terms
                  and all(JAPANESE.match(c) for c in f[1:3]))
    assert new_words_may_count({"research"}) and new_words_may_count({"zorbexian", "研究"})   # index words of lines
    assert new_words_may_count({inside})      # may_make may split a form at it
    assert not new_words_may_count({"zorbexian", "ゾルベクシアン"})
    assert new_words_may_count({f"zorbexian{n}" for n in range(1000)})   # many: chosen again, not asked


def test_saved_needs_load_as_they_were(tmp_path):
    text = "研究;考究\tP\tresearch; study\t+x\n# a comment\n\n国際交流\t\tinternational exchange\n研究\t\tresearch"
    needs = prepare(text)
    needs.save(tmp_path / "needs.npz")
    assert _same(Needs.load(tmp_path / "needs.npz", forms=True), needs) == []
    assert needs.line_numbers.tolist() == [0, 3, 4]
    assert needs.line_forms.tolist() == [0, 1, 2, 0]          # 研究 again: its first place
    assert [needs.words[i] for i in needs.gloss_words] == ["research", "study", "x", "international", "exchange"]
    for text in ("", "# a comment only", "を\t\tの"):   # nothing to need: no words, no forms made of any
        empty = prepare(text)
        empty.save(tmp_path / "empty.npz")
        assert _same(Needs.load(tmp_path / "empty.npz", forms=True), empty) == []


def _line_by_line(vocabulary: Vocabulary, text: str) -> list[tuple]:
    """The definition, asked of each line: a form the index's words make, or a gloss whose every
    word the index has as written."""
    lines = text.split("\n")
    vocabulary.learn_words({w for line in lines for w in GLOSS_WORD.findall(line.lower())})
    out = []
    for number, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        forms, _, senses = line.split("\t", 2)
        known_forms = {f for f in forms.split(";") if vocabulary.has_form(f)}
        known = {g for s in senses.split("\t") for g in s.split("; ") if vocabulary.has_gloss(g, as_written=True)}
        if known_forms or known:
            out.append((number, known_forms, known))
    return out


@pytest.mark.parametrize("written", [True, False])
def test_the_arrays_choose_the_lines_the_definition_does(index_dir, written):
    generation = store.live_generation(index_dir)
    words = fastindex.field_terms(generation, fastindex.EXACT) if written else None
    text = bundled_text()
    vocabularies = [Vocabulary.of_index(indexer.open_index(index_dir), words) for _ in range(2)]
    chosen = [(n, forms, glosses) for n, _, _, _, forms, glosses
              in usable_lines(vocabularies[0], needs_of(text), text.split("\n"))]
    expected = _line_by_line(vocabularies[1], text)
    assert chosen == expected
    assert len(chosen) > 5000
    assert any(forms and not glosses for _, forms, glosses in chosen)
    assert any(glosses and not forms for _, forms, glosses in chosen)


def test_a_dictionary_line_without_its_fields_is_named(tmp_path):
    with pytest.raises(IndexerError, match=r"dictionary:3: expected forms<TAB>flags<TAB>senses"):
        write_dictionary(tmp_path, terms={"研究"}, text="研究\tP\tresearch\n\n研究 research\n")
