"""Nothing of the user's is lost or deleted, and a damaged index says so (#13)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY

from renkei import indexer
from renkei.indexer import store
from renkei.search import Engine
from renkei.search.cli import cli

MINE = '{"id": "mine/1", "title": "My notes", "text": "共同研究 the notes only I have"}\n'


def tree(path: Path) -> dict[str, bytes | None]:
    """Every file and folder under `path` with its content: equal trees mean nothing was written."""
    return {str(p.relative_to(path)): (p.read_bytes() if p.is_file() else None) for p in sorted(path.rglob("*"))}


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def generations(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.glob("gen-*"))


@pytest.fixture
def own_index(tmp_path, runner) -> Path:
    """An index of the user's own records only (no bundled corpus to fall back on)."""
    data = tmp_path / "mine.jsonl"
    data.write_text(MINE, encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = runner.invoke(cli, ["--index", str(index_dir), "index", "--rebuild", "--no-bundled", str(data)])
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.fixture
def more(tmp_path) -> Path:
    path = tmp_path / "more.jsonl"
    path.write_text('{"id": "more/1", "title": "More", "text": "more 共同研究"}\n', encoding="utf-8")
    return path


# --- 1. renkei deletes only what it can prove it wrote ------------------------------------------------

def test_a_search_does_not_touch_a_folder_of_the_users_files(tmp_path, runner):
    folder = tmp_path / "d"
    (folder / "gen-notes").mkdir(parents=True)
    (folder / "gen-notes" / "thesis.txt").write_text("x")
    before = tree(folder)
    result = runner.invoke(cli, ["search", "共同研究"], env={"RENKEI_INDEX": str(folder)})
    assert result.exit_code == 1
    assert "not a renkei index" in one_line(result.stderr) and "empty or new folder" in result.stderr
    assert tree(folder) == before


@pytest.mark.parametrize("args", [["search", "ETHZ"], ["index"], ["index", "--rebuild"], ["doctor"],
                                  ["remove", "x"]])
def test_no_index_is_written_into_a_folder_of_documents(tmp_path, runner, args):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("hello")
    before = tree(docs)
    result = runner.invoke(cli, ["--index", str(docs), *args])
    assert result.exit_code == 1
    assert str(docs) in one_line(result.stderr) and "not a renkei index" in result.stderr
    assert tree(docs) == before


def test_a_new_index_folder_carries_renkeis_marker_and_so_does_each_generation(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    indexer.build_index(TINY, empty)
    assert "renkei" in (empty / store.INDEX_MARKER).read_text()
    live = store.live_generation(empty)
    assert (live / store.GENERATION_MARKER).is_file() and (live / store.PUBLISHED).is_file()


def test_writes_remove_only_renkeis_own_generations(scratch_index):
    users = {scratch_index / "gen-notes" / "thesis.txt", scratch_index / "gen-000050" / "mine.txt",
             scratch_index / "gen-000051" / "meta.json"}
    for path in users:
        path.parent.mkdir()
        path.write_text("the user's")
    for _ in range(3):
        indexer.add_records(TINY[:1], scratch_index)
    assert all(path.read_text() == "the user's" for path in users)
    assert len([g for g in generations(scratch_index) if (scratch_index / g / store.GENERATION_MARKER).exists()]) == 2


def test_an_index_written_before_the_markers_is_adopted_without_deleting_its_unmarked_folders(scratch_index):
    indexer.add_records(TINY[:1], scratch_index)
    for marker in [scratch_index / store.INDEX_MARKER, *scratch_index.glob("gen-*/RENKEI-GENERATION"),
                   *scratch_index.glob("gen-*/PUBLISHED")]:
        marker.unlink()
    assert indexer.check_index(scratch_index).healthy and Engine(scratch_index).stats()["records"] == len(TINY)
    for _ in range(3):
        indexer.add_records(TINY[:1], scratch_index)
    assert (scratch_index / store.INDEX_MARKER).is_file()
    assert generations(scratch_index) == ["gen-000001", "gen-000004", "gen-000005"]   # gen-000002 was adopted
    assert any("gen-000001: not made by renkei" in note for note in indexer.check_index(scratch_index).notes)


# --- 2. a damaged index is never silently replaced -----------------------------------------------------

DAMAGE = {
    "CURRENT names a missing generation": lambda ix, gen: (ix / "CURRENT").write_text("gen-000099"),
    "CURRENT deleted": lambda ix, gen: (ix / "CURRENT").unlink(),
    "CURRENT empty": lambda ix, gen: (ix / "CURRENT").write_text(""),
    "meta.json deleted": lambda ix, gen: (gen / "meta.json").unlink(),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_index_is_an_error_and_is_kept(own_index, more, runner, damage):
    live = store.live_generation(own_index)
    DAMAGE[damage](own_index, live)
    before = tree(own_index)
    for args in (["search", "共同研究"], ["stats"], ["index", str(more)], ["remove", "mine/1"]):
        result = runner.invoke(cli, ["--index", str(own_index), *args])
        assert result.exit_code == 1, (args, result.output)
        line = one_line(result.stderr)
        assert "is damaged" in line and "renkei doctor" in line and "renkei index --rebuild" in line
        assert tree(own_index) == before, args
    with pytest.raises(indexer.IndexDamaged):
        Engine(own_index)


def test_rebuilding_a_damaged_index_keeps_the_damaged_generations(own_index, runner):
    users = store.live_generation(own_index)
    (own_index / "CURRENT").write_text("gen-000099")
    result = runner.invoke(cli, ["--index", str(own_index), "index", "--rebuild"])
    assert result.exit_code == 0, result.output
    assert users.name in result.stderr and "kept" in result.stderr
    assert (users / "meta.json").is_file()
    assert Engine(own_index).stats()["records"] > 1


# --- 3. corruption: one line naming the file and the way out ------------------------------------------

def _segments(gen: Path) -> list[Path]:
    return sorted(gen.glob("*.seg"))


def _zero(path: Path) -> None:
    path.write_bytes(b"\0" * path.stat().st_size)


def _replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


CORRUPTION = {
    "truncated .seg": (lambda ix, gen: [os.truncate(p, 10) for p in _segments(gen)], ".seg"),
    "half a .seg": (lambda ix, gen: [os.truncate(p, p.stat().st_size // 2) for p in _segments(gen)], ".seg"),
    "zeroed .seg": (lambda ix, gen: [_zero(p) for p in _segments(gen)], ".seg"),
    "deleted .seg": (lambda ix, gen: [p.unlink() for p in _segments(gen)], ".seg"),
    "unreadable .seg": (lambda ix, gen: [_replace_with_folder(p) for p in _segments(gen)], ".seg"),
    "missing .toc": (lambda ix, gen: [p.unlink() for p in gen.glob("*.toc")], ".toc"),
    "zeroed .toc": (lambda ix, gen: [_zero(p) for p in gen.glob("*.toc")], ".toc"),
    "meta.json a list": (lambda ix, gen: (gen / "meta.json").write_text("[]"), "meta.json"),
    "meta.json not JSON": (lambda ix, gen: (gen / "meta.json").write_text("{"), "meta.json"),
    "binary CURRENT": (lambda ix, gen: (ix / "CURRENT").write_bytes(b"\xff\xfe\0"), "CURRENT"),
    "CURRENT a folder": (lambda ix, gen: ((ix / "CURRENT").unlink(), (ix / "CURRENT").mkdir()), "CURRENT"),
    "record count differs": (lambda ix, gen: (gen / "meta.json").write_text(
        json.dumps({**json.loads((gen / "meta.json").read_text()), "records": 999})), "meta.json"),
    # The fast path's arrays (indexer/fastindex.py), read lazily by queries: checked at open.
    "truncated fast array": (lambda ix, gen: os.truncate(_fast(gen, "body.docs.npy"), 10), "body.docs.npy"),
    "half a fast array": (lambda ix, gen: _halve(_fast(gen, "body.pos.npy")), "body.pos.npy"),
    "zeroed fast array": (lambda ix, gen: _zero(_fast(gen, "date.npy")), "date.npy"),
    "deleted fast array": (lambda ix, gen: _fast(gen, "names.len.npy").unlink(), "names.len.npy"),
    "cut vocabulary": (lambda ix, gen: _halve(_fast(gen, "body.terms")), "body.terms"),
    "cut records": (lambda ix, gen: _halve(_fast(gen, "records.npy")), "records.npy"),
    "records' offsets deleted": (lambda ix, gen: _fast(gen, "records.start.npy").unlink(), "records.start.npy"),
    "fast rows not JSON": (lambda ix, gen: _zero(_fast(gen, "rows.json")), "rows.json"),
    "fast manifest deleted": (lambda ix, gen: (gen / "fast" / "manifest.json").unlink(), "manifest.json"),
}


def _fast(gen: Path, name: str) -> Path:
    """A file of the generation's first fast segment."""
    return next(gen.glob(f"fast/s*/{name}"))


def _halve(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("damage", CORRUPTION, ids=list(CORRUPTION))
def test_corruption_gives_one_line_naming_the_file_and_the_way_out(own_index, more, runner, damage):
    corrupt, culprit = CORRUPTION[damage]
    live = store.live_generation(own_index)
    corrupt(own_index, live)
    before = tree(own_index)
    for args in (["search", "共同研究"], ["index", str(more)], ["doctor"]):
        result = runner.invoke(cli, ["--index", str(own_index), *args])
        assert result.exit_code == 1, (args, result.output)
        line = one_line(result.stderr)
        assert culprit in line and "renkei index --rebuild" in line, (args, line)
        assert "Traceback" not in result.output and tree(own_index) == before, args
    with pytest.raises(indexer.IndexDamaged, match=culprit.replace(".", r"\.")):
        indexer.open_index(own_index)
    report = indexer.check_index(own_index)
    assert not report.healthy and any(culprit in problem for problem in report.problems)


def test_a_damaged_stored_glossary_is_named_with_its_line(own_index, more, runner):
    gen = store.live_generation(own_index)
    _halve(gen / "glossary.jsonl")
    before = tree(own_index)
    for args in (["search", "共同研究"], ["doctor"], ["index", str(more)]):
        result = runner.invoke(cli, ["--index", str(own_index), *args])
        line = one_line(result.stderr)
        assert result.exit_code == 1 and re.search(r"gen-000001/glossary\.jsonl:\d+: ", line), (args, line)
        assert tree(own_index) == before
    assert "renkei index --rebuild" in one_line(runner.invoke(cli, ["--index", str(own_index), "search", "x"]).stderr)
    with pytest.raises(indexer.IndexDamaged, match="glossary"):
        Engine(own_index)


def test_doctor_finds_a_zeroed_vocabulary_that_opening_cannot_see(own_index, runner):
    _zero(_fast(store.live_generation(own_index), "body.terms"))     # same length: only reading it tells
    result = runner.invoke(cli, ["--index", str(own_index), "doctor"])
    assert result.exit_code == 1 and "body.terms does not hold the words renkei wrote" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_segment_without_read_permission_is_named(own_index, runner):
    for segment in _segments(store.live_generation(own_index)):
        segment.chmod(0)
    result = runner.invoke(cli, ["--index", str(own_index), "search", "共同研究"])
    assert result.exit_code == 1 and ".seg" in one_line(result.stderr)


def test_doctor_says_a_healthy_index_is_healthy(own_index, more, runner):
    indexer.add_paths([more], own_index)
    result = runner.invoke(cli, ["--index", str(own_index), "doctor"])
    assert result.exit_code == 0, result.output
    live, previous = store.live_generation(own_index).name, "gen-000001"
    assert live in result.stdout and previous in result.stdout and "healthy" in result.stdout
    report = indexer.check_index(own_index)
    assert report.healthy and report.live == live and report.records == 2
    assert [(g.name, g.role, g.records) for g in report.generations] == [(previous, "previous", 1), (live, "live", 2)]


def test_doctor_on_a_missing_index_says_how_to_build_one(tmp_path, runner):
    result = runner.invoke(cli, ["--index", str(tmp_path / "none"), "doctor"])
    assert result.exit_code == 1 and "renkei index" in one_line(result.stderr)
    assert not (tmp_path / "none").exists()


# --- 4. crash leftovers do not grow, and never displace the real previous generation ------------------

KILLED_WRITER = """
import os, sys
from pathlib import Path
from renkei import indexer
from renkei.indexer import store
where = sys.argv[2]
original = store._write_atomic
def die(*args):
    os._exit(9)     # as SIGKILL would: no cleanup runs
def die_on_current(path, text):
    if Path(path).name == store.CURRENT:
        die()
    original(path, text)
original_mark = store._mark
def die_on_published(generation, *, published):
    if published:
        die()
    original_mark(generation, published=published)
if where == "before-publish":
    store.publish = die
elif where == "before-switch":
    store._write_atomic = die_on_current
else:
    store._mark = die_on_published
indexer.add_paths([Path(sys.argv[3])], Path(sys.argv[1]))
"""


def _killed_add(index_dir: Path, data: Path, where: str) -> None:
    result = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(index_dir), where, str(data)])
    assert result.returncode == 9


@pytest.mark.parametrize("where", ["before-publish", "before-switch", "after-switch"])
def test_a_killed_writers_generation_never_displaces_the_published_previous_one(own_index, more, tmp_path, where):
    indexer.add_paths([more], own_index)
    _killed_add(own_index, more, where)
    assert len(generations(own_index)) == 3     # a complete-looking leftover, or a live one not yet marked
    live = store.live_generation(own_index).name
    assert live == ("gen-000003" if where == "after-switch" else "gen-000002")
    indexer.add_records(TINY[:1], own_index)
    assert generations(own_index) == sorted([live, store.live_generation(own_index).name])
    # An engine still on the old live generation (the new previous one) keeps answering.
    assert Engine(own_index).stats()["records"] == 3


def test_repeated_kills_leave_at_most_one_unfinished_generation(own_index, more):
    for _ in range(4):
        _killed_add(own_index, more, "before-publish")
        assert len(generations(own_index)) <= 3      # live, previous, one leftover
    report = indexer.check_index(own_index)
    assert report.healthy and [g.role for g in report.generations].count("unfinished") == 1
    indexer.add_records(TINY[:1], own_index)
    assert [g.role for g in indexer.check_index(own_index).generations] == ["previous", "live"]


# --- 5. simultaneous first searches wait for one build -------------------------------------------------

def test_simultaneous_first_searches_all_answer(tmp_path):
    index_dir = tmp_path / "new"
    procs = [subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index_dir), "--create", "search", "共同研究",
                               "--limit", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outcomes = [(p.wait(), p.stderr.read()) for p in procs]
    assert all(code == 0 for code, _ in outcomes), [err for _, err in outcomes]
    assert len(generations(index_dir)) == 1
