"""The `renkei` command. The only module that imports click or prints."""
from __future__ import annotations

import functools
import html
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

import corpus
import indexer

from .engine import Engine
from .errors import QuerySyntaxError, SearchError
from .format import hit_lines, html_fragment


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _fail(err: Exception) -> None:
    """Our errors as one line on stderr: exit 2 for a query or usage problem, else 1."""
    message = str(err).splitlines()[0] if str(err) else type(err).__name__
    if isinstance(err, QuerySyntaxError):
        raise click.UsageError(message)
    raise click.ClickException(message)


def handle_errors(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (corpus.CorpusError, indexer.IndexerError, SearchError) as err:
            _fail(err)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    return Engine(index_dir)


# --- records & index ---------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@click.option("--jsonl", is_flag=True, help="One JSON record per line.")
@handle_errors
def records(paths: tuple[Path, ...], as_json: bool, jsonl: bool) -> None:
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
        for r in items:
            facts = " · ".join(str(f) for f in (r.institution, r.kind, r.date or r.year, r.country) if f)
            click.echo(f"{r.id}\n  {r.title}\n  {facts}\n  {r.text[:160].replace(chr(10), ' ')}\n")


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
    click.echo(f"Indexed {stats.written} records ({stats.total} in the index) in "
               f"{time.perf_counter() - started:.1f}s; {stats.size_bytes / 1e6:.1f} MB at {index_dir}", err=True)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--wait", type=float, default=0.0, help="Seconds to wait if the index is busy.")
@click.pass_context
@handle_errors
def remove(ctx: click.Context, ids: tuple[str, ...], wait: float) -> None:
    """Remove records from the index by id.

    Example:

        renkei remove doc/notes
    """
    stats, missing = indexer.remove(ids, ctx.obj, wait=wait)
    for record_id in missing:
        click.echo(f"warning: no record with id {record_id!r}", err=True)
    click.echo(f"Removed {stats.removed} records ({stats.total} left)", err=True)
    if missing and not stats.removed:
        raise click.ClickException("nothing removed")


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


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--limit", type=click.IntRange(0, 10000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: query, total, hits, facets…")
@click.option("--jsonl", is_flag=True, help="One hit per line.")
@click.option("--html", "as_html", is_flag=True, help="Highlights as HTML with <mark> (text escaped).")
@click.option("--plain", is_flag=True, help="Mark matches with [brackets] instead of bold.")
@_filter_options
@click.option("--facets", is_flag=True, help="Counts of the results by institution, kind, country, year.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--explain", is_flag=True, help="Say which names in other languages the query was expanded to.")
@click.option("--batch", type=click.File("r", encoding="utf-8"), default=None,
              help='JSON Lines of {"qid", "query"}: print one {"qid", "hits"} line each.')
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], limit: int, offset: int, as_json: bool, jsonl: bool,
           as_html: bool, plain: bool, institution: tuple, country: tuple, partner: tuple, kind: tuple, year: tuple,
           lang: tuple, facets: bool, sort: str, explain: bool, batch: Any) -> None:
    """Search in Japanese, English or both.

    Words must all match ("OR" for either, -word to exclude, "quoted phrase", (groups));
    filters work in the query too: institution:keio country:germany kind:memorandum
    year:2008..2012 lang:ja.

    Example:

        renkei search ETHZ シンポジウム --institution tokyo
    """
    if sum((as_json, jsonl, as_html)) > 1:
        raise click.UsageError("choose one of --json, --jsonl, --html")
    filters = {"institution": institution, "country": country, "partner": partner, "kind": kind, "year": year,
               "lang": lang}
    engine = _engine(ctx)
    if batch is not None:
        if query:
            raise click.UsageError("give either QUERY or --batch FILE, not both")
        return _run_batch(engine, batch, limit, filters)
    text = " ".join(query)
    if not text.strip() and not any(filters.values()):
        raise click.UsageError("give words to search for, or a filter such as --country germany")
    results = engine.search(text, filters=filters, limit=limit, offset=offset, sort=sort, facets=facets)
    if explain:
        for typed, names in results.expansions:
            click.echo(f"expanded: {typed} → {', '.join(names)}", err=True)
        if not results.expansions:
            click.echo("expanded: nothing (no glossary name in the query)", err=True)
    if as_json:
        click.echo(_dumps(results.to_dict()))
        return
    if jsonl:
        for hit in results.hits:
            click.echo(_dumps(hit.to_dict()))
        return
    _print_human(results, as_html, plain)


def _print_human(results: Any, as_html: bool, plain_marks: bool) -> None:
    if results.corrected_from:
        click.echo(f"Showing results for: {results.suggestion} (no results for {results.corrected_from!r})", err=True)
    elif results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}", err=True)
    if results.any_term:
        click.echo("No record has all of the words; showing records with any of them.", err=True)
    if not results.hits:
        click.echo("No results." + (f" Did you mean: {results.suggestion}" if results.suggestion else ""), err=True)
    previous_partial = False
    for hit in results.hits:
        if hit.partial and not previous_partial:
            click.echo("<h3>Records with some of the words</h3>" if as_html else "  — records with some of the words —")
        previous_partial = hit.partial
        if as_html:
            click.echo(f"<h3>{hit.rank}. {html.escape(hit.title)}</h3>")
            for h in hit.highlights:
                click.echo(f"<p>{html_fragment(h)}</p>")
            continue
        mark = (lambda s: f"[{s}]") if plain_marks else (lambda s: click.style(s, bold=True, fg="yellow"))
        click.echo("\n".join(hit_lines(hit, mark)))
    if results.facets:
        for name, counts in results.facets.items():
            shown = ", ".join(f"{k} ({v})" for k, v in list(counts.items())[:12])
            click.echo(f"{name}: {shown}")
    more = f" (and {results.more} with some of the words)" if results.more else ""
    click.echo(f"{results.total} result{'s' if results.total != 1 else ''}{more}", err=True)


def _run_batch(engine: Engine, batch: Any, limit: int, filters: dict) -> None:
    """One output line per query line. A line that is not a query gets an error line instead, the
    batch goes on, and the exit status is 1 at the end (#13): one bad line must not lose a run."""
    bad: list[int] = []
    for number, line in enumerate(batch, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            item = None
        qid = item.get("qid") if isinstance(item, dict) else None
        text = item.get("query") if isinstance(item, dict) else None
        if not isinstance(text, str):
            problem = ("expected a JSON object with 'qid' and 'query'" if not isinstance(item, dict)
                       else "'query' must be a string")
            error = f"{batch.name}:{number}: {problem}"
        else:
            try:
                results = engine.search(text, filters=filters, limit=limit, highlight=False)
            except QuerySyntaxError as err:
                error = f"{batch.name}:{number}: {err}"
            else:
                hits = [{"id": h.id, "rank": h.rank, "score": round(h.score, 4), "title": h.title,
                         "text": h.record.display_text} for h in results.hits]
                click.echo(_dumps({"qid": qid, "hits": hits}))
                continue
        click.echo(error, err=True)
        click.echo(_dumps({"qid": qid, "hits": [], "error": error}))
        bad.append(number)
    if bad:
        raise click.ClickException(f"{batch.name}: lines {', '.join(map(str, bad))} could not be run "
                                   f"(each has an \"error\" line in the output)")


@cli.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def show(ctx: click.Context, record_id: str, as_json: bool) -> None:
    """Show one whole record, every field.

    Example:

        renkei show utokyo/partners/seoul-national-university
    """
    record = _engine(ctx).get(record_id)
    if as_json:
        click.echo(_dumps(record.to_dict()))
        return
    for name, value in record.to_dict().items():
        if name != "text" and value not in (None, [], {}, ""):
            click.echo(f"{name}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    click.echo("\n" + record.text)


@cli.command()
@click.argument("record_id")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def similar(ctx: click.Context, record_id: str, limit: int, as_json: bool) -> None:
    """Records like this one.

    Example:

        renkei similar kyoto/memoranda/university-of-cambridge
    """
    results = _engine(ctx).similar(record_id, limit=limit)
    if as_json:
        click.echo(_dumps(results.to_dict()))
        return
    for hit in results.hits:
        click.echo("\n".join(hit_lines(hit, lambda s: s)))


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
        click.echo(f"{name.replace('_', ' ')}: " + ", ".join(f"{k} ({v})" for k, v in data[name].items()))


__all__ = ["cli"]
