"""Columnar postings beside the whoosh index, for queries whose cost does not grow with matches.

Whoosh stays the index of record (documents, stored fields, the schema's analyzers, generations);
this module writes the *same tokens* the analyzers gave whoosh as numpy arrays, one folder per
write ("fast segment"), and reads them back memory-mapped:

    GENERATION/fast/manifest.json          the live segments, in order
    GENERATION/fast/s000001/               one write's records
        rows.json                          ids and origins, row by row
        FIELD.terms / FIELD.tstart.npy     the sorted vocabulary (UTF-8 blob + offsets)
        FIELD.poff.npy                     per term: where its postings start
        FIELD.docs.npy FIELD.freq.npy      per posting: row and frequency (no freq in a positional
                                           field: a posting's frequency is its count of positions)
        FIELD.pstart.npy FIELD.pos.npy     per posting: its positions (positional fields only)
        FIELD.startchar.npy .endchar.npy   per position: where its word is in the stored text
                                           (names and body: highlights, search/spans.py)
        FIELD.len.npy                      per row: the field's length in tokens
        records.*                          per row: the record's JSON, compressed (indexer/blobs.py)
        KEY.codes.npy / keys.json          structured fields as codes, year, date key

Each array has the narrowest type its values fit (`narrow`): positions and character offsets are
uint16 unless a record is that long, offsets uint32 below 2**32 (bench/size.py measures them).
    GENERATION/fast/s000001.deleted.npy    rows a later write replaced or removed

A segment never changes once written; a later write copies it and marks the rows it replaced.
"""
from __future__ import annotations

import json
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from renkei.indexer.columnar.blobs import Records, Vocabulary, write_records
from renkei.indexer.columnar.npy import mapped, read_array
from renkei.indexer.columnar.positions import each_position
from renkei.indexer.columnar.sorting import FieldPostings, field_postings
from renkei.indexer.schema import (BODY, COUNTRY, DEPARTMENT, ENTITIES, GLOSS, ID_FIELD, INSTITUTION, KIND, LANG, NAMES, NGRAM, ORIGIN, PARTNER_NAME, RECORD, REGION, SORT_DATE, SOURCE, YEAR)

FAST_DIR = "fast"
MANIFEST = "manifest.json"
POSITIONAL = (NAMES, BODY, NGRAM[NAMES], NGRAM[BODY])
# Fields whose positions keep their words' character offsets, so that a hit's words are highlighted
# without analysing its text again (as Lucene's offsets in postings). Segments written before
# these files existed have none: their hits are highlighted by analysis (search/spans.py).
CHARS = (NAMES, BODY)
CHAR_FILES = ("startchar", "endchar")
# English words as written (lowercase, accents folded, not stemmed) in the names and the body: the
# rescore's "exact form" signal reads them here instead of re-analysing each candidate's text.
EXACT = "exact"
BAG = (GLOSS, PARTNER_NAME, ENTITIES, DEPARTMENT, EXACT)
TEXT = POSITIONAL + BAG
KEYWORD = (INSTITUTION, KIND, COUNTRY, REGION, LANG, SOURCE)


# A large write is written as several fast segments, one each time a writer process holds this
# many tokens (about 12 bytes each, 20 in the names and the body, and as much again while a field
# is sorted for writing) or rows, so that a build's memory does not grow with its input (fastmerge
# joins them again). A writer process holds ~90 bytes a token in all (its whoosh posting pool, the
# records' JSON, the arrays): at 4,000,000 a 100k build peaked at 826 MB (two writers and the
# parent), at 1,000,000 at 559 MB (bench/__main__.py's PSS sampling).
FLUSH_TOKENS = 1_000_000
FLUSH_ROWS = 250_000


def narrow(values: np.ndarray, signed: bool = False) -> np.ndarray:
    """The values in the narrowest type that holds them: uint8/uint16/uint32 (int8/16/32 when
    `signed`), else int64. Readers widen what they compute with (positions_of, postings)."""
    kinds = (np.int8, np.int16, np.int32) if signed else (np.uint8, np.uint16, np.uint32)
    lo, hi = (int(values.min()), int(values.max())) if len(values) else (0, 0)
    for kind in kinds:
        info = np.iinfo(kind)
        if info.min <= lo and hi <= info.max:
            return values.astype(kind, copy=False)
    return values.astype(np.int64, copy=False)


def date_key(value: str) -> int:
    """'2021-03-31' -> 20210331, '2021' -> 20210000, '' -> 0: newer is larger."""
    digits = "".join(ch for ch in value if ch.isdigit())[:8]
    return int(digits.ljust(8, "0")) if digits else 0


class SegmentBuilder:
    """Collects one write's records (their analysed tokens) and writes them as a fast segment."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.origins: list[str] = []
        self._vocab = {f: {} for f in TEXT}
        self._terms = {f: array("i") for f in TEXT}
        self._rows = {f: array("i") for f in TEXT}
        self._pos = {f: array("i") for f in POSITIONAL}
        self._chars = {f: (array("i"), array("i")) for f in CHARS}
        self._len = {f: array("i") for f in TEXT}
        self._keys = {f: [] for f in KEYWORD}
        self._year = array("i")
        self._date = array("i")
        self._records: list[bytes] = []
        self.tokens = 0

    def __len__(self) -> int:
        return len(self.ids)

    def full(self) -> bool:
        """Whether the builder holds enough to be written out as a segment of its own."""
        return self.tokens >= FLUSH_TOKENS or len(self.ids) >= FLUSH_ROWS

    def terms(self, field: str) -> Iterable[str]:
        """The distinct terms this write's records have in a text field."""
        return self._vocab[field].keys()

    def postings(self, field: str) -> FieldPostings:
        """The postings of a text field so far, sorted as a segment holds them (whoosh's order too:
        writing.segments writes whoosh's postings of the analysed fields from these)."""
        return field_postings(self._vocab[field], self._terms[field], self._rows[field], self._pos.get(field))

    def add(self, doc: dict[str, Any], tokens: dict[str, Sequence[tuple]]) -> None:
        """One whoosh document and, per text field, the (term, position, …) tokens it was indexed with."""
        row = len(self.ids)
        self.ids.append(doc[ID_FIELD])
        self.origins.append(doc.get(ORIGIN, ""))
        for field in TEXT:
            toks = tokens.get(field, ())
            self._len[field].append(len(toks))
            if not toks:
                continue
            self.tokens += len(toks)
            vocab = self._vocab[field]
            self._terms[field].extend([vocab.setdefault(t[0], len(vocab)) for t in toks])
            self._rows[field].extend([row] * len(toks))
            if field in self._pos:
                self._pos[field].extend([t[1] for t in toks])
            if field in self._chars:
                starts, ends = self._chars[field]
                starts.extend([t[2] for t in toks])
                ends.extend([t[3] for t in toks])
        for field in KEYWORD:
            self._keys[field].append(doc.get(field, ""))
        self._year.append(doc.get(YEAR, -1) if doc.get(YEAR) is not None else -1)
        self._date.append(date_key(doc.get(SORT_DATE, "")))
        self._records.append(doc[RECORD].encode("utf-8"))

    def write(self, path: Path) -> None:
        path.mkdir(parents=True)
        (path / "rows.json").write_text(json.dumps({"ids": self.ids, "origins": self.origins},
                                                   ensure_ascii=False), encoding="utf-8")
        for field in TEXT:
            _write_field(path, field, self.postings(field), self._len[field], self._chars.get(field))
        keys = {}
        for field in KEYWORD:
            values = sorted(set(self._keys[field]))
            index = {v: i for i, v in enumerate(values)}
            np.save(path / f"{field}.codes.npy", narrow(np.array([index[v] for v in self._keys[field]], dtype=np.int32)))
            keys[field] = values
        (path / "keys.json").write_text(json.dumps(keys, ensure_ascii=False), encoding="utf-8")
        np.save(path / "year.npy", np.frombuffer(self._year, dtype=np.int32))
        np.save(path / "date.npy", np.frombuffer(self._date, dtype=np.int32))
        write_records(path, self._records)


def _write_field(path: Path, field: str, postings: FieldPostings, lengths: array,
                 chars: tuple[array, array] | None) -> None:
    if chars is not None:   # in the positions' order
        for name, values in zip(CHAR_FILES, chars):
            column = np.frombuffer(values, dtype=np.int32) if values else np.zeros(0, np.int32)
            np.save(path / f"{field}.{name}.npy", narrow(column[postings.order]))
    np.save(path / f"{field}.poff.npy", narrow(postings.poff))
    np.save(path / f"{field}.docs.npy", postings.docs.astype(np.int32))
    np.save(path / f"{field}.len.npy", narrow(np.frombuffer(lengths, dtype=np.int32)))
    if postings.positions is not None:
        np.save(path / f"{field}.pstart.npy", narrow(postings.pstart))
        np.save(path / f"{field}.pos.npy", narrow(postings.positions))
    else:
        np.save(path / f"{field}.freq.npy", narrow(np.diff(postings.pstart)))
    blob = [term.encode("utf-8") for term in postings.terms]
    (path / f"{field}.terms").write_bytes(b"".join(blob))
    np.save(path / f"{field}.tstart.npy", narrow(np.r_[0, np.cumsum([len(b) for b in blob], dtype=np.int64)]))


def save_replacing(path: Path, array: np.ndarray) -> None:
    """np.save to a new file renamed over `path`: the old file may be shared with (hard-linked
    from) the generation this one was copied from (indexer.writer.copy_generation)."""
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    tmp.replace(path)


_PARSED: dict[tuple, Any] = {}   # rows.json parsed by the check at opening, for the segment opened next


def read_rows(path: Path, keep: bool = True) -> Any:
    """A segment's rows.json, parsed. The check an engine makes when it opens a generation parses it
    (`keep`), and the segment opened next takes that parse instead of a second one (at 100k records
    ~17 ms of a cold search, #35). Keyed by the file's inode, time and size: a rewritten file is read anew."""
    file = path / "rows.json"
    st = file.stat()
    key = (str(file), st.st_ino, st.st_mtime_ns, st.st_size)
    rows = _PARSED.pop(key, None)
    if rows is None:
        rows = json.loads(file.read_text(encoding="utf-8"))
    if keep:
        if len(_PARSED) >= 8:   # checked but never opened (renkei doctor): keep a few at most
            _PARSED.clear()
        _PARSED[key] = rows
    return rows


class FastSegment:
    """One written segment, memory-mapped."""

    def __init__(self, path: Path, deleted: np.ndarray | None) -> None:
        self.path = path
        rows = read_rows(path, keep=False)
        self.ids: list[str] = rows["ids"]
        self.origins: list[str] = rows["origins"]
        self.size = len(self.ids)
        self.deleted = deleted if deleted is not None else np.zeros(self.size, dtype=bool)
        self._fields: dict[str, dict[str, Any]] = {}
        self.keys = json.loads((path / "keys.json").read_text(encoding="utf-8"))
        self._codes: dict[str, np.ndarray] = {}
        self.year = read_array(path / "year.npy")
        self.date = read_array(path / "date.npy")
        self._records: Records | None | bool = False   # opened at the first hit

    @property
    def records(self) -> Records | None:
        """The rows' records as JSON, or None for a segment written before they were kept."""
        if self._records is False:
            self._records = Records.open(self.path, self.size)
        return self._records

    def field(self, name: str) -> dict[str, Any]:
        found = self._fields.get(name)
        if found is None:
            p = self.path
            found = {"vocab": Vocabulary((p / f"{name}.terms").read_bytes(), read_array(p / f"{name}.tstart.npy")),
                     "poff": mapped(p / f"{name}.poff.npy"),
                     "docs": mapped(p / f"{name}.docs.npy"),
                     "len": read_array(p / f"{name}.len.npy")}
            if name in POSITIONAL:
                found["pstart"] = mapped(p / f"{name}.pstart.npy")
                found["pos"] = mapped(p / f"{name}.pos.npy")
            else:
                found["freq"] = mapped(p / f"{name}.freq.npy")
            if name in CHARS and (p / f"{name}.{CHAR_FILES[0]}.npy").exists():
                for part in CHAR_FILES:
                    found[part] = mapped(p / f"{name}.{part}.npy")
            _check_lengths(p, name, found)
            self._fields[name] = found
        return found

    def codes(self, name: str) -> np.ndarray:
        if name not in self._codes:
            self._codes[name] = read_array(self.path / f"{name}.codes.npy")
        return self._codes[name]

    def postings(self, name: str, term: str) -> tuple[np.ndarray, np.ndarray, int, int]:
        """(rows, freqs, first, end) of a term; first/end index the field's postings."""
        f = self.field(name)
        i = f["vocab"].find(term)
        if i < 0:
            return _EMPTY_I, _EMPTY_I, 0, 0
        poff = f["poff"]
        a, b = poff.item(i), poff.item(i + 1)   # (item: no numpy scalar made)
        if "freq" in f:
            return f["docs"][a:b], f["freq"][a:b], a, b
        pstart = f["pstart"][a:b + 1]   # a positional field: its postings' counts of positions
        return f["docs"][a:b], (pstart[1:] - pstart[:-1]).astype(np.int32), a, b

    def docs(self, name: str, term: str) -> tuple[np.ndarray, int, int]:
        """(rows, first, end) of a term, as postings() without the frequencies: a read of positions
        needs none (and a positional field's are worked out from its positions' starts)."""
        f = self.field(name)
        i = f["vocab"].find(term)
        if i < 0:
            return _EMPTY_I, 0, 0
        poff = f["poff"]
        a, b = poff.item(i), poff.item(i + 1)
        return f["docs"][a:b], a, b

    def has_chars(self, name: str) -> bool:
        """Whether the field's positions keep their words' character offsets (see CHARS)."""
        return CHAR_FILES[0] in self.field(name)

    def positions_of(self, name: str, postings: np.ndarray, cap: int | None = None,
                     chars: bool = False) -> tuple[np.ndarray, ...]:
        """For some postings (sorted indexes into the field's postings): each of their positions (the
        first `cap` of each) with its row; with `chars`, each position's [start, end) in the stored
        text (the field must have them: has_chars); last, how many positions each posting gave.
        Costs what those postings hold, not what the term holds."""
        f = self.field(name)
        rows, at, counts = each_position(f, postings, cap)
        if not chars:   # (a phrase's read: no generator to unpack)
            return rows, f["pos"][at], counts
        return (rows, f["pos"][at], *(f[part][at].astype(np.int32) for part in CHAR_FILES), counts)


_EMPTY_I = np.zeros(0, dtype=np.int32)


def _check_lengths(path: Path, name: str, arrays: dict[str, Any]) -> None:
    """The field's files agree on their lengths: a file cut after the index was opened (and so after
    its check) must fail here rather than answer wrongly. The engine then names the damage."""
    vocab, poff = arrays["vocab"], arrays["poff"]
    ends = {f"{name}.terms": (len(vocab.blob), int(vocab.starts[-1]) if len(vocab.starts) else 0),
            f"{name}.poff.npy": (len(poff), len(vocab) + 1),
            f"{name}.docs.npy": (len(arrays["docs"]), int(poff[-1]) if len(poff) else 0)}
    if "freq" in arrays:
        ends[f"{name}.freq.npy"] = (len(arrays["freq"]), len(arrays["docs"]))
    if "pstart" in arrays:
        ends[f"{name}.pstart.npy"] = (len(arrays["pstart"]), len(arrays["docs"]) + 1)
        ends[f"{name}.pos.npy"] = (len(arrays["pos"]), int(arrays["pstart"][-1]))
    for part in CHAR_FILES:
        if part in arrays:
            ends[f"{name}.{part}.npy"] = (len(arrays[part]), len(arrays["pos"]))
    for file, (has, expected) in ends.items():
        if has != expected:
            raise ValueError(f"{path / file}: {has} items where the segment needs {expected}")


@dataclass
class Manifest:
    segments: list[str]

    @classmethod
    def read(cls, fast: Path) -> "Manifest":
        return cls(json.loads((fast / MANIFEST).read_text(encoding="utf-8"))["segments"])

    def write(self, fast: Path) -> None:
        (fast / MANIFEST).write_text(json.dumps({"segments": self.segments}), encoding="utf-8")


def open_segments(generation: Path) -> list[FastSegment]:
    fast = generation / FAST_DIR
    out = []
    for name in Manifest.read(fast).segments:
        deleted = fast / f"{name}.deleted.npy"
        out.append(FastSegment(fast / name, read_array(deleted) if deleted.is_file() else None))
    return out


def field_terms(generation: Path, field: str) -> set[str]:
    """Every term of a field in a generation's fast segments (the live rows' and the deleted')."""
    return {t for segment in open_segments(generation) for t in segment.field(field)["vocab"].terms()}


def indexed_ids(generation: Path) -> set[str]:
    """The id of every row of a generation's fast segments, live or deleted: each whoosh document's
    id is among them (row n of a segment is its whoosh segment's document n)."""
    fast = generation / FAST_DIR
    return {i for name in Manifest.read(fast).segments for i in read_rows(fast / name, keep=False)["ids"]}


def records_by_id(generation: Path, ids: Sequence[str]) -> list[bytes | None]:
    """The records (JSON, UTF-8) of these ids' live rows, None for an id without one. Whoosh keeps
    no copy of them (build_schema): the fast segments' are the only one."""
    where = {}
    for segment in open_segments(generation):
        for row, (record_id, gone) in enumerate(zip(segment.ids, segment.deleted.tolist())):
            if not gone:
                where[record_id] = (segment, row)
    out: list[bytes | None] = [None] * len(ids)
    wanted: dict[int, tuple[FastSegment, list[int], list[int]]] = {}   # per segment: its rows, their places
    for at, record_id in enumerate(ids):
        found = where.get(record_id)
        if found is not None:
            _, rows, places = wanted.setdefault(id(found[0]), (found[0], [], []))
            rows.append(found[1])
            places.append(at)
    for segment, rows, places in wanted.values():
        if segment.records is not None:
            for at, text in zip(places, segment.records.read(rows)):
                out[at] = text
    return out


def has_fast(generation: Path) -> bool:
    return (generation / FAST_DIR / MANIFEST).is_file()
