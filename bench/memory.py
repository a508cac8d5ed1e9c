"""Peak memory and disk of a command, and the inputs of README's memory targets.

    python -m bench.memory make tiny 1000000 tiny1m.jsonl     # records of a few words
    python -m bench.memory make big 200 big200.jsonl          # 200 MB of 1.5 KB bilingual records
    python -m bench.memory watch DIR -- renkei --index DIR index --rebuild --no-bundled tiny1m.jsonl

`watch` runs the command and samples, every half second, its whole process tree (the parallel
build's writer processes too): the summed PSS (shared pages counted once, the tree's real
footprint), the summed RSS and the largest single RSS, and the size of DIR on disk.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from .__main__ import tree_pids
from .synth import SEED, _pools


def make(kind: str, amount: int, out: Path) -> None:
    _, pools = _pools()
    rng = random.Random(SEED)
    words = sorted({w.strip(",.;:()\"'") for s in pools["en"] for w in s.split()} - {""})
    with open(out, "w", encoding="utf-8") as f:
        if kind == "tiny":      # amount = records
            for i in range(amount):
                text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 6)))
                f.write(json.dumps({"id": f"tiny/{i}", "title": f"Note {i}", "text": text}) + "\n")
        else:                   # amount = megabytes; records of about 1.5 KB, half Japanese, half English
            i = written = 0
            while written < amount * 1_000_000:
                ja = "".join(rng.choice(pools["ja"]) for _ in range(6))[:250]
                en = " ".join(rng.choice(pools["en"]) for _ in range(10))[:750]
                line = json.dumps({"id": f"big/{i}", "title": f"{ja[:12]} {i}", "text": f"{ja}\n\n{en}"},
                                  ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                i += 1


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of a process in bytes, (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line and not line[0].isdigit())
        return int(fields["Pss"].split()[0]) * 1024, int(fields["Rss"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return 0, 0


def _disk(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def watch(folder: Path, command: list[str]) -> None:
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak = {"pss": 0, "rss": 0, "single": 0, "disk": 0, "procs": 0}
    tick = 0
    while process.poll() is None:
        sizes = [_memory(p) for p in tree_pids(process.pid)]
        peak["pss"] = max(peak["pss"], sum(s[0] for s in sizes))
        peak["rss"] = max(peak["rss"], sum(s[1] for s in sizes))
        peak["single"] = max(peak["single"], max((s[1] for s in sizes), default=0))
        peak["procs"] = max(peak["procs"], len(sizes))
        if tick % 4 == 0:   # walking a large index costs more than reading /proc
            peak["disk"] = max(peak["disk"], _disk(folder))
        tick += 1
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    mb = 1024 * 1024
    print(f"exit {process.returncode}, {seconds:.0f} s; peak of the process tree ({peak['procs']} processes): "
          f"PSS {peak['pss'] / mb:.0f} MiB, RSS {peak['rss'] / mb:.0f} MiB summed, "
          f"{peak['single'] / mb:.0f} MiB the largest process; disk peak {peak['disk'] / mb:.0f} MiB, "
          f"after {_disk(folder) / mb:.0f} MiB", file=sys.stderr)
    sys.exit(process.returncode)


def main(argv: list[str]) -> None:
    if argv[:1] == ["make"] and len(argv) == 4 and argv[1] in ("tiny", "big"):
        make(argv[1], int(argv[2]), Path(argv[3]))
    elif argv[:1] == ["watch"] and len(argv) > 3 and argv[2] == "--":
        watch(Path(argv[1]), argv[3:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
