"""A shipped table looked up where it lies: lines `key <TAB> rest`, sorted by key (UTF-8 bytes
order), bisected in place, as look(1) does. Reading such a table into a dict cost every process
that needed one name 60-150 ms, and a write or a query needs only a few of its rows (#35)."""
from __future__ import annotations

import mmap
import os


class SortedLines:
    """The lines of `data` (bytes, or a file mapped) between two byte offsets, sorted by key."""

    def __init__(self, data: bytes | mmap.mmap, start: int = 0, end: int | None = None) -> None:
        self.data, self.start, self.end = data, start, len(data) if end is None else end

    @classmethod
    def mapped(cls, path) -> "SortedLines":
        """A file mapped, not read: a lookup touches a few pages of it (a package in a zip is read)."""
        if not isinstance(path, (str, os.PathLike)):
            return cls(path.read_bytes())
        with open(path, "rb") as handle:
            if not handle.seek(0, 2):
                return cls(b"")
            return cls(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))

    def after(self, marker: bytes) -> int:
        """Where the line after the first line that is `marker` starts."""
        at = self.data.find(b"\n" + marker + b"\n", self.start, self.end)
        if at < 0:
            raise ValueError(f"no {marker.decode()!r} line")
        return at + len(marker) + 2

    def section(self, start: int, end: int) -> "SortedLines":
        return SortedLines(self.data, start, end)

    def line_at(self, at: int) -> bytes:
        end = self.data.find(b"\n", at, self.end)
        return self.data[at:end if end >= 0 else self.end]

    def rest(self, key: str) -> list[bytes]:
        """What follows the tab of each line whose key is `key`, in order."""
        wanted = key.encode("utf-8") + b"\t"
        lo, hi = self.start, self.end   # lo: a line's start; the answer: the first line not below `wanted`
        while lo < hi:
            at = self.data.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
            line = self.line_at(at)
            if line < wanted:
                lo = at + len(line) + 1
            else:
                hi = at
        found = []
        while lo < self.end and (line := self.line_at(lo)).startswith(wanted):
            found.append(line[len(wanted):])
            lo += len(line) + 1
        return found
