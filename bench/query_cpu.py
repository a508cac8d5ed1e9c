"""The CPU time of each query of the bench mix, for A/B comparisons of the query path (#35).

    python -m bench.query_cpu --index DIR [--repeats 7] [--out RUN.json]
    python -m bench.query_cpu --compare BEFORE.json [BEFORE2.json ...] --against AFTER.json [...]

The first form opens DIR (a built index: `python -m bench.child build renkei SIZE ROOT` makes a
one-segment synthetic one, as the bench's latency runs use), asks every query of
bench.systems.QUERY_MIX once, then times each `repeats` times and keeps its best CPU time
(time.process_time: another process on a shared machine slows it less than it slows wall time).
It prints the median and mean over the mix and, with --out, writes the per-query figures as JSON.

The second form takes runs of two code versions (each the best over its runs, per query) and
prints each query's ratio and both medians and means. Run the two versions from two checkouts in
two venvs made the same way, alternated (A B B A ...): on a shared machine a null comparison of one
version against itself differs by a few percent, which is the noise to read results against.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from .systems import QUERY_MIX


def timed(index: Path, repeats: int) -> dict[str, float]:
    from renkei import open_index
    engine = open_index(index)
    for query in QUERY_MIX:
        engine.search(query, limit=10)
    best = {}
    for query in QUERY_MIX:
        times = []
        for _ in range(repeats):
            start = time.process_time()
            engine.search(query, limit=10)
            times.append(time.process_time() - start)
        best[query] = min(times) * 1000
    return best


def best_of(paths: list[Path]) -> dict[str, float]:
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    return {q: min(run[q] for run in runs) for q in runs[0]}


def summary(figures: dict[str, float]) -> str:
    values = list(figures.values())
    return f"median {statistics.median(values):.3f} ms, mean {statistics.mean(values):.3f} ms"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", type=Path, nargs="+")
    parser.add_argument("--against", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.compare:
        if not args.against:
            parser.error("--compare needs --against")
        before, after = best_of(args.compare), best_of(args.against)
        for query in before:
            print(f"{before[query]:7.2f} {after[query]:7.2f} {after[query] / before[query]:5.2f}  {query}")
        print(f"before: {summary(before)}\nafter:  {summary(after)}")
        return
    if not args.index:
        parser.error("give --index DIR (or --compare RUNS --against RUNS)")
    figures = timed(args.index, args.repeats)
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    print(summary(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
