"""BENCHMARKS.md: the measured figures as tables, with the machine they were measured on."""
from __future__ import annotations

import time


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "–"


def _or_dash(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


TARGETS = [  # (figure, how it is read off the results, goal, met when)
    ("index build, records/s", lambda r: r["records"] / r["seconds"], "≥ 2,000", lambda v: v >= 2000),
    ("warm query latency p50, ms", lambda r: r["p50"], "< 5", lambda v: v < 5),
    ("warm query latency p95, ms", lambda r: r["p95"], "< 15", lambda v: v < 15),
    ("cold CLI search, s", lambda r: r["cold"], "≤ 0.4", lambda v: v <= 0.4),
    ("peak memory while indexing, MB", lambda r: r["peak_mb"], "< 1,024", lambda v: v < 1024),
    ("peak memory of a searching process, MB", lambda r: r.get("search_mb"), "≤ 300", lambda v: v <= 300),
    ("adding 100 records, s", lambda r: r.get("add_seconds"), "≤ 3", lambda v: v <= 3),
]


def _targets(results: dict) -> list[str]:
    sizes = [size for size, by in results["sizes"].items() if "renkei" in by]
    if not sizes:
        return []
    size = max(sizes)
    me = results["sizes"][size]["renkei"]
    lines = [f"## renkei against its targets ({size:,} records)", "", "| figure | measured | target | met |",
             "|---|---:|---:|---|"]
    for name, read, goal, met in TARGETS:
        value = read(me)
        if value is None:
            continue
        lines.append(f"| {name} | {value:,.2f} | {goal} | {'yes' if met(value) else 'no'} |")
    if "renkei" in results["relevance"]:
        ndcg = results["relevance"]["renkei"]["all"]["ndcg"]
        lines.append(f"| nDCG@10, public queries | {ndcg:.3f} | ≥ 0.95 | {'yes' if ndcg >= 0.95 else 'no'} |")
    return lines + [""]


def markdown(results: dict, machine: str, systems: list[str], n_queries: int, args) -> str:
    lines = ["# Benchmarks", "",
             f"Measured {time.strftime('%Y-%m-%d')} by `python -m bench --sizes {args.sizes} --rounds {args.rounds}` "
             f"on: {machine}.", "",
             "Corpora are synthetic and deterministic (bench/synth.py): each record copies the shape of a random "
             "bundled record (kind, language, length) with a fresh draw of sentences of its language, so the "
             "Japanese/English mix follows the bundled corpus. Latency is per query over a fixed mix of "
             f"{n_queries} Japanese, English and mixed queries (bench/systems.py), warm searcher, {args.rounds} "
             "passes after one untimed pass; renkei's figure includes highlighting and cross-lingual expansion. "
             "First p50 is that first pass: each query asked once, new to the searching process (its words not yet "
             "analysed, its hits not yet read), as a user's new query is. Cold is the wall time of a "
             "fresh process that opens the existing index and prints its first result (the median over two queries, "
             "共同研究 and `memorandum of understanding`, which renkei translates with the index's dictionary). "
             "Peak memory is the "
             "memory of the building process tree (the sum of its processes' proportional set sizes, so "
             "that pages a forked writer shares with its parent count once), sampled every 50 ms; search MB "
             "the peak resident memory of the process that measured latency. Cold runs have the modules' "
             "bytecode cached, as an installed package has. renkei's add s is adding 100 new records to the "
             "built index. The FTS5 baseline quotes each word and ANDs them (FTS5's own default for space-separated words; the trigram tokenizer cannot "
             "match words shorter than 3 characters); the plain Whoosh baseline uses QueryParser('body').", ""]
    for size, by_system in results["sizes"].items():
        lines += [f"## {size:,} records", "",
                  "| system | build s | records/s | MB/s text | index MB | peak MB | search MB | p50 ms | p95 ms "
                  "| p99 ms | first p50 ms | cold s | add s |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name in systems:
            r = by_system[name]
            lines.append(f"| {name} | {r['seconds']:.1f} | {r['records'] / r['seconds']:,.0f} | "
                         f"{r['text_bytes'] / 1e6 / r['seconds']:.2f} | {r['size_mb']:.1f} | {r['peak_mb']:.0f} | "
                         f"{_or_dash(r.get('search_mb'), '.0f')} | {r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} | "
                         f"{_or_dash(r.get('first_p50'), '.2f')} | {r['cold']:.2f} | {_or_dash(r.get('add_seconds'), '.2f')} |")
        if "renkei" in by_system:
            me = by_system["renkei"]
            lines += ["", "renkei ÷ baseline (records/s and speed: higher is better for renkei; size, memory, "
                      "latency, cold: lower is better):", "",
                      "| baseline | records/s | index size | peak memory | p50 | p95 | p99 | cold |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|"]
            for name in systems:
                if name == "renkei":
                    continue
                o = by_system[name]
                lines.append(f"| {name} | {_ratio(me['records'] / me['seconds'], o['records'] / o['seconds'])} | "
                             f"{_ratio(me['size_mb'], o['size_mb'])} | {_ratio(me['peak_mb'], o['peak_mb'])} | "
                             f"{_ratio(me['p50'], o['p50'])} | {_ratio(me['p95'], o['p95'])} | "
                             f"{_ratio(me['p99'], o['p99'])} | {_ratio(me['cold'], o['cold'])} |")
        lines.append("")
    lines += _targets(results)
    if results["relevance"]:
        kinds = [k for k in next(iter(results["relevance"].values())) if k != "all"]
        lines += ["## Relevance on the public queries", "",
                  "The bundled corpus (397 records), `../shared/eval/queries-public.jsonl`, scored with "
                  "`../shared/eval/score.py` (k = 10).", "",
                  "| system | nDCG@10 | recall@10 | MRR |", "|---|---:|---:|---:|"]
        for name, s in results["relevance"].items():
            lines.append(f"| {name} | {s['all']['ndcg']:.3f} | {s['all']['recall']:.3f} | {s['all']['mrr']:.3f} |")
        lines += ["", "nDCG@10 by query type:", "", "| type | " + " | ".join(results["relevance"]) + " |",
                  "|---|" + "---:|" * len(results["relevance"])]
        for kind in kinds:
            lines.append(f"| {kind} | " + " | ".join(f"{s[kind]['ndcg']:.3f}" for s in results["relevance"].values()) + " |")
        lines.append("")
    return "\n".join(lines)
