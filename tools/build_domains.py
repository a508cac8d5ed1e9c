"""Build corpus/data/university-domains.tsv.gz: university names with the acronym their web domain gives
(ntnu.no: NTNU, elte.hu: ELTE, ukm.my: UKM), for acronyms of a name in its own language (#30).

Source: Hipo's university-domains-list (https://github.com/Hipo/university-domains-list, MIT licence,
corpus/data/UNIVERSITY-DOMAINS-LICENSE.txt), its world_universities_and_domains.json. Standard library
only, plus renkei (its name keys) and pyspellchecker's English word list (a renkei dependency).

    python build_domains.py world_universities_and_domains.json

A domain's label is the one before its suffixes (www. dropped; a last label of two letters and the
generic ones before it: ac, edu, com ...): student.eit.edu.au -> eit. It is kept as an acronym when
  * it is 3 to 6 letters, nothing else (uni-muenchen, 2 letters like hm: too many institutions share them);
  * it is no English word (cam, law, city: a query of that word is no acronym);
  * it begins no word of the name (cam of Cambridge, monash: a shortened name, which a query's words find);
  * it begins with the initial of a word of the name, and two of its letters in order are initials of
    the name's words (mwn of Hochschule fur Philosophie Munchen is a network's, not the school's);
  * it holds no other label of the same entry (mytum beside tum).
An English word among an entry's labels is no acronym; the entry keeps its others.

Output (UTF-8, gzip with mtime 0: the same input gives the same bytes), one name a line, sorted:

    name <TAB> ACRONYM[ ACRONYM...]

and, with no acronym, each other name that shares a key (renkei.indexer.names.domains.keys) with one
of those: University of York beside York University, which then finds neither.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "data" / "university-domains.tsv.gz"
GENERIC = frozenset("ac edu com org net gov int info biz sch mil co or ne go gob gouv nic res tec ed".split())
_LABEL = re.compile(r"[a-z]{3,6}")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def label_of(domain: str) -> str:
    labels = domain.strip().lower().removeprefix("www.").split(".")
    if len(labels) > 1 and len(labels[-1]) == 2:
        labels.pop()
    while len(labels) > 1 and labels[-1] in GENERIC:
        labels.pop()
    return labels[-1] if len(labels) > 1 or labels[-1] not in GENERIC else ""


def _in_order(label: str, initials: str) -> int:
    """How many of the label's letters are initials of the name's words, in order (a longest common
    subsequence)."""
    row = [0] * (len(initials) + 1)
    for a in label:
        prev = 0
        for j, b in enumerate(initials, 1):
            prev, row[j] = row[j], prev + 1 if a == b else max(row[j], row[j - 1])
    return row[-1]


def acronyms(name: str, domains: list[str], english) -> list[str]:
    words = [w for w in re.split(r"[^\w]+", fold(re.sub(r"\([^)]*\)", " ", name))) if w]
    initials = "".join(w[0] for w in words)
    labels = list(dict.fromkeys(label_of(d) for d in domains))
    kept = [l for l in labels if _LABEL.fullmatch(l) and not english(l)
            and not any(w.startswith(l) for w in words) and l[0] in initials and _in_order(l, initials) >= 2]
    return [l.upper() for l in kept if not any(o != l and o in l for o in labels if o)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="world_universities_and_domains.json")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    from spellchecker import SpellChecker
    words = SpellChecker(language="en", distance=1).word_frequency
    entries = json.loads(args.source.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    names: set[str] = set()
    for entry in entries:
        name = " ".join(str(entry.get("name") or "").split())
        if name and "\t" not in name:
            names.add(name)
            for acronym in acronyms(name, [str(d) for d in entry.get("domains") or ()], lambda w: words[w] > 0):
                found.setdefault(name, [])
                if acronym not in found[name]:
                    found[name].append(acronym)
    from renkei.indexer.names.domains import keys
    shared = {key for name in found for key in keys(name, data=True) if key}
    others = {name for name in names if name not in found and shared.intersection(keys(name, data=True))}
    lines = [f"{name}\t{' '.join(found.get(name, ()))}" for name in sorted({*found, *others})]
    header = ["# University names and the acronyms of their web domains, built by tools/build_domains.py from",
              "# Hipo's university-domains-list (https://github.com/Hipo/university-domains-list),",
              "# (c) 2014-2025 Hipo, MIT licence (UNIVERSITY-DOMAINS-LICENSE.txt).",
              "# name<TAB>ACRONYM[ ACRONYM...]"]
    data = "\n".join([*header, *lines]).encode("utf-8") + b"\n"
    with args.out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    print(f"{args.out}: {len(found)} of {len(entries)} names with an acronym, {len(others)} without, "
          f"{args.out.stat().st_size / 1e3:.0f} kB", file=sys.stderr)


if __name__ == "__main__":
    main()
