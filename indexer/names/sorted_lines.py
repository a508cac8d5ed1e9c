"""A shipped table's text looked up where it lies: lines sorted by their first field (UTF-8 bytes
order), bisected in place. Reading such a table into a dict cost every process that needed one
name 60-150 ms, and a write or a query needs only a few of its rows (#35)."""
from __future__ import annotations

import numpy as np


class SortedLines:
    """A text's lines (numbered from 0), of which the range bisected is sorted by first field."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 10)
        self.starts = np.concatenate([[0], ends + 1])
        self.count = len(self.starts) - (1 if blob.endswith(b"\n") else 0)

    def line(self, number: int) -> bytes:
        end = self.starts.item(number + 1) - 1 if number + 1 < len(self.starts) else len(self.blob)
        return self.blob[self.starts.item(number):end]

    def after(self, marker: bytes) -> int:
        """The number of the line after the first line that is `marker`."""
        at = self.blob.find(b"\n" + marker + b"\n")
        if at < 0:
            raise ValueError(f"no {marker.decode()!r} line")
        return int(self.starts.searchsorted(at + 1)) + 1

    def rest(self, key: str, lo: int, hi: int) -> list[bytes]:
        """What follows the tab of each line of lines[lo:hi] whose first field is `key`, in order."""
        wanted = key.encode("utf-8") + b"\t"
        end = hi
        while lo < hi:   # the first line not below `wanted`
            mid = (lo + hi) // 2
            if self.line(mid) < wanted:
                lo = mid + 1
            else:
                hi = mid
        found = []
        while lo < end and (line := self.line(lo)).startswith(wanted):
            found.append(line[len(wanted):])
            lo += 1
        return found
