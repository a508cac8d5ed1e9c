"""Names users type for filter values, mapped to the keys stored in the index."""
from __future__ import annotations

import unicodedata

from renkei.corpus.records import KIND_ALIASES
from renkei.indexer.schema import key

INSTITUTIONS = {
    "keio": ("keio", "keio university", "慶應", "慶応", "慶應義塾", "慶應義塾大学", "慶応義塾大学", "慶大"),
    "kyoto": ("kyoto", "kyoto university", "kyoto-u", "kyodai", "京大", "京都大学"),
    "utokyo": ("utokyo", "tokyo", "todai", "university of tokyo", "the university of tokyo", "u-tokyo",
               "東大", "東京大学"),
}
KINDS = KIND_ALIASES   # one table: a record's kind is read with the same names (corpus.records)
LANGS = {"ja": ("ja", "japanese", "jp", "日本語"), "en": ("en", "english", "英語")}


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()


def _lookup(table: dict[str, tuple[str, ...]], value: str) -> str | None:
    folded = _fold(value)
    for canonical, names in table.items():
        if folded == canonical or folded in names or key(folded) == canonical:
            return canonical
    return None


def institution(value: str) -> str:
    return _lookup(INSTITUTIONS, value) or key(_fold(value))


def kind(value: str) -> str | None:
    return _lookup(KINDS, value)


def lang(value: str) -> str | None:
    return _lookup(LANGS, value)
