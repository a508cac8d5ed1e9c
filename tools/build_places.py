"""Build corpus/data/jmnedict-places.tsv: JMnedict place / organisation names with their English.

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

Output (UTF-8, uncompressed so that a search maps it and reads only the pages a lookup touches;
the same input gives the same bytes), one entry a line:

    forms <TAB> reading <TAB> type <TAB> gloss|gloss...

forms: written forms joined by ';' (kanji forms first, then kana); reading: the first kana form,
empty when that is the only form;
type: p (place), o (organization), c (company), u (unclass); glosses keep their bracketed note
('Zürich (Switzerland)', 'Nakatsu (city)').

After the entries, two sorted key sections that a search looks names up in by bisection, so that no
process builds a table of 86,000 forms (that cost a name query's first use 0.2 s, and 0.6 s more
for the folded one), nor decompresses 6 MB (~35 ms):

    #keys exact        form <TAB> at, every form, sorted by its UTF-8 bytes, then at
    #keys folded       kana_fold(form) <TAB> at, for the forms that fold to something else

at: the byte offset of the form's entry line in the file. kana_fold is renkei's
(renkei.indexer.names.sound): after changing it, rerun `python build_places.py --keys-only`, which
rewrites the key sections of the shipped file from its own entries (tests/test_places_keys.py
fails while they are stale).
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

# the same sdist, checksum and download as the dictionary's (run as a script, tools/ is on sys.path)
from build_dictionary import SDIST, download_db  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "jmnedict-places.tsv"
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


EXACT_KEYS, FOLDED_KEYS = "#keys exact", "#keys folded"


def key_sections(file_lines: list[str]) -> list[str]:
    """The two key sections for a file's lines (header and entries), which they follow."""
    from renkei.indexer.names.sound import kana_fold   # the installed renkei's rule (see the docstring)
    exact, folded = [], []
    at = 0
    for line in file_lines:
        if line and not line.startswith("#"):
            for form in line[:line.find("\t")].split(";"):
                exact.append((form.encode("utf-8"), at))
                key = kana_fold(form)
                if key != form:
                    folded.append((key.encode("utf-8"), at))
        at += len(line.encode("utf-8")) + 1
    return [EXACT_KEYS, *(f"{k.decode()}\t{n}" for k, n in sorted(exact)),
            FOLDED_KEYS, *(f"{k.decode()}\t{n}" for k, n in sorted(folded))]


def write(lines: list[str], out: Path, version: str) -> None:
    header = [f"# JMnedict extract (places, organisations, companies) built by build_places.py from {SDIST}, "
              f"JMnedict {version}.",
              "# JMnedict (c) Electronic Dictionary Research and Development Group (EDRDG), https://www.edrdg.org/;",
              "# used and distributed under the Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0).",
              "# forms<TAB>reading<TAB>type (p place, o organization, c company, u unclass)<TAB>gloss|gloss..."]
    write_file([*header, *lines], out)


def write_file(file_lines: list[str], out: Path) -> None:
    out.write_bytes("\n".join([*file_lines, *key_sections(file_lines)]).encode("utf-8") + b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--keys-only", action="store_true", help="rewrite the key sections of --out from its entries")
    args = ap.parse_args()
    if args.keys_only:
        file_lines = args.out.read_text(encoding="utf-8").split("\n")
        file_lines = file_lines[:file_lines.index(EXACT_KEYS)] if EXACT_KEYS in file_lines else file_lines[:-1]
        write_file(file_lines, args.out)
        print(f"{args.out}: keys rewritten, {args.out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
        return
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
