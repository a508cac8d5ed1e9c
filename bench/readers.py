"""Office readers' speed (#31): rows/s for a 10,000-row xlsx (and CP932 CSV), pages/s for a 100-page PDF.

    python -m bench.readers          # needs the test extra (openpyxl, reportlab write the inputs)

Each figure is the best of 3: the reader alone (read_document), and file to records
(iter_office_records: header mapping, dates, countries, ids), the cost `renkei index` pays per read.
"""
from __future__ import annotations

import datetime
import tempfile
import time
from pathlib import Path
from typing import Callable

from renkei.corpus.documents.office import read_document
from renkei.corpus.documents.office.records import iter_office_records


def make_xlsx(path: Path, rows: int) -> None:
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("協定校")
    ws.append(["No.", "大学名", "英語名", "国・地域", "締結日", "協定種別", "部局", "有効期限", "備考"])
    for i in range(rows):
        date = datetime.date(2000 + i % 24, 1 + i % 12, 1 + i % 28)
        ws.append([i + 1, f"大学{i}", f"University {i}", "アメリカ", date, "学生交流協定", "工学部、理学部",
                   f"令和{1 + i % 6}年3月31日", "継続"])
    wb.save(path)


def make_pdf(path: Path, pages: int) -> None:
    """Pages of 45 lines, Japanese and English alternating, as a brochure's body text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.setFont("HeiseiMin-W3", 16)
        c.drawString(60, 800, f"第{n + 1}章 国際交流の概要")
        for line in range(44):
            y = 780 - line * 16
            if line % 2:
                c.setFont("Helvetica", 10)
                c.drawString(60, y, "The universities agreed to promote student and researcher exchange and joint")
            else:
                c.setFont("HeiseiMin-W3", 10)
                c.drawString(60, y, "両大学は学生交流および研究者交流を推進し、共同研究について議論を深")
        c.showPage()
    c.save()


def best_of(n: int, fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = folder / "partners.xlsx"
        make_xlsx(xlsx, 10_000)
        read_s, _ = best_of(3, lambda: read_document(xlsx))
        total_s, records = best_of(3, lambda: list(iter_office_records(xlsx, folder)))
        print(f"xlsx, 10,000 rows x 9 columns ({xlsx.stat().st_size / 1e6:.1f} MB): read {read_s * 1000:.0f} ms "
              f"({10_000 / read_s:,.0f} rows/s); to records {total_s * 1000:.0f} ms ({len(records) / total_s:,.0f} rows/s)")
        csv = folder / "partners.csv"
        csv.write_bytes("\n".join(["大学名,英語名,国・地域,締結日,協定種別"] + [
            f"大学{i},University {i},アメリカ,平成{1 + i % 30}年4月1日,学生交流協定" for i in range(10_000)]).encode("cp932"))
        total_s, records = best_of(3, lambda: list(iter_office_records(csv, folder)))
        print(f"csv (cp932), 10,000 rows: to records {total_s * 1000:.0f} ms ({len(records) / total_s:,.0f} rows/s)")
        pdf = folder / "brochure.pdf"
        make_pdf(pdf, 100)
        read_s, doc = best_of(3, lambda: read_document(pdf))
        total_s, _ = best_of(3, lambda: list(iter_office_records(pdf, folder)))
        print(f"pdf, 100 pages x 45 lines JA/EN ({pdf.stat().st_size / 1e6:.2f} MB, {len(doc.text):,} chars): "
              f"read {read_s * 1000:.0f} ms ({doc.pages / read_s:,.0f} pages/s); to a record {total_s * 1000:.0f} ms "
              f"({doc.pages / total_s:,.0f} pages/s)")
        html = folder / "deep.html"
        html.write_text("<p>" + "<b>x " * 200_000, encoding="utf-8")
        html_s, _ = best_of(3, lambda: list(iter_office_records(html, folder)))
        print(f"html, 200,000 unclosed <b> (0.8 MB): to a record {html_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
