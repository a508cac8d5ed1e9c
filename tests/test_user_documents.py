"""Users' own files: JSON Lines, text, Markdown, HTML, and clear errors for bad input (#2)."""
from __future__ import annotations

import pytest

from renkei.corpus import DuplicateRecordId, RecordParseError, UnsupportedDocument, load_paths


def write(path, content, mode="w"):
    if mode == "wb":
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_jsonl_records_with_optional_fields(tmp_path):
    f = write(tmp_path / "r.jsonl", '{"id": "a", "title": "東京大学との覚書", "text": "覚書を締結した。", "year": 2020,'
                                     ' "partners": ["東京大学"]}\n\n{"id": "b", "title": "B", "text": "English body"}\n')
    a, b = load_paths([f])
    assert (a.id, a.lang, a.year, a.partners, a.source) == ("a", "ja", 2020, ("東京大学",), "r.jsonl")
    assert b.lang == "en" and b.kind == "document"


def test_text_markdown_and_html(tmp_path):
    write(tmp_path / "note.txt", "Partnership note\nA visit to Seoul.\n")
    write(tmp_path / "readme.md", "Intro line\n\n# 交流協定\n\n[ソウル大学](https://snu.ac.kr) との**協定**。\n")
    write(tmp_path / "page.html", "<html><head><title> Page </title><style>p{}</style></head>"
                                  "<body><h1>Head</h1><p>Body &amp; more</p><script>alert(1)</script></body></html>")
    write(tmp_path / ".hidden.txt", "not me")
    write(tmp_path / "skip.pdf", "binary")
    records = {r.id.split("/", 2)[2]: r for r in load_paths([tmp_path])}   # doc/<folder>-<hash>/<file>
    assert set(records) == {"note.txt", "readme.md", "page.html"}
    assert records["note.txt"].title == "Partnership note"
    md = records["readme.md"]
    assert md.title == "交流協定" and "ソウル大学 との協定" in md.text and md.lang == "ja"
    assert md.links == ("https://snu.ac.kr",)
    page = records["page.html"]
    assert page.title == "Page" and "Body & more" in page.text and "alert" not in page.text and "p{}" not in page.text


BAD = [
    ("bad.jsonl", b'{"id": "a", "title": "t", "text": "x"}\n{oops}\n', r"bad.jsonl:2: malformed JSON"),
    ("missing.jsonl", b'{"id": "a", "text": "x"}\n', r"missing.jsonl:1: missing required field 'title'"),
    ("year.jsonl", b'{"id": "a", "title": "t", "text": "x", "year": -1}\n', r"year.jsonl:1: field 'year'"),
    ("yearstr.jsonl", b'{"id": "a", "title": "t", "text": "x", "year": "abc"}\n', r"yearstr.jsonl:1: field 'year'"),
    ("list.jsonl", b'[1, 2]\n', r"list.jsonl:1: expected a JSON object"),
    ("nul.md", b"# title\n\x00\x01binary", r"nul.md:2: NUL byte"),
    ("empty.txt", b"  \n", r"empty.txt:1: empty file"),
    ("date.jsonl", b'{"id": "a", "title": "t", "text": "x", "date": "21/4/2021"}\n', r"date.jsonl:1: field 'date'"),
]


@pytest.mark.parametrize("name,content,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_the_file_and_line(tmp_path, name, content, message):
    with pytest.raises(RecordParseError, match=message):
        load_paths([write(tmp_path / name, content, "wb")])


def test_text_in_another_encoding_is_read_in_it(tmp_path):
    # #31: a .txt saved by Japanese Windows (CP932) or a Latin code page is read, not refused
    (ja,) = load_paths([write(tmp_path / "ja.txt", "協定の覚書\n東京大学と締結した。".encode("cp932"), "wb")])
    assert (ja.title, ja.text) == ("協定の覚書", "東京大学と締結した。")
    (latin,) = load_paths([write(tmp_path / "latin1.txt", "Caf\u00e9 notes\nna\u00efve".encode("latin-1"), "wb")])
    assert latin.title == "Caf\u00e9 notes"


def test_bom_is_accepted(tmp_path):
    (record,) = load_paths([write(tmp_path / "bom.txt", "\ufeffTitle\nbody".encode("utf-8"), "wb")])
    assert record.title == "Title"


def test_duplicate_ids_are_an_error(tmp_path):
    write(tmp_path / "a.jsonl", '{"id": "same", "title": "t", "text": "x"}\n')
    write(tmp_path / "b.jsonl", '{"id": "same", "title": "t", "text": "y"}\n')
    with pytest.raises(DuplicateRecordId, match="duplicate id 'same'"):
        load_paths([tmp_path])


def test_unsupported_file_named_explicitly(tmp_path):
    with pytest.raises(UnsupportedDocument, match="unsupported file type '.pptx'"):
        load_paths([write(tmp_path / "x.pptx", "x")])
