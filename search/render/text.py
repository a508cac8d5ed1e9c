"""Render hits and records as lines of text for a terminal or a pipe (no click, no printing).

Text from records is cleaned of control characters (see terminal.clean) and wrapped to the
width given, with a hanging indent; a `Style` says how a match, a title and a dim line look.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from renkei.search.render.terminal import Segment, clean, use_color, width, wrap

if TYPE_CHECKING:
    from renkei.corpus import Record

    from renkei.search.highlight.fragments import Highlight
    from renkei.search.results import Hit, SearchResults

Marker = Callable[[str], str]
_SENTENCE_END = set(".!?。！？\n")
_WORD = re.compile(r"\w", re.ASCII)
INDENT = "     "


@dataclass(frozen=True)
class Style:
    """How output is marked: `match` wraps matched words, `title` a title, `dim` a secondary
    line. Plain text by default; ANSI or [brackets] as the caller chooses."""
    match: Marker = lambda s: s
    title: Marker = lambda s: s
    dim: Marker = lambda s: s
    styled: bool = False          # uses ANSI escape sequences

    @property
    def mark_width(self) -> int:
        """Columns that marking a run adds (2 for [ ], 0 for ANSI styles)."""
        return width(self.match(""))


def _sgr(codes: str) -> Marker:
    return lambda s: f"\x1b[{codes}m{s}\x1b[0m" if s else s


BRACKETS = Style(match=lambda s: f"[{s}]")
# Bold and underlined matches read on light and dark backgrounds alike (no colour to clash).
ANSI = Style(match=_sgr("1;4"), title=_sgr("1"), dim=_sgr("2"), styled=True)


def style_for(color: str, *, plain: bool, isatty: bool, env: Mapping[str, str]) -> Style:
    """ANSI styles when `--color` (auto|always|never) says so and not --plain; otherwise matches
    in [brackets], so that output piped to a file or to grep still shows what matched."""
    if not plain and use_color(color, isatty=isatty, env=env):
        return ANSI
    return BRACKETS


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
    """The fragment with matches in [brackets], control characters removed."""
    return render(highlight, lambda s: f"[{s}]", clean)


def html_fragment(highlight: Highlight) -> str:
    """HTML with matches in <mark> and the record's text cleaned and escaped: an indexed document
    cannot inject markup."""
    return render(highlight, lambda s: f"<mark>{s}</mark>", lambda s: html.escape(clean(s), quote=True))


def field_text(record: Record, name: str) -> str:
    """The record text a highlight of field `name` was cut from."""
    if name == "title":
        return record.title
    if name == "partners":
        return "\n".join((*record.partners, *record.departments))
    return record.text


def segments(highlight: Highlight, source: str | None = None) -> list[Segment]:
    """The fragment as (text, matched) segments, cleaned, with "…" where it was cut out of the
    middle of `source` (the field's whole text), and a word cut in two at either end dropped."""
    text, spans = highlight.text, list(highlight.spans)
    start, end = 0, len(text)
    at = source.find(text) if source else -1
    cut_before = cut_after = False
    if at > 0 and source[at - 1] not in _SENTENCE_END:
        cut_before = True
        if _WORD.match(source[at - 1]) and _WORD.match(text[:1] or " "):   # a word cut in two
            first_space = text.find(" ")
            if 0 < first_space < (spans[0][0] if spans else len(text)):
                start = first_space + 1
    if at >= 0 and at + len(text) < len(source) and not {text[-1:], source[at + len(text)]} & _SENTENCE_END:
        cut_after = True
        if _WORD.match(source[at + len(text)]) and _WORD.match(text[-1:] or " "):
            last_space = text.rfind(" ")
            if last_space > (spans[-1][1] if spans else 0):
                end = last_space
    out: list[Segment] = [("… ", False)] if cut_before else []
    last = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out += [(clean(text[last:a]), False), (clean(text[a:b]), True)]
        last = b
    out.append((clean(text[last:end]).rstrip(), False))
    if cut_after:
        out.append((" …", False))
    return [s for s in out if s[0]]


def styled(line: Sequence[Segment], style: Style, line_style: Marker | None = None) -> str:
    """A wrapped line as a string: matched runs through `style.match`, the rest through `line_style`."""
    plain_part = line_style or (lambda s: s)
    return "".join(style.match(t) if marked else (plain_part(t) if t.strip() else t) for t, marked in line)


def hit_lines(hit: Hit, style: Style, columns: int) -> list[str]:
    """A hit as a person reads it: rank and title; institution · year · country and the id; then
    each fragment, every line within `columns`."""
    record = hit.record
    lines = [styled(line, style, style.title)
             for line in wrap([(clean(hit.title), False)], columns, first=f"{hit.rank:>3}. ", indent=INDENT)]
    facts = " · ".join(clean(str(f)) for f in (record.institution or record.source, record.date or record.year,
                                                record.country) if f)
    lines += [styled(line, style, style.dim)
              for line in wrap([(facts, False), (f"  [{clean(record.id)}]", False)], columns,
                               first=INDENT, indent=INDENT)]
    for h in hit.highlights:
        if h.field == "title":
            continue
        lines += [styled(line, style) for line in wrap(segments(h, field_text(record, h.field)), columns,
                                                        first=INDENT, indent=INDENT, mark_width=style.mark_width)]
    return lines


def results_lines(results: SearchResults, style: Style, columns: int) -> list[str]:
    """Every hit of a page, a blank line between them; partial hits under their own heading;
    then the facets, if any."""
    lines: list[str] = []
    previous_partial = False
    for hit in results.hits:
        if hit.partial and not previous_partial:
            lines.append(style.dim("  — records with some of the words —"))
        previous_partial = hit.partial
        lines += hit_lines(hit, style, columns) + [""]
    for name, counts in (results.facets or {}).items():
        shown = ", ".join(f"{clean(str(k))} ({v})" for k, v in list(counts.items())[:12])
        lines += [styled(line, style) for line in wrap([(shown, False)], columns, first=f"{name}: ", indent="  ")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def notes(results: SearchResults) -> list[str]:
    """What a person should know before the results: a corrected spelling, a looser match, none."""
    suggestion = clean(results.suggestion or "")
    out = []
    if results.corrected_from:
        out.append(f"Showing results for: {suggestion} (no results for {results.corrected_from!r})")
    elif suggestion:
        out.append(f"Did you mean: {suggestion}")
    if results.timed_out:
        out.append("Stopped at the time limit (--timeout): the results may be incomplete.")
    if results.any_term:
        out.append("No record has all of the words; showing records with any of them.")
    if not results.hits and not results.total and not results.more:
        missing = ", ".join(clean(m) for m in results.missing)
        out.append(f"No results: no record mentions {missing}." if missing else "No results.")
    return out


def count_line(results: SearchResults, offset: int = 0) -> str | None:
    """ "3 results (and 2 with some of the words)"; "16 results, none shown (--limit 0)" for an
    empty page of a search that found some; None when "No results." said it all (notes)."""
    if not results.total and not results.more:
        return None
    more = f" (and {results.more} with some of the words)" if results.more else ""
    line = f"{_plural(results.total, 'result')}{more}"
    if not results.hits:
        line += f", none from --offset {offset} on" if offset else ", none shown (--limit 0)"
    return line


def removed_line(removed: Sequence[str], left: int, shown: int = 5) -> str:
    """ "Removed 3 records: doc/a, doc/b, doc/c (394 left)", the first `shown` ids named."""
    names = ", ".join(clean(i) for i in removed[:shown])
    if len(removed) > shown:
        names += f", … ({len(removed) - shown} more)"
    return f"Removed {_plural(len(removed), 'record')}{': ' + names if names else ''} ({left} left)"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def record_lines(record: Record, style: Style, columns: int) -> list[str]:
    """A whole record: every filled field as aligned "name: value" lines (facts as their own
    lines, "facts.name: value"), then a blank line and the text, wrapped."""
    pairs = [(name, value) for name, value in record.to_dict().items()
             if name not in ("text", "facts") and value not in (None, [], {}, "")]
    pairs += [(f"facts.{name}", value) for name, value in record.facts.items() if value not in (None, [], {}, "")]
    label_width = max((width(name) for name, _ in pairs), default=0) + 2
    lines = []
    for name, value in pairs:
        label = f"{name}:".ljust(label_width)
        lines += [styled(line, style) for line in wrap([(clean(_value(value)), False)], columns,
                                                        first=style.dim(label), indent=" " * label_width)]
    lines.append("")
    for paragraph in clean(record.text, keep_lines=True).split("\n"):
        paragraph = paragraph.replace("\t", "    ")
        lines += ["".join(t for t, _ in line) for line in wrap([(paragraph, False)], columns)] if paragraph else [""]
    return lines


def summary_lines(record: Record, columns: int) -> list[str]:
    """A record in four lines or so, for `renkei records`: id, title, facts, the text's start."""
    facts = " · ".join(clean(str(f)) for f in (record.institution, record.kind, record.date or record.year,
                                                record.country) if f)
    start = clean(record.text[:160]) + ("…" if len(record.text) > 160 else "")
    lines = [clean(record.id)]
    for text in (clean(record.title), facts, start):
        lines += ["".join(t for t, _ in line) for line in wrap([(text, False)], columns, first="  ", indent="  ")]
    return lines + [""]


def read_line(files: int, records: int, skipped: Sequence = ()) -> str:
    """'Read 3 files (12 records); skipped 2: 1 unsupported file type, 1 no text layer': what a
    check or a sync took in, and why it left files out (each skipped item has a `reason`)."""
    line = f"Read {files} file{'' if files == 1 else 's'} ({records} record{'' if records == 1 else 's'})"
    if skipped:
        reasons: dict[str, int] = {}
        for item in skipped:
            reason = item.reason.split(": ", 1)[-1].split(";")[0].split(" (")[0]
            reasons[reason] = reasons.get(reason, 0) + 1
        line += f"; skipped {len(skipped)}: " + ", ".join(f"{n} {clean(r)}" for r, n in reasons.items())
    return line
