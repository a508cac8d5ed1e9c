"""The search library: open an index, run queries, get frozen results. No printing, no click."""
from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from renkei.indexer import opening, store  # first: whoosh is then imported without the web (indexer/whoosh_compat.py)
import numpy as np
from whoosh import query as wq

from renkei.corpus import Record
from renkei.indexer.dictionary.table import DICTIONARY_FILE
from renkei.indexer.schema import (BODY, COUNTRY, FACET_FIELDS, ID_FIELD, INSTITUTION, INSTITUTION_KEYS, KIND, LANG)

from renkei.search.plan import ranking
from renkei.search import spelling
from renkei.search.query import vocabulary
from renkei.search.plan.compile import MatchTerms
from renkei.search.checks import check_limit, check_record_id, check_search, check_suggest, library_filters
from renkei.search.diagnose import diagnosed, stored_glossary
from renkei.search.errors import EngineClosed, QuerySyntaxError, RecordNotFound
from renkei.search.crosslingual.expand import Expander
from renkei.search.query.filters import FilterValues
from renkei.search.crosslingual.names import table_reader
from renkei.search.matching import evaluation
from renkei.search.matching.rowspace import FastSearcher
from renkei.search.matching.grading import grade, only_generic_found, shown_scores
from renkei.search.process import keep_freed_memory
from renkei.search.plan.plan import build_plan
from renkei.search.matching.rescore import rescore as _rescore
from renkei.search.query.parse import MAX_QUERY_CHARS, Filter, parse_query
from renkei.search.results import Hit, SearchResults
from renkei.search.highlight.offsets import BodyPositions, page_highlights
from renkei.search.similar import about_the_same_partner, in_levels, sharing_words
from renkei.search.crosslingual.translate import Translator

log = logging.getLogger(__name__)
_INSTITUTION_NAMES = {v: k for k, v in INSTITUTION_KEYS.items()}
MAX_LIMIT = 10000


class Engine:
    """Searches one index. Safe to share between threads (each thread gets its own searcher).

    Use it as a context manager, or call close() when done. IndexNotFound if there is no index
    at `index_dir` yet; IndexDamaged (naming the file) if its files cannot be read, now or later."""

    def __init__(self, index_dir: Path | None = None) -> None:
        self.index_dir = Path(index_dir) if index_dir else store.default_index_dir()
        self._current_file = self.index_dir / store.CURRENT   # stat on every query: joined once
        self._lock = threading.Lock()
        self._local = threading.local()
        self._closed = False
        self._searchers: weakref.WeakSet = weakref.WeakSet()   # every thread's, for close()
        keep_freed_memory()   # see search/process.py
        self._open()

    def _open(self) -> None:
        with self._lock:
            self._current = _file_version(self._current_file)   # before it is read: see _searcher
            # whoosh's segments open when a query needs them (filter values, spelling, similar,
            # stats): most searches read only the schema and the fast arrays (#35).
            self._generation, self._meta, self._schema = opening.open_for_search(self.index_dir)
            self._ix = None
            generation = self._generation
            self._expander = Expander(stored_glossary(generation),
                                      translator=lambda: Translator.load(generation / DICTIONARY_FILE),
                                      names=table_reader(generation))
            self._epoch = getattr(self, "_epoch", 0) + 1

    def _searcher(self):
        """This thread's searcher, reopened when another process has published a new index."""
        self._check_current()
        return self._whoosh_searcher()

    def _check_current(self) -> None:
        """Reopen when another process has published a new index; EngineClosed once closed."""
        if self._closed:
            raise EngineClosed("This engine is closed: open another with search.open_index()")
        # A writer publishes by renaming a new CURRENT into place: a file of another inode, so a
        # stat tells whether to read it (read on every query, it cost ~5 % of a query at 1k records).
        current = self._current_file
        version = _file_version(current)
        if version != self._current:
            try:
                live = current.read_text(encoding="utf-8").strip()
            except OSError:
                live = self._generation.name
            if live != self._generation.name:
                self._open()
            else:
                self._current = version

    def _whoosh_searcher(self):
        """This thread's whoosh searcher of the open generation, its segments opened on first use."""
        local = self._local
        if getattr(local, "epoch", None) != self._epoch:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            with self._lock:   # the generation's segments, then this thread's searcher of them
                if self._ix is None:
                    self._ix = opening.open_segments(self._generation)
                local.searcher, local.epoch = self._ix.searcher(weighting=ranking.weighting()), self._epoch
                self._searchers.add(local.searcher)
        return local.searcher

    def close(self) -> None:
        """Release the index's files: every thread's searcher. Using the engine afterwards raises
        EngineClosed. Closing twice is harmless."""
        with self._lock:
            self._closed = True
            searchers, self._searchers = list(self._searchers), weakref.WeakSet()
            self._fast_searcher = self._fast_epoch = None
        for searcher in searchers:
            searcher.close()

    def __enter__(self) -> "Engine":
        """The engine itself; leaving the `with` block closes it."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the engine (see close())."""
        self.close()

    # --- queries -------------------------------------------------------------------------------

    @diagnosed
    def search(self, query: str = "", *, filters: Mapping[str, str | Iterable[str] | None] | None = None,
               limit: int = 10, offset: int = 0, sort: str = "relevance", facets: bool = False,
               highlight: bool = True, correct: bool = True, fill: bool = True,
               timeout: float | None = None) -> SearchResults:
        """Run a query (words, "phrases", OR, -x, field:value) with optional filters.

        Records with every word come first (`total` counts them); when `fill` is on and they do
        not fill the page, records with some of the words follow (`Hit.partial`), more words
        first. Several values of one filter mean any of them. With no words, every record
        matching the filters is listed, newest first.
        Raises QuerySyntaxError for a query that cannot be read.
        """
        check_search(query, limit, offset, sort, timeout)
        limit = min(limit, MAX_LIMIT)
        schema, fast = self._views()
        checker = FilterValues(_Reader(self), self._expander.glossary, self._meta.get("labels"))
        tree = checker.check(parse_query(query))
        extra = [checker.check(node) for node in library_filters(filters)]
        if tree is None and not extra:
            raise QuerySyntaxError("empty query: give words to search for, or a filter such as --country germany")
        wanted = offset + limit
        deadline = None if timeout is None else time.monotonic() + timeout
        run = self._run(schema, fast, tree, extra, wanted, sort, facets, fill, deadline)
        found = self._suggestion(query, only=run.missing) if correct and tree is not None and run.missing else None
        suggestion = found.text if found else None
        if found and found.sure and run.total == 0 and len(suggestion) <= MAX_QUERY_CHARS:   # may grow past it
            # No record has every word as typed, but the spelling we know finds some: show those.
            corrected = self.search(suggestion, filters=filters, limit=limit, offset=offset, sort=sort,
                                    facets=facets, highlight=highlight, correct=False, fill=fill)
            if corrected.total:
                return replace(corrected, suggestion=suggestion, corrected_from=query, query=query)
        hits = run.hits[offset:wanted]
        marks = (page_highlights(fast, run.rows[offset:wanted], [h.record for h in hits], run.match, run.body)
                 if highlight else [()] * len(hits))
        page = tuple(Hit.of(h.record, rank, h.score, m, h.partial)   # not dataclasses.replace: 3x the cost
                     for rank, (h, m) in enumerate(zip(hits, marks), offset + 1))
        expanded = tuple(dict.fromkeys(n for _, names in run.expansions for n in names))
        return SearchResults(query, run.total, page, facets=run.facets, suggestion=suggestion,
                             any_term=run.total == 0 and run.more > 0, more=run.more, expanded=expanded,
                             expansions=run.expansions, missing=run.missing, timed_out=run.timed_out)

    def _views(self) -> tuple[Any, FastSearcher]:
        """The schema and the fast postings of one generation, looked up once per query: a query
        never mixes two generations, and CURRENT is checked (a stat) once."""
        self._check_current()   # reopens on a new generation
        with self._lock:
            if getattr(self, "_fast_epoch", None) != self._epoch:
                weighting = ranking.weighting()
                self._fast_searcher = FastSearcher(self._generation, weighting.B, weighting.K1)
                self._fast_epoch = self._epoch
            return self._schema, self._fast_searcher

    def _fast(self) -> FastSearcher:
        return self._views()[1]

    def _run(self, schema: Any, fast: FastSearcher, tree: Any, extra: list[Filter], wanted: int, sort: str,
             facets: bool, fill: bool, deadline: float | None = None) -> "_Run":
        """The top `wanted` records (no highlights yet), the totals, facets: one plan, evaluated once."""
        plan = build_plan(tree, schema, self._expander, extra)
        if tree is not None and not plan.words and not plan.required and not _has_filter(tree) and not extra:
            return _Run(0, [], None, plan.match, plan.expansions, missing=())   # only stop words
        # No words but an exclusion (-research, NOT research): every record without it, newest first.
        required, memo = fast.live.copy(), {}
        for q in plan.required:
            required &= evaluation.dense(fast, q, memo)[0]
        n = len(plan.words)
        if n == 0:
            rows = fast.top(required, np.zeros(fast.n), wanted, by_date=True)
            total = int(required.sum())
            return _Run(total, self._hits(fast, rows, {}), self._facets(fast, required) if facets else None,
                        plan.match, plan.expansions, missing=(), rows=rows)
        graded = grade(fast, plan, required, deadline, memo)
        if only_generic_found(plan, graded):   # a name found nowhere: every university is no answer
            return _Run(0, [], self._facets(fast, _mask(fast.n, [])) if facets else None, plan.match,
                        plan.expansions, missing=tuple(graded.missing), timed_out=graded.timed_out)
        total = int(graded.full.sum())
        more = len(graded.rows) - total
        candidates = graded if fill else graded.only(graded.full)
        pool = fast.top_of(candidates.rows, candidates.score, max(wanted, ranking.RESCORE_DEPTH),
                           tier=candidates.tier, by_date=sort == "date")
        at = candidates.at(pool)
        rescored: dict[int, float] = {}
        body = BodyPositions(fast, plan.match)   # read by the rescore, shared with the highlights
        if sort != "date" and not graded.timed_out:
            pool, rescored = _rescore(fast, pool, candidates.score[at].tolist(), candidates.tier[at].tolist(),
                                      plan.match, body.read)
            at = candidates.at(pool)
        pool, at = pool[:wanted], at[:wanted]   # records are read for these rows only
        shown = (shown_scores(candidates, pool, rescored) if sort != "date"
                 else dict(zip(pool, candidates.score[at].tolist())))
        hits = self._hits(fast, pool, shown, candidates.full[at].tolist())
        facet_rows = graded.rows[graded.full] if total else graded.rows
        return _Run(total, hits, self._facets(fast, _mask(fast.n, facet_rows)) if facets else None,
                    plan.match, plan.expansions, more=more, missing=tuple(graded.missing),
                    timed_out=graded.timed_out, rows=pool, body=body)

    def _hits(self, fast: FastSearcher, rows: list[int], scores: Mapping[int, float], full: list | None = None) -> list[Hit]:
        return [Hit.of(record or _no_record(fast, row), rank, float(scores.get(row, 0.0)), (), not has_all) for rank, row,
                record, has_all in zip(range(1, len(rows) + 1), rows, fast.records(rows), full or [True] * len(rows))]

    def _facets(self, fast: FastSearcher, mask: Any) -> dict[str, dict[str, int]]:
        labels = self._meta.get("labels", {})
        out: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            counts = {}
            for value, count in fast.facet(name, mask).items():
                if value in ("", None):
                    continue
                if name == INSTITUTION:
                    value = _INSTITUTION_NAMES.get(value, value)
                elif name == COUNTRY:
                    value = labels.get(COUNTRY, {}).get(value, value)
                counts[str(value)] = count
            out[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    # --- records -------------------------------------------------------------------------------

    @diagnosed
    def get(self, record_id: str) -> Record:
        """The whole record with this id; RecordNotFound if the index has none."""
        check_record_id(record_id)
        fast = self._fast()
        row = fast.row_of(record_id)
        if row is None:
            raise RecordNotFound(f"No record with id {record_id!r}. Find ids with: renkei search ...")
        return fast.records([row])[0] or _no_record(fast, row)

    @diagnosed
    def similar(self, record_id: str, limit: int = 10) -> SearchResults:
        """Records about the same partner (in either language: they share its glossary id), then
        those that share the most distinctive words of this one. RecordNotFound for an unknown id."""
        limit = min(check_limit(limit), MAX_LIMIT)
        searcher = self._searcher()
        record = self.get(record_id)
        docnum = searcher.document_number(**{ID_FIELD: record_id})
        glossary = self._expander.glossary
        partners = list(dict.fromkeys(e.id for e in map(glossary.lookup, record.partners) if e is not None))
        same = about_the_same_partner(searcher, docnum, partners, limit)
        sharing = sharing_words(searcher, docnum, record.text, limit - len(same), {d for d, _, _ in same})
        rows = in_levels(same, sharing)
        fast = self._fast()
        found = fast.records([fast.row_of(stored[ID_FIELD]) for _, _, stored in rows])
        hits = tuple(Hit(record, rank, float(score)) for rank, ((_, score, _), record) in enumerate(zip(rows, found), 1))
        return SearchResults(f"similar:{record_id}", len(hits), hits)

    @diagnosed
    def suggest(self, query: str, only: Iterable[str] | None = None) -> str | None:
        """The query with misspelled English words replaced by the index's nearest words, if any.

        A word counts as misspelled only when neither the index nor a general English vocabulary
        (search.vocabulary) knows it; at most spelling.MAX_SPELL_WORDS words are looked at."""
        found = self._suggestion(query, only)
        return found.text if found else None

    def _suggestion(self, query: str, only: Iterable[str] | None) -> spelling.Suggestion | None:
        """suggest(), and whether its results may stand for the query's (spelling.Suggestion.sure)."""
        check_suggest(query, only)
        schema, fast = self._views()
        return spelling.suggestion(_Reader(self), schema[BODY].analyzer, fast, query,
                                   set(only) if only is not None else None, vocabulary.is_word)

    @diagnosed
    def stats(self) -> dict[str, Any]:
        """Counts by institution, kind and language, and where the index is (as `renkei stats --json`)."""
        searcher = self._searcher()
        from whoosh import sorting   # here: only stats needs whoosh's grouping
        found = searcher.search(wq.Every(), limit=1, optimize=False, groupedby=[
            sorting.FieldFacet(f, maptype=sorting.Count) for f in (INSTITUTION, KIND, LANG)])
        groups = {name: dict(sorted(found.groups(name).items(), key=lambda kv: -kv[1]))
                  for name in (INSTITUTION, KIND, LANG)}
        groups[INSTITUTION] = {_INSTITUTION_NAMES.get(k, k or "(none)"): v for k, v in groups[INSTITUTION].items()}
        return {"records": searcher.doc_count(), "by_institution": groups[INSTITUTION], "by_kind": groups[KIND],
                "by_lang": groups[LANG], "location": str(self.index_dir), "generation": self._generation.name,
                "size_bytes": store.size_on_disk(self._generation),
                "bundled": self._meta.get("bundled"), "updated_at": self._meta.get("updated_at")}


@dataclass(frozen=True)
class _Run:
    """One query run: the top records (ranked, not yet highlighted) and what they were found with."""
    total: int
    hits: list
    facets: dict | None
    match: MatchTerms
    expansions: tuple
    more: int = 0
    missing: tuple = ()
    timed_out: bool = False
    rows: list = field(default_factory=list)   # the hits' rows in the fast postings, in order
    body: Any = None   # search.spans.BodyPositions: the body positions the rescore read


class _Reader:
    """The whoosh reader of an engine's generation, opened when first asked for a term (most
    queries never are: filter values and spelling read it)."""

    def __init__(self, engine: Engine) -> None:
        self._engine, self._reader = engine, None

    def __getattr__(self, name: str) -> Any:
        if self._reader is None:
            self._reader = self._engine._whoosh_searcher().reader()
        return getattr(self._reader, name)


def open_index(index_dir: Path | str | None = None) -> Engine:
    """An Engine over the index at `index_dir` (default: $RENKEI_INDEX or the user data dir)."""
    return Engine(Path(index_dir) if index_dir else None)


def _has_filter(tree: Any) -> bool:
    if tree is None:
        return False
    if isinstance(tree, Filter):
        return True
    return any(_has_filter(n) for n in getattr(tree, "nodes", ())) or _has_filter(getattr(tree, "node", None))


def _file_version(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _mask(n: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, bool)
    mask[rows] = True
    return mask


def _no_record(fast: FastSearcher, row: int) -> Record:
    """A row whose segment keeps no records: the check at open refuses such a segment (its records
    are the only copy), so one found here was removed since (the diagnosis names it)."""
    raise ValueError(f"{fast.ids[row]!r}: its fast segment keeps no records")
