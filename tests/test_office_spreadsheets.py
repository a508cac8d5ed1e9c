"""Spreadsheets (.xlsx/.ods via python-calamine) read into tables and rows of record fields (#31)."""
from __future__ import annotations

import datetime

import pytest

from office_fixtures import inline, make_raw_xlsx, make_xlsx
from renkei.corpus.documents.office import NoHeaderRow, TooManyCells, document_rows, read_document


def test_xlsx_two_sheets_rows_and_fields(tmp_path):
    doc = read_document(make_xlsx(tmp_path / "partners.xlsx"))
    assert doc.format == "xlsx"
    assert [t.name for t in doc.tables] == ["協定校", "Europe"]          # the empty sheet is noted, not a table
    assert any("Empty" in note for note in doc.notes)
    sheet = doc.tables[0]
    assert sheet.rows[0] == ["協定校一覧（2024年4月現在）"]
    assert sheet.row_numbers[:2] == [1, 3]                              # Excel's own row numbers
    assert sheet.rows[2][4] == "2016-03-03"                             # an Excel date as ISO
    assert sheet.rows[2][8] == 10 and isinstance(sheet.rows[2][8], int)  # a whole float as int
    rows = list(document_rows(doc))
    assert len(rows) == 6
    harvard = rows[0]
    assert harvard.key == "協定校:No.=1"
    assert harvard.partners == ("ハーバード大学", "Harvard University")
    assert harvard.title == "ハーバード大学"
    assert (harvard.country, harvard.date, harvard.year) == ("アメリカ合衆国", "2016-03-03", 2016)
    assert harvard.kind == "exchange-memorandum" and harvard.kind_text == "学生交流協定"
    assert harvard.departments == ("工学部", "理学部")
    assert harvard.facts == {"有効期限": "2021-03-03", "学生数": 10}
    assert rows[2].kind == "researcher-exchange"
    heidelberg, sorbonne, uppsala = rows[3:]
    assert heidelberg.key == "Europe:row 2"
    assert (heidelberg.partners, heidelberg.country, heidelberg.date) == (("Heidelberg University",), "Germany", "2018-06-01")
    assert heidelberg.facts == {"Valid until": "2023-05-31"}
    assert (sorbonne.date, sorbonne.year, sorbonne.fiscal_year) == (None, 2018, ("2018-04-01", "2019-03-31"))
    assert sorbonne.kind == "strategic-partnership"
    assert sorbonne.facts["Valid until"] == "2028-03-31"
    assert uppsala.date == "2016-03-03"


def test_row_keys_are_stable(tmp_path):
    path = make_xlsx(tmp_path / "p.xlsx")
    first = [r.key for r in document_rows(read_document(path))]
    assert first == [r.key for r in document_rows(read_document(path))]
    assert len(set(first)) == len(first)


def test_table_starting_at_b3_keeps_excel_row_numbers(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "University", "Country"
    ws["B5"], ws["C5"] = "Oxford", "UK"
    wb.save(tmp_path / "offset.xlsx")
    doc = read_document(tmp_path / "offset.xlsx")
    assert doc.tables[0].row_numbers == [3, 5]
    assert [r.key for r in document_rows(doc)] == ["Sheet:row 5"]


def test_sheet_without_header_is_refused(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Harvard", "USA", datetime.date(2016, 3, 3)])
    ws.append(["Oxford", "UK", datetime.date(2017, 1, 1)])
    wb.save(tmp_path / "nohead.xlsx")
    doc = read_document(tmp_path / "nohead.xlsx")
    with pytest.raises(NoHeaderRow) as err:
        list(document_rows(doc))
    message = str(err.value)
    assert "nohead.xlsx" in message and "header row" in message and "\n" not in message


def test_unmapped_header_is_still_a_header(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["呼び名", "メモ"])
    ws.append(["オックスフォード", "継続中"])
    wb.save(tmp_path / "plain.xlsx")
    (row,) = document_rows(read_document(tmp_path / "plain.xlsx"))
    assert row.title == "オックスフォード" and row.facts == {"呼び名": "オックスフォード", "メモ": "継続中"}


def test_million_empty_rows_bounded(tmp_path):
    import resource
    import time
    rows = inline("A1", "University") + "".join(f'<row r="{i}"><c r="A{i}" s="0"/></row>' for i in range(2, 1_000_001))
    empties = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t></t></is></c></row>' for i in range(2, 1_000_001))
    make_raw_xlsx(tmp_path / "styled.xlsx", '<row r="1">' + inline("A1", "University") + "</row>" + rows[len(inline("A1", "University")):], "A1:A1000000")
    make_raw_xlsx(tmp_path / "blank.xlsx", '<row r="1">' + inline("A1", "University") + "</row>" + empties
                  + '<row r="1000001">' + inline("A1000001", "Oxford") + "</row>", "A1:A1000001")
    for name in ("styled.xlsx", "blank.xlsx"):
        start = time.perf_counter()
        doc = read_document(tmp_path / name)
        assert time.perf_counter() - start < 20
        assert doc.tables[0].rows[0] == ["University"]
    assert [r.title for r in document_rows(read_document(tmp_path / "blank.xlsx"))] == ["Oxford"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 2**20   # KiB: under 2 GiB


def test_stray_far_cell_is_refused_before_calamine_allocates(tmp_path):
    # A1 and XFD1048576: calamine would allocate 17 billion cells and abort the process
    make_raw_xlsx(tmp_path / "corner.xlsx", '<row r="1">' + inline("A1", "University") + '</row><row r="1048576">'
                  + inline("XFD1048576", "x") + "</row>", "A1:XFD1048576")
    with pytest.raises(TooManyCells) as err:
        read_document(tmp_path / "corner.xlsx")
    assert "corner.xlsx" in str(err.value) and "stray" in str(err.value)


def test_ods_with_libreoffice_trailing_repeated_rows(tmp_path):
    from office_fixtures import make_ods, ods_cell
    body = ("<table:table-row>" + ods_cell("大学名") + ods_cell("国名") + "</table:table-row>"
            "<table:table-row>" + ods_cell("オックスフォード大学") + ods_cell("英国") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    (row,) = document_rows(read_document(make_ods(tmp_path / "p.ods", body)))
    assert (row.key, row.title, row.country) == ("Partners:row 2", "オックスフォード大学", "英国")


def test_ods_repeated_valued_cells_refused_before_calamine(tmp_path):
    from office_fixtures import make_ods, ods_cell
    body = ("<table:table-row>" + ods_cell("University") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16384" '
            'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    with pytest.raises(TooManyCells):
        read_document(make_ods(tmp_path / "wide.ods", body))
