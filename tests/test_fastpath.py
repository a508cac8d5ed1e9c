"""The numpy fast path against whoosh evaluating the same query: they must never drift apart.

Every clause of every plan (the words, their untranslated forms, compound pieces, filters, and
the strict whole) for the public query sets and the benchmark mix is evaluated both ways over the
bundled index: the same records must match, with the same BM25F scores wherever the query has no
DisjunctionMax (whose whoosh 2.7.4 matcher scores differently on purpose: see search/matching/rowspace.py).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from renkei import indexer
from renkei.corpus import Record
from renkei.indexer.columnar.segment import FastSegment
from renkei.indexer.schema import ID_FIELD
from renkei.search import Engine
from renkei.search.matching import evaluation, grading, rows as row_helpers, segment_rows
from renkei.search.highlight.fragments import LONG_TEXT
from renkei.search.plan.plan import build_plan
from renkei.search.query.parse import parse_query

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"   # the public query sets, copied (data/README.md)


def _bench_mix() -> list[str]:
    """The benchmark's query mix, read from the repository's bench/ (not an installed package)."""
    spec = importlib.util.spec_from_file_location("bench_systems", ROOT / "bench" / "systems.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.QUERY_MIX)


QUERY_MIX = _bench_mix()
# Operators and filters the public sets rarely use.
MORE = ["ETHZ OR KAIST", "共同研究 -ETHZ", '"joint research" country:germany', "kind:memorandum 交流",
        "university -tokyo", "year:2015..2020 シンポジウム", "ドイツの大学", "Gottingen", "京大 ケンブリッジ"]


def _queries() -> list[str]:
    found = list(QUERY_MIX) + MORE
    for name in ("queries-public.jsonl", "queries-public-natural.jsonl"):
        path = DATA / name
        found += [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(found))


def _clauses(engine: Engine, text: str) -> list[wq.Query]:
    plan = build_plan(parse_query(text), engine._searcher().schema, engine._expander, [])
    out = [*plan.required, *plan.words, *(p for p in plan.plain if p is not None),
           *(q for parts in plan.pieces for q in parts)]
    strict = plan.whoosh_query()
    return out + ([strict] if strict is not None else [])


def _has_dismax(q: wq.Query) -> bool:
    return isinstance(q, wq.DisjunctionMax) or any(_has_dismax(c) for c in q.children())


def _whoosh(engine: Engine, q: wq.Query) -> dict[str, float]:
    searcher = engine._searcher()
    return {searcher.stored_fields(h.docnum)[ID_FIELD]: h.score for h in searcher.search(q, limit=None)}


def _fast(engine: Engine, q: wq.Query, memo: dict | None = None) -> dict[str, float]:
    fast = engine._fast()
    mask, score = evaluation.dense(fast, q, memo)
    return {fast.ids[r]: float(score[r]) for r in np.flatnonzero(mask)}


@pytest.mark.parametrize("dense_share,marks", [(row_helpers.DENSE_SHARE, None), (0, False), (10**9, False),
                                               (0, True)], ids=["default", "sparse", "dense", "sparse-marked"])
def test_the_fast_path_matches_whoosh_on_every_clause_of_every_public_query(engine, monkeypatch, dense_share, marks):
    # Unions are merged sparsely or scattered densely by size, and sorted rows are looked up by a
    # search or a mark per row by size (the bundled index is small: forced both ways here): every
    # way must agree with whoosh.
    monkeypatch.setattr(row_helpers, "DENSE_SHARE", dense_share)
    if marks is not None:   # marked: any row numbers, at any size (row << 32 | position keys are never)
        monkeypatch.setattr(row_helpers, "_marks_pay", lambda needles, haystack, top: marks and top < 10**7)
    queries = _queries()
    assert len(queries) >= len(QUERY_MIX) + len(MORE)
    compared = scored = 0
    for text in queries:
        for q in _clauses(engine, text):
            expected, got = _whoosh(engine, q), _fast(engine, q)
            assert set(got) == set(expected), f"{text!r}: {q!r} matches differ"
            compared += 1
            if not _has_dismax(q):
                for record_id, score in expected.items():
                    assert got[record_id] == pytest.approx(score, rel=1e-6), f"{text!r}: {q!r} on {record_id}"
                scored += 1
    # Both kinds of comparison really happened, on many clauses.
    assert compared > 100 and scored > 50


@pytest.mark.parametrize("seed", range(40))
def test_sorted_lookups_by_a_mark_are_those_of_a_search(monkeypatch, seed):
    """isin_sorted and places give the same answers by a mark per value as by a binary search, for
    needles below, inside and past the haystack's values, in int32 and int64."""
    rng = np.random.default_rng(seed)
    dtype = (np.int32, np.int64)[seed % 2]
    haystack = np.unique(rng.integers(0, int(rng.integers(1, 3000)), int(rng.integers(1, 600)))).astype(dtype)
    needles = rng.integers(-3, int(haystack[-1]) + 4, int(rng.integers(0, 900))).astype(dtype)
    present = needles[np.isin(needles, haystack)]
    for marks in (False, True):   # searched, then marked
        monkeypatch.setattr(row_helpers, "_marks_pay", lambda *sizes: marks)
        assert np.array_equal(row_helpers.isin_sorted(needles, haystack), np.isin(needles, haystack))
        assert np.array_equal(haystack[row_helpers.places(haystack, present)], present)


def test_sparse_and_dense_evaluation_agree_on_every_clause(engine, monkeypatch):
    """DisjunctionMax scores are compared too (whoosh differs there on purpose, these two must not),
    and the dense run evaluates each clause afresh while the sparse one shares a memo per query."""
    def run(dense_share: int) -> list[dict[str, float]]:
        monkeypatch.setattr(row_helpers, "DENSE_SHARE", dense_share)
        out = []
        for text in _queries():
            memo: dict | None = {} if dense_share == 0 else None   # shared by one query's clauses, as in a search
            out += [_fast(engine, q, memo) for q in _clauses(engine, text)]
        return out
    sparse, dense = run(0), run(10**9)
    assert len(sparse) > 100
    for got, expected in zip(sparse, dense):
        assert got.keys() == expected.keys()
        assert all(got[k] == pytest.approx(v, rel=1e-9) for k, v in expected.items())


def test_grading_sums_the_same_floats_over_the_union_or_over_every_row(engine, monkeypatch):
    """A plan's words are summed sparsely (a merge of their rows) or densely (arrays over every
    row) by size: the rows, scores, tiers and counts must be the same to the last bit."""
    fast = engine._fast()
    sparse_sum = grading._summed_sparse
    def run(dense_share: int) -> list[grading.Graded]:
        monkeypatch.setattr(row_helpers, "DENSE_SHARE", dense_share)
        # one word is summed sparsely at any size: the dense run sums it densely too
        monkeypatch.setattr(grading, "_summed_sparse", sparse_sum if dense_share == 0 else
                            lambda parts: grading._summed_dense(parts, fast.n))
        out = []
        for text in _queries():
            plan = build_plan(parse_query(text), engine._searcher().schema, engine._expander, [])
            if plan.words:
                out.append(grading.grade(fast, plan, fast.live.copy(), None))
        return out
    sparse, dense = run(0), run(10**9)
    several = [g for g in dense if len(g.rows) and not g.full.all()]   # words found apart: a real sum
    assert len(sparse) > 50 and len(several) > 10 and any(g.full.all() and len(g.rows) for g in dense)
    for a, b in zip(sparse, dense):
        for name in ("rows", "score", "tier", "full"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert a.missing == b.missing


@pytest.mark.parametrize("offsets", [True, False], ids=["index-offsets", "analysis"])
def test_a_book_length_record_is_highlighted_and_rescored_in_windows(tmp_path, monkeypatch, offsets):
    """Bounded per-hit work: searching an index with one huge record analyses none of it when the
    index keeps its words' offsets, and only windows of it when it does not (an older index)."""
    filler = "本学は地域の課題に取り組み、多くの研究者が議論を深めました。"
    huge = filler * 12_000 + "最後に学生交流の協定を結んだ。" + filler * 100   # ~400k characters
    records = [Record(id="t/huge", title="長い報告書", text=huge, lang="ja"),
               Record(id="t/short", title="学生交流", text="学生交流の覚書を結んだ。", lang="ja")]
    indexer.build_index(records, tmp_path / "index")
    engine = Engine(tmp_path / "index")
    if not offsets:
        monkeypatch.setattr(FastSegment, "has_chars", lambda self, field: False)   # as an older index
    from renkei.indexer import analysis
    analysed: list[int] = []
    real = analysis._pieces
    monkeypatch.setattr(analysis, "_pieces", lambda text: analysed.append(len(text)) or real(text))
    analysis._cached_pieces.cache_clear()
    results = engine.search("学生交流 協定")
    assert {h.id for h in results.hits} == {"t/huge", "t/short"}
    huge_hit = next(h for h in results.hits if h.id == "t/huge")
    marked = {frag.text[a:b] for frag in huge_hit.highlights for a, b in frag.spans}
    assert "協定" in marked and any("交流" in m for m in marked)
    if offsets:   # the query's words alone
        assert analysed and max(analysed) < 20
    else:
        assert max(analysed) > 100 and max(analysed) < LONG_TEXT < len(huge)


def test_highlights_read_from_the_index_equal_those_found_by_analysing_the_text(engine, monkeypatch):
    """The offsets kept with the positions (indexer.fastindex.CHARS) against analysing each hit's
    text as an older index is highlighted: the same fragments and spans for every hit of every
    query (German transliterations included: goettingen marks Göttingen). The first page's body
    positions are those the rescore read (search.spans.BodyPositions); a page that runs past the
    rescore's rows (offset 25) reads its own."""
    queries = _queries() + ["goettingen", "muenchen"]
    pages = [(q, offset) for q in queries for offset in (0, 25)]
    from_index = [[h.highlights for h in engine.search(q, limit=20, offset=offset).hits] for q, offset in pages]
    assert sum(bool(marks) for page in from_index for marks in page) > 500
    assert sum(bool(page) for (_, offset), page in zip(pages, from_index) if offset) > 20
    monkeypatch.setattr(FastSegment, "has_chars", lambda self, field: False)   # as an older index
    for (query, offset), page in zip(pages, from_index):
        assert [h.highlights for h in engine.search(query, limit=20, offset=offset).hits] == page, (query, offset)


def test_the_proximity_window_is_the_narrowest_span_holding_every_term():
    """The vectorised window against the definition: for each row, try every span of positions."""
    from renkei.search.matching import rescore
    from renkei.search.plan.compile import MatchTerms

    rng = np.random.default_rng(7)
    for trial in range(200):
        terms = [f"t{i}" for i in range(rng.integers(2, 5))]
        keys = {}
        for term in terms:
            rows = rng.integers(0, 6, rng.integers(0, 12))
            positions = rng.integers(0, 40, len(rows))
            keys[term] = np.unique((rows.astype(np.int64) << 32) | positions)
        match = MatchTerms(terms=set(terms))
        got = rescore._proximity(keys.__getitem__, match, np.arange(6))
        expected = {}
        for row in range(6):
            at = {t: [int(k & 0xFFFFFFFF) for k in keys[t] if k >> 32 == row] for t in terms}
            if all(at.values()):
                spans = [max(p) - min(p) + 1 for p in _choices(list(at.values()))]
                expected[row] = min(spans)
        assert got == expected, trial


def _choices(lists):
    if not lists:
        yield []
        return
    for first in lists[0]:
        for rest in _choices(lists[1:]):
            yield [first, *rest]


@pytest.fixture(scope="module")
def changed_engine(tmp_path_factory) -> Engine:
    """The bundled corpus after removals and a replacing add: deleted rows and two fast segments."""
    path = tmp_path_factory.mktemp("changed") / "index"
    indexer.build_default_index(path)
    ids = Engine(path)._fast().ids
    indexer.remove(ids[::5], path)
    indexer.add_records([Record(id=ids[1], title="国際共同研究の推進", text="学生交流と共同研究を推進した。", lang="ja"),
                         Record(id="t/new", title="Joint research", text="Joint research and student exchange.")], path)
    return Engine(path)


def _phrases(q: wq.Query) -> list[wq.Phrase]:
    return [q] if isinstance(q, wq.Phrase) else [p for c in q.children() for p in _phrases(c)]


@pytest.mark.parametrize("whole", [0, segment_rows._WHOLE, 10**9], ids=["rarest-rows", "default", "every-word-whole"])
def test_phrases_match_whoosh_over_deleted_rows_and_segments(changed_engine, monkeypatch, whole):
    """A phrase reads each word's positions in the rarest word's rows, or whole when the word has
    few more postings: every way, with any slop, the rows are whoosh's and the scores its words'
    (whoosh's statistics count deleted rows until a merge: search/matching/rowspace.py)."""
    fast = changed_engine._fast()
    assert len(fast.segments) >= 2 and fast.count < fast.n
    monkeypatch.setattr(segment_rows, "_WHOLE", whole)
    phrases = {repr(p): p for text in _queries() for q in _clauses(changed_engine, text) for p in _phrases(q)}
    compared = 0
    for phrase in phrases.values():
        for slop in (1, 2, 3):
            q = wq.Phrase(phrase.fieldname, list(phrase.words), slop=slop, boost=phrase.boost)
            expected, got = _whoosh(changed_engine, q), _fast(changed_engine, q)
            assert got.keys() == expected.keys(), repr(q)
            words = _fast(changed_engine, wq.And([wq.Term(q.fieldname, w) for w in q.words], boost=q.boost))
            assert all(got[k] == pytest.approx(words[k], rel=1e-9) for k in expected), repr(q)
            compared += bool(expected)
    assert compared > 100


@pytest.mark.parametrize("whole", [0, segment_rows._WHOLE, 10**9], ids=["rarest-rows", "default", "every-word-whole"])
def test_phrases_with_a_word_twice_match_whoosh(changed_engine, monkeypatch, whole):
    """A phrase may hold one word twice ("research and research", 研究 … 研究): its positions are read
    once and must serve both places. Phrases taken from the records' own words, every way as above."""
    monkeypatch.setattr(segment_rows, "_WHOLE", whole)
    fast = changed_engine._fast()
    analyzer = changed_engine._searcher().schema["body"].analyzer
    phrases = {}
    for record in fast.records(np.flatnonzero(fast.live)[::3].tolist()):
        words = [t.text for t in analyzer(record.text)]
        for i in range(len(words) - 2):
            for j in (i + 2, i + 3):
                if j < len(words) and words[j] == words[i] and len(phrases) < 40:
                    phrases[tuple(words[i:j + 1])] = None
    matched = 0
    for words in phrases:
        for slop in (1, 2):
            q = wq.Phrase("body", list(words), slop=slop)
            expected, got = _whoosh(changed_engine, q), _fast(changed_engine, q)
            assert got.keys() == expected.keys(), repr(q)
            matched += bool(expected)
    assert len(phrases) == 40 and matched > 40


@pytest.mark.parametrize("marked", [0, segment_rows.MARKED, 10**9], ids=["searched", "default", "marked"])
def test_a_terms_positions_in_some_rows_are_its_positions_in_every_row_cut_to_them(changed_engine, monkeypatch, marked):
    """in_rows (the rescore's and the highlights' read) finds a term's postings in the rows asked for
    by searching them or through a mark per row, by the term's length: the same keys and offsets."""
    fast = changed_engine._fast()
    monkeypatch.setattr(segment_rows, "MARKED", marked)
    terms = ["univers", "student", "exchang", "研究", "交流", "ソウル", "walrus"]
    every = fast.in_rows("body", terms, np.arange(fast.n), chars=True)
    assert sum(len(every[t][0]) for t in terms) > 1000
    for rows in (np.arange(0, fast.n, 7), np.arange(3, fast.n, 97), np.array([1, 2, fast.n - 1])):
        got = fast.in_rows("body", terms, rows, chars=True)
        for term in terms:
            keep = np.isin(every[term][0] >> 32, rows)
            for part, whole in zip(got[term], every[term]):
                assert np.array_equal(part, whole[keep]), (term, len(rows))


def test_which_of_some_rows_have_a_term_over_segments(changed_engine):
    """having (the rescore's exact forms) answers from the rows asked for: the same as the term's
    postings in every segment."""
    from renkei.indexer.columnar.segment import EXACT
    fast = changed_engine._fast()
    assert len(fast.segments) >= 2
    found = 0
    for term in ("university", "exchange", "research", "joint", "walrus"):
        every = fast._gathered(EXACT, term)[0]
        for rows in (np.arange(0, fast.n, 3), np.arange(fast.n - 5, fast.n), np.zeros(0, np.int64)):
            got = fast.having(EXACT, term, rows)
            assert np.array_equal(got, np.isin(rows, every)), (term, len(rows))
            found += int(got.sum())
    assert found > 50


def test_hits_read_from_the_fast_segments_are_the_records_indexed(engine, monkeypatch):
    """A hit's record is read from its fast segment's compressed copy (indexer/blobs.py), the only
    one (whoosh stores none): the very records the index was built with."""
    from renkei.corpus import bundled_records
    from renkei.indexer.columnar import blobs
    read = []
    real = blobs.Records.read
    monkeypatch.setattr(blobs.Records, "read", lambda self, rows: read.extend(rows) or real(self, rows))
    by_id = {r.id: r for r in bundled_records()}
    pages = [engine.search(q, limit=20).hits for q in _queries()]
    assert len(read) >= sum(map(len, pages)) > 500   # (and the spelling suggestions' records)
    assert all(h.record == by_id[h.id] for page in pages for h in page)
    assert all(engine.get(h.id) == by_id[h.id] for h in pages[0])
