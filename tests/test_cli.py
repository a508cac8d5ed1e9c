"""The renkei command through click's CliRunner: the contract tools parse (#2, #3, #4)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from renkei.corpus.documents.user_files import document_id
from renkei.search.cli import cli

DATA = Path(__file__).resolve().parent / "data"   # copies of the public query sets (data/README.md)


def run(runner, index_dir, *args):
    return runner.invoke(cli, ["--index", str(index_dir), *args], catch_exceptions=False)


def test_search_json_contract(runner, index_dir):
    result = run(runner, index_dir, "search", "ETHZ", "シンポジウム", "--json", "--facets")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "hits", "facets"}
    assert data["query"] == "ETHZ シンポジウム"
    hit = data["hits"][0]
    assert hit["id"] == "utokyo/partners/eth-zurich" and hit["rank"] == 1 and hit["score"] > 0
    assert "シンポジウム" in result.stdout            # no \\u escapes
    for h in hit["highlights"]:
        for start, end in h["spans"]:
            assert 0 <= start < end <= len(h["text"])


def test_search_jsonl_and_filters_as_options(runner, index_dir):
    result = run(runner, index_dir, "search", "--country", "Germany", "--kind", "memorandum", "--jsonl", "--limit", "100")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(lines) == 16
    assert {h["country"] for h in lines} == {"Germany"}
    assert [h["year"] for h in lines] == sorted((h["year"] for h in lines), reverse=True)


def test_institution_option_matches_query_filter(runner, index_dir):
    by_option = json.loads(run(runner, index_dir, "search", "シンポジウム", "--institution", "tokyo", "--json").stdout)
    in_query = json.loads(run(runner, index_dir, "search", "シンポジウム institution:東大", "--json").stdout)
    assert by_option["total"] == in_query["total"] > 0
    assert [h["id"] for h in by_option["hits"]] == [h["id"] for h in in_query["hits"]]


def test_human_output_marks_words_and_keeps_messages_on_stderr(runner, index_dir):
    result = run(runner, index_dir, "search", "Wuhan", "--plain")
    assert result.exit_code == 0
    assert "[Wuhan]" in result.stdout and "Kyoto University" in result.stdout
    assert "1 result" in result.stderr and "1 result" not in result.stdout


def test_zero_hits_exit_zero_with_a_message(runner, index_dir):
    result = run(runner, index_dir, "search", "qqqzzzxxx")
    assert result.exit_code == 0 and result.stdout == "" and "No results" in result.stderr


@pytest.mark.parametrize("args", [["search", '"unclosed'], ["search", "year:abc"], ["search"],
                                  ["search", "x", "--json", "--jsonl"]])
def test_usage_errors_exit_2_with_one_line(runner, index_dir, args):
    result = run(runner, index_dir, *args)
    assert result.exit_code == 2
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1 and "Traceback" not in result.stderr


def test_runtime_errors_exit_1(runner, index_dir, tmp_path):
    assert run(runner, index_dir, "show", "no/such/id").exit_code == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "title": "t", "text": "ok"}\nnot json\n')
    result = run(runner, tmp_path / "ix", "--create", "index", str(bad))
    assert result.exit_code == 1 and "bad.jsonl:2: malformed JSON" in result.stderr


def test_batch_output_scores_with_the_eval_script(runner, index_dir, tmp_path):
    queries = DATA / "queries-public.jsonl"
    result = run(runner, index_dir, "search", "--batch", str(queries))
    assert result.exit_code == 0
    run_file = tmp_path / "run.jsonl"
    run_file.write_text(result.stdout, encoding="utf-8")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == sum(1 for line in queries.read_text().splitlines() if line.strip())
    scored = subprocess.run([sys.executable, str(DATA / "score.py"), str(queries), str(run_file), "--json"],
                            capture_output=True, text=True, check=True)
    summary = json.loads(scored.stdout.splitlines()[-1])
    assert summary["queries"] == len(lines) and summary["ndcg"] > 0.8


def test_index_add_show_remove_and_stats(runner, tmp_path):
    doc = tmp_path / "page.html"
    doc.write_text("<html><head><title>Harvard MOU</title><script>var x=1;</script></head>"
                   "<body><h1>Harvard</h1><p>An agreement with <b>Harvard</b> University.</p></body></html>")
    index_dir = tmp_path / "ix"
    result = run(runner, index_dir, "--create", "index", str(doc))   # a new folder: --create says it is meant
    assert result.exit_code == 0 and "Indexed 404 records" in result.stderr
    again = run(runner, index_dir, "index", str(doc))   # unchanged (#36): nothing read, nothing written
    assert "Nothing changed: 1 file as indexed" in again.stderr
    page_id = document_id(doc)
    shown = json.loads(run(runner, index_dir, "show", page_id, "--json").stdout)
    assert shown["title"] == "Harvard MOU" and "var x" not in shown["text"]
    stats = json.loads(run(runner, index_dir, "stats", "--json").stdout)
    assert stats["records"] == 404
    assert run(runner, index_dir, "remove", page_id).exit_code == 0
    assert json.loads(run(runner, index_dir, "stats", "--json").stdout)["records"] == 403


def test_index_of_own_documents_only(runner, tmp_path):
    data = tmp_path / "mine.jsonl"
    data.write_text('{"id": "m/1", "title": "Mine", "text": "only mine"}\n')
    result = run(runner, tmp_path / "ix", "index", "--rebuild", "--no-bundled", str(data))
    assert result.exit_code == 0
    assert json.loads(run(runner, tmp_path / "ix", "stats", "--json").stdout)["records"] == 1


def test_first_search_builds_the_index_and_says_so(runner, tmp_path):
    import gc
    gc.disable()   # as the `renkei` script starts (#35): a build is no one-shot read, it turns it on
    try:
        result = run(runner, tmp_path / "fresh", "--create", "search", "KAIST", "--json")
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
    assert result.exit_code == 0 and "building it from the bundled corpus" in result.stderr
    assert json.loads(result.stdout)["total"] == 1


def test_busy_index_is_a_clear_error(runner, scratch_index):
    from renkei.indexer import store
    with store.write_lock(scratch_index):
        result = run(runner, scratch_index, "index", "--rebuild")
    assert result.exit_code == 1 and "busy" in result.stderr


def test_records_command_prints_the_corpus(runner):
    result = runner.invoke(cli, ["records", "--jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0 and len(records) == 403
    assert records[0]["id"].startswith("keio/")


def test_every_command_has_help_with_an_example(runner):
    for name in cli.list_commands(None):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name
    assert runner.invoke(cli, ["--version"]).exit_code == 0


def test_python_dash_m_search_runs_in_a_real_process(tmp_path):
    env = {"RENKEI_INDEX": str(tmp_path / "ix"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "renkei", "search", "ＥＴＨＺ", "--json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"][0]["id"] == "utokyo/partners/eth-zurich"


def test_click_is_imported_only_by_the_cli():
    assert isinstance(cli, click.Group)


@pytest.mark.parametrize("args, collecting", [(["search", "共同研究"], False), (["stats"], False),
                                              (["records"], True), (["doctor"], True)])
def test_the_cycle_collector_stays_off_for_one_shot_commands_only(runner, scratch_index, args, collecting):
    import gc
    gc.disable()   # as the `renkei` script's start-up leaves it (renkei.search.cli.main, #35)
    try:
        result = runner.invoke(cli, ["--index", str(scratch_index), *args])
        assert result.exit_code == 0, result.output
        assert gc.isenabled() is collecting
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_renkei_script_searches_with_the_collector_off_and_prints_whole_results(scratch_index):
    proc = subprocess.run([sys.executable, "-m", "renkei", "--index", str(scratch_index), "search", "forest", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert [h["id"] for h in json.loads(proc.stdout)["hits"]] == ["t/en-forest"]
