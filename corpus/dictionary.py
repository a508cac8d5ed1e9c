"""The bilingual word dictionary: JMdict's Japanese forms and English glosses, plus curated words.

Two files ship in corpus/data/ (both in the same format, one entry a line):
- jmdict-extract.tsv.gz: built by tools/build_dictionary.py from JMdict (EDRDG, CC BY-SA 4.0,
  see JMDICT-LICENSE.txt);
- glossary-words.tsv: curated translations for senses JMdict lacks (joint → 合同), which come first.

    forms <TAB> flags <TAB> sense <TAB> sense ...

`forms` are ';'-joined Japanese spellings, each sense its English glosses joined by '; ', flags a
set of letters: P (common word), G (curated). Each index stores the entries its own vocabulary can
use (indexer.dictionary); there a form or gloss the index has is marked with a leading KNOWN.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from renkei.corpus.errors import RecordParseError

EXTRACT = "jmdict-extract.tsv.gz"
CURATED = "glossary-words.tsv"
LICENSE = "JMDICT-LICENSE.txt"
KNOWN = "+"


@dataclass(frozen=True)
class WordEntry:
    """One dictionary word: its Japanese forms and English senses, and which of them the index has."""
    forms: tuple[str, ...]
    senses: tuple[tuple[str, ...], ...]
    common: bool = False
    curated: bool = False
    known_forms: frozenset[str] = frozenset()
    known_glosses: frozenset[str] = frozenset()

    @property
    def glosses(self) -> Iterator[tuple[int, int, str]]:
        """(sense number, position in the sense, gloss), in the dictionary's order."""
        for number, sense in enumerate(self.senses):
            for position, gloss in enumerate(sense):
                yield number, position, gloss


def parse_line(line: str, where: str) -> WordEntry | None:
    """One entry, or None for a comment or blank line."""
    if not line.strip() or line.startswith("#"):
        return None
    fields = line.rstrip("\n").split("\t")
    if len(fields) < 3 or not fields[0]:
        raise RecordParseError(f"{where}: expected forms<TAB>flags<TAB>senses, got {line[:60]!r}")
    forms, known_forms = _unmark(fields[0].split(";"))
    senses, known_glosses = [], set()
    for sense in fields[2:]:
        glosses, known = _unmark(sense.split("; "))
        senses.append(tuple(glosses))
        known_glosses |= known
    return WordEntry(tuple(forms), tuple(senses), "P" in fields[1], "G" in fields[1],
                     frozenset(known_forms), frozenset(known_glosses))


def _unmark(items: list[str]) -> tuple[list[str], set[str]]:
    plain, known = [], set()
    for item in items:
        if item.startswith(KNOWN):
            item = item[len(KNOWN):]
            known.add(item)
        if item:
            plain.append(item)
    return plain, known


def parse_entries(lines: Iterable[str], source: str) -> Iterator[WordEntry]:
    for number, line in enumerate(lines, 1):
        entry = parse_line(line, f"{source}:{number}")
        if entry is not None:
            yield entry


def _data(name: str):
    from importlib import resources   # here: as corpus.data_files, a search does not need it
    return resources.files("renkei.corpus").joinpath("data").joinpath(name)


def bundled_text() -> str:
    """The curated words, then the JMdict extract (curated senses come first), as one text."""
    curated = _data(CURATED).read_text(encoding="utf-8")
    import gzip   # here: a search reads its index's own dictionary, never the bundled one
    extract = gzip.decompress(_data(EXTRACT).read_bytes()).decode("utf-8")
    return curated.rstrip("\n") + "\n" + extract


def license_text() -> str:
    """JMdict's attribution and licence, as shipped with the package."""
    return _data(LICENSE).read_text(encoding="utf-8")
