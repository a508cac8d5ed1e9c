"""The fast segments' .npy files, opened without np.load: a first query opens some 40 of them, and
np.load parses each header with ast.literal_eval and builds a np.memmap: ~55-70 us a file, against
~16-22 us here (timed over a 1k index's segment files). Files with another header go to np.load."""
from __future__ import annotations

import mmap
import re
from pathlib import Path

import numpy as np

# The header np.save writes for a one-dimensional array.
SAVED_HEADER = re.compile(rb"\x93NUMPY\x01\x00..\{'descr': '([<|][a-z]\d)', 'fortran_order': False, "
                          rb"'shape': \((\d+),\), \} *\n", re.DOTALL)


def saved_header(head: bytes) -> tuple[np.dtype, int, int] | None:
    """(dtype, length, where the data starts) from a file's first 128 bytes, if np.save wrote them
    for a one-dimensional array; None for any other header."""
    saved = SAVED_HEADER.match(head)
    return (np.dtype(saved[1].decode("ascii")), int(saved[2]), saved.end()) if saved else None


def read_array(path: Path) -> np.ndarray:
    """A one-dimensional .npy file, read whole (as np.load)."""
    with open(path, "rb") as handle:
        header = saved_header(handle.read(128))
        if header is None:
            return np.load(path)
        dtype, count, start = header
        handle.seek(start)
        array = np.fromfile(handle, dtype, count)
    if len(array) != count:
        raise ValueError(f"{path}: {len(array)} items where its header says {count}")
    return array


def mapped(path: Path) -> np.ndarray:
    """A one-dimensional .npy file memory-mapped, as a plain ndarray view: slicing a np.memmap builds
    a memmap object each time, which costs more than the slice."""
    with open(path, "rb") as handle:
        header = saved_header(handle.read(128))
        if header is None:
            return np.asarray(np.load(path, mmap_mode="r"))
        memory = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    dtype, count, start = header
    return np.frombuffer(memory, dtype, count, start)
