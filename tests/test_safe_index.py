"""An index is data, never code (#36): a TOC whose pickled schema would run a command is refused by
every entry point in one line, and the command never runs."""
from __future__ import annotations

import io
import os
import pickle
import pickletools
import shutil

import pytest
from whoosh.filedb.structfile import StructFile

from renkei import NotAnIndex, RenkeiError, indexer
from renkei.indexer import safe_pickle, store
from renkei.indexer.schema import build_schema
from renkei.search import open_index
from renkei.search.cli import cli


class _Payload:
    """Unpickling this runs a shell command that leaves a marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def _tamper(index_dir, marker):
    """Rewrite the live generation's whoosh TOC with a schema pickle that calls os.system."""
    generation = store.live_generation(index_dir)
    toc = next(generation.glob("_MAIN_*.toc"))
    raw = toc.read_bytes()
    stream = StructFile(io.BytesIO(raw))
    for _ in range(3):
        stream.read_varint()
    stream.read_int(), stream.read_int()
    for _ in range(3):
        stream.read_varint()
    start = stream.tell()
    stream.read_string()
    end = stream.tell()
    out = StructFile(io.BytesIO())
    out.write_string(pickle.dumps(_Payload(marker), 2))
    toc.write_bytes(raw[:start] + out.file.getvalue() + raw[end:])


@pytest.fixture
def tampered(scratch_index, tmp_path):
    marker = tmp_path / "PWNED"
    _tamper(scratch_index, marker)
    return scratch_index, marker


ENTRY_POINTS = [["search", "共同研究"], ["show", "t/ja-tokyo"], ["stats"], ["similar", "t/ja-tokyo"],
                ["index", "EXTRA"], ["remove", "t/ja-tokyo"], ["doctor"], ["index", "--rebuild"]]


@pytest.mark.parametrize("args", ENTRY_POINTS, ids=lambda a: " ".join(a))
def test_no_command_runs_a_tampered_index(tampered, runner, tmp_path, args):
    index_dir, marker = tampered
    extra = tmp_path / "more.jsonl"
    extra.write_text('{"id": "mine/1", "title": "Extra", "text": "more text"}\n', encoding="utf-8")
    args = [str(extra) if a == "EXTRA" else a for a in args]
    before = sorted((p.name, p.stat().st_size) for p in index_dir.rglob("*"))
    result = runner.invoke(cli, ["--index", str(index_dir), *args])
    assert not marker.exists(), "the pickled payload ran"
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert "posix.system" in lines[0] or "os.system" in lines[0], lines[0]
    assert ("not a renkei index" in lines[0]) or ("TAMPERED" in lines[0]), lines[0]
    assert sorted((p.name, p.stat().st_size) for p in index_dir.rglob("*")) == before   # nothing written


def test_the_library_refuses_a_tampered_index_with_a_typed_error(tampered):
    index_dir, marker = tampered
    with pytest.raises(NotAnIndex, match=r"not a renkei index \(unexpected class (posix|os)\.system"):
        open_index(index_dir).search("共同研究")
    with pytest.raises(RenkeiError):
        indexer.add_records([], index_dir)
    assert not marker.exists()


def test_the_allow_list_covers_every_class_renkeis_schema_pickles():
    """A new field type or analyzer must be added to safe_pickle.ALLOWED, or every index would be refused."""
    named = set()
    for opcode, arg, _ in pickletools.genops(pickle.dumps(build_schema(), 2)):
        if opcode.name == "GLOBAL":
            named.add(tuple(arg.split(" ", 1)))
    assert named and named <= safe_pickle.ALLOWED, named - safe_pickle.ALLOWED


def test_an_untouched_copy_of_an_index_opens(scratch_index, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(scratch_index, copy, symlinks=True)
    assert open_index(copy).search("共同研究").total >= 1


def test_a_search_reads_whooshs_table_of_contents_as_whoosh_does(scratch_index):
    indexer.remove(["t/ja-tokyo"], scratch_index)       # a deletion, kept in the table of contents
    generation = store.live_generation(scratch_index)
    from renkei.indexer import check
    real = check.open_whoosh(generation)._read_toc()
    _, light = check._verified_toc(generation, light=True)   # without whoosh's codec (#35)
    assert [(s.segment_id(), s.is_compound(), s.doc_count()) for s in light.segments] == [
        (s.segment_id(), s.is_compound(), s.doc_count()) for s in real.segments]
    assert light.schema.names() == real.schema.names() and light.generation == real.generation
    assert all(type(s) is safe_pickle.SegmentInfo for s in light.segments)
    assert any(s.has_deletions() for s in real.segments)
    assert open_index(scratch_index).search("東京大学").total == 0
