"""The `renkei` command: the only subpackage that imports click or prints.

group.py holds the command group and what the commands share; the commands are in
index_commands.py (records, remove, doctor), source_commands.py (index, update, sources, watch),
search_commands.py (search, show, similar, stats), serve_command.py (serve) and solr_commands.py
(export, push), each imported when one of its commands runs; argv.py holds the query words that
look like options, batch.py `--batch`. It may import every other part of renkei; nothing imports it.

Importing this package imports nothing else: `main` (the `renkei` script) answers `--version`
without click, and `cli` (the click group) loads on first use (#35)."""
from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei.search.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    """The `renkei` command (pyproject's script): `renkei --version` printed at once, else the click group."""
    if sys.argv[1:] == ["--version"]:
        from renkei.version import __version__
        sys.stdout.write(f"renkei, version {__version__}\n")
        return
    # A query never multiplies matrices, and OpenBLAS starting a thread per core was ~40 % of
    # importing numpy (#35); a user's own setting wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Start-up makes some 50k objects (containers) that live as long as the process: the cycle
    # collector walked them over and over while modules loaded, and once more at exit: ~40 ms, a
    # fifth of a cold search (#35). It is off while the command loads; a command that runs long
    # turns it back on for what it makes (group.collect_cycles); search, show, similar and stats
    # leave it off.
    gc.disable()
    try:
        from renkei.search.cli.group import cli
        cli(prog_name="renkei")
    finally:
        gc.freeze()   # and the collection at exit skips them: renkei closes its files and commits its
                      # writes itself, and weakref.finalize callbacks run at exit regardless


def __getattr__(name: str) -> Any:
    if name == "cli":
        from renkei.search.cli.group import cli
        globals()["cli"] = cli
        return cli
    raise AttributeError(f"module 'renkei.search.cli' has no attribute {name!r}")
