"""Bounded per-hit work: query latency over an index of book-length records.

    python -m bench.huge [--records 30] [--chars 200000]

Builds an index of N Japanese records of M characters each (plus the bundled corpus) in a
temporary folder and prints the warm latency of queries that match every long record.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

FILLER = "本学は地域の課題に取り組み、多くの研究者が国際交流について議論を深めました。"
QUERIES = ["交流", "国際交流 議論", "研究者", "地域の課題"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30)
    parser.add_argument("--chars", type=int, default=200_000)
    args = parser.parse_args()
    from renkei import indexer
    from renkei.corpus import Record, bundled_records
    from renkei.search import Engine

    text = (FILLER * (args.chars // len(FILLER) + 1))[:args.chars]
    records = list(bundled_records()) + [
        Record(id=f"huge/{i:03d}", title=f"長い報告書 {i}", text=text, lang="ja") for i in range(args.records)]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        indexer.build_index(records, Path(tmp) / "index")
        print(f"built {len(records)} records ({args.records} × {args.chars:,} characters) "
              f"in {time.perf_counter() - started:.1f} s")
        engine = Engine(Path(tmp) / "index")
        for query in QUERIES:
            times = []
            for _ in range(4):
                started = time.perf_counter()
                results = engine.search(query, limit=10)
                times.append((time.perf_counter() - started) * 1000)
            print(f"{query:<12} first {times[0]:8.1f} ms   warm median {statistics.median(times[1:]):8.1f} ms   "
                  f"{results.total} matches")


if __name__ == "__main__":
    main()
