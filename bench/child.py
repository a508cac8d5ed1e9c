"""One measured step, run in its own process so that memory and start-up are its own.

    python -m bench.child build SYSTEM SIZE DIR
    python -m bench.child latency SYSTEM SIZE DIR ROUNDS
    python -m bench.child add SYSTEM SIZE DIR          (100 new records into the built index)
    python -m bench.child relevance SYSTEM DIR QUERIES RUN_OUT
SIZE 0 means the bundled corpus itself.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

from renkei.corpus import bundled_records

from .synth import synthetic_records, text_bytes
from .systems import QUERY_MIX, SYSTEMS

ADDED, ADD_SEED = 100, 7   # the add step: 100 records of a different draw


def records_for(size: int) -> list:
    return bundled_records() if size == 0 else list(synthetic_records(size))


def index_path(root: Path, system: str, size: int) -> Path:
    return root / f"{system}-{size or 'bundled'}"


def main(argv: list[str]) -> None:
    step, system_name = argv[0], argv[1]
    system = SYSTEMS[system_name]()
    if step == "build":
        size, root = int(argv[2]), Path(argv[3])
        records = records_for(size)
        started = time.perf_counter()
        system.build(records, index_path(root, system_name, size))
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": seconds, "records": len(records), "text_bytes": text_bytes(records)}))
    elif step == "latency":
        size, root, rounds = int(argv[2]), Path(argv[3]), int(argv[4])
        system.open(index_path(root, system_name, size))
        first = []
        for query in QUERY_MIX:          # warm: every query once (timed apart: its hits are new to the caches)
            started = time.perf_counter()
            system.search(query)
            first.append((time.perf_counter() - started) * 1000)
        timings = []
        for _ in range(rounds):
            for query in QUERY_MIX:
                started = time.perf_counter()
                system.search(query)
                timings.append((time.perf_counter() - started) * 1000)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # Linux: KiB
        print(json.dumps({"ms": timings, "first_ms": first[1:], "rss_mb": rss_mb}))   # [0] opened lazily
    elif step == "add":
        size, root = int(argv[2]), Path(argv[3])
        records = [replace(r, id=f"added/{r.id}") for r in synthetic_records(ADDED, seed=ADD_SEED)]
        started = time.perf_counter()
        system.add(records, index_path(root, system_name, size))
        print(json.dumps({"seconds": time.perf_counter() - started, "records": len(records)}))
    elif step == "relevance":
        root, queries, out = Path(argv[2]), Path(argv[3]), Path(argv[4])
        system.open(index_path(root, system_name, 0))
        by_id = {r.id: r for r in bundled_records()}
        with open(out, "w", encoding="utf-8") as f:
            for line in queries.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    q = json.loads(line)
                    hits = [{"id": i, "text": by_id[i].display_text} for i in system.search(q["query"])]
                    f.write(json.dumps({"qid": q["qid"], "hits": hits}, ensure_ascii=False) + "\n")
    else:
        raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
