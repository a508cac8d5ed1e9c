"""Adding records to an existing index: renkei against Whoosh+fugashi adding the same records.

    python -m bench.add [--records 10000] [--rounds 3]

Each round starts from fresh copies of two indexes of the bundled corpus (renkei's, and the plain
Whoosh + fugashi setup of bench/systems.py), then times, in this process: renkei's add_records of
`--records` synthetic records (bench/synth.py, a draw of their own), the plain setup adding the same
records (one writer, add_document each, commit), and renkei adding one record more. Systems
alternate within a round, so that a busy machine slows both; best and median of the rounds. CPU
s is the CPU time of this process and of its writer processes: what the step costs a machine
whose other cores are busy (where the wall time cannot show a second core's help).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

SEED = 7   # as bench.child's add step: a draw other than the built corpora's


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the writer processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _whoosh_add(records: list, path: Path) -> None:
    from whoosh import index

    from bench.systems import PlainWhoosh
    # Its schema given, not read: renkei's reader of index pickles (indexer.safe_pickle) is installed
    # in this process, and allows renkei's analyzers only.
    writer = index.open_dir(str(path), schema=PlainWhoosh.schema()).writer()
    for r in records:
        writer.add_document(id=r.id, body=r.display_text)
    writer.commit()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    from renkei import indexer
    from renkei.corpus import bundled_records

    from bench.synth import synthetic_records
    from bench.systems import PlainWhoosh

    added = [replace(r, id=f"added/{r.id}") for r in synthetic_records(args.records, seed=SEED)]
    one = [replace(added[0], id="added/one-more")]
    with tempfile.TemporaryDirectory(prefix="renkei-bench-add-") as tmp:
        base = {"renkei": Path(tmp) / "renkei", "whoosh": Path(tmp) / "whoosh"}
        indexer.build_index(bundled_records(), base["renkei"], bundled=True)
        PlainWhoosh().build(bundled_records(), base["whoosh"])
        times: dict[str, list[float]] = {"renkei": [], "whoosh": [], "renkei, one record": []}
        cpus: dict[str, list[float]] = {name: [] for name in times}
        for round_ in range(args.rounds):
            order = ("renkei", "whoosh") if round_ % 2 == 0 else ("whoosh", "renkei")
            for name in order:
                path = Path(tmp) / f"{name}-{round_}"
                shutil.copytree(base[name], path)
                started, cpu = time.perf_counter(), _cpu()
                if name == "renkei":
                    indexer.add_records(added, path)
                else:
                    _whoosh_add(added, path)
                times[name].append(time.perf_counter() - started)
                cpus[name].append(_cpu() - cpu)
                if name == "renkei":
                    started, cpu = time.perf_counter(), _cpu()
                    indexer.add_records(one, path)
                    times["renkei, one record"].append(time.perf_counter() - started)
                    cpus["renkei, one record"].append(_cpu() - cpu)
                shutil.rmtree(path)
    print(f"adding {args.records:,} records to the bundled index, {args.rounds} rounds (wall s and CPU s, best / median;"
          f" load average {os.getloadavg()[0]:.1f}):")
    for name, values in times.items():
        n = 1 if "one" in name else args.records
        print(f"  {name:<20} {min(values):7.3f} / {statistics.median(values):7.3f} s"
              f"  {n / min(values):8,.0f} records/s at best;  CPU {min(cpus[name]):7.3f} /"
              f" {statistics.median(cpus[name]):7.3f} s")
    ratio = min(times["whoosh"]) / min(times["renkei"])
    print(f"  renkei ÷ Whoosh+fugashi, records/s at best: {ratio:.2f}×")


if __name__ == "__main__":
    main()
