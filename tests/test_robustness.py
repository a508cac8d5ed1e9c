"""Faults and odd input end in one line, never a traceback, and leave the index as it was (#36.6, #36.7):
a full disk at every level of free space, a killed indexing worker, planted symbolic links, hostile
glossary files. Each runs the real CLI on a real index in tmp."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY

from renkei import indexer
from renkei.indexer import store
from renkei.search.cli import cli


def one_line(result) -> str:
    """The one line of stderr a refusal gives (no traceback, no repr)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output and "[(" not in lines[0] and "Errno" not in lines[0], lines[0]
    return lines[0]


def fingerprint(index_dir: Path) -> dict[str, str]:
    """Every file of the index and its content (write.lock aside: it holds a writer's name)."""
    return {str(p.relative_to(index_dir)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(index_dir.rglob("*")) if p.is_file() and p.name != store.LOCK}


# --- a full disk ------------------------------------------------------------------------------------

@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int):
    path.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as err:
        pytest.skip(f"cannot mount a tmpfs here ({err})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the file system of `folder` until `leave_bytes` remain free (0: until a write fails)."""
    with open(folder / "filler", "wb", buffering=0) as f:
        while True:
            st = os.statvfs(folder)
            free = st.f_bavail * st.f_frsize
            if free <= leave_bytes:
                return
            try:
                f.write(b"\0" * min(free - leave_bytes, 1 << 20))
            except OSError:
                return


PRINCETON = "utokyo/partners/princeton-university"
needs_root = pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="mounting a tmpfs needs root")


@needs_root
@pytest.mark.parametrize("free", [0, 16 * 1024, 1024 * 1024], ids=["0B", "16KB", "1MB"])
def test_a_full_disk_is_one_line_for_index_rebuild_and_remove(runner, index_dir, tmp_path, free):
    source = index_dir   # the bundled corpus (4 MB): a write needs more than 1 MB
    note = tmp_path / "note.md"
    note.write_text("# Helsinki\n\nヘルシンキ大学との協定。", encoding="utf-8")
    size_kb = 2 * sum(p.stat().st_size for p in source.rglob("*") if p.is_file()) // 1024 + 1024   # room for a write
    with tmpfs(tmp_path / "disk", size_kb) as disk:
        index_dir = disk / "index"
        shutil.copytree(source, index_dir)
        before = fingerprint(index_dir)
        fill(disk, free)
        for args in (["index", str(note)], ["index", "--rebuild"], ["remove", PRINCETON]):
            result = runner.invoke(cli, ["--index", str(index_dir), *args])
            assert result.exit_code == 1, (args, result.output)
            line = one_line(result)
            assert "No space left on device" in line and "unchanged" in line, (args, line)
            assert fingerprint(index_dir) == before, args
        (disk / "filler").unlink()
        assert runner.invoke(cli, ["--index", str(index_dir), "doctor"]).exit_code == 0
        freed = runner.invoke(cli, ["--index", str(index_dir), "remove", PRINCETON])
        assert freed.exit_code == 0, freed.output


def test_copytrees_list_of_failures_becomes_its_first_reason():
    from renkei.errors import os_reason
    err = shutil.Error([("/a/x.tsv", "/b/x.tsv", "[Errno 28] No space left on device: '/a/x.tsv' -> '/b/x.tsv'")])
    assert os_reason(err) == "No space left on device"
    assert os_reason(OSError(28, "No space left on device")) == "No space left on device"


# --- a killed worker ----------------------------------------------------------------------------------

def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_killing_one_indexing_worker_is_one_line_and_the_index_is_intact(tmp_path):
    from renkei.indexer.writing.processes import can_fork
    if not can_fork():
        pytest.skip("workers are forked")
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    before = fingerprint(index_dir)
    data = tmp_path / "many.jsonl"
    with open(data, "w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(json.dumps({"id": f"m/{i}", "title": f"Exchange {i}",
                                "text": f"国際共同研究の報告 {i}。exchange of students and faculty {i}. " * 8},
                               ensure_ascii=False) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index_dir), "index", "--rebuild",
                             str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed, deadline = False, time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and not killed:
        # the workers are the children that are not multiprocessing's resource tracker
        workers = [c for c in children(proc.pid)
                   if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()] if children(proc.pid) else []
        if workers:
            time.sleep(0.3)
            with contextlib.suppress(ProcessLookupError):
                os.kill(workers[0], signal.SIGKILL)
                killed = True
        time.sleep(0.02)
    _, stderr = proc.communicate(timeout=60)
    if not killed:
        pytest.skip("the rebuild finished before a worker could be killed")
    assert proc.returncode == 1, stderr
    lines = [line for line in stderr.splitlines() if line.strip() and line != "Indexing"]   # the bar's label
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert "indexing process stopped (killed by signal 9)" in lines[0] and "not changed" in lines[0]
    assert fingerprint(index_dir) == before


# --- symbolic links planted in a generation ------------------------------------------------------------

def test_a_planted_symlink_is_not_copied_and_a_dangling_one_does_not_fail_writes(runner, scratch_index, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    live = store.live_generation(scratch_index)
    (live / "planted").symlink_to(secret)
    (live / "dangling").symlink_to(tmp_path / "nowhere")
    (live / "fast" / "linked-dir").symlink_to(tmp_path, target_is_directory=True)
    note = tmp_path / "n.md"
    note.write_text("# Oslo\n\nOslo exchange.", encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", str(note)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "skipped" in result.stderr and "symbolic link" in result.stderr
    new = store.live_generation(scratch_index)
    assert new != live
    assert not any(p.is_symlink() for p in new.rglob("*"))
    assert not (new / "planted").exists() and not (new / "fast" / "linked-dir").exists()
    assert runner.invoke(cli, ["--index", str(scratch_index), "remove", "t/en-forest"]).exit_code == 0


# --- hostile glossary files ------------------------------------------------------------------------------

GLOSSARIES = [
    ("deep", '{"id": "a", "type": "institution", "ja": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
     "nested too deeply"),
    ("id-number", '{"id": 5, "type": "institution", "ja": ["大学"], "en": ["X University"]}\n',
     "'id' must be a string"),
    ("no-id", '{"type": "institution", "ja": ["大学"], "en": ["X University"]}\n', "missing 'id'"),
]


@pytest.mark.parametrize("name, text, message", GLOSSARIES, ids=[g[0] for g in GLOSSARIES])
def test_a_hostile_glossary_is_refused_in_one_line(runner, scratch_index, tmp_path, name, text, message):
    path = tmp_path / f"{name}.jsonl"
    path.write_text(text, encoding="utf-8")
    before = fingerprint(scratch_index)
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", "--glossary", str(path)])
    assert result.exit_code == 1
    line = one_line(result)
    assert f"{name}.jsonl:1" in line and message in line, line
    assert fingerprint(scratch_index) == before


def test_a_lone_surrogate_in_a_glossary_is_replaced_with_a_warning(runner, scratch_index, tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "oslo", "type": "institution", "ja": ["オスロ\\ud800大学"], "en": ["Oslo U"]}\n',
                    encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", "--glossary", str(path)])
    assert result.exit_code == 0, result.output
    assert "g.jsonl:1: a lone surrogate" in result.stderr and "Traceback" not in result.output
    stored = (store.live_generation(scratch_index) / "glossary.jsonl").read_text(encoding="utf-8")
    assert "オスロ\ufffd大学" in stored


# --- --index naming a folder that does not exist ------------------------------------------------------

@pytest.mark.parametrize("args", [["search", "exchange"], ["stats"], ["show", PRINCETON], ["similar", PRINCETON],
                                  ["index", "NOTE"], ["remove", PRINCETON]], ids=lambda a: " ".join(a))
def test_a_mistyped_index_folder_is_refused_and_nothing_is_created(runner, tmp_path, args):
    note = tmp_path / "note.md"
    note.write_text("# Oslo\n\nOslo exchange.", encoding="utf-8")
    typo = tmp_path / "indx"
    result = runner.invoke(cli, ["--index", str(typo), *[str(note) if a == "NOTE" else a for a in args]])
    assert result.exit_code == 1
    line = one_line(result)
    assert f"no index at {typo}" in line and "does not exist" in line
    assert not typo.exists()
    result = runner.invoke(cli, ["--index", str(typo)], env={"RENKEI_INDEX": None})   # the help: nothing made
    assert not typo.exists()


def test_create_makes_the_new_index(runner, tmp_path):
    new = tmp_path / "new"
    result = runner.invoke(cli, ["--index", str(new), "--create", "search", "exchange"])
    assert result.exit_code == 0 and "building it from the bundled corpus" in result.stderr, result.output
    assert runner.invoke(cli, ["--index", str(new), "stats"]).exit_code == 0   # it exists now


def test_renkei_index_set_once_is_built_by_the_first_search_as_the_data_folder_is(runner, tmp_path):
    result = runner.invoke(cli, ["stats"], env={"RENKEI_INDEX": str(tmp_path / "configured")})
    assert result.exit_code == 0 and (tmp_path / "configured" / "CURRENT").exists(), result.output


def test_a_build_from_scratch_makes_its_folder_as_the_readme_does(runner, tmp_path):
    data = tmp_path / "my.jsonl"
    data.write_text('{"id": "t", "title": "Tartu", "text": "University of Tartu exchange."}\n', encoding="utf-8")
    mine = tmp_path / "mine"
    result = runner.invoke(cli, ["--index", str(mine), "index", "--rebuild", "--no-bundled", str(data)])
    assert result.exit_code == 0 and f"at {mine}" in result.stderr, result.output
    assert runner.invoke(cli, ["--index", str(mine), "search", "Tartu"]).exit_code == 0


def test_an_empty_folder_made_for_the_index_needs_no_create(runner, tmp_path, scratch_index):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(cli, ["--index", str(empty), "search", "exchange"])
    assert result.exit_code == 0, result.output


def test_on_a_terminal_it_asks_and_no_leaves_nothing(runner, tmp_path, monkeypatch):
    from renkei.search.cli import group
    monkeypatch.setattr(group, "interactive", lambda: True)
    typo = tmp_path / "indx"
    result = runner.invoke(cli, ["--index", str(typo), "stats"], input="n\n")
    assert result.exit_code == 1 and "Make a new index there?" in result.stderr and not typo.exists()
    result = runner.invoke(cli, ["--index", str(typo), "stats"], input="y\n")
    assert result.exit_code == 0 and (typo / "CURRENT").exists(), result.output


def test_the_default_data_folder_is_still_built_on_first_use(runner, tmp_path):
    result = runner.invoke(cli, ["stats"], env={"RENKEI_INDEX": None, "XDG_DATA_HOME": str(tmp_path)})
    assert result.exit_code == 0, result.output
    assert "building it from the bundled corpus" in result.stderr
    assert (tmp_path / "renkei" / "index" / "CURRENT").exists()


# --- odd arguments and what the output says -------------------------------------------------------------

def test_invalid_utf8_in_argv_gives_valid_utf8_json(index_dir):
    out = subprocess.run([os.fsencode(sys.executable), b"-m", b"renkei", b"--index", os.fsencode(index_dir),
                          b"search", b"--json", b"--", b"\xff", b"caf\xc3"], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.decode("utf-8"))   # strict: raw bytes would fail here
    assert data["query"] == "\ufffd caf\ufffd"


@pytest.mark.parametrize("query", ["-research", "NOT research"])
def test_a_pure_exclusion_lists_the_records_without_the_word(engine, runner, index_dir, query):
    everything = engine.stats()["records"]
    having = engine.search("research", limit=0, fill=False).total
    results = engine.search(query, limit=1000)
    assert 0 < results.total == everything - having
    assert not set(h.id for h in results.hits) & {h.id for h in engine.search("research", limit=1000, fill=False)}
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--no-pager", query])
    assert result.exit_code == 0 and f"{everything - having} results" in result.stderr


def test_bidi_marks_never_reach_the_terminal(runner, tmp_path):
    from renkei.search.render.terminal import clean
    assert clean("a\u200fb\u200ec\u061cd\u202ee\u2067f") == "abcdef"
    index_dir = tmp_path / "ix"
    indexer.build_index([TINY[3].__class__(id="t/rlm", title="Oslo\u200f exchange\u200e", text="Oslo\u200f agreement",
                                           lang="en")], index_dir)
    for args in (["search", "oslo"], ["show", "t/rlm"]):
        result = runner.invoke(cli, ["--index", str(index_dir), *args, "--no-pager"])
        assert result.exit_code == 0 and "Oslo" in result.output
        assert not set("\u200e\u200f\u061c") & set(result.output)


def test_a_compound_with_a_word_between_its_parts_is_highlighted(engine):
    from renkei.search.highlight.fragments import match_spans
    results = engine.search("ソウル大学", limit=10)
    japanese = [h for h in results.hits if h.record.lang == "ja"]
    assert japanese and all(h.highlights for h in japanese)
    marked = {h.text[a:b] for hit in japanese for h in hit.highlights for a, b in h.spans}
    assert {"ソウル", "大学"} <= marked
    # the same from the text's analysis (an index written before the offsets were kept)
    from renkei.search.plan.compile import MatchTerms
    text = "ソウル国立大学との交流。"
    assert match_spans(text, MatchTerms(sequences={("ソウル", "大学")})) == [(0, 3), (5, 7)]
    assert match_spans("ソウルの国立の大学", MatchTerms(sequences={("ソウル", "大学")})) == []   # two words between


def test_empty_pages_and_no_results_say_it_once(runner, index_dir):
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--no-pager", "--limit", "0", "research"])
    assert result.exit_code == 0 and "No results" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        line for line in result.stderr.splitlines() if "results, none shown (--limit 0)" in line]
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--no-pager", "--offset", "9000", "research"])
    assert "none from --offset 9000 on" in result.stderr and "No results" not in result.stderr
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--no-pager", "Harvard"])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == ["No results: no record mentions Harvard."], lines
    assert result.stdout == ""


def test_stats_accepts_no_pager(runner, index_dir):
    result = runner.invoke(cli, ["--index", str(index_dir), "stats", "--no-pager"])
    assert result.exit_code == 0 and "records in" in result.output


def test_piped_output_keeps_the_match_markers_unless_color_is_always(runner, index_dir):
    piped = runner.invoke(cli, ["--index", str(index_dir), "search", "--no-pager", "Cambridge"], env={"NO_COLOR": None})
    assert "[Cambridge]" in piped.stdout and "\x1b[" not in piped.stdout
    never = runner.invoke(cli, ["--index", str(index_dir), "search", "--color", "never", "Cambridge"])
    assert "[Cambridge]" in never.stdout
    always = runner.invoke(cli, ["--index", str(index_dir), "search", "--color", "always", "--no-pager", "Cambridge"],
                           color=True)
    assert "\x1b[1;4mCambridge" in always.stdout and "[Cambridge]" not in always.stdout


# --- fuzzed JSONL and HTML: records or a one-line CorpusError, never a traceback, in bounded time -------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=4), max_leaves=12)
RECORDS = st.fixed_dictionaries({"id": st.one_of(st.text(min_size=1, max_size=20), JSON_VALUES),
                                 "title": st.one_of(st.text(max_size=40), JSON_VALUES),
                                 "text": st.one_of(st.text(max_size=200), JSON_VALUES)},
                                optional={k: JSON_VALUES for k in ("kind", "year", "date", "partners", "facts",
                                                                   "lang", "country", "links")})
JSONL_LINES = st.one_of(RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False)),
                        RECORDS.map(json.dumps), st.text(max_size=60),
                        st.sampled_from(['{"id": "x", "title": "\\ud800", "text": "\\udfff"}', "[" * 300, "{" * 50,
                                         '{"id": "a", "title": "t", "text": "' + "\\" * 9 + '"}']))
TAGS = st.sampled_from(["<b>", "</b>", "<div>", "</div>", "<p>", "<script>", "</script>", "<style>", "<title>",
                        "</title>", "<a href='javascript:x'>", "</a>", "<iframe>", "<!--", "-->", "<![CDATA[",
                        "&amp;", "&#x0;", "&#xd800;", "<meta charset='shift_jis'>", "<br/>", "<table><tr><td>",
                        "\x00", "\u202e", "<"])
HTML = st.lists(st.one_of(TAGS, st.text(max_size=20)), max_size=60).map("".join)
FUZZ = settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def _read_bounded(path: Path) -> None:
    from renkei.corpus import CorpusError, load_paths
    started = time.perf_counter()
    try:
        records = load_paths([path])
    except CorpusError as err:
        assert str(err) and "\n" not in str(err) and "Traceback" not in str(err)
        return
    finally:
        assert time.perf_counter() - started < 2
    for record in records:
        record.to_json().encode("utf-8")   # strict: no lone surrogate left in what is indexed


@FUZZ
@given(lines=st.lists(JSONL_LINES, min_size=1, max_size=6), encoding=st.sampled_from(["utf-8", "utf-8-sig"]))
def test_fuzzed_jsonl_gives_records_or_one_line(tmp_path, lines, encoding):
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes("\n".join(lines).encode(encoding, "surrogatepass"))
    _read_bounded(path)


@FUZZ
@given(page=HTML, encoding=st.sampled_from(["utf-8", "shift_jis", "utf-16"]))
def test_fuzzed_html_gives_records_or_one_line(tmp_path, page, encoding):
    path = tmp_path / "fuzz.html"
    path.write_bytes(page.encode(encoding, "replace"))
    _read_bounded(path)
