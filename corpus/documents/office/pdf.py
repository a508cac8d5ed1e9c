"""PDFs via pypdfium2: the text layer of each page in reading order, broken lines joined."""
from __future__ import annotations

from pathlib import Path

from renkei.corpus.documents.office.containers import check_size
from renkei.corpus.errors import CorruptFile, EncryptedPDF, FileTooLarge, NoTextLayer
from renkei.corpus.documents.office.limits import Limits
from renkei.corpus.documents.office.lines import join_lines
from renkei.corpus.documents.office.model import Block, Document

SUFFIXES = (".pdf",)


def _utf16_offsets(text: str) -> list[int]:
    """PDFium's char index of each str position (a character outside the BMP takes two)."""
    offsets, at = [], 0
    for ch in text:
        offsets.append(at)
        at += 2 if ord(ch) > 0xFFFF else 1
    return offsets


def page_lines(textpage, raw) -> tuple[list[str], list[float]]:
    """The page's lines (PDFium's own line breaks) and the font size of each line's first
    non-space character, for telling headings from body text."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    offsets = _utf16_offsets(text)
    lines: list[str] = []
    sizes: list[float] = []
    start = 0
    for end in range(len(text) + 1):
        if end < len(text) and text[end] not in "\r\n":
            continue
        if end > start:
            size = 0.0
            for j in range(start, end):
                if not text[j].isspace():
                    if offsets[j] < count:
                        size = float(raw.FPDFText_GetFontSize(textpage.raw, offsets[j]))
                    break
            lines.append(text[start:end])
            sizes.append(size)
        start = end + 1
    return lines, sizes


def _page_has_images(page, raw) -> bool:
    return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def read_pdf(path: Path, limits: Limits) -> Document:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    check_size(path, limits.max_file_bytes)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise EncryptedPDF(path, "the PDF is encrypted with a password") from None
        raise CorruptFile(path, f"not a readable PDF ({message})") from None
    try:
        pages = len(pdf)
        if pages > limits.max_pdf_pages:
            raise FileTooLarge(path, f"PDF has {pages:,} pages (limit {limits.max_pdf_pages:,})")
        document = Document(path=str(path), format="pdf", pages=pages)
        empty_pages: list[int] = []
        image_pages = 0
        for number in range(1, pages + 1):
            page = pdf[number - 1]
            try:
                textpage = page.get_textpage()
                try:
                    lines, sizes = page_lines(textpage, raw)
                finally:
                    textpage.close()
                text = join_lines(lines, sizes)
                if not text.strip():
                    empty_pages.append(number)
                    image_pages += _page_has_images(page, raw)
                    continue
                document.blocks.append(Block("page", text, f"page {number}"))
            finally:
                page.close()
        if not document.blocks:
            what = "only images (a scan)" if image_pages else "no text"
            raise NoTextLayer(path, "no text layer; " + ("its page holds" if pages == 1 else f"its {pages} pages hold")
                              + f" {what}")
        if empty_pages:
            shown = ", ".join(map(str, empty_pages[:10])) + (", ..." if len(empty_pages) > 10 else "")
            document.notes.append(f"pages without a text layer (run OCR for them): {shown}")
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
        title = "" if title.casefold() in ("untitled", "(anonymous)", "anonymous") else title
        first = document.blocks[0].text.splitlines()[0] if document.blocks else ""
        document.title = title or first[:200] or path.stem
        return document
    finally:
        pdf.close()
