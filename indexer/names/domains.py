"""Acronyms from universities' web domains (corpus/data/university-domains.tsv.gz, from Hipo's
university-domains-list, MIT licence; tools/build_domains.py): ntnu.no gives NTNU for the Norwegian
University of Science and Technology, elte.hu ELTE for Eötvös Loránd University, acronyms of a name in
its own language that no English initials give. Read once, when a write first has a Latin name.

A name is found by its words folded (case, accents, punctuation; the/of/and... dropped; a university
word of another language read as "university", kebangsaan/nacional... as "national"): as written; and a
name the data has in its own language with a leading University moved last (Universitas Gadjah Mada:
Gadjah Mada University), else by its words in any order (Universiti Kebangsaan Malaysia: National
University of Malaysia). A key that two of the data's names share finds no acronym unless they give
the same (University of York, york.ac.uk, and York University, yorku.ca, are two): the file also lists
the names without an acronym that share a key with one."""
from __future__ import annotations

import gzip
import re
import unicodedata
from functools import lru_cache

from renkei.corpus.data_files import data_path

DOMAINS_FILE = "university-domains.tsv.gz"
_DROP = frozenset("the of and at for in de di da del della des du la le von van y e et und der".split())
_SAME = {**dict.fromkeys("universiti universitas universitat universidad universidade universite universita "
                         "universiteit universitet uniwersytet univerzita universitatea universiteti".split(),
                         "university"),
         **dict.fromkeys("kebangsaan nasional nacional nationale nazionale".split(), "national")}
_BRACKETS = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[^\W_]+")


def words(name: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", _BRACKETS.sub(" ", name).casefold())
                     if not unicodedata.combining(c))
    return [w for w in _WORD.findall(folded) if w not in _DROP]


def keys(name: str, data: bool = False) -> tuple[str, str, str]:
    """The name's keys: its words in order; with a leading University last; in any order. A name of
    the data has the last two only when written in its own language (Universitas Gadjah Mada: Gadjah
    Mada University): University of NorthWest (South Africa) is not Northwest University (Xi'an)."""
    w = words(name)
    same = [_SAME.get(x, x) for x in w]
    if data and same == w:
        return " ".join(w), "", ""
    moved = same[1:] + same[:1] if same[:1] == ["university"] else same
    return " ".join(same), " ".join(moved), " ".join(sorted(same))


# A member institution named with its federal university after a comma (London School of Economics and
# Political Science, University of London): records write the member's name alone
_MEMBER_OF = re.compile(r",\s+(?:the\s+)?university of\s", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, ...]], ...]:
    tables: tuple[dict[str, tuple[str, ...]], ...] = ({}, {}, {}, {})
    with gzip.open(data_path(DOMAINS_FILE), "rt", encoding="utf-8") as lines:
        for line in lines:
            if line[0] == "#" or "\t" not in line:
                continue
            name, acronyms = line.rstrip("\n").split("\t")[:2]
            found = tuple(acronyms.split())
            member = _MEMBER_OF.split(name)
            head = keys(member[0])[0] if len(member) == 2 else ""
            for table, key in zip(tables, (*keys(name, data=True), head)):
                if key:
                    table[key] = found if table.get(key, found) == found else ()
    return tables


def acronyms_of(name: str) -> tuple[str, ...]:
    """The acronyms a university's web domain gives this name, if the data has the name, or has it as a
    member of a federal university (SOAS, University of London); else ()."""
    found = keys(name)
    for table, key in zip(_tables(), (*found, found[0])):
        if key and key in table:
            return table[key]
    return ()
