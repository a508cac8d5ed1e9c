"""A tiny run of bench/serve_load.py, so that the load script of `renkei serve` never rots (its
figures are BENCHMARKS.md's, by hand; no timing is asserted here)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_serve_load_prints_latency_start_time_and_cpu_shares():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.serve_load", "--records", "60", "--requests", "16",
                           "--clients", "1,2", "--starts", "1"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"start: listening after [\d.]+ s, first search answered after [\d.]+ s", out), out
    for mode in ("", ", --cache 0"):
        for clients in ("1 client", "2 clients"):
            line = next(x for x in out.splitlines() if x.startswith(f"GET /api/search{mode}, {clients}:"))
            assert re.search(r"p50 [\d.]+ ms, p95 [\d.]+ ms, \d+ requests/s \(16 requests", line), line
            assert re.search(r"CPU s: server [\d.]+, clients [\d.]+, other processes [\d.]+", line), line
