"""Run the benchmark: build, query and score renkei and two baselines; write BENCHMARKS.md."""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

from .startup import environment, wall_times
from .systems import QUERY_MIX, SYSTEMS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUERIES = ROOT.parent / "shared" / "eval" / "queries-public.jsonl"


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def tree_memory_kb(pids: list[int]) -> int:
    """What a process tree takes: the sum of its proportional set sizes (Pss: a page shared by n
    processes counts 1/n in each). Summing VmRSS would count every page a forked writer shares
    with its parent once per process (measured at 1,000 records: 612 MB summed RSS for 363 MB
    summed Pss). VmRSS where the kernel gives no smaps_rollup."""
    return sum(_memory_kb(p, "smaps_rollup", "Pss:") or _memory_kb(p, "status", "VmRSS:") for p in pids)


def _memory_kb(pid: int, name: str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/{name}") as f:
            return next((int(line.split()[1]) for line in f if line.startswith(key)), 0)
    except OSError:
        return 0


def run_child(args: list[str], sample: bool = False) -> tuple[dict, float]:
    """Run a bench.child step; returns its JSON output and the peak memory (MB) of its process tree."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "bench.child", *args], stdout=subprocess.PIPE, env=env, text=True)
    peak = [0]
    done = threading.Event()

    def sampler() -> None:
        # VmRSS every 50 ms is cheap; Pss (the kernel walks every page) only when the summed RSS
        # has grown by 2 %: sampling Pss every 50 ms took a fifth of a core from a 100k build.
        measured = 0
        while not done.is_set():
            pids = tree_pids(proc.pid)
            rss = sum(_memory_kb(p, "status", "VmRSS:") for p in pids)
            if rss > measured * 1.02:
                measured = rss
                peak[0] = max(peak[0], tree_memory_kb(pids))
            done.wait(0.05)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    out, _ = proc.communicate()
    done.set()
    if proc.returncode:
        raise SystemExit(f"bench step {args} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]) if out.strip() else {}, peak[0] / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


# A compound, and an English phrase that renkei translates (its first use of the index's dictionary).
COLD_QUERIES = ("共同研究", "memorandum of understanding")


def cold_seconds(system, path: Path, repeats: int) -> float:
    """The median over `repeats` fresh processes for each of COLD_QUERIES."""
    return statistics.median(t for query in COLD_QUERIES for t in _cold_runs(system, path, query, repeats))


def _cold_runs(system, path: Path, query: str, repeats: int) -> list[float]:
    command = system.cold_command(path, query)
    if command[0] == "renkei":
        command[0] = shutil.which("renkei", path=os.path.dirname(sys.executable)) or "renkei"
    # As installed: with the modules' bytecode cached (pip compiles it at install; an environment
    # with PYTHONDONTWRITEBYTECODE would compile every module on every start). One untimed run
    # writes the cache, under the bench's work folder so the source tree stays clean.
    return wall_times(command, repeats, environment(path.parent / "pycache"))


def score(queries: Path, run: Path) -> dict:
    spec = importlib.util.spec_from_file_location("score", queries.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = []
    runs = {r["qid"]: r["hits"] for r in module.load_jsonl(run)}
    for q in module.load_jsonl(queries):
        rows.append((q["type"], module.judge(q, runs.get(q["qid"], []), 10)))
    def mean(ms: list, key: str) -> float:
        return sum(m[key] for m in ms) / len(ms)
    out = {"all": {k: mean([m for _, m in rows], k) for k in ("ndcg", "recall", "mrr")}}
    for kind in sorted({t for t, _ in rows}):
        out[kind] = {k: mean([m for t, m in rows if t == kind], k) for k in ("ndcg", "recall", "mrr")}
    return out


def machine() -> str:
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                     platform.processor())
        mem = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    except OSError:
        model, mem = platform.processor(), 0
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("whoosh", "fugashi", "unidic-lite", "click"))
    return (f"{os.cpu_count()} cores ({model}), {mem / 1024:.1f} GiB memory, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}; "
            f"{versions}")


KEPT_FROM = "## Decision on the small-index target"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic corpus sizes (comma-separated)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="which systems to run")
    parser.add_argument("--rounds", type=int, default=10, help="timed passes over the query mix")
    parser.add_argument("--cold", type=int, default=5, help="cold CLI runs per index and query (median reported)")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="judged queries for relevance")
    parser.add_argument("--work", type=Path, default=None, help="folder for the indexes (default: a temp dir)")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="where to write the tables ('-': stdout)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    systems = [s for s in args.systems.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="renkei-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"sizes": {}, "relevance": {}}
    for size in sizes:
        for name in systems:
            built, peak = run_child(["build", name, str(size), str(work)], sample=True)
            latency, _ = run_child(["latency", name, str(size), str(work), str(args.rounds)])
            path = work / f"{name}-{size}"
            built.update(peak_mb=peak, size_mb=sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6,
                         p50=percentile(latency["ms"], 50), p95=percentile(latency["ms"], 95),
                         p99=percentile(latency["ms"], 99), cold=cold_seconds(SYSTEMS[name](), path, args.cold),
                         first_p50=percentile(latency["first_ms"], 50), search_mb=latency.get("rss_mb"))
            if hasattr(SYSTEMS[name], "add"):   # last: it changes the index
                added, _ = run_child(["add", name, str(size), str(work)])
                built.update(add_seconds=added["seconds"])
            results["sizes"].setdefault(size, {})[name] = built
            print(f"{size:>7} {name:<22} {built['records'] / built['seconds']:8.0f} rec/s  p50 {built['p50']:6.2f} ms"
                  f"  p95 {built['p95']:6.2f} ms  cold {built['cold']:.2f} s  peak {peak:6.0f} MB", file=sys.stderr)
    if args.queries.exists():
        for name in systems:
            run_child(["build", name, "0", str(work)])
            run_file = work / f"run-{name}.jsonl"
            run_child(["relevance", name, str(work), str(args.queries), str(run_file)])
            results["relevance"][name] = score(args.queries, run_file)
    from .report import markdown
    text = markdown(results, machine(), systems, len(QUERY_MIX), args)
    if args.out == "-":
        print(text)
    else:
        out = Path(args.out)
        # The run's tables replace the file's top; the sections written by hand below KEPT_FROM
        # (decisions, history, other benchmarks) are kept.
        old = out.read_text(encoding="utf-8") if out.is_file() else ""
        kept = old[old.index(KEPT_FROM):] if KEPT_FROM in old else ""
        out.write_text(text.rstrip() + "\n\n" + kept if kept else text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
