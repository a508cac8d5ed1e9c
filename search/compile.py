"""Query tree (search.query) -> whoosh query, analysed with the index's own schema."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema

from indexer.normalize import normalize
from indexer.schema import (BODY, COUNTRY, EXACT, INSTITUTION, KIND, LANG, NGRAM, PARTNERS, REGION, SOURCE,
                            TEXT_FIELDS, YEAR)

from . import ranking
from .query import And, Filter, Node, Not, Or, Phrase, Word

_JA = re.compile(r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FILTER_FIELDS = {"institution": INSTITUTION, "kind": KIND, "country": COUNTRY, "region": REGION,
                  "lang": LANG, "source": SOURCE}


@dataclass
class MatchTerms:
    """What a query looks for, for highlighting: index terms and Japanese substrings."""
    terms: set[str] = field(default_factory=set)
    sequences: set[tuple[str, ...]] = field(default_factory=set)   # compounds: adjacent words in order
    substrings: set[str] = field(default_factory=set)               # partial-word (bigram) matches


class Compiler:
    def __init__(self, schema: Schema, loose: bool = False) -> None:
        # loose: a Japanese compound only needs its pieces anywhere (the retry when side by side finds nothing)
        self.loose = loose
        self.words = schema[BODY].analyzer
        self.exact = schema[EXACT[BODY]].analyzer
        self.bigrams = schema[NGRAM[BODY]].analyzer
        self.match = MatchTerms()

    def compile(self, node: Node | None, any_term: bool = False) -> wq.Query | None:
        """The whoosh query; `any_term` ORs the top-level words (the fallback when AND finds nothing)."""
        if node is None:
            return None
        if any_term and isinstance(node, And):
            required = [self.node(n) for n in node.nodes if not isinstance(n, (Word, Phrase))]
            optional = [self.node(n) for n in node.nodes if isinstance(n, (Word, Phrase))]
            optional = [q for q in optional if q is not None]
            required = [q for q in required if q is not None]
            if not optional:
                return self._and(required)
            return self._and([*required, wq.Or(optional)])
        return self.node(node)

    def node(self, node: Node) -> wq.Query | None:
        if isinstance(node, Word):
            return self.word(node.text)
        if isinstance(node, Phrase):
            return self.phrase(node.text)
        if isinstance(node, Filter):
            return filter_query(node)
        if isinstance(node, Not):
            inner = self.node(node.node)
            return wq.Not(inner) if inner is not None else None
        parts = [self.node(n) for n in node.nodes]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        if isinstance(node, Or):
            return parts[0] if len(parts) == 1 else wq.Or(parts)
        query = self._and(parts)
        if isinstance(node, And):
            near = self.proximity([n for n in node.nodes if isinstance(n, Word)])
            if near is not None:
                query = wq.AndMaybe(query, near)
        return query

    @staticmethod
    def _and(parts: list[wq.Query]) -> wq.Query | None:
        if not parts:
            return None
        if all(isinstance(p, wq.Not) for p in parts):
            parts = [wq.Every(), *parts]
        return parts[0] if len(parts) == 1 else wq.And(parts)

    # --- words ---------------------------------------------------------------------------------

    def _analyse(self, text: str) -> tuple[list[tuple[int, list[str], int, int]], dict[int, str]]:
        """Word terms grouped by position (variants share one) with their span in `text`,
        and the exact Latin form at each position."""
        by_pos: dict[int, tuple[list[str], int, int]] = {}
        for token in self.words(text, positions=True, chars=True, mode="query"):
            by_pos.setdefault(token.pos, ([], token.startchar, token.endchar))[0].append(token.text)
        exact = {t.pos: t.text for t in self.exact(text, positions=True, mode="query")}
        return [(pos, *by_pos[pos]) for pos in sorted(by_pos)], exact

    def word(self, text: str) -> wq.Query | None:
        """A chunk typed without spaces: all its words must match.

        Japanese words side by side in the query (国際|共同|研究) form a compound: records that
        have them side by side, in order, rank well above those that merely contain each.
        """
        groups, exact = self._analyse(text)
        if not groups:
            return self.partial(text)
        clauses, bonuses = [], []
        for compound in _compounds(groups):
            pieces = [self.term_clause(terms, exact.get(pos)) for pos, terms, _, _ in compound]
            if len(compound) == 1:
                self.match.terms.update(compound[0][1])
                clauses += pieces
                continue
            primary = [terms[0] for _, terms, _, _ in compound]
            self.match.sequences.add(tuple(primary))
            side_by_side = [wq.Phrase(f, primary, slop=ranking.COMPOUND_SLOP, boost=b)
                            for f, b in ranking.WORD_BOOST.items()]
            clauses.append(wq.And(pieces) if self.loose else wq.Or(side_by_side))
            bonuses += [wq.Phrase(f, primary, boost=ranking.PHRASE_BOOST * b) for f, b in ranking.WORD_BOOST.items()]
        required = clauses[0] if len(clauses) == 1 else wq.And(clauses)
        if bonuses:
            required = wq.AndMaybe(required, wq.Or(bonuses))
        if any(_JA.search(terms[0]) for _, terms, _, _ in groups):
            partial = self.partial(text)
            if partial is not None:
                return wq.Or([required, partial])
        return required

    def term_clause(self, terms: list[str], exact: str | None) -> wq.Query:
        subs = [wq.Term(f, t, boost=b) for t in terms for f, b in ranking.WORD_BOOST.items()]
        if exact is not None:
            subs += [wq.Term(f, exact, boost=b) for f, b in ranking.EXACT_BOOST.items()]
        return wq.Or(subs)

    def partial(self, text: str) -> wq.Query | None:
        """Japanese runs as substrings (bigram phrases): finds parts of words MeCab did not cut out."""
        runs: list[list[str]] = []
        last = None
        for token in self.bigrams(text, positions=True, mode="query"):
            if last is None or token.pos != last + 1:
                runs.append([])
            runs[-1].append(token.text)
            last = token.pos
        if not runs:
            return None
        if not (self.match.substrings or self.match.terms or self.match.sequences):
            norm = normalize(text).text
            self.match.substrings.update(r for r in re.findall(_JA.pattern + "+", norm) if len(r) > 1)
        per_run = []
        for grams in runs:
            if len(grams) == 1:
                per_run.append(wq.Or([wq.Term(f, grams[0], boost=b) for f, b in ranking.NGRAM_BOOST.items()]))
            else:
                per_run.append(wq.Or([wq.Phrase(f, grams, boost=b) for f, b in ranking.NGRAM_BOOST.items()]))
        return per_run[0] if len(per_run) == 1 else wq.And(per_run)

    def phrase(self, text: str) -> wq.Query | None:
        groups, exact = self._analyse(text)
        if not groups:
            return None
        primary = [terms[0] for _, terms, _, _ in groups]
        self.match.terms.update(primary)
        if len(primary) == 1:
            return self.word(text)
        subs: list[wq.Query] = [wq.Phrase(f, primary, boost=b) for f, b in ranking.WORD_BOOST.items()]
        exact_words = [exact[p] for p, *_ in groups if p in exact]
        if len(exact_words) == len(groups):
            subs += [wq.Phrase(f, exact_words, boost=b) for f, b in ranking.EXACT_BOOST.items()]
        if all(_JA.search(t) for t in primary):
            partial = self.partial(text)
            if partial is not None:
                subs.append(partial)
        return wq.Or(subs)

    def proximity(self, words: list[Word]) -> wq.Query | None:
        """Optional bonus when the words of several chunks stand near each other in the body."""
        terms = []
        for w in words:
            groups, _ = self._analyse(w.text)
            terms += [t[0] for _, t, _, _ in groups]
        if len(terms) < 2:
            return None
        return wq.Phrase(BODY, terms, slop=ranking.PROXIMITY_SLOP, boost=ranking.PROXIMITY_BOOST)


def _compounds(groups: list[tuple[int, list[str], int, int]]) -> list[list[tuple[int, list[str], int, int]]]:
    """Split analysed groups into runs of adjacent Japanese words; every Latin word stands alone."""
    out: list[list[tuple[int, list[str], int, int]]] = []
    for group in groups:
        japanese = bool(_JA.search(group[1][0]))
        if out and japanese and _JA.search(out[-1][-1][1][0]) and group[0] == out[-1][-1][0] + 1:
            out[-1].append(group)
        else:
            out.append([group])
    return out


def filter_query(node: Filter) -> wq.Query:
    if node.field == "year":
        lo, hi = node.value.split("..")
        return wq.NumericRange(YEAR, int(lo) if lo else None, int(hi) if hi else None)
    return wq.Term(_FILTER_FIELDS[node.field], node.value)


__all__ = ["Compiler", "MatchTerms", "TEXT_FIELDS", "filter_query"]
