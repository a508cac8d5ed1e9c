"""Solr benchmark (issue #34): cluster start, push rate, query p50/p95 through Solr against local.

    python -m bench.solr [--records 100000] [--rounds 5]

Builds a local index of the bundled corpus plus N synthetic records (bench.synth), exports it,
starts the 2-node test cluster (tests/solr_harness), pushes, then runs the same queries through
both engines. Needs Java 17 and Maven. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from pathlib import Path

from renkei import indexer
from renkei.corpus.load import bundled_records
from renkei.search import Engine
from renkei.search.solr.backend import SolrEngine
from renkei.search.solr.export import export_solr
from renkei.search.solr.push import push

from bench.synth import synthetic_records

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["forest management certifications", "国際共同研究", "ETHZ シンポジウム", "ソウル国立大学",
           "Seoul National University", "student exchange", "東京大学 ケンブリッジ", '"joint research"',
           "exchange -student", "institution:keio research", "year:2008..2012 agreement", "lang:ja 協定",
           "ドイツ", "シンポジウム", "国際研究者", "Göttingen", "country:germany", "double degree programme",
           "学術交流協定", "summer school"]


def _cluster_module():
    spec = importlib.util.spec_from_file_location("solr_cluster", ROOT / "tests" / "solr_harness" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _percentiles(engine, rounds: int) -> list[float]:
    for q in QUERIES:   # warm up: caches, the JIT
        engine.search(q, limit=10)
    times = []
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            engine.search(q, limit=10)
            times.append(time.perf_counter() - t)
    times.sort()
    return [round(times[len(times) // 2] * 1000, 2), round(times[int(len(times) * 0.95)] * 1000, 2)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=100_000, help="synthetic records besides the bundled corpus")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    cluster_module = _cluster_module()
    missing = cluster_module.missing_tools()
    if missing:
        raise SystemExit(missing)
    out: dict = {"synthetic": args.records}
    with tempfile.TemporaryDirectory(prefix="renkei-bench-solr-") as tmp:
        base = Path(tmp)
        t = time.monotonic()
        indexer.build_index([*bundled_records(), *synthetic_records(args.records)], base / "index", bundled=True)
        out["index_s"] = round(time.monotonic() - t, 1)
        stats = export_solr(base / "export", base / "index")
        out.update(documents=stats.documents, export_s=round(stats.seconds, 1),
                   export_mb=round((base / "export" / "documents.jsonl").stat().st_size / 1e6, 1))
        out["maven_s"] = round(cluster_module.build(), 1)
        t = time.monotonic()
        cluster = cluster_module.Cluster.start(base / "export" / "configset", "renkei", base / "solr.log")
        out["cluster_start_s"] = round(time.monotonic() - t, 1)
        try:
            loaded = push(base / "export", cluster.nodes, "renkei")
            out.update(push_s=round(loaded.seconds, 1), push_per_s=round(loaded.sent / loaded.seconds))
            with Engine(base / "index") as local, SolrEngine(f"solr://{cluster.hosts()}/renkei", base / "index") as solr:
                out["local_p50_p95_ms"] = _percentiles(local, args.rounds)
                out["solr_p50_p95_ms"] = _percentiles(solr, args.rounds)
        finally:
            out["quit_s"] = round(cluster.stop(), 1)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
