"""Build corpus/data/jmnedict-places.tsv.gz: JMnedict place / organisation names with their English.

Source: the same PyPI sdist renkei's tools/build_dictionary.py uses, `jamdict-data` 1.5, whose SQLite
database also holds JMnedict (version 1.08 of 2020-05-29: tables NEEntry, NEKanji, NEKana,
NETranslation, NETransType, NETransGloss). Standard library only; the package is never installed.

    python build_places.py                  # downloads the sdist with pip (~54 MB)
    python build_places.py --db jamdict.db  # or an already decompressed database

Kept (what could be part of a partner's name):
  * entries written in kana only (foreign names: カールスルーエ, ミュンスター) of type place,
    organization, company, or unclass (JMnedict files many foreign places, ミュンスター among
    them, as unclass); person/surname/given names are left out;
  * entries with a kanji form of type place, organization or company whose English gloss names
    what it is or where it is: a bracketed note like '(city)', '(prefecture)', '(China)' -- the
    municipalities, prefectures and foreign places -- or any organisation/company. Bare Japanese
    localities and station names (200k of them) are left out.
English glosses longer than MAX_WORDS words are dropped; an entry with no gloss left is dropped.

Output (UTF-8, gzip with mtime 0: the same input gives the same bytes), one entry a line:

    forms <TAB> reading <TAB> type <TAB> gloss|gloss...

forms: written forms joined by ';' (kanji forms first, then kana); reading: the first kana form,
empty when that is the only form;
type: p (place), o (organization), c (company), u (unclass); glosses keep their bracketed note
('Zürich (Switzerland)', 'Nakatsu (city)').
"""
from __future__ import annotations

import argparse
import gzip
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

# the same sdist, checksum and download as the dictionary's (run as a script, tools/ is on sys.path)
from build_dictionary import SDIST, download_db  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "jmnedict-places.tsv.gz"
MAX_WORDS = 6
TYPE_LETTER = {"place": "p", "organization": "o", "company": "c", "unclass": "u"}
KANA_ONLY = re.compile(r"^[\u30A0-\u30FF・＝ー]+$")
NOTE = re.compile(r"\(([^()]*)\)\s*$")


def extract(db: sqlite3.Connection) -> list[str]:
    kanji = defaultdict(list)
    for idseq, text in db.execute("SELECT idseq, text FROM NEKanji ORDER BY ID"):
        kanji[idseq].append(text)
    kana = defaultdict(list)
    for idseq, text in db.execute("SELECT idseq, text FROM NEKana ORDER BY ID"):
        kana[idseq].append(text)
    types = defaultdict(list)
    for idseq, text in db.execute("SELECT t.idseq, y.text FROM NETranslation t JOIN NETransType y ON y.tid = t.ID "
                                  "ORDER BY y.rowid"):
        types[idseq].append(text)
    glosses = defaultdict(list)
    for idseq, text in db.execute("SELECT t.idseq, g.text FROM NETranslation t JOIN NETransGloss g ON g.tid = t.ID "
                                  "WHERE g.lang = 'eng' OR g.lang IS NULL ORDER BY g.rowid"):
        glosses[idseq].append(text)

    lines = []
    for (idseq,) in db.execute("SELECT idseq FROM NEEntry ORDER BY idseq"):
        tys = [t for t in dict.fromkeys(types.get(idseq, ())) if t in TYPE_LETTER]
        if not tys:
            continue
        kj, kn = kanji.get(idseq, []), kana.get(idseq, [])
        gl = [g.strip() for g in dict.fromkeys(glosses.get(idseq, ()))
              if 0 < len(g.split()) <= MAX_WORDS and "\t" not in g and "|" not in g]
        if not gl or not kn:
            continue
        if kj:
            tys = [t for t in tys if t != "unclass"]
            if not tys:
                continue
            if tys == ["place"] and not any(NOTE.search(g) for g in gl):
                continue
        else:
            if not any(KANA_ONLY.match(k) for k in kn):
                continue
        forms = [f for f in dict.fromkeys(kj + kn) if ";" not in f and "\t" not in f]
        reading = "" if forms == [kn[0]] else kn[0]   # kana-only entry: the form is its reading
        lines.append("\t".join([";".join(forms), reading, "".join(TYPE_LETTER[t] for t in tys), "|".join(gl)]))
    return lines


def write(lines: list[str], out: Path, version: str) -> None:
    header = [f"# JMnedict extract (places, organisations, companies) built by build_places.py from {SDIST}, "
              f"JMnedict {version}.",
              "# JMnedict (c) Electronic Dictionary Research and Development Group (EDRDG), https://www.edrdg.org/;",
              "# used and distributed under the Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0).",
              "# forms<TAB>reading<TAB>type (p place, o organization, c company, u unclass)<TAB>gloss|gloss..."]
    data = "\n".join([*header, *lines]).encode("utf-8") + b"\n"
    with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or download_db(Path(tmp))
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            lines = extract(db)
    version = f"{meta.get('jmnedict.version', '?')} of {meta.get('jmnedict.date', '?')}"
    write(lines, args.out, version)
    print(f"{args.out}: {len(lines)} entries, {args.out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
