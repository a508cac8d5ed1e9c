"""CSV/TSV in Japanese encodings, Word, PDF and web pages, read into text and tables (#31)."""
from __future__ import annotations

import codecs
import time

import pytest

from office_fixtures import make_docx, make_pdf
from renkei.corpus.documents.office import NoHeaderRow, document_rows, read_document
from renkei.corpus.documents.office.encoding import decode_bytes


CSV = "大学名,国名,締結日,備考\nハーバード大学,アメリカ,平成28年3月3日,学生交流\nソウル大学校,韓国,R3.10.15,\n"


@pytest.mark.parametrize("encoding, expected", [
    ("cp932", "cp932"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("euc_jp", "euc-jp"), ("iso2022_jp", "iso-2022-jp"),
])
def test_csv_in_japanese_encodings(tmp_path, encoding, expected):
    path = tmp_path / "partners.csv"
    path.write_bytes(CSV.encode(encoding))
    doc = read_document(path)
    assert doc.encoding == expected
    rows = list(document_rows(doc))
    assert [(r.title, r.country, r.date) for r in rows] == [
        ("ハーバード大学", "アメリカ", "2016-03-03"), ("ソウル大学校", "韓国", "2021-10-15")]
    assert rows[0].key == "row 2" and rows[0].facts == {"備考": "学生交流"}


def test_utf16_unicode_text_export_is_tab_separated(tmp_path):
    path = tmp_path / "export.csv"   # Excel's "Unicode text" is UTF-16 with a BOM and tabs, whatever the name
    path.write_bytes(CSV.replace(",", "\t").encode("utf-16"))
    doc = read_document(path)
    assert doc.encoding == "utf-16"
    assert [r.partners for r in document_rows(doc)] == [("ハーバード大学",), ("ソウル大学校",)]


def test_tsv_and_sniffed_semicolons(tmp_path):
    (tmp_path / "a.tsv").write_text("University\tCountry\tSigned\nOxford\tUK\t3 March 2016\n", encoding="utf-8")
    (row,) = document_rows(read_document(tmp_path / "a.tsv"))
    assert (row.title, row.country, row.date) == ("Oxford", "UK", "2016-03-03")
    (tmp_path / "b.csv").write_text("University;Country;Signed\n\"Paris; Sorbonne\";France;March 3, 2016\n", encoding="utf-8")
    (row,) = document_rows(read_document(tmp_path / "b.csv"))
    assert (row.title, row.country, row.date) == ("Paris; Sorbonne", "France", "2016-03-03")


def test_csv_without_header_is_refused(tmp_path):
    (tmp_path / "c.csv").write_text("Oxford,UK,2016-03-03\nHarvard,USA,2017-01-01\n", encoding="utf-8")
    with pytest.raises(NoHeaderRow):
        list(document_rows(read_document(tmp_path / "c.csv")))


def test_million_empty_csv_rows(tmp_path):
    (tmp_path / "e.csv").write_text("University,Country\n" + ",\n" * 1_000_000 + "Oxford,UK\n", encoding="utf-8")
    (row,) = document_rows(read_document(tmp_path / "e.csv"))
    assert row.row_number == 1_000_002


SHORT = "大学名,国名\nソウル大学校,韓国\n"
KANJI_ONLY = "大学名,国\n東京大学,日本\n"


@pytest.mark.parametrize("text", [SHORT, KANJI_ONLY, "協定校,締結日\nハーバード大学,2016年3月3日\n①②,㈱\n"])
def test_cp932_short_texts(text):
    assert decode_bytes(text.encode("cp932")) == (text, "cp932")


@pytest.mark.parametrize("text", [SHORT, KANJI_ONLY])
def test_euc_jp(text):
    assert decode_bytes(text.encode("euc_jp")) == (text, "euc-jp")


def test_iso2022jp():
    assert decode_bytes(SHORT.encode("iso2022_jp")) == (SHORT, "iso-2022-jp")


def test_unicode_forms():
    assert decode_bytes(SHORT.encode("utf-8")) == (SHORT, "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + SHORT.encode("utf-8")) == (SHORT, "utf-8-sig")
    assert decode_bytes(SHORT.encode("utf-16")) == (SHORT, "utf-16")          # BOM + LE
    assert decode_bytes(SHORT.encode("utf-16-le")) == (SHORT, "utf-16-le")    # no BOM
    assert decode_bytes(b"a,b\n1,2\n") == ("a,b\n1,2\n", "ascii")


def test_charset_normalizer_is_the_fallback_for_other_encodings():
    # Latin text in a Windows code page: neither Unicode nor Japanese reads it, charset-normalizer
    # does (which single-byte page it names for a short text varies: cp1250/cp1252/latin-1)
    text = "Université de Genève,Suisse\nÉcole polytechnique,France\n" * 3
    decoded, encoding = decode_bytes(text.encode("cp1252"))
    assert encoding not in ("utf-8", "cp932", "euc-jp", "iso-2022-jp")
    assert "Universit" in decoded and "France" in decoded


def test_docx_paragraphs_and_table_in_order(tmp_path):
    doc = read_document(make_docx(tmp_path / "memo.docx"))
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "paragraph", "table", "paragraph"]
    assert doc.title == "海外協定校について"
    assert "ソウル大学校 | 韓国" in doc.text
    rows = list(document_rows(doc))
    assert [(r.key, r.title, r.country, r.date) for r in rows] == [
        ("table 1:row 2", "ハーバード大学", "アメリカ合衆国", "2016-03-03"),
        ("table 1:row 3", "ケンブリッジ大学", "イギリス", "2019-04-01"),
        ("table 1:row 4", "ソウル大学校", "韓国", "2021-10-15")]


HTML = """<!doctype html><html><head><meta charset="shift_jis"><title>協定校一覧</title>
<style>p{}</style><script>var x = "<b>";</script></head><body>
<nav><iframe src="/banner">お使いのブラウザは対応していません</iframe><a href="https://example.ac.jp/">トップ</a></nav>
<h1>海外協定校</h1>
<table class="layout"><tr><td>メニュー</td></tr></table>
<table><thead><tr><th>大学名</th><th>English name</th><th>国・地域</th><th>締結日</th></tr></thead>
<tbody><tr><td>ハーバード大学</td><td>Harvard University</td><td rowspan="2">アメリカ</td><td>2016年3月3日</td></tr>
<tr><td>マサチューセッツ工科大学</td><td>MIT</td><td>H30.4.1</td></tr></tbody></table>
<p>最終更新<br>2024年4月</p></body></html>"""


def test_html_tables_text_and_encoding(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(HTML.encode("cp932"))
    doc = read_document(path)
    assert doc.encoding == "cp932" and doc.title == "協定校一覧"
    lines = doc.text.splitlines()
    assert "お使いのブラウザは対応していません" in lines and "トップ" in lines    # not glued together
    assert "var x" not in doc.text and "p{}" not in doc.text
    assert "最終更新" in lines and "2024年4月" in lines
    rows = list(document_rows(doc))
    assert [(r.partners, r.country, r.date) for r in rows] == [
        (("ハーバード大学", "Harvard University"), "アメリカ", "2016-03-03"),
        (("マサチューセッツ工科大学", "MIT"), "アメリカ", "2018-04-01")]   # rowspan carried down
    assert any("table 1" in note for note in doc.notes)                       # the layout table


def test_html_200k_unclosed_tags_linear_and_nothing_lost(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<p>start" + "<b>x " * 200_000 + "</p><iframe>fallback</iframe><a href='https://a.jp'>link</a>",
                    encoding="utf-8")
    start = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - start < 10
    assert doc.text.startswith("start") and doc.text.count("x") == 200_000
    assert doc.text.splitlines()[-2:] == ["fallback", "link"]
    assert doc.links == ["https://a.jp"]


def test_vertical_record_table(tmp_path):
    (tmp_path / "v.html").write_text("<table><tr><th>大学名</th><td>オックスフォード大学</td></tr>"
                                "<tr><th>国名</th><td>英国</td></tr><tr><th>締結日</th><td>令和2年1月10日</td></tr></table>",
                                encoding="utf-8")
    (row,) = document_rows(read_document(tmp_path / "v.html"))
    assert (row.title, row.country, row.date) == ("オックスフォード大学", "英国", "2020-01-10")


def test_pdf_japanese_and_english_text_layer(tmp_path):
    doc = read_document(make_pdf(tmp_path / "brochure.pdf"))
    assert doc.pages == 1
    lines = doc.text.splitlines()
    assert lines[0] == "国際交流協定の概要"                         # larger type: a heading, kept apart
    # joined inside a word (深|めました); the line ends at the 。 that ends a PDF line
    assert lines[1] == "両大学は研究者交流と学生交流について議論を深めました。協定は2016年3月3日に締結された。"
    assert lines[2] == ("The University of Tokyo and the University of Cambridge signed a memorandum of "
                        "understanding on 3 March 2016 to promote student exchange. Page 1.")
    assert doc.title == "国際交流協定の概要"


def test_pdf_pages_are_blocks(tmp_path):
    doc = read_document(make_pdf(tmp_path / "many.pdf", pages=3))
    assert [b.where for b in doc.blocks] == ["page 1", "page 2", "page 3"]
