"""Place and organisation names with their English, from JMnedict (corpus/data/jmnedict-places.tsv,
CC BY-SA 4.0, EDRDG; tools/build_places.py): カールスルーエ → Karlsruhe, ケルン → Cologne, 上海 → Shanghai.
Read once, when a name first needs it, and looked up by its sorted key sections (sorted_lines.py)."""
from __future__ import annotations

import re
from functools import lru_cache

from renkei.corpus.data_files import data_path
from renkei.indexer.names.sorted_lines import SortedLines
from renkei.indexer.names.sound import kana_fold

PLACES_FILE = "jmnedict-places.tsv"
ORGANISATIONS_FILE = "jmnedict-organisations.tsv.gz"
_NOTE = re.compile(r"\s*\([^)]*\)")


class _Places:
    """The file mapped, its forms found by bisecting its two sorted key sections (tools/build_places.py),
    where building a table of its 86,000 forms in the process cost a name query's first use 0.2 s, and
    the folded one 0.6 s more (#35)."""

    def __init__(self, lines: SortedLines) -> None:
        self.lines = lines
        exact, folded = (lines.after(marker) for marker in (b"#keys exact", b"#keys folded"))
        self.exact = lines.section(exact, folded - len(b"#keys folded\n"))
        self.folded = lines.section(folded, lines.end)

    def glosses(self, name: str, *, folded: bool = False, kind: str = "") -> str | None:
        """The glosses of the first line with the form `name` (or, `folded`, a form that kana_fold
        makes what it makes `name`), of that `kind` if given: p place, o organisation, c company, u
        unclassified."""
        if folded:
            wanted = kana_fold(name)
            same = kana_fold(wanted) == wanted   # then the forms that are it fold to it too
            found = sorted({*map(int, self.folded.rest(wanted)), *(map(int, self.exact.rest(wanted)) if same else ())})
        else:
            found = [int(at) for at in self.exact.rest(name)]
        for at in found:
            _forms, _reading, line_kind, glosses = self.lines.line_at(at).decode("utf-8").split("\t")
            if not kind or line_kind == kind:
                return glosses
        return None


@lru_cache(maxsize=1)
def places() -> _Places:
    """The places file, mapped once. Glosses are kept raw: cleaning 80,000 of them up front cost a
    write 0.3 s."""
    return _Places(SortedLines.mapped(data_path(PLACES_FILE)))


@lru_cache(maxsize=4096)
def _english(glosses: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e for e in (_NOTE.sub("", g).strip() for g in glosses.split("|")) if e))


@lru_cache(maxsize=4096)
def english_of(name: str, *, exact: bool = False) -> tuple[str, ...]:
    """A place's English names; `exact` looks up the form as written only (what a write uses)."""
    table = places()
    found = table.glosses(name)
    if found is None and not exact:
        found = table.glosses(name, folded=True)
    return _english(found) if found else ()


@lru_cache(maxsize=4096)
def organisation_of(name: str) -> tuple[str, ...]:
    """The English names of an organisation JMnedict knows by this exact form (中山大学: Sun Yat-sen
    University), or ()."""
    found = places().glosses(name, kind="o")
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
