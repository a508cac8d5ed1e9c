"""Search through SolrCloud with renkei's own query plan (`--backend solr://HOST:PORT/COLLECTION`).

renkei parses the query, checks its filters, corrects, translates and expands names exactly as it
does locally (the plan of search.plan, built with a local index's schema, glossary and dictionary:
the query kit). Solr evaluates the plan's clauses over the pre-analysed fields, ranks and facets;
renkei highlights the page from the stored records. What differs from local ranking:
  - scores are Lucene's BM25 (k1 1.2, b 0.6, global statistics), not whoosh's BM25F: another idf,
    another length normalisation, phrases scored by Lucene;
  - the tiers are the same (more of the query's words first, each weighed by its rarity in the
    collection, which a first request without rows counts; words as typed before translations; a
    home university the query names first), but local search's rescore of its top 30
    (proximity, exact English forms, compounds side by side) is not run, nor its lower weight for
    a table's rows (ranking.TABLE_ROW).
The record sets are the same: tests/test_solr.py checks them, and measures the ranking.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable, Mapping

from renkei.corpus import Record
from renkei.indexer.schema import COUNTRY, FACET_FIELDS, INSTITUTION, INSTITUTION_KEYS, record_from_json

from renkei.search.checks import check_record_id, check_search, library_filters
from renkei.search.engine import Engine, _has_filter
from renkei.search.errors import QuerySyntaxError, RecordNotFound
from renkei.search.highlight.offsets import highlights
from renkei.search.plan import ranking
from renkei.search.plan.plan import Plan, build_plan
from renkei.search.query.filters import FilterValues
from renkei.search.query.parse import MAX_QUERY_CHARS, parse_query
from renkei.search.results import Hit, SearchResults
from renkei.search.solr.errors import AnalysisMismatch
from renkei.search.solr.export import RECORD_FIELD, analysis_version
from renkei.search.solr.http import SolrClient, parse_backend
from renkei.search.solr.translate import Translator

log = logging.getLogger(__name__)
_INSTITUTION_NAMES = {v: k for k, v in INSTITUTION_KEYS.items()}
MAX_LIMIT = 10000


class SolrEngine:
    """Searches a SolrCloud collection loaded by `renkei push`; the same results as Engine.search.

    `backend`: solr://HOST:PORT[,HOST:PORT...]/COLLECTION (several nodes: the next one answers
    when one is down). `index_dir`: the local index whose analysis, glossary and dictionary plan
    the queries (default: the user's index); AnalysisMismatch if the collection holds another."""

    def __init__(self, backend: str, index_dir: Path | None = None, *, retries: int = 3,
                 timeout: float = 30.0) -> None:
        urls, collection = parse_backend(backend)
        self.backend = backend
        self.client = SolrClient(urls, collection, retries=retries, timeout=timeout)
        self.local = Engine(index_dir)
        self.analysis = analysis_version(self.local._meta)
        found = self.client.get("/schema/name").get("name")
        if found != self.analysis:
            self.local.close()
            raise AnalysisMismatch(f"The collection {collection!r} at {backend} was loaded with analysis {found}, "
                                   f"this renkei's is {self.analysis}. Load it again with: renkei export --solr DIR "
                                   f"&& renkei push --solr URL --collection {collection}")

    def close(self) -> None:
        """Close the local index that plans the queries."""
        self.local.close()

    def __enter__(self) -> "SolrEngine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- queries -------------------------------------------------------------------------------

    def search(self, query: str = "", *, filters: Mapping[str, str | Iterable[str] | None] | None = None,
               limit: int = 10, offset: int = 0, sort: str = "relevance", facets: bool = False,
               highlight: bool = True, correct: bool = True, fill: bool = True,
               timeout: float | None = None) -> SearchResults:
        """As Engine.search, evaluated by Solr (see the module's docstring for what differs)."""
        check_search(query, limit, offset, sort, timeout)
        limit = min(limit, MAX_LIMIT)
        # The query kit: the local index's schema (analysers), filter values, glossary and dictionary.
        searcher = self.local._searcher()
        expander = self.local._expander
        checker = FilterValues(searcher.reader(), expander.glossary, self.local._meta.get("labels"))
        tree = checker.check(parse_query(query))
        extra = [checker.check(node) for node in library_filters(filters)]
        if tree is None and not extra:
            raise QuerySyntaxError("empty query: give words to search for, or a filter such as --country germany")
        plan = build_plan(tree, searcher.schema, expander, extra)
        expanded = tuple(dict.fromkeys(n for _, names in plan.expansions for n in names))
        if tree is not None and not plan.words and not _has_filter(tree) and not extra:
            return SearchResults(query, 0, (), expansions=plan.expansions, expanded=expanded)   # stop words only
        run = self._run(plan, offset + limit, sort, facets, fill, timeout)
        found = self.local._suggestion(query, only=run["missing"]) if correct and tree is not None and run["missing"] else None
        suggestion = found.text if found else None
        if found and found.sure and run["total"] == 0 and len(suggestion) <= MAX_QUERY_CHARS:   # spelling.Suggestion
            corrected = self.search(suggestion, filters=filters, limit=limit, offset=offset, sort=sort,
                                    facets=facets, highlight=highlight, correct=False, fill=fill)
            if corrected.total:
                return SearchResults(query, corrected.total, corrected.hits, corrected.facets, suggestion,
                                     query, corrected.any_term, corrected.more, corrected.expanded,
                                     corrected.expansions, corrected.missing, corrected.timed_out)
        page = run["hits"][offset:offset + limit]
        hits = tuple(Hit(record, rank, score, highlights(record, plan.match) if highlight else (), partial)
                     for rank, (record, score, partial) in enumerate(page, offset + 1))
        return SearchResults(query, run["total"], hits, facets=run["facets"], suggestion=suggestion,
                             any_term=run["total"] == 0 and run["more"] > 0, more=run["more"], expanded=expanded,
                             expansions=plan.expansions, missing=run["missing"], timed_out=run["timed_out"])

    def solr_params(self, plan: Plan, wanted: int, sort: str = "relevance", facets: bool = False,
                    fill: bool = True, pieces: Mapping[int, list] | None = None,
                    weights: list[float] | None = None) -> dict[str, Any]:
        """The Solr request for a plan: q (some of the words), fq (what must hold), the tier
        function (each word weighed as `weights`, from its document frequency), and the count of
        records with every word."""
        tr = Translator()
        # Every clause is tagged: the per-word counts (which words are found nowhere) exclude them all.
        params: dict[str, Any] = {"fl": f"id,{RECORD_FIELD},score", "rows": wanted, "facet": {},
                                  "fq": [f"{{!tag=top}}{tr(q)}" for q in plan.required]}
        if not plan.words:
            params.update(q="*:*", sort="sort_date desc,id asc")
            return self._with_facets(params, tr, facets, None)
        words = [tr.param(tr(clause)) for clause in plan.words]
        # a word found only through a guess at part of its name has every word where it is found as typed
        wholes = [tr.param(tr(q)) for q in plan.whole if q is not None]
        params["full"] = " ".join(f'+_query_:"{{!v=${w}}}"' for w in words + wholes)
        weights = weights or [1.0] * len(words)
        counts, own, some, found = [], [], [], []
        guessed = plan.guessed or [None] * len(words)
        for i, (word, plain, weight, guess) in enumerate(zip(words, plan.plain, weights, guessed)):
            if pieces and i in pieces:   # a compound found nowhere: its pieces count as part of the word
                parts = [tr.param(tr(p)) for p in pieces[i]]
                some += parts
                counts.append("sum(" + ",".join(f"if(exists(query(${p})),{weight * 0.99 / len(parts)!r},0)"
                                                 for p in parts) + ")")
                own.append("max(" + ",".join(f"if(exists(query(${p})),{weight!r},0)" for p in parts) + ",0)")
                continue
            some.append(word)
            found.append(f"if(exists(query(${word})),1,0)")
            if guess is not None:   # records only an acronym's guesses find have a share of the word
                guessing = tr.param(tr(guess))
                some.append(guessing)
                counts.append(f"if(exists(query(${word})),{weight!r},"
                              f"if(exists(query(${guessing})),{weight * ranking.GUESSED_SHARE!r},0))")
            else:
                counts.append(f"if(exists(query(${word})),{weight!r},0)")
            typed = word if plain is None else tr.param(tr(plain))
            own.append(f"if(exists(query(${typed})),{weight!r},0)")
        count = f"sum({','.join(counts)},0)"
        # the tier, as search.matching.grading: weighed words found in hundredths *4(k+1), all of
        # them as typed +1, home +2(k+1), each of the k institutions named whole in the names +2
        named = [q for q in plan.named if q is not None]
        step = len(named) + 1
        tier = (f"sum(product({4 * step},rint(product(100,{count}))),"
                f"if(gte(sum({','.join(own)},0),sub({count},0.000000001)),1,0)")
        if plan.home:
            home = tr.param(" OR ".join(f"({tr(q)})" for q in plan.home))
            tier += f",if(and(exists(query(${home})),exists(query($full))),{2 * step},0)"
        for q in named:
            tier += f",if(exists(query(${tr.param(tr(q))})),2,0)"
        tier += ")"
        params["q"] = ("{!tag=top}" + " OR ".join(f'_query_:"{{!v=${w}}}"' for w in some) if fill
                       else "{!tag=top v=$full}")
        params["fl"] += f",tier:{tier},count:sum({','.join([*found, '0'])})"   # every word may be found by pieces
        params["sort"] = f"{tier} desc," + ("sort_date desc,id asc" if sort == "date"
                                           else "score desc,sort_date desc,id asc")
        params["facet"]["full"] = {"type": "query", "q": "{!v=$full}"}
        return self._with_facets(params, tr, facets, "{!v=$full}")

    @staticmethod
    def _with_facets(params: dict[str, Any], tr: Translator, facets: bool, full: str | None) -> dict[str, Any]:
        params.update(tr.params)
        if facets:
            for name in FACET_FIELDS:
                params["facet"][f"a_{name}"] = {"type": "terms", "field": name, "limit": -1, "mincount": 1}
                if full is not None:
                    params["facet"][f"f_{name}"] = {"type": "terms", "field": name, "limit": -1, "mincount": 1,
                                                    "domain": {"filter": full}}
        return params

    def _request(self, params: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        body = {"params": {k: v for k, v in params.items() if k != "facet" and v is not None}}
        if timeout is not None:
            body["params"]["timeAllowed"] = max(1, int(timeout * 1000))
        if params.get("facet"):
            body["facet"] = params["facet"]
        return self.client.post("/select", body)

    def _run(self, plan: Plan, wanted: int, sort: str, facets: bool, fill: bool,
             timeout: float | None) -> dict[str, Any]:
        n = len(plan.words)
        missing, with_pieces, weights = self._word_counts(plan, timeout)
        params = self.solr_params(plan, wanted, sort, facets, fill, with_pieces, weights)
        answer = self._request(params, timeout)
        found = answer.get("facets", {})
        response = answer["response"]
        docs = response["docs"]
        number = response["numFound"]
        total = number if n == 0 else found.get("full", {}).get("count", 0)
        best = max([d.get("score", 0.0) for d in docs] or [0.0]) or 1.0
        levels = {t: level for level, t in enumerate(sorted({float(d.get("tier", 0.0)) for d in docs}))}
        hits = [(record_from_json(d[RECORD_FIELD]), _shown(d, levels, best, sort), n > 0 and d.get("count", n) < n)
                for d in docs]
        return {"total": total, "more": number - total, "hits": hits, "missing": missing,
                "timed_out": bool(answer.get("responseHeader", {}).get("partialResults")),
                "facets": self._facets(found, total > 0 and n > 0) if facets else None}

    def _word_counts(self, plan: Plan, timeout: float | None) -> tuple[tuple[str, ...], dict[int, list], list[float]]:
        """A first, cheap request (no rows): how many records each word (or, for a compound found
        nowhere, its pieces) matches in the whole collection. They give the words found nowhere and
        each word's rarity weight, as local grading computes them from its postings."""
        if not plan.words:
            return (), {}, []
        tr = Translator()
        facet = {}
        for i, clause in enumerate(plan.words):
            facet[f"w{i}"] = {"type": "query", "q": tr(clause)}
            if plan.guessed and plan.guessed[i] is not None:   # found only through a guess, the word is found
                facet[f"guess{i}"] = {"type": "query", "q": f"({tr(clause)}) OR ({tr(plan.guessed[i])})"}
            if plan.pieces[i]:
                facet[f"pieces{i}"] = {"type": "query", "q": " OR ".join(f"({tr(p)})" for p in plan.pieces[i])}
        answer = self._request({"q": "*:*", "rows": 0, "facet": facet, **tr.params}, timeout)
        counts = answer.get("facets", {})
        dfs = [counts.get(f"w{i}", {}).get("count", 0) for i in range(len(plan.words))]
        dfs = [df or counts.get(f"guess{i}", {}).get("count", 0) for i, df in enumerate(dfs)]
        missing_at = [i for i, df in enumerate(dfs) if df == 0]
        with_pieces = {i: plan.pieces[i] for i in missing_at if plan.pieces[i]}
        for i in with_pieces:
            dfs[i] = counts.get(f"pieces{i}", {}).get("count", 0)
        missing = tuple(plan.labels[i] for i in missing_at if not dfs[i])
        return missing, with_pieces, ranking.rarity_weights(dfs, int(answer["response"]["numFound"]), plan.names)

    def _facets(self, found: dict[str, Any], full: bool) -> dict[str, dict[str, int]]:
        labels = self.local._meta.get("labels", {})
        out = {}
        for name in FACET_FIELDS:
            counts = {}
            for bucket in found.get(f"{'f' if full else 'a'}_{name}", {}).get("buckets", []):
                value = bucket["val"]
                if name == INSTITUTION:
                    value = _INSTITUTION_NAMES.get(value, value)
                elif name == COUNTRY:
                    value = labels.get(COUNTRY, {}).get(value, value)
                counts[str(value)] = bucket["count"]
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    # --- records -------------------------------------------------------------------------------

    def get(self, record_id: str) -> Record:
        """The whole record with this id, from Solr; RecordNotFound if the collection has none."""
        check_record_id(record_id)
        doc = self.client.get("/get", {"id": record_id, "fl": RECORD_FIELD}).get("doc")
        if not doc:
            raise RecordNotFound(f"No record with id {record_id!r} in {self.backend}")
        return record_from_json(doc[RECORD_FIELD])

    def count(self) -> int:
        """How many records the collection holds (committed)."""
        return int(self.client.get("/select", {"q": "*:*", "rows": 0})["response"]["numFound"])

    def ids(self, query: str, filters: Mapping[str, Any] | None = None) -> set[str]:
        """The ids of every record with all of the query's words (the records `total` counts)."""
        first = self.search(query, filters=filters, limit=1, fill=False, highlight=False, correct=False)
        if not first.total:
            return set()
        return {h.id for h in self.search(query, filters=filters, limit=min(first.total, MAX_LIMIT), fill=False,
                                          highlight=False, correct=False).hits}


def _shown(doc: dict[str, Any], levels: dict[float, int], best: float, sort: str) -> float:
    """The score shown: the record's level among the page's tiers, plus its Solr score relative to
    the page's best."""
    score = float(doc.get("score", 0.0))
    return levels[float(doc.get("tier", 0.0))] + (score / (best * (1 + 1e-9)) if sort != "date" else 0.0)


def dumps(params: dict[str, Any]) -> str:
    """A request's parameters as JSON, for --explain and debugging."""
    return json.dumps(params, ensure_ascii=False, indent=1)
