"""Adding one file's records to the bundled index with the real CLI, as a user does (#35).

    python -m bench.add_one FILE [--bin VENV/bin] [--rounds 4]

Builds the bundled index once (with that venv's renkei), then each round copies it and times
`renkei --index COPY index FILE`: the whole process, start-up included. Prints every round's wall
seconds, best and median. Run it from two checkouts' venvs, alternated, to compare two versions.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--bin", type=Path, default=Path(sys.executable).parent, help="the venv's bin folder")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)
    renkei = str(args.bin / "renkei")
    env = {**os.environ, "RENKEI_INDEX": ""}
    with tempfile.TemporaryDirectory(prefix="bench-add-one-") as tmp:
        base, copy = Path(tmp) / "base", Path(tmp) / "copy"
        subprocess.run([renkei, "--index", str(base), "index", "--rebuild"], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times = []
        for _ in range(args.rounds):
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(base, copy)
            started = time.perf_counter()
            subprocess.run([renkei, "--index", str(copy), "index", str(args.file)], check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    print("rounds: " + " ".join(f"{t:.3f}" for t in times))
    print(f"best {min(times):.3f} s, median {statistics.median(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
