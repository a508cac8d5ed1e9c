"""Partner names across scripts (#30): does a name in one language find the record written in the other?

For every list in this folder (TSV: Japanese name, English name, acronym or empty, country), build two indexes with
the real CLI: one of English records (one a partner, naming it only in English) and one of Japanese records (naming
it only in Japanese), each beside the bundled corpus as distractors. Then ask, with `renkei search --batch --json`:
the Japanese name of the English index (ja→en), the English name of the Japanese index (en→ja) and, where a row has
one, the acronym of both. Print top-1 right and in-top-10 counts per list and direction, then the misses.

    python -m bench.names --bin VENV/bin [--lists kanji,katakana] [--keep DIR] [--confident]

`--confident` also asks each miss alone and counts those whose first hit is another record matching
all of the query's words ("all", not "some"): a confident wrong answer, unless the query is an acronym
that stands for that record's institution too (~20 s more).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LISTS = ("kanji", "katakana", "parts", "acronyms", "held",
         "kanji-b", "katakana-b", "parts-b", "acronyms-b", "held-b")

# Japanese universities that sign with the partners (the record's home institution), in both languages.
HOMES = (
    ("Hiroshima University", "広島大学"), ("Okayama University", "岡山大学"), ("Kanazawa University", "金沢大学"),
    ("Niigata University", "新潟大学"), ("Kumamoto University", "熊本大学"), ("Chiba University", "千葉大学"),
)
EN_TEXTS = (
    "{home} signed an inter-university agreement on academic exchange with {name} in {year}. The agreement "
    "covers student exchange, joint research and visits by faculty members.",
    "In {year} {home} and {name} concluded a memorandum of understanding. Both sides agreed to send up to five "
    "exchange students a year and to hold a joint symposium every other year.",
    "{name} has been a partner of {home} since {year}. A faculty-level agreement on graduate research supervision "
    "was renewed this spring, and a summer programme is planned.",
)
JA_TEXTS = (
    "{home}は{year}年、{name}と大学間学術交流協定を締結した。学生交流、共同研究、教員の相互訪問を柱とする。",
    "{year}年に{home}と{name}は覚書を交わし、毎年5名までの交換留学生の派遣と、隔年の合同シンポジウム開催で合意した。",
    "{name}は{year}年から{home}の協定校である。大学院生の研究指導に関する部局間協定を今春更新し、夏季プログラムも計画している。",
)


def read_list(name: str) -> list[dict[str, str]]:
    rows = []
    for line in (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            ja, en, acronym, country = (line.split("\t") + ["", "", "", ""])[:4]
            rows.append({"ja": ja, "en": en, "acronym": acronym, "country": country})
    return rows


def records(lists: dict[str, list[dict[str, str]]], lang: str) -> list[dict]:
    """One record a partner, in the world set's record style, naming the partner only in `lang`."""
    out = []
    for list_name, rows in lists.items():
        for n, row in enumerate(rows):
            home_en, home_ja = HOMES[n % len(HOMES)]
            year = 2005 + n % 18
            name = row[lang]
            texts, home = (EN_TEXTS, home_en) if lang == "en" else (JA_TEXTS, home_ja)
            text = texts[n % len(texts)].format(home=home, name=name, year=year)
            title = f"{home_en} and {name}: academic exchange" if lang == "en" else f"{home_ja}と{name}の学術交流"
            out.append({"id": record_id(list_name, n, lang), "title": title, "text": text, "lang": lang,
                        "source": f"https://example.ac.jp/partners/{list_name}/{n}", "institution": home_en,
                        "country": row["country"], "year": year, "partners": [name], "kind": "agreement"})
    return out


def record_id(list_name: str, n: int, lang: str) -> str:
    return f"names/{list_name}/{n:03d}-{lang}"


def build(renkei: Path, index: Path, path: Path, recs: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    subprocess.run([str(renkei), "--index", str(index), "index", "--rebuild", str(path)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def search(renkei: Path, index: Path, queries: list[tuple[str, str]], tmp: Path) -> dict[str, list[str]]:
    batch = tmp / f"batch-{index.name}.jsonl"
    batch.write_text("".join(json.dumps({"qid": q, "query": text}, ensure_ascii=False) + "\n"
                             for q, text in queries), encoding="utf-8")
    done = subprocess.run([str(renkei), "--index", str(index), "search", "--batch", str(batch), "--json",
                           "--limit", "10"], check=True, capture_output=True, text=True)
    ranked = {}
    for line in done.stdout.splitlines():
        answer = json.loads(line)
        ranked[answer["qid"]] = [hit["id"] for hit in answer.get("hits", [])]
    return ranked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, type=Path, help="the venv's bin folder holding renkei")
    parser.add_argument("--lists", default=",".join(LISTS))
    parser.add_argument("--keep", type=Path, help="build the indexes here and keep them (default: a tmp dir)")
    parser.add_argument("--confident", action="store_true", help="count the misses answered confidently by another record")
    args = parser.parse_args(argv)
    renkei = args.bin / "renkei"
    lists = {name: read_list(name) for name in args.lists.split(",")}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-names-") as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        indexes = {lang: tmp / f"index-{lang}" for lang in ("en", "ja")}
        for lang, index in indexes.items():
            build(renkei, index, tmp / f"records-{lang}.jsonl", records(lists, lang))
        # (direction, query field, index language): the record is the other language's.
        directions = (("ja→en", "ja", "en"), ("en→ja", "en", "ja"), ("acr→en", "acronym", "en"),
                      ("acr→ja", "acronym", "ja"))
        asked = {lang: [] for lang in indexes}
        for list_name, rows in lists.items():
            for n, row in enumerate(rows):
                for direction, field, lang in directions:
                    if row[field]:
                        asked[lang].append((f"{list_name}|{n}|{direction}", row[field]))
        ranked = {}
        for lang, index in indexes.items():
            ranked.update(search(renkei, index, asked[lang], tmp))
        misses = report(lists, ranked, directions)
        if args.confident:
            confident(renkei, indexes, asked, misses)
    print(f"\n{time.monotonic() - started:.0f} s")
    return 0


def confident(renkei: Path, indexes: dict[str, Path], asked: dict[str, list[tuple[str, str]]], missed: set[str]) -> None:
    """Print the misses whose first hit matched all of the query's words, and how many there are."""
    wrong = []
    for lang, index in indexes.items():
        for qid, text in asked[lang]:
            if qid not in missed:
                continue
            done = subprocess.run([str(renkei), "--index", str(index), "search", text, "--json", "--limit", "1"],
                                  capture_output=True, text=True)
            hits = json.loads(done.stdout).get("hits", []) if done.returncode == 0 else []
            if hits and hits[0].get("match") == "all":
                wrong.append(f"{qid:24} {text!s:42} first {hits[0]['id']}")
    print(f"\nconfident wrong first hits: {len(wrong)} of {len(missed)} misses")
    for line in wrong:
        print("  " + line)


def report(lists, ranked, directions) -> set[str]:
    """Print the counts and the misses; return the misses' query ids."""
    misses, missed = [], set()
    print(f"{'list':10} {'direction':8} {'top-1':>7} {'top-10':>7} {'of':>4}")
    for list_name, rows in lists.items():
        for direction, field, lang in directions:
            asked = [(n, row) for n, row in enumerate(rows) if row[field]]
            if not asked:
                continue
            top1 = top10 = 0
            for n, row in asked:
                want = record_id(list_name, n, lang)
                hits = ranked.get(f"{list_name}|{n}|{direction}", [])
                top1 += hits[:1] == [want]
                top10 += want in hits
                if hits[:1] != [want]:
                    missed.add(f"{list_name}|{n}|{direction}")
                    rank = hits.index(want) + 1 if want in hits else "-"
                    misses.append(f"{list_name:9} {direction:7} {row[field]!s:42} want {row[lang]!s:42} "
                                  f"rank {rank}; top {hits[0] if hits else 'nothing'}")
            print(f"{list_name:10} {direction:8} {top1:7d} {top10:7d} {len(asked):4d}")
    print("\nmisses (list, direction, query, wanted name, its rank, the top hit):")
    for line in misses:
        print("  " + line)
    return missed


if __name__ == "__main__":
    sys.exit(main())
