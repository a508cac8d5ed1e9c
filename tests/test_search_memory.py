"""A searching process keeps the memory its queries free (search/malloc.py): glibc's default gives
it back and page-faults it in again at the next query. Each check runs in a process of its own: the
setting is the whole process's."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A query's temporaries at 100k records: two arrays of scores and a mask over every row, freed at its end.
QUERIES = """
import resource, sys, numpy as np
from renkei.search import Engine
engine = Engine(sys.argv[1])
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def query():
    scores, more, mask = np.ones(100_000), np.ones(100_000), np.ones(100_000, bool)
    return float(scores.sum() + more.sum() + mask.sum())
query()
before = faults()
for _ in range(50):
    query()
print((faults() - before) / 50)
"""

def _faults_per_query(index: Path, **env: str) -> float:
    proc = subprocess.run([sys.executable, "-c", QUERIES, str(index)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return float(proc.stdout)


def _is_glibc() -> bool:
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):
        return False


@pytest.mark.skipif(not _is_glibc(), reason="glibc's malloc only")
def test_an_engine_keeps_freed_memory_for_the_next_query(index_dir):
    kept = _faults_per_query(index_dir)
    given_back = _faults_per_query(index_dir, RENKEI_MALLOC="system")
    assert given_back > 100 and kept < 5, (kept, given_back)


@pytest.mark.parametrize("env", [{"RENKEI_MALLOC": "system"}, {"MALLOC_TRIM_THRESHOLD_": "131072"}])
def test_a_process_that_chose_its_malloc_keeps_it(env):
    code = "from renkei.search.process import keep_freed_memory; print(keep_freed_memory())"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr
