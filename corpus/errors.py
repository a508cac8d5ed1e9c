"""Errors raised while turning documents into records."""
from __future__ import annotations

from renkei.errors import RenkeiError


class CorpusError(RenkeiError):
    """Base class of every error the corpus package raises."""


class RecordParseError(CorpusError):
    """A document or one of its lines cannot be read as records (names file and line)."""


class DuplicateRecordId(RecordParseError):
    """Two records in the input share one id."""


class UnsupportedDocument(CorpusError):
    """A file whose type renkei does not read."""


class NothingToIndex(CorpusError):
    """Files and folders were given, and not one of their files could be read."""


# --- documents renkei reads but refuses (#31): each message is one line, the file, what is wrong,
# what to do ("scan.pdf: no text layer; ...; run OCR first").

class UnreadableDocument(RecordParseError):
    """A file of a type renkei reads that cannot be read as text and tables."""

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


class UnsupportedFormat(UnreadableDocument, UnsupportedDocument):
    """A file type the office readers do not read."""
    advice = "save it as .xlsx, .csv, .docx, .pdf or .html"


class FileTooLarge(UnreadableDocument):
    """A file, sheet or table over a size limit."""
    advice = "split it into smaller files"


class CorruptFile(UnreadableDocument):
    """A damaged file its library cannot read."""
    advice = "open it in the program that made it and save it again"


class CorruptContainer(CorruptFile):
    """A .xlsx/.xlsm/.docx/.ods that is not a readable ZIP package."""


class ZipBomb(FileTooLarge):
    """A ZIP package whose members would inflate past the limit."""
    advice = "this looks like a zip bomb; if it is a real file, save a smaller copy"


class TooManyCells(FileTooLarge):
    """A sheet whose used range is too large to hold (often one stray cell far away)."""
    advice = "delete the stray cells outside the table or save a copy with only the table"


class EncryptedFile(UnreadableDocument):
    """A file saved with a password."""
    advice = "save a copy without a password and read that"


class EncryptedPDF(EncryptedFile):
    """A PDF that needs a password to open."""
    advice = "remove the password (e.g. print to a new PDF) and read that copy"


class PasswordProtectedWorkbook(EncryptedFile):
    """A workbook encrypted with a password."""
    advice = "in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it, and save a copy"


class NoTextLayer(UnreadableDocument):
    """A PDF whose pages hold no text (a scan)."""
    advice = "run OCR first"


class NoHeaderRow(UnreadableDocument):
    """A sheet or CSV whose first rows hold data, not a header."""
    advice = "add a header row (e.g. 大学名 / University, 国・地域 / Country, 締結日 / Date)"


class UndecodableText(UnreadableDocument):
    """A text file in no encoding renkei recognises."""
    advice = "save the file as UTF-8"


class EmptyFile(UnreadableDocument):
    """A file with nothing to read."""
    advice = "nothing to index"
