"""A build's memory does not grow with its input (#13): each writer process writes a fast segment
and a whoosh segment every fastindex.FLUSH_TOKENS tokens or FLUSH_ROWS rows, and the fast segments are merged a bounded
piece at a time, into the segment one builder holding every record would have written."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from renkei import indexer
from renkei.corpus import bundled_records
from renkei.indexer.columnar import blobs, segment as fastindex, merge as fastmerge
from renkei.indexer import store
from renkei.indexer.columnar.segment import FastSegment, Manifest
from renkei.search import Engine

QUERIES = ["共同研究", "国際共同研究", "ソウル国立大学", "student exchange", '"practical learning"',
           "KAIST OR POSTECH", "kind:memorandum", "country:korea 交流"]


def _segments(index: Path) -> list[Path]:
    fast = store.live_generation(index) / fastindex.FAST_DIR
    return [fast / name for name in Manifest.read(fast).segments]


def _results(index: Path) -> list:
    with Engine(index) as engine:
        return [(q, r.total, [(h.id, round(h.score, 6)) for h in r.hits], r.facets)
                for q in QUERIES for r in [engine.search(q, limit=20, facets=True)]]


def _files(segment: Path) -> dict[str, object]:
    """A segment's contents: arrays as lists (how np.save framed them aside), the records as their
    JSON (a merge keeps each input's compressed bytes and dictionary: blobs.py), the rest as read."""
    size = FastSegment(segment, None).size
    out: dict[str, object] = {"records": blobs.Records(segment, size).read(range(size))}
    for path in sorted(segment.iterdir()):
        if path.name in blobs.RECORD_FILES:
            continue
        if path.suffix == ".npy":
            array = np.load(path)
            out[path.name] = (array.dtype.str, array.tolist())
        elif path.suffix == ".json":
            out[path.name] = json.loads(path.read_text(encoding="utf-8"))
        else:
            out[path.name] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def one(tmp_path_factory) -> Path:
    """The bundled corpus written by one builder: one fast segment."""
    path = tmp_path_factory.mktemp("one") / "ix"
    indexer.build_index(bundled_records(), path, procs=1)
    assert len(_segments(path)) == 1
    return path


def test_a_writer_writes_a_segment_every_flush_and_a_new_index_has_them_merged(tmp_path, monkeypatch, one):
    monkeypatch.setattr(fastindex, "FLUSH_ROWS", 60)       # the forked writers inherit it
    written = []
    compact = fastmerge.compact
    monkeypatch.setattr(fastmerge, "compact", lambda fast, names, *args, **kw:
                        written.append(len(names)) or compact(fast, names, *args, **kw))
    records = bundled_records()
    indexer.build_index(records, tmp_path / "ix", procs=2)
    shares = [len(records) // 2, len(records) - len(records) // 2]
    assert written == [sum(math.ceil(n / 60) for n in shares)]
    # whoosh's segments are cut at the same flushes: its sorted runs on disk (all of a segment's
    # postings until the segment is written) hold one flush's worth at most
    flushed = [min(60, n - start) for n in shares for start in range(0, n, 60)]
    assert [s.doc_count_all() for s in indexer.open_index(tmp_path / "ix")._segments()] == flushed
    (merged,) = _segments(tmp_path / "ix")
    assert _files(merged) == _files(_segments(one)[0])
    assert _results(tmp_path / "ix") == _results(one)


def test_pieces_cut_by_tokens_merge_in_many_steps_into_the_segment_of_one_builder(tmp_path, monkeypatch, one):
    monkeypatch.setattr(fastindex, "FLUSH_TOKENS", 3000)   # ~20 segments a writer
    monkeypatch.setattr(fastmerge, "CHUNK", 500)           # a merge in many steps
    indexer.build_index(bundled_records(), tmp_path / "ix", procs=2)
    (merged,) = _segments(tmp_path / "ix")
    assert _files(merged) == _files(_segments(one)[0])
    assert _results(tmp_path / "ix") == _results(one)


def test_a_merge_drops_deleted_rows_as_a_build_without_them_would(tmp_path, monkeypatch):
    monkeypatch.setattr(fastindex, "FLUSH_ROWS", 50)
    monkeypatch.setattr(fastmerge, "CHUNK", 700)
    records = bundled_records()
    indexer.build_index(records[:150], tmp_path / "a", procs=1)
    indexer.build_index(records[150:], tmp_path / "b", procs=1)
    rng = np.random.default_rng(13)
    segments, live = [], []
    for index in ("a", "b"):
        (path,) = _segments(tmp_path / index)
        deleted = rng.random(FastSegment(path, None).size) < 0.3
        deleted[:40] = index == "b"    # a run of deleted rows: some terms lose every posting
        segments.append(FastSegment(path, deleted))
        live += (~deleted).tolist()
    fastmerge.write_merged(segments, tmp_path / "merged")
    kept = [r for r, keep in zip(records, live) if keep]
    indexer.build_index(kept, tmp_path / "kept", procs=1)
    assert _files(tmp_path / "merged") == _files(_segments(tmp_path / "kept")[0])


def _user_file(path: Path, n: int) -> Path:
    texts = [r.text for r in bundled_records()[:n]]
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": f"note/{i}", "title": f"Note {i}", "text": text}, ensure_ascii=False) + "\n")
    return path


def test_an_add_is_streamed_and_flushed_as_a_build_is(tmp_path, monkeypatch):
    """Adding a file to an index reads it a record at a time and flushes every FLUSH_ROWS rows: no
    builder ever holds more, and the index answers as one written without flushes."""
    first = _user_file(tmp_path / "first.jsonl", 40)
    added = _user_file(tmp_path / "added.jsonl", 170)   # replaces the 40 and adds 130
    for name in ("whole", "flushed"):
        indexer.build_index(bundled_records()[:120], tmp_path / name, procs=1)
        indexer.add_paths([first], tmp_path / name)
    indexer.add_paths([added], tmp_path / "whole")
    before = len(_segments(tmp_path / "flushed"))
    held = []
    add = fastindex.SegmentBuilder.add
    monkeypatch.setattr(fastindex.SegmentBuilder, "add", lambda self, *a: held.append(len(self)) or add(self, *a))
    monkeypatch.setattr(fastindex, "FLUSH_ROWS", 60)
    indexer.add_paths([added], tmp_path / "flushed")
    assert max(held) < 60
    assert len(_segments(tmp_path / "flushed")) > before + 1
    assert _results(tmp_path / "flushed") == _results(tmp_path / "whole")
    with Engine(tmp_path / "flushed") as engine:
        assert engine.stats()["records"] == 120 + 170


def test_a_merge_keeps_its_inputs_compressed_records_unless_their_dictionaries_outweigh_them(tmp_path, monkeypatch):
    """A merge copies each input's compressed records with its dictionary (no compressing again in
    a build's last step), but compresses them again with one dictionary when the inputs'
    dictionaries would outweigh half the records (blobs.py); the records read the same either way."""
    records = bundled_records()
    monkeypatch.setattr(fastindex, "FLUSH_ROWS", 70)               # 6 parts, each with a dictionary
    monkeypatch.setattr(blobs, "DICTIONARY_FROM", 1024)
    expected = [json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8") for r in records]
    for dictionary, name, kept in ((1024, "copied", 6), (blobs.DICTIONARY_BYTES, "again", 1)):
        monkeypatch.setattr(blobs, "DICTIONARY_BYTES", dictionary)
        indexer.build_index(records, tmp_path / name, procs=2)
        (merged,) = _segments(tmp_path / name)
        dictionaries, per_row = blobs.read_dictionaries(merged)
        assert len(dictionaries) == kept and all(0 < len(d) <= dictionary for d in dictionaries), name
        assert sorted(set(per_row.tolist())) == list(range(kept))
        assert blobs.Records(merged, len(records)).read(range(len(records))) == expected
