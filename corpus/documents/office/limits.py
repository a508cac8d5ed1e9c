"""Bounds that keep every reader's time and memory bounded, whatever the input."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 64 * 2**20          # any file on disk
    max_text_file_bytes: int = 32 * 2**20     # .csv/.tsv/.html read whole into memory
    max_inflated_bytes: int = 256 * 2**20     # sum of a ZIP package's members, uncompressed
    max_zip_members: int = 10_000
    max_zip_ratio: int = 200                  # a member inflating > 200x and > 16 MiB is a bomb
    max_sheet_cells: int = 5_000_000          # used range (rows x columns) of one sheet
    max_table_rows: int = 200_000             # non-empty rows of one table
    max_table_columns: int = 1_000
    max_pdf_pages: int = 5_000
    max_html_depth: int = 256                 # deeper elements are read as one flat text run
    max_cell_chars: int = 1_000_000           # csv field size limit


DEFAULT_LIMITS = Limits()
