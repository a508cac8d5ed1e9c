"""Filter values checked against what the index has, before a query runs.

`--country Narnia` or `institution:harvard` would otherwise match nothing and look like an honest
"0 results"; instead they are an error naming the closest values the index knows (as `kind:`
always was). `--partner` takes any part of any partner name the glossary or the records know
(Cambridge, ケンブリッジ, Yamagata): every partner it names is searched (OR).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from renkei.corpus.glossary import Glossary
from renkei.indexer.analysis import JAPANESE, fold_latin
from renkei.indexer.normalize import normalize
from renkei.indexer.schema import COUNTRY, ENTITIES, INSTITUTION, PARTNER_NAME, REGION, SOURCE, key

from renkei.search.query import aliases
from renkei.search.errors import UnknownFilter
from renkei.search.query.parse import And, Filter, Node, Not, Or

_WORD = re.compile(r"\w+")
_NOT_PARTNERS = ("country", "region", "term")   # glossary entries that are never a partner
_LATIN_MARKED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")   # Latin letters that may carry marks
_LISTED = 8                                       # a field with this many values or fewer lists them all


def fold(text: str) -> str:
    """How names are compared: width, case and accents ignored (Göttingen = GOTTINGEN = ｇöttingen)."""
    # Marks come off Latin letters only: a kana's voicing mark makes another word (ガス is not カス).
    return _LATIN_MARKED.sub(lambda letter: fold_latin(letter[0])[0], normalize(text).text.casefold())


def names_a_part(typed: str, name: str) -> bool:
    """Whether `typed` is part of `name`: whole words in Latin script (Cambridge is in "University of
    Cambridge", not in "Cambridgeshire"), any characters in Japanese (ケンブリッジ in ケンブリッジ大学)."""
    if JAPANESE.search(typed):
        return typed in name
    words, part = _WORD.findall(name), _WORD.findall(typed)
    return bool(part) and any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def closest(typed: str, known: dict[str, str], n: int = 3) -> list[str]:
    """Up to `n` known values nearest to `typed` ({folded: as shown}), compared whole and word by word."""
    pool: dict[str, str] = {}
    for folded, shown in known.items():
        pool.setdefault(folded, shown)
        for word in _WORD.findall(folded):
            if len(word) >= 4:
                pool.setdefault(word, shown)
    import difflib   # here: most searches never need it (#35)
    found = difflib.get_close_matches(fold(typed), list(pool), n=n * 4, cutoff=0.6)
    return list(dict.fromkeys(pool[f] for f in found))[:n]


class FilterValues:
    """Checks and resolves the filters of one search against the index's own values."""

    def __init__(self, reader: Any, glossary: Glossary, labels: dict[str, dict[str, str]] | None = None) -> None:
        self.reader, self.glossary, self.labels = reader, glossary, labels or {}

    def check(self, node: Node | None) -> Node | None:
        """The query tree with every filter checked (raises UnknownFilter) and partners resolved."""
        if isinstance(node, Filter):
            return self.resolve(node)
        if isinstance(node, Not):
            return Not(self.check(node.node))
        if isinstance(node, (And, Or)):
            return type(node)(tuple(self.check(n) for n in node.nodes))
        return node

    def _has(self, field: str, value: str) -> bool:
        return bool(value) and self.reader.doc_frequency(field, value) > 0

    def _terms(self, field: str) -> list[str]:
        return [t for t in self.reader.field_terms(field) if t]

    def resolve(self, node: Filter) -> Node:
        field, value = node.field, node.value
        if field == "institution":
            if value in aliases.INSTITUTIONS or self._has(INSTITUTION, value):
                return node
            known = {fold(n): n for names in aliases.INSTITUTIONS.values() for n in names}
            shown = {fold(t): t for t in self._terms(INSTITUTION)}
            raise self._unknown(node, "an institution in the index", {**known, **shown}, listed=list(shown))
        if field in ("country", "region"):
            entry = self.glossary.lookup(value)
            if (entry is not None and entry.type == field) or self._has(COUNTRY if field == "country" else REGION,
                                                                       key(value)):
                return node
            stored = COUNTRY if field == "country" else REGION
            labels = self.labels.get(stored, {})
            shown = {fold(labels.get(t, t)): labels.get(t, t) for t in self._terms(stored)}
            glossary = {fold(n): e.en[0] if e.en else n for e in self.glossary.entries if e.type == field
                        for n in e.names}
            raise self._unknown(node, f"a {field} in the index or the glossary", {**glossary, **shown},
                                listed=list(shown.values()))
        if field == "source":
            if self._has(SOURCE, value):
                return node
            shown = {fold(t): t for t in self._terms(SOURCE)}
            raise self._unknown(node, "the source file of any record", shown, listed=list(shown.values()))
        if field == "partner":
            return self._partner(node)
        return node   # kind, lang, year: checked when parsed (search.query.make_filter)

    def _partner(self, node: Filter) -> Node:
        """A partner by any name, or part of a name, the glossary or the records know."""
        entry = self.glossary.lookup(node.value)
        if entry is not None and self._has(ENTITIES, entry.id):
            return node
        typed = fold(node.value)
        if self._has(PARTNER_NAME, normalize(node.value).text.casefold()):
            return node
        found: dict[str, str] = {}    # entry id or partner name -> the filter value that finds it
        known: dict[str, str] = {}
        japanese = bool(JAPANESE.search(typed))
        for e in self.glossary.entries:
            if e.type in _NOT_PARTNERS or not self._has(ENTITIES, e.id):
                continue
            shown = next(iter((e.ja if japanese else e.en) or e.names))   # one name an entry, in the script typed
            for name in e.names:
                known.setdefault(fold(name), shown)
                if e.id not in found and names_a_part(typed, fold(name)):
                    found[e.id] = e.names[0]
        for name in self._terms(PARTNER_NAME):
            entry = self.glossary.lookup(name)
            known.setdefault(fold(name), name)
            if (entry is None or entry.id not in found) and names_a_part(typed, fold(name)):
                found[entry.id if entry is not None else name] = name
        if not found:
            raise self._unknown(node, "part of any partner's name", known, listed=())
        filters = tuple(Filter("partner", value) for value in found.values())
        return filters[0] if len(filters) == 1 else Or(filters)

    @staticmethod
    def _unknown(node: Filter, what: str, known: dict[str, str], listed: Iterable[str]) -> UnknownFilter:
        listed = sorted(set(listed))
        near = closest(node.value, known)
        if near:
            hint = f"closest: {', '.join(near)}"
        elif listed and len(listed) <= _LISTED:
            hint = f"use one of: {', '.join(listed)}"
        elif node.field == "partner":
            hint = "try one word of its name, or search for the name instead of filtering"
        else:
            hint = "the values in the index are counted by: renkei search ... --facets"
        return UnknownFilter(f"{node.field}:{node.value} is not {what}; {hint}")
