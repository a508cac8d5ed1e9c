"""The library answers misuse and damage found mid-query with typed errors, never a bare
TypeError/KeyError/UnicodeEncodeError or numpy's and whoosh's own exceptions (#13, item 9 and 5)."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY

from renkei import indexer
from renkei.corpus import Record
from renkei.indexer import store
from renkei.search import (Engine, EngineClosed, IndexDamaged, QuerySyntaxError, RecordNotFound, SearchError, UnknownFilter)


@pytest.fixture
def fresh_engine(scratch_index) -> Engine:
    engine = Engine(scratch_index)
    yield engine
    engine.close()


MISUSE = {
    "get: lone surrogate": (lambda e: e.get("\ud800"), RecordNotFound),
    "get: not text": (lambda e: e.get(5), RecordNotFound),
    "get: None": (lambda e: e.get(None), RecordNotFound),
    "similar: not text": (lambda e: e.similar(5), RecordNotFound),
    "similar: lone surrogate": (lambda e: e.similar("\ud800"), RecordNotFound),
    "similar: limit 0": (lambda e: e.similar("t/mixed", limit=0), QuerySyntaxError),
    "similar: limit text": (lambda e: e.similar("t/mixed", limit="3"), QuerySyntaxError),
    "search: unknown filter": (lambda e: e.search("x", filters={"colour": "red"}), QuerySyntaxError),
    "search: filter name not text": (lambda e: e.search("x", filters={5: "a"}), QuerySyntaxError),
    "search: filter value a float": (lambda e: e.search("x", filters={"year": 2009.5}), QuerySyntaxError),
    "search: filter value a dict": (lambda e: e.search("x", filters={"country": {"a": 1}}), QuerySyntaxError),
    "search: filter values of bytes": (lambda e: e.search("x", filters={"country": [b"de"]}), QuerySyntaxError),
    "search: filters a string": (lambda e: e.search("x", filters="country:japan"), QuerySyntaxError),
    "search: query bytes": (lambda e: e.search(b"forest"), QuerySyntaxError),
    "search: limit text": (lambda e: e.search("x", limit="3"), QuerySyntaxError),
    "search: sort unknown": (lambda e: e.search("x", sort="size"), QuerySyntaxError),
    "suggest: not text": (lambda e: e.suggest(5), QuerySyntaxError),
    "suggest: only a number": (lambda e: e.suggest("forst", only=5), QuerySyntaxError),
}


@pytest.mark.parametrize("case", MISUSE, ids=list(MISUSE))
def test_misuse_raises_a_typed_error_that_says_what_was_expected(tiny_engine, case):
    call, error = MISUSE[case]
    with pytest.raises(error) as raised:
        call(tiny_engine)
    assert isinstance(raised.value, SearchError) and str(raised.value)


def test_surrogates_in_queries_are_unmatched_text_and_in_filters_an_unknown_value(tiny_engine):
    assert tiny_engine.search("\ud800 forest").total == tiny_engine.search("forest").total == 1
    with pytest.raises(UnknownFilter):
        tiny_engine.search("forest", filters={"country": "\ud800"})


def test_close_closes_every_threads_searcher_and_later_use_is_an_error(fresh_engine):
    searchers = []

    def search_in_a_thread():   # spelling reads whoosh's terms: the thread opens a searcher
        fresh_engine.suggest("forst")
        searchers.append(fresh_engine._local.searcher)

    worker = threading.Thread(target=search_in_a_thread)
    worker.start()
    worker.join()
    fresh_engine.stats()
    searchers.append(fresh_engine._local.searcher)
    fresh_engine.close()
    assert len(searchers) == 2 and all(s.is_closed for s in searchers)
    for use in (lambda: fresh_engine.search("forest"), lambda: fresh_engine.get("t/mixed"), fresh_engine.stats,
                lambda: fresh_engine.similar("t/mixed"), lambda: fresh_engine.suggest("forst")):
        with pytest.raises(EngineClosed, match="closed"):
            use()
    fresh_engine.close()                                   # twice is harmless


def test_with_block_closes_the_engine(scratch_index):
    with Engine(scratch_index) as engine:
        assert engine.search("forest").total == 1
    with pytest.raises(EngineClosed):
        engine.search("forest")


# --- damage found after the index opened ------------------------------------------------------------

def _replace(path: Path, content: bytes) -> None:
    """New content under the same name (a new file, as most tools write): the engine's maps stay valid."""
    path.unlink()
    path.write_bytes(content)


def _fast_file(index_dir: Path, name: str) -> Path:
    return next(store.live_generation(index_dir).glob(f"fast/s*/{name}"))


@pytest.mark.parametrize("name, damage", [("body.docs.npy", "half"), ("body.docs.npy", "zero"),
                                          ("date.npy", "half"), ("names.pstart.npy", "zero"), ("body.terms", "half"),
                                          ("records.npy", "half"), ("records.npy", "zero"),
                                          ("records.start.npy", "half")])
def test_a_fast_array_damaged_after_opening_is_named_at_query_time(fresh_engine, scratch_index, name, damage):
    path = _fast_file(scratch_index, name)
    data = path.read_bytes()
    _replace(path, data[:len(data) // 2] if damage == "half" else bytes(len(data)))
    for _ in range(2):                                 # and again: the engine does not get stuck elsewhere
        with pytest.raises(IndexDamaged) as raised:
            fresh_engine.search("forest certification")
        message = str(raised.value)
        assert name in message and "renkei doctor" in message and "renkei index --rebuild" in message


def test_a_whoosh_segment_zeroed_in_place_after_opening_is_named_when_read(fresh_engine, scratch_index):
    fresh_engine.search("forest")                      # the segment is open and mapped
    for segment in store.live_generation(scratch_index).glob("*.seg"):
        with open(segment, "r+b") as handle:            # same length, in place: no SIGBUS
            handle.write(bytes(segment.stat().st_size))
    # A search and a record read the fast arrays and their records (whoosh keeps no copy of the
    # records), not whoosh's segments; renkei doctor reads everything and names the damage.
    assert [h.id for h in fresh_engine.search("students").hits][:1] == ["t/en-students"]
    assert fresh_engine.get("t/en-students").id == "t/en-students"
    report = indexer.check_index(scratch_index)
    assert not report.healthy and any(".seg cannot be read" in problem for problem in report.problems)


def test_an_error_on_a_healthy_index_is_not_disguised_as_damage(fresh_engine, monkeypatch):
    from renkei.search import engine as search_engine

    def broken(*args, **kwargs):
        raise ValueError("a bug, not damage")

    monkeypatch.setattr(search_engine, "build_plan", broken)
    with pytest.raises(ValueError, match="a bug"):
        fresh_engine.search("forest")


def test_opening_a_generation_with_a_cut_fast_array_is_refused_naming_it(scratch_index):
    path = _fast_file(scratch_index, "body.pstart.npy")
    os.truncate(path, path.stat().st_size - 1)
    with pytest.raises(IndexDamaged, match=r"body\.pstart\.npy is \d+ bytes, not the \d+ its header says"):
        Engine(scratch_index)
    report = indexer.check_index(scratch_index)
    assert not report.healthy and "body.pstart.npy" in report.problems[0]
    indexer.build_index(TINY, scratch_index)            # the way out works
    assert Engine(scratch_index).search("forest").total == 1


def _last_value_changed(path: Path) -> None:
    values = np.load(path)
    values[-1] += 1
    np.save(path, values)


@pytest.mark.parametrize("name, damage, message", [
    ("body.terms", lambda p: os.truncate(p, p.stat().st_size - 1), r"body\.terms is \d+ bytes, shorter than body\.tstart"),
    ("body.poff.npy", _last_value_changed, r"body\.poff\.npy does not match the data it indexes"),
    ("names.pstart.npy", _last_value_changed, r"names\.pstart\.npy does not match the data it indexes"),
])
def test_opening_a_generation_whose_offsets_miss_their_data_is_refused_naming_the_file(scratch_index, name,
                                                                                       damage, message):
    damage(_fast_file(scratch_index, name))
    with pytest.raises(IndexDamaged, match=message):
        Engine(scratch_index)


@pytest.mark.parametrize("name, damage, message", [
    ("body.startchar.npy", lambda p: np.save(p, np.load(p)[:-1]), r"body\.startchar\.npy does not hold what renkei wrote"),
    ("names.endchar.npy", os.unlink, r"names\.endchar\.npy cannot be read"),
])
def test_character_offsets_that_do_not_fit_their_positions_are_refused_naming_the_file(scratch_index, name,
                                                                                       damage, message):
    damage(_fast_file(scratch_index, name))
    with pytest.raises(IndexDamaged, match=message):
        Engine(scratch_index)


def test_an_index_written_before_character_offsets_opens_and_is_highlighted_by_analysis(scratch_index):
    queries = ["国際共同研究", "students", "ETHZ シンポジウム"]
    with Engine(scratch_index) as engine:
        before = [[(h.id, h.highlights) for h in engine.search(q).hits] for q in queries]
    for path in store.live_generation(scratch_index).glob("fast/s*/*char.npy"):
        path.unlink()
    assert indexer.check_index(scratch_index).healthy
    indexer.add_records([Record(id="t/new", title="国際共同研究の新しい協定", text="Students meet.")], scratch_index)
    with Engine(scratch_index) as engine:   # one segment without offsets, one with
        assert not engine._fast().segments[0].has_chars("body") and engine._fast().segments[1].has_chars("body")
        after = [[(h.id, h.highlights) for h in engine.search(q).hits] for q in queries]
    new = [hit for page in after for hit in page if hit[0] == "t/new"]
    assert len(new) == 2 and all(marks and all(m.spans for m in marks) for _, marks in new)
    assert [[hit for hit in page if hit[0] != "t/new"] for page in after] == before


def test_a_fast_array_with_another_npy_header_version_still_opens(scratch_index):
    path = _fast_file(scratch_index, "body.docs.npy")   # read by numpy's own header parser, not the quick one
    values = np.load(path)
    with open(path, "wb") as handle:
        np.lib.format.write_array(handle, values, version=(2, 0))
    assert Engine(scratch_index).search("forest").total == 1
    os.truncate(path, path.stat().st_size - 1)
    with pytest.raises(IndexDamaged, match=r"body\.docs\.npy is \d+ bytes, not the \d+ its header says"):
        Engine(scratch_index)


# --- whoosh's known infinite loop (UnionMatcher.skip_to_quality, whoosh issues #446/#461) is never entered ---

def test_no_search_takes_whooshs_block_quality_path(engine, monkeypatch):
    import inspect

    import whoosh.matching

    def never(self, minquality):
        raise AssertionError(f"{type(self).__name__}.skip_to_quality: the path whoosh can loop forever on")

    for module in (whoosh.matching.mcore, whoosh.matching.binary, whoosh.matching.wrappers, whoosh.matching.combo):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if "skip_to_quality" in vars(cls):
                monkeypatch.setattr(cls, "skip_to_quality", never)
    for query in ("共同研究", "joint research OR symposium", "ETHZ シンポジウム", "university -Kyoto", "Minamisanrku"):
        engine.search(query, facets=True)
    for record_id in ("utokyo/partners/eth-zurich", "kyoto/memoranda/university-of-cambridge",
                      "utokyo/partners/seoul-national-university"):
        assert engine.similar(record_id, limit=5).hits
    assert engine.stats()["records"] > 300


def test_a_search_opens_whoosh_segments_only_when_it_reads_them(fresh_engine, scratch_index):
    assert [h.id for h in fresh_engine.search("forest").hits] == ["t/en-forest"]
    assert fresh_engine._ix is None                          # the fast arrays answered it (#35)
    for segment in store.live_generation(scratch_index).glob("*.seg"):
        segment.unlink()                                     # damage that only whoosh's reader sees
    with pytest.raises(IndexDamaged, match=r"\.seg cannot be read"):
        fresh_engine.suggest("forst")                        # did-you-mean reads whoosh's terms
