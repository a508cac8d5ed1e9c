"""Typed refusals. Each message is one line: the file, what is wrong, what to do."""
from __future__ import annotations


class OfficeFileError(Exception):
    """Base class: a file that cannot be read as tables and text. str(err) is the one-line message."""

    #: what a user should do, appended to the message
    advice = ""

    def __init__(self, path: object, problem: str, advice: str | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.advice_text = self.advice if advice is None else advice
        message = f"{self.path}: {problem}"
        if self.advice_text:
            message += f"; {self.advice_text}"
        super().__init__(" ".join(message.split()))   # always one line


class UnsupportedFormat(OfficeFileError):
    advice = "save it as .xlsx, .csv, .docx, .pdf or .html"


class FileTooLarge(OfficeFileError):
    advice = "split it into smaller files"


class CorruptFile(OfficeFileError):
    advice = "open it in the program that made it and save it again"


class CorruptContainer(CorruptFile):
    """A .xlsx/.xlsm/.docx/.ods that is not a readable ZIP package."""


class ZipBomb(FileTooLarge):
    """A ZIP package whose members would inflate past the limit."""
    advice = "this looks like a zip bomb; if it is a real file, save a smaller copy"


class TooManyCells(FileTooLarge):
    """A sheet whose used range is too large to hold (often one stray cell far away)."""
    advice = "delete the stray cells outside the table or save a copy with only the table"


class EncryptedFile(OfficeFileError):
    advice = "save a copy without a password and read that"


class EncryptedPDF(EncryptedFile):
    advice = "remove the password (e.g. print to a new PDF) and read that copy"


class PasswordProtectedWorkbook(EncryptedFile):
    advice = "in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it, and save a copy"


class NoTextLayer(OfficeFileError):
    advice = "run OCR first"


class NoHeaderRow(OfficeFileError):
    advice = "add a header row (e.g. 大学名 / University, 国・地域 / Country, 締結日 / Date)"


class UndecodableText(OfficeFileError):
    advice = "save the file as UTF-8"


class EmptyFile(OfficeFileError):
    advice = "nothing to read"
