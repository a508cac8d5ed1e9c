"""The documentation matches the code: the README stays short and its commands run as written on a fresh
machine, and docs/architecture.md names exactly the subpackages there are (#32).

The README's ```bash blocks run line by line in a temporary HOME with $RENKEI_INDEX in it, in the order
they are written (later commands use the files and index earlier ones made); `renkei` and `python` are
this interpreter (`sys.executable -m renkei`), never an installed copy. A block preceded by
`<!-- not run in tests -->` (pip install, the test command itself) is skipped. The ```python blocks run
in the same place, after the commands before them.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# pyproject maps the design card's folders into the one namespace.
FOLDERS = {"renkei": ROOT / "renkei", "renkei.corpus": ROOT / "corpus", "renkei.indexer": ROOT / "indexer",
           "renkei.search": ROOT / "search"}
NOT_RUN = "<!-- not run in tests -->"
_BLOCK = re.compile(r"^(?P<mark>" + re.escape(NOT_RUN) + r"[ \t]*\n)?```(?P<lang>[a-z]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$",
                    re.M | re.S)


def readme_blocks() -> list[tuple[str, str, bool]]:
    """(language, body, runs) of every fenced block at the start of a line, in order."""
    text = README.read_text(encoding="utf-8")
    return [(m["lang"], m["body"], m["mark"] is None) for m in _BLOCK.finditer(text)]


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail into docs/ (#32: at most ~200)"


def test_the_readme_keeps_the_ci_test_command_and_needs_nothing_beside_the_repository():
    text = README.read_text(encoding="utf-8")
    assert "pip install '.[test]' && pytest" in text        # what .ci/run runs
    assert "../shared" not in text


def _module_path(name: str) -> Path | None:
    """The package folder or module file a dotted renkei name stands for, or None."""
    parts = name.split(".")
    for cut in range(min(len(parts), 2), 0, -1):
        base = FOLDERS.get(".".join(parts[:cut]))
        if base is not None:
            rest = parts[cut:]
            break
    else:
        return None
    path = base.joinpath(*rest)
    if (path / "__init__.py").is_file():
        return path
    if rest and path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def _repo_subpackages() -> set[str]:
    names = set()
    for prefix, base in FOLDERS.items():
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base).parts
            if ".venv" in rel or any(part.startswith(".") or not part.isidentifier() for part in rel):
                continue
            names.add(".".join((prefix, *rel)))
    return names


def _named_in_architecture() -> set[str]:
    return set(re.findall(r"`(renkei(?:\.[a-z_][a-z0-9_]*)*)`", ARCHITECTURE.read_text(encoding="utf-8")))


def test_every_module_docs_architecture_names_exists():
    missing = sorted(name for name in _named_in_architecture() if _module_path(name) is None)
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"


def test_docs_architecture_names_every_subpackage():
    unnamed = sorted(_repo_subpackages() - _named_in_architecture())
    assert not unnamed, f"subpackages docs/architecture.md does not name (one line each): {unnamed}"


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory) -> list[tuple[str, str, subprocess.CompletedProcess]]:
    """Every runnable line and Python block of the README, run in order: (kind, text, result)."""
    tmp = tmp_path_factory.mktemp("readme")
    home, work, bin_dir = tmp / "home", tmp / "work", tmp / "bin"
    for folder in (home, work, bin_dir):
        folder.mkdir()
    for name, command in (("renkei", f'exec "{sys.executable}" -m renkei "$@"'),
                          ("python", f'exec "{sys.executable}" "$@"'), ("python3", f'exec "{sys.executable}" "$@"')):
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{command}\n")
        script.chmod(0o755)
    env = {key: value for key, value in os.environ.items()
           if key not in ("RENKEI_INDEX", "XDG_DATA_HOME", "PYTHONPATH", "LESS")}
    env.update(HOME=str(home), RENKEI_INDEX=str(tmp / "index"), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
               PAGER="cat", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    runs = []
    for lang, body, runs_in_tests in readme_blocks():
        if not runs_in_tests:
            continue
        if lang == "bash":
            for line in body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    result = subprocess.run(["bash", "-c", f"set -o pipefail\n{line}"], cwd=work, env=env,
                                            capture_output=True, text=True, timeout=120)
                    runs.append(("bash", line, result))
        elif lang == "python":
            result = subprocess.run([sys.executable, "-c", body], cwd=work, env=env, capture_output=True, text=True,
                                    timeout=120)
            runs.append(("python", body, result))
    return runs


def _failures(runs, kind: str) -> list[str]:
    return [f"{text.strip()}\n  exit {r.returncode}: {(r.stderr or r.stdout).strip()[-600:]}"
            for k, text, r in runs if k == kind and (r.returncode != 0 or "Traceback" in r.stderr)]


def test_the_readme_commands_run_as_written(readme_run):
    assert any(kind == "bash" and text.lstrip().startswith("renkei ") for kind, text, _ in readme_run)
    failures = _failures(readme_run, "bash")
    assert not failures, "README commands that fail:\n" + "\n".join(failures)


def test_the_readme_python_example_runs(readme_run):
    examples = [result for kind, _, result in readme_run if kind == "python"]
    assert examples, "the README has no ```python block"
    failures = _failures(readme_run, "python")
    assert not failures, "\n".join(failures)
    assert all(result.stdout.strip() for result in examples)
