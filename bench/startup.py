"""Where a command's start-up goes: whole-process wall time, and the imports, by package and by module.

    python -m bench.startup [--index DIR] [--also DIR ...] [--runs 10] [--top 12]

Runs `renkei --version` and `renkei --index DIR search 共同研究 --json --limit 10` (issue #35's
command; DIR: a 1,000-record synthetic index built in a temporary folder unless given) as fresh
processes, with the modules' bytecode cached as an installed package has it (bench/__main__.py's
cold runs do the same), and the floor: Python importing numpy and click and starting fugashi's
tagger, nothing of renkei's (and with whoosh.query, imported as renkei.indexer imports it).
`--also` times the search on more indexes (other sizes); names and a date (OTHER_KINDS) are timed
on the first. Prints the median (and best) wall and
CPU time of `--runs` runs, alternated, then the commands under `python -X importtime`: the
import time of each package (the sum of its modules' own times), and the modules that cost the
most including what they import, each the median over the runs. Imports timed this way run ~1.2x
slower than untimed ones; the shares are what to read.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "共同研究"
SEARCH = ["search", QUERY, "--json", "--limit", "10"]
# Other kinds of query, timed cold on the first index: a name's first use reads shipped tables that a
# keyword never needs (JMnedict's places, Unihan's readings: 0.5-0.7 s of it went unseen until #35's
# third pass, as the bench's cold queries are a keyword and a phrase).
OTHER_KINDS = ("復旦大学", "ガジャマダ大学", "Fudan University", "2016年3月3日")
FLOOR = ("import os; os.environ.setdefault('OPENBLAS_NUM_THREADS', '1'); import numpy, click, fugashi, unidic_lite{}; "
         "fugashi.Tagger('-d ' + unidic_lite.DICDIR)")   # the CLI sets OPENBLAS_NUM_THREADS as well


def renkei_command() -> list[str]:
    script = shutil.which("renkei", path=os.path.dirname(sys.executable))
    if not script:
        raise SystemExit("no `renkei` script beside this Python: pip install -e .")
    return [sys.executable, script]


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def wall_times(command: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # the cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return times


def import_times(command: list[str], runs: int, env: dict[str, str]) -> tuple[dict[str, float], dict[str, float], float]:
    """(median ms by package, median cumulative ms by module, median total import ms) over `runs` runs."""
    packages: dict[str, list[float]] = defaultdict(list)
    modules: dict[str, list[float]] = defaultdict(list)
    totals = []
    for _ in range(runs):
        proc = subprocess.run([command[0], "-X", "importtime", *command[1:]], check=True, capture_output=True,
                              text=True, env=env)
        by_package: dict[str, float] = defaultdict(float)
        for line in proc.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line[len("import time:"):].split("|")
            name = name.strip()
            by_package[package_of(name)] += int(own) / 1000
            modules[name].append(int(cumulative) / 1000)
        for package, ms in by_package.items():
            packages[package].append(ms)
        totals.append(sum(by_package.values()))
    median = lambda values: statistics.median(values + [0.0] * (runs - len(values)))  # noqa: E731
    return ({p: median(v) for p, v in packages.items()}, {m: median(v) for m, v in modules.items()},
            statistics.median(totals))


def package_of(module: str) -> str:
    """renkei.search.engine -> renkei.search, numpy._core.numeric -> numpy."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "renkei" else parts[0]


def report(label: str, command: list[str], runs: int, top: int, env: dict[str, str]) -> list[str]:
    times = wall_times(command, runs, env)
    packages, modules, total = import_times(command, runs, env)
    shown = " ".join(["renkei", *command[2:]]).replace(str(Path(tempfile.gettempdir())), "$TMP")
    lines = [f"### `{shown}`", "",
             f"Wall {statistics.median(times):.3f} s median, {min(times):.3f} s best of {runs}; "
             f"imports {total:.0f} ms (median, under -X importtime).", "",
             "| package | import ms | | module (with what it imports) | ms |", "|---|---:|---|---|---:|"]
    by_package = sorted(packages.items(), key=lambda kv: -kv[1])[:top]
    by_module = sorted(((m, ms) for m, ms in modules.items() if "." not in m or m.startswith("renkei.")),
                       key=lambda kv: -kv[1])[:top]
    for i in range(max(len(by_package), len(by_module))):
        p = by_package[i] if i < len(by_package) else ("", None)
        m = by_module[i] if i < len(by_module) else ("", None)
        lines.append(f"| {p[0]} | {'' if p[1] is None else f'{p[1]:.1f}'} | | {m[0]} | "
                     f"{'' if m[1] is None else f'{m[1]:.1f}'} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="an index to search (default: 1,000 synthetic records, built now)")
    parser.add_argument("--also", type=Path, action="append", default=[], help="another index to time a search on")
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (medians reported)")
    parser.add_argument("--top", type=int, default=12, help="rows in each table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="renkei-startup-") as tmp:
        env = environment(Path(tmp) / "pycache")
        index = args.index
        if index is None:
            subprocess.run([sys.executable, "-m", "bench.child", "build", "renkei", "1000", tmp], check=True,
                           stdout=subprocess.DEVNULL, cwd=ROOT,
                           env={**env, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
            index = Path(tmp) / "renkei-1000"
        renkei = renkei_command()
        lines = floor_lines(renkei, [index, *args.also], args.runs, env)
        lines += report("version", [*renkei, "--version"], args.runs, args.top, env)
        lines += report("search", [*renkei, "--index", str(index), *SEARCH], args.runs, args.top, env)
    print("\n".join(lines))


def floor_lines(renkei: list[str], indexes: list[Path], runs: int, env: dict[str, str]) -> list[str]:
    """Wall times of the floor and of the search on each index, the commands alternated run by run."""
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "the floor: numpy, click, the tagger": [sys.executable, "-c", FLOOR.format("")],
                "the floor and whoosh.query": [sys.executable, "-c", FLOOR.format(", renkei.indexer, whoosh.query")],
                **{f"search on {index.name}": [*renkei, "--index", str(index), *SEARCH] for index in indexes},
                **{f"search {query} on {indexes[0].name}": [*renkei, "--index", str(indexes[0]), "search", query, "--json",
                                                             "--limit", "10"] for query in OTHER_KINDS}}
    for command in commands.values():   # the bytecode cache
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    times: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(timed(command, env))
    lines = ["| cold command | wall median s | wall best s | CPU median s | CPU best s |", "|---|---:|---:|---:|---:|"]
    for label, pairs in times.items():
        wall, cpu = [w for w, _ in pairs], [c for _, c in pairs]
        lines.append(f"| {label} | {statistics.median(wall):.3f} | {min(wall):.3f} | {statistics.median(cpu):.3f} "
                     f"| {min(cpu):.3f} |")
    return lines + [""]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one run, and the CPU seconds (user + system) the process used: on a machine
    shared with other work, CPU time varies far less than wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


if __name__ == "__main__":
    main()
