"""A Japanese place name's English, as the index's Latin names write it (#30.3)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from renkei.indexer.names.places import english_of
from renkei.indexer.names.sound import latin_key, latin_variants
from renkei.search.crosslingual.misheard import same_letters, spelt_alike

if TYPE_CHECKING:
    from renkei.indexer.names.table import NameTable


def place_as_indexed(table: NameTable, part: str) -> tuple[list[str], bool]:
    """JMnedict's English of a place, as the index writes it if it writes one of its glosses
    (ハルツーム: Al-Khurtum|Khartoum, the index's Khartoum; ウッチ: Lodz, the index's Łódź; Franche Conte,
    its Franche-Comté), two if it writes two (ヨーテボリ: Göteborg and Gothenburg), else the first; and whether it does."""
    glosses = english_of(part)
    latin = table.latin
    indexed = [n for g in glosses[:4] for k in (latin_key(g), *latin_variants(g))   # Gyor: gor, as Győr
               for n in latin.get(k, ()) if same_letters(n, g)] or [
        n for g in glosses[:2] for _, n in table.near(latin_key(g), "latin", 0.85, 3, False)
        if spelt_alike(n.replace("-", " "), g.replace("-", " "))]
    return (list(dict.fromkeys(indexed))[:2] or list(glosses[:1])), bool(indexed)
