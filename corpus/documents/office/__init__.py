"""officefiles: the files international offices keep, read into tables and text.

    doc = read_document("partners.xlsx")          # Document: blocks (text), tables, notes
    for row in document_rows(doc):                # TableRow: key, partners, country, date, ...
        ...
    parse_date("令和5年4月1日")                    # ('2023-04-01', 2023, None)

Formats: .xlsx .xlsm .xls .ods (python-calamine), .csv .tsv (stdlib csv, encoding detected),
.docx (python-docx), .pdf (pypdfium2), .html .htm (selectolax/Lexbor). Every refusal is an
renkei.corpus.errors.UnreadableDocument subclass with a one-line message. This room imports only
renkei.corpus (errors, records, glossary, user_files) and those libraries, each on first use;
`records` (documents to Record, #31) is not imported here, so user_files may use `encoding`.
"""
from __future__ import annotations

from renkei.corpus.dates import ParsedDate, find_dates, fiscal_year, parse_date
from renkei.corpus.documents.office.encoding import decode_bytes
from renkei.corpus.errors import (CorruptContainer, CorruptFile, EmptyFile, EncryptedFile, EncryptedPDF, FileTooLarge,
                     NoHeaderRow, NoTextLayer, UnreadableDocument, PasswordProtectedWorkbook, TooManyCells,
                     UndecodableText, UnsupportedFormat, ZipBomb)
from renkei.corpus.documents.office.headers import TableRow, document_rows, field_for_header, find_header, kind_of, map_headers, table_rows
from renkei.corpus.documents.office.limits import DEFAULT_LIMITS, Limits
from renkei.corpus.documents.office.lines import join_lines
from renkei.corpus.documents.office.model import Block, Cell, Document, Table
from renkei.corpus.documents.office.reader import SUFFIXES, read_document

__all__ = [
    "read_document", "document_rows", "table_rows", "TableRow", "Document", "Table", "Block", "Cell",
    "parse_date", "find_dates", "fiscal_year", "ParsedDate", "decode_bytes", "join_lines",
    "map_headers", "field_for_header", "find_header", "kind_of", "Limits", "DEFAULT_LIMITS", "SUFFIXES",
    "UnreadableDocument", "UnsupportedFormat", "FileTooLarge", "CorruptFile", "CorruptContainer", "ZipBomb",
    "TooManyCells", "EncryptedFile", "EncryptedPDF", "PasswordProtectedWorkbook", "NoTextLayer",
    "NoHeaderRow", "UndecodableText", "EmptyFile",
]
