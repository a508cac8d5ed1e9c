"""Place and organisation names with their English, from JMnedict (corpus/data/jmnedict-places.tsv.gz,
CC BY-SA 4.0, EDRDG; tools/build_places.py): カールスルーエ → Karlsruhe, ケルン → Cologne, 上海 → Shanghai.
Read once, when a name first needs it."""
from __future__ import annotations

import gzip
import re
from functools import lru_cache

from renkei.corpus.data_files import data_path
from renkei.indexer.names.sound import kana_fold

PLACES_FILE = "jmnedict-places.tsv.gz"
_NOTE = re.compile(r"\s*\([^)]*\)")


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, ...]]:
    """Japanese form (katakana folded, see sound.kana_fold) -> its English names, shortest entry first."""
    table: dict[str, tuple[str, ...]] = {}
    with gzip.open(data_path(PLACES_FILE), "rt", encoding="utf-8") as rows:
        for line in rows:
            if line.startswith("#"):
                continue
            forms, _reading, kind, glosses = line.rstrip("\n").split("\t")
            english = tuple(dict.fromkeys(_NOTE.sub("", g).strip() for g in glosses.split("|") if g.strip()))
            if kind not in ("p", "o", "c", "u") or not english:
                continue
            for form in forms.split(";"):
                table.setdefault(kana_fold(form), english)
    return table


def english_of(name: str) -> tuple[str, ...]:
    return places().get(kana_fold(name), ())
