"""Office files for tests, made with the real libraries in tmp dirs (#31): openpyxl, python-docx,
reportlab, pypdf, msoffcrypto-tool, Pillow. `.ods` and odd `.xlsx` are written by hand."""
from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

PARTNERS_JA = [
    ("ハーバード大学", "Harvard University", "アメリカ合衆国", datetime.date(2016, 3, 3), "学生交流協定", "工学部、理学部"),
    ("ケンブリッジ大学", "University of Cambridge", "イギリス", datetime.date(2019, 4, 1), "学術交流協定", "文学部"),
    ("ソウル大学校", "Seoul National University", "韓国", datetime.date(2021, 10, 15), "研究者交流", "医学部"),
]


def make_xlsx(path: Path) -> Path:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "協定校"
    ws.append(["協定校一覧（2024年4月現在）"])            # a title row above the header
    ws.append([])
    ws.append(["No.", "大学名", "英語名", "国・地域", "締結日", "協定種別", "部局", "有効期限", "学生数"])
    for i, (ja, en, country, date, kind, dept) in enumerate(PARTNERS_JA, 1):
        ws.append([i, ja, en, country, date, kind, dept, date.replace(year=date.year + 5), 10.0 * i])
    ws2 = wb.create_sheet("Europe")
    ws2.append(["University", "Country", "Signed", "Type", "Valid until"])
    ws2.append(["Heidelberg University", "Germany", datetime.datetime(2018, 6, 1), "Exchange memorandum", "2023-05-31"])
    ws2.append(["Sorbonne Université", "France", "平成30年度", "Strategic partnership", "R10.3.31"])
    ws2.append(["Uppsala University", "Sweden", "3 March 2016", "MOU", None])
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def make_pdf(path: Path, pages: int = 1) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.setFont("HeiseiKakuGo-W5", 18)
        c.drawString(72, 780, "国際交流協定の概要")
        c.setFont("HeiseiMin-W3", 11)
        c.drawString(72, 750, "両大学は研究者交流と学生交流について議論を深")
        c.drawString(72, 735, "めました。協定は2016年3月3日に締結された。")
        c.setFont("Helvetica", 11)
        c.drawString(72, 700, "The University of Tokyo and the University of Cambridge signed a memo-")
        c.drawString(72, 685, "randum of understanding on 3 March 2016 to promote")
        c.drawString(72, 670, f"student exchange. Page {n + 1}.")
        c.showPage()
    c.save()
    return path


def make_scanned_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Scanned agreement page", fill="black")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(buf), 72, 500, width=450, height=150)
    c.showPage()
    c.save()
    return path


def make_encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with open(path, "wb") as out:
        writer.write(out)
    return path


def make_docx(path: Path) -> Path:
    import docx
    d = docx.Document()
    d.add_heading("海外協定校について", level=1)
    d.add_paragraph("本学の協定校を以下に示す。")
    table = d.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["大学名", "国名", "締結日", "備考"]):
        cell.text = text
    for ja, _en, country, date, _kind, _dept in PARTNERS_JA:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = ja, country, f"{date.year}年{date.month}月{date.day}日", "継続"
    d.add_paragraph("以上。The end of the memo.")
    d.save(path)
    return path


def make_zip_bomb(path: Path, inflated: int = 1 << 30) -> Path:
    """An .xlsx whose one member inflates to `inflated` bytes of zeros (about 1 MiB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(inflated >> 20):
                member.write(block)
    return path


XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def make_raw_xlsx(path: Path, rows_xml: str, dimension: str = "A1") -> Path:
    """An .xlsx written XML by hand, for sheets no writing library would make."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in XLSX_PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>')
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def make_ods(path: Path, body_xml: str) -> Path:
    """A minimal .ods (content.xml by hand; no test library writes ODS here)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Partners">{body_xml}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
