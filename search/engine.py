"""The search library: open an index, run queries, get frozen results. No printing, no click."""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from whoosh import collectors, sorting
from whoosh import query as wq

import indexer
from corpus import Record
from indexer import store
from indexer.analysis import pieces, stem_english
from indexer.dictionary import DICTIONARY_FILE
from indexer.schema import (
    BODY,
    COUNTRY,
    ENTITIES,
    FACET_FIELDS,
    ID_FIELD,
    INSTITUTION,
    INSTITUTION_KEYS,
    KIND,
    LANG,
    NAMES,
    SORT_DATE,
    record_from_stored,
)

from . import ranking
from .compile import Compiler, MatchTerms, filter_query
from .errors import QuerySyntaxError, RecordNotFound
from .expand import Expander
from .highlight import fragments, rescore_signals
from .query import Filter, make_filter, parse_query, positive_words
from .results import Hit, SearchResults
from .translate import Translator

log = logging.getLogger(__name__)
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
_INSTITUTION_NAMES = {v: k for k, v in INSTITUTION_KEYS.items()}
MAX_LIMIT = 10000


class Engine:
    """Searches one index. Safe to share between threads (each thread gets its own searcher)."""

    def __init__(self, index_dir: Path | None = None) -> None:
        self.index_dir = Path(index_dir) if index_dir else store.default_index_dir()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._open()

    def _open(self) -> None:
        with self._lock:
            self._generation = store.live_generation(self.index_dir)
            self._meta = store.read_meta(self._generation)
            self._ix = indexer.open_index(self.index_dir)
            generation = self._generation
            self._expander = Expander(indexer.read_glossary(generation),
                                      translator=lambda: Translator.load(generation / DICTIONARY_FILE))
            self._epoch = getattr(self, "_epoch", 0) + 1

    def _searcher(self):
        """This thread's searcher, reopened when another process has published a new index."""
        try:
            live = (self.index_dir / store.CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            live = self._generation.name
        if live != self._generation.name:
            self._open()
        local = self._local
        if getattr(local, "epoch", None) != self._epoch:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher = self._ix.searcher(weighting=ranking.weighting())
            local.epoch = self._epoch
        return local.searcher

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- queries -------------------------------------------------------------------------------

    def search(self, query: str = "", *, filters: Mapping[str, str | Iterable[str] | None] | None = None,
               limit: int = 10, offset: int = 0, sort: str = "relevance", facets: bool = False,
               highlight: bool = True, correct: bool = True, fill: bool = True) -> SearchResults:
        """Run a query (words, "phrases", OR, -x, field:value) with optional filters.

        With no words, every record matching the filters is listed, newest first. When fewer
        records than `limit` have every word, `fill` appends records with some of them, marked
        `partial` (`total` counts only the records with every word).
        Raises QuerySyntaxError for a query that cannot be read.
        """
        if sort not in ("relevance", "date"):
            raise QuerySyntaxError(f"sort must be 'relevance' or 'date', not {sort!r}")
        if limit < 0 or offset < 0:
            raise QuerySyntaxError("limit and offset must not be negative")
        limit = min(limit, MAX_LIMIT)
        tree = parse_query(query)
        extra = [make_filter(name, v) for name, values in (filters or {}).items() if values is not None
                 for v in ([values] if isinstance(values, str) else values)]
        if tree is None and not extra:
            raise QuerySyntaxError("empty query: give words to search for, or a filter such as --country germany")
        wanted = offset + limit
        run = self._run(tree, extra, wanted, sort, facets, any_term=False, partial=False)
        if run.total < wanted and run.japanese:
            # Too few whole-word matches to fill the page: let parts of words match too (they rank lower).
            run = self._run(tree, extra, wanted, sort, facets, any_term=False)
        suggestion = self.suggest(query) if correct and run.total < 3 and tree is not None else None
        if run.total == 0 and suggestion:
            # Nothing has every word as typed, but the spelling we know finds something: show that.
            corrected = self.search(suggestion, filters=filters, limit=limit, offset=offset, sort=sort,
                                    facets=facets, highlight=highlight, correct=False)
            if corrected.total:
                return _replace(corrected, suggestion=suggestion, corrected_from=query, query=query)
        several = len(positive_words(tree)) > 1
        if run.total == 0:
            # Retry looser: compounds by their pieces anywhere, then any of the words.
            run = self._run(tree, extra, wanted, sort, facets, any_term=False, loose=True)
            if run.total == 0 and several:
                run = self._run(tree, extra, wanted, sort, facets, any_term=True, loose=True)
        elif fill and run.total < wanted and sort == "relevance" and several:
            # Fewer records than asked for have every word: fill the page with those that have some.
            some = self._run(tree, extra, wanted, sort, False, any_term=True, loose=True)
            seen = {h.id for h in run.hits}
            rest = [_replace(h, partial=True) for h in some.hits if h.id not in seen]
            run = _replace(run, hits=[*run.hits, *rest], more=some.total - run.total, match=_merged(run, some))
        page = tuple(_replace(h, rank=rank, highlights=_highlights(h.record, run.match) if highlight else ())
                     for rank, h in enumerate(run.hits[offset:wanted], offset + 1))
        expanded = tuple(dict.fromkeys(n for _, names in run.expansions for n in names))
        return SearchResults(query, run.total, page, facets=run.facets, suggestion=suggestion,
                             any_term=run.any_term, more=max(run.more, 0), expanded=expanded,
                             expansions=run.expansions)

    def _run(self, tree: Any, extra: list[Filter], wanted: int, sort: str, facets: bool, any_term: bool,
             loose: bool = False, partial: bool = True) -> "_Run":
        """The top `wanted` records for the query (no highlights yet), the total, facets."""
        searcher = self._searcher()
        compiler = Compiler(searcher.schema, loose=loose, partial=partial, expander=self._expander)
        words = compiler.compile(tree, any_term=any_term)
        parts = ([words] if words is not None else []) + [filter_query(f, self._expander) for f in extra]
        nothing = _Run(0, [], None, compiler.match, (), any_term or loose, japanese=compiler.used_partial)
        if not parts or (words is None and tree is not None and not _has_filter(tree)):
            return nothing   # only stop words or punctuation: nothing to look for
        q = parts[0] if len(parts) == 1 else wq.And(parts)
        groupedby = [sorting.FieldFacet(f, maptype=sorting.Count) for f in FACET_FIELDS] if facets else None
        if sort == "date" or words is None:
            found = searcher.search(q, limit=wanted or 1, sortedby=sorting.FieldFacet(SORT_DATE, reverse=True),
                                    groupedby=groupedby)
            rows = [(h.docnum, 0.0) for h in found]   # ordered by date: no relevance score
        else:
            # Ties break by newer date: fetch a few beyond the page so a tie at its edge is ordered too.
            dates = searcher.reader().column_reader(SORT_DATE)

            def ranked(hits: Any) -> list[tuple[int, float]]:
                rows = [(h.docnum, h.score) for h in hits]
                return sorted(rows, key=lambda r: (-round(r[1], 6), _descending(dates[r[0]])))

            # Records matching the words as typed come before those reached only by translation.
            # They are picked from a deep pool of the top candidates (ranking.TIER_POOL): checking
            # each costs a skip in the postings, where a second search would cost a whole traversal.
            pool = max(wanted + 10, ranking.TIER_POOL) if compiler.expanded else wanted + 10
            found = _search_counting(searcher, q, pool, groupedby)
            rows = ranked(found)
            if compiler.expanded:
                plain = Compiler(searcher.schema, loose=loose, partial=partial).compile(tree, any_term=any_term)
                own = _matching(searcher, plain, {r[0] for r in rows}) if plain is not None else set()
                rows = [r for r in rows if r[0] in own] + [r for r in rows if r[0] not in own]
            rows = _rescore(searcher, rows, compiler.match, own if compiler.expanded else None)
        hits = [Hit(record_from_stored(searcher.stored_fields(docnum)), rank, float(score))
                for rank, (docnum, score) in enumerate(rows[:wanted], 1)]
        return _Run(len(found), hits, self._facets(found) if facets else None, compiler.match,
                    tuple((k, tuple(v)) for k, v in compiler.expanded.items()), any_term or loose,
                    japanese=compiler.used_partial)

    def _facets(self, found: Any) -> dict[str, dict[str, int]]:
        labels = self._meta.get("labels", {})
        out: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            counts = {}
            for value, count in found.groups(name).items():
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

    def get(self, record_id: str) -> Record:
        stored = self._searcher().document(**{ID_FIELD: record_id})
        if stored is None:
            raise RecordNotFound(f"No record with id {record_id!r}. Find ids with: renkei search ...")
        return record_from_stored(stored)

    def similar(self, record_id: str, limit: int = 10) -> SearchResults:
        """Records about the same partner (in either language: they share its glossary id), then
        those that share the most distinctive words of this one."""
        searcher = self._searcher()
        record = self.get(record_id)
        docnum = searcher.document_number(**{ID_FIELD: record_id})
        glossary = self._expander.glossary
        partners = list(dict.fromkeys(e.id for e in map(glossary.lookup, record.partners) if e is not None))
        same = []
        if partners:
            about = wq.Or([wq.Term(ENTITIES, p) for p in partners])
            same = [(h.docnum, h.score) for h in searcher.search(about, limit=limit, mask={docnum})]
        # The body's own words: names and department lists would make every team "like" the legend.
        found = searcher.more_like(docnum, BODY, text=record.text, top=limit + len(same), numterms=15)
        seen = {d for d, _ in same}
        rows = (same + [(h.docnum, h.score) for h in found if h.docnum not in seen])[:limit]
        hits = tuple(Hit(record_from_stored(searcher.stored_fields(d)), rank, float(score))
                     for rank, (d, score) in enumerate(rows, 1))
        return SearchResults(f"similar:{record_id}", len(hits), hits)

    def suggest(self, query: str) -> str | None:
        """The query with unknown English words replaced by the index's nearest words, if any."""
        searcher = self._searcher()
        reader, analyzer = searcher.reader(), searcher.schema[BODY].analyzer
        changed, out = False, []
        for token in re.split(r"(\s+)", query):
            stems = [t.text for t in analyzer(token)] if _LATIN_WORD.match(token) and len(token) > 3 else []
            if len(stems) == 1 and not _known(reader, stems[0]):
                best = _nearest(reader, stems[0])
                written = _written_form(searcher, best) if best else None
                if written:
                    token, changed = _match_case(token, written), True
            out.append(token)
        return "".join(out) if changed else None

    def stats(self) -> dict[str, Any]:
        searcher = self._searcher()
        found = searcher.search(wq.Every(), limit=1, groupedby=[
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
    any_term: bool
    more: int = 0
    japanese: bool = False   # the query has Japanese words that could also match as parts of words


def _merged(a: _Run, b: _Run) -> MatchTerms:
    return MatchTerms(a.match.terms | b.match.terms, a.match.sequences | b.match.sequences,
                      a.match.substrings | b.match.substrings, a.match.exact | b.match.exact)


def open_index(index_dir: Path | str | None = None) -> Engine:
    """An Engine over the index at `index_dir` (default: $RENKEI_INDEX or the user data dir)."""
    return Engine(Path(index_dir) if index_dir else None)


def _has_filter(tree: Any) -> bool:
    if isinstance(tree, Filter):
        return True
    return any(_has_filter(n) for n in getattr(tree, "nodes", ())) or _has_filter(getattr(tree, "node", None))


def _highlights(record: Record, match: MatchTerms) -> tuple:
    marks = fragments("title", record.title, match, limit=1)
    names = "\n".join((*record.partners, *record.departments))
    if names and names != record.title:
        marks += fragments("partners", names, match, limit=1)
    marks += fragments("text", record.text, match)
    return tuple(marks)


def _matching(searcher: Any, q: wq.Query, docnums: set[int]) -> set[int]:
    """Which of `docnums` the query matches, by skipping through its postings segment by segment."""
    found = set()
    for sub, offset in searcher.leaf_searchers():
        local = sorted(d - offset for d in docnums if offset <= d < offset + sub.doc_count_all())
        if not local:
            continue
        matcher = q.matcher(sub, sub.context())
        for docnum in local:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found.add(docnum + offset)
    return found


def _rescore(searcher: Any, rows: list[tuple[int, float]], match: MatchTerms,
             own: set[int] | None = None) -> list[tuple[int, float]]:
    """Reorder the top candidates: exact forms, compounds side by side and all query words close
    together earn a share more score. With `own`, records in it stay ahead of the others."""
    if own is not None:
        first = [r for r in rows if r[0] in own]
        return _rescore(searcher, first, match) + _rescore(searcher, [r for r in rows if r[0] not in own], match)
    head, tail = rows[:ranking.RESCORE_DEPTH], rows[ranking.RESCORE_DEPTH:]
    if len(head) < 2 or not (match.exact or match.sequences or len(match.terms) > 1):
        return rows
    rescored = []
    for docnum, score in head:
        record = record_from_stored(searcher.stored_fields(docnum))
        window, exact, adjacent = rescore_signals(record.text, match)
        if exact < 1 and match.exact:   # names count for the exact form too
            exact = max(exact, rescore_signals(record.title, match)[1])
        bonus = ranking.EXACT_SHARE * exact + ranking.ADJACENT_SHARE * adjacent
        if window is not None and window <= ranking.PROXIMITY_WINDOW:
            bonus += ranking.PROXIMITY_SHARE * (1 - (window - 1) / ranking.PROXIMITY_WINDOW)
        rescored.append((docnum, score * (1 + bonus)))
    return sorted(rescored, key=lambda r: -r[1]) + tail


def _search_counting(searcher: Any, q: wq.Query, limit: int, groupedby: list | None) -> Any:
    """Top `limit` by score, counting every match on the way (whoosh's own count either runs the
    query a second time or, with its block-skipping optimisations, undercounts)."""
    collector = collectors.TopCollector(limit=limit, usequality=False, replace=0)
    if groupedby:
        collector = collectors.FacetCollector(collector, groupedby)
    searcher.search_with_collector(q, collector)
    return collector.results()


def _descending(text: str) -> tuple[int, ...]:
    """A sort key that puts newer ISO dates first ('' last)."""
    return tuple(-ord(ch) for ch in text) + (0,)


def _known(reader: Any, stem: str) -> bool:
    return any(reader.doc_frequency(f, stem) for f in (NAMES, BODY))


def _nearest(reader: Any, stem: str) -> str | None:
    """The index term (a stem) nearest to `stem`: one edit away if any, else two; the commonest."""
    for distance in (1, 2):
        candidates = {c for f in (NAMES, BODY) for c in reader.terms_within(f, stem, distance) if c.isascii()}
        if candidates:
            return max(sorted(candidates), key=lambda c: sum(reader.doc_frequency(f, c) for f in (NAMES, BODY)))
    return None


def _written_form(searcher: Any, stem: str) -> str | None:
    """How a record writes the word whose stem is `stem` (the index keeps only stems)."""
    found = searcher.search(wq.Or([wq.Term(NAMES, stem), wq.Term(BODY, stem)]), limit=1)
    if not found:
        return None
    record = record_from_stored(found[0].fields())
    for piece in pieces(record.display_text):
        if piece.script == "latin" and stem_english(piece.term) == stem:
            return piece.surface
    return None


def _match_case(original: str, word: str) -> str:
    return word.capitalize() if original[:1].isupper() else word


def _replace(results: SearchResults, **changes: Any) -> SearchResults:
    from dataclasses import replace
    return replace(results, **changes)
