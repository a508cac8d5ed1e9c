"""How the index is written fast (#11): builds shared out to processes, adds that copy nothing they
can share, a dictionary kept when an add brings no new word, whoosh imported without urllib."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import TINY

from renkei import indexer
from renkei.corpus import Record, bundled_records
from renkei.indexer import store
from renkei.indexer.check import open_whoosh
from renkei.indexer.dictionary.select import DICTIONARY_FILE
from renkei.indexer.errors import IndexerError
from renkei.search import Engine

QUERIES = ["共同研究", "国際共同研究", "ソウル国立大学", "シンポジウム", "student exchange", "joint research",
           "Seoul National University", "ETHZ シンポジウム", '"practical learning"', "KAIST OR POSTECH",
           "kind:memorandum", "連邦工科"]


def _whoosh_contents(index: Path) -> dict:
    """Every field's terms with their postings (record id, weight, encoded value) and statistics, and
    every stored record."""
    ix = open_whoosh(store.live_generation(index))
    out = {}
    with ix.reader() as reader:
        ids = {n: fields["id"] for n, fields in reader.iter_docs()}
        out["stored"] = sorted((fields["id"], sorted(fields.items())) for _, fields in reader.iter_docs())
        for field in ix.schema.names():
            if not ix.schema[field].indexed:
                continue
            postings = []
            for term in reader.lexicon(field):
                matcher = reader.postings(field, term)
                found = []
                while matcher.is_active():
                    found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                    matcher.next()
                info = reader.term_info(field, term)   # the statistics whoosh keeps per term and block
                stats = (round(info.weight(), 4), info.doc_frequency(), info.min_length(), info.max_length(),
                         round(info.max_weight(), 4))
                postings.append((term, sorted(found), stats))
            # (a record without the field: whoosh says None or 0, depending on its segment)
            out[field] = (postings, sorted((ids[n], reader.doc_field_length(n, field) or 0) for n in ids))
    return out


def _results(index: Path) -> list:
    with Engine(index) as engine:
        return [(q, r.total, [(h.id, round(h.score, 6)) for h in r.hits], r.facets)
                for q in QUERIES for r in [engine.search(q, limit=20, facets=True)]]


def test_a_build_shared_out_to_processes_is_the_build_of_one(tmp_path):
    records = bundled_records()
    indexer.build_index(records, tmp_path / "one", procs=1)
    indexer.build_index(records, tmp_path / "two", procs=2)
    one, two = tmp_path / "one", tmp_path / "two"
    assert len(list((store.live_generation(two) / "fast").glob("s0*"))) == 1     # the processes' segments merged
    assert _whoosh_contents(one) == _whoosh_contents(two)
    assert _results(one) == _results(two)
    dictionary = [(store.live_generation(p) / DICTIONARY_FILE).read_text(encoding="utf-8") for p in (one, two)]
    assert dictionary[0] == dictionary[1] and dictionary[0]


@pytest.mark.parametrize("limit", ["whoosh's own writer", "spilled at once"])
def test_the_fast_segment_writer_writes_the_segments_whoosh_s_own_writer_writes(tmp_path, monkeypatch, limit):
    from whoosh.writing import SegmentWriter

    from renkei.indexer import build
    from renkei.indexer.writing import processes as writer
    records = bundled_records()[:150]
    indexer.build_index(records, tmp_path / "fast", procs=1)
    if limit == "spilled at once":
        monkeypatch.setattr(build, "LIMIT_MB", 0)       # every posting past the limit: whoosh's pool
    else:   # whoosh's add_document, analysis, posting pool and length reader
        monkeypatch.setattr(writer, "FastSegmentWriter", lambda ix, limitmb, **_: SegmentWriter(ix, limitmb=limitmb))
    indexer.build_index(records, tmp_path / "whoosh", procs=1)
    assert _whoosh_contents(tmp_path / "fast") == _whoosh_contents(tmp_path / "whoosh")


def test_an_add_that_merges_small_segments_writes_what_whoosh_s_own_writer_writes(tmp_path, monkeypatch):
    """The sixth add of one record merges the five one-record segments before it into its writer
    (whoosh's merge policy): the postings of the fast segment builder are pooled with the merge's."""
    from whoosh.writing import SegmentWriter

    from renkei.indexer.writing import processes as writer
    records = bundled_records()[:150]
    extra = [replace(records[k], id=f"extra/{k}") for k in range(6)]
    for name in ("fast", "whoosh"):
        if name == "whoosh":
            monkeypatch.setattr(writer, "FastSegmentWriter", lambda ix, limitmb, **_: SegmentWriter(ix, limitmb=limitmb))
        indexer.build_index(records, tmp_path / name, procs=1)
        for record in extra:
            indexer.add_records([record], tmp_path / name)
    segments = open_whoosh(store.live_generation(tmp_path / "fast"))._segments()
    assert [s.doc_count_all() for s in segments] == [150, 6]   # five adds' segments merged
    assert _whoosh_contents(tmp_path / "fast") == _whoosh_contents(tmp_path / "whoosh")


def test_the_term_pool_hands_postings_out_of_order_to_whoosh_s_sort():
    from renkei.indexer.writing.segments import _TermPool

    class Spill:
        fieldnames: set = set()
        items: list = []

        def add(self, item):
            self.items.append(item)

        def iter_postings(self):
            return iter(sorted(self.items))

    pool = _TermPool(Spill(), limitmb=64)
    postings = [("body", b"b", 3, 1.0, b"x"), ("body", b"a", 5, 2.0, None), ("body", b"b", 9, 1.0, b"yz")]
    for item in postings:
        pool.add(item)
    assert list(pool.iter_postings()) == sorted(postings)      # in memory: grouped by term
    pool.add(("body", b"b", 4, 1.0, b"w"))                      # before document 9: out of order
    assert list(pool.iter_postings()) == sorted([*postings, ("body", b"b", 4, 1.0, b"w")])


def test_a_failing_process_fails_the_build_and_keeps_the_index(tmp_path, monkeypatch):
    index = tmp_path / "ix"
    indexer.build_index(TINY, index)
    before = store.live_generation(index)
    from renkei.indexer import build
    document = build.document

    def broken(record, *args):   # one record of the second process's share
        if record.id == "synth/0030":
            raise IndexerError("record synth/0030: cannot be indexed")
        return document(record, *args)

    monkeypatch.setattr(build, "document", broken)   # the forked writers inherit it
    records = [replace(TINY[i % len(TINY)], id=f"synth/{i:04d}") for i in range(40)]
    with pytest.raises(IndexerError, match="synth/0030"):
        indexer.build_index(records, index, procs=2)
    assert store.live_generation(index) == before
    assert sorted(h.id for h in Engine(index).search("研究", limit=50).hits) == ["t/ja-compound", "t/ja-scattered"]


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_add_shares_the_unchanged_files_and_leaves_the_previous_generation_as_it_was(scratch_index):
    old = store.live_generation(scratch_index)
    before = _hashes(old)
    changed = replace(TINY[3], text="The forests acquired PEFC certification.")   # replaces t/en-forest
    indexer.add_records([changed, Record(id="t/new", title="Walrus", text="A walrus.")], scratch_index)
    new = store.live_generation(scratch_index)
    assert new != old and _hashes(old) == before          # the previous generation: readers may still use it
    shared = [p for p in old.glob("*.seg")] + list((old / "fast").glob("s*/*"))
    assert shared and all((new / p.relative_to(old)).stat().st_ino == p.stat().st_ino for p in shared)
    with Engine(scratch_index) as engine:
        assert [h.id for h in engine.search("PEFC").hits] == ["t/en-forest"]
        assert engine.search("FSC").total == 0 and engine.search("walrus").total == 1


def test_an_add_without_new_words_keeps_the_dictionary_and_one_with_new_words_remakes_it(scratch_index):
    def dictionary() -> Path:
        return store.live_generation(scratch_index) / DICTIONARY_FILE
    first = dictionary().stat().st_mtime_ns
    indexer.add_records([replace(TINY[0], id="t/again")], scratch_index)        # the same words again
    assert dictionary().stat().st_mtime_ns == first                               # copied, not chosen again
    indexer.add_records([Record(id="t/space", title="宇宙開発", text="宇宙開発の研究。", lang="ja")], scratch_index)
    assert "+宇宙開発" in dictionary().read_text(encoding="utf-8")


def test_an_add_whose_new_words_no_dictionary_line_needs_keeps_the_dictionary_a_new_choice_makes(scratch_index, tmp_path):
    import shutil

    from renkei.indexer.columnar import segment as fastindex
    from renkei.indexer.dictionary.select import write_dictionary

    def dictionary() -> Path:
        return store.live_generation(scratch_index) / DICTIONARY_FILE
    first = dictionary().stat().st_mtime_ns
    name = Record(id="t/name", title="Zorbexian", text="Zorbexian ゾルベクシアン Quantumfolk.")   # a name, nothing else new
    indexer.add_records([name], scratch_index)
    assert dictionary().stat().st_mtime_ns == first                               # carried over
    indexer.add_records([replace(name, id="t/name2", text="Zorbexian 宇宙開発.")], scratch_index)
    assert dictionary().stat().st_mtime_ns != first                               # chosen again
    chosen = shutil.copytree(store.live_generation(scratch_index), tmp_path / "chosen")
    write_dictionary(chosen, open_whoosh(chosen), written=fastindex.field_terms(chosen, fastindex.EXACT))
    assert (chosen / DICTIONARY_FILE).read_bytes() == dictionary().read_bytes()   # what choosing again gives


def test_a_remade_dictionary_covers_the_whole_index_not_only_the_write(scratch_index):
    def lines() -> set[str]:
        return set((store.live_generation(scratch_index) / DICTIONARY_FILE).read_text(encoding="utf-8").splitlines())
    before = lines()
    assert before
    indexer.add_records([Record(id="t/space", title="宇宙開発", text="宇宙開発の研究。", lang="ja")], scratch_index)
    assert before < lines()          # the new words' entries, and every entry the index had
    indexer.remove(["t/space"], scratch_index)
    assert before <= lines()


@pytest.mark.parametrize("first", ["renkei.indexer", "renkei.search; renkei.search.Engine"])
def test_importing_the_indexer_or_the_search_library_leaves_urllib_and_whooshs_inflections_out(first):
    code = (f"import sys, {first}; import whoosh.compat, whoosh.query; print('urllib.request' in sys.modules, "
            "callable(whoosh.compat.urlretrieve), '__file__' in vars(sys.modules['whoosh.lang.morph_en']), "
            "'studying' in whoosh.query.terms.variations('study'), "
            "'__file__' in vars(sys.modules['whoosh.lang.morph_en']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "False", "True", "True"]   # the real table once used


def test_many_adds_keep_few_fast_segments_and_the_results_of_one_build(tmp_path, scratch_index):
    from renkei.indexer.columnar.merge import MAX_SEGMENTS
    everything = {r.id: r for r in TINY}
    for i in range(MAX_SEGMENTS + 4):
        added = [Record(id=f"t/add-{i}", title=f"国際共同研究 {i}", text=f"Joint research, round {i}. 共同研究。")]
        if i % 3 == 0:   # some adds replace a record: its old row is deleted, then dropped by a merge
            added.append(replace(TINY[i % len(TINY)], text=TINY[i % len(TINY)].text + f" 追記 {i}"))
        indexer.add_records(added, scratch_index)
        everything.update((r.id, r) for r in added)
    fast = store.live_generation(scratch_index) / "fast"
    segments = list(fast.glob("s0*[0-9]"))
    assert len(segments) <= MAX_SEGMENTS
    assert all((s / "body.startchar.npy").is_file() for s in segments)   # merges keep the offsets
    indexer.build_index(list(everything.values()), tmp_path / "once")
    queries = ["共同研究", "国際共同研究", "joint research", "追記", "round", "forest"]
    with Engine(scratch_index) as added, Engine(tmp_path / "once") as once:
        for q in queries:
            a, b = added.search(q, limit=50, facets=True), once.search(q, limit=50, facets=True)
            assert (a.total, [(h.id, round(h.score, 6), h.highlights) for h in a.hits], a.facets) == \
                   (b.total, [(h.id, round(h.score, 6), h.highlights) for h in b.hits], b.facets), q


def test_an_add_shared_out_to_processes_is_the_add_of_one(tmp_path, monkeypatch):
    """A large add is written by writer processes (build.PARALLEL_THRESHOLD, lowered here): the same
    index content and the same results as the add written in one process, replaced records included."""
    from renkei.indexer import build
    records = bundled_records()
    first = [replace(r, id=f"added/{i}") for i, r in enumerate(records[:40])]
    added = [replace(r, id=f"added/{i}", title=f"{r.title} again") for i, r in enumerate(records[:170])]
    for name in ("one", "two"):
        indexer.build_index(records[170:290], tmp_path / name, procs=1)
        indexer.add_records(first, tmp_path / name)
    indexer.add_records(added, tmp_path / "one")
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 50)
    writes = []
    from renkei.indexer.writing import processes
    real = processes.write_shares
    monkeypatch.setattr(processes, "write_shares", lambda *a, **k: writes.append(a[4]) or real(*a, **k))
    indexer.add_records(added, tmp_path / "two")
    assert writes and writes[0] > 1   # processes wrote it
    assert _whoosh_contents(tmp_path / "one") == _whoosh_contents(tmp_path / "two")
    assert _results(tmp_path / "one") == _results(tmp_path / "two")
    with Engine(tmp_path / "two") as engine:
        assert engine.stats()["records"] == 120 + 170


def test_a_failing_process_fails_an_add_and_keeps_the_index(tmp_path, monkeypatch):
    from renkei.indexer import build
    index = tmp_path / "ix"
    indexer.build_index(TINY, index)
    before = store.live_generation(index)
    document = build.document

    def broken(record, *args):
        if record.id == "synth/0030":
            raise IndexerError("record synth/0030: cannot be indexed")
        return document(record, *args)

    monkeypatch.setattr(build, "document", broken)
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 20)
    with pytest.raises(IndexerError, match="synth/0030"):
        indexer.add_records([replace(TINY[i % len(TINY)], id=f"synth/{i:04d}") for i in range(40)], index)
    assert store.live_generation(index) == before
    assert sorted(h.id for h in Engine(index).search("研究", limit=50).hits) == ["t/ja-compound", "t/ja-scattered"]
