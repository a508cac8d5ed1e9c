"""CSV and TSV via the stdlib csv module: encoding detected, delimiter sniffed."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from renkei.corpus.documents.office.containers import check_size
from renkei.corpus.documents.office.encoding import decode_bytes
from renkei.corpus.errors import CorruptFile, EmptyFile, FileTooLarge, UndecodableText
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.model import Cell, Document, Table

SUFFIXES = (".csv", ".tsv", ".tab")
_DELIMITERS = ",\t;|"


def sniff_delimiter(text: str, default: str) -> str:
    """The delimiter of a CSV text: csv.Sniffer limited to , TAB ; | on the first 32 KiB, checked
    by the field counts of the first lines (Sniffer alone picks ';' for one-column Japanese files)."""
    sample = text[:32768]
    cut = sample.rfind("\n")
    sample = sample[:cut] if cut > 0 else sample
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return default
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None

    def consistent(delim: str) -> bool:
        counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        return counts[0] > 1 and sum(c == counts[0] for c in counts) >= 0.8 * len(counts)

    if sniffed and consistent(sniffed):
        return sniffed
    if consistent(default):
        return default
    for delim in _DELIMITERS:
        if consistent(delim):
            return delim
    return default


def parse_delimited(text: str, delimiter: str, limits: Limits, path: Path) -> Table:
    csv.field_size_limit(max(limits.max_cell_chars, 1))
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, raw in enumerate(reader, 1):
            cells: list[Cell] = [value.strip() or None for value in raw]
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                continue
            if len(cells) > limits.max_table_columns:
                raise FileTooLarge(path, f"record {number} has {len(cells):,} fields (limit {limits.max_table_columns:,})")
            if len(rows) >= limits.max_table_rows:
                raise FileTooLarge(path, f"over {limits.max_table_rows:,} rows of data")
            rows.append(cells)
            numbers.append(number)
    except csv.Error as err:
        raise CorruptFile(path, f"record {reader.line_num}: {err}", "check the quoting, or save it again as CSV") from None
    return Table(name="", rows=rows, row_numbers=numbers, where="", is_whole_file=True)


def read_delimited(path: Path, limits: Limits) -> Document:
    check_size(path, limits.max_text_file_bytes)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFile(path, "empty file")
    try:
        text, encoding = decode_bytes(data)
    except ValueError as err:
        raise UndecodableText(path, f"text encoding not recognised ({err})") from None
    if "\x00" in text:
        raise CorruptFile(path, "NUL characters in the text; this looks like a binary file, not CSV",
                          "save it again as CSV")
    default = "\t" if path.suffix.lower() in (".tsv", ".tab") or encoding.startswith("utf-16") else ","
    delimiter = sniff_delimiter(text, default)
    table = parse_delimited(text, delimiter, limits, path)
    document = Document(path=str(path), format=path.suffix.lower().lstrip("."), title=path.stem,
                        encoding=encoding, tables=[table] if table.rows else [])
    document.notes.append(f"encoding {encoding}, delimiter {delimiter!r}")
    return document
