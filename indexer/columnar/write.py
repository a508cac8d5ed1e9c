"""A write's fast segments, then the policy that keeps them few: the base's segments with this
write's replaced rows marked deleted, the new rows as segments, then a compaction (merge.py).
Above both segment.py and merge.py, so that neither imports the other's caller."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from renkei.indexer.columnar import merge
from renkei.indexer.columnar.segment import FAST_DIR, FastSegment, Manifest, SegmentBuilder, has_fast, save_replacing


def write_generation(generation: Path, base: Path | None, builder: SegmentBuilder,
                     drop_ids: Iterable[str] = (), drop_origins: Iterable[str] = (),
                     written: Sequence[str] = ()) -> None:
    """The fast segments of a new generation: the base's (copied by the caller), the rows this write
    replaces or removes marked deleted, then this write's records as new segments: those already
    `written` by worker processes (folder names under fast/, in order), then the builder's."""
    fast = generation / FAST_DIR
    fast.mkdir(exist_ok=True)
    names: list[str] = []
    if base is not None and has_fast(base):
        names = Manifest.read(fast).segments
        drop_ids = set(drop_ids) | set(builder.ids)
        drop_origins = set(drop_origins)
        for name in names:
            seg = FastSegment(fast / name, None)
            path = fast / f"{name}.deleted.npy"
            deleted = np.load(path) if path.is_file() else np.zeros(seg.size, dtype=bool)
            hit = [i for i, (rid, origin) in enumerate(zip(seg.ids, seg.origins))
                   if rid in drop_ids or (origin and origin in drop_origins)]
            if hit:
                deleted = deleted.copy()
                deleted[hit] = True
                save_replacing(path, deleted)
    number = max((int(n[1:]) for n in names), default=0)
    for part in written:
        number += 1
        (fast / part).rename(fast / f"s{number:06d}")
        names.append(f"s{number:06d}")
    if len(builder):
        number += 1
        builder.write(fast / f"s{number:06d}")
        names.append(f"s{number:06d}")
    Manifest(merge.compact(fast, names, f"s{number + 1:06d}", new=base is None)).write(fast)

