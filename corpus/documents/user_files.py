"""Documents users bring: JSON Lines of records, .txt/.md files, saved .html pages."""
from __future__ import annotations

import codecs
import datetime
import hashlib
import itertools
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

from renkei.corpus.errors import RecordParseError, UnsupportedDocument
from renkei.corpus.records import INSTITUTION_NAMES, KINDS, Record
from renkei.corpus.text import detect_lang

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
# A JSON Lines line holds one record: its text, JSON-escaped (\\uXXXX is 6 bytes, an escaped
# surrogate pair 12), and its other fields. Reading stops at this length, so that a file without
# newlines cannot be read into memory whole.
MAX_LINE_BYTES = 16 * MAX_RECORD_CHARS


def read_document_text(path: Path) -> str:
    """The file as text: UTF-8 (a BOM is dropped); binary or undecodable input is an error."""
    if path.suffix.lower() != ".jsonl" and path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise RecordParseError(f"{path}:1: file is {path.stat().st_size:,} bytes; one document may have at most "
                               f"{MAX_DOCUMENT_BYTES:,} (split it into several files)")
    return decode_document(path.read_bytes(), path)


def decode_document(data: bytes, path: Path) -> str:
    """read_document_text's checks, for bytes already read."""
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
    """Records from one user file; `root` is the folder a user named, if it was found in one."""
    return list(iter_file_records(path, root))


def iter_file_records(path: Path, root: Path | None = None) -> Iterator[Record]:
    """Records from one user file, one at a time: a JSON Lines file is read a line at a time, so
    a file of any size can be checked in bounded memory."""
    return (record for _, record in iter_located_records(path, root))


def iter_located_records(path: Path, root: Path | None = None) -> Iterator[tuple[str, Record]]:
    """('file:line', record) for each record of one user file, as iter_file_records."""
    try:
        yield from _located_records(path, root)
    except OSError as err:   # unreadable, or gone since the folder was listed
        raise RecordParseError(f"{path}: cannot be read ({err.strerror or err})") from None


def _located_records(path: Path, root: Path | None) -> Iterator[tuple[str, Record]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedDocument(f"{path}: unsupported file type {suffix or '(none)'!r}; "
                                  f"renkei reads {', '.join(SUFFIXES)}")
    if suffix == ".jsonl":
        for where, line in _jsonl_lines(path):
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise RecordParseError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
            yield where, record_from_json(data, where, default_source=path.name)
        return
    text = read_document_text(path)
    if suffix in (".html", ".htm"):
        title, body, links = html_to_text(text)
    else:
        title, body, links = markdown_to_text(text) if suffix == ".md" else plain_to_text(text)
    title = title or path.stem
    _check_length(body, f"{path}:1")
    yield f"{path}:1", Record(id=document_id(path, root), title=title, text=body, source=path.name, kind="document",
                 lang=detect_lang(title + "\n" + body), links=tuple(links))


def document_id(path: Path, root: Path | None = None) -> str:
    """`doc/<folder>-<hash>/<path inside the folder>`, e.g. `doc/agreements-1f0c9a3e/2021/oita.md`.

    The folder is the one a user named, or the file's own folder for a file named directly, and
    the hash is of its resolved path: ids differ for same-named files in different places (#13),
    and a file keeps its id whether it is named itself or found in its folder.
    """
    folder = Path(root) if root is not None else Path(path).absolute().parent
    inside = Path(path).relative_to(root).as_posix() if root is not None else Path(path).name
    resolved = str(folder.resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    label, inside = _readable(Path(resolved).name or "root"), _readable(inside)
    record_id = f"doc/{label}-{digest}/{inside}"
    if len(record_id) > MAX_ID_LENGTH:   # a very deep path: keep the file's name, hash the rest
        inside_digest = hashlib.sha1(inside.encode("utf-8")).hexdigest()[:8]
        record_id = f"doc/{label[:60]}-{digest}/{inside_digest}/{inside.rsplit('/', 1)[-1][-200:]}"
    return record_id


def _readable(name: str) -> str:
    """A file name as an id part: NFC (macOS stores names decomposed), no control characters,
    undecodable bytes as U+FFFD."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("_" if ord(ch) < 32 or ch == "\x7f" else ch for ch in unicodedata.normalize("NFC", name))


def _jsonl_lines(path: Path) -> Iterator[tuple[str, str]]:
    """('file:line', text) of the non-blank lines, with the checks read_document_text makes."""
    seen_text = False
    offset = 0
    with path.open("rb") as stream:
        for number in itertools.count(1):
            raw = stream.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            where = f"{path}:{number}"
            if len(raw) > MAX_LINE_BYTES:
                raise RecordParseError(f"{where}: line is over {MAX_LINE_BYTES:,} bytes; one record may have "
                                       f"at most {MAX_RECORD_CHARS:,} characters of text")
            if b"\x00" in raw:
                raise RecordParseError(f"{where}: NUL byte; this looks like a binary file, not text")
            start = 0
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                start = len(codecs.BOM_UTF8)
            try:
                line = raw[start:].decode("utf-8")
            except UnicodeDecodeError as err:
                at = start + err.start
                raise RecordParseError(f"{where}: not valid UTF-8 (byte {raw[at]:#04x} at offset {offset + at}); "
                                       f"save the file as UTF-8") from None
            offset += len(raw)
            if line.strip():
                seen_text = True
                yield where, line
    if not seen_text:
        raise RecordParseError(f"{path}:1: empty file, nothing to index")


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
    if values["date"] is not None and not _is_date(values["date"]):
        raise RecordParseError(f"{where}: field 'date' must be a real date written YYYY-MM-DD, "
                               f"got {values['date']!r}")
    if values["date"] and values["year"] is None:
        values["year"] = int(values["date"][:4])
    if values["lang"] not in (None, "ja", "en"):
        raise RecordParseError(f"{where}: field 'lang' must be 'ja' or 'en', got {values['lang']!r}")
    values["lang"] = values["lang"] or detect_lang(values["title"] + "\n" + values["text"])
    values["source"] = values["source"] or default_source
    values["kind"] = values["kind"] or "document"
    if values["kind"] not in KINDS:   # `--kind` accepts only these: a record of another kind is unreachable
        raise RecordParseError(f"{where}: field 'kind' must be one of {', '.join(KINDS)}, got {values['kind']!r}")
    if values["institution"]:
        values["institution"] = INSTITUTION_NAMES.get(values["institution"].strip().casefold(),
                                                      values["institution"])
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise RecordParseError(f"{where}: field 'facts' must be an object")
    values["facts"] = facts
    return Record(**values)


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


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
    _SKIP = {"script", "style", "noscript", "template"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "td"}
    # What may stand in <head>. Any other tag starts the body: HTML5 lets a page leave out
    # </head> (and <body>), and the body must not be taken for part of the head (#13).
    _HEAD = {"head", "title", "meta", "link", "base", "style", "script", "noscript", "template"}
    # Elements that never have an end tag: kept off the stack, which they would never leave.
    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.heading = ""
        self.links: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if "head" in self._stack and tag not in self._HEAD:
            del self._stack[self._stack.index("head"):]
        if tag not in self._VOID:
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
        if self._SKIP.intersection(self._stack):   # a script is never text, even inside <title>
            return
        if "title" in self._stack:
            self.title += data
        elif "head" not in self._stack:
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
