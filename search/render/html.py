"""`renkei search --html`: one standalone, accessible HTML page of results (no external resources).

Everything that comes from a record or the query is cleaned of control characters and bidi
overrides and HTML-escaped, so an indexed document cannot inject markup, script or styles.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from renkei.search.render.text import field_text, segments
from renkei.search.render.terminal import clean

if TYPE_CHECKING:
    from renkei.search.results import Hit, SearchResults

_STYLE = """
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fdfdfc; --dim: #5a5a5a; --line: #d8d8d8;
        --mark: #ffe28a; --mark-fg: #1b1b1b; --link: #0b57d0; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e6e3; --bg: #16181a; --dim: #a8a8a8; --line: #3a3d40; --mark: #6b5500;
          --mark-fg: #fff6d5; --link: #8ab4f8; }
}
body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP",
       "Yu Gothic", sans-serif; color: var(--fg); background: var(--bg); max-width: 52rem;
       margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
header p, .meta, .id, footer { color: var(--dim); }
ol { padding-left: 1.6rem; }
li.hit { margin: 0 0 1.4rem; padding-top: .2rem; }
li.hit h2 { font-size: 1.1rem; margin: 0; }
.meta { margin: .1rem 0; font-size: .92rem; }
.id { font: .85rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; margin: 0 0 .4rem; }
.fragment { margin: .35rem 0; }
mark { background: var(--mark); color: var(--mark-fg); padding: 0 .1em; border-radius: 2px;
       text-decoration: underline; text-underline-offset: .15em; }
a { color: var(--link); overflow-wrap: anywhere; }
.partial-heading { font-size: 1rem; color: var(--dim); border-top: 1px solid var(--line); padding-top: .8rem; }
section.facets { border-top: 1px solid var(--line); margin-top: 2rem; }
section.facets h2 { font-size: 1.1rem; }
section.facets h3 { font-size: 1rem; margin: .8rem 0 .2rem; }
section.facets ul { margin: 0; padding-left: 1.2rem; columns: 14rem; }
"""


def _e(text: object) -> str:
    """Cleaned and escaped: safe inside an element and inside a quoted attribute."""
    return html.escape(clean(str(text)), quote=True)


def _fragment(hit: Hit, highlight) -> str:
    parts = [f"<mark>{_e(t)}</mark>" if marked else _e(t)
             for t, marked in segments(highlight, field_text(hit.record, highlight.field))]
    return "".join(parts)


def _links(links: tuple[str, ...]) -> str:
    items = []
    for link in links:
        url = clean(link).strip()
        # Only web and mail links become anchors: a javascript: or data: URL from a record must not.
        if url.lower().startswith(("https://", "http://", "mailto:")):
            items.append(f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>')
        else:
            items.append(_e(url))
    return f'<p class="links">Links: {", ".join(items)}</p>' if items else ""


def _hit(hit: Hit) -> str:
    record = hit.record
    meta = " · ".join(_e(v) for v in (record.institution or record.source, record.date or record.year,
                                      record.country) if v)
    fragments = "".join(f'<p class="fragment">{_fragment(hit, h)}</p>' for h in hit.highlights if h.field != "title")
    title = "".join(f"<mark>{_e(t)}</mark>" if m else _e(t)
                    for h in hit.highlights if h.field == "title" for t, m in segments(h)) or _e(hit.title)
    return (f'<li class="hit" value="{hit.rank}"><article lang="{_e(record.lang)}" aria-labelledby="hit-{hit.rank}">'
            f'<h2 id="hit-{hit.rank}">{title}</h2>'
            f'<p class="meta">{meta}</p><p class="id">{_e(record.id)}</p>{fragments}{_links(record.links)}'
            f"</article></li>")


def _facets(facets: dict[str, dict[str, int]]) -> str:
    parts = ['<section class="facets" aria-labelledby="facets"><h2 id="facets">Facets</h2>']
    for name, counts in facets.items():
        items = "".join(f"<li>{_e(value)} ({int(count)})</li>" for value, count in counts.items())
        parts.append(f"<h3>{_e(name)}</h3><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def html_page(results: SearchResults) -> str:
    """The results as a complete HTML5 document."""
    query = results.query or "(filters only)"
    count = f"{results.total} result{'' if results.total == 1 else 's'}"
    if results.more:
        count += f" (and {results.more} with some of the words)"
    shown = f"; showing {results.hits[0].rank}–{results.hits[-1].rank}" if results.hits else ""
    notes = []
    if results.corrected_from:
        notes.append(f"Showing results for <strong>{_e(results.suggestion)}</strong> "
                     f"(no results for {_e(results.corrected_from)}).")
    elif results.suggestion:
        notes.append(f"Did you mean <strong>{_e(results.suggestion)}</strong>?")
    if results.any_term:
        notes.append("No record has all of the words; showing records with any of them.")
    if results.expanded:
        notes.append("Also searched as: " + ", ".join(_e(n) for n in results.expanded) + ".")
    body, previous_partial = [], False
    for hit in results.hits:
        if hit.partial and not previous_partial:
            body.append('</ol><h2 class="partial-heading">Records with some of the words</h2>'
                        f'<ol start="{hit.rank}">')
        previous_partial = hit.partial
        body.append(_hit(hit))
    start = results.hits[0].rank if results.hits else 1
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',   # the page's own words; each hit says its record's language
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(query)} — renkei search</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f'<header><h1>Search: {_e(query)}</h1><p role="status">{count}{shown}</p>'
        + "".join(f"<p>{n}</p>" for n in notes) + "</header>",
        f'<main><ol start="{start}">' + "".join(body) + "</ol></main>",
        _facets(results.facets) if results.facets else "",
        "</body>",
        "</html>",
        "",
    ])
