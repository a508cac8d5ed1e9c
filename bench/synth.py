"""Deterministic synthetic corpora built from the bundled corpus's own vocabulary.

Each synthetic record copies the shape of a random bundled record (kind, language, institution,
country, year), so the Japanese/English mix and the record lengths follow the real corpus; its
text is a fresh draw of sentences of the same language from the whole corpus.
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator

from renkei.corpus import Record, bundled_records

SEED = 20261121
_SENTENCE = re.compile(r"[^。.!?！？\n]+[。.!?！？]?")


@lru_cache(maxsize=1)
def _pools() -> tuple[list[Record], dict[str, list[str]]]:
    records = bundled_records()
    pools: dict[str, list[str]] = {"ja": [], "en": []}
    for r in records:
        pools[r.lang] += [s.strip() for s in _SENTENCE.findall(r.text) if len(s.strip()) > 8]
    return records, pools


def synthetic_records(n: int, seed: int = SEED) -> Iterator[Record]:
    records, pools = _pools()
    rng = random.Random(seed)
    for i in range(n):
        template = rng.choice(records)
        pool = pools[template.lang]
        sentences = max(1, len(_SENTENCE.findall(template.text)))
        count = max(1, min(12, sentences + rng.randint(-1, 1)))
        sep = "" if template.lang == "ja" else " "
        text = sep.join(rng.choice(pool) for _ in range(count))
        yield replace(template, id=f"synth/{i:06d}", title=f"{template.title} {i}", text=text,
                      source=f"synthetic-{seed}")


def text_bytes(records: list[Record]) -> int:
    return sum(len(r.display_text.encode("utf-8")) for r in records)
