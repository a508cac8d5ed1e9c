"""Render highlights and hits as text: terminal (styled), plain (brackets) or HTML (<mark>)."""
from __future__ import annotations

import html
from typing import Callable

from .highlight import Highlight
from .results import Hit

Marker = Callable[[str], str]


def render(highlight: Highlight, mark: Marker, escape: Callable[[str], str] = lambda s: s) -> str:
    """The fragment with each span passed through `mark`; everything passes through `escape`."""
    out, last = [], 0
    for start, end in highlight.spans:
        out.append(escape(highlight.text[last:start]))
        out.append(mark(escape(highlight.text[start:end])))
        last = end
    out.append(escape(highlight.text[last:]))
    return "".join(out)


def plain(highlight: Highlight) -> str:
    return render(highlight, lambda s: f"[{s}]")


def html_fragment(highlight: Highlight) -> str:
    """HTML with the record's text escaped: an indexed document cannot inject markup."""
    return render(highlight, lambda s: f"<mark>{s}</mark>", lambda s: html.escape(s, quote=True))


def hit_lines(hit: Hit, mark: Marker) -> list[str]:
    """A hit as a person reads it: rank, title, institution, date or country; then fragments."""
    record = hit.record
    facts = [record.institution or record.source, record.date or (str(record.year) if record.year else None),
             record.country]
    head = f"{hit.rank:>3}. {hit.title}"
    lines = [head, "     " + " · ".join(f for f in facts if f) + f"  [{record.id}]"]
    for h in hit.highlights:
        if h.field == "title":
            continue
        text = render(h, mark).replace("\n", " ")
        lines.append(f"     {text}")
    return lines
