"""`renkei serve`: the search page and the HTTP API (Starlette, uvicorn, Jinja2), issue #33.

app.py builds the ASGI app; api.py holds the JSON endpoints (the `--json` contract), pages.py the
server-rendered page, upload.py `--allow-upload`, labels.py the ja/en words of the page, cache.py
the answers kept for the index's generation, workers.py the search processes of `--workers N`. Library
code: no click and no printing (the CLI's `serve` command starts it). May import every library
room of renkei.search and renkei.search.render; never the CLI."""
from renkei.search.serve.app import bind, create_app, run

__all__ = ["bind", "create_app", "run"]
