"""Hostile or odd files a shared folder will hold (#36.4): each read in bounded time, or refused in
one line naming the file and line, never with a traceback."""
from __future__ import annotations

import json
import time

import pytest

from renkei.corpus import RecordParseError, load_paths
from renkei.search.cli import cli


def index(runner, tmp_path, path):
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", "--rebuild", "--no-bundled", str(path)])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return result


HTML_CASES = [
    ("unclosed-b", "<p>start " + "<b>x " * 200_000 + "</p><p>end</p>"),
    ("deep-div", "<p>start</p>" + "<div>" * 50_000 + "deep" + "</div>" * 50_000 + "<p>end</p>"),
]


@pytest.mark.parametrize("name, page", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_is_read_in_linear_time_and_keeps_all_its_text(runner, tmp_path, name, page):
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    started = time.perf_counter()
    (record,) = load_paths([path])
    assert time.perf_counter() - started < 10
    assert record.text.startswith("start") and record.text.endswith("end")
    assert ("deep" in record.text) if name == "deep-div" else record.text.count("x") == 200_000


def test_html_iframe_fallback_and_next_link_are_not_glued(tmp_path):
    path = tmp_path / "p.html"
    path.write_text("<body><iframe src='/x'>IFRAMEFALLBACK</iframe><a href='https://a.jp/'>jslink</a></body>",
                    encoding="utf-8")
    (record,) = load_paths([path])
    assert "IFRAMEFALLBACKjslink" not in record.text and record.text.split() == ["IFRAMEFALLBACK", "jslink"]


def test_json_nested_100000_deep_is_refused_with_the_line(runner, tmp_path):
    path = tmp_path / "deep.jsonl"
    line = {"id": "a", "title": "t", "text": "x"}
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(json.dumps(line) + "\n" + json.dumps(line | {"id": "b"})[:-1] + f', "facts": {{"x": {deep}}}}}\n',
                    encoding="utf-8")
    with pytest.raises(RecordParseError, match=r"deep.jsonl:2: JSON nested too deeply"):
        load_paths([path])
    result = index(runner, tmp_path, path)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "deep.jsonl:2:" in result.stderr


def test_brackets_inside_strings_do_not_count_as_depth(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "[" * 50, "text": "{" * 50}) + "\n", encoding="utf-8")
    (record,) = load_paths([path])
    assert record.title == "[" * 50


def test_lone_surrogate_is_replaced_with_a_warning_naming_the_line(runner, tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "title": "ok", "text": "x"}\n{"id": "b", "title": "bad \\ud800 title", "text": "y"}\n',
                    encoding="utf-8")
    result = index(runner, tmp_path, path)
    assert result.exit_code == 0, result.output
    assert "s.jsonl:2: a lone surrogate" in result.stderr and "replaced with U+FFFD" in result.stderr
    shown = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", "b", "--json"], catch_exceptions=False)
    assert json.loads(shown.stdout)["title"] == "bad \ufffd title"


def test_utf16_text_with_a_bom_is_read_as_text(runner, tmp_path):
    path = tmp_path / "export.txt"   # Excel's and Notepad's "Unicode text"
    path.write_bytes("協定の一覧\n東京大学とケンブリッジ大学".encode("utf-16"))
    (record,) = load_paths([path])
    assert (record.title, record.text) == ("協定の一覧", "東京大学とケンブリッジ大学")
    result = runner.invoke(cli, ["-v", "records", str(path)], catch_exceptions=False)
    assert "export.txt: encoding utf-16" in result.stderr


def test_100000_partners_in_one_line_are_refused(runner, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "t", "text": "x", "partners": [f"U{i}" for i in range(100_000)]})
                    + "\n", encoding="utf-8")
    with pytest.raises(RecordParseError, match=r"p.jsonl:1: field 'partners' has 100,000 names.*at most 1,000"):
        load_paths([path])
    result = index(runner, tmp_path, path)
    assert result.exit_code == 1 and "p.jsonl:1: field 'partners'" in result.stderr


def test_kind_may_be_written_as_queries_write_it(tmp_path):
    path = tmp_path / "k.jsonl"
    path.write_text("".join(json.dumps({"id": k, "title": "t", "text": "x", "kind": k}) + "\n"
                            for k in ("memorandum", "MOU", "strategic", "exchange-memorandum")), encoding="utf-8")
    assert [r.kind for r in load_paths([path])] == ["exchange-memorandum", "exchange-memorandum",
                                                    "strategic-partnership", "exchange-memorandum"]
    path.write_text(json.dumps({"id": "x", "title": "t", "text": "x", "kind": "poem"}) + "\n", encoding="utf-8")
    with pytest.raises(RecordParseError, match="field 'kind' must be one of"):
        load_paths([path])
