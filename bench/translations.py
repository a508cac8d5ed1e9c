"""What query translation costs: the bench mix with and without the index's dictionary.

    python -m bench.translations INDEX [--rounds 5]

INDEX is any renkei index (e.g. one `python -m bench.child build renkei 10000 DIR` made, at
DIR/renkei-10000). Both engines run the 28-query mix in alternation, so a busy machine weighs on
both alike; figures are per-query CPU time of the searching thread (p50 / p95, ms). #12's
budget: translations may add at most 20 % to the p95.
"""
from __future__ import annotations

import argparse
import statistics
import time

from .systems import QUERY_MIX


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from renkei.search import Engine

    with Engine(args.index) as translated, Engine(args.index) as untranslated:
        untranslated._expander._load_translator = None   # no dictionary: names and glossary only
        times: dict[str, list[float]] = {"with translations": [], "without": []}
        for engine in (translated, untranslated):   # warm: first reads of the arrays and dictionary
            for query in QUERY_MIX:
                engine.search(query)
        for _ in range(args.rounds):
            for query in QUERY_MIX:
                for label, engine in (("with translations", translated), ("without", untranslated)):
                    started = time.thread_time()
                    engine.search(query)
                    times[label].append((time.thread_time() - started) * 1000)
    figures = {}
    for label, values in times.items():
        cuts = statistics.quantiles(values, n=20)
        figures[label] = (statistics.median(values), cuts[18])
        print(f"{label:>18}: p50 {figures[label][0]:.2f} ms  p95 {figures[label][1]:.2f} ms  ({len(values)} searches)")
    (p50, p95), (base50, base95) = figures["with translations"], figures["without"]
    print(f"{'translations add':>18}: p50 {100 * (p50 / base50 - 1):+.0f} %  p95 {100 * (p95 / base95 - 1):+.0f} %")


if __name__ == "__main__":
    main()
