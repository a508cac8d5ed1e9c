"""`renkei serve` as a real process. With `--workers N`, N search processes behind it: every answer is
right whichever process gives it, one kept-alive connection is answered by all of them, a CLI
`index` while it runs shows at the next request in every one, a search process killed is
replaced, and they stop with their parent (even one killed outright). A request line that never
ends is refused once it passes 16 KB, not kept in memory."""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from renkei import indexer
from renkei.search import Engine
from renkei.search.cli import cli

from conftest import TINY

ROOT = Path(__file__).resolve().parents[1]
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes in /proc")


def _serve(index: Path, *args: str) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index), "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    line = process.stderr.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
    assert found, line + process.stderr.read()
    return process, found.group(1)


def _get(url: str) -> dict:
    """A GET on a new connection (so that any worker may take it), retried until the workers are up."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _workers(pid: int) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"multiprocessing.spawn" in cmdline:
            found.append(int(entry))
    return found


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime, stime


def _searches_on_one_connection(url: str, queries: list[str], rounds: int) -> None:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for _ in range(rounds):
            for query in queries:
                conn.request("GET", "/api/search?q=" + quote(query))
                response = conn.getresponse()
                assert response.status == 200, response.read()
                response.read()
    finally:
        conn.close()


def _dead(pid: int, seconds: float) -> bool:
    """Gone, or a zombie its parent has not waited for yet."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


def _gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{p}").exists() for p in pids):
            return True
        time.sleep(0.2)
    return False


@needs_proc
def test_workers_answer_and_see_a_new_generation(tmp_path, runner):
    index = tmp_path / "index"
    indexer.build_index(TINY, index)
    process, url = _serve(index, "--workers", "2")
    try:
        search = url + "api/search?q=" + quote("Tuvalu")
        assert all(_get(search)["total"] == 0 for _ in range(12))
        assert len(_workers(process.pid)) == 2
        generation = _get(url + "api/health")["generation"]
        new = tmp_path / "tuvalu.jsonl"
        new.write_text(json.dumps({"id": "new/tuvalu", "title": "Tuvalu", "text": "An agreement with Tuvalu."}) + "\n")
        result = runner.invoke(cli, ["--index", str(index), "index", str(new)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for _ in range(12):   # new connections, shared by the workers: each sees the new generation
            assert [h["id"] for h in _get(search)["hits"]] == ["new/tuvalu"]
            assert _get(url + "api/health")["generation"] != generation
        assert _get(url + "api/search?q=" + quote("ETHZ シンポジウム"))["hits"][0]["id"] == "t/mixed"
        workers = _workers(process.pid)
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()
    assert _gone(workers, 15), "the search processes outlived the server"


@needs_proc
def test_one_kept_alive_connection_is_answered_by_every_search_process(index_dir):
    process, url = _serve(index_dir, "--workers", "2", "--cache", "0")
    try:
        _get(url + "api/health")
        workers = _workers(process.pid)
        before = [_cpu_ticks(w) for w in workers]
        _searches_on_one_connection(url, ["ETHZ シンポジウム", "joint research", "学生交流", "University of Cambridge"], 40)
        used = [_cpu_ticks(w) - b for w, b in zip(workers, before)]
        assert all(ticks > 0 for ticks in used), f"CPU ticks of each search process: {used}"
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()


def _long_answer(engine) -> str:
    """A call whose answer is far past a pipe's buffer: it arrives in many reads."""
    return f"{engine.stats()['records']} " + "答" * (2 << 20)


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_long_answers_arrive_whole_under_either_event_loop(index_dir, loop):
    """uvicorn runs on uvloop when it is installed, and uvloop leaves a watched pipe non-blocking:
    a read of an answer still being written failed (EAGAIN), and every such call was a 503."""
    import asyncio
    from renkei.search.serve.workers import SearchProcesses
    run = pytest.importorskip("uvloop").run if loop == "uvloop" else asyncio.run
    processes = SearchProcesses(index_dir, 2)

    async def calls() -> list[str]:
        return await asyncio.gather(*(processes.call(_long_answer) for _ in range(6)))

    try:
        answers = run(calls())
    finally:
        processes.close()
    assert [len(a) for a in answers] == [len(answers[0])] * 6 and answers[0].endswith("答" * 100)
    assert int(answers[0].split()[0]) == Engine(index_dir).stats()["records"]


@needs_proc
def test_a_search_process_killed_is_replaced(tmp_path):
    index = tmp_path / "index"
    indexer.build_index(TINY, index)
    process, url = _serve(index, "--workers", "2", "--cache", "0")
    try:
        search = url + "api/search?q=" + quote("ETHZ シンポジウム")
        assert _get(search)["hits"][0]["id"] == "t/mixed"
        killed, kept = _workers(process.pid)
        os.kill(killed, signal.SIGKILL)
        assert _dead(killed, 15)
        # found dead when its turn comes, and replaced before it is asked: no request fails
        _searches_on_one_connection(url, ["ETHZ シンポジウム", "Tuvalu"], 3)
        assert _get(search)["hits"][0]["id"] == "t/mixed"
        workers = _workers(process.pid)
        assert len(workers) == 2 and kept in workers and killed not in workers
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()
    assert _gone(workers, 15), "the workers outlived the server"


@needs_proc
def test_workers_stop_when_their_parent_is_killed(tmp_path):
    index = tmp_path / "index"
    indexer.build_index(TINY, index)
    process, url = _serve(index, "--workers", "2")
    try:
        _get(url + "api/health")
        workers = _workers(process.pid)
        assert len(workers) == 2
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        process.stderr.close()
    assert _gone(workers, 15), "orphaned workers went on serving"


def test_workers_must_be_one_or_more(runner, index_dir):
    assert runner.invoke(cli, ["--index", str(index_dir), "serve", "--workers", "0"]).exit_code == 2


def test_a_request_line_that_never_ends_is_refused(tmp_path):
    index = tmp_path / "index"
    indexer.build_index(TINY, index)
    process, url = _serve(index)
    try:
        _get(url + "api/health")
        parts = urlparse(url)
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as conn:
            conn.sendall(b"GET /api/search?q=")
            sent = 0
            try:
                while sent < 64 * 1024 * 1024:   # the server closes long before (socket buffers take a few MB)
                    conn.sendall(b"a" * 65536)
                    sent += 65536
            except OSError:
                pass
            answer = conn.recv(200)
        assert sent < 32 * 1024 * 1024 and answer.startswith(b"HTTP/1.1 400"), (sent, answer)
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()
