"""A filter (search.query.parse.Filter) as a whoosh query over the structured fields."""
from __future__ import annotations

from typing import TYPE_CHECKING

from whoosh import query as wq

from renkei.indexer.schema import COUNTRY, ENTITIES, INSTITUTION, KIND, LANG, PARTNER_NAME, REGION, SORT_DATE, SOURCE, YEAR, key

if TYPE_CHECKING:
    from renkei.search.crosslingual.expand import Expander
    from renkei.search.query.parse import Filter

_FILTER_FIELDS = {"institution": INSTITUTION, "kind": KIND, "country": COUNTRY, "region": REGION,
                  "lang": LANG, "source": SOURCE}


def filter_query(node: Filter, expander: Expander | None = None) -> wq.Query:
    if node.field == "year":
        lo, hi = node.value.split("..")
        return wq.NumericRange(YEAR, int(lo) if lo else None, int(hi) if hi else None)
    if node.field == "date":   # ISO bounds, inclusive (renkei.corpus.when.span), against each record's date
        lo, hi = node.value.split("..")
        return wq.TermRange(SORT_DATE, lo or None, hi or None)
    value = node.value
    if node.field == "partner":
        entry = expander.glossary.lookup(value) if expander else None
        if entry is not None:
            return wq.Term(ENTITIES, entry.id)
        return wq.Term(PARTNER_NAME, value.casefold())
    if node.field in ("country", "region"):
        entry = expander.glossary.lookup(value) if expander else None
        if entry is not None and entry.type == node.field and entry.en:
            value = key(entry.en[0])
        else:
            value = key(value)   # not in the glossary: the name as records write it
    return wq.Term(_FILTER_FIELDS[node.field], value)
