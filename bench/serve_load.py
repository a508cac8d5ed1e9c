"""`renkei serve` under load (#33): API latency p50/p95 with 1 and 8 concurrent clients at 10k
records, and the server's start time. Prints the figures; BENCHMARKS.md takes them by hand.

    python -m bench.serve_load [--records 10000] [--requests 400]

Each client keeps one HTTP/1.1 connection (as a browser or a script would) and sends
GET /api/search?q=... for the queries of bench.systems.QUERY_MIX in turn. The server is a real
`python -m renkei serve --port 0` process; the clients are threads of this process.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
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


def start(index: Path) -> tuple[subprocess.Popen, str, float, float]:
    """The server process, its URL, seconds until it printed the URL, and until it first answered."""
    began = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index), "serve", "--port", "0"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    for line in process.stderr:
        found = re.search(r"(http://\S+:\d+/)", line)
        if found:
            listening = time.perf_counter() - began
            url = found.group(1)
            break
    else:
        raise RuntimeError("renkei serve did not start")
    threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()   # drain stderr
    parts = urlparse(url)
    while True:
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", "/api/search?q=" + quote(QUERY_MIX[0]))
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.01)
    return process, url, listening, time.perf_counter() - began


def client(url: str, count: int, offset: int, out: list[float]) -> None:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for i in range(count):
        query = QUERY_MIX[(offset + i) % len(QUERY_MIX)]
        began = time.perf_counter()
        conn.request("GET", "/api/search?q=" + quote(query))
        response = conn.getresponse()
        response.read()
        out.append(time.perf_counter() - began)
        assert response.status == 200, response.status
    conn.close()


def load(url: str, clients: int, requests: int) -> tuple[float, float, float]:
    """(p50 ms, p95 ms, requests a second) for `requests` requests shared by `clients` clients."""
    for _ in range(2):   # warm every query (the server's caches, the dictionary) before measuring
        client(url, len(QUERY_MIX), 0, [])
    times: list[float] = []
    threads = [threading.Thread(target=client, args=(url, requests // clients, k * 7, times)) for k in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    ordered = sorted(times)
    return (statistics.median(ordered) * 1e3, ordered[int(0.95 * (len(ordered) - 1))] * 1e3, len(ordered) / wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    from renkei import indexer
    with tempfile.TemporaryDirectory(prefix="renkei-serve-bench-") as tmp:
        index = Path(tmp) / "index"
        began = time.perf_counter()
        indexer.build_index(synthetic_records(args.records), index)
        print(f"index of {args.records} synthetic records built in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        starts = []
        for _ in range(3):
            process, url, listening, answering = start(index)
            starts.append((listening, answering))
            process.terminate()
            process.wait(10)
        process, url, _, _ = start(index)
        try:
            print(f"renkei serve, {args.records} records, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
            listening, answering = (statistics.median(s[i] for s in starts) for i in (0, 1))
            print(f"start: listening after {listening:.2f} s, first search answered after {answering:.2f} s "
                  f"(median of 3)")
            for clients in (1, 8):
                p50, p95, rate = load(url, clients, args.requests)
                print(f"GET /api/search, {clients} client{'s' if clients > 1 else ''}: p50 {p50:.1f} ms, "
                      f"p95 {p95:.1f} ms, {rate:.0f} requests/s ({args.requests} requests)")
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
