"""Office files indexed as records, through the library and the CLI (#31, #36.3): one record per
table row with its partner, country and ISO date; folders read with what was skipped said; refusals
in one line that leave the index as it was."""
from __future__ import annotations

import codecs
import json

import pytest

from office_fixtures import make_docx, make_encrypted_pdf, make_pdf, make_scanned_pdf, make_xlsx
from renkei.corpus import (CorruptContainer, EncryptedPDF, NoHeaderRow, NothingToIndex, NoTextLayer,
                           PasswordProtectedWorkbook, RecordParseError, check_paths, load_paths)
from renkei.corpus.documents import files
from renkei.corpus.documents.office import reader
from renkei.search import Engine
from renkei.search.cli import cli

CP932_CSV = "大学名,英語名,国・地域,締結日\n北京大学,Peking University,中国,平成28年3月3日\n清華大学,Tsinghua University,中国,R3.10.15\n"
BOM_CSV = "協定校,国名,協定締結日,協定種別\nモナシュ大学,オーストラリア,2019/4/1,学生交流協定\nオークランド大学,ニュージーランド,令和2年1月10日,覚書\n"
TSV = "University\tCountry\tSigned\nUniversity of Toronto\tCanada\t3 March 2016\nMcGill University\tカナダ\t2017年5月1日\n"
HTML = ("<html><head><title>協定校一覧</title></head><body><h1>北欧の協定校</h1><p>更新しました。</p>"
        "<table><tr><th>大学名</th><th>English name</th><th>国・地域</th><th>締結日</th></tr>"
        "<tr><td>ヘルシンキ大学</td><td>University of Helsinki</td><td>フィンランド</td><td>2016年3月3日</td></tr>"
        "<tr><td>オスロ大学</td><td>University of Oslo</td><td>ノルウェー</td><td>H30.4.1</td></tr></table></body></html>")

# (file, partner searched for, partners, country, date) for every row of every tabular fixture
ROWS = [
    ("partners.xlsx", "ハーバード大学", ("ハーバード大学", "Harvard University"), "United States of America", "2016-03-03"),
    ("partners.xlsx", "ケンブリッジ大学", ("ケンブリッジ大学", "University of Cambridge"), "United Kingdom", "2019-04-01"),
    ("partners.xlsx", "ソウル大学校", ("ソウル大学校", "Seoul National University"), "Republic of Korea", "2021-10-15"),
    ("partners.xlsx", "Heidelberg University", ("Heidelberg University",), "Germany", "2018-06-01"),
    ("partners.xlsx", "Sorbonne Université", ("Sorbonne Université",), "France", None),   # 平成30年度: a year only
    ("partners.xlsx", "Uppsala University", ("Uppsala University",), "Sweden", "2016-03-03"),
    ("cp932.csv", "北京大学", ("北京大学", "Peking University"), "China", "2016-03-03"),
    ("cp932.csv", "清華大学", ("清華大学", "Tsinghua University"), "China", "2021-10-15"),
    ("bom.csv", "モナシュ大学", ("モナシュ大学",), "Australia", "2019-04-01"),
    ("bom.csv", "オークランド大学", ("オークランド大学",), "New Zealand", "2020-01-10"),
    ("partners.tsv", "University of Toronto", ("University of Toronto",), "Canada", "2016-03-03"),
    ("partners.tsv", "McGill University", ("McGill University",), "Canada", "2017-05-01"),
    ("memo.docx", "チュラロンコン大学", ("チュラロンコン大学",), "Thailand", "2018-06-01"),
    ("memo.docx", "マヒドン大学", ("マヒドン大学",), "Thailand", "2019-07-01"),
    ("page.html", "ヘルシンキ大学", ("ヘルシンキ大学", "University of Helsinki"), "Finland", "2016-03-03"),
    ("page.html", "オスロ大学", ("オスロ大学", "University of Oslo"), "Norway", "2018-04-01"),
]


def make_memo(path):
    import docx
    d = docx.Document()
    d.add_heading("タイの協定校について", level=1)
    d.add_paragraph("本学のタイの協定校を以下に示す。")
    table = d.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["大学名", "国名", "締結日"]):
        cell.text = text
    for name, date in (("チュラロンコン大学", "2018年6月1日"), ("マヒドン大学", "令和元年7月1日")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, "タイ王国", date
    d.save(path)
    return path


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    make_xlsx(folder / "partners.xlsx")
    (folder / "cp932.csv").write_bytes(CP932_CSV.encode("cp932"))
    (folder / "bom.csv").write_bytes(codecs.BOM_UTF8 + BOM_CSV.encode("utf-8"))
    (folder / "partners.tsv").write_text(TSV, encoding="utf-8")
    make_memo(folder / "memo.docx")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    make_pdf(folder / "brochure.pdf")
    return folder


@pytest.fixture(scope="module")
def office_index(office, tmp_path_factory):
    from click.testing import CliRunner
    index = tmp_path_factory.mktemp("office-index") / "index"
    names = sorted(p.name for p in office.iterdir())
    result = CliRunner().invoke(cli, ["--index", str(index), "index", "--rebuild", "--no-bundled",
                                      *[str(office / n) for n in names]], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return index


def test_suffixes_listed_for_folders_are_the_readers_own():
    assert set(files.OFFICE_SUFFIXES) == set(reader.SUFFIXES)


@pytest.mark.parametrize("name, partner, partners, country, date", ROWS, ids=[r[1] for r in ROWS])
def test_each_row_is_a_record_found_by_its_partner(runner, office, office_index, name, partner, partners,
                                                   country, date):
    (record,) = [r for r in load_paths([office / name]) if r.title == partner]
    assert (record.partners, record.country, record.date, record.source) == (partners, country, date, name)
    assert record.facts["row"] >= 2 and record.id.startswith("doc/") and "#" in record.id
    result = runner.invoke(cli, ["--index", str(office_index), "search", partner, "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    top = [hit["id"] for hit in json.loads(result.stdout)["hits"][:3]]
    assert record.id in top, (partner, top)


def test_row_ids_facts_and_glossary_pairs(office):
    rows = {r.title: r for r in load_paths([office / "partners.xlsx"])}
    harvard = rows["ハーバード大学"]
    assert harvard.id.endswith("/partners.xlsx#協定校:No.=1")
    assert harvard.facts == {"有効期限": "2021-03-03", "学生数": 10, "name_en": "Harvard University",
                             "sheet": "協定校", "row": 4}
    assert (harvard.kind, harvard.departments, harvard.year) == ("exchange-memorandum", ("工学部", "理学部"), 2016)
    assert rows["Sorbonne Université"].facts["fiscal_year_from"] == "2018-04-01"
    assert [r.id for r in load_paths([office / "partners.xlsx"])] == [r.id for r in rows.values()]   # stable
    mined = {(e.ja, e.en) for e in check_paths([office / "partners.xlsx"]).mined}
    assert (("ハーバード大学",), ("Harvard University",)) in mined


def test_documents_give_their_text_too(office, office_index):
    memo = {r.title: r for r in load_paths([office / "memo.docx"])}
    text = memo["タイの協定校について"]
    assert "以下に示す" in text.text and "マヒドン" in text.text   # the whole memo: the list stays findable
    with Engine(office_index) as engine:    # and a partner's own (shorter) row comes before the list
        assert engine.search("マヒドン大学", limit=3).hits[0].record.title == "マヒドン大学"
    page = {r.title: r for r in load_paths([office / "page.html"])}
    assert "更新しました" in page["協定校一覧"].text and "オスロ" in page["協定校一覧"].text
    (pdf,) = load_paths([office / "brochure.pdf"])
    assert pdf.lang == "ja" and "議論を深めました。" in pdf.text and pdf.facts == {"pages": 1}


def test_country_filter_finds_mapped_rows(runner, office_index):
    result = runner.invoke(cli, ["--index", str(office_index), "search", "大学", "--country", "Finland", "--json"],
                           catch_exceptions=False)
    assert {h["title"] for h in json.loads(result.stdout)["hits"]} == {"ヘルシンキ大学"}


def test_records_command_shows_how_rows_were_read(runner, office):
    result = runner.invoke(cli, ["records", str(office / "cp932.csv"), "--jsonl"], catch_exceptions=False)
    assert result.exit_code == 0
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["北京大学", "清華大学"]
    assert "encoding cp932, delimiter ','" in result.stderr
    assert "header in row 1: 大学名 -> partner, 英語名 -> partner_en, 国・地域 -> country, 締結日 -> date" in result.stderr


def test_verbose_says_which_encoding(runner, office, tmp_path):
    result = runner.invoke(cli, ["-v", "--index", str(tmp_path / "ix"), "index", "--no-bundled",
                                 str(office / "cp932.csv")], catch_exceptions=False)
    assert result.exit_code == 0 and "cp932.csv: encoding cp932" in result.stderr


def test_folder_reads_what_it_can_and_says_what_it_skipped(runner, office, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("cp932.csv", "page.html"):
        (folder / name).write_bytes((office / name).read_bytes())
    make_scanned_pdf(folder / "scan.pdf")
    (folder / "slides.pptx").write_bytes(b"PK")
    (folder / "broken.xlsx").write_bytes(b"not a zip")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", "--rebuild", "--no-bundled", str(folder)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if "skipped " in line and not line.startswith("Read")]
    assert len(skipped) == 3 and all(len(line) < 300 for line in skipped)
    assert any("scan.pdf: no text layer" in line and "run OCR first" in line for line in skipped)
    assert any("slides.pptx: unsupported file type '.pptx'" in line for line in skipped)
    assert any("broken.xlsx: not a readable .xlsx" in line for line in skipped)
    assert "Read 2 files (5 records); skipped 3" in result.stderr
    assert "Traceback" not in result.output


def test_folder_with_nothing_readable_exits_1_and_writes_nothing(runner, tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    make_scanned_pdf(folder / "scan.pdf")
    (folder / "notes.pages").write_bytes(b"x")
    index = tmp_path / "ix"
    result = runner.invoke(cli, ["--index", str(index), "index", "--no-bundled", str(folder)])
    assert result.exit_code == 1 and "no file renkei can read (2 skipped" in result.stderr
    assert not index.exists()
    with pytest.raises(NothingToIndex):
        check_paths([folder])


def locked_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile
    plain = make_xlsx(tmp_path / "plain.xlsx")
    with open(plain, "rb") as src, open(tmp_path / "locked.xlsx", "wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    return tmp_path / "locked.xlsx"


def no_header(tmp_path):
    (tmp_path / "nohead.csv").write_text("Oxford,UK,2016-03-03\nHarvard,USA,2017-01-01\n", encoding="utf-8")
    return tmp_path / "nohead.csv"


def broken_docx(tmp_path):
    data = make_docx(tmp_path / "good.docx").read_bytes()
    (tmp_path / "broken.docx").write_bytes(data[: len(data) // 2])
    return tmp_path / "broken.docx"


REFUSALS = [
    (make_scanned_pdf, "scan.pdf", NoTextLayer, "no text layer; .* run OCR first"),
    (lambda p: make_encrypted_pdf(p, make_pdf(p.with_name("open.pdf"))), "locked.pdf", EncryptedPDF,
     "the PDF is encrypted with a password; remove the password"),
    (None, "locked.xlsx", PasswordProtectedWorkbook, "encrypted with a password; in Excel"),
    (None, "broken.docx", CorruptContainer, "damaged ZIP container"),
    (None, "nohead.csv", NoHeaderRow, "has no header row .* add a header row"),
]
MAKERS = {"locked.xlsx": locked_workbook, "broken.docx": broken_docx, "nohead.csv": no_header}


@pytest.mark.parametrize("make, name, error, message", REFUSALS, ids=[r[1] for r in REFUSALS])
def test_refusals_are_one_line_and_leave_the_index_unchanged(runner, tmp_path, make, name, error, message):
    path = make(tmp_path / name) if make else MAKERS[name](tmp_path)
    with pytest.raises(error, match=message):
        load_paths([path])
    index = tmp_path / "ix"
    good = tmp_path / "good.tsv"
    good.write_text(TSV, encoding="utf-8")
    assert runner.invoke(cli, ["--index", str(index), "index", "--no-bundled", str(good)]).exit_code == 0
    before = sorted(p.name for p in index.iterdir())
    result = runner.invoke(cli, ["--index", str(index), "index", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert str(path) in line and line.startswith("Error: ")
    assert sorted(p.name for p in index.iterdir()) == before


def test_size_limit_is_a_refusal(tmp_path, monkeypatch):
    from renkei.corpus.documents.office import Limits, records
    monkeypatch.setattr(records, "LIMITS", Limits(max_text_file_bytes=100))
    (tmp_path / "big.csv").write_text("University\n" + "Oxford\n" * 100, encoding="utf-8")
    with pytest.raises(RecordParseError, match=r"big.csv: file is 711 bytes, over the limit of 100; split it"):
        load_paths([tmp_path / "big.csv"])
