"""Module boundaries: each room imports only the rooms below it, no import cycles, small modules.

The rooms and what each may import are written in each subpackage's `__init__` docstring; this test
holds the same table. corpus knows nothing of whoosh/fugashi/click, and only renkei.search.cli
imports click."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"renkei": "renkei", "corpus": "renkei.corpus", "indexer": "renkei.indexer", "search": "renkei.search"}

# room -> the rooms of renkei it may import (besides itself); a room is a subpackage or package
MAY_IMPORT = {
    "renkei": {"renkei.errors", "renkei.version", "renkei.corpus", "renkei.indexer", "renkei.search", "renkei.search.cli"},
    "renkei.errors": set(),
    "renkei.version": set(),
    "renkei.corpus": {"renkei.errors"},
    "renkei.indexer": {"renkei.errors", "renkei.corpus"},
    "renkei.search.query": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search"},
    "renkei.search.crosslingual": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search",
                                   "renkei.search.query"},
    "renkei.search.plan": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search", "renkei.search.query",
                           "renkei.search.crosslingual"},
    "renkei.search.matching": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search",
                               "renkei.search.query", "renkei.search.plan"},
    "renkei.search.highlight": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search",
                                "renkei.search.query", "renkei.search.plan", "renkei.search.matching"},
    "renkei.search.render": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search",
                             "renkei.search.highlight"},
    "renkei.search.cli": {"renkei.errors", "renkei.corpus", "renkei.indexer", "renkei.search",
                          "renkei.search.render", "renkei.search.serve",
                          "renkei.search.solr", "renkei.version"},
}
# the search package's own modules (engine, results...) may use every library room, never the CLI
MAY_IMPORT["renkei.search"] = {"renkei.errors", "renkei.corpus", "renkei.indexer"} | {
    r for r in MAY_IMPORT if r.startswith("renkei.search.") and r != "renkei.search.cli"}
# `renkei serve` (#33): what the library rooms may use, and render; only the CLI imports it
MAY_IMPORT["renkei.search.serve"] = MAY_IMPORT["renkei.search"] | {"renkei.search"}
# SolrCloud (#34): what the search package's library rooms may import, and the search package itself;
# only the CLI imports it
MAY_IMPORT["renkei.search.solr"] = MAY_IMPORT["renkei.search"] | {"renkei.search"}
FORBIDDEN_PACKAGES = {"renkei.corpus": {"whoosh", "fugashi", "click", "numpy"}, "renkei.indexer": {"click"},
                      "renkei.search": {"fugashi"}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    parts[0] = FOLDERS[parts[0]]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")}


def room(module: str) -> str:
    """The innermost listed room holding `module` (renkei.indexer.columnar.segment -> renkei.indexer)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in MAY_IMPORT:
            return ".".join(parts[:n])
    raise AssertionError(f"{module} is in no room")


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(modules of renkei, top-level names of other packages) that `path` imports, anywhere in it."""
    ours, others = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import (renkei's imports are absolute)"
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                     for a in node.names]
        for name in names:
            (ours if name.split(".")[0] == "renkei" else others).add(name if name in MODULES or
                                                                     name.split(".")[0] == "renkei"
                                                                     else name.split(".")[0])
    return ours, others


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_room_imports_only_the_rooms_below_it(module):
    ours, others = imports(MODULES[module])
    here = room(module)
    wrong = {m for m in ours if room(m) != here and room(m) not in MAY_IMPORT[here]}
    assert not wrong, f"{module} ({here}) imports {wrong}"
    for package, forbidden in FORBIDDEN_PACKAGES.items():
        if module.startswith(package):
            assert not others & forbidden, f"{module} imports {others & forbidden}"
    if "click" in others:
        assert here == "renkei.search.cli", f"{module} imports click"


def test_no_import_cycles():
    graph = {m: {o for o in imports(p)[0] if o in MODULES and o != m} for m, p in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:   # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_modules_stay_small():
    big = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not big, big


def test_every_subpackage_says_what_it_owns_and_may_import():
    for module, path in MODULES.items():
        if path.name == "__init__.py":
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert len(doc) > 40, f"{module} has no docstring saying what it owns"
