"""Word documents (.docx) via python-docx: paragraphs and tables, in document order."""
from __future__ import annotations

from pathlib import Path

from renkei.corpus.documents.office.containers import check_size, open_package, verify_members
from renkei.corpus.errors import CorruptContainer, CorruptFile
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.model import Block, Cell, Document, Table

SUFFIXES = (".docx",)
_HEADING_STYLES = ("heading", "title", "見出し", "表題")


def _is_heading(paragraph) -> bool:
    try:
        name = (paragraph.style.name or "").casefold() if paragraph.style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return False
    return name.startswith(_HEADING_STYLES)


def _cell_text(cell) -> str:
    parts = [p.text for p in cell.paragraphs]
    for inner in cell.tables:   # a table in a cell: its text, row by row
        parts += [" ".join(c.text for c in row.cells) for row in inner.rows]
    return "\n".join(p.strip() for p in parts if p.strip())


def _table_rows(table) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for row in table.rows:
        cells: list[Cell] = []
        previous = None
        for cell in row.cells:   # a horizontally merged cell is listed once per grid column
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_cell_text(cell) or None)
        rows.append(cells)
    return rows


def read_docx(path: Path, limits: Limits) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable

    check_size(path, limits.max_file_bytes)
    with open_package(path, "docx", limits) as package:
        verify_members(package, path, "docx")
    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, KeyError) as err:
        raise CorruptContainer(path, f"not a readable .docx ({err})") from None
    except Exception as err:   # lxml.etree.XMLSyntaxError, ValueError, ...
        raise CorruptFile(path, f"not a readable .docx ({type(err).__name__}: {err})") from None
    document = Document(path=str(path), format="docx")
    paragraphs = tables = 0
    for item in word.iter_inner_content():
        if isinstance(item, DocxTable):
            tables += 1
            rows = [r for r in _table_rows(item) if any(c is not None for c in r)]
            if rows:
                name = f"table {tables}"
                document.tables.append(Table(name=name, rows=rows, row_numbers=list(range(1, len(rows) + 1)),
                                             where=name))
                # the table's text stays in the document text too, row by row
                document.blocks.append(Block("table", "\n".join(" | ".join(c or "" for c in r) for r in rows), name))
            continue
        paragraphs += 1
        text = item.text.strip()
        if not text:
            continue
        heading = _is_heading(item)
        document.blocks.append(Block("heading" if heading else "paragraph", text, f"paragraph {paragraphs}"))
        if heading and not document.title:
            document.title = text
    core_title = (word.core_properties.title or "").strip()
    document.title = core_title or document.title or path.stem
    return document
