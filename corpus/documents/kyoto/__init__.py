"""Kyoto University: strategic partnerships, researcher exchange tables, exchange memoranda (English).

tables.py reads the document's sections and tables; summary.py builds on those tables the records for
the totals the document states. This module puts the two together, so neither imports the other's caller."""
from __future__ import annotations

from renkei.corpus.documents.kyoto.summary import summary_records
from renkei.corpus.documents.kyoto.tables import split_sections, table_records
from renkei.corpus.records import Record


def parse(text: str, source: str) -> list[Record]:
    sections = split_sections(text.splitlines())
    return table_records(sections, source) + summary_records(sections, source)
