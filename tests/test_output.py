"""Output for people and tools (#14) and no injection through it (#13 item 7): terminal lines that
fit, colour and pager switches, the HTML page, the JSON contract and its schema, show, remove,
pipes closed early, control characters, a cold `renkei --help`."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from renkei import indexer
from renkei import search
from renkei.corpus import Record
from renkei.search.cli import cli
from renkei.search.render.text import ANSI, BRACKETS, Style, style_for
from renkei.search.render.terminal import clean, use_color, use_pager, wrap

EVIL_TITLE = "\x1b]0;pwned\x07Evil \x1b[2Jtitle \u202egnp.exe\u202c <b>bold</b>"
RECORDS = [
    Record(id="out/kyodo", lang="ja", title="国際共同研究「未来社会デザイン」プロジェクトの推進について",
           text=("本学は海外の大学と国際共同研究を推進しており、「持続可能な開発目標」に関する共同研究や"
                 "「グローバル・リーダー育成プログラム」を通じて学生交流を進めてきました。"
                 "共同研究の詳細は https://example.org/kyodo/research-programme-2024 を参照。"
                 "また、アジアとヨーロッパの大学との共同研究を、教員と学生の双方が参加する形で拡大し、"
                 "分野横断的なシンポジウムを毎年開催しています。"),
           institution="The University of Tokyo", country="Japan", year=2020),
    Record(id="out/evil", lang="en", title=EVIL_TITLE, country='<script>alert("c")</script>',
           text=("A joint research note \x1b]8;;https://evil.example\x1b\\click here\x1b]8;;\x1b\\ about "
                 "共同研究 with a <img src=x onerror=alert(1)> tag.\x9b31m"),
           links=("javascript:alert(1)", "https://example.org/a?b=1&c=2"), facts={"tier": "<i>top</i>"}),
    Record(id="out/en", lang="en", title="Joint research with Cambridge",
           text="Joint research and student exchange with the University of Cambridge. " * 4, year=2019,
           institution="Kyoto University", country="United Kingdom", facts={"strategic": True, "researchers": 12}),
]


@pytest.fixture(scope="module")
def out_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("output") / "index"
    indexer.build_index(RECORDS, path)
    return path


def run(runner, index_dir, *args, env=None):
    return runner.invoke(cli, ["--index", str(index_dir), *args], env=env, catch_exceptions=False)


def columns(line: str) -> int:
    """Display width, measured independently of search.terminal."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


# --- terminal: wrapping ------------------------------------------------------------------------

@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize("mode", [[], ["--plain"]])
def test_search_lines_fit_the_terminal_with_a_hanging_indent(runner, out_index, width, mode):
    result = run(runner, out_index, "search", "共同研究", *mode, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 6
    for line in lines:
        assert columns(line) <= width, line
        assert not line or line.startswith(("  ", " 1", " 2", " 3")), line    # rank, or the hanging indent
    text = result.stdout
    assert "[out/kyodo]" in text                                               # an id is never split
    assert "https://example.org/kyodo/research-programme-2024" in text        # nor a URL
    for quote in ("「持続可能な開発目標」", "「グローバル・リーダー育成プログラム」"):
        assert quote in text.replace("[", "").replace("]", "")                 # nor a 「」 pair
    if width == 60:
        assert max(map(columns, lines)) > 50                                   # the width is used


def test_wrap_keeps_quotes_whole_and_lines_within_width():
    text = "あ" * 24 + "「持続可能な開発」と" + "い" * 30
    lines = wrap([(text, False)], 60, first="  1. ", indent="     ")
    rendered = ["".join(t for t, _ in line) for line in lines]
    assert all(columns(line) <= 60 for line in rendered)
    assert any("「持続可能な開発」" in line for line in rendered)
    assert all(line.startswith("     ") for line in rendered[1:])
    # No line starts with a closing mark (kinsoku) and brackets count in the width.
    marked = wrap([("研究" * 20, True), ("。", False)], 30, indent="", mark_width=2)
    for line in marked:
        out = "".join(f"[{t}]" if m else t for t, m in line)
        assert columns(out) <= 30 and not out.startswith("。")


def test_fragments_cut_mid_sentence_say_so_at_word_boundaries(runner, tmp_path):
    words = " ".join(f"word{i}" for i in range(120))
    path = tmp_path / "ix"
    indexer.build_index([Record(id="long/1", title="Long", text=f"{words} Cambridge {words}.")], path)
    result = run(runner, path, "search", "Cambridge", "--plain", env={"COLUMNS": "100"})
    fragment = " ".join(line.strip() for line in result.stdout.splitlines()[2:])
    assert fragment.startswith("… word") and fragment.endswith("…") and "[Cambridge]" in fragment
    assert all(w.startswith("word") or w in ("…", "[Cambridge]") for w in fragment.split()), fragment


# --- colour and pager --------------------------------------------------------------------------

def test_colour_decision_respects_no_color_and_the_option():
    assert use_color("auto", isatty=True, env={}) is True
    assert use_color("auto", isatty=False, env={}) is False
    assert use_color("auto", isatty=True, env={"NO_COLOR": "1"}) is False
    assert use_color("auto", isatty=True, env={"NO_COLOR": ""}) is True        # set but empty: no effect
    assert use_color("auto", isatty=True, env={"TERM": "dumb"}) is False
    assert use_color("always", isatty=False, env={"NO_COLOR": "1"}) is True  # an explicit choice wins
    assert use_color("never", isatty=True, env={}) is False
    assert style_for("always", plain=True, isatty=True, env={}) is BRACKETS
    assert style_for("auto", plain=False, isatty=True, env={}) is ANSI


def test_color_option_in_the_cli(runner, out_index):
    always = run(runner, out_index, "search", "Cambridge", "--color", "always").stdout
    assert "\x1b[1;4mCambridge\x1b[0m" in always                     # bold + underline, no colour to clash
    never = run(runner, out_index, "search", "Cambridge", "--color", "never").stdout
    assert "\x1b" not in never and "Cambridge" in never
    assert "\x1b" not in run(runner, out_index, "search", "Cambridge").stdout   # not a terminal: plain


def test_pager_decision():
    decide = dict(isatty=True, no_pager=False, rows=24, env={})
    assert use_pager(40, **decide) is True
    assert use_pager(10, **decide) is False                            # fits on the screen
    assert use_pager(40, **{**decide, "isatty": False}) is False       # piped
    assert use_pager(40, **{**decide, "no_pager": True}) is False
    assert use_pager(40, **{**decide, "env": {"PAGER": "cat"}}) is False
    assert use_pager(40, **{**decide, "env": {"TERM": "dumb"}}) is False


def _in_a_terminal(args, env, rows=8):
    """Run renkei with stdin and stdout on a pseudo-terminal of `rows` rows; its output and exit code."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 100, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "PAGER")}
    proc = subprocess.Popen([sys.executable, "-m", "renkei", *args], stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, env={**full_env, **env}, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:          # EIO: the terminal's other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=120)
    return b"".join(chunks).decode("utf-8", "replace"), proc.returncode


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_real_terminal_gets_styles_a_pager_and_neither_when_told(out_index):
    base = ["--index", str(out_index), "search", "research"]
    pager = {"PAGER": f"{sys.executable} -c \"import sys; [print('PAGED', l, end='') for l in sys.stdin]\""}
    paged, code = _in_a_terminal(base, pager)
    assert code == 0 and "PAGED" in paged and "\x1b[1;4m" in paged
    direct, code = _in_a_terminal([*base, "--no-pager"], {**pager, "NO_COLOR": "1"})
    assert code == 0 and "PAGED" not in direct and "\x1b[" not in direct and "research" in direct.lower()


# --- pipes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["records"], ["records", "--jsonl"]])
def test_a_pipe_closed_early_ends_quietly_with_exit_0(tmp_path, args):
    proc = subprocess.Popen([sys.executable, "-m", "renkei", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "RENKEI_INDEX": str(tmp_path / "ix")})
    first = proc.stdout.readline()           # what `| head -1` reads before it exits
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and first
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "Error" not in stderr, stderr


# --- no injection --------------------------------------------------------------------------------

def test_clean_strips_escapes_controls_and_bidi():
    assert clean(EVIL_TITLE) == "Evil title gnp.exe <b>bold</b>"
    assert clean("a\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\ b\x9b2J\x00\x7f") == "alink b2J"
    assert clean("line\n\tnext", keep_lines=True) == "line\n\tnext"
    assert clean("line\n\tnext") == "line next"
    assert clean("\u2066isolated\u2069 and \u202aembedded\u202c") == "isolated and embedded"


@pytest.mark.parametrize("args", [["search", "共同研究"], ["search", "共同研究", "--plain"],
                                  ["search", "共同研究", "--color", "always", "--facets"],
                                  ["show", "out/evil"], ["show", "out/evil", "--color", "always"],
                                  ["similar", "out/en"]])
def test_record_text_cannot_reach_the_terminal_as_control_sequences(runner, out_index, args):
    out = run(runner, out_index, *args).stdout
    if args[0] != "similar":
        assert "Evil title" in out
    for bad in ("\x1b]", "\x1b[2J", "\x07", "\u202e", "\x9b", "\x1b\\"):
        assert bad not in out, (bad, out)
    assert "\x1b" not in re.sub(r"\x1b\[(?:1;4|1|2|0)m", "", out)           # only our own styles


def test_json_keeps_the_record_exactly(runner, out_index):
    data = json.loads(run(runner, out_index, "show", "out/evil", "--json").stdout)
    assert data["title"] == EVIL_TITLE


# --- HTML ----------------------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags, self.attrs, self.decl, self.text = [], [], None, {}
        self._open: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        self._open.append(tag)

    def handle_endtag(self, tag) -> None:
        if tag in self._open:
            self._open.remove(tag)

    def handle_data(self, data: str) -> None:
        for tag in self._open[-1:]:
            self.text[tag] = self.text.get(tag, "") + data


def test_html_is_a_complete_page_with_everything_from_records_escaped(runner, out_index):
    result = run(runner, out_index, "search", "共同研究", "--html", "--facets")
    assert result.exit_code == 0
    page = _Page()
    page.feed(result.stdout)
    assert page.decl.lower() == "doctype html"
    assert ("meta", "charset", "utf-8") in page.attrs and "style" in page.tags
    assert "共同研究" in page.text["title"] and "共同研究" in page.text["h1"]
    assert "mark" in page.tags and page.tags.count("li") >= 3
    # Nothing a record holds became markup: only the page's own elements, no script, no handlers.
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
                              "main", "ol", "li", "article", "mark", "a", "strong", "section", "ul"}
    assert not [a for a in page.attrs if a[1].startswith("on") or (a[2] or "").lower().startswith("javascript")]
    assert '&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;' in result.stdout      # the country, in the facets too
    assert result.stdout.count("&lt;script&gt;") >= 2
    assert ("a", "href", "https://example.org/a?b=1&c=2") in page.attrs
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "src=" not in result.stdout.replace('src=x onerror', "").split("<style>")[0]
    assert "http://" not in result.stdout.split("</style>")[0].split("<style>")[1]    # no external resources


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_html_page_renders_in_headless_chromium(runner, out_index, tmp_path):
    page = tmp_path / "results.html"
    page.write_text(run(runner, out_index, "search", "共同研究", "--html", "--facets").stdout, encoding="utf-8")
    proc = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "<mark>" in dom and "out/kyodo" in dom and "Facets" in dom
    assert "<script" not in dom.split("</style>")[1]                 # the record's script stayed text


# --- JSON contract -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(resources.files("renkei.search").joinpath("schema/results.schema.json").read_text(encoding="utf-8"))


def _validator(schema: dict, definition: str | None = None):
    jsonschema = pytest.importorskip("jsonschema")
    target = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"} if definition else schema
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(target)


@pytest.mark.parametrize("args", [["共同研究"], ["ETHZ", "シンポジウム", "--facets"], ["qqqzzzxxx"],
                                  ["Minamisanrku"], ["forest", "certification"], ["--country", "Germany"]])
def test_search_json_matches_the_schema_with_every_key(runner, index_dir, schema, args):
    result = run(runner, index_dir, "search", *args, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    _validator(schema).validate(data)
    assert set(data) == set(schema["required"])
    assert data["more"] >= 0 and (data["facets"] is None) == ("--facets" not in args)


def test_jsonl_show_similar_and_records_match_the_schema(runner, index_dir, schema):
    hit = _validator(schema, "hit")
    for line in run(runner, index_dir, "search", "共同研究", "--jsonl").stdout.splitlines():
        hit.validate(json.loads(line))
    record = _validator(schema, "record")
    record.validate(json.loads(run(runner, index_dir, "show", "utokyo/partners/eth-zurich", "--json").stdout))
    _validator(schema).validate(json.loads(run(runner, index_dir, "similar", "utokyo/partners/eth-zurich",
                                               "--json").stdout))
    for line in run(runner, index_dir, "records", "--jsonl").stdout.splitlines()[:50]:
        record.validate(json.loads(line))


def test_missing_values_are_null_zero_or_empty_not_absent(engine):
    data = engine.search("Wuhan").to_dict()
    assert data["facets"] is None and data["suggestion"] is None and data["corrected_from"] is None
    assert data["more"] == 0 and data["expanded"] == [] and data["any_term"] is False


# --- show ----------------------------------------------------------------------------------------

def test_show_prints_aligned_name_value_lines_then_the_text(runner, out_index):
    result = run(runner, out_index, "show", "out/en", env={"COLUMNS": "80"})
    head, _, body = result.stdout.partition("\n\n")
    lines = head.splitlines()
    assert re.search(r"^facts\.strategic: +True$", head, re.M) and re.search(r"^id: +out/en$", head, re.M)
    value_columns = {len(line) - len(line.split(":", 1)[1].lstrip()) for line in lines if not line.startswith(" ")}
    assert len(value_columns) == 1                                     # every value starts in one column
    assert {"id:", "title:", "country:", "facts.researchers:"} <= {line.split()[0] for line in lines}
    assert "{" not in head and body.startswith("Joint research")
    assert json.loads(run(runner, out_index, "show", "out/en", "--json").stdout)["facts"] == {
        "strategic": True, "researchers": 12}


# --- remove ----------------------------------------------------------------------------------------

def test_remove_by_source_file_and_by_prefix(runner, tmp_path, monkeypatch):
    for folder, ids in (("a", ["a/1", "a/2"]), ("b", ["b/1"])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "data.jsonl").write_text(
            "".join(json.dumps({"id": i, "title": i, "text": "text"}) + "\n" for i in ids), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\nOne note.\n", encoding="utf-8")
    ix = tmp_path / "ix"
    assert run(runner, ix, "index", "--rebuild", "--no-bundled", str(tmp_path / "a"), str(tmp_path / "b"),
               str(tmp_path / "notes.md")).exit_code == 0

    ambiguous = run(runner, ix, "remove", "--source", "data.jsonl")
    assert ambiguous.exit_code == 1 and "a/data.jsonl" in ambiguous.stderr and "b/data.jsonl" in ambiguous.stderr

    by_name = run(runner, ix, "remove", "--source", "notes.md")
    assert by_name.exit_code == 0 and "Removed 1 record: doc/" in by_name.stderr and "notes.md (3 left)" in by_name.stderr

    monkeypatch.chdir(tmp_path)
    by_path = run(runner, ix, "remove", "--source", "a/data.jsonl")
    assert by_path.exit_code == 0 and "Removed 2 records: a/1, a/2 (1 left)" in by_path.stderr

    nothing = run(runner, ix, "remove", "--prefix", "a/")
    assert nothing.exit_code == 1 and "no record id starts with 'a/'" in nothing.stderr
    by_prefix = run(runner, ix, "remove", "--prefix", "b/")
    assert by_prefix.exit_code == 0 and "Removed 1 record: b/1 (0 left)" in by_prefix.stderr
    assert run(runner, ix, "remove", "x", "--prefix", "y").exit_code == 2


def test_remove_names_a_long_list_briefly(scratch_index):
    stats, removed = indexer.remove(index_dir=scratch_index, prefix="t/")
    assert stats.removed == len(removed) == 6 and removed == sorted(removed)
    from renkei.search.render.text import removed_line
    assert removed_line(removed, 0) == ("Removed 6 records: t/en-forest, t/en-students, t/ja-compound, "
                                        "t/ja-scattered, t/ja-tokyo, … (1 more) (0 left)")


# --- library and cold start ----------------------------------------------------------------------

def test_library_exports_and_docstrings(engine):
    assert search.Record is Record and "Record" in search.__all__
    assert "open_index()" in search.__doc__ and "engine.search" in search.__doc__
    results = engine.search("共同研究", limit=3)
    assert len(results) == len(results.hits) == 3 < results.total
    assert "len(results)" in search.SearchResults.__doc__ and "total" in search.SearchResults.__doc__


def _undocumented(obj) -> list[str]:
    """The public methods and properties of a class without a docstring of their own."""
    missing = []
    for name, value in vars(obj).items():
        if name.startswith("_") and name not in ("__enter__", "__exit__", "__iter__", "__len__"):
            continue
        value = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        value = value.fget if isinstance(value, property) else value
        if callable(value) and not (value.__doc__ or "").strip():
            missing.append(name)
    return missing


def test_every_export_of_search_is_documented_and_help_starts_with_an_example():
    import inspect
    for name in search.__all__:
        obj = getattr(search, name)
        assert (obj.__doc__ or "").strip() and obj.__doc__ != Exception.__doc__, name
        if inspect.isclass(obj):
            assert not _undocumented(obj), (name, _undocumented(obj))
    assert {"Engine", "open_index", "Record", "Hit", "SearchResults", "Highlight", "SearchError", "QuerySyntaxError",
            "RecordNotFound", "IndexNotFound", "IndexDamaged", "EngineClosed"} <= set(search.__all__)
    example = [line.strip() for line in search.__doc__.strip().splitlines()[2:5]]
    assert example[0] == "from renkei.search import open_index" and example[1].startswith("with open_index() as engine:")
    assert "engine.search(" in example[2]


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_neither_whoosh_nor_fugashi(flag):
    code = ("import sys\nfrom renkei.search.cli import cli\ntry:\n    cli.main([%r], prog_name='renkei')\n"
            "except SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(sorted(m for m in ('whoosh', 'fugashi', 'renkei.indexer.analysis') if m in sys.modules))") % flag
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_renkei_script_prints_its_version_without_click():
    code = ("import sys\nsys.argv = ['renkei', '--version']\nfrom renkei.search.cli import main\nmain()\n"
            "print(sorted(m for m in ('click', 'numpy', 'importlib.metadata') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    from renkei.version import __version__
    assert proc.stdout.splitlines() == [f"renkei, version {__version__}", "[]"]


def test_batch_reports_an_unreadable_query_and_goes_on(runner, out_index, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"qid": "1", "query": "\\"unclosed"}\n{"qid": "2", "query": "共同研究"}\n', encoding="utf-8")
    result = run(runner, out_index, "search", "--batch", str(batch))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and lines[0]["hits"] == [] and "error" in lines[0] and lines[1]["hits"]


def test_style_defaults_to_plain_text():
    assert Style().match("x") == "x" and BRACKETS.mark_width == 2 and ANSI.mark_width == 0


def test_one_record_is_said_in_the_singular(runner, tmp_path):
    (tmp_path / "note.md").write_text("# Note\nOne note.\n", encoding="utf-8")
    result = run(runner, tmp_path / "ix", "index", "--rebuild", "--no-bundled", str(tmp_path / "note.md"))
    assert result.exit_code == 0 and "Indexed 1 record (1 in the index)" in result.stderr
