"""Checks made before a library opens a file: size, ZIP package sanity (zip bombs), encrypted
Office files, and the used range of each xlsx sheet (a stray cell at XFD1048576 makes calamine
allocate rows x columns cells densely and abort the process, which no except clause catches)."""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from renkei.corpus.errors import (CorruptContainer, FileTooLarge, PasswordProtectedWorkbook, EncryptedFile,
                     TooManyCells, ZipBomb)
from renkei.corpus.documents.office.limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 20


def check_size(path: Path, limit: int) -> int:
    size = os.stat(path).st_size
    if size > limit:
        raise FileTooLarge(path, f"file is {size:,} bytes, over the limit of {limit:,}")
    return size


def is_encrypted_ooxml(path: Path) -> bool:
    """An .xlsx/.docx saved with a password is not a ZIP but an OLE compound file holding an
    'EncryptedPackage' stream (MS-OFFCRYPTO)."""
    with open(path, "rb") as stream:
        if stream.read(8) != OLE_MAGIC:
            return False
        stream.seek(0)
        while True:   # the directory sector may be anywhere; the size was checked already
            chunk = stream.read(_CHUNK)
            if not chunk:
                return False
            if _ENCRYPTED_PACKAGE in chunk:
                return True
            if len(chunk) == _CHUNK:
                stream.seek(-len(_ENCRYPTED_PACKAGE), os.SEEK_CUR)


def open_package(path: Path, kind: str, limits: Limits) -> zipfile.ZipFile:
    """The ZIP package of an .xlsx/.xlsm/.docx/.ods, checked against the limits by the sizes its
    directory declares; reading a member later is bounded by those sizes (zipfile stops at the
    declared size and fails the CRC check if the data says otherwise)."""
    if is_encrypted_ooxml(path):
        cls = PasswordProtectedWorkbook if kind != "docx" else EncryptedFile
        raise cls(path, "the file is encrypted with a password")
    try:
        package = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        raise CorruptContainer(path, f"not a readable .{kind} (damaged ZIP container: {err})") from None
    except (OSError, ValueError, EOFError) as err:
        raise CorruptContainer(path, f"not a readable .{kind} (damaged ZIP container: {err})") from None
    members = package.infolist()
    if len(members) > limits.max_zip_members:
        package.close()
        raise ZipBomb(path, f"ZIP container has {len(members):,} members (limit {limits.max_zip_members:,})")
    total = sum(info.file_size for info in members)
    if total > limits.max_inflated_bytes:
        package.close()
        raise ZipBomb(path, f"ZIP container would inflate to {total:,} bytes (limit {limits.max_inflated_bytes:,})")
    for info in members:
        if info.file_size > 16 * 2**20 and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            package.close()
            raise ZipBomb(path, f"member {info.filename} inflates {info.file_size // max(info.compress_size, 1):,}x "
                                f"to {info.file_size:,} bytes")
    return package


def verify_members(package: zipfile.ZipFile, path: Path, kind: str, names=None) -> None:
    """Inflate members in bounded chunks and check their CRCs, so a member whose real data is
    larger than its declared size is caught here, before a library that trusts the data reads it."""
    for info in package.infolist():
        if names is not None and info.filename not in names:
            continue
        try:
            with package.open(info) as member:
                while member.read(_CHUNK):
                    pass
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
            raise CorruptContainer(path, f"not a readable .{kind} (damaged ZIP member {info.filename}: {err})") from None


# a <c> that holds something (an empty styled <c r="A1" s="1"/> holds nothing), with its reference
_VALUED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="\$?([A-Z]{1,3})\$?(\d{1,7})"[^>]*?(?<!/)>')


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def xlsx_used_range(package: zipfile.ZipFile, member: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column), 1-based, of the cells of one sheet that
    hold something, found by a streaming regex scan over the inflated XML (C-speed findall; the
    columns are few, so they are collected as a set); None for a sheet without such cells."""
    top = 1 << 30
    bottom = 0
    columns: set[bytes] = set()
    tail = b""
    with package.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            end = len(data)
            if chunk:   # keep an incomplete tag for the next chunk
                cut = data.rfind(b"<")
                end = cut if cut > 0 else len(data)
            found = _VALUED_CELL.findall(data, 0, end)
            if found:
                columns.update(col for col, _ in found)
                rows = [int(row) for _, row in found]
                top, bottom = min(top, min(rows)), max(bottom, max(rows))
            tail = data[end:]
            if not chunk:
                break
    if not bottom:
        return None
    numbers = [_column_number(c) for c in columns]
    return (top, min(numbers), bottom, max(numbers))


def check_xlsx_sheets(package: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    for name in package.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        try:
            used = xlsx_used_range(package, name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
            raise CorruptContainer(path, f"not a readable .xlsx (damaged ZIP member {name}: {err})") from None
        if used is None:
            continue
        top, left, bottom, right = used
        cells = (bottom - top + 1) * (right - left + 1)
        if cells > limits.max_sheet_cells:
            raise TooManyCells(path, f"sheet {name.rsplit('/', 1)[-1]} spans rows {top}-{bottom} and columns "
                                     f"{left}-{right} ({cells:,} cells, limit {limits.max_sheet_cells:,})")


_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?![\w-])([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')


def ods_sheet_cells(package: zipfile.ZipFile) -> int:
    """The largest used range (rows x columns holding a value) of the sheets in an .ods, found
    by a streaming scan of content.xml that counts number-rows/columns-repeated as calamine
    does (LibreOffice writes a million repeated empty rows after every table; those hold no value)."""
    largest = 0
    row = col = 0
    row_repeat = 1
    bottom = right = 0
    in_row_cell = False
    tail = b""
    with package.open("content.xml") as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = tail + chunk
            end = len(data) if not chunk else (data.rfind(b"<") if data.rfind(b"<") > 0 else len(data))
            for m in _ODS_TAG.finditer(data, 0, end):
                closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
                if tag == b"table":
                    if not closing:
                        row = col = bottom = right = 0
                    else:
                        largest = max(largest, bottom * right)
                elif tag == b"table-row":
                    if closing:
                        row += row_repeat
                    else:
                        rep = _ROWS_REPEATED.search(attrs)
                        row_repeat = int(rep.group(1)) if rep else 1
                        col = 0
                        if empty:
                            row += row_repeat
                else:
                    if closing:
                        continue
                    rep = _COLS_REPEATED.search(attrs)
                    span = int(rep.group(1)) if rep else 1
                    if b"value-type" in attrs or not empty:
                        bottom = max(bottom, row + row_repeat)
                        right = max(right, col + span)
                    col += span
            tail = data[end:]
            if not chunk:
                break
    return max(largest, bottom * right)
