"""`renkei serve` under load (#33): API latency p50/p95 with 1 and 8 concurrent clients at 10k
records, and the server's start time. Prints the figures; BENCHMARKS.md takes them by hand.

    python -m bench.serve_load [--records 10000] [--requests 400] [--workers N] [--index DIR]

Each client keeps one HTTP/1.1 connection (as a browser or a script would) and sends
GET /api/search?q=... for the queries of bench.systems.QUERY_MIX in turn. The server is a real
`python -m renkei serve --port 0` process. The clients are coroutines of one thread of this
process (a few tens of microseconds of CPU a request, measured and printed: on a 2-core machine
they compete with the server). Each load is run twice: with the server's result cache, as the
mix repeats its 28 queries, and with `--cache 0`, so every request is a search. The CPU seconds
of the server, of the clients and of every other process on the machine are read from /proc
over each run, to tell a slow server from a busy machine.

A/B: `--code DIR --python VENV/bin/python` runs the server from another checkout and its venv
(code before --cache and --workers: add `--no-uncached`). `--index DIR` serves an index built
once (it is built there if it does not exist) instead of building one per run.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import synthetic_records  # noqa: E402
from bench.systems import QUERY_MIX  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def start(index: Path, code: Path, args: list[str], python: str = sys.executable
          ) -> tuple[subprocess.Popen, str, float, float]:
    """The server process, its URL, seconds until it printed the URL, and until it first answered."""
    began = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([python, "-m", "renkei", "--index", str(index), "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=code)
    for line in process.stderr:
        found = re.search(r"(http://\S+:\d+/)", line)
        if found:
            listening = time.perf_counter() - began
            url = found.group(1)
            break
    else:
        raise RuntimeError("renkei serve did not start")
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()   # drain stderr
    while True:
        try:
            asyncio.run(_clients(url, 1, 1, 0, []))
            break
        except (OSError, AssertionError, asyncio.IncompleteReadError):
            time.sleep(0.01)
    return process, url, listening, time.perf_counter() - began


async def _client(url: str, count: int, offset: int, out: list[float]) -> None:
    parts = urlparse(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for i in range(count):
            query = QUERY_MIX[(offset + i) % len(QUERY_MIX)]
            request = f"GET /api/search?q={quote(query)} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode()
            began = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))
            await reader.readexactly(length)
            out.append(time.perf_counter() - began)
            assert head.startswith(b"HTTP/1.1 200"), head[:40]
    finally:
        writer.close()


async def _clients(url: str, clients: int, per_client: int, spread: int, out: list[float]) -> None:
    await asyncio.gather(*(_client(url, per_client, k * spread, out) for k in range(clients)))


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])   # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total


def _machine_busy() -> int:
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return 0
    return sum(values) - values[3] - (values[4] if len(values) > 4 else 0)   # all but idle and iowait


def load(url: str, server_pid: int, clients: int, requests: int) -> dict[str, float]:
    """Latency and throughput of `requests` requests shared by `clients` clients, and the CPU
    seconds the server, the clients and the other processes used meanwhile."""
    asyncio.run(_clients(url, 8, 2 * len(QUERY_MIX), 7, []))   # warm every query in every worker
    from bench.__main__ import tree_pids
    server = tree_pids(server_pid)
    times: list[float] = []
    server_before, machine_before, client_before = _cpu_ticks(server), _machine_busy(), time.process_time()
    began = time.perf_counter()
    asyncio.run(_clients(url, clients, requests // clients, 7, times))
    wall = time.perf_counter() - began
    client_cpu = time.process_time() - client_before
    server_cpu = (_cpu_ticks(server) - server_before) / TICK
    machine = (_machine_busy() - machine_before) / TICK
    ordered = sorted(times)
    return {"p50": statistics.median(ordered) * 1e3, "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1e3,
            "rate": len(ordered) / wall, "wall": wall, "server": server_cpu, "client": client_cpu,
            "others": max(machine - server_cpu - client_cpu, 0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", default="1,8", help="comma-separated client counts (default 1,8)")
    parser.add_argument("--workers", type=int, default=None, help="renkei serve --workers N")
    parser.add_argument("--serve-args", default=None, help="other arguments for renkei serve, as one string")
    parser.add_argument("--no-uncached", action="store_true", help="skip the runs with --cache 0")
    parser.add_argument("--starts", type=int, default=3, help="server starts timed (median printed)")
    parser.add_argument("--index", type=Path, default=None,
                        help="an index to serve (built from --records synthetic records if it does not exist)")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout the server runs from")
    parser.add_argument("--python", default=sys.executable, help="the interpreter (venv) the server runs with")
    args = parser.parse_args()
    serve_args = shlex.split(args.serve_args or "") + (["--workers", str(args.workers)] if args.workers else [])
    with tempfile.TemporaryDirectory(prefix="renkei-serve-bench-") as tmp:
        index = args.index or Path(tmp) / "index"
        if not (index / "CURRENT").exists():
            from renkei import indexer
            began = time.perf_counter()
            indexer.build_index(synthetic_records(args.records), index)
            print(f"index of {args.records} synthetic records built in {time.perf_counter() - began:.1f} s",
                  file=sys.stderr)
        from renkei.search import Engine
        with Engine(index) as engine:
            records = engine.stats()["records"]
        starts = []
        for _ in range(args.starts):
            process, url, listening, answering = start(index, args.code, serve_args, args.python)
            starts.append((listening, answering))
            process.terminate()
            process.wait(10)
        print(f"renkei serve {' '.join(serve_args)}, {records} records, {os.cpu_count()} CPUs, "
              f"Python {sys.version.split()[0]}, code {args.code}")
        if starts:
            listening, answering = (statistics.median(s[i] for s in starts) for i in (0, 1))
            print(f"start: listening after {listening:.2f} s, first search answered after {answering:.2f} s "
                  f"(median of {len(starts)})")
        modes = [("", [])] + ([] if args.no_uncached else [(", --cache 0", ["--cache", "0"])])
        for label, extra in modes:
            process, url, _, _ = start(index, args.code, serve_args + extra, args.python)
            try:
                for clients in (int(c) for c in args.clients.split(",")):
                    r = load(url, process.pid, clients, args.requests)
                    print(f"GET /api/search{label}, {clients} client{'s' if clients > 1 else ''}: "
                          f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, {r['rate']:.0f} requests/s "
                          f"({args.requests} requests in {r['wall']:.2f} s; CPU s: server {r['server']:.2f}, "
                          f"clients {r['client']:.2f}, other processes {r['others']:.2f})")
                from bench.__main__ import tree_memory_kb, tree_pids
                print(f"server memory after these runs{label}: {tree_memory_kb(tree_pids(process.pid)) / 1024:.0f} MB"
                      " (Pss of its processes)")
            finally:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    main()
