"""A fast segment's two blobs read through an array of offsets: its vocabulary per field (UTF-8,
searched by bisection without decoding it all) and its records, one JSON object per row.

The records are kept here only (whoosh stores just the id: schema.build_schema): a hit is one read
of a file and one decompression, where whoosh's stored fields cost a decompression and an
unpickling through five layers of Python (12 µs a record: a twentieth of a query at 10,000 records).

Each record is deflated on its own (a hit decompresses its record only, ~3 µs) against a preset
dictionary: up to 32 KiB of the segment's own records, sampled across it. Records repeat their keys
and much of their values (institutions, kinds, countries), which a record alone cannot share:
6.4x smaller at 100k synthetic records, against 1.8x for plain zlib (bench/size.py). A merged
segment keeps its inputs' compressed bytes and their dictionaries (records.dict.npy says which
each row uses), so a merge never compresses again.
"""
from __future__ import annotations

import bisect
import os
import zlib
from pathlib import Path
from typing import Sequence

import numpy as np

from renkei.indexer.columnar.npy import mapped, read_array, saved_header

FOUND_CACHE = 4096
RECORDS, RECORD_STARTS = "records.npy", "records.start.npy"
# The dictionaries (concatenated), where each starts, and which one each row was compressed with.
DICTIONARIES, DICTIONARY_STARTS, ROW_DICTIONARY = "records.dicts.npy", "records.dstart.npy", "records.dict.npy"
RECORD_FILES = (RECORDS, RECORD_STARTS, DICTIONARIES, DICTIONARY_STARTS, ROW_DICTIONARY)
DICTIONARY_BYTES = 32768          # deflate's window: a longer dictionary is not seen
DICTIONARY_FROM = 65536           # records fewer bytes than this get none (it would outweigh them)
LEVEL = 6


class Vocabulary:
    """A sorted UTF-8 vocabulary, searched by bisection without decoding it all."""

    def __init__(self, blob: bytes, starts: np.ndarray) -> None:
        self.blob, self.starts = blob, starts
        self._found: dict[str, int] = {}   # term -> index: a query looks up the same terms often

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> bytes:
        return self.blob[int(self.starts[i]):int(self.starts[i + 1])]

    def find(self, term: str) -> int:
        found = self._found.get(term)
        if found is None:
            key = term.encode("utf-8")
            i = bisect.bisect_left(self, key)
            found = i if i < len(self) and self[i] == key else -1
            if len(self._found) >= FOUND_CACHE:
                self._found.clear()
            self._found[term] = found
        return found

    def terms(self) -> list[str]:
        return [self[i].decode("utf-8") for i in range(len(self))]


def dictionary_for(records: Sequence[bytes]) -> bytes:
    """A preset dictionary for these records: whole records sampled evenly across them, its last
    DICTIONARY_BYTES (deflate finds the nearest matches cheapest); none for a few records."""
    total = sum(len(r) for r in records)
    if total < DICTIONARY_FROM:
        return b""
    wanted = max(1, 2 * DICTIONARY_BYTES * len(records) // total)   # records enough for twice its size
    return b"".join(records[::max(1, len(records) // wanted)])[-DICTIONARY_BYTES:]


def compress(record: bytes, dictionary: bytes) -> bytes:
    return compressing(dictionary)(record)


def compressing(dictionary: bytes):
    """compress(record, dictionary) for many records: each is deflated by a copy of one compressor
    that has the dictionary loaded (the same bytes; loading it for each record was half the cost)."""
    primed = (zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, dictionary) if dictionary
              else zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8))

    def one(record: bytes) -> bytes:
        packer = primed.copy()
        return packer.compress(record) + packer.flush()
    return one


def write_records(path: Path, records: Sequence[bytes]) -> None:
    """A segment's records (each its JSON, UTF-8), row by row, each compressed with one dictionary."""
    dictionary = dictionary_for(records)
    packed = list(map(compressing(dictionary), records))
    np.save(path / RECORD_STARTS, np.r_[0, np.cumsum([len(r) for r in packed], dtype=np.int64)].astype(np.int64))
    np.save(path / RECORDS, np.frombuffer(b"".join(packed), dtype=np.uint8))
    write_dictionaries(path, [dictionary], np.zeros(len(records), dtype=np.uint8))


def write_dictionaries(path: Path, dictionaries: Sequence[bytes], per_row: np.ndarray) -> None:
    np.save(path / DICTIONARIES, np.frombuffer(b"".join(dictionaries), dtype=np.uint8))
    np.save(path / DICTIONARY_STARTS, np.r_[0, np.cumsum([len(d) for d in dictionaries], dtype=np.int64)])
    np.save(path / ROW_DICTIONARY, per_row)


def read_dictionaries(path: Path) -> tuple[list[bytes], np.ndarray]:
    """A segment's dictionaries and, per row, which one its record was compressed with."""
    blob, starts = read_array(path / DICTIONARIES).tobytes(), read_array(path / DICTIONARY_STARTS)
    if not len(starts) or int(starts[-1]) != len(blob) or bool((np.diff(starts) < 0).any()):
        raise ValueError(f"{path / DICTIONARY_STARTS}: does not match {path / DICTIONARIES}")
    return [blob[int(a):int(b)] for a, b in zip(starts[:-1], starts[1:])], read_array(path / ROW_DICTIONARY)


class Records:
    """A segment's records: `read(rows)` gives those rows' JSON (UTF-8 bytes). Read with pread, not
    mapped: a mapping's read-ahead made the mix's 280 records 47 MB of the search process at 100k."""

    def __init__(self, path: Path, size: int) -> None:
        self.path, self.starts = path / RECORDS, mapped(path / RECORD_STARTS)
        with open(self.path, "rb") as handle:
            header = saved_header(handle.read(128))
        if header is None or len(self.starts) != size + 1 or int(self.starts[-1]) != header[1]:
            # a cut or foreign file: never a wrong record
            raise ValueError(f"{path / RECORD_STARTS}: does not match {size} rows and {self.path}")
        self.data = header[2]   # where the bytes start
        self.dictionaries, self.per_row = read_dictionaries(path)
        if len(self.per_row) != size or (size and int(self.per_row.max()) >= len(self.dictionaries)):
            raise ValueError(f"{path / ROW_DICTIONARY}: does not match {size} rows and {path / DICTIONARIES}")

    def read(self, rows: Sequence[int]) -> list[bytes]:
        starts, data, pread = self.starts, self.data, os.pread   # (item: no numpy scalars made)
        fd = os.open(self.path, os.O_RDONLY)
        try:
            packed = [pread(fd, starts.item(row + 1) - starts.item(row), data + starts.item(row)) for row in rows]
        finally:
            os.close(fd)
        if len(self.dictionaries) == 1:   # one dictionary (a segment never merged): no lookup a row
            dictionary = self.dictionaries[0]
            return [self._unpack(packed, dictionary) for packed in packed]
        return [self._unpack(data, self.dictionaries[self.per_row.item(row)]) for data, row in zip(packed, rows)]

    def _unpack(self, data: bytes, dictionary: bytes) -> bytes:
        unpacker = zlib.decompressobj(-15, dictionary) if dictionary else zlib.decompressobj(-15)
        try:
            record = unpacker.decompress(data)
        except zlib.error:
            record = None
        if record is None or not unpacker.eof or unpacker.unused_data:   # cut, zeroed, or not ours
            raise ValueError(f"{self.path}: a record does not decompress")
        return record

    @staticmethod
    def open(path: Path, size: int) -> "Records | None":
        """The segment's records, or None for a segment written before they were kept."""
        return Records(path, size) if (path / RECORDS).is_file() else None
