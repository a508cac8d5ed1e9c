"""Build corpus/data/jmdict-extract.tsv.gz, the bilingual dictionary renkei ships, from JMdict.

Source: the PyPI sdist `jamdict-data` 1.5 (JMdict of April 2021 as an SQLite database, xz-compressed),
checked against its SHA-256. Only its database file is used, read with the standard library; the
package is never installed (its install step builds a 325 MB file), and nothing here is needed at
run time. Run from the repository:

    python tools/build_dictionary.py                  # downloads the sdist with pip, ~54 MB
    python tools/build_dictionary.py --db jamdict.db  # or an already decompressed database

Output (UTF-8, gzip without a timestamp, so the same input gives the same bytes), one entry a line:

    forms <TAB> flags <TAB> sense <TAB> sense ...

`forms` are the Japanese written forms joined by ';' (kanji forms; kana forms when the word has no
kanji or is usually written in kana), `flags` is 'P' for JMdict's priority-tagged (common) entries
or '', and each sense is its English glosses joined by '; '. What cannot matter for search is left
out: glosses longer than MAX_GLOSS_WORDS words, bracketed explanations inside glosses, archaic and
obscure senses, irregular or outdated spellings. Lines starting with '#' are comments.

JMdict is © the Electronic Dictionary Research and Development Group (EDRDG), used under its licence
(see corpus/data/JMDICT-LICENSE.txt); the extract is distributed under CC BY-SA 4.0.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import lzma
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

SDIST = "jamdict-data==1.5"
SDIST_FILE = "jamdict_data-1.5.tar.gz"
SDIST_SHA256 = "a4247dd9bb3148ab17c1b32fc56d7a7f1c35293b0d6ff2838c811f896d13f415"
DB_MEMBER = "jamdict_data-1.5/jamdict_data/jamdict.db.xz"
OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "jmdict-extract.tsv.gz"

MAX_GLOSS_WORDS = 6
COMMON = {"news1", "ichi1", "spec1", "spec2", "gai1"}
DROP_SENSES = {"archaism", "obsolete term", "obscure term", "dated term"}
USUALLY_KANA = "word usually written using kana alone"
_BRACKETS = re.compile(r"\s*\([^()]*\)\s*")


def clean_gloss(text: str) -> str | None:
    """'(cultural) exchange' -> 'exchange', 'to tackle (e.g. a problem)' -> 'tackle'; None if too long."""
    text = _BRACKETS.sub(" ", text).strip(" ;,")
    text = " ".join(text.split())
    if text.startswith("to ") and len(text) > 3:   # verbs: 'to perform' is searched as 'perform'
        text = text[3:]
    if not text or any(c in text for c in "();\t") or text.startswith("+") or len(text.split()) > MAX_GLOSS_WORDS:
        return None
    return text


def _grouped(db: sqlite3.Connection, sql: str) -> dict:
    out = defaultdict(list)
    for key, value in db.execute(sql):
        out[key].append(value)
    return out


def extract(db: sqlite3.Connection) -> list[str]:
    kanji = _grouped(db, "SELECT idseq, ID FROM Kanji ORDER BY ID")
    kanji_text = dict(db.execute("SELECT ID, text FROM Kanji"))
    kana = _grouped(db, "SELECT idseq, ID FROM Kana ORDER BY ID")
    kana_text = dict(db.execute("SELECT ID, text FROM Kana"))
    irregular = {k for (k,) in db.execute("SELECT kid FROM KJI")}
    irregular_kana = {k for (k,) in db.execute("SELECT kid FROM KNI")}
    priority = defaultdict(set)
    for table in ("KJP", "KNP"):
        for kid, tag in db.execute(f"SELECT kid, text FROM {table}"):
            priority[(table, kid)].add(tag)
    senses = _grouped(db, "SELECT idseq, ID FROM Sense ORDER BY ID")
    misc = _grouped(db, "SELECT sid, text FROM misc")
    glosses = _grouped(db, "SELECT sid, text FROM SenseGloss WHERE lang = 'eng' ORDER BY rowid")

    lines = []
    for (idseq,) in db.execute("SELECT idseq FROM Entry ORDER BY idseq"):
        kept_senses, usually_kana = [], False
        for sid in senses.get(idseq, ()):
            tags = set(misc.get(sid, ()))
            if tags & DROP_SENSES:
                continue
            usually_kana |= USUALLY_KANA in tags
            cleaned = list(dict.fromkeys(g for g in map(clean_gloss, glosses.get(sid, ())) if g))
            if cleaned:
                kept_senses.append("; ".join(cleaned))
        if not kept_senses:
            continue
        written = [kanji_text[k] for k in kanji.get(idseq, ()) if k not in irregular]
        if not written or usually_kana:
            written += [kana_text[k] for k in kana.get(idseq, ()) if k not in irregular_kana]
        forms = [f for f in dict.fromkeys(written) if not any(c in f for c in "\t;+")]
        if not forms:
            continue
        common = any(priority[("KJP", k)] & COMMON for k in kanji.get(idseq, ())) or \
            any(priority[("KNP", k)] & COMMON for k in kana.get(idseq, ()))
        lines.append("\t".join([";".join(forms), "P" if common else "", *kept_senses]))
    return lines


def download_db(workdir: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", SDIST,
                    "-d", str(workdir)], check=True)
    sdist = workdir / SDIST_FILE
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != SDIST_SHA256:
        sys.exit(f"{sdist}: SHA-256 {digest}, expected {SDIST_SHA256}: not the release this extract is built from")
    db = workdir / "jamdict.db"
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(DB_MEMBER)
        with lzma.open(member) as packed, db.open("wb") as out:
            shutil.copyfileobj(packed, out, 1 << 20)
    return db


def write(lines: list[str], out: Path, source: str) -> None:
    header = [f"# JMdict extract for renkei, built by tools/build_dictionary.py from {source}.",
              "# JMdict (c) Electronic Dictionary Research and Development Group (EDRDG), https://www.edrdg.org/;",
              "# this extract is distributed under CC BY-SA 4.0. See JMDICT-LICENSE.txt.",
              "# forms<TAB>flags<TAB>sense<TAB>sense...  (forms ';'-joined, glosses '; '-joined, flag P = common)"]
    data = "\n".join([*header, *lines]).encode("utf-8") + b"\n"
    with out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="jamdict's SQLite database, already decompressed")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or download_db(Path(tmp))
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            lines = extract(db)
    source = f"{SDIST} (JMdict {meta.get('jmdict.version', '?')}, April 2021)"
    write(lines, args.out, source)
    print(f"{args.out}: {len(lines)} entries, {args.out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
