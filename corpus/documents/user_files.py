"""Documents users bring: JSON Lines of records, .txt/.md files (office files: documents.office)."""
from __future__ import annotations

import codecs
import datetime
import itertools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator

from renkei.corpus.errors import RecordParseError, UnsupportedDocument
from renkei.corpus.records import INSTITUTION_NAMES, KINDS, Record, kind_for
from renkei.corpus.text import detect_lang

SUFFIXES = (".jsonl", ".txt", ".md")
_STR_FIELDS = ("source", "institution", "kind", "country", "region", "date", "lang")
_LIST_FIELDS = ("partners", "departments", "links")
_INT_FIELDS = ("year", "mou_year", "sea_year")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ID_LENGTH = 300
# One record is one search result: a text of more than a million characters is a whole library,
# not an agreement. Such input is rejected with a clear error (split it into documents).
MAX_RECORD_CHARS = 1_000_000
MAX_DOCUMENT_BYTES = 4 * MAX_RECORD_CHARS   # .txt/.md files: one record each
# A record's lists are names a query is matched against, not data: 100,000 partners in one line
# grew the index 35x its input (#36). Longer lists are refused with the line.
MAX_LIST_ITEMS = 1_000
MAX_LIST_ITEM_CHARS = 1_000
# How deep a JSON Lines record may nest (a record is flat; facts hold scalars): deeper input is
# refused before Python's own recursion limit is met (#36: 100,000 levels gave a traceback).
MAX_JSON_DEPTH = 20
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# A JSON Lines line holds one record: its text, JSON-escaped (\\uXXXX is 6 bytes, an escaped
# surrogate pair 12), and its other fields. Reading stops at this length, so that a file without
# newlines cannot be read into memory whole.
MAX_LINE_BYTES = 16 * MAX_RECORD_CHARS


def read_document_text(path: Path, notes: list[str] | None = None) -> str:
    """The file as text, in the encoding it is written in (UTF-8 with or without BOM, UTF-16 with
    a BOM, CP932, EUC-JP, ISO-2022-JP, ...: office.encoding), which is added to `notes`; binary or
    undecodable input is an error."""
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise RecordParseError(f"{path}:1: file is {path.stat().st_size:,} bytes; one document may have at most "
                               f"{MAX_DOCUMENT_BYTES:,} (split it into several files)")
    from renkei.corpus.documents.office.encoding import decode_bytes
    data = path.read_bytes()
    try:
        text, encoding = decode_bytes(data)
    except ValueError:
        if b"\x00" in data:   # no text encoding reads it, and it holds NULs: a binary file
            line = data[:data.index(b"\x00")].count(b"\n") + 1
            raise RecordParseError(f"{path}:{line}: NUL byte; this looks like a binary file, not text") from None
        raise RecordParseError(f"{path}:1: text encoding not recognised; save the file as UTF-8") from None
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise RecordParseError(f"{path}:{line}: NUL byte; this looks like a binary file, not text")
    if not text.strip():
        raise RecordParseError(f"{path}:1: empty file, nothing to index")
    if notes is not None:
        notes.append(f"encoding {encoding}")
    return text


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


def iter_located_records(path: Path, root: Path | None = None,
                         notes: list[str] | None = None) -> Iterator[tuple[str, Record]]:
    """('file:line', record) for each record of one user file, as iter_file_records; what the
    reading noticed (the encoding) is added to `notes`."""
    try:
        yield from _located_records(path, root, notes)
    except OSError as err:   # unreadable, or gone since the folder was listed
        raise RecordParseError(f"{path}: cannot be read ({err.strerror or err})") from None


def _located_records(path: Path, root: Path | None, notes: list[str] | None) -> Iterator[tuple[str, Record]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnsupportedDocument(f"{path}: unsupported file type {suffix or '(none)'!r}; "
                                  f"renkei reads {', '.join(SUFFIXES)}")
    if suffix == ".jsonl":
        for where, line in _jsonl_lines(path):
            check_depth(line, where)
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise RecordParseError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
            except RecursionError:   # check_depth counts outside strings only roughly; this is the backstop
                raise RecordParseError(f"{where}: JSON nested too deeply (a record may nest at most "
                                       f"{MAX_JSON_DEPTH} levels)") from None
            if _SURROGATE_ESCAPE.search(line):
                data = replace_surrogates(data, where)
            yield where, record_from_json(data, where, default_source=path.name)
        return
    text = read_document_text(path, notes)
    title, body, links = markdown_to_text(text) if suffix == ".md" else plain_to_text(text)
    title = title or path.stem
    check_length(body, f"{path}:1")
    yield f"{path}:1", Record(id=document_id(path, root), title=title, text=body, source=path.name, kind="document",
                 lang=detect_lang(title + "\n" + body), links=tuple(links))


def document_id(path: Path, root: Path | None = None) -> str:
    """`doc/<folder>-<hash>/<path inside the folder>`, e.g. `doc/agreements-1f0c9a3e/2021/oita.md`.

    The folder is the one a user named, or the file's own folder for a file named directly, and
    the hash is of its resolved path: ids differ for same-named files in different places (#13),
    and a file keeps its id whether it is named itself or found in its folder.
    """
    import hashlib   # here: a search reads the glossary through this module (OpenSSL's start, ~3 ms, #35)
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


_BRACKETS = re.compile(r'[\[{]|[\]}]|"(?:[^"\\]|\\.)*"')


def check_depth(line: str, where: str) -> None:
    """Refuse a line whose JSON nests deeper than MAX_JSON_DEPTH, counted in one linear scan
    (strings skipped), so that json.loads never recurses far."""
    if line.count("[") + line.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    for m in _BRACKETS.finditer(line):
        ch = m.group()[0]
        if ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise RecordParseError(f"{where}: JSON nested too deeply (a record may nest at most "
                                       f"{MAX_JSON_DEPTH} levels)")
        elif ch in "]}":
            depth -= 1


def replace_surrogates(data: Any, where: str) -> Any:
    """Strings with a lone surrogate (JSON allows "\\ud800"; UTF-8 cannot hold it) with U+FFFD in
    its place, and a warning naming the line (#36)."""
    import logging

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {fix(k): fix(v) for k, v in value.items()}
        return value

    fixed = fix(data)
    if fixed != data:
        logging.getLogger(__name__).warning("%s: a lone surrogate (an unpaired \\ud800-\\udfff escape) "
                                            "replaced with U+FFFD", where)
    return fixed


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
    check_length(data["text"], where)
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
        if len(value) > MAX_LIST_ITEMS or any(len(v) > MAX_LIST_ITEM_CHARS for v in value):
            raise RecordParseError(f"{where}: field {name!r} has {len(value):,} names (longest "
                                   f"{max(map(len, value)):,} characters); a record may have at most "
                                   f"{MAX_LIST_ITEMS:,} of at most {MAX_LIST_ITEM_CHARS:,} characters "
                                   f"(split it into several records)")
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
    values["kind"] = kind_for(values["kind"] or "document")   # "memorandum", as queries write it (#36)
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


def check_length(text: str, where: str) -> None:
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
