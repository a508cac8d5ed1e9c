"""The columnar postings of one generation as one row space: postings, positions, lengths, filter
codes, and the top k of a scored set (search/matching/evaluation.py evaluates query trees over them).

The compiler builds one whoosh query per search; whoosh itself would decode and score every
posting in Python, so its cost grows with the number of matches. Scores here are whoosh's BM25F,
computed the same way (tests/test_fastpath.py compares both on the public queries).

Differences from whoosh 2.7.4, on purpose:
- DisjunctionMax scores max + tiebreak × (sum of the others) over the children that match the
  row, as Lucene does; whoosh's matcher takes the max of its children's *current* scores even when
  they sit on different documents, and ignores the tiebreak.
- Statistics (document count, document frequency, average length) count live rows only; whoosh
  counts deleted documents until their segment is merged.
"""
from __future__ import annotations

import bisect
from itertools import accumulate
from pathlib import Path
from typing import Iterable

import numpy as np
from whoosh.util.numeric import _length_byte_cache

from renkei.corpus import Record
from renkei.indexer.columnar import segment as fastindex
from renkei.indexer.columnar.segment import TEXT
from renkei.indexer.schema import record_from_json

from renkei.search.matching.rows import UnsupportedQuery, adjacent, chained, isin_sorted, places
from renkei.search.matching import segment_rows
from renkei.search.matching.segment_rows import RowMarks, phrase_keys, postings_of, within

_EMPTY = np.zeros(0, np.int32)
_NO_ROWS, _NO_SCORES = np.zeros(0, np.int64), np.zeros(0)   # shared: results are never changed in place
_LENGTHS = np.array(_length_byte_cache, dtype=np.int64)
# Candidates up to this many (a top 10 and its ties: 2-34 in the bench mix) are put in id order
# among themselves for the first this-many top_of calls, then by every row's rank, sorted once
# (~15 ms at 100k rows): a cold search skips that sort, a long-lived process pays it once.
_FEW_TO_RANK = 64
# Positions of one term in one row that the rescore looks at: a huge record costs no more than this.
MAX_ROW_POSITIONS = 2_000


class FastSearcher:
    """All fast segments of one generation as one row space."""

    def __init__(self, generation: Path, B: float, K1: float) -> None:
        self.segments = fastindex.open_segments(generation)
        sizes = [s.size for s in self.segments]
        self.offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
        self.n = int(self.offsets[-1])
        self.live = ~np.concatenate([s.deleted for s in self.segments]) if self.segments else np.zeros(0, bool)
        self.count = int(self.live.sum())
        # One segment holds every row asked about: no search for the rows that fall in it (2 us a
        # read, a dozen reads a query at 1k)
        self._alone = len(self.segments) == 1
        self.B, self.K1 = B, K1
        self._norms: dict[str, np.ndarray] = {}
        self._keys: dict[str, tuple[list[str], np.ndarray]] = {}
        self._ids: list[str] | None = None
        self._year = self._date = self._id_rank = None
        self._ranked = 0   # top_of calls so far: past _FEW_TO_RANK, every row is ranked once

    # --- row data --------------------------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [i for s in self.segments for i in s.ids]
        return self._ids

    @property
    def table_rows(self) -> np.ndarray:
        """Per row: the record is one row of a table in a document (its id has `#`: office readers)."""
        if getattr(self, "_table_rows", None) is None:
            ids = self.ids   # (one join and search when no id has a `#`: 1.2 ms at 100k rows, not 3.7)
            self._table_rows = (np.fromiter(("#" in i for i in ids), bool, len(ids)) if "#" in "\n".join(ids)
                                else np.zeros(len(ids), bool))
            self.has_table_rows = bool(self._table_rows.any())
        return self._table_rows

    @property
    def year(self) -> np.ndarray:
        if self._year is None:
            self._year = np.concatenate([s.year for s in self.segments]) if self.segments else np.zeros(0, np.int32)
        return self._year

    @property
    def date(self) -> np.ndarray:
        if self._date is None:
            self._date = np.concatenate([s.date for s in self.segments]) if self.segments else np.zeros(0, np.int32)
        return self._date

    def keys(self, field: str) -> tuple[list[str], np.ndarray]:
        """A structured field as (values, code per row), codes shared by all segments."""
        if field not in self._keys:
            values = sorted({v for s in self.segments for v in s.keys[field]})
            index = {v: i for i, v in enumerate(values)}
            parts = [np.array([index[v] for v in s.keys[field]], dtype=np.int32)[s.codes(field)]
                     if s.size else np.zeros(0, np.int32) for s in self.segments]
            self._keys[field] = (values, np.concatenate(parts) if parts else np.zeros(0, np.int32))
        return self._keys[field]

    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        """Per row the field length as whoosh stores it (one byte, lossy), and the average length.
        Worked out anew each time: norms() keeps what queries need (at 100k rows 0.8 MB a field)."""
        exact = np.concatenate([s.field(field)["len"] for s in self.segments]).astype(np.int64)
        total = float(exact[self.live].sum())
        return _stored_lengths(exact), (total / (self.count or 1)) or 1.0

    # --- postings ----------------------------------------------------------------------------------

    def postings(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Live rows (global) and frequencies of a term."""
        if len(self.segments) == 1:   # the common case, without the gathering below
            r, f, _, _ = self.segments[0].postings(field, term)
            r = r.astype(np.int64)
        else:
            r, f = self._gathered(field, term)
        if self.count == self.n or not len(r):   # nothing deleted
            return r, f
        keep = self.live[r]
        return (r, f) if keep.all() else (r[keep], f[keep])

    def _gathered(self, field: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        rows, freqs = [], []
        for seg, offset in zip(self.segments, self.offsets):
            r, f, _, _ = seg.postings(field, term)
            if len(r):
                rows.append(np.asarray(r, dtype=np.int64) + offset)
                freqs.append(np.asarray(f))
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return (rows[0], freqs[0]) if len(rows) == 1 else (np.concatenate(rows), np.concatenate(freqs))

    def followed(self, field: str, words: list[str], rows: np.ndarray, slop: int, read: dict | None = None) -> np.ndarray:
        """The rows (global, unordered, repeated, deleted ones included) where `words` follow each
        other in order, each within `slop` positions of the one before, among the sorted global
        `rows` (the rarest word's): the work follows them, not the frequent words' postings. `read`
        keeps the words' keys for another slop in the same rows (one query's: a name whole and near)."""
        out = []
        for seg, offset in zip(self.segments, self.offsets):
            local = rows if self._alone else within(rows, offset, seg.size)
            if self._alone and read is not None:
                found = read.get((field, *words))
                if found is None or found[0] is not rows:
                    found = read[(field, *words)] = (rows, phrase_keys(seg, field, words, local) if len(local) else None)
                keys = found[1]
            else:
                keys = phrase_keys(seg, field, words, local) if len(local) else None
            if keys is None:
                continue
            # Keys are row << 32 | position: a word's key plus a gap is the key of the position that
            # far on in the same row, so the chain of words is followed on the keys alone.
            starts = adjacent(keys) if slop <= 1 else chained(keys, slop)
            if len(starts):
                out.append((starts >> 32) + offset if offset else starts >> 32)
        return (out[0] if len(out) == 1 else np.concatenate(out)) if out else np.zeros(0, np.int64)

    def having(self, field: str, term: str, rows: np.ndarray) -> np.ndarray:
        """Which of a few given (sorted, global) rows have the term: the work is bounded by the rows
        asked for, not by the term's postings."""
        out = np.zeros(len(rows), bool)
        for seg, offset in zip(self.segments, self.offsets):
            lo, hi = (0, len(rows)) if self._alone else rows.searchsorted((offset, offset + seg.size))
            docs = seg.docs(field, term)[0] if hi > lo else _EMPTY
            if len(docs):   # the rows searched in the postings' own type (else numpy copies them all)
                out[lo:hi] = isin_sorted((rows[lo:hi] - offset if offset else rows[lo:hi]).astype(docs.dtype), docs)
        return out

    def in_rows(self, field: str, terms: Iterable[str], rows: np.ndarray,
                chars: bool = False) -> dict[str, tuple[np.ndarray, ...]]:
        """Per term, its keys row << 32 | position in a few given (sorted, global) rows, at most
        MAX_ROW_POSITIONS a row, and with `chars` each position's [start, end) in the field's stored
        text (rows of segments that keep no offsets are then left out: has_chars). The terms are read
        together, one gather for all (a page's highlights and the rescore look up a dozen terms)."""
        found: dict[str, list[tuple[np.ndarray, ...]]] = {term: [] for term in terms}
        for seg, offset in zip(self.segments, self.offsets):
            local = rows if self._alone else within(rows, offset, seg.size)
            if not len(local) or (chars and not seg.has_chars(field)):
                continue
            picks, marks = [], RowMarks(local, seg.size)   # one mark of these rows for all the terms
            few: list[tuple[int, int, str]] = []   # terms whose postings are looked up in the mark together
            for term in found:
                docs, a, b = seg.docs(field, term)
                if b - a > segment_rows.MARKED * len(local):   # postings_of's choice of a mark
                    postings = postings_of(docs, local, seg.size, marks)
                    if len(postings):
                        picks.append((a, term, a + postings))
                elif b > a:
                    few.append((a, b, term))
            if few:   # one gather and one search for them all, not three array calls a term
                few.sort()   # terms hold disjoint runs of postings: in order, one sorted array
                every = np.concatenate([np.arange(a, b) for a, b, _ in few]) if len(few) > 1 else np.arange(*few[0][:2])
                every = every[marks.marked[seg.field(field)["docs"][every]]]
                ends = every.searchsorted([b for _, b, _ in few]).tolist()
                picks += [(a, term, every[start:end]) for (a, _, term), start, end in zip(few, [0, *ends], ends) if end > start]
            if not picks:
                continue
            picks.sort(key=lambda pick: pick[0])   # terms hold disjoint runs of postings: one sorted array
            rows_of, pos, *spans, counts = seg.positions_of(
                field, np.concatenate([p for *_, p in picks]), MAX_ROW_POSITIONS, chars)
            rows_of = rows_of.astype(np.int64)
            keys = ((rows_of if self._alone else rows_of + offset) << 32) | pos
            # a term's positions end at its last posting's: the positions up to it, at each term's last
            ends = counts.cumsum()[[k - 1 for k in accumulate(len(p) for *_, p in picks)]].tolist()
            for (_, term, _), start, end in zip(picks, [0, *ends], ends):
                found[term].append((keys[start:end], *[x[start:end] for x in spans]))
        empty = (np.zeros(0, np.int64), *([_EMPTY] * (2 if chars else 0)))
        return {term: parts[0] if len(parts) == 1 else tuple(np.concatenate(x) for x in zip(*parts)) if parts else empty
                for term, parts in found.items()}

    def _segment_of(self, row: int) -> int:
        return 0 if len(self.segments) == 1 else int(self.offsets.searchsorted(row, side="right")) - 1

    def row_of(self, record_id: str) -> int | None:
        """The live row with this id, if any: a search of the ids list (list.index, ~1 ms at 100k
        rows; a map of them all would cost ~20 ms to make, for `renkei show` that asks once)."""
        ids, start = self.ids, 0
        while True:
            try:
                row = ids.index(record_id, start)
            except ValueError:
                return None
            if self.live[row]:
                return row
            start = row + 1

    def has_id(self, record_id: str) -> bool:
        """Whether a live row has this id (a pass over every row)."""
        return any(self.live[row] for row, found in enumerate(self.ids) if found == record_id)

    def records(self, rows: list[int]) -> list[Record | None]:
        """The rows' records, from their segments' copies (indexer/blobs.py); None for a row whose
        segment keeps none."""
        if self._alone:   # every row in the one segment: no grouping by segment
            records = self.segments[0].records
            return [None] * len(rows) if records is None else list(map(record_from_json, records.read(rows)))
        out: list[Record | None] = [None] * len(rows)
        at = [self._segment_of(row) for row in rows]
        for k in set(at):
            records = self.segments[k].records
            if records is not None:
                mine = [i for i, a in enumerate(at) if a == k]
                offset = int(self.offsets[k])
                for i, text in zip(mine, records.read([rows[i] - offset for i in mine])):
                    out[i] = record_from_json(text)
        return out

    def all_have_chars(self, field: str) -> bool:
        """Whether every segment keeps the character offsets of the field's positions."""
        return all(seg.has_chars(field) for seg in self.segments)

    def has_chars(self, field: str, row: int) -> bool:
        """Whether a row's segment keeps the character offsets of the field's positions."""
        return self.segments[self._segment_of(row)].has_chars(field)

    # --- terms ---------------------------------------------------------------------------------------

    def term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows of a text term and their BM25F scores (whoosh's formula, byte-quantised lengths)."""
        if field not in TEXT:
            raise UnsupportedQuery(f"no fast postings for field {field!r}")
        if self._alone and self.count == self.n:   # one segment, nothing deleted: its postings as they are
            f = self.segments[0].field(field)
            i = f["vocab"].find(text)
            a, b = (f["poff"].item(i), f["poff"].item(i + 1)) if i >= 0 else (0, 0)
            if a == b:
                return _NO_ROWS, _NO_SCORES
            rows = f["docs"][a:b].astype(np.int64)
            if "freq" in f:
                tf = f["freq"][a:b].astype(np.float64)
            else:   # a positional field: a posting's frequency is its count of positions
                bounds = f["pstart"][a:b + 1]
                tf = (bounds[1:] - bounds[:-1]).astype(np.float64)
            return rows, self._bm25(field, rows, tf, b - a)
        rows, freqs = self.postings(field, text)
        if not len(rows):
            return rows, np.zeros(0)
        return rows, self._bm25(field, rows, freqs.astype(np.float64), len(rows))

    def term_at(self, field: str, text: str, rows: np.ndarray, found: int) -> np.ndarray:
        """term()'s scores, the same floats, at some of its rows (sorted, global, live; `found`: how
        many live rows it has): a phrase's words are scored where the phrase is, not over all their
        postings (3 of a common word's 4 phrase rows are no phrase: 6 % of the bench mix at 100k)."""
        tf = np.empty(len(rows))
        for seg, offset in zip(self.segments, self.offsets):
            lo, hi = (0, len(rows)) if self._alone else rows.searchsorted((offset, offset + seg.size))
            if hi > lo:
                f = seg.field(field)
                i = f["vocab"].find(text)
                a, b = int(f["poff"][i]), int(f["poff"][i + 1])
                docs = f["docs"][a:b]
                at = a + places(docs, (rows[lo:hi] - offset).astype(docs.dtype))
                tf[lo:hi] = f["freq"][at] if "freq" in f else f["pstart"][at + 1] - f["pstart"][at]
        return self._bm25(field, rows, tf, found)

    def postings_count(self, field: str, term: str) -> int:
        """How many postings a term has, deleted rows included (no array is read)."""
        count = 0
        for seg in self.segments:
            f = seg.field(field)
            i = f["vocab"].find(term)
            if i >= 0:
                poff = f["poff"]
                count += poff.item(i + 1) - poff.item(i)   # (item: no numpy scalar made)
        return count

    def _bm25(self, field: str, rows: np.ndarray, tf: np.ndarray, found: int) -> np.ndarray:
        """idf × (tf × (K1 + 1)) / (tf + norm), in place: three fresh arrays, not five."""
        idf = np.log(self.count / (found + 1)) + 1
        score, norm = tf * (self.K1 + 1), self.norms(field)[rows]
        norm += tf
        score /= norm
        score *= idf
        return score

    def norms(self, field: str) -> np.ndarray:
        """Per row BM25's length normalisation, K1 × ((1 − B) + B × length / average length): the
        same for every term of the generation, so worked out once."""
        if field not in self._norms:
            lengths, avg = self.lengths(field)
            self._norms[field] = self.K1 * ((1 - self.B) + self.B * lengths / avg)
        return self._norms[field]

    def keyword_rows(self, field: str, value: str) -> np.ndarray:
        """The live rows filed under `value` in a structured field."""
        values, codes = self.keys(field)
        i = _index(values, value)
        return np.flatnonzero((codes == i) & self.live) if i >= 0 else np.zeros(0, np.int64)

    # --- results -------------------------------------------------------------------------------------

    def top(self, mask: np.ndarray, score: np.ndarray, k: int, by_date: bool = False) -> list[int]:
        """The best `k` rows of a mask over every row (see top_of)."""
        rows = np.flatnonzero(mask)
        return self.top_of(rows, score[rows], k, by_date)

    def top_of(self, rows: np.ndarray, score: np.ndarray, k: int, by_date: bool = False,
               tier: np.ndarray | None = None) -> list[int]:
        """The best `k` of the given rows (`score`, `tier`: one per row): higher tier first, then by
        score (6 decimals), then newer date, then id — the same order on every build. With
        `by_date`, newest first, then id."""
        if not len(rows) or k <= 0:
            return []
        primary = -self.date[rows].astype(np.float64) if by_date else -np.round(score, 6)
        if tier is not None:
            primary = primary - tier.astype(np.float64) * 1e9
        if len(rows) > k:
            # Cut to the rows that can be in the top k (ties at the edge included), then sort fully.
            kth = np.partition(primary, k - 1)[k - 1]
            keep = primary <= kth
            rows, primary = rows[keep], primary[keep]
        order = np.lexsort((self._id_order(rows), -self.date[rows].astype(np.int64), primary))
        return rows[order[:k]].astype(np.int64, copy=False).tolist()

    def _id_order(self, rows: np.ndarray) -> np.ndarray:
        """Each of `rows`' place in id order, the last tie-break (stable across builds); see _FEW_TO_RANK (#35)."""
        ids, self._ranked = self.ids, self._ranked + 1
        if self._id_rank is None and (len(rows) > _FEW_TO_RANK or self._ranked > _FEW_TO_RANK):
            self._id_rank = _ranks(ids)
        return self._id_rank[rows] if self._id_rank is not None else _ranks([ids[r] for r in rows.tolist()])

    def facet(self, field: str, mask: np.ndarray) -> dict[str, int]:
        if field == "year":
            years = self.year[mask]
            years = years[years >= 0]
            values, counts = np.unique(years, return_counts=True)
            return {str(int(v)): int(c) for v, c in zip(values, counts)}
        values, codes = self.keys(field)
        counts = np.bincount(codes[mask], minlength=len(values))
        return {values[i]: int(c) for i, c in enumerate(counts) if c}


def _ranks(keys: list[str]) -> np.ndarray:
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    return rank


def _stored_lengths(exact: np.ndarray) -> np.ndarray:
    """Field lengths as whoosh stores them (one byte: the smallest byte's length not below each), as
    floats, by a table up to the longest (searching 256 values a row was ~5 ms a field at 100k, #35)."""
    top = int(exact.max()) if len(exact) else 0
    table = _LENGTHS[np.minimum(np.searchsorted(_LENGTHS, np.arange(top + 1), side="left"), 255)]
    table[np.arange(top + 1) >= 106374] = _LENGTHS[255]
    return table[exact].astype(np.float64)


def _index(values: list[str], value: str) -> int:
    i = bisect.bisect_left(values, value)
    return i if i < len(values) and values[i] == value else -1

