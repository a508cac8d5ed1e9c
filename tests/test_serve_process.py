"""`renkei serve` as a real process. With `--workers N`, N processes on one port: every answer is
right whichever worker gives it, a CLI `index` while it runs shows at the next request in every
worker, connections opened at once are shared among them (Linux), the workers stop with their
parent (even one killed outright), and uploads take one worker. A request line that never ends is refused once it passes 16 KB, not kept in memory."""
from __future__ import annotations

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


def _sockets(pid: int) -> int:
    return sum(os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:") for fd in os.listdir(f"/proc/{pid}/fd"))


def _connections_held(url: str, workers: list[int], count: int) -> list[int]:
    """How many of `count` kept-alive connections, opened at once, each worker holds. Were they all
    on one worker (2 in 2**15 if the kernel shares them out), --workers would do nothing for them."""
    parts = urlparse(url)
    before = [_sockets(w) for w in workers]
    conns = [socket.socket() for _ in range(count)]
    try:
        for conn in conns:   # all at once, as a client's pool opens them
            conn.setblocking(False)
            conn.connect_ex((parts.hostname, parts.port))
        for conn in conns:
            conn.setblocking(True)
            conn.settimeout(30)
            conn.sendall(f"GET /api/health HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        for conn in conns:
            assert conn.recv(100).startswith(b"HTTP/1.1 200")
        return [_sockets(w) - b for w, b in zip(workers, before)]
    finally:
        for conn in conns:
            conn.close()


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
        assert all(n > 0 for n in _connections_held(url, workers, 16)), "one worker took every connection"
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


def test_uploads_take_one_worker(runner, index_dir):
    result = runner.invoke(cli, ["--index", str(index_dir), "serve", "--port", "0", "--workers", "2",
                                 "--allow-upload"])
    assert result.exit_code == 2 and "--allow-upload takes one worker" in result.output
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
