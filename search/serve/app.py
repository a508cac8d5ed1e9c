"""The ASGI app of `renkei serve`: routes, errors as JSON, security headers; and how it is bound and run.

One Engine serves every request (or, with `--workers N`, N search processes with one each:
workers.py): it follows the index's CURRENT file (a stat per query) and opens
a new generation when `renkei index` or an upload publishes one, so a change shows at the next
request, and a query never reads a generation that is half written (generations are written aside
and published by a rename)."""
from __future__ import annotations

import errno
import ipaddress
import logging
import socket
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from renkei.indexer.errors import IndexerError
from renkei.search.errors import QuerySyntaxError, RecordNotFound, SearchError
from renkei.corpus import CorpusError
from renkei.search.render.terminal import clean
from renkei.search.serve import api, pages, upload
from renkei.search.serve.cache import DEFAULT_MB, ResultCache
from renkei.search.serve.labels import LABELS, ui_language

log = logging.getLogger(__name__)
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),   # no-referrer would make a form post say "Origin: null"
    (b"x-frame-options", b"DENY"),
]


class _SecurityHeaders:
    """Adds the headers above to every response (a plain ASGI wrapper: no per-request task)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)
        await self.app(scope, receive, with_headers)


class _ApiCors:
    """CORS for the API's paths only: the pages (which hold the upload form's CSRF token) stay
    readable by the server's own pages alone, whatever --cors says."""

    def __init__(self, app: Any, origins: list[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(app, allow_origins=origins, allow_methods=["GET"], allow_headers=[], max_age=600)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        inner = self.cors if scope["type"] == "http" and scope["path"].startswith("/api/") else self.app
        await inner(scope, receive, send)


def _status_of(err: Exception) -> int:
    if isinstance(err, RecordNotFound):
        return 404
    if isinstance(err, QuerySyntaxError):
        return 400
    if isinstance(err, CorpusError):
        return 422
    return 503   # the index cannot be read or written right now (IndexerError, IndexDamaged...)


def _error(request: Request, status: int, message: str) -> Response:
    message = clean(message.splitlines()[0] if message else "error")[:500]
    wants_html = ("text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")
                  and request.headers.get("x-requested-with") != "fetch")
    if not wants_html:
        return api.JSON({"error": message, "status": status}, status_code=status)
    lang = ui_language(request.headers.get("accept-language"), request.query_params.get("hl"))
    page = request.app.state.templates.get_template("error.html").render(
        ui=lang, t=LABELS[lang], status=status, message=message, uploads=False)
    return HTMLResponse(page, status_code=status)


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, str(exc.detail))


async def _renkei_error(request: Request, exc: Exception) -> Response:
    return _error(request, _status_of(exc), str(exc))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return api.JSON({"error": "internal error: the server's log has the details", "status": 500}, status_code=500)


def create_app(engine: Any, *, allow_upload: bool = False, cors: list[str] | tuple[str, ...] = (),
               upload_dir: Path | None = None, upload_limit: int = upload.DEFAULT_LIMIT,
               cache_bytes: int = DEFAULT_MB * 1024 * 1024) -> Starlette:
    """The app serving `engine`'s index. Uploads only with `allow_upload`; CORS headers for the API
    only for the `cors` origins given (none by default); answers kept in a cache of `cache_bytes`
    (0: none)."""
    middleware = [Middleware(_SecurityHeaders)]
    if cors:
        middleware.append(Middleware(_ApiCors, origins=list(cors)))
    routes = [*api.ROUTES, *upload.routes(allow_upload), *pages.ROUTES,
              Mount("/static", StaticFiles(packages=[("renkei.search.serve", "static")]), name="static")]
    handlers = {HTTPException: _http_error, SearchError: _renkei_error, IndexerError: _renkei_error,
                CorpusError: _renkei_error, Exception: _unexpected}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.engine = engine
    app.state.processes = getattr(engine, "processes", None)   # workers.PooledEngine: `--workers N`
    app.state.cache = ResultCache(engine.index_dir, cache_bytes) if cache_bytes > 0 else None
    app.state.uploads = upload.Uploads(engine.index_dir, upload_dir, upload_limit) if allow_upload else None
    app.state.templates = jinja2.Environment(loader=jinja2.PackageLoader("renkei.search.serve", "templates"),
                                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    from renkei.indexer.versions import _version
    app.state.version = _version("renkei") or "0+unknown"
    return app


def is_local(host: str) -> bool:
    """True for an address only this machine can reach (a warning is due for any other)."""
    if host in _LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port). OSError names what is wrong."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise OSError(err.errno, f"port {port} on {host} is in use: choose another with --port") from None
        raise
    # Accepted connections inherit this: without it, a kept-alive connection waits ~40 ms a
    # response (its head and body are two writes; Nagle holds the second for the client's ACK).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


# h11, never httptools, even where it is installed (uvicorn's "auto" would take it): h11 refuses a
# request whose line and headers pass 16 KB with a 400, while with httptools uvicorn keeps all of
# an unfinished request line in memory (measured: 10 MB sent, the server grew by 27 MB, no answer).
# httptools would save ~0.14 ms of the ~0.33 ms of CPU a cached answer takes (bench/serve_load.py).
UVICORN_SETTINGS = {"http": "h11", "lifespan": "off", "timeout_keep_alive": 5, "server_header": False}


def run(app: Starlette, sock: socket.socket, *, access_log: bool = False) -> None:
    """Serve until SIGINT/SIGTERM, then forget unconfirmed uploads and close the engine."""
    import uvicorn
    config = uvicorn.Config(app, log_level="info" if access_log else "warning", access_log=access_log,
                            **UVICORN_SETTINGS)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if app.state.uploads:
            app.state.uploads.close()
        app.state.engine.close()
        sock.close()
