"""A Latin name read as Korean finds the index's Korean institutions of its characters (#30.1)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from renkei.corpus.names import KOREAN_KINDS
from renkei.indexer.names.readings import korean_latin_keys, reading_fold

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable


def korean_first(table: NameTable, read: list[tuple[float, str]], candidate: str,
                  said: frozenset[str]) -> list[tuple[float, str]]:
    """A Latin name spelt as a Korean reading (Yeungnam: 영남) names the index's Korean institutions of
    those characters (嶺南大学校, in Korea's own words for one), not a Chinese one that shares them
    (嶺南大学, Lingnan; 中南大学, Zhongnan, whose Korean reading is also Chungnam): a university if
    the name says University, an institute of science and technology if it says Institute."""
    kinds = tuple(kind for kind, word in zip(KOREAN_KINDS, ("university", "institute")) if word in said) or KOREAN_KINDS
    folded = reading_fold(candidate)
    korean = [(s, name) for s, han in read if folded in {reading_fold(k) for k in korean_latin_keys(han)}
              for name in table.japanese_institutions_of(han) if name.endswith(kinds)]
    return korean or read
