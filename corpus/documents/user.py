"""Documents users bring: JSON Lines of records, .txt/.md files, saved .html pages."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import RecordParseError, UnsupportedDocument
from ..records import Record
from ..text import detect_lang, slugify

SUFFIXES = (".jsonl", ".txt", ".md", ".html", ".htm")
_STR_FIELDS = ("source", "institution", "kind", "country", "region", "date", "lang")
_LIST_FIELDS = ("partners", "departments", "links")
_INT_FIELDS = ("year", "mou_year", "sea_year")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID_LENGTH = 300
# One record is one search result: a text of more than a million characters is a whole library,
# not an agreement. Such input is rejected with a clear error (split it into documents).
MAX_RECORD_CHARS = 1_000_000
MAX_DOCUMENT_BYTES = 4 * MAX_RECORD_CHARS   # .txt/.md/.html files: one record each


def read_document_text(path: Path) -> str:
    """The file as text: UTF-8 (a BOM is dropped); binary or undecodable input is an error."""
    if path.suffix.lower() != ".jsonl" and path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise RecordParseError(f"{path}:1: file is {path.stat().st_size:,} bytes; one document may have at most "
                               f"{MAX_DOCUMENT_BYTES:,} (split it into several files)")
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[:data.index(b"\x00")].count(b"\n") + 1
        raise RecordParseError(f"{path}:{line}: NUL byte; this looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise RecordParseError(f"{path}:{line}: not valid UTF-8 (byte {data[err.start]:#04x} "
                               f"at offset {err.start}); save the file as UTF-8") from None
    if not text.strip():
        raise RecordParseError(f"{path}:1: empty file, nothing to index")
    return text


def parse_file(path: Path, root: Path | None = None) -> list[Record]:
    """Records from one user file; `root` (the folder a user named) makes ids relative to it."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedDocument(f"{path}: unsupported file type {suffix or '(none)'!r}; "
                                  f"renkei reads {', '.join(SUFFIXES)}")
    text = read_document_text(path)
    if suffix == ".jsonl":
        return parse_jsonl(text, path)
    relative = path.relative_to(root) if root and path != root else Path(path.name)
    record_id = "doc/" + "/".join(slugify(part) for part in relative.with_suffix("").parts)
    if suffix in (".html", ".htm"):
        title, body, links = html_to_text(text)
    else:
        title, body, links = markdown_to_text(text) if suffix == ".md" else plain_to_text(text)
    title = title or path.stem
    _check_length(body, f"{path}:1")
    return [Record(id=record_id, title=title, text=body, source=path.name, kind="document",
                   lang=detect_lang(title + "\n" + body), links=tuple(links))]


def parse_jsonl(text: str, path: Path) -> list[Record]:
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise RecordParseError(f"{path}:{number}: malformed JSON ({err.msg} at column {err.colno})") from None
        records.append(record_from_json(data, f"{path}:{number}", default_source=path.name))
    return records


def record_from_json(data: Any, where: str, default_source: str = "") -> Record:
    """Validate one JSON object against the record schema; `where` is 'file:line' for errors."""
    if not isinstance(data, dict):
        raise RecordParseError(f"{where}: expected a JSON object, got {type(data).__name__}")
    for name in ("id", "title", "text"):
        if name not in data or data[name] is None:
            raise RecordParseError(f"{where}: missing required field {name!r}")
        if not isinstance(data[name], str) or not data[name].strip():
            raise RecordParseError(f"{where}: field {name!r} must be a non-empty string")
    record_id = data["id"].strip()
    if len(record_id) > MAX_ID_LENGTH or any(ord(ch) < 32 for ch in record_id):
        raise RecordParseError(f"{where}: field 'id' must be one line of at most {MAX_ID_LENGTH} characters")
    _check_length(data["text"], where)
    values: dict[str, Any] = {"id": record_id, "title": data["title"].strip()[:1000], "text": data["text"]}
    for name in _STR_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordParseError(f"{where}: field {name!r} must be a string, got {json.dumps(value)}")
        values[name] = value
    for name in _INT_FIELDS:
        value = data.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999):
            raise RecordParseError(f"{where}: field {name!r} must be a year between 1 and 9999, "
                                   f"got {json.dumps(value, ensure_ascii=False)}")
        values[name] = value
    for name in _LIST_FIELDS:
        value = data.get(name) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RecordParseError(f"{where}: field {name!r} must be a list of strings")
        values[name] = tuple(value)
    if values["date"] is not None and not _DATE.match(values["date"]):
        raise RecordParseError(f"{where}: field 'date' must be YYYY-MM-DD, got {values['date']!r}")
    if values["date"] and values["year"] is None:
        values["year"] = int(values["date"][:4])
    if values["lang"] not in (None, "ja", "en"):
        raise RecordParseError(f"{where}: field 'lang' must be 'ja' or 'en', got {values['lang']!r}")
    values["lang"] = values["lang"] or detect_lang(values["title"] + "\n" + values["text"])
    values["source"] = values["source"] or default_source
    values["kind"] = values["kind"] or "document"
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise RecordParseError(f"{where}: field 'facts' must be an object")
    values["facts"] = facts
    return Record(**values)


def _check_length(text: str, where: str) -> None:
    if len(text) > MAX_RECORD_CHARS:
        raise RecordParseError(f"{where}: text is {len(text):,} characters; a record may have at most "
                               f"{MAX_RECORD_CHARS:,} (split it into several records)")


def plain_to_text(text: str) -> tuple[str, str, list[str]]:
    lines = text.strip().splitlines()
    return lines[0].strip(), "\n".join(lines[1:]).strip(), re.findall(r"https?://\S+", text)


def markdown_to_text(text: str) -> tuple[str, str, list[str]]:
    links = re.findall(r"\]\((https?://[^)\s]+)\)", text) + re.findall(r"<(https?://[^>\s]+)>", text)
    body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)          # [label](url) -> label
    heading = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", body, re.M)
    lines = [re.sub(r"^\s{0,3}(#{1,6}\s+|[-*+>]\s+)", "", line) for line in body.strip().splitlines()]
    lines = [re.sub(r"(\*\*|__|`)", "", line) for line in lines]
    title = heading.group(1) if heading else lines[0]
    if lines and lines[0].strip() == title.strip():
        lines = lines[1:]
    return title.strip(), "\n".join(lines).strip(), links


class _VisibleText(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.heading = ""
        self.links: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._stack.append(tag)
        if tag in self._BLOCK:
            self.parts.append("\n")
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith(("http://", "https://")):
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if "title" in self._stack:
            self.title += data
        elif not self._SKIP.intersection(self._stack):
            if not self.heading and {"h1", "h2", "h3"}.intersection(self._stack) and data.strip():
                self.heading = data.strip()
            self.parts.append(data)


def html_to_text(text: str) -> tuple[str, str, list[str]]:
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    body = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts))
    body = "\n".join(line.strip() for line in body.splitlines() if line.strip())
    title = " ".join(parser.title.split()) or parser.heading or (body.splitlines()[0] if body else "")
    return title, body, parser.links
