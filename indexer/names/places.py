"""Place and organisation names with their English, from JMnedict (corpus/data/jmnedict-places.tsv.gz,
CC BY-SA 4.0, EDRDG; tools/build_places.py): カールスルーエ → Karlsruhe, ケルン → Cologne, 上海 → Shanghai.
Read once, when a name first needs it."""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from renkei.corpus.data_files import data_path
from renkei.indexer.names.sound import kana_fold

PLACES_FILE = "jmnedict-places.tsv.gz"
ORGANISATIONS_FILE = "jmnedict-organisations.tsv.gz"
_NOTE = re.compile(r"\s*\([^)]*\)")


class _Places:
    """Each form's line of the file, found by the form's hash: the file's text kept as bytes (3 MB)
    and sorted arrays of hashes and line starts. A dict of every form, and another of every folded
    form, took ~30 MB of a searching process (#35). Equal hashes keep the file's order, so the first
    line holding a form wins, as in the file."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.exact = self._keyed(_same)
        self._folded: tuple[np.ndarray, np.ndarray] | None = None

    def _keyed(self, key) -> tuple[np.ndarray, np.ndarray]:
        """(sorted hashes of each form's `key`, where the line of each starts)."""
        ends = np.flatnonzero(np.frombuffer(self.blob, dtype=np.uint8) == 10)
        line_starts = np.concatenate([[0], ends + 1])
        hashes: list[int] = []
        lines: list[int] = []
        for number, line in enumerate(self.blob.decode("utf-8").split("\n")):
            if line and line[0] != "#":
                forms = line[:line.find("\t")].split(";")
                hashes.extend(map(hash, forms) if key is _same else (hash(key(form)) for form in forms))
                lines.extend([number] * len(forms))
        hashes_array = np.array(hashes, dtype=np.int64)
        order = np.argsort(hashes_array, kind="stable")
        return hashes_array[order], line_starts[np.array(lines, dtype=np.int64)[order]]

    def folded(self) -> tuple[np.ndarray, np.ndarray]:
        """The same keyed by folded katakana (sound.kana_fold: ヴィ/ビ, ー, ッ ...): built only when a
        name misses its exact form (folding every form costs ~0.5 s, which a write should not pay)."""
        if self._folded is None:
            self._folded = self._keyed(kana_fold.__wrapped__)   # not through its cache: 80,000 forms
        return self._folded

    def glosses(self, keyed: tuple[np.ndarray, np.ndarray], name: str, key, kind: str = "") -> str | None:
        """The glosses of the first line with a form whose `key` is `name`'s (of that `kind`, if given:
        p place, o organisation, c company, u unclassified)."""
        hashes, starts = keyed
        wanted = key(name)
        i = int(np.searchsorted(hashes, hash(wanted)))
        while i < len(hashes) and hashes[i] == hash(wanted):
            start = int(starts[i])
            end = self.blob.find(b"\n", start)
            forms, _reading, line_kind, glosses = self.blob[start:end if end >= 0 else None].decode("utf-8").split("\t")
            if any(key(form) == wanted for form in forms.split(";")) and (not kind or line_kind == kind):
                return glosses
            i += 1
        return None


@lru_cache(maxsize=1)
def places() -> _Places:
    """The places file, read once (~0.2 s). Glosses are kept raw: cleaning 80,000 of them up front
    cost a write 0.3 s."""
    import gzip   # here: most searches never need it (#35)
    with gzip.open(data_path(PLACES_FILE), "rb") as handle:
        return _Places(handle.read())


@lru_cache(maxsize=4096)
def _english(glosses: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for e in (_NOTE.sub("", g).strip() for g in glosses.split("|")) if e))


def _same(form: str) -> str:
    return form


@lru_cache(maxsize=4096)
def english_of(name: str, *, exact: bool = False) -> tuple[str, ...]:
    """A place's English names; `exact` looks up the form as written only (what a write uses)."""
    table = places()
    found = table.glosses(table.exact, name, _same)
    if found is None and not exact:
        found = table.glosses(table.folded(), name, kana_fold)
    return _english(found) if found else ()


@lru_cache(maxsize=4096)
def organisation_of(name: str) -> tuple[str, ...]:
    """The English names of an organisation JMnedict knows by this exact form (中山大学: Sun Yat-sen
    University), or ()."""
    table = places()
    found = table.glosses(table.exact, name, _same, "o")
    return _english(found) if found else ()


@lru_cache(maxsize=1)
def _organisations() -> dict[str, tuple[str, ...]]:
    """JMnedict's organisations alone (corpus/data/jmnedict-organisations.tsv.gz, tools/build_organisations.py):
    what a write reads for its Japanese institution names, ~5 ms rather than the places' ~0.15 s."""
    import gzip
    with gzip.open(data_path(ORGANISATIONS_FILE), "rt", encoding="utf-8") as lines:
        return {form: tuple(glosses.split("|")) for form, glosses in
                (line.rstrip("\n").split("\t") for line in lines if not line.startswith("#"))}


def organisation_names(name: str) -> tuple[str, ...]:
    """The English names (and abbreviations) JMnedict gives an organisation written exactly so, or ()."""
    return _organisations().get(name, ())
