"""The search page, server-rendered: it works without JavaScript (a GET form, links for facets and
pages), and static/renkei.js makes it search as you type by fetching /results, the same HTML.

Every value from a record or the query reaches a template as plain text, cleaned of control
characters and bidi overrides (render.terminal.clean); Jinja2's autoescape escapes it there. Only
http(s) and mailto links become anchors, and record ids go into URLs percent-encoded whole."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from renkei.search.errors import QuerySyntaxError
from renkei.search.render.terminal import clean
from renkei.search.render.text import field_text, segments
from renkei.search.serve.api import all_records_facets, cached_results, record_id, run_search
from renkei.search.serve.labels import LABELS, ui_language
from renkei.search.serve.params import FACETS, FILTERS, SearchParams, search_params

PAGE_SIZE = 10
FACET_VALUES = 12        # shown per facet; the rest behind "more"
_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def record_url(rid: str) -> str:
    """The record's page. The id is encoded whole (slashes too), so `..` in an id is never a path step."""
    return "/records/" + quote(rid, safe="")


def safe_link(url: str) -> str | None:
    url = clean(url).strip()
    return url if url.lower().startswith(_SAFE_SCHEMES) and not any(c.isspace() for c in url) else None


def _meta(record: Any) -> str:
    return " · ".join(clean(str(v)) for v in (record.institution or record.source, record.date or record.year,
                                               record.country) if v)


def _hit(hit: Any) -> dict[str, Any]:
    record = hit.record
    title = [s for h in hit.highlights if h.field == "title" for s in segments(h)] or [(clean(record.title), False)]
    fragments = [segments(h, field_text(record, h.field)) for h in hit.highlights if h.field != "title"]
    matched = list(dict.fromkeys(t.strip() for h in hit.highlights for t, m in segments(h) if m and t.strip()))
    return {"rank": hit.rank, "id": clean(record.id), "url": record_url(record.id), "title": title,
            "meta": _meta(record), "lang": record.lang if record.lang in ("ja", "en") else "",
            "fragments": fragments, "partial": hit.partial, "score": round(hit.score, 3), "matched": matched,
            "links": [(u, safe_link(u)) for u in map(clean, record.links)]}


def _facets(params: SearchParams, facets: dict[str, dict[str, int]] | None) -> list[dict[str, Any]]:
    out = []
    for name in FACETS:
        counts = (facets or {}).get(name) or {}
        chosen = params.filters.get(name, ())
        values = []
        for value, count in counts.items():
            on = value in chosen
            toggled = [v for v in chosen if v != value] if on else [*chosen, value]
            values.append({"value": clean(str(value)), "count": int(count), "on": on,
                           "url": params.url(**{name: toggled, "offset": 0})})
        if values:
            out.append({"name": name, "values": values[:FACET_VALUES], "more": values[FACET_VALUES:]})
    return out


def _query_syntax(params: SearchParams) -> str:
    """The search as one query: the filters in the syntax the box and the CLI read (country:germany)."""
    def term(name: str, value: str) -> str:
        return f'{name}:"{value}"' if any(c.isspace() or c in '"()' for c in value) else f"{name}:{value}"
    parts = [params.q.strip()] if params.q.strip() else []
    for name, values in params.filters.items():
        terms = [term(name, clean(v)) for v in values]
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " ".join(parts)


def results_context(request: Request, params: SearchParams) -> dict[str, Any]:
    """What the results template shows for `params` (the query is run here)."""
    engine = request.app.state.engine
    if params.empty:
        browse = cached_results(request, ("browse",), lambda: all_records_facets(engine))
        return {"results": None, "facets": _facets(params, browse.facets), "browse_total": browse.total}
    try:
        results = cached_results(request, ("page", params.key()), lambda: run_search(engine, params, facets=True))
    except QuerySyntaxError as err:   # often a query half typed ("ETH): say so, keep the page
        return {"results": None, "facets": [], "query_error": clean(str(err).splitlines()[0])}
    hits = [_hit(h) for h in results.hits]
    first_partial = next((h["rank"] for h in hits if h["partial"]), None)
    shown = results.total + results.more
    return {
        "results": results, "hits": hits, "first_partial": first_partial,
        "facets": _facets(params, results.facets), "syntax": _query_syntax(params),
        "active": [(name, clean(v), params.url(**{name: [x for x in vals if x != v], "offset": 0}))
                   for name, vals in params.filters.items() for v in vals],
        "suggestion": clean(results.suggestion or ""), "suggestion_url": params.url(q=results.suggestion or "",
                                                                                      offset=0),
        "corrected_from": clean(results.corrected_from or ""), "missing": [clean(m) for m in results.missing],
        "expansions": [(clean(t), [clean(n) for n in names]) for t, names in results.expansions],
        "previous": params.url(offset=max(params.offset - params.limit, 0)) if params.offset else None,
        "next": params.url(offset=params.offset + params.limit) if params.offset + params.limit < shown else None,
    }


def _context(request: Request, **extra: Any) -> dict[str, Any]:
    lang = ui_language(request.headers.get("accept-language"), request.query_params.get("hl"))
    uploads = request.app.state.uploads
    return {"ui": lang, "t": LABELS[lang], "uploads": bool(uploads),
            "csrf": uploads.token if uploads else "", "upload_limit": uploads.limit if uploads else 0, **extra}


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    page = request.app.state.templates.get_template(template).render(_context(request, **context))
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


def _page_params(request: Request) -> SearchParams:
    return search_params(request.query_params, strict=False, limit=PAGE_SIZE, max_limit=50)


def search_page(request: Request) -> Response:
    params = _page_params(request)
    return render(request, "search.html", params=params, **results_context(request, params))


def results_fragment(request: Request) -> Response:
    params = _page_params(request)
    return render(request, "_results.html", params=params, **results_context(request, params))


def record_page(request: Request) -> Response:
    engine = request.app.state.engine
    rid = record_id(request)
    record = engine.get(rid)
    fields = [(name, value) for name, value in record.to_dict().items()
              if name not in ("id", "title", "text", "facts", "links") and value not in (None, [], {}, "")]
    facts = [(name, _value(value)) for name, value in fields] + [
        (f"facts.{name}", _value(value)) for name, value in record.facts.items() if value not in (None, [], {}, "")]
    similar = [_hit(h) for h in engine.similar(rid, limit=10).hits]
    back = request.query_params.get("back", "")
    return render(request, "record.html", record={
        "id": clean(record.id), "title": clean(record.title), "lang": record.lang if record.lang in ("ja", "en") else "",
        "facts": [(clean(n), clean(v)) for n, v in facts], "source": clean(record.source or ""),
        "paragraphs": [clean(p, keep_lines=False) for p in clean(record.text, keep_lines=True).split("\n") if p.strip()],
        "links": [(u, safe_link(u)) for u in map(clean, record.links)],
        "api": "/api/records/" + quote(record.id, safe="")}, similar=similar,
        back=back if back.startswith("/?") else "/")


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def no_icon(request: Request) -> Response:
    return Response(status_code=204, headers={"Cache-Control": "max-age=86400"})   # no 404 in every page's log


ROUTES = [
    Route("/", search_page),
    Route("/favicon.ico", no_icon),
    Route("/results", results_fragment),
    Route("/records/{record_id:path}", record_page),
]
