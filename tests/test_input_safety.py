"""Hostile input and huge files get a clear answer (#13): ids, long Japanese runs, glossaries,
streaming validation, HTML corners, JSONL values and --batch lines."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc

import pytest

from renkei import indexer
from renkei.corpus import DuplicateRecordId, RecordParseError, check_paths, iter_paths_with_files, load_paths
from renkei.corpus.glossary import (MAX_NAMES_PER_ENTRY, MAX_USER_GLOSSARY_BYTES, MAX_USER_GLOSSARY_ENTRIES, Entry, load_glossary_file, merge, mined_entries)
from renkei.corpus.records import KINDS
from renkei.indexer.analysis import _japanese_pieces, _Tagger
from renkei.search import Engine
from renkei.search.crosslingual import expand
from renkei.search.cli import cli
from renkei.search.crosslingual.expand import MAX_ALTERNATIVES, MAX_CANDIDATE_NAMES, Match


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --- 1. ids of users' documents: unique and stable per path -----------------------------------------

def test_same_file_name_in_two_folders_are_two_records(tmp_path, scratch_index):
    a = write(tmp_path / "a" / "notes.md", "# Walrus notes\n\nwalrus")
    b = write(tmp_path / "b" / "notes.md", "# Narwhal notes\n\nnarwhal")
    indexer.add_paths([a], scratch_index)
    indexer.add_paths([b], scratch_index)
    engine = Engine(scratch_index)
    assert engine.search("walrus").total == 1 and engine.search("narwhal").total == 1
    assert engine.search("walrus").hits[0].id != engine.search("narwhal").hits[0].id


def test_two_folders_of_same_named_files_are_kept_apart(tmp_path, scratch_index):
    write(tmp_path / "x" / "docs" / "notes.md", "# Walrus\n\nwalrus")
    write(tmp_path / "y" / "docs" / "notes.md", "# Narwhal\n\nnarwhal")
    indexer.add_paths([tmp_path / "x" / "docs"], scratch_index)
    indexer.add_paths([tmp_path / "y" / "docs"], scratch_index)
    engine = Engine(scratch_index)
    assert engine.search("walrus").total == 1 and engine.search("narwhal").total == 1


def test_one_stem_with_two_extensions_and_japanese_names_in_a_folder(tmp_path):
    folder = tmp_path / "agreements"
    write(folder / "notes.md", "# Markdown\n\nbody")
    write(folder / "notes.txt", "Text\nbody")
    write(folder / "覚書.md", "# 覚書\n\n本文")
    write(folder / "議事録.md", "# 議事録\n\n本文")
    write(folder / "sub" / "notes.md", "# Deeper\n\nbody")
    ids = sorted(r.id for r in load_paths([folder]))
    assert len(ids) == 5 and all(i.startswith("doc/agreements-") for i in ids)
    assert sorted(i.split("/", 2)[2] for i in ids) == ["notes.md", "notes.txt", "sub/notes.md", "覚書.md", "議事録.md"]


def test_ids_are_stable_and_the_same_whether_a_file_or_its_folder_is_given(tmp_path, monkeypatch):
    doc = write(tmp_path / "folder" / "notes.md", "# T\n\nbody")
    (via_folder,) = load_paths([tmp_path / "folder"])
    (direct,) = load_paths([doc])
    monkeypatch.chdir(tmp_path)
    (relative,) = load_paths([doc.relative_to(tmp_path)])
    assert via_folder.id == direct.id == relative.id == load_paths([doc])[0].id


def test_a_file_reached_twice_is_read_once(tmp_path):
    doc = write(tmp_path / "folder" / "sub" / "notes.md", "# T\n\nbody")
    (tmp_path / "folder" / "link.md").symlink_to(doc)
    records = load_paths([tmp_path / "folder", doc, doc])
    assert len(records) == 1 and records[0].title == "T"


def test_a_very_deep_path_gives_a_bounded_id_that_ends_with_the_name(tmp_path):
    deep = tmp_path / "folder" / ("a" * 200) / ("b" * 200)
    write(deep / "one.md", "# One\n\nx")
    write(deep / "two.md", "# Two\n\ny")
    ids = [r.id for r in load_paths([tmp_path / "folder"])]
    assert len(set(ids)) == 2 and all(len(i) <= 300 for i in ids)
    assert [i.rsplit("/", 1)[1] for i in ids] == ["one.md", "two.md"]


def test_re_adding_a_file_replaces_it(tmp_path, scratch_index):
    doc = write(tmp_path / "folder" / "notes.md", "# Walrus\n\nwalrus")
    first = indexer.add_paths([doc], scratch_index)
    second = indexer.add_paths([doc.parent], scratch_index)
    assert first.total == second.total and Engine(scratch_index).search("walrus").total == 1


# --- 2. long Japanese runs are tagged in bounded chunks ----------------------------------------------

def test_a_million_character_japanese_run_indexes_in_a_subprocess(tmp_path):
    # MeCab segfaults on such a run (exit 139), which no try/except can catch: run the real CLI.
    text = ("国際共同研究の推進" * 111112)[:1_000_000]
    data = write(tmp_path / "big.jsonl", jsonl({"id": "big", "title": "長い記録", "text": text}))
    index_dir = tmp_path / "ix"
    built = subprocess.run([sys.executable, "-m", "renkei", "--index", str(index_dir), "index", "--rebuild",
                            "--no-bundled", str(data)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    found = subprocess.run([sys.executable, "-m", "renkei", "--index", str(index_dir), "search", "推進",
                            "--json", "--limit", "1"], capture_output=True, text=True)
    assert found.returncode == 0 and [h["id"] for h in json.loads(found.stdout)["hits"]] == ["big"]


def _bundled_japanese_run(length: int) -> str:
    from renkei.corpus import bundled_records
    text = "".join(r.text for r in bundled_records() if r.lang == "ja")
    run = "".join(ch for ch in text if "\u3041" <= ch <= "\u9fff")   # one run: no punctuation, spaces or Latin
    return (run * (length // len(run) + 1))[:length]


@pytest.mark.parametrize("length", [25_000, 61_234])
def test_chunked_tagging_keeps_offsets_and_words(length):
    run = _bundled_japanese_run(length)
    pieces = list(_japanese_pieces(run, 7))
    # Offsets are exact and contiguous: every character belongs to one piece.
    assert pieces[0][2] == 7 and pieces[-1][3] == 7 + length
    assert all(p[3] == q[2] for p, q in zip(pieces, pieces[1:]))
    assert all(run[s - 7:e - 7] == surface for _, surface, s, e, _, _ in pieces)
    # Same words as MeCab gives for the whole run at once (safe at this length), cuts included.
    whole = [node.surface for node in _Tagger.get()(run)]
    assert [p[1] for p in pieces] == whole


# --- 3. hostile glossaries ------------------------------------------------------------------------

def chain(n: int, reverse: bool = False) -> list[Entry]:
    entries = [Entry(f"e{i}", "term", (), (f"chain{i}", f"chain{i + 1}")) for i in range(n)]
    return entries[::-1] if reverse else entries


@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "backward"])
def test_merge_of_a_chain_is_one_entry_with_the_first_id(reverse):
    (merged,) = merge(chain(2000, reverse))
    assert merged.id == ("e1999" if reverse else "e0")
    assert set(merged.en) == {f"chain{i}" for i in range(2001)} and len(merged.en) == 2001


def test_merge_keeps_separate_entries_apart_and_in_order():
    entries = [Entry("a", "term", ("甲",), ("A",)), Entry("b", "term", ("乙",), ("B",)),
               Entry("c", "institution", ("丙",), ("A", "C"), (), "Japan"), Entry("d", "term", ("乙",), ("D",))]
    assert merge(entries) == [Entry("a", "term", ("甲", "丙"), ("A", "C"), (), "Japan"),
                              Entry("b", "term", ("乙",), ("B", "D"))]


def test_alternatives_look_at_a_bounded_number_of_names(monkeypatch):
    (big,) = merge(chain(2000))
    calls = []
    original = expand._contains
    monkeypatch.setattr(expand, "_contains", lambda a, b: calls.append(1) or original(a, b))
    alternatives = Match(0, 1, big, "chain5").alternatives()
    assert 0 < len(alternatives) <= MAX_ALTERNATIVES and "chain5" not in alternatives
    assert len(calls) <= MAX_CANDIDATE_NAMES * (MAX_CANDIDATE_NAMES + 1)


def test_a_chained_glossary_is_accepted_and_queries_expand(runner, tmp_path):
    glossary = write(tmp_path / "g.jsonl", "".join(json.dumps(e.to_dict()) + "\n" for e in chain(2000)))
    data = write(tmp_path / "r.jsonl", jsonl({"id": "r", "title": "chain1999 note", "text": "walrus"}))
    index_dir = str(tmp_path / "ix")
    built = runner.invoke(cli, ["--index", index_dir, "index", "--rebuild", "--no-bundled", "--glossary",
                                str(glossary), str(data)])
    assert built.exit_code == 0, built.output
    result = runner.invoke(cli, ["--index", index_dir, "search", "chain1999", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] == 1


def _glossary_line(i: int, names: int = 2) -> str:
    return json.dumps({"id": f"g{i}", "type": "term", "en": [f"name{i}x{k}" for k in range(names)]}) + "\n"


def test_user_glossary_entry_cap_names_the_line(tmp_path):
    path = write(tmp_path / "g.jsonl", '{"_about": "comment"}\n'
                 + "".join(_glossary_line(i) for i in range(MAX_USER_GLOSSARY_ENTRIES + 1)))
    with pytest.raises(RecordParseError, match=rf"g.jsonl:{MAX_USER_GLOSSARY_ENTRIES + 2}: .*at most "
                                               rf"{MAX_USER_GLOSSARY_ENTRIES:,} entries"):
        load_glossary_file(path)
    write(path, "".join(_glossary_line(i) for i in range(MAX_USER_GLOSSARY_ENTRIES)))
    assert len(load_glossary_file(path)) == MAX_USER_GLOSSARY_ENTRIES


def test_user_glossary_byte_cap_names_the_line(tmp_path):
    line = json.dumps({"id": "x", "type": "term", "en": ["a" * 500, "b" * 500]}) + "\n"
    count = MAX_USER_GLOSSARY_BYTES // len(line) + 1
    path = write(tmp_path / "g.jsonl", line * count)
    with pytest.raises(RecordParseError, match=rf"g.jsonl:{count}: .*at most {MAX_USER_GLOSSARY_BYTES:,} bytes"):
        load_glossary_file(path)


def test_user_glossary_names_per_entry_cap(tmp_path):
    path = write(tmp_path / "g.jsonl", _glossary_line(0) + _glossary_line(1, MAX_NAMES_PER_ENTRY + 1))
    with pytest.raises(RecordParseError, match=rf"g.jsonl:2: .*at most {MAX_NAMES_PER_ENTRY} names"):
        load_glossary_file(path)


# --- 4. streaming validation, then records one at a time ------------------------------------------

def test_check_paths_counts_without_keeping_records(tmp_path):
    body = "walrus " * 600
    data = write(tmp_path / "many.jsonl", jsonl(*({"id": f"r{i}", "title": f"R{i}", "text": body, "lang": "en"}
                                                  for i in range(5000))))
    write(tmp_path / "note.md", "# Note\n\nnarwhal")
    assert data.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        checked = check_paths([tmp_path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert checked.records == 5001 and len(checked.ids) == 5001 and "r4999" in checked.ids
    assert peak < 4_000_000                       # the file is 20 MB; ids and one line at a time
    records = iter_paths_with_files(checked)
    first, file = next(records)
    assert (first.id, file) == ("r0", data)
    assert sum(1 for _ in records) == 5000


def test_check_paths_gathers_the_glossary_pairs_records_give(tmp_path):
    data = write(tmp_path / "r.jsonl", jsonl(
        {"id": "p", "title": "ルンド大学", "text": "x", "partners": ["ルンド大学"], "facts": {"name_en": "Lund University"}},
        {"id": "q", "title": "plain", "text": "y"}))
    checked = check_paths([data])
    assert checked.mined == tuple(mined_entries(load_paths([data])))
    assert [(e.ja, e.en) for e in checked.mined] == [(("ルンド大学",), ("Lund University",))]


def test_iterating_paths_directly_checks_them_first(tmp_path):
    write(tmp_path / "a.jsonl", jsonl({"id": "a", "title": "A", "text": "x"}))
    write(tmp_path / "b.jsonl", jsonl({"id": "b", "title": "B", "text": "y"}) + "{oops}\n")
    records = iter_paths_with_files([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])   # named: an error
    with pytest.raises(RecordParseError, match=r"b.jsonl:2: malformed JSON"):
        next(records)
    # in a folder, a bad file is skipped, with its reason, and the rest are read (#36)
    checked = check_paths([tmp_path])
    assert [s.reason for s in checked.skipped] == [f"{tmp_path / 'b.jsonl'}:2: malformed JSON (Expecting property "
                                                   "name enclosed in double quotes at column 2)"]
    assert [r.id for r, _ in iter_paths_with_files(checked)] == ["a"]


def test_duplicate_ids_across_files_are_found_by_the_check(tmp_path):
    write(tmp_path / "a.jsonl", jsonl({"id": "same", "title": "A", "text": "x"}))
    write(tmp_path / "b.jsonl", jsonl({"id": "other", "title": "B", "text": "x"}, {"id": "same", "title": "C",
                                                                                    "text": "y"}))
    with pytest.raises(DuplicateRecordId, match=r"b.jsonl:2: duplicate id 'same' \(first seen in .*a.jsonl:1\)"):
        check_paths([tmp_path])


def test_a_file_changed_after_the_check_stops_the_second_pass(tmp_path):
    data = write(tmp_path / "a.jsonl", jsonl({"id": "a", "title": "A", "text": "x"}))
    checked = check_paths([data])
    write(data, jsonl({"id": "a", "title": "A", "text": "x"}, {"id": "b", "title": "B", "text": "y"}))
    os.utime(data, ns=(1, 1))
    with pytest.raises(RecordParseError, match="changed since it was checked"):
        list(iter_paths_with_files(checked))


LINE = b'{"id": "%d", "title": "t", "text": "x"}\n'
STREAM_BAD = [
    (LINE % 1 + LINE % 2 + LINE % 3 + b'{"id": "b", "title": "t", "text": "caf\xe9"}\n',
     r"s.jsonl:4: not valid UTF-8 \(byte 0xe9 at offset 155\)"),
    (LINE % 1 + b"\x00\n", r"s.jsonl:2: NUL byte"),
    (b"\n  \n", r"s.jsonl:1: empty file"),
    (LINE % 1 + b'{"id": "a", "title": "t", "text": "' + b"x" * 17_000_000 + b'"}\n', r"s.jsonl:2: line is over"),
]


@pytest.mark.parametrize("content,message", STREAM_BAD, ids=["utf8", "nul", "empty", "long-line"])
def test_streamed_jsonl_errors_name_the_line(tmp_path, content, message):
    with pytest.raises(RecordParseError, match=message):
        check_paths([write(tmp_path / "s.jsonl", content)])


def test_streamed_jsonl_accepts_a_bom_and_line_separators_inside_strings(tmp_path):
    data = write(tmp_path / "s.jsonl", "\ufeff".encode() + jsonl({"id": "a", "title": "t", "text": "x\u2028y"}).encode())
    (record,) = load_paths([data])
    assert record.text == "x\u2028y" and check_paths([data]).records == 1


# --- 5. smaller items -----------------------------------------------------------------------------

def test_html_without_head_end_tag_keeps_its_body(tmp_path):
    page = write(tmp_path / "p.html", "<!doctype html><html><head><meta charset=utf-8><title>Walrus page</title>"
                                      "<body><p>The walrus body text.</p>")
    (record,) = load_paths([page])
    assert record.title == "Walrus page" and record.text == "The walrus body text."


def test_script_inside_title_is_not_indexed(tmp_path):
    page = write(tmp_path / "p.html", "<html><head><title>Real <script>alert('x')</script>title</title></head>"
                                      "<body><p>text</p></body></html>")
    (record,) = load_paths([page])
    assert "alert" not in record.title and record.title == "Real title"


JSONL_BAD = [
    ({"date": "2021-13-45"}, r"field 'date' must be a real date"),
    ({"date": "2021-02-29"}, r"field 'date' must be a real date"),
    ({"kind": "banana"}, r"field 'kind' must be one of regional-agreement, .*document, got 'banana'"),
]


@pytest.mark.parametrize("extra,message", JSONL_BAD, ids=["month-13", "feb-29", "kind"])
def test_jsonl_values_searches_would_refuse_are_refused(tmp_path, extra, message):
    data = write(tmp_path / "r.jsonl", jsonl({"id": "ok", "title": "t", "text": "x"},
                                             {"id": "a", "title": "t", "text": "x", **extra}))
    with pytest.raises(RecordParseError, match=rf"r.jsonl:2: {message}"):
        load_paths([data])


def test_every_known_kind_and_a_leap_day_are_accepted(tmp_path):
    data = write(tmp_path / "r.jsonl", jsonl(*({"id": k, "title": "t", "text": "x", "kind": k, "date": "2020-02-29"}
                                               for k in KINDS)))
    assert [r.kind for r in load_paths([data])] == list(KINDS)


@pytest.mark.parametrize("value,shown", [("keio", "Keio University"), ("Kyoto", "Kyoto University"),
                                         ("utokyo", "The University of Tokyo"), ("Lund University", "Lund University")])
def test_home_university_short_keys_are_shown_by_name(tmp_path, value, shown):
    data = write(tmp_path / "r.jsonl", jsonl({"id": "a", "title": "t", "text": "x", "institution": value}))
    assert load_paths([data])[0].institution == shown


def test_bad_batch_lines_get_an_error_line_and_the_batch_goes_on(runner, index_dir, tmp_path):
    queries = write(tmp_path / "q.jsonl", "\n".join([
        '{"qid": "q1", "query": "共同研究"}', '{"qid": "q2", "query": 5}', '[1, 2]', 'not json',
        '{"qid": "q5"}', '{"qid": "q6", "query": "Cambridge"}']) + "\n")
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--batch", str(queries)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("qid") for line in lines] == ["q1", "q2", None, None, "q5", "q6"]
    assert lines[0]["hits"] and lines[5]["hits"]
    assert all("error" in line and not line.get("hits") for line in lines[1:5])
    assert "q.jsonl: lines 2, 3, 4, 5" in result.stderr


def test_a_batch_line_of_bad_utf8_is_that_lines_error_only(runner, index_dir, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_bytes('\ufeff{"qid": "q1", "query": "ETHZ"}\r\n'.encode() + b'{"qid": "q2", "query": "\xff"}\n'
                        + '{"qid": "q3", "query": "共同研究"}\n'.encode())
    result = runner.invoke(cli, ["--index", str(index_dir), "search", "--batch", str(queries)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and [line["qid"] for line in lines] == ["q1", None, "q3"]
    assert lines[0]["hits"] and lines[2]["hits"] and "not UTF-8" in lines[1]["error"]
    assert "q.jsonl: line 2 could not be run" in result.stderr


def test_the_year_facet_counts_only_real_years(tiny_engine):
    everything = tiny_engine.search("", filters={"lang": ["ja", "en"]}, facets=True, limit=0)
    assert everything.total == 6 and everything.facets["year"] == {"2010": 1, "2021": 1}   # no sentinel for "none"
