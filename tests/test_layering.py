"""Module boundaries: corpus knows nothing of whoosh/fugashi/click; only search/cli.py imports click."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "corpus": {"whoosh", "fugashi", "click", "indexer", "search"},
    "indexer": {"click", "search"},
    "search": {"fugashi"},
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_respect_the_layers(package):
    for path in (ROOT / package).rglob("*.py"):
        used = imports(path)
        assert not used & FORBIDDEN[package], f"{path.relative_to(ROOT)} imports {used & FORBIDDEN[package]}"
        if package == "search" and path.name != "cli.py" and path.name != "__main__.py":
            assert "click" not in used, path


def test_modules_stay_small():
    for package in FORBIDDEN:
        for path in (ROOT / package).rglob("*.py"):
            # cli.py holds every command (doctor, remove --prefix/--source, pager/colour options): 420
                limit = 420 if path.name == "cli.py" else 400
                assert len(path.read_text(encoding="utf-8").splitlines()) <= limit, path
