"""`renkei index`, `update`, `sources` and `watch`: the index in step with the files and folders it was given (#36)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import click

from renkei.search.render.terminal import clean
from renkei.search.render.text import read_line
from renkei.search.cli.group import Progress, check_may_create, cli, corpus, dumps_json, handle_errors, indexer

_REPLACE_HELP = "Let these files' records replace records of other sources that have the same id."


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--rebuild", is_flag=True, help="Start from scratch: bundled corpus, remembered sources, files given.")
@click.option("--forget-sources", is_flag=True, help="With --rebuild: forget every remembered file and folder.")
@click.option("--replace", is_flag=True, help=_REPLACE_HELP)
@click.option("--no-bundled", is_flag=True, help="Leave out the bundled corpus (rebuilds the index).")
@click.option("--glossary", "glossaries", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A glossary file of your own (JSON Lines, see README) to add to the bundled one.")
@click.option("--wait", type=float, default=0.0, show_default=True,
              help="Seconds to wait if another renkei process is writing the index.")
@click.pass_context
@handle_errors
def index_cmd(ctx: click.Context, paths: tuple[Path, ...], rebuild: bool, forget_sources: bool, replace: bool,
              no_bundled: bool, glossaries: tuple[Path, ...], wait: float) -> None:
    """Index files and folders, and keep them in step: the index remembers each one.

    Reads .jsonl, .txt, .md, .html, .csv/.tsv, .xlsx/.xlsm/.xls/.ods, .docx and .pdf: a table's
    rows become one record each. A folder's other files, and files that cannot be read, are
    skipped with the reason. Indexing a folder again adds its new files, re-reads changed ones and
    removes the records of deleted ones (`renkei update` does so for all). With no PATH, rebuilds
    from the bundled corpus and every remembered source; only --forget-sources drops them.

    Example:

        renkei index ~/agreements/ && renkei index --rebuild --forget-sources
    """
    index_dir: Path = ctx.obj
    if no_bundled and not paths:
        raise click.UsageError("--no-bundled needs files or folders to index")
    if forget_sources and paths and not rebuild:
        raise click.UsageError("--forget-sources goes with --rebuild (or no PATH)")
    if not (rebuild or no_bundled):   # a build from scratch names its folder on purpose; an add may be a typo
        check_may_create(ctx)
    started = time.perf_counter()
    with Progress("Indexing") as progress:
        if paths and not rebuild and not no_bundled:
            report = indexer.sync(paths, index_dir, replace=replace, glossaries=glossaries, progress=progress,
                                  wait=wait)
        elif glossaries and not paths and not rebuild:   # a glossary added to the index as it is
            stats = indexer.add_paths((), index_dir, glossaries=glossaries, progress=progress, wait=wait)
            return _indexed_line(stats, index_dir, started)
        else:
            report = indexer.rebuild(index_dir, paths=paths, bundled=not no_bundled, forget_sources=forget_sources,
                                     replace=replace, glossaries=glossaries, progress=progress, wait=wait)
    _report(report, index_dir, started, listed=not (rebuild or not paths or no_bundled))


@cli.command()
@click.option("--wait", type=float, default=0.0, help="Seconds to wait if the index is busy.")
@click.pass_context
@handle_errors
def update(ctx: click.Context, wait: float) -> None:
    """Re-scan every remembered file and folder: new files added, changed ones re-read,
    deleted ones' records removed. Writes nothing when nothing changed.

    Example:

        renkei update
    """
    check_may_create(ctx)
    started = time.perf_counter()
    with Progress("Indexing") as progress:
        report = indexer.update_sources(ctx.obj, progress=progress, wait=wait)
    if not report.sources and not report.gone:
        click.echo("No files or folders remembered: add one with: renkei index FOLDER", err=True)
        return
    _report(report, ctx.obj, started)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array, with each file's size, time, hash and ids.")
@click.pass_context
@handle_errors
def sources(ctx: click.Context, as_json: bool) -> None:
    """List the files and folders the index remembers (`renkei update` re-scans them).

    Example:

        renkei sources --json
    """
    remembered = indexer.list_sources(ctx.obj)
    if as_json:
        click.echo(dumps_json([s.to_dict() for s in remembered]))
        return
    for source in remembered:
        files, records = len(source.files), source.records
        click.echo(f"{clean(source.path)}{'/' if source.kind == 'folder' else ''}\t{files} file{'' if files == 1 else 's'}"
                   f", {records} record{'' if records == 1 else 's'}{', --replace' if source.replace else ''}"
                   f"\tsynced {source.synced_at}")
    if not remembered:
        click.echo("No files or folders remembered: add one with: renkei index FOLDER", err=True)


@cli.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help=_REPLACE_HELP)
@click.option("--debounce", type=int, default=800, show_default=True,
              help="Milliseconds of quiet before a burst of changes is indexed.")
@click.pass_context
@handle_errors
def watch(ctx: click.Context, path: Path, replace: bool, debounce: int) -> None:
    """Keep a folder (or file) in step with the index while this runs; Ctrl-C stops.

    Each burst of changes is synced as `renkei index PATH` would: one new generation, which
    `renkei serve` and new searches then read.

    Example:

        renkei watch ~/agreements/ & renkei serve
    """
    import watchfiles   # inotify/FSEvents through the Rust notify crate; polls where those are missing

    index_dir: Path = ctx.obj
    check_may_create(ctx)

    def once() -> None:
        started = time.perf_counter()
        try:
            _report(indexer.sync([path], index_dir, replace=replace, wait=60), index_dir, started)
        except (corpus.CorpusError, indexer.IndexerError) as err:   # said, and the watch goes on
            click.echo(f"Error: {clean(str(err).splitlines()[0])}", err=True)

    once()
    click.echo(f"Watching {clean(str(path))} (Ctrl-C to stop)", err=True)
    try:
        for _ in watchfiles.watch(path, debounce=debounce, raise_interrupt=False,
                                  force_polling=bool(os.environ.get("RENKEI_WATCH_POLL")) or None):
            once()
    except KeyboardInterrupt:   # during a sync: its generation was discarded, the index is as before
        pass
    click.echo("Stopped watching", err=True)


def _report(report, index_dir: Path, started: float, listed: bool = True) -> None:
    """Each file added, changed or removed (on stderr), what was skipped, then one summary line."""
    cwd = Path.cwd()
    for change in report.changes if listed else ():
        shown = Path(change.path)
        shown = shown.relative_to(cwd) if shown.is_relative_to(cwd) else shown
        click.echo(f"{change.what} {clean(str(shown))} ({change.records} record{'' if change.records == 1 else 's'})",
                   err=True)
    read = [c for c in report.changes if c.what != "removed"]
    if read or report.skipped:   # 'Read 3 files (12 records); skipped 2: 1 unsupported file type, 1 no text layer'
        click.echo(read_line(len(read), sum(c.records for c in read), report.skipped), err=True)
    if report.forgotten:
        records = sum(s.records for s in report.forgotten)
        click.echo(f"Forgot {len(report.forgotten)} source{'' if len(report.forgotten) == 1 else 's'} "
                   f"({records} record{'' if records == 1 else 's'}): "
                   + ", ".join(clean(s.path) for s in report.forgotten), err=True)
    elif report.unremembered:
        click.echo(f"warning: dropped {report.unremembered} records that came from no remembered file or folder "
                   f"(indexed before renkei remembered sources, or added in code): index their files again",
                   err=True)
    if report.stats is None:
        click.echo(f"Nothing changed: {report.unchanged} file{'' if report.unchanged == 1 else 's'} as indexed; "
                   f"the index is as it was", err=True)
        return
    _indexed_line(report.stats, index_dir, started)


def _indexed_line(stats, index_dir: Path, started: float) -> None:
    click.echo(f"Indexed {stats.written} record{'' if stats.written == 1 else 's'} ({stats.total} in the index) in "
               f"{time.perf_counter() - started:.1f}s; {stats.size_bytes / 1e6:.1f} MB at {index_dir}", err=True)
