"""The `renkei` command group and what its commands share: error handling, progress, the engine, output.
The commands live in index_commands.py (records, index, remove, doctor) and search_commands.py."""
from __future__ import annotations

import functools
import gc
import importlib
import json
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

import click

from renkei.search.cli.argv import has_surrogates
from renkei.search.cli.lazy import lazy_module
from renkei.version import __version__


corpus = lazy_module("renkei.corpus")
indexer = lazy_module("renkei.indexer")
# Text for people: `--json` never loads it (its html and width tables cost ~6 ms of a cold search).
text = lazy_module("renkei.search.render.text")
terminal = lazy_module("renkei.search.render.terminal")


def clean(value: str, **kwargs: Any) -> str:
    """render.terminal.clean: text safe to print on a terminal."""
    return terminal.clean(value, **kwargs)


def Engine(index_dir: Path) -> Any:  # noqa: N802 (stands in for the class, imported when first used)
    from renkei.search.engine import Engine as engine_class
    return engine_class(index_dir)


def dumps_json(data: Any) -> str:
    """JSON as UTF-8 text can hold it: a lone surrogate (from bytes that were not UTF-8) as U+FFFD."""
    text = json.dumps(data, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", "\ufffd", text) if has_surrogates(text) else text


def _fail(err: Exception) -> None:
    """Our errors as one line on stderr: exit 2 for a query or usage problem, else 1."""
    from renkei.search.errors import QuerySyntaxError
    message = clean(str(err).splitlines()[0]) if str(err) else type(err).__name__
    if isinstance(err, QuerySyntaxError):
        raise click.UsageError(message)
    raise click.ClickException(message)


def handle_errors(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as err:
            from renkei.search.errors import SearchError
            if not isinstance(err, click.ClickException) and isinstance(
                    err, (corpus.CorpusError, indexer.IndexerError, SearchError)):
                _fail(err)
            raise
    return wrapper


class _EchoHandler(logging.Handler):
    """Library log messages as lines on (the current) stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"renkei: {record.getMessage()}", err=True)


class Progress:
    """A click progress bar on stderr, shown once the indexer says there are enough records to wait for."""

    def __init__(self, label: str) -> None:
        self.label, self.bar = label, None

    def __call__(self, step: int, total: int) -> None:
        if self.bar is None and total >= 500:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(step)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


# Which module defines each command: a command's module is imported when that command runs, so
# that `renkei search` does not import the code of `index`, `serve` or `export` (#35).
COMMAND_MODULES = {
    **dict.fromkeys(["records", "remove", "doctor"], "index_commands"),
    **dict.fromkeys(["index", "update", "sources", "watch"], "source_commands"),
    **dict.fromkeys(["search", "show", "similar", "stats"], "search_commands"),
    "serve": "serve_command",
    **dict.fromkeys(["export", "push"], "solr_commands"),
}


# Commands that read the index once and end: the cycle collector stays off for them (cli.main).
ONE_SHOT = {"search", "show", "similar", "stats"}


def collect_cycles() -> None:
    """Turn Python's cycle collector back on if `renkei`'s start-up turned it off (cli.main), with
    what start-up made set aside (gc.freeze): a command that runs long, or many queries, needs it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class _Renkei(click.Group):
    """Loads a command's module when the command is asked for (COMMAND_MODULES). Ends quietly
    (exit 0) when the reader goes away (`renkei records | head`), as `git log` does."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            importlib.import_module(f"renkei.search.cli.{COMMAND_MODULES[name]}")   # registers it
        if name not in ONE_SHOT:
            collect_cycles()
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()
            return result
        except BrokenPipeError:
            # Whatever is still buffered would fail again at exit: send it to /dev/null instead.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(0)


@click.group(cls=_Renkei, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", envvar="RENKEI_INDEX", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Index folder (default: $RENKEI_INDEX, else ~/.local/share/renkei/index).")
@click.option("--create", is_flag=True,
              help="Make a new index if the --index folder does not exist (else asked on a terminal, "
                   "refused otherwise).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")
@click.version_option(version=__version__)
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, create: bool, verbose: bool) -> None:
    """Bilingual (Japanese/English) search over partnership and exchange agreements.

    Example:

        renkei search 共同研究
    """
    # Warnings (a stale lock cleared, a linked file skipped) always reach stderr; -v adds the rest.
    for name in ("renkei",):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
            logger.addHandler(_EchoHandler())
    ctx.obj = index_dir or indexer.default_index_dir()
    # A folder typed with --index is a choice made now, and a typo there must not quietly make a
    # second index. $RENKEI_INDEX, set once like a data folder, and the data folder itself are
    # made by the first search, as the README promises.
    ctx.meta["renkei.named_index"] = ctx.get_parameter_source("index_dir") == click.core.ParameterSource.COMMANDLINE
    ctx.meta["renkei.create"] = create


def interactive() -> bool:
    """Whether a person can answer a question: stdin and stderr are a terminal."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def check_may_create(ctx: click.Context) -> None:
    """Before a command that would make the index folder: one typed with --index that does not
    exist is made only with --create, or when the user says yes on a terminal;
    otherwise a one-line error, exit 1, and nothing is created."""
    root = ctx.find_root()
    index_dir: Path = ctx.obj
    if not root.meta.get("renkei.named_index") or root.meta.get("renkei.create") or os.path.lexists(index_dir):
        return
    if interactive():
        if click.confirm(f"{clean(str(index_dir))} does not exist. Make a new index there?", default=False, err=True):
            return
        raise click.ClickException("nothing done: no index was made")
    raise click.ClickException(f"no index at {clean(str(index_dir))}: the folder does not exist. Check the path, "
                               f"or pass --create to make a new index there (renkei --index DIR --create …)")


def open_engine(ctx: click.Context) -> Engine:
    """The engine over the chosen index; builds it from the bundled corpus the first time, in a new or
    empty folder only (an index that cannot be read is an error, never silently replaced)."""
    index_dir: Path = ctx.obj
    check_may_create(ctx)
    if indexer.is_new_index(index_dir):
        collect_cycles()   # a build is no one-shot read (its writer processes start from this one)
        click.echo(f"No index at {index_dir} yet: building it from the bundled corpus…", err=True)
        # First searches started together wait for one build (it takes seconds), then all use it.
        indexer.build_first_index(index_dir, wait=600)
    try:
        return Engine(index_dir)
    except indexer.IndexNotFound:   # another first search is building it right now: wait for it
        collect_cycles()
        indexer.build_first_index(index_dir, wait=600)
        return Engine(index_dir)


# --- output ------------------------------------------------------------------------------------

def output_options(func: Callable) -> Callable:
    """--color and --no-pager, for the commands that print for people."""
    func = click.option("--no-pager", is_flag=True, help="Never page: print straight to stdout.")(func)
    return click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                         help="Style titles and matches (auto: on a terminal, unless NO_COLOR is set).")(func)


def emit(render: Callable[[Any, int], list[str]], color: str, no_pager: bool, plain: bool = False) -> None:
    """Print `render(style, columns)` for a person: through $PAGER (default `less`) when longer than
    the screen of a terminal, as git does, else straight to stdout."""
    style = text.style_for(color, plain=plain, isatty=sys.stdout.isatty(), env=os.environ)
    size = shutil.get_terminal_size()
    lines = render(style, max(size.columns, 20))
    if lines and terminal.use_pager(len(lines), isatty=sys.stdout.isatty(), no_pager=no_pager, rows=size.lines,
                                    env=os.environ):
        os.environ.setdefault("LESS", "FRX")   # git's choice: quit if one screen, keep colours and the screen
        click.echo_via_pager("\n".join(lines) + "\n", color=style.styled)
    elif lines:
        click.echo("\n".join(lines), color=style.styled)
