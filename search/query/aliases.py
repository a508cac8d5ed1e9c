"""Names users type for filter values, mapped to the keys stored in the index."""
from __future__ import annotations

import unicodedata

from renkei.indexer.schema import key

INSTITUTIONS = {
    "keio": ("keio", "keio university", "慶應", "慶応", "慶應義塾", "慶應義塾大学", "慶応義塾大学", "慶大"),
    "kyoto": ("kyoto", "kyoto university", "kyoto-u", "kyodai", "京大", "京都大学"),
    "utokyo": ("utokyo", "tokyo", "todai", "university of tokyo", "the university of tokyo", "u-tokyo",
               "東大", "東京大学"),
}
KINDS = {
    "exchange-memorandum": ("memorandum", "memoranda", "mou", "memo", "exchange", "覚書", "協定"),
    "regional-agreement": ("agreement", "agreements", "regional", "region", "地域連携"),
    "strategic-partnership": ("partnership", "partnerships", "strategic", "partner", "sp", "戦略的パートナーシップ"),
    "researcher-exchange": ("researcher", "researchers", "research-exchange", "研究者"),
    "section": ("section", "sections", "prose"),
    "document": ("document", "documents", "doc", "docs"),
    "summary": ("summary", "summaries", "total", "totals", "合計", "集計"),
}
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
