"""renkei's plan clauses (whoosh query objects) as Solr queries over the pre-analysed fields.

Each node keeps its meaning: a Term is one exact term (quoted: renkei's terms are never parsed
again), a Phrase keeps whoosh's slop (each word within `slop` positions after the one before: an
exact Lucene phrase for slop 1, Lucene's slop - 1 for two words, nested ordered SpanNear queries
for more), And/Or/Not are Lucene's boolean clauses, DisjunctionMax is the maxscore parser with the
same tiebreak. Boosts are Lucene's `^`. Nested parsers take their text from request parameters
(`v=$p3`), so nothing is quoted twice.
"""
from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape

from whoosh import query as wq

from renkei.corpus.when import whole_years
from renkei.indexer.schema import DEPARTMENT, ENTITIES, PARTNER_NAME, SORT_DATE, YEAR

from renkei.search.solr.export import PRE_FIELDS

NOTHING = "(+*:* -*:*)"   # matches no record
_LIST_FIELDS = {PARTNER_NAME, DEPARTMENT, ENTITIES}


class Untranslatable(ValueError):
    """A query node the Solr backend has no translation for."""


class Translator:
    """Turns clauses into query strings; the nested ones' texts collect in `params`."""

    def __init__(self, prefix: str = "p") -> None:
        self.params: dict[str, str] = {}
        self.prefix = prefix

    def param(self, text: str) -> str:
        name = f"{self.prefix}{len(self.params)}"
        self.params[name] = text
        return name

    def nested(self, parser: str, text: str, **local: Any) -> str:
        """A clause run by another parser: _query_:"{!parser v=$pN}"."""
        args = "".join(f" {k}={v}" for k, v in local.items())
        return f'_query_:"{{!{parser}{args} v=${self.param(text)}}}"'

    def __call__(self, q: wq.Query | None) -> str:
        if q is None or _nothing(q):
            return NOTHING
        text = self._node(q)
        boost = getattr(q, "boost", 1.0)
        if boost != 1.0 and not isinstance(q, (wq.Term, wq.Phrase)):
            text = f"({text})^{_num(boost)}"
        return text

    def _node(self, q: wq.Query) -> str:
        if isinstance(q, wq.Term):
            return _boosted(f"{_field(q.fieldname)}:{_quote(q.text)}", q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q)
        if isinstance(q, wq.DisjunctionMax):
            parts = [self(s) for s in q.subqueries if not _nothing(s)]
            if not parts:
                return NOTHING
            if len(parts) == 1:
                return parts[0]
            return self.nested("maxscore", " OR ".join(f"({p})" for p in parts), tie=_num(q.tiebreak))
        if isinstance(q, wq.And):
            parts = list(q.subqueries)
            if any(_nothing(p) for p in parts):
                return NOTHING
            return " ".join(f"-({self(p.query)})" if isinstance(p, wq.Not) else f"+({self(p)})" for p in parts)
        if isinstance(q, wq.Or):
            parts = [self(s) for s in q.subqueries if not _nothing(s)]
            return " OR ".join(f"({p})" for p in parts) if parts else NOTHING
        if isinstance(q, wq.Not):
            return f"*:* -({self(q.query)})"
        if isinstance(q, wq.Every):
            return "*:*"
        if isinstance(q, wq.NumericRange):
            if q.fieldname != YEAR:
                raise Untranslatable(f"range on {q.fieldname!r}")
            lo = "*" if q.start is None else int(q.start)
            hi = "*" if q.end is None else int(q.end)
            return f"{YEAR}:[{lo} TO {hi}]"
        if isinstance(q, wq.TermRange) and q.fieldname == SORT_DATE:
            return _date_range(q.start, q.end)
        raise Untranslatable(f"no Solr translation for {type(q).__name__}")

    def _phrase(self, q: wq.Phrase) -> str:
        field, words, slop = _field(q.fieldname), list(q.words), max(1, int(q.slop))
        if len(words) == 1:
            return _boosted(f"{field}:{_quote(words[0])}", q.boost)
        if slop == 1 or len(words) == 2:
            suffix = f"~{slop - 1}" if slop > 1 else ""
            return _boosted(f"{field}:{_quote(' '.join(words))}{suffix}", q.boost)
        # whoosh's slop is between each word and the next: a chain of ordered SpanNear queries,
        # each (the words so far) followed by the next word within slop - 1 positions
        xml = f"<SpanTerm>{xml_escape(words[0])}</SpanTerm>"
        for word in words[1:]:
            xml = (f'<SpanNear slop="{slop - 1}" inOrder="true">{xml}'
                   f"<SpanTerm>{xml_escape(word)}</SpanTerm></SpanNear>")
        xml = xml.replace("<SpanNear ", f'<SpanNear fieldName="{field}" ', 1)
        return _boosted(self.nested("xmlparser", xml), q.boost)


def _nothing(q: wq.Query) -> bool:
    return isinstance(q, type(wq.NullQuery))   # whoosh's NullQuery is the one instance of its class


def _field(name: str) -> str:
    return PRE_FIELDS.get(name, name)


def _date_range(first: str | None, last: str | None) -> str:
    """A date: filter: days by the ISO bounds (they sort as text), and a record dated by a year
    alone when the bounds hold all of it (as search.matching.evaluation._dated)."""
    year_only = f"{SORT_DATE}:/[0-9]{{4}}/"
    days = f"+{SORT_DATE}:[{_quote(first) if first else '*'} TO {_quote(last) if last else '*'}] -{year_only}"
    lo, hi = whole_years(first, last)
    if lo is not None and hi is not None and lo > hi:
        return f"({days})"
    years = f'{SORT_DATE}:[{_quote(str(lo)) if lo else "*"} TO {_quote(str(hi)) if hi else "*"}]'
    return f"({days}) OR (+{year_only} +{years})"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _boosted(text: str, boost: float) -> str:
    return text if boost == 1.0 else f"{text}^{_num(boost)}"


def _num(x: float) -> str:
    return repr(float(x))
