"""A tiny run of the benchmark, so that it never rots (the full run is `python -m bench`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_tiny_benchmark_run_prints_every_table(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench", "--sizes", "150", "--rounds", "1", "--cold", "1",
                           "--work", str(tmp_path), "--out", "-"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for name in ("renkei", "sqlite-fts5-trigram", "plain-whoosh-fugashi"):
        assert f"| {name} |" in out
    assert "## 150 records" in out and "records/s" in out and "p95 ms" in out
    if (ROOT.parent / "shared" / "eval" / "queries-public.jsonl").exists():
        assert "## Relevance on the public queries" in out


def test_translation_cost_script_compares_both_engines(index_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.translations", str(index_dir), "--rounds", "1"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "with translations: p50" in proc.stdout and "without: p50" in proc.stdout
    assert "translations add: p50" in proc.stdout


def test_build_cost_script_splits_a_records_cpu_time_by_step():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.buildcost", "--records", "60"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    steps = {line.split("  ")[1].strip(): line for line in proc.stdout.splitlines() if line.startswith("  ")}
    for step in ("analysis", "whoosh add_document", "whoosh postings written", "fast postings"):
        assert float(steps[step].split()[-1]) > 0, steps[step]
    assert "records/s on 2 cores" in proc.stdout


def test_size_script_accounts_for_every_byte_of_an_index(index_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.size", str(index_dir), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    import json
    from renkei.indexer import store
    sizes = json.loads(proc.stdout)
    generation = store.live_generation(index_dir)
    assert sum(sizes.values()) == sum(p.stat().st_size for p in generation.rglob("*") if p.is_file())
    for part in ("whoosh: body postings", "whoosh: term table", "fast: records (JSON copy)", "fast: body positions",
                 "fast: body character offsets", "fast: exact frequencies", "other: names.json"):
        assert sizes.get(part, 0) > 0, part
    table = subprocess.run([sys.executable, "-m", "bench.size", str(index_dir)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=600).stdout
    assert "= total" in table and "fast: records (JSON copy)" in table


def test_startup_script_breaks_both_commands_down_by_import(index_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.startup", "--index", str(index_dir), "--runs", "1", "--top", "5"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "### `renkei --version`" in proc.stdout and "search 共同研究 --json --limit 10`" in proc.stdout
    assert proc.stdout.count("| package | import ms |") == 2 and "| renkei.search |" in proc.stdout
    assert "| the floor: numpy, click, the tagger |" in proc.stdout and f"| search on {index_dir.name} |" in proc.stdout


def test_add_script_times_renkei_and_whoosh_adding_the_same_records():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.add", "--records", "40", "--rounds", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = {line.split("  ")[1].strip(): line for line in proc.stdout.splitlines()
            if line.startswith(("  renkei", "  whoosh")) and "÷" not in line}
    assert set(rows) >= {"renkei", "whoosh", "renkei, one record"}, proc.stdout
    for row in rows.values():
        assert "records/s at best" in row and "CPU" in row, row
    assert "renkei ÷ Whoosh+fugashi" in proc.stdout


def test_query_cpu_script_times_every_query_of_the_mix_and_compares_two_runs(index_dir, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = tmp_path / "run.json"
    proc = subprocess.run([sys.executable, "-m", "bench.query_cpu", "--index", str(index_dir), "--repeats", "1",
                           "--out", str(run)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    import json
    figures = json.loads(run.read_text(encoding="utf-8"))
    assert len(figures) >= 20 and all(ms > 0 for ms in figures.values())
    compared = subprocess.run([sys.executable, "-m", "bench.query_cpu", "--compare", str(run), "--against", str(run)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert compared.returncode == 0, compared.stderr
    assert " 1.00  共同研究" in compared.stdout and compared.stdout.count("median") == 2


def test_add_one_script_times_the_cli_adding_a_file_to_the_bundled_index(tmp_path):
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "added/one", "title": "Zorbexian Institute", "text": "An exchange with it."}\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "bench.add_one", str(one), "--rounds", "2"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rounds = proc.stdout.splitlines()[0].split()[1:]
    assert len(rounds) == 2 and all(float(t) > 0 for t in rounds)
    assert proc.stdout.splitlines()[1].startswith("best ")
