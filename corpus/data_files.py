"""The bundled documents and curated tables, read from the installed package."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

KEIO = "000_2e029423f96bbb40.txt"
KYOTO = "001_629f3431958978ea.txt"
UTOKYO = "002_3a9e6fe3850c785c.txt"
BUNDLED = (KEIO, KYOTO, UTOKYO)


def read_text(name: str) -> str:
    # Read as a file where the package is files (every pip install): importlib.resources and the
    # zipfile it imports cost a cold search 2-12 ms, and many queries read the old-form kanji table.
    here = Path(__file__).parent / "data" / name
    if here.is_file():
        return here.read_text(encoding="utf-8")
    from importlib import resources
    return resources.files("renkei.corpus").joinpath("data").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_json(name: str) -> Any:
    return json.loads(read_text(name))


def data_path(name: str):
    """A bundled data file, as a path-like the standard library can open (gzip, csv)."""
    from importlib import resources
    return resources.files("renkei.corpus").joinpath("data").joinpath(name)
