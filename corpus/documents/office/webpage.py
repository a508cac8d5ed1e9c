"""Saved web pages (.html/.htm) via selectolax's Lexbor parser: visible text and <table>s.

Lexbor builds the tree in linear time (200,000 unclosed <b> parse in ~50 ms; the stdlib
HTMLParser approach that scans a tag stack per start tag is quadratic on them), and keeps every
element (lxml's libxml2 stops at depth 255 and drops the rest of the page silently, even with
huge_tree). The tree is walked without recursion; below max_html_depth an element's text is
taken whole as one run. Block elements, <br> and <iframe> fallback text are separated from their
neighbours, so words of two blocks are never glued together.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from renkei.corpus.documents.office.containers import check_size
from renkei.corpus.documents.office.encoding import decode_bytes
from renkei.corpus.errors import EmptyFile, UndecodableText
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.model import Block, Cell, Document, Table

SUFFIXES = (".html", ".htm", ".xhtml")
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "math", "object", "canvas", "-comment"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
          "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
          "header", "hr", "iframe", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section",
          "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "select", "textarea",
          "button", "label", "img", "input", "video", "audio", "frame", "frameset", "html"}
_TAGS = re.compile(r"<script\b.*?(?:</script\s*>|$)|<style\b.*?(?:</style\s*>|$)|<[^>]*>", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def decode_html(data: bytes) -> tuple[str, str]:
    """BOM, else a <meta charset> in the first 1024 bytes (if Python knows it and it decodes
    cleanly), else the same detection as for CSV."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _META_CHARSET.search(data[:1024])
        if m:
            label = m.group(1).decode("ascii").lower()
            label = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
                     "windows-31j": "cp932"}.get(label, label)
            try:
                return data.decode(label), codecs.lookup(label).name
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data)


def _cell_text(node) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


def table_rows(table) -> list[list[Cell]]:
    """The rows of one <table> (not of tables nested in it), th and td alike, colspan repeated
    and rowspan carried down so that columns stay aligned. A table of <th>name</th><td>value</td>
    rows (one record laid out vertically) is turned into a header row and one value row."""
    trs = []
    for child in table.iter():
        if child.tag == "tr":
            trs.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            trs.extend(c for c in child.iter() if c.tag == "tr")
    rows: list[list[Cell]] = []
    kinds: list[list[str]] = []
    carried: dict[int, tuple[Cell, int]] = {}   # column -> (value, rows left)
    for tr in trs:
        row: list[Cell] = []
        row_kinds: list[str] = []
        column = 0
        for cell in (c for c in tr.iter() if c.tag in ("td", "th")):
            column = _take_carried(carried, column, row, row_kinds)
            value = _cell_text(cell) or None
            attrs = cell.attributes
            span = _span(attrs.get("colspan"))
            down = _span(attrs.get("rowspan"))
            for _ in range(span):
                row.append(value)
                row_kinds.append(cell.tag)
                if down > 1:
                    carried[column] = (value, down - 1)
                column += 1
        column = _take_carried(carried, column, row, row_kinds)
        if any(v is not None for v in row):
            rows.append(row)
            kinds.append(row_kinds)
    if len(rows) >= 2 and all(len(r) == 2 and k[0] == "th" and k[1] == "td" for r, k in zip(rows, kinds)):
        rows = [[r[0] for r in rows], [r[1] for r in rows]]
    return rows


def _take_carried(carried: dict, column: int, row: list, row_kinds: list[str]) -> int:
    """Fill the columns a rowspan above still covers, from `column` on; the next free column."""
    while column in carried:
        value, left = carried[column]
        row.append(value)
        row_kinds.append("td")
        if left > 1:
            carried[column] = (value, left - 1)
        else:
            del carried[column]
        column += 1
    return column


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def visible_text(root, max_depth: int, skip: frozenset[str] = frozenset()) -> tuple[str, str, list[str]]:
    """(body text, first h1-h3 heading, links) of a parsed page, without recursion; elements
    named in `skip` (e.g. "table", when its rows are records of their own) are left out."""
    parts: list[str] = []
    links: list[str] = []
    heading = ""
    stack: list[tuple[object, int, bool]] = [(root, 0, True)]
    while stack:
        node, depth, entering = stack.pop()
        tag = node.tag or ""   # a tag Lexbor cannot name ("<\x80A"): its text is still read
        if not entering:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(node.text_content or "")
            continue
        if tag in _SKIP or tag in skip or tag.startswith("-"):
            continue
        if tag == "a":
            href = node.attributes.get("href") or ""
            if href.startswith(("http://", "https://")):
                links.append(href)
        if not heading and tag in ("h1", "h2", "h3"):
            heading = _cell_text(node)
        block = tag in _BLOCK
        if block:
            parts.append("\n")
            stack.append((node, depth, False))
        if depth >= max_depth:   # deeper than the limit: the rest of this branch as one run
            parts.append(node.text(deep=True, separator=" "))
            continue
        children = list(node.iter(include_text=True))
        stack.extend((child, depth + 1, True) for child in reversed(children))
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", "".join(parts))
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    return text, heading, links


def read_html(path: Path, limits: Limits) -> Document:
    check_size(path, limits.max_text_file_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFile(path, "empty file")
    try:
        text, encoding = decode_html(data)
    except ValueError as err:
        raise UndecodableText(path, f"text encoding not recognised ({err})") from None
    return parse_html(text, path, limits, encoding)


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr", "param", "keygen", "frame"})


def flatten_deep_tags(text: str, max_depth: int) -> str:
    """The page with start tags (and their end tags) that would open elements deeper than
    `max_depth` left out, in one linear scan. Lexbor checks the stack of open elements on each
    tag, so 50,000 nested <div> cost it 5 s (quadratic, #36); below the limit, the text of a
    branch is kept, only its markup goes. Depth is counted as written (void and self-closed
    elements do not nest), which is what a page deep enough to matter is written like."""
    if text.count("<") <= max_depth:
        return text
    depth = 0
    dropped: dict[str, int] = {}

    def tag(m: re.Match) -> str:
        nonlocal depth
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            if dropped.get(name):
                dropped[name] -= 1
                return " "
            depth = max(depth - 1, 0)
            return m.group()
        if name in _VOID or self_closing:
            return m.group()
        if depth >= max_depth:
            dropped[name] = dropped.get(name, 0) + 1
            return " "
        depth += 1
        return m.group()

    return _TAG.sub(tag, text)


def parse_html(text: str, path: Path | str, limits: Limits, encoding: str | None = None) -> Document:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(flatten_deep_tags(text.replace("\x00", ""), 4 * limits.max_html_depth))
    title_node = tree.css_first("title")
    # <title> holds raw text in HTML5: a <script> written inside it is text there, never a title's
    title = " ".join(_TAGS.sub(" ", title_node.text(deep=True)).split()) if title_node is not None else ""
    body = tree.body if tree.body is not None else tree.root
    body_text, heading, links = visible_text(body, limits.max_html_depth) if body is not None else ("", "", [])
    document = Document(path=str(path), format="html", encoding=encoding, links=links,
                        title=title or heading or (body_text.splitlines()[0][:200] if body_text else Path(str(path)).stem))
    if body_text:
        document.blocks.append(Block("page", body_text, ""))
    for number, table in enumerate(tree.css("table"), 1):
        rows = table_rows(table)
        if rows:
            name = f"table {number}"
            document.tables.append(Table(name=name, rows=rows, row_numbers=list(range(1, len(rows) + 1)), where=name))
    return document
