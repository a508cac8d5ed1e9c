"""The lookup table of an index's dictionary: written beside it at each write, read by bisection.

A query's translations (search.translate) look up Japanese forms and English glosses. Built in a
searching process, those tables cost 50-120 ms (parsing every entry the index can use): half the
queries of a fresh process paid that before their first answer. So they are written at index time
as sorted text rows, and a query finds its rows by bisection over the file's lines:

    #  <TAB> version <TAB> dictionary crc <TAB> rows crc <TAB> longest phrase
    f  <TAB> form <TAB> where the dictionary's entries that have it start (bytes, comma-joined)
    g  <TAB> gloss key <TAB> rank... <TAB> Japanese form <TAB> origin
    s  <TAB> singular key <TAB> (as g)

The header ties the table to its dictionary's exact text and to its own rows: a table that does
not match (an older index has none) is built in memory from the dictionary instead, never trusted.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from pathlib import Path
from typing import Iterator

from renkei.corpus.dictionary import KNOWN, WordEntry, parse_line

from renkei.indexer.analysis import EN_STOP, singular_english

DICTIONARY_FILE = "dictionary.tsv"   # the entries (indexer.dictionary chooses them)
TABLE_FILE = "dictionary-table.tsv"
VERSION = "1"
MAX_PHRASE_WORDS = 6
GLOSS_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")   # a word of a lowercased English gloss
_HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")

Ranked = tuple[tuple, str, str]   # (rank, Japanese form, origin): sorted, the best translation first


def gloss_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def singular_key(text: str) -> tuple[str, ...]:
    return tuple(singular_english(w) for w in GLOSS_WORD.findall(gloss_key(text)) if w not in EN_STOP)


def origin_of(entry: WordEntry) -> str:
    return "glossary" if entry.curated else "dictionary"


def useful_target(form: str, entry: WordEntry) -> bool:
    """A single character (間 for space, 生 for student) or a hiragana word (で) matches pieces of
    unrelated words or particles: a target only when curated."""
    return entry.curated or (len(form) > 1 and not _HIRAGANA.match(form))


def table_rows(dictionary: bytes, source: str) -> tuple[bytes, int]:
    """The sorted rows of the table of a dictionary (its file's bytes), and its longest gloss in words."""
    forms: dict[str, list[str]] = {}
    rows, longest, offset = [], 1, 0
    for number, raw in enumerate(dictionary.split(b"\n")):
        start, offset = offset, offset + len(raw) + 1   # where the line starts in the file
        line = raw.decode("utf-8")
        if not line or line.startswith("#"):
            continue
        first = line.split("\t", 1)[0]
        for form in first.split(";"):
            forms.setdefault(form.lstrip(KNOWN), []).append(str(start))
        if KNOWN in first:   # English-to-Japanese: only entries with forms the index has
            for gloss, row in _gloss_rows(start, parse_line(line, f"{source}:{number + 1}")):
                rows.append(f"g\t{gloss_key(gloss)}\t{row}")
                singular = singular_key(gloss)
                if singular:
                    rows.append(f"s\t{' '.join(singular)}\t{row}")
                longest = max(longest, min(len(gloss.split()), MAX_PHRASE_WORDS))
    rows += (f"f\t{form}\t{','.join(offsets)}" for form, offsets in forms.items())
    rows.sort()   # as str: the order of their UTF-8 bytes too, which the lookups bisect
    return "\n".join(rows).encode("utf-8"), longest


def _gloss_rows(offset: int, entry: WordEntry | None) -> Iterator[tuple[str, str]]:
    targets = [f for f in entry.forms if f in entry.known_forms and useful_target(f, entry)] if entry else []
    for sense, position, gloss in entry.glosses if targets else ():
        # Curated words first, then the gloss's sense (the first is the word's main meaning),
        # common words before rare ones (研究 before 考究 for research), the gloss's place.
        rank = (int(not entry.curated), sense, int(not entry.common), position, offset)
        yield gloss, "\t".join(map(str, (*rank, targets[0], origin_of(entry))))


def write_table(generation: Path, dictionary: bytes, source: str) -> None:
    body, longest = table_rows(dictionary, source)
    header = "\t".join(("#", VERSION, _crc(dictionary), _crc(body), str(longest)))
    (generation / TABLE_FILE).write_bytes(header.encode("ascii") + b"\n" + body)


def _crc(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}"


def table_is_current(generation: Path, dictionary: bytes) -> bool:
    """Whether the generation's table is whole and was written from this dictionary."""
    return _written_table(generation, dictionary) is not None


def _written_table(generation: Path, dictionary: bytes) -> tuple[bytes, int] | None:
    """The table's rows and longest phrase, if its header matches the dictionary and the rows."""
    try:
        header, _, body = (generation / TABLE_FILE).read_bytes().partition(b"\n")
        mark, version, dictionary_crc, body_crc, longest = header.decode("ascii").split("\t")
        if (mark, version, dictionary_crc, body_crc) == ("#", VERSION, _crc(dictionary), _crc(body)):
            return body, int(longest)
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    return None


class DictionaryTable:
    """Finds a dictionary's rows by bisection over the table's bytes (see the module's docstring):
    nothing is split or decoded but the rows a query needs."""

    def __init__(self, body: bytes, longest_phrase: int) -> None:
        self._body, self.longest_phrase = body, longest_phrase

    @classmethod
    def of_dictionary(cls, dictionary: bytes, source: str) -> "DictionaryTable":
        return cls(*table_rows(dictionary, source))

    @classmethod
    def load(cls, generation: Path, dictionary: bytes, source: str) -> "DictionaryTable":
        """The table written with the dictionary, or (none, or not this dictionary's) one built from it."""
        written = _written_table(generation, dictionary)
        return cls(*written) if written is not None else cls.of_dictionary(dictionary, source)

    def _values(self, kind: str, key: str) -> Iterator[str]:
        prefix = f"{kind}\t{key}\t".encode("utf-8")
        body, start = self._body, _first_not_below(self._body, prefix)
        while body.startswith(prefix, start):
            end = body.find(b"\n", start)
            end = len(body) if end < 0 else end
            yield body[start + len(prefix):end].decode("utf-8")
            start = end + 1

    def form_offsets(self, form: str) -> list[int]:
        """Where in the dictionary's file the entries start that have this Japanese form, in order."""
        return [int(n) for value in self._values("f", form) for n in value.split(",")]

    def by_gloss(self, key: str) -> list[Ranked]:
        return [_ranked(value) for value in self._values("g", key)]

    def by_singular(self, key: tuple[str, ...]) -> list[Ranked]:
        return [_ranked(value) for value in self._values("s", " ".join(key))] if key else []


def _first_not_below(body: bytes, prefix: bytes) -> int:
    """Where the first line of the sorted lines of `body` that is not below `prefix` starts
    (bisect_left over lines, without splitting them)."""
    lo, hi = 0, len(body)   # lines starting before lo are below prefix; the line at hi is not
    while lo < hi:
        mid = (lo + hi) // 2
        start = body.rfind(b"\n", lo, mid) + 1 or lo   # the line that holds mid (lo starts a line)
        end = body.find(b"\n", start)
        end = len(body) if end < 0 else end
        if body[start:end] < prefix:
            lo = end + 1
        else:
            hi = start
    return min(lo, len(body))


def _ranked(value: str) -> Ranked:
    curated, sense, common, position, offset, form, source = value.split("\t")
    return (bool(int(curated)), int(sense), bool(int(common)), int(position), int(offset)), form, source
