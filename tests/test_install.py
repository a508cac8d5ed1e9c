"""The installed package carries its data, and the entry point runs in a real process."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources

from renkei.corpus import data_files


def test_bundled_documents_and_tables_are_package_data():
    data = resources.files("renkei.corpus").joinpath("data")
    names = {entry.name for entry in data.iterdir()}
    assert set(data_files.BUNDLED) <= names
    assert {"glossary.jsonl", "kyoto_corrections.json", "utokyo_partners.json"} <= names


def test_renkei_entry_point_searches_a_fresh_install(tmp_path):
    exe = shutil.which("renkei", path=os.path.dirname(sys.executable)) or shutil.which("renkei")
    assert exe, "the renkei command is not installed next to this Python"
    env = {**os.environ, "RENKEI_INDEX": str(tmp_path / "index")}
    proc = subprocess.run([exe, "search", "共同研究", "--json", "--limit", "3"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "building it from the bundled corpus" in proc.stderr
    assert json.loads(proc.stdout)["total"] > 0
