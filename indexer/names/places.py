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
def places() -> dict[str, str]:
    """Japanese form, as JMnedict writes it -> its glosses as stored (the first entry of a form wins);
    read by _english. Kept raw: cleaning 80,000 glosses up front cost a write 0.3 s."""
    table: dict[str, str] = {}
    with gzip.open(data_path(PLACES_FILE), "rt", encoding="utf-8") as rows:
        for line in rows:
            if line[0] == "#":
                continue
            forms, _reading, _kind, glosses = line.rstrip("\n").split("\t")
            for form in forms.split(";"):
                table.setdefault(form, glosses)
    return table


@lru_cache(maxsize=4096)
def _english(glosses: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for e in (_NOTE.sub("", g).strip() for g in glosses.split("|")) if e))


@lru_cache(maxsize=1)
def _folded() -> dict[str, str]:
    """The same, keyed by folded katakana (sound.kana_fold: ヴィ/ビ, ー, ッ ...): built only when a name
    misses its exact form (folding every form costs ~0.5 s, which a write should not pay)."""
    folded: dict[str, str] = {}
    for form, glosses in places().items():
        folded.setdefault(kana_fold(form), glosses)
    return folded


def english_of(name: str, *, exact: bool = False) -> tuple[str, ...]:
    """A place's English names; `exact` looks up the form as written only (what a write uses)."""
    found = places().get(name)
    if found is None and not exact:
        found = _folded().get(kana_fold(name))
    return _english(found) if found else ()
