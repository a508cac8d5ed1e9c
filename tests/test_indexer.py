"""The index: build, update by file and id, atomic swaps, locking, versions (#3)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY

from renkei import indexer
from renkei.corpus import Record, RecordParseError
from renkei.corpus.documents.user_files import document_id
from renkei.indexer import store
from renkei.search import Engine


def ids(engine: Engine, query: str, **kwargs) -> list[str]:
    return [h.id for h in engine.search(query, limit=50, **kwargs).hits]


def test_build_reports_figures(tmp_path):
    stats = indexer.build_index(TINY, tmp_path / "ix")
    assert stats.written == stats.total == len(TINY)
    assert stats.size_bytes > 0 and stats.seconds > 0
    meta = indexer.read_meta(indexer.live_generation(tmp_path / "ix"))
    assert meta["schema_version"] and meta["unidic_lite"] and meta["fugashi"] and meta["records"] == len(TINY)


def test_whole_words_and_partial_words(tiny_engine):
    # 連邦工科 inside スイス連邦工科大学 style compounds: the bigram field finds parts of words
    assert ids(tiny_engine, "ブリッジ") == ["t/ja-tokyo"]
    # ...but a university's known name is that university: 京大 (Kyoto) is not the 京大 inside 東京大学
    assert ids(tiny_engine, "京大") == []


def test_partial_matches_rank_below_whole_word_matches(tmp_path):
    records = [Record(id="partial", title="ニューロインテリジェンス国際研究機構", text="脳科学の研究", lang="ja"),
               Record(id="whole", title="インテリジェンス", text="情報活動の研究", lang="ja")]
    indexer.build_index(records, tmp_path / "ix")
    assert ids(Engine(tmp_path / "ix"), "インテリジェンス") == ["whole", "partial"]
    assert ids(Engine(tmp_path / "ix"), "国際研究") == ["partial"]


def test_adding_the_same_file_twice_does_not_duplicate(tmp_path, scratch_index):
    doc = tmp_path / "notes.md"
    doc.write_text("# 覚書の締結\n\nハーバード大学と覚書を締結した。", encoding="utf-8")
    first = indexer.add_paths([doc], scratch_index)
    second = indexer.add_paths([doc], scratch_index)
    assert first.total == second.total == len(TINY) + 1
    assert ids(Engine(scratch_index), "ハーバード") == [document_id(doc)]


def test_re_adding_a_changed_file_replaces_its_records(tmp_path, scratch_index):
    data = tmp_path / "mine.jsonl"
    data.write_text('{"id": "a", "title": "Alpha", "text": "walrus"}\n{"id": "b", "title": "Beta", "text": "walrus"}\n')
    indexer.add_paths([data], scratch_index)
    data.write_text('{"id": "a", "title": "Alpha", "text": "narwhal"}\n')
    stats = indexer.add_paths([data], scratch_index)
    engine = Engine(scratch_index)
    assert ids(engine, "walrus") == [] and ids(engine, "narwhal") == ["a"]
    assert stats.total == len(TINY) + 1


def test_remove_by_id(scratch_index):
    stats, missing = indexer.remove(["t/en-forest", "no/such"], scratch_index)
    assert (stats.removed, stats.total, missing) == (1, len(TINY) - 1, ["no/such"])
    assert ids(Engine(scratch_index), "forest") == []


def test_bad_input_is_rejected_before_anything_is_written(tmp_path, scratch_index):
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "g", "title": "Good", "text": "zebra"}\n')
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "title": "Bad"}\n')
    before = (scratch_index / store.CURRENT).read_text()
    with pytest.raises(RecordParseError, match=r"bad.jsonl:1: missing required field 'text'"):
        indexer.add_paths([good, bad], scratch_index)
    assert (scratch_index / store.CURRENT).read_text() == before
    assert ids(Engine(scratch_index), "zebra") == []


def test_own_corpus_without_the_bundled_seeds(tmp_path):
    data = tmp_path / "only.jsonl"
    data.write_text('{"id": "o", "title": "Own", "text": "only my records"}\n')
    stats = indexer.build_default_index(tmp_path / "ix", paths=[data], bundled=False)
    assert stats.total == 1
    assert indexer.read_meta(indexer.live_generation(tmp_path / "ix"))["bundled"] is False


def test_a_second_writer_gets_a_clear_busy_error(scratch_index):
    with store.write_lock(scratch_index):
        with pytest.raises(indexer.IndexBusy, match="busy"):
            indexer.add_records(TINY[:1], scratch_index)
        started = time.monotonic()
        with pytest.raises(indexer.IndexBusy):
            indexer.add_records(TINY[:1], scratch_index, wait=0.3)
        assert time.monotonic() - started >= 0.3
    indexer.add_records(TINY[:1], scratch_index)  # free again


def test_incompatible_index_says_rebuild(scratch_index):
    generation = indexer.live_generation(scratch_index)
    meta = json.loads((generation / store.META).read_text())
    meta["schema_version"] = -1
    (generation / store.META).write_text(json.dumps(meta))
    with pytest.raises(indexer.IndexIncompatible, match="renkei index --rebuild"):
        indexer.open_index(scratch_index)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(indexer.IndexNotFound, match="renkei index"):
        indexer.open_index(tmp_path / "none")


def test_unwritable_folder_gives_a_clear_error_and_keeps_the_index(scratch_index):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    os.chmod(scratch_index, 0o500)
    try:
        with pytest.raises(indexer.IndexerError):
            indexer.add_records(TINY[:1], scratch_index)
    finally:
        os.chmod(scratch_index, 0o700)
    assert ids(Engine(scratch_index), "forest") == ["t/en-forest"]


def _big_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"big/{i}", "title": f"記録 {i}",
                                "text": f"国際共同研究 {i} の報告。students exchange programme number {i}."},
                               ensure_ascii=False) + "\n")


def test_a_killed_rebuild_leaves_the_old_index_answering(tmp_path, scratch_index):
    big = tmp_path / "big.jsonl"
    _big_jsonl(big, 20000)
    before = ids(Engine(scratch_index), "forest")
    gens_before = {p.name for p in scratch_index.glob("gen-*")}
    proc = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(scratch_index), "index", "--rebuild",
                             "--no-bundled", str(big)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and {p.name for p in scratch_index.glob("gen-*")} == gens_before:
        time.sleep(0.02)  # wait until the rebuild has started writing its new generation
    time.sleep(0.3)
    assert proc.poll() is None, "the rebuild finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert ids(Engine(scratch_index), "forest") == before
    stats = indexer.add_records(TINY[:1], scratch_index)  # the next writer is not blocked, cleans up
    assert stats.total == len(TINY)
    assert len(list(scratch_index.glob("gen-*"))) <= 2


def test_a_full_disk_gives_a_clear_error_and_keeps_the_index(scratch_index, monkeypatch):
    from whoosh.writing import SegmentWriter

    def no_space(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SegmentWriter, "commit", no_space)
    with pytest.raises(indexer.IndexWriteError, match="No space left on device.*previous index is unchanged"):
        indexer.add_records([Record(id="new", title="New", text="zebra")], scratch_index)
    monkeypatch.undo()
    assert ids(Engine(scratch_index), "forest") == ["t/en-forest"]
    assert len(list(scratch_index.glob("gen-*"))) == 1   # the half-written generation is gone


def test_a_permission_error_gives_a_clear_error_and_keeps_the_index(scratch_index, monkeypatch):
    # The same path as an unwritable folder, where the tests run as root and chmod cannot stop them.
    real_mkdir = Path.mkdir

    def refuse(self, *args, **kwargs):
        if self.parent == scratch_index:
            raise PermissionError(13, "Permission denied")
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(indexer.IndexWriteError, match="Permission denied.*previous index is unchanged"):
        indexer.add_records([Record(id="new", title="New", text="zebra")], scratch_index)
    monkeypatch.undo()
    assert ids(Engine(scratch_index), "forest") == ["t/en-forest"]
