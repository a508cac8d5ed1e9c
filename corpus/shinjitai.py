"""Old-form kanji as Japanese writes them now: 國立臺灣大學 → 国立台湾大学.

Taiwan, Hong Kong and Korea write their names in traditional characters (hanja), which Japanese
replaced with new forms in 1946-1949; a user copying a partner's own name types the old forms, while
Japanese records write the new. The table is OpenCC's (corpus/data/kyujitai.tsv, Apache-2.0)."""
from __future__ import annotations

from functools import lru_cache

from renkei.corpus.data_files import read_text


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    pairs = (line.split("\t") for line in read_text("kyujitai.tsv").splitlines() if line and line[0] != "#")
    return {ord(old): new for old, new in pairs}


def to_shinjitai(text: str) -> str:
    """`text` with each old-form kanji replaced by its new form (one character for one)."""
    return text.translate(_table())
