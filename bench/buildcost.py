"""Where a build's CPU time goes, per record: what bounds the records/s of `python -m bench`.

    python -m bench.buildcost [--records 5000]

Builds a synthetic corpus (bench/synth.py) in one process (no writer processes, so every step is
timed here) and prints the CPU milliseconds per record of each step: the whoosh document, the
analysis (MeCab and the English analyzer, every text field), the fast postings, whoosh's
add_document (stored fields, lengths, the posting pool of the fields not analysed), whoosh's
writing of the postings at each segment's end (the analysed fields' from the fast segment
builder's tokens: indexer/writing/postings.py), and the dictionary chosen for the index (once per
build). With W writer
processes on W idle cores a build can reach at most W × 1000 / (the per-record total) records/s.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any


def _timed(owner: Any, name: str, label: str, spent: dict[str, float]) -> None:
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - started
    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    from renkei.indexer import build
    from renkei.indexer.columnar import segment as fastindex
    from renkei.indexer.writing import processes as writer

    from .synth import synthetic_records

    spent: dict[str, float] = {}
    steps = [(build, "document", "whoosh document"), (build, "_analyse", "analysis"),
             (fastindex.SegmentBuilder, "add", "fast postings"),
             (writer.FastSegmentWriter, "add_document", "whoosh add_document"),
             (writer.FastSegmentWriter, "_flush_segment", "whoosh postings written"),
             (build, "write_dictionary", "dictionary (once)")]
    for owner, name, label in steps:
        _timed(owner, name, label, spent)
    records = list(synthetic_records(args.records))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.process_time()
        build.build_index(records, Path(tmp) / "index", procs=1)
        total = time.process_time() - started
    per_record = {label: spent.get(label, 0.0) * 1000 / len(records) for _, _, label in steps}
    per_record["other"] = total * 1000 / len(records) - sum(per_record.values())
    print(f"{len(records)} records, one process, CPU ms per record:")
    for label, ms in per_record.items():
        print(f"  {label:<26} {ms:6.3f}")
    each = total * 1000 / len(records) - per_record["dictionary (once)"]
    print(f"  {'total (without dictionary)':<26} {each:6.3f}  → at most {2000 / each:,.0f} records/s on 2 cores")


if __name__ == "__main__":
    main()
