"""Workbooks (.xlsx/.xlsm/.xls/.ods) via python-calamine: every sheet as a Table."""
from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

from renkei.corpus.documents.office.containers import (check_size, check_xlsx_sheets, is_encrypted_ooxml, ods_sheet_cells, open_package,
                         verify_members)
from renkei.corpus.errors import CorruptContainer, CorruptFile, FileTooLarge, PasswordProtectedWorkbook, TooManyCells
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.model import Cell, Document, Table

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def cell_value(value: object) -> Cell:
    """calamine's value as a plain cell: whole floats as int, dates as ISO strings."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, _dt.timedelta):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value   # int


def read_workbook(path: Path, limits: Limits) -> Document:
    import python_calamine as calamine

    suffix = path.suffix.lower()
    kind = suffix.lstrip(".")
    check_size(path, limits.max_file_bytes)
    if suffix in (".xlsx", ".xlsm", ".ods"):
        with open_package(path, kind, limits) as package:
            names = package.namelist()
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            verify_members(package, path, kind, names=set(names) - set(sheets))
            if suffix != ".ods":
                check_xlsx_sheets(package, path, limits)
            elif "content.xml" in names:
                try:
                    cells = ods_sheet_cells(package)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
                    raise CorruptContainer(path, f"not a readable .ods (damaged ZIP member content.xml: {err})") from None
                if cells > limits.max_sheet_cells:
                    raise TooManyCells(path, f"a sheet spans {cells:,} cells (limit {limits.max_sheet_cells:,})")
    elif is_encrypted_ooxml(path) and suffix == ".xls":
        raise PasswordProtectedWorkbook(path, "the workbook is encrypted with a password")
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise PasswordProtectedWorkbook(path, "the workbook is encrypted with a password") from None
    except calamine.ZipError as err:
        raise CorruptContainer(path, f"not a readable .{kind} (damaged ZIP container: {err})") from None
    except (calamine.CalamineError, calamine.XmlError, ValueError, OSError) as err:
        raise CorruptFile(path, f"not a readable .{kind} ({type(err).__name__}: {err})") from None
    document = Document(path=str(path), format=kind, title=path.stem)
    with workbook:
        for name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(name)
            except calamine.PasswordError:
                raise PasswordProtectedWorkbook(path, "the workbook is encrypted with a password") from None
            except Exception as err:   # calamine raises its own types and plain ones for bad XML
                raise CorruptFile(path, f"sheet {name!r} cannot be read ({type(err).__name__}: {err})") from None
            if sheet.height * max(sheet.width, 1) > limits.max_sheet_cells:   # .xls/.ods: after the fact
                raise TooManyCells(path, f"sheet {name!r} spans {sheet.height:,} rows x {sheet.width:,} columns")
            table = _sheet_table(sheet, name, path, limits)
            if table.rows:
                document.tables.append(table)
            else:
                document.notes.append(f"sheet {name!r}: empty")
    return document


def _sheet_table(sheet, name: str, path: Path, limits: Limits) -> Table:
    # calamine's iter_rows yields from row 1 (empty rows above the data included) but from the
    # first used column (python-calamine 0.9; a test checks a sheet whose table starts at B3).
    first_row = 0
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for offset, raw in enumerate(sheet.iter_rows()):
        cells = [cell_value(v) for v in raw]
        if not any(c is not None for c in cells):
            continue                      # a million empty rows cost a loop, not memory
        while cells and cells[-1] is None:
            cells.pop()
        if len(rows) >= limits.max_table_rows:
            raise FileTooLarge(path, f"sheet {name!r} has over {limits.max_table_rows:,} rows of data")
        rows.append(cells)
        numbers.append(first_row + offset + 1)
    return Table(name=name, rows=rows, row_numbers=numbers, where=f"sheet {name!r}", is_whole_file=True)
