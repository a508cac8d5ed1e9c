"""`renkei export --solr`, `renkei push` and the `--backend solr://...` of `renkei search` (#34)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from renkei.search.cli.group import Progress, cli, handle_errors, open_engine


@cli.command()
@click.option("--solr", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Write a Solr configset and the documents into this folder.")
@click.pass_context
@handle_errors
def export(ctx: click.Context, out_dir: Path) -> None:
    """Export the index for SolrCloud: a configset (renkei's own tokens as pre-analysed fields,
    keyword fields for filters and facets, the glossary as synonyms) and documents.jsonl.

    Example:

        renkei export --solr ./solr-export
    """
    from renkei.search.solr.export import export_solr
    open_engine(ctx).close()   # builds the index from the bundled corpus the first time, as search does
    with Progress("Exporting") as progress:
        stats = export_solr(out_dir, ctx.obj, progress=progress)
    click.echo(f"Exported {stats.documents} records ({stats.analysis}) to {stats.path} in {stats.seconds:.1f} s. "
               f"Load them with: renkei push --solr http://HOST:8983/solr --collection NAME --from {stats.path}",
               err=True)


@cli.command()
@click.option("--solr", "urls", required=True, metavar="URL[,URL...]",
              help="Solr node URLs (http://host:8983/solr); the next is tried when one is down.")
@click.option("--collection", required=True, help="The collection (created from the export if absent).")
@click.option("--from", "export_dir", required=True, type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The folder `renkei export --solr` wrote.")
@click.option("--batch-size", type=click.IntRange(1, 100000), default=500, show_default=True)
@click.option("--removals", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Delete only these ids (one a line) instead of every id the export no longer has.")
@click.option("--shards", type=click.IntRange(1), default=2, show_default=True, help="For a new collection.")
@click.option("--replicas", type=click.IntRange(1), default=2, show_default=True, help="For a new collection.")
@handle_errors
def push(urls: str, collection: str, export_dir: Path, batch_size: int, removals: Path | None, shards: int,
         replicas: int) -> None:
    """Load an export into SolrCloud, in batches, with retries. Loading again updates by record id
    and deletes the records removed since; an interrupted push is completed by running it again.

    Example:

        renkei push --solr http://localhost:8983/solr --collection renkei --from ./solr-export
    """
    from renkei.search.solr.push import push as push_export
    with Progress("Pushing") as progress:
        stats = push_export(export_dir, [u for u in urls.split(",") if u], collection, batch_size=batch_size,
                            removals=removals, shards=shards, replicas=replicas, progress=progress)
    resumed = f" (resumed: {stats.skipped} were in already)" if stats.skipped else ""
    rate = stats.sent / stats.seconds if stats.seconds else 0.0
    click.echo(f"Pushed {stats.sent} records to {collection}{resumed}, removed {stats.removed}, in "
               f"{stats.seconds:.1f} s ({rate:.0f} records/s)" + (" (collection created)" if stats.created else ""),
               err=True)


def open_backend(ctx: click.Context, backend: str) -> Any:
    """A SolrEngine for --backend solr://HOST:PORT/COLLECTION, planning with the local index."""
    from renkei.search.solr.backend import SolrEngine
    open_engine(ctx).close()   # the query kit: the local index, built the first time as search does
    return SolrEngine(backend, ctx.obj)
