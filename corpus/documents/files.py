"""Any file a user brings, to records: by its suffix, the JSON Lines/text reader or an office reader."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterator

from renkei.corpus.documents import user_files
from renkei.corpus.errors import RecordParseError, UnsupportedDocument
from renkei.corpus.records import Record

# The office readers' suffixes, written out so that listing a folder needs none of their code.
OFFICE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".tab", ".docx", ".pdf", ".html", ".htm", ".xhtml")
SUFFIXES = (*user_files.SUFFIXES, *OFFICE_SUFFIXES)


def unsupported(path: Path) -> UnsupportedDocument:
    suffix = path.suffix.lower()
    return UnsupportedDocument(f"{path}: unsupported file type {suffix or '(none)'!r}; "
                               f"renkei reads {', '.join(SUFFIXES)}")


def iter_located_records(path: Path, root: Path | None = None,
                         notes: list[str] | None = None) -> Iterator[tuple[str, Record]]:
    """('file:line' or 'file:sheet:row n', record) for each record of one file; what reading it
    noticed (encoding, how a table's header was read, what was skipped) is added to `notes`.

    Each record's `path` is the file in full, and its `source` (unless the record names its own) the
    file as found in the folder a user named ("2021/oita.md"), so that a hit leads back to it (#36)."""
    full = str(Path(path).resolve())
    inside = Path(path).relative_to(root).as_posix() if root is not None else Path(path).name
    for where, record in _located(path, root, notes):
        source = inside if record.source in ("", Path(path).name) else record.source
        yield where, dataclasses.replace(record, path=full, source=source)


def _located(path: Path, root: Path | None, notes: list[str] | None) -> Iterator[tuple[str, Record]]:
    suffix = path.suffix.lower()
    if suffix in user_files.SUFFIXES:
        yield from user_files.iter_located_records(path, root, notes)
        return
    if suffix not in OFFICE_SUFFIXES:
        raise unsupported(path)
    from renkei.corpus.documents.office.records import iter_office_records
    try:
        yield from iter_office_records(path, root, notes)
    except OSError as err:   # unreadable, or gone since the folder was listed
        raise RecordParseError(f"{path}: cannot be read ({err.strerror or err})") from None


def iter_file_records(path: Path, root: Path | None = None) -> Iterator[Record]:
    """The records of one file, one at a time."""
    return (record for _, record in iter_located_records(path, root))
