"""One entry point: read_document(path) picks the reader by the file's suffix."""
from __future__ import annotations

from pathlib import Path

from renkei.corpus.documents.office import delimited, pdf, spreadsheet, webpage, worddoc
from renkei.corpus.errors import CorruptFile, UnreadableDocument, UnsupportedFormat
from renkei.corpus.documents.office.limits import DEFAULT_LIMITS, Limits
from renkei.corpus.documents.office.model import Document

READERS = {
    **{s: spreadsheet.read_workbook for s in spreadsheet.SUFFIXES},
    **{s: delimited.read_delimited for s in delimited.SUFFIXES},
    **{s: worddoc.read_docx for s in worddoc.SUFFIXES},
    **{s: pdf.read_pdf for s in pdf.SUFFIXES},
    **{s: webpage.read_html for s in webpage.SUFFIXES},
}
SUFFIXES = tuple(READERS)


def read_document(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The text blocks and tables of one office file. Raises an UnreadableDocument subclass, whose
    str() is one line naming the file and what to do, for every file it will not read."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormat(path, f"unsupported file type {suffix or '(none)'!r}")
    try:
        return reader(path, limits)
    except UnreadableDocument:
        raise
    except OSError as err:
        raise CorruptFile(path, f"cannot be read ({err.strerror or err})", "check the file exists and is readable") from None
    except MemoryError:
        raise CorruptFile(path, "ran out of memory reading it", "save a smaller copy") from None
