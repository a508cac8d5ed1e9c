"""`renkei serve`: the search page and the HTTP API (renkei.search.serve), issue #33."""
from __future__ import annotations

from pathlib import Path

import click

from renkei.search.cli.group import cli, handle_errors, open_engine


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's own lets the network search.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://intranet.example) call the API. Off by default.")
@click.option("--allow-upload", is_flag=True, help="Let the page add files to the index (drag and drop).")
@click.option("--upload-limit", type=click.FloatRange(0.001, 1024), default=10.0, show_default=True,
              metavar="MB", help="Largest file an upload may be.")
@click.option("--upload-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where added files are kept (default: beside the index, INDEX-uploads).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Search processes, each with the index open: use as many as the cores searches may take.")
@click.option("--cache", "cache_mb", type=click.FloatRange(0, 4096), default=32.0, show_default=True, metavar="MB",
              help="Memory for recent answers (a new index generation empties it). 0: off.")
@click.option("--access-log", is_flag=True, help="Log each request to stderr.")
@click.pass_context
@handle_errors
def serve(ctx: click.Context, host: str, port: int, cors: tuple[str, ...], allow_upload: bool, upload_limit: float,
          upload_dir: Path | None, workers: int, cache_mb: float, access_log: bool) -> None:
    """Search in a browser: a page for people and a JSON API for tools, on this machine.

    Open the URL it prints. A search's URL can be bookmarked or shared; the API answers
    GET /api/search?q=... with the object of `renkei search --json`.

    Example:

        renkei serve --port 8000 && curl 'http://127.0.0.1:8000/api/search?q=ETHZ'
    """
    for origin in cors:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise click.BadParameter(f"{origin!r} is not an origin such as https://intranet.example", param_hint="--cors")
    cache_bytes = int(cache_mb * 1024 * 1024)
    try:
        from renkei.search.serve import bind, create_app, run
        from renkei.search.serve.app import is_local, url_of
        from renkei.search.serve.workers import PooledEngine, SearchProcesses
    except ImportError as err:   # an install without the web stack
        raise click.ClickException(f"renkei serve needs {err.name}: pip install 'renkei' starlette uvicorn jinja2 "
                                   "python-multipart") from None
    engine = open_engine(ctx)
    try:
        sock = bind(host, port)
    except OSError as err:
        raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    if not is_local(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine on the network can search "
                   "the index" + (" and add files to it" if allow_upload else "") + ". Use --host 127.0.0.1 "
                   "to keep it to this machine.", err=True)
    url = url_of(sock)
    with_workers = ""
    if workers > 1:   # each search process opens the index itself; this process only serves HTTP
        engine.close()
        engine = PooledEngine(SearchProcesses(engine.index_dir, workers))
        with_workers = f" with {workers} search processes"
    app = create_app(engine, allow_upload=allow_upload, cors=cors, upload_dir=upload_dir,
                     upload_limit=int(upload_limit * 1024 * 1024), cache_bytes=cache_bytes)
    click.echo(f"renkei: serving {engine.index_dir} at {url}{with_workers} (Ctrl+C to stop)", err=True)
    if allow_upload:
        folder = app.state.uploads.folder
        click.echo(f"renkei: uploads on, at most {upload_limit:g} MB a file, kept in {folder}", err=True)
    run(app, sock, access_log=access_log)
