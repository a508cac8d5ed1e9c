"""What a reader returns: a document's text blocks and tables, plain data only."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# A cell as readers hand it on: text, a whole number as int, another number as float, a bool,
# a date as an ISO string (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS when it has a time), or None.
Cell = Union[str, int, float, bool, None]


@dataclass
class Block:
    """One run of text: a heading, a paragraph, or a PDF page."""
    kind: str            # "heading" | "paragraph" | "page"
    text: str
    where: str = ""      # "page 3", "paragraph 12", ...


@dataclass
class Table:
    """One table: a sheet, a CSV file, a <table>, a Word table."""
    name: str                       # sheet name; "" for a CSV; "table 2" for the second table of a page
    rows: list[list[Cell]]          # empty rows already dropped
    row_numbers: list[int]          # the source's own 1-based row number of each row (Excel's row, CSV record)
    where: str = ""                 # "sheet 'Partners'", "table 2", "page 4"
    is_whole_file: bool = False     # a sheet or a CSV: a table without a header is refused, not skipped


@dataclass
class Document:
    path: str
    format: str                     # "xlsx", "csv", "docx", "pdf", "html", ...
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    title: str = ""
    encoding: str | None = None     # the text encoding used, for text formats (csv, tsv, html)
    pages: int | None = None        # PDF pages
    links: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # what was skipped and why, one line each

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks if block.text)
