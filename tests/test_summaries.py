"""Summary records: the totals the Kyoto document states, searchable in both languages (#10, item 10)."""
from __future__ import annotations

import json

from renkei.corpus import bundled_records, data_files
from renkei.corpus.documents import kyoto
from renkei.search.cli import cli

BY_ID = {r.id: r for r in bundled_records()}
FROM_ABROAD, GOING_ABROAD = "kyoto/summary/researchers-from-abroad", "kyoto/summary/researchers-going-abroad"
MEMORANDA = "kyoto/summary/exchange-memoranda"


def search_ids(runner, index_dir, *args: str) -> list[str]:
    result = runner.invoke(cli, ["--index", str(index_dir), "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [h["id"] for h in json.loads(result.stdout)["hits"]]


def test_summaries_state_the_documents_totals_in_both_languages():
    came, went, memoranda = BY_ID[FROM_ABROAD], BY_ID[GOING_ABROAD], BY_ID[MEMORANDA]
    came_ja, went_ja, memoranda_ja = (BY_ID[f"{i}-ja"] for i in (FROM_ABROAD, GOING_ABROAD, MEMORANDA))
    summaries = [came, went, memoranda, came_ja, went_ja, memoranda_ja]
    assert {r.kind for r in summaries} == {"summary"}
    assert [r.lang for r in summaries] == ["en"] * 3 + ["ja"] * 3
    assert "1,285 in total" in came.text and "合計 1,285 人" in came_ja.text
    assert "3,032 in total" in went.text and "合計 3,032 人" in went_ja.text
    assert "Asia 506" in came.text and "アジア 506 人" in came_ja.text and "Europe 1,160" in went.text
    assert came.facts == came_ja.facts and came.facts["total"] == 1285 and came.facts["region_europe"] == 420
    assert went.facts["region_others"] == 1
    assert "194 memoranda of understanding (MOU)" in memoranda.text and "153 student exchange" in memoranda.text
    assert "合計 194 件" in memoranda_ja.text and "合計 153 件" in memoranda_ja.text
    assert "2024年4月1日現在" in memoranda_ja.text and memoranda.year == 2024 and came.year == 2022


def test_summary_figures_are_read_from_the_document_not_typed():
    text = data_files.read_text(data_files.KYOTO)
    # One more researcher from Bangladesh: the row, its region's stated sum and the stated total change together.
    changed = (text.replace("Bangladesh\t7", "Bangladesh\t8", 1).replace("ASIA (506)", "ASIA (507)", 1)
               .replace("Total\t\t1,285", "Total\t\t1,286", 1).replace("As of April 1, 2024", "As of May 2, 2025"))
    records = {r.id: r for r in kyoto.parse(changed, "k")}
    assert "1,286 in total" in records[FROM_ABROAD].text and "アジア 507 人" in records[FROM_ABROAD + "-ja"].text
    assert "2025年5月2日現在" in records[MEMORANDA + "-ja"].text and "May 2, 2025" in records[MEMORANDA].text


def test_summaries_come_after_every_other_record_so_no_id_moves():
    ids = [r.id for r in kyoto.parse(data_files.read_text(data_files.KYOTO), "k")]
    assert ids[-6:] == [FROM_ABROAD, FROM_ABROAD + "-ja", GOING_ABROAD, GOING_ABROAD + "-ja", MEMORANDA,
                        MEMORANDA + "-ja"]
    assert not any(i.startswith("kyoto/summary/") for i in ids[:-6])


def test_questions_about_totals_rank_the_summary_first(runner, index_dir):
    assert search_ids(runner, index_dir, "how", "many", "researchers", "came", "from", "abroad")[0] == FROM_ABROAD
    assert search_ids(runner, index_dir, "how many researchers came to Kyoto from abroad")[0] == FROM_ABROAD
    assert search_ids(runner, index_dir, "研究者受入", "合計")[0] == FROM_ABROAD + "-ja"
    assert search_ids(runner, index_dir, "研究者派遣 合計")[0] == GOING_ABROAD + "-ja"
    assert search_ids(runner, index_dir, "how many memoranda")[0] == MEMORANDA


def test_summary_is_a_kind_to_filter_by(runner, index_dir):
    listed = search_ids(runner, index_dir, "--kind", "summary")
    assert sorted(listed) == sorted(i + s for i in (FROM_ABROAD, GOING_ABROAD, MEMORANDA) for s in ("", "-ja"))
    assert search_ids(runner, index_dir, "kind:summary", "MOU", "--lang", "en") == [MEMORANDA]
