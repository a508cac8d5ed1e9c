"""`renkei search`, `show`, `similar` and `stats`: the commands that read the index."""
from __future__ import annotations

import functools
from typing import Any, Callable

import click

from renkei.search.cli.argv import as_text, mark_query_words, query_words
from renkei.search.cli.group import (Engine, clean, collect_cycles, dumps_json, emit, open_engine, output_options, cli,
                                     handle_errors, text as render)


# --- search ------------------------------------------------------------------------------------

def _filter_options(func: Callable) -> Callable:
    for name, example in reversed([("institution", "keio, 京大, UTokyo"), ("country", "germany, 韓国"),
                                   ("partner", "SNU, ソウル国立大学"), ("kind", "memorandum"),
                                   ("year", "2009 or 2008..2012"), ("date", "2019-04, 令和4年度, 2019-04..2020-03"),
                                   ("lang", "ja")]):
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
@click.option("--plain", is_flag=True,
              help="Mark matches with [brackets], also on a terminal (output that is not styled has them anyway).")
@_filter_options
@click.option("--facets", is_flag=True, help="Counts of the results by institution, kind, country, year.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--explain", is_flag=True, help="Say which names in other languages the query was expanded to.")
@click.option("--timeout", type=click.FloatRange(0), default=None, help="Stop after SECONDS with what was found.")
@click.option("--batch", type=click.File("rb"), default=None,
              help='JSON Lines of {"qid", "query"}: print one {"qid", "hits"} line each.')
@click.option("--backend", default=None, metavar="solr://HOST:PORT/COLLECTION",
              help="Search through SolrCloud (loaded by renkei push), with renkei's own query plan.")
@output_options
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], limit: int, offset: int, as_json: bool, jsonl: bool,
           as_html: bool, plain: bool, institution: tuple, country: tuple, partner: tuple, kind: tuple, year: tuple,
           date: tuple, lang: tuple, facets: bool, sort: str, explain: bool, timeout: Any, batch: Any, backend: Any, color: str,
           no_pager: bool):
    """Search in Japanese, English or both.

    Words must all match ("OR" for either, -word to exclude, "quoted phrase", (groups));
    filters work in the query too: institution:keio country:germany kind:memorandum
    year:2008..2012 date:2019-04..2020-03 lang:ja.

    Example:

        renkei search ETHZ シンポジウム --institution tokyo
    """
    if sum((as_json, jsonl, as_html)) > 1:
        raise click.UsageError("choose one of --json, --jsonl, --html")
    filters = {name: tuple(as_text(v) for v in values) for name, values in dict(
        institution=institution, country=country, partner=partner, kind=kind, year=year, date=date, lang=lang).items()}
    if backend:
        from renkei.search.cli.solr_commands import open_backend
        engine = open_backend(ctx, backend)
    else:
        engine = open_engine(ctx)
    if batch is not None:
        collect_cycles()   # many queries: not a one-shot command
        if query:
            raise click.UsageError("give either QUERY or --batch FILE, not both")
        return _run_batch(engine, batch, limit, filters)
    text = as_text(query_words(query))
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
        click.echo(dumps_json(results.to_dict()))
    elif jsonl:
        for hit in results.hits:
            click.echo(dumps_json(hit.to_dict()))
    elif as_html:
        from renkei.search.render.html import html_page
        click.echo(html_page(results), nl=False)
    else:
        for note in render.notes(results):
            click.echo(note, err=True)
        emit(functools.partial(render.results_lines, results), color, no_pager, plain)
        line = render.count_line(results, offset)
        if line:
            click.echo(line, err=True)


def _run_batch(engine: Engine, batch: Any, limit: int, filters: dict) -> None:
    """One output line per query line; bad lines get an error line and exit status 1 at the end."""
    from renkei.search.cli.batch import run_batch
    bad: list[int] = []
    for out, error in run_batch(engine, batch, batch.name, limit, filters):
        if error:
            click.echo(error, err=True)
            bad.append(out.pop("line"))
        click.echo(dumps_json(out))
    if bad:
        raise click.ClickException(f"{batch.name}: line{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad))} "
                                   f"could not be run "
                                   f"(each has an \"error\" line in the output)")


@cli.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="The record as one JSON object.")
@output_options
@click.pass_context
@handle_errors
def show(ctx: click.Context, record_id: str, as_json: bool, color: str, no_pager: bool) -> None:
    """Show one whole record: its fields as "name: value" lines, then its text.

    Example:

        renkei show utokyo/partners/seoul-national-university
    """
    record = open_engine(ctx).get(record_id)
    if as_json:
        click.echo(dumps_json(record.to_dict()))
        return
    emit(functools.partial(render.record_lines, record), color, no_pager)


@cli.command()
@click.argument("record_id")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@output_options
@click.pass_context
@handle_errors
def similar(ctx: click.Context, record_id: str, limit: int, as_json: bool, color: str, no_pager: bool) -> None:
    """Records like this one.

    Example:

        renkei similar kyoto/memoranda/university-of-cambridge
    """
    results = open_engine(ctx).similar(record_id, limit=limit)
    if as_json:
        click.echo(dumps_json(results.to_dict()))
        return
    emit(functools.partial(render.results_lines, results), color, no_pager)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-pager", is_flag=True, help="Accepted as by the other commands (stats is short: it never pages).")
@click.pass_context
@handle_errors
def stats(ctx: click.Context, as_json: bool, no_pager: bool) -> None:
    """Records by institution, kind and language; index size and location.

    Example:

        renkei stats --json
    """
    data = open_engine(ctx).stats()
    if as_json:
        click.echo(dumps_json(data))
        return
    click.echo(f"{data['records']} records in {data['location']} ({data['size_bytes'] / 1e6:.1f} MB, "
               f"{data['generation']}, updated {data['updated_at']})")
    for name in ("by_institution", "by_kind", "by_lang"):
        click.echo(f"{name.replace('_', ' ')}: " + ", ".join(f"{clean(str(k))} ({v})" for k, v in data[name].items()))
