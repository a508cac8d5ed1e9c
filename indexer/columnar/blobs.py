"""A fast segment's two blobs of UTF-8 read through an array of offsets: its vocabulary per field
(searched by bisection without decoding it all) and its records, one JSON object per row.

The records are whoosh's stored `record` field again, written beside the postings: a hit is then
one read of a file, where whoosh's stored fields cost a decompression and an unpickling
through five layers of Python (12 µs a record against under 1: a twentieth of a query at 10,000
records). Whoosh keeps its copy and stays the index of record; a segment written before these
files existed has none, and its hits are read from whoosh.
"""
from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from renkei.indexer.columnar.npy import mapped, saved_header

FOUND_CACHE = 4096
RECORDS, RECORD_STARTS = "records.npy", "records.start.npy"


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


def write_records(path: Path, records: Sequence[bytes]) -> None:
    """A segment's records (each its JSON, UTF-8), row by row."""
    np.save(path / RECORD_STARTS, np.r_[0, np.cumsum([len(r) for r in records], dtype=np.int64)].astype(np.int64))
    np.save(path / RECORDS, np.frombuffer(b"".join(records), dtype=np.uint8))


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

    def read(self, rows: Sequence[int]) -> list[bytes]:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return [os.pread(fd, int(self.starts[row + 1] - self.starts[row]), self.data + int(self.starts[row]))
                    for row in rows]
        finally:
            os.close(fd)

    @staticmethod
    def open(path: Path, size: int) -> "Records | None":
        """The segment's records, or None for a segment written before they were kept."""
        return Records(path, size) if (path / RECORDS).is_file() else None
