"""The `renkei` command. The only module that imports click or prints."""
from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from .cliargs import mark_query_words, query_words
from .format import Style, count_line, notes, record_lines, removed_line, results_lines, style_for, summary_lines
from .lazy import lazy_module
from .terminal import clean, use_pager


corpus = lazy_module("corpus")
indexer = lazy_module("indexer")


def Engine(index_dir: Path) -> Any:  # noqa: N802 (stands in for the class, imported when first used)
    from .engine import Engine as engine_class
    return engine_class(index_dir)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _fail(err: Exception) -> None:
    """Our errors as one line on stderr: exit 2 for a query or usage problem, else 1."""
    from .errors import QuerySyntaxError
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
            from .errors import SearchError
            if not isinstance(err, click.ClickException) and isinstance(
                    err, (corpus.CorpusError, indexer.IndexerError, SearchError)):
                _fail(err)
            raise
    return wrapper


class _EchoHandler(logging.Handler):
    """Library log messages as lines on (the current) stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"renkei: {record.getMessage()}", err=True)


class _Progress:
    """A click progress bar on stderr, shown once the indexer says there are enough records to wait for."""

    def __init__(self, label: str) -> None:
        self.label, self.bar = label, None

    def __call__(self, step: int, total: int) -> None:
        if self.bar is None and total >= 500:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(step)

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


class _Renkei(click.Group):
    """Ends quietly (exit 0) when the reader goes away (`renkei records | head`), as `git log` does."""

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
@click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")
@click.version_option(package_name="renkei")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None, verbose: bool) -> None:
    """Bilingual (Japanese/English) search over partnership and exchange agreements.

    Example:

        renkei search 共同研究
    """
    # Warnings (a stale lock cleared, a linked file skipped) always reach stderr; -v adds the rest.
    for name in ("corpus", "indexer", "search"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
            logger.addHandler(_EchoHandler())
    ctx.obj = index_dir or indexer.default_index_dir()


def _engine(ctx: click.Context) -> Engine:
    """The engine over the chosen index; builds it from the bundled corpus the first time, in a new or
    empty folder only (an index that cannot be read is an error, never silently replaced)."""
    index_dir: Path = ctx.obj
    if indexer.is_new_index(index_dir):
        click.echo(f"No index at {index_dir} yet: building it from the bundled corpus…", err=True)
        # First searches started together wait for one build (it takes seconds), then all use it.
        indexer.build_first_index(index_dir, wait=600)
    try:
        return Engine(index_dir)
    except indexer.IndexNotFound:   # another first search is building it right now: wait for it
        indexer.build_first_index(index_dir, wait=600)
        return Engine(index_dir)


# --- output ------------------------------------------------------------------------------------

def _output_options(func: Callable) -> Callable:
    """--color and --no-pager, for the commands that print for people."""
    func = click.option("--no-pager", is_flag=True, help="Never page: print straight to stdout.")(func)
    return click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                         help="Style titles and matches (auto: on a terminal, unless NO_COLOR is set).")(func)


def _emit(render: Callable[[Style, int], list[str]], color: str, no_pager: bool, plain: bool = False) -> None:
    """Print `render(style, columns)` for a person: through $PAGER (default `less`) when longer than
    the screen of a terminal, as git does, else straight to stdout."""
    style = style_for(color, plain=plain, isatty=sys.stdout.isatty(), env=os.environ)
    size = shutil.get_terminal_size()
    lines = render(style, max(size.columns, 20))
    if lines and use_pager(len(lines), isatty=sys.stdout.isatty(), no_pager=no_pager, rows=size.lines, env=os.environ):
        os.environ.setdefault("LESS", "FRX")   # git's choice: quit if one screen, keep colours and the screen
        click.echo_via_pager("\n".join(lines) + "\n", color=style.styled)
    elif lines:
        click.echo("\n".join(lines), color=style.styled)


# --- records & index ---------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@click.option("--jsonl", is_flag=True, help="One JSON record per line.")
@_output_options
@handle_errors
def records(paths: tuple[Path, ...], as_json: bool, jsonl: bool, color: str, no_pager: bool) -> None:
    """Print the records that would be indexed: the bundled corpus, or the files given.

    Example:

        renkei records --jsonl > records.jsonl
    """
    if as_json and jsonl:
        raise click.UsageError("--json and --jsonl cannot be combined")
    items = corpus.load_paths(paths) if paths else corpus.bundled_records()
    if as_json:
        click.echo(_dumps([r.to_dict() for r in items]))
    elif jsonl:
        for r in items:
            click.echo(r.to_json())
    else:
        _emit(lambda style, columns: [line for r in items for line in summary_lines(r, columns)], color, no_pager)


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--rebuild", is_flag=True, help="Start from scratch (bundled corpus + the files given).")
@click.option("--no-bundled", is_flag=True, help="Leave out the bundled corpus: index only your files.")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A glossary file of your own (JSON Lines, see README) to add to the bundled one.")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait if another renkei process is writing the index.")
@click.pass_context
@handle_errors
def index_cmd(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, no_bundled: bool,
              glossaries: tuple[Path, ...], wait: float) -> None:
    """Build the index, or add your files and folders to it (.jsonl, .txt, .md, .html).

    With no PATH, rebuilds from the bundled corpus. Re-adding a file replaces its records.

    Example:

        renkei index ~/agreements/ && renkei index --rebuild --no-bundled my.jsonl
    """
    index_dir: Path = ctx.obj
    if no_bundled and not paths:
        raise click.UsageError("--no-bundled needs files or folders to index")
    started = time.perf_counter()
    with _Progress("Indexing") as progress:
        if (paths or glossaries) and not rebuild and not no_bundled:
            stats = indexer.add_paths(paths, index_dir, glossaries=glossaries, progress=progress, wait=wait)
        else:
            stats = indexer.build_default_index(index_dir, paths=paths, bundled=not no_bundled,
                                                glossaries=glossaries, progress=progress, wait=wait)
    click.echo(f"Indexed {stats.written} record{'' if stats.written == 1 else 's'} ({stats.total} in the index) in "
               f"{time.perf_counter() - started:.1f}s; {stats.size_bytes / 1e6:.1f} MB at {index_dir}", err=True)


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--prefix", default=None, help="Remove every record whose id starts with this (e.g. doc/).")
@click.option("--source", default=None, help="Remove every record indexed from this file (path, or its name).")
@click.option("--wait", type=float, default=0.0, help="Seconds to wait if the index is busy.")
@click.pass_context
@handle_errors
def remove(ctx: click.Context, ids: tuple[str, ...], prefix: str | None, source: str | None, wait: float) -> None:
    """Remove records from the index: by id, by id prefix, or by the file they came from.

    Example:

        renkei remove doc/notes && renkei remove --prefix doc/ && renkei remove --source notes.md
    """
    if sum((bool(ids), prefix is not None, source is not None)) != 1:
        raise click.UsageError("give record ids, --prefix or --source (one of them)")
    stats, listed = indexer.remove(ids, ctx.obj, prefix=prefix, source=source, wait=wait)
    for record_id in listed if ids else ():
        click.echo(f"warning: no record with id {clean(record_id)!r}", err=True)
    removed = [i for i in ids if i not in listed] if ids else listed
    click.echo(removed_line(removed, stats.total), err=True)
    if not stats.removed:
        what = f"no record id starts with {prefix!r}" if prefix is not None else (
            f"no records from {source}" if source is not None else "nothing removed")
        raise click.ClickException(what)


@cli.command()
@click.pass_context
@handle_errors
def doctor(ctx: click.Context) -> None:
    """Check the index: every generation opens, its record count matches, its files read whole.

    Example:

        renkei doctor
    """
    report = indexer.check_index(ctx.obj)
    click.echo("\n".join(report.lines()))
    if not report.healthy:
        raise click.ClickException(report.summary())


# --- search ------------------------------------------------------------------------------------

def _filter_options(func: Callable) -> Callable:
    for name, example in reversed([("institution", "keio, 京大, UTokyo"), ("country", "germany, 韓国"),
                                   ("partner", "SNU, ソウル国立大学"), ("kind", "memorandum"),
                                   ("year", "2009 or 2008..2012"), ("lang", "ja")]):
        func = click.option(f"--{name}", multiple=True, help=f"Only records with this {name} (e.g. {example}).")(func)
    return func


class _SearchCommand(click.Command):
    """Words starting with "-" that are no option are query words (-Nagasaki): search.cliargs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, mark_query_words(args, self.get_params(ctx)))


@cli.command(cls=_SearchCommand)
@click.argument("query", nargs=-1)
@click.option("--limit", type=click.IntRange(0, 10000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: query, total, hits, facets…")
@click.option("--jsonl", is_flag=True, help="One hit per line.")
@click.option("--html", "as_html", is_flag=True, help="A standalone HTML page of the results (and facets).")
@click.option("--plain", is_flag=True, help="Mark matches with [brackets] instead of bold and underline.")
@_filter_options
@click.option("--facets", is_flag=True, help="Counts of the results by institution, kind, country, year.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--explain", is_flag=True, help="Say which names in other languages the query was expanded to.")
@click.option("--timeout", type=click.FloatRange(0), default=None, help="Stop after SECONDS with what was found.")
@click.option("--batch", type=click.File("rb"), default=None,
              help='JSON Lines of {"qid", "query"}: print one {"qid", "hits"} line each.')
@_output_options
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], limit: int, offset: int, as_json: bool, jsonl: bool,
           as_html: bool, plain: bool, institution: tuple, country: tuple, partner: tuple, kind: tuple, year: tuple,
           lang: tuple, facets: bool, sort: str, explain: bool, timeout: Any, batch: Any, color: str, no_pager: bool):
    """Search in Japanese, English or both.

    Words must all match ("OR" for either, -word to exclude, "quoted phrase", (groups));
    filters work in the query too: institution:keio country:germany kind:memorandum
    year:2008..2012 lang:ja.

    Example:

        renkei search ETHZ シンポジウム --institution tokyo
    """
    if sum((as_json, jsonl, as_html)) > 1:
        raise click.UsageError("choose one of --json, --jsonl, --html")
    filters = dict(institution=institution, country=country, partner=partner, kind=kind, year=year, lang=lang)
    engine = _engine(ctx)
    if batch is not None:
        if query:
            raise click.UsageError("give either QUERY or --batch FILE, not both")
        return _run_batch(engine, batch, limit, filters)
    text = query_words(query)
    if not text.strip() and not any(filters.values()):
        raise click.UsageError("give words to search for, or a filter such as --country germany")
    results = engine.search(text, filters=filters, limit=limit, offset=offset, sort=sort, facets=facets,
                            timeout=timeout)
    if explain:
        for typed, names in results.expansions:
            click.echo(f"expanded: {clean(typed)} → {clean(', '.join(names))}", err=True)
        if not results.expansions:
            click.echo("expanded: nothing (no glossary name in the query)", err=True)
    if as_json:
        click.echo(_dumps(results.to_dict()))
    elif jsonl:
        for hit in results.hits:
            click.echo(_dumps(hit.to_dict()))
    elif as_html:
        from .page import html_page
        click.echo(html_page(results), nl=False)
    else:
        for note in notes(results):
            click.echo(note, err=True)
        _emit(functools.partial(results_lines, results), color, no_pager, plain)
        click.echo(count_line(results), err=True)


def _run_batch(engine: Engine, batch: Any, limit: int, filters: dict) -> None:
    """One output line per query line; bad lines get an error line and exit status 1 at the end."""
    from .batch import run_batch
    bad: list[int] = []
    for out, error in run_batch(engine, batch, batch.name, limit, filters):
        if error:
            click.echo(error, err=True)
            bad.append(out.pop("line"))
        click.echo(_dumps(out))
    if bad:
        raise click.ClickException(f"{batch.name}: line{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad))} "
                                   f"could not be run "
                                   f"(each has an \"error\" line in the output)")


@cli.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="The record as one JSON object.")
@_output_options
@click.pass_context
@handle_errors
def show(ctx: click.Context, record_id: str, as_json: bool, color: str, no_pager: bool) -> None:
    """Show one whole record: its fields as "name: value" lines, then its text.

    Example:

        renkei show utokyo/partners/seoul-national-university
    """
    record = _engine(ctx).get(record_id)
    if as_json:
        click.echo(_dumps(record.to_dict()))
        return
    _emit(functools.partial(record_lines, record), color, no_pager)


@cli.command()
@click.argument("record_id")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@_output_options
@click.pass_context
@handle_errors
def similar(ctx: click.Context, record_id: str, limit: int, as_json: bool, color: str, no_pager: bool) -> None:
    """Records like this one.

    Example:

        renkei similar kyoto/memoranda/university-of-cambridge
    """
    results = _engine(ctx).similar(record_id, limit=limit)
    if as_json:
        click.echo(_dumps(results.to_dict()))
        return
    _emit(functools.partial(results_lines, results), color, no_pager)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def stats(ctx: click.Context, as_json: bool) -> None:
    """Records by institution, kind and language; index size and location.

    Example:

        renkei stats --json
    """
    data = _engine(ctx).stats()
    if as_json:
        click.echo(_dumps(data))
        return
    click.echo(f"{data['records']} records in {data['location']} ({data['size_bytes'] / 1e6:.1f} MB, "
               f"{data['generation']}, updated {data['updated_at']})")
    for name in ("by_institution", "by_kind", "by_lang"):
        click.echo(f"{name.replace('_', ' ')}: " + ", ".join(f"{clean(str(k))} ({v})" for k, v in data[name].items()))
