"""Bad input, faults and concurrency: errors are clear, nothing is lost, readers keep answering (#7)."""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei import indexer
from renkei.corpus.documents.user_files import document_id
from renkei.indexer import store
from renkei.search import Engine, QuerySyntaxError
from renkei.search.cli import cli
from renkei.search.plan.compile import MatchTerms
from renkei.search.highlight.fragments import fragments

# --- queries ------------------------------------------------------------------------------------

SYNTAX = st.sampled_from(['"', "(", ")", "OR", "NOT", "-", "year:", "year:2012..2008", "year:abc", "country:",
                          "kind:zzz", "foo:bar", ":", "institution:京大", "lang:ja", "“", "”", "AND", "*", "~2",
                          "^3", "\\", "ｹﾞ", "\u0301", "\u3000", "\x00", "\x1b[31m", "🎌", "国際共同研究", "ETHZ"])
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(SYNTAX, st.text(max_size=6)), max_size=12).map(" ".join),
    st.lists(SYNTAX, max_size=12).map("".join),
)


@settings(max_examples=400, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_any_query_gives_results_or_a_query_error(engine, query):
    try:
        results = engine.search(query, limit=5)
    except QuerySyntaxError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert results.total >= 0
    for hit in results.hits:
        for h in hit.highlights:
            assert all(0 <= a < b <= len(h.text) for a, b in h.spans)


@pytest.mark.parametrize("query", ["x" * 10_000, "国" * 10_000, "(" * 500 + "a", '"' * 999, "a " * 3000])
def test_huge_queries_are_refused_or_answered_quickly(engine, query):
    started = time.monotonic()
    with pytest.raises(QuerySyntaxError):
        engine.search(query)
    assert time.monotonic() - started < 2


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_the_cli_turns_bad_queries_into_one_line_and_exit_2(runner, index_dir, query):
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--json", "--", query])
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 0:
        json.loads(result.stdout)
    else:
        assert "Traceback" not in result.stderr
        assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1


# --- highlighting ---------------------------------------------------------------------------------

TERMS = st.sets(st.sampled_from(["研究", "共同", "student", "forest", "ケンブリッジ", "ハイブリッド", "a", "東京"]))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), TERMS, st.sets(st.text(min_size=1, max_size=4), max_size=3),
       st.sets(st.tuples(st.sampled_from(["共同", "国際"]), st.sampled_from(["研究", "共同"])), max_size=2))
def test_highlighting_never_raises_and_spans_stay_inside(text, terms, substrings, sequences):
    for h in fragments("text", text, MatchTerms(set(terms), set(sequences), set(substrings))):
        assert h.text and h.text in text
        assert all(0 <= a < b <= len(h.text) for a, b in h.spans)
        assert list(h.spans) == sorted(h.spans)


# --- documents ------------------------------------------------------------------------------------

def snapshot(index_dir: Path) -> tuple:
    """What a reader sees: the live generation, record count, and a few queries' answers."""
    engine = Engine(index_dir)
    answers = tuple(tuple(h.id for h in engine.search(q, limit=20).hits) for q in ("forest", "国際共同研究", "zebra"))
    return (store.live_generation(index_dir).name, engine.stats()["records"], answers)


BAD_FILES = [
    ("bad.pdf", b"%PDF-1.4 not really", "not a readable PDF"),
    ("nul.md", b"# t\n\x00", "NUL byte"),
    ("empty.html", b"", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "NUL byte"),
    ("broken.jsonl", b'{"id": "a", "title": "t", "text": "x"}\n{"id": \n', "malformed JSON"),
    ("missing.jsonl", b'{"id": "a", "title": "t"}\n', "missing required field 'text'"),
    ("dupes.jsonl", b'{"id": "a", "title": "t", "text": "x"}\n{"id": "a", "title": "u", "text": "y"}\n',
     "duplicate id 'a'"),
    ("year.jsonl", b'{"id": "a", "title": "t", "text": "x", "year": "abc"}\n', "field 'year'"),
    ("negative.jsonl", b'{"id": "a", "title": "t", "text": "x", "year": -1}\n', "field 'year'"),
    ("huge-line.jsonl", ('{"id": "a", "title": "t", "text": "' + "x" * 1_000_001 + '"}\n').encode(), "at most"),
]


@pytest.mark.parametrize("name,content,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_and_the_index_is_exactly_as_before(runner, scratch_index, tmp_path, name, content,
                                                                  message):
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "zebra", "title": "Zebra", "text": "zebra crossing"}\n')
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(scratch_index)
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", str(good), str(bad)])
    assert result.exit_code == 1
    assert name in result.stderr and message in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
    assert snapshot(scratch_index) == before


def test_a_50_mb_document_is_refused_quickly(runner, scratch_index, tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.write(b"title\n" + b"word " * (10 * 1024 * 1024))
    before = snapshot(scratch_index)
    started = time.monotonic()
    result = runner.invoke(cli, ["--index", str(scratch_index), "index", str(big)])
    assert result.exit_code == 1 and "big.txt:1: file is" in result.stderr
    assert time.monotonic() - started < 5 and snapshot(scratch_index) == before


def test_bom_is_read_as_text(tmp_path, scratch_index):
    doc = tmp_path / "bom.txt"
    doc.write_bytes("\ufeffZebra title\nzebra body".encode("utf-8"))
    indexer.add_paths([doc], scratch_index)
    assert Engine(scratch_index).get(document_id(doc)).title == "Zebra title"


# --- security ---------------------------------------------------------------------------------------

def test_ids_and_links_cannot_reach_outside(tmp_path, runner):
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\nthe secret text")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "evil.jsonl").write_text('{"id": "../../../../tmp/pwned", "title": "t", "text": "harmless"}\n')
    index_dir = tmp_path / "ix"
    before = set(tmp_path.rglob("*"))
    result = runner.invoke(cli, ["--index", str(index_dir), "index", "--rebuild", "--no-bundled", str(folder)])
    assert result.exit_code == 0, result.output
    assert "outside" in result.stderr                     # the link was skipped, and said so
    engine = Engine(index_dir)
    assert engine.stats()["records"] == 1 and engine.search("secret").total == 0
    created = set(tmp_path.rglob("*")) - before
    assert all(p == index_dir or index_dir in p.parents for p in created)   # nothing written outside it
    assert not Path("/tmp/pwned").exists()


def test_a_tampered_current_pointer_cannot_lead_outside(scratch_index):
    (scratch_index / store.CURRENT).write_text("../../etc")
    with pytest.raises(indexer.IndexIncompatible, match="damaged"):
        Engine(scratch_index)


# --- faults -------------------------------------------------------------------------------------------

def _cli(index_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "renkei", "--index", str(index_dir), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _jsonl(path: Path, n: int, word: str) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"{word}/{i}", "title": f"{word} {i}",
                                "text": f"{word} 国際共同研究の報告 {i}。exchange of students {i}."},
                               ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("command", ["rebuild", "add"])
def test_sigkill_at_random_moments_loses_nothing(tmp_path, command):
    """Kill a writer at random moments: the index answers exactly as before or exactly as after."""
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    data = _jsonl(tmp_path / "zebra.jsonl", 1500, "zebra")
    args = ("index", "--rebuild", "--no-bundled", str(data)) if command == "rebuild" else ("index", str(data))
    before = snapshot(index_dir)
    started = time.monotonic()
    _cli(index_dir, *args).wait()                      # a full run, to learn how long one takes
    duration = time.monotonic() - started
    after = snapshot(index_dir)
    assert after != before
    rng = random.Random(7)
    outcomes = {"before": 0, "after": 0}
    for _ in range(6):
        indexer.build_index(TINY, index_dir)           # back to the starting state
        start_state = snapshot(index_dir)
        proc = _cli(index_dir, *args)
        time.sleep(rng.uniform(0.05, duration * 0.9))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = snapshot(index_dir)
        assert state[1:] in (start_state[1:], after[1:]), "the index shows a half-finished write"
        outcomes["before" if state[1:] == start_state[1:] else "after"] += 1
        indexer.add_records([], index_dir)             # the next writer is not blocked
    assert outcomes["before"] >= 1


def test_a_killed_writer_leaves_a_stale_lock_that_is_cleared_with_a_message(runner, tmp_path):
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    data = _jsonl(tmp_path / "zebra.jsonl", 3000, "zebra")
    proc = _cli(index_dir, "index", str(data))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "renkei process" not in (index_dir / store.LOCK).read_text():
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result = runner.invoke(cli, ["--index", str(index_dir), "index", str(_jsonl(tmp_path / "z.jsonl", 3, "z"))])
    assert result.exit_code == 0
    assert "cleared a stale lock left by renkei process" in result.stderr


# --- concurrency ----------------------------------------------------------------------------------------

def test_searches_keep_answering_while_another_process_writes(tmp_path):
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    engine = Engine(index_dir)
    writer = _cli(index_dir, "index", str(_jsonl(tmp_path / "zebra.jsonl", 2000, "zebra")))
    answered, errors = 0, []
    while writer.poll() is None:
        try:
            assert "t/en-forest" in [h.id for h in engine.search("forest").hits]
            answered += 1
        except Exception as err:  # pragma: no cover - reported by the assert below
            errors.append(repr(err))
        time.sleep(0.01)
    assert writer.returncode == 0 and not errors and answered > 5
    assert engine.search("zebra", limit=1).total == 2000   # the same engine sees the commit


def test_a_second_writer_process_gets_index_busy(tmp_path):
    index_dir = tmp_path / "ix"
    indexer.build_index(TINY, index_dir)
    first = _cli(index_dir, "index", str(_jsonl(tmp_path / "zebra.jsonl", 3000, "zebra")))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and "renkei process" not in (index_dir / store.LOCK).read_text():
        time.sleep(0.01)
    second = _cli(index_dir, "index", str(_jsonl(tmp_path / "yak.jsonl", 5, "yak")))
    _, err = second.communicate()
    assert second.returncode == 1 and "is busy" in err and len(err.strip().splitlines()) == 1
    assert first.wait() == 0
    waiting = _cli(index_dir, "index", "--wait", "60", str(tmp_path / "yak.jsonl"))
    assert waiting.wait() == 0
    assert Engine(index_dir).search("yak").total == 5


DOC_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
    st.lists(st.sampled_from(['{"id": "a", "title": "t", "text": "x"}', '{"id": 1}', "{", "[]", "null", '""',
                              '{"id": "b", "title": "t", "text": "y", "year": 1e309}', "<p>", "<script>",
                              "# 見出し", "\ufeff", "\x00", "\r\n", '{"id": "c", "title": "t", "text": "z", '
                              '"partners": [1]}']), max_size=8).map(lambda xs: "\n".join(xs).encode("utf-8")),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOC_BYTES, st.sampled_from([".jsonl", ".txt", ".md", ".html"]))
def test_any_file_gives_records_or_a_corpus_error(tmp_path, content, suffix):
    from renkei.corpus import CorpusError, load_paths
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(content)
    try:
        records = load_paths([path])
    except CorpusError as err:
        assert str(path) in str(err) and "\n" not in str(err)
        return
    for record in records:
        assert record.id and record.title and isinstance(record.text, str)


# --- ties: the same records give the same order, whatever order they were indexed in ---------------

def _tied_records() -> list:
    from renkei.corpus import Record
    out = []
    for group in range(4):            # four groups of six records that only their ids tell apart
        for n in range(6):
            out.append(Record(id=f"tie/{group}-{n}", title=f"Exchange agreement {group}",
                              text=f"Joint research and student exchange 共同研究 group{group}.", lang="en",
                              partners=("Seoul National University",), country="Korea",
                              date="2019-04-01", year=2019, kind="exchange-memorandum"))
    return out


def test_tie_order_is_the_same_across_two_builds_of_the_same_records(tmp_path):
    records = _tied_records()
    forward, backward = tmp_path / "a", tmp_path / "b"
    indexer.build_index(records, forward)
    indexer.build_index(list(reversed(records)), backward)
    a, b = Engine(forward), Engine(backward)
    for query, filters, sort in [("共同研究", {}, "relevance"), ("exchange", {}, "date"), ("", {"year": "2019"}, "date"),
                                 ("research OR group1", {}, "relevance"), ("student", {"kind": "memorandum"}, "relevance")]:
        first = [h.id for h in a.search(query, filters=filters, sort=sort, limit=30, highlight=False)]
        assert len(first) == 24 or query == "research OR group1", (query, first)
        assert first == [h.id for h in b.search(query, filters=filters, sort=sort, limit=30, highlight=False)], query
    for limit in (3, 10, 30):         # a cut inside a run of equal scores, too
        assert [h.id for h in a.similar("tie/2-3", limit=limit)] == [h.id for h in b.similar("tie/2-3", limit=limit)]


def test_a_longest_query_whose_correction_is_longer_still_answers(tiny_engine):
    from renkei.search.query.parse import MAX_QUERY_CHARS
    words = "certfication " * 8
    query = words + "x" * (MAX_QUERY_CHARS - len(words))
    results = tiny_engine.search(query)                  # the correction is 8 characters longer than the limit
    assert len(query) == MAX_QUERY_CHARS and results.suggestion.startswith("certification certification")
