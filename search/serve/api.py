"""The JSON API: the same objects as `renkei search --json`, `show --json`, `similar --json`.

Searches are answered from the result cache (cache.py) when it holds them, in the event loop; a
search it does not hold runs in an idle search process (`--workers`, workers.py) or else in a
worker thread, and its JSON is kept for the next request."""
from __future__ import annotations

import json
from importlib import resources
from functools import partial
from typing import Any, Callable

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from renkei.search.serve.openapi import openapi_document
from renkei.search.serve.params import FILTERS, QUERY_SECONDS, bad_request, search_params

MAX_ID_CHARS = 1000


def encode(content: Any) -> bytes:
    """UTF-8 JSON, text kept as is (`ensure_ascii=False`, as the CLI prints it)."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class JSON(JSONResponse):
    """A response of encode(content)."""

    def render(self, content: Any) -> bytes:
        return encode(content)


def run_search(engine: Any, params: Any, *, facets: bool | None = None) -> Any:
    """Engine.search as `renkei search` calls it, with the server's time bound."""
    return engine.search(params.q, filters=params.engine_filters(), limit=params.limit, offset=params.offset,
                         sort=params.sort, facets=params.facets if facets is None else facets,
                         timeout=QUERY_SECONDS)


def all_records_facets(engine: Any) -> Any:
    """Facets of every record: a search with no words must have a filter, and every record is ja or en."""
    return engine.search("", filters={"lang": ("ja", "en")}, limit=0, facets=True, timeout=QUERY_SECONDS)


def record_id(request: Request) -> str:
    value = request.path_params["record_id"]
    if not value or len(value) > MAX_ID_CHARS:
        raise bad_request("No record with this id. Find ids with: GET /api/search?q=...", 404)
    return value


def cached_results(request: Request, key: tuple, find: Callable[[], Any]) -> Any:
    """`find()`'s SearchResults, or the cache's for `key` (for the page: runs in a worker thread)."""
    cache = request.app.state.cache
    if cache is None:
        return find()
    return cache.get_or_make(key, lambda: _sized(find()))


def _sized(results: Any) -> tuple[Any, int, bool]:
    size = 2048 + sum(512 + 2 * (len(h.record.text) + len(h.record.title)) for h in results.hits)
    size += 64 * sum(len(v) for v in (results.facets or {}).values())
    return results, size, not results.timed_out


async def _cached_json(request: Request, key: tuple, answer: Callable[[Any], tuple[Any, bool]]) -> Response:
    """The JSON of `answer(engine)` -> (content, timed out), from the cache when it holds it for
    this generation; else found (and encoded) by a search process or a worker thread, and kept.
    `answer` must pickle (a partial of a module's function) to reach a search process."""
    cache = request.app.state.cache
    generation, body = cache.lookup(key) if cache is not None else (None, None)
    if body is None:
        job = partial(_encoded, answer)
        processes = request.app.state.processes
        if processes is not None:
            body, timed_out = await processes.call(job)
        else:
            body, timed_out = await anyio.to_thread.run_sync(job, request.app.state.engine,
                                                             limiter=_searches(request.app))
        if cache is not None and not timed_out:
            cache.store(generation, key, body, len(body))
    return Response(body, media_type="application/json")


def _encoded(answer: Callable[[Any], tuple[Any, bool]], engine: Any) -> tuple[bytes, bool]:
    content, timed_out = answer(engine)
    return encode(content), timed_out


def _searches(app: Any) -> CapacityLimiter:
    """One search at a time in a process (made in its event loop, on first use). Searches run
    side by side in threads share the GIL badly: with six of one worker's eight kept-alive
    clients in flight at once, a search cost 6.6 ms of CPU instead of 3.0 (bench.serve_load)."""
    if getattr(app.state, "searches", None) is None:
        app.state.searches = CapacityLimiter(1)
    return app.state.searches


async def search(request: Request) -> Response:
    params = search_params(request.query_params, strict=True)
    if params.empty:
        raise bad_request("give words to search for (q=...) or a filter such as country=germany")
    return await _cached_json(request, ("api/search", params.key()), partial(_search_answer, params))


def _search_answer(params: Any, engine: Any) -> tuple[Any, bool]:
    results = run_search(engine, params)
    return results.to_dict(), results.timed_out


def record(request: Request) -> Response:
    _only(request, set())
    return JSON(request.app.state.engine.get(record_id(request)).to_dict())


def similar(request: Request) -> Response:
    _only(request, {"limit"})
    params = search_params({k: v for k, v in request.query_params.items()}, strict=False, max_limit=100)
    return JSON(request.app.state.engine.similar(record_id(request), limit=max(params.limit, 1)).to_dict())


async def facets(request: Request) -> Response:
    params = search_params(request.query_params, strict=True)
    return await _cached_json(request, ("api/facets", params.key()), partial(_facets_answer, params))


def _facets_answer(params: Any, engine: Any) -> tuple[Any, bool]:
    results = all_records_facets(engine) if params.empty else run_search(engine, params, facets=True)
    return ({"query": params.q, "filters": {n: list(params.filters.get(n, ())) for n in FILTERS},
             "total": results.total, "facets": results.facets}, results.timed_out)


def health(request: Request) -> Response:
    stats = request.app.state.engine.stats()
    return JSON({"status": "ok", "generation": stats["generation"], "records": stats["records"],
                 "updated_at": stats["updated_at"], "uploads": bool(request.app.state.uploads)})


def openapi(request: Request) -> Response:
    return JSON(openapi_document(request.app.state.version, uploads=bool(request.app.state.uploads)))


def results_schema(request: Request) -> Response:
    text = resources.files("renkei.search").joinpath("schema/results.schema.json").read_text(encoding="utf-8")
    return Response(text, media_type="application/schema+json")


def _only(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params.keys()) - allowed)
    if unknown:
        raise bad_request(f"unknown parameter {unknown[0]!r}" + (f"; use: {', '.join(sorted(allowed))}" if allowed else ""))


ROUTES = [
    Route("/api/search", search),
    Route("/api/records/{record_id:path}/similar", similar),
    Route("/api/records/{record_id:path}", record),
    Route("/api/facets", facets),
    Route("/api/health", health),
    Route("/api/openapi.json", openapi),
    Route("/api/schema/results.json", results_schema),
]
