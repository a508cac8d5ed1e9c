"""Faults and odd input end in one line, never a traceback, and leave the index as it was (#36.6, #36.7):
a full disk at every level of free space, a killed indexing worker, planted symbolic links, hostile
glossary files. Each runs the real CLI on a real index in tmp."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY

from renkei import indexer
from renkei.indexer import store
from renkei.search.cli import cli


def one_line(result) -> str:
    """The one line of stderr a refusal gives (no traceback, no repr)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "[(" not in lines[0] and "Errno" not in lines[0], lines[0]
    return lines[0]


def fingerprint(index_dir: Path) -> dict[str, str]:
    """Every file of the index and its content (write.lock aside: it holds a writer's name)."""
    return {str(p.relative_to(index_dir)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(index_dir.rglob("*")) if p.is_file() and p.name != store.LOCK}


# --- a full disk ------------------------------------------------------------------------------------

@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int):
    path.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"cannot mount a tmpfs here ({err})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the file system of `folder` until `leave_bytes` remain free (0: until a write fails)."""
    with open(folder / "filler", "wb", buffering=0) as f:
        while True:
            st = os.statvfs(folder)
            free = st.f_bavail * st.f_frsize
            if free <= leave_bytes:
                return
            try:
                f.write(b"\0" * min(free - leave_bytes, 1 << 20))
            except OSError:
                return


PRINCETON = "utokyo/partners/princeton-university"
needs_root = pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="mounting a tmpfs needs root")


@needs_root
@pytest.mark.parametrize("free", [0, 16 * 1024, 1024 * 1024], ids=["0B", "16KB", "1MB"])
def test_a_full_disk_is_one_line_for_index_rebuild_and_remove(runner, index_dir, tmp_path, free):
    source = index_dir   # the bundled corpus (4 MB): a write needs more than 1 MB
    note = tmp_path / "note.md"
    note.write_text("# Helsinki\n\nヘルシンキ大学との協定。", encoding="utf-8")
    size_kb = sum(p.stat().st_size for p in source.rglob("*") if p.is_file()) // 1024 + 2048
    with tmpfs(tmp_path / "disk", size_kb) as disk:
        index_dir = disk / "index"
        shutil.copytree(source, index_dir)
        before = fingerprint(index_dir)
        fill(disk, free)
        for args in (["index", str(note)], ["index", "--rebuild"], ["remove", PRINCETON]):
            result = runner.invoke(cli, ["--index", str(index_dir), *args])
            assert result.exit_code == 1, (args, result.output)
            line = one_line(result)
            assert "No space left on device" in line and "unchanged" in line, (args, line)
            assert fingerprint(index_dir) == before, args
        (disk / "filler").unlink()
        assert runner.invoke(cli, ["--index", str(index_dir), "doctor"]).exit_code == 0
        assert runner.invoke(cli, ["--index", str(index_dir), "remove", PRINCETON]).exit_code == 0


def test_copytrees_list_of_failures_becomes_its_first_reason():
    from renkei.errors import os_reason
    err = shutil.Error([("/a/x.tsv", "/b/x.tsv", "[Errno 28] No space left on device: '/a/x.tsv' -> '/b/x.tsv'")])
    assert os_reason(err) == "No space left on device"
    assert os_reason(OSError(28, "No space left on device")) == "No space left on device"


# --- a killed worker ----------------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_killing_one_indexing_worker_is_one_line_and_the_index_is_intact(tmp_path):
    from renkei.indexer.writing.processes import can_fork
    if not can_fork():
        pytest.skip("workers are forked")
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    before = fingerprint(index_dir)
    data = tmp_path / "many.jsonl"
    with open(data, "w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(json.dumps({"id": f"m/{i}", "title": f"Exchange {i}",
                                "text": f"国際共同研究の報告 {i}。exchange of students and faculty {i}. " * 8},
                               ensure_ascii=False) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index_dir), "index", "--rebuild",
                             str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed, deadline = False, time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and not killed:
        # the workers are the children that are not multiprocessing's resource tracker
        workers = [c for c in children(proc.pid)
                   if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()] if children(proc.pid) else []
        if workers:
            time.sleep(0.3)
            with contextlib.suppress(ProcessLookupError):
                os.kill(workers[0], signal.SIGKILL)
                killed = True
        time.sleep(0.02)
    _, stderr = proc.communicate(timeout=60)
    if not killed:
        pytest.skip("the rebuild finished before a worker could be killed")
    assert proc.returncode == 1, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and line != "Indexing"]   # the bar's label
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert "indexing process stopped (killed by signal 9)" in lines[0] and "not changed" in lines[0]
    assert fingerprint(index_dir) == before


# --- symbolic links planted in a generation ------------------------------------------------------------

def test_a_planted_symlink_is_not_copied_and_a_dangling_one_does_not_fail_writes(runner, scratch_index, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    live = store.live_generation(scratch_index)
    (live / "planted").symlink_to(secret)
    (live / "dangling").symlink_to(tmp_path / "nowhere")
    (live / "fast" / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    note = tmp_path / "n.md"
    note.write_text("# Oslo\n\nOslo exchange.", encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", str(note)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "skipped" in result.stderr and "symbolic link" in result.stderr
    new = store.live_generation(scratch_index)
    assert new != live
    assert not any(p.is_symlink() for p in new.rglob("*"))
    assert not (new / "planted").exists() and not (new / "fast" / "linked-dir").exists()
    assert runner.invoke(cli, ["--index", str(scratch_index), "remove", "t/en-forest"]).exit_code == 0


# --- hostile glossary files ------------------------------------------------------------------------------

GLOSSARIES = [
    ("deep", '{"id": "a", "type": "institution", "ja": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
     "nested too deeply"),
    ("id-number", '{"id": 5, "type": "institution", "ja": ["大学"], "en": ["X University"]}\n',
     "'id' must be a string"),
    ("no-id", '{"type": "institution", "ja": ["大学"], "en": ["X University"]}\n', "missing 'id'"),
]


@pytest.mark.parametrize("name, text, message", GLOSSARIES, ids=[g[0] for g in GLOSSARIES])
def test_a_hostile_glossary_is_refused_in_one_line(runner, scratch_index, tmp_path, name, text, message):
    path = tmp_path / f"{name}.jsonl"
    path.write_text(text, encoding="utf-8")
    before = fingerprint(scratch_index)
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", "--glossary", str(path)])
    assert result.exit_code == 1
    line = one_line(result)
    assert f"{name}.jsonl:1" in line and message in line, line
    assert fingerprint(scratch_index) == before


def test_a_lone_surrogate_in_a_glossary_is_replaced_with_a_warning(runner, scratch_index, tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "oslo", "type": "institution", "ja": ["オスロ\\ud800大学"], "en": ["Oslo U"]}\n',
                    encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", "--glossary", str(path)])
    assert result.exit_code == 0, result.output
    assert "g.jsonl:1: a lone surrogate" in result.stderr and "Traceback" not in result.output
    stored = (store.live_generation(scratch_index) / "glossary.jsonl").read_text(encoding="utf-8")
    assert "オスロ\ufffd大学" in stored
