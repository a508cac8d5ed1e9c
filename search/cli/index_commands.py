"""`renkei records`, `remove` and `doctor`: the commands that read files and change or check the index
(`index`, `update`, `sources` and `watch` are in source_commands.py)."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from renkei.search.render.text import read_line, removed_line, summary_lines
from renkei.search.render.terminal import clean
from renkei.search.cli.group import dumps_json, emit, output_options, cli, corpus, handle_errors, indexer


# --- records & index ---------------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@click.option("--jsonl", is_flag=True, help="One JSON record per line.")
@output_options
@handle_errors
def records(paths: tuple[Path, ...], as_json: bool, jsonl: bool, color: str, no_pager: bool) -> None:
    """Print the records that would be indexed: the bundled corpus, or the files given.

    Example:

        renkei records --jsonl > records.jsonl
    """
    if as_json and jsonl:
        raise click.UsageError("--json and --jsonl cannot be combined")
    if paths:
        checked = _check(paths)
        if not logging.getLogger("renkei").isEnabledFor(logging.INFO):   # with -v, the log said it already
            for path, note in checked.notes:   # how each file was read: encoding, header rows
                click.echo(f"{clean(str(path))}: {clean(note)}", err=True)
        items = [record for record, _ in corpus.iter_paths_with_files(checked)]
    else:
        items = corpus.bundled_records()
    if as_json:
        click.echo(dumps_json([r.to_dict() for r in items]))
    elif jsonl:
        for r in items:
            click.echo(r.to_json())
    else:
        emit(lambda style, columns: [line for r in items for line in summary_lines(r, columns)], color, no_pager)


def _check(paths: tuple[Path, ...]) -> "corpus.CheckedPaths":
    """corpus.check_paths, with a bar over the files on a terminal; skipped files are logged
    (a warning each, which reaches stderr) as they are met."""
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 10 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Reading files", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        return corpus.check_paths(paths, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _read_line(checked: "corpus.CheckedPaths") -> str:
    return read_line(len(checked.files), checked.records, checked.skipped)


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
    if not ctx.obj.exists():   # never made by a removal, named or not
        raise click.ClickException(f"no index at {clean(str(ctx.obj))}: the folder does not exist")
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
