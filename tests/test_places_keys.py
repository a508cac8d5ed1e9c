"""The key sections of the shipped JMnedict extract (tools/build_places.py) are what the tool makes
of its entries with today's kana_fold, and a lookup by them finds what a scan of the entries finds."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from renkei.corpus.data_files import data_path
from renkei.indexer.names import places
from renkei.indexer.names.sound import kana_fold

TOOLS = Path(__file__).resolve().parents[1] / "tools"


@pytest.fixture(scope="module")
def file_lines() -> list[str]:
    return Path(str(data_path(places.PLACES_FILE))).read_text(encoding="utf-8").split("\n")


def test_key_sections_are_not_stale(file_lines, monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))
    from build_places import EXACT_KEYS, key_sections
    entries = file_lines[:file_lines.index(EXACT_KEYS)]
    assert file_lines[len(entries):-1] == key_sections(entries), \
        "stale key sections: run python tools/build_places.py --keys-only"
    sys.modules.pop("build_places", None)


def _scanned(file_lines: list[str], name: str, key) -> str | None:
    """The first entry with a form whose key is `name`'s: what the sections must find."""
    wanted = key(name)
    for line in file_lines:
        if line.startswith("#keys"):
            return None
        if line and line[0] != "#" and any(key(form) == wanted for form in line.split("\t")[0].split(";")):
            return line.split("\t")[3]
    return None


@pytest.mark.parametrize("name", ["ケルン", "ミュンスター", "カールスルーエ", "上海", "ヴィクトリア", "ミュンスタ",
                                  "ﾐｭﾝｽﾀｰ", "みゅんすたー", "どこにもない名前"])
def test_lookup_finds_what_a_scan_finds(file_lines, name):
    table = places.places()
    assert table.glosses(name) == _scanned(file_lines, name, lambda form: form)
    assert table.glosses(name, folded=True) == _scanned(file_lines, name, kana_fold)
