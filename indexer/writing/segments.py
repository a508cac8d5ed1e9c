"""whoosh's segment writer, writing the same segments with less work (bench.buildcost): the
indexer's documents arrive analysed (analysis.Analysed), the postings of their analysed fields are
written from the fast segment builder's sorted tokens (the same tokens), the other fields' are
grouped by term in memory rather than sorted on disk, and field lengths are read back from memory."""
from __future__ import annotations

from array import array
from typing import Any, Iterator

from whoosh.codec.whoosh3 import W3Codec, _lenfield
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, NUMERIC
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from renkei.indexer.analysis import Analysed, _BaseTokenizer
from renkei.indexer.columnar import segment as fastindex
from renkei.indexer.writing.postings import LENGTHS, ONE_POSITION, builder_terms, write_grouped


class FastSegmentWriter(SegmentWriter):
    """whoosh's segment writer, writing the same postings with less work:
    - add_document is whoosh's, for the fields the indexer writes (no boosts, vectors or separate
      spelling): each field's postings go to the pool in one call (whoosh's loop made a tuple and
      a call per posting, ~10 % of a build);
    - a value the indexer already analysed (analysis.Analysed) becomes postings straight from its
      tokens, instead of through one whoosh Token per word and the format's generic loop (~12 %
      of a build, profiled);
    - the field lengths read back while writing postings are held in memory: whoosh looks up each
      posting's field length through a column reader, and for a field without lengths (IDs,
      numbers) asks the file system on every posting whether the column exists (~20 % of
      writing the postings);
    - given `fast`, the fast segment builder that takes the same documents (row n is document n)
      and the same analysed tokens, the postings of those text fields are not pooled at all: they
      are written at the segment's end from the builder's tokens, sorted as whoosh sorts them
      (columnar.sorting; ~0.2 ms a record less, bench.buildcost). A merge into this writer
      (add_reader) pools them first, as before."""

    def __init__(self, ix, *args, limitmb: int = 128, fast: fastindex.SegmentBuilder | None = None,
                 **kwargs) -> None:
        super().__init__(ix, *args, limitmb=limitmb, **kwargs)
        self.pool = _TermPool(self.pool, limitmb)
        unsupported = [name for name, field in self.schema.items() if field.vector or field.separate_spelling()]
        if unsupported:
            raise ValueError(f"FastSegmentWriter writes no vectors or separate spelling: {unsupported}")
        self._tokens_of = {name for name, field in self.schema.items()
                           if type(field.format) in (Positions, Frequency) and isinstance(field.analyzer, _BaseTokenizer)}
        # ID fields: the whole value is the one term (whoosh's IDTokenizer, Existence format)
        self._whole_of = {name: field.format.field_boost * 1.0 for name, field in self.schema.items()
                          if type(field) is ID and type(field.analyzer) is IDTokenizer
                          and type(field.format) is Existence}
        self._numeric = {name for name, field in self.schema.items() if type(field) is NUMERIC}
        self._numbers: dict[tuple[str, Any], list] = {}
        self._fast = fast
        self._from_fast = frozenset() if fast is None else frozenset(
            name for name in fastindex.TEXT if name in self._tokens_of and
            (type(self.schema[name].format) is Frequency or name in fastindex.POSITIONAL))
        self._own_docs = 0   # documents given to add_document: the builder's rows

    def add_document(self, **fields) -> None:
        odd = [name for name in fields if name.startswith("_")]
        if odd:
            raise ValueError(f"FastSegmentWriter takes no boosts or stored overrides: {odd}")
        self._check_state()
        schema, perdoc, docnum, pool = self.schema, self.perdocwriter, self.docnum, self.pool
        names = sorted(fields)
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                if name in self._from_fast:
                    if isinstance(value, Analysed):
                        length = len(value.tokens)   # its postings: from the builder's tokens
                    elif value:
                        raise ValueError(f"FastSegmentWriter given `fast` takes {name} analysed only")
                elif name in self._tokens_of and isinstance(value, Analysed):
                    length = pool.add_field(name, docnum, _postings(field.format, value))
                elif name in self._whole_of and type(value) is str:   # as whoosh's generic path gives it
                    length = pool.add_field(name, docnum, [(value.encode("utf-8"), 1, self._whole_of[name], b"")])
                elif name in self._numeric:   # a year: its postings (one per precision) made once
                    found = self._numbers.get((name, value))
                    if found is None:
                        if len(self._numbers) >= 10_000:
                            self._numbers.clear()
                        found = self._numbers[(name, value)] = [
                            (text, freq, weight * 1.0, encoded or b"") for text, freq, weight, encoded in field.index(value)]
                    length = pool.add_field(name, docnum, found)
                else:
                    for text, freq, weight, encoded in field.index(value):
                        length += freq
                        pool.add((name, text, docnum, weight * 1.0, encoded))   # * 1.0: as whoosh's boost
                if not field.scorable:
                    length = 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        self._own_docs += 1

    def add_reader(self, reader) -> None:
        """A merge (whoosh's merge policy at a commit): its documents' postings are pooled, so the
        builder's postings are pooled first (the pool keeps each term's in document order)."""
        self._pool_from_fast()
        super().add_reader(reader)

    def _fast_fields(self) -> Iterator[tuple[str, Iterator[tuple[bytes, array, list, list]]]]:
        """(field, its terms' postings) for the fields written from the builder's tokens."""
        fast = self._fast
        if fast is None or not self._from_fast:
            return
        if len(fast) != self._own_docs:
            raise RuntimeError(f"the fast segment builder holds {len(fast)} rows, this writer "
                               f"{self._own_docs} documents")
        for name in sorted(self._from_fast):
            if fast.terms(name):   # a field without postings is not written
                self.pool.fieldnames.add(name)
                yield name, builder_terms(self.schema[name].format, fast, name)

    def _pool_from_fast(self) -> None:
        add = self.pool.add
        for name, terms in self._fast_fields():
            for text, docnums, weights, values in terms:
                for docnum, weight, value in zip(docnums, weights, values):
                    add((name, text, docnum, weight, value))
        self._fast, self._from_fast = None, frozenset()

    def per_document_reader(self):
        return _LengthsInMemory(super().per_document_reader(), self.storage, self.get_segment())

    def _flush_segment(self) -> None:
        """whoosh's, with the postings held by term (_TermPool) written a block at a time."""
        terms = getattr(self.pool, "_terms", None)
        if terms is None:   # spilled to whoosh's pool: the builder's postings go there too
            self._pool_from_fast()
            return super()._flush_segment()
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        fields = sorted([*self.pool.fields(), *self._fast_fields()], key=lambda item: item[0])
        write_grouped(self.fieldwriter, self.schema, lengths, fields)
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def _postings(fmt, value: Analysed) -> list[tuple[bytes, int, float, bytes]]:
    """What whoosh's Positions/Frequency.word_values give for an analysed value's tokens (term,
    position, start, end): each term's frequency, weight (frequency x field boost: every token's
    boost is 1) and encoded value."""
    boost = fmt.field_boost
    if type(fmt) is Positions:
        positions: dict[str, list[int]] = {}
        for token in value.tokens:
            found = positions.get(token[0])
            if found is None:
                positions[token[0]] = [token[1]]
            else:
                found.append(token[1])
        encode, once = fmt.encode, ONE_POSITION
        out = []
        for term, ps in positions.items():
            # Most terms of a record occur once: the encoding (a pickle) of a position is made once
            # (0.036 → 0.022-0.026 ms a record); positions of the first 10,000 words only: it stays small.
            encoded = once.get(ps[0]) if len(ps) == 1 else None
            if encoded is None:
                encoded = encode(ps)
                if len(ps) == 1 and ps[0] < 10_000:
                    once[ps[0]] = encoded
            out.append((term.encode("utf-8"), len(ps), float(len(ps)) * boost, encoded))
        return out
    counts: dict[str, int] = {}
    for token in value.tokens:
        counts[token[0]] = counts.get(token[0], 0) + 1
    return [(term.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for term, n in counts.items()]


class _TermPool:
    """whoosh's posting pool, held in memory by term: the postings of one segment arrive term by
    term in document order, so they need grouping, not whoosh's sort of every posting (pickled to
    sorted runs on disk and merged back, ~30 % of writing a segment, bench.buildcost). Each term
    keeps compact arrays (document numbers, weights, its encoded values in one byte string). Past
    twice `limitmb` (a flush of fastindex.FLUSH_TOKENS tokens of ordinary text is ~110 MB), or for
    postings out of document order (as a merge could give), everything goes to whoosh's own pool,
    which sorts to disk as before."""

    def __init__(self, spill, limitmb: int) -> None:
        self._spill = spill                     # whoosh's PostingPool
        self._limit = 2 * limitmb * 1024 * 1024
        self._size = 0
        self._terms: dict[tuple[str, bytes], tuple[array, array, bytearray, array]] | None = {}
        self.fieldnames = spill.fieldnames

    def add(self, item) -> None:
        """One posting, as whoosh hands its pool one (a merge's postings)."""
        fieldname, text, docnum, weight, value = item
        self.add_field(fieldname, docnum, [(text, 0, weight, value or b"")])

    def add_field(self, fieldname: str, docnum: int, items: list[tuple[bytes, int, float, bytes]]) -> int:
        """One document's postings in one field, (term, frequency, weight, value) each, in one call
        (not one call and one tuple per posting, as whoosh's loop makes); returns the field's length.
        A term's postings are kept while they come in document order (a term seen again at an
        earlier document, as a merge could give, sends everything to whoosh's pool)."""
        terms, length = self._terms, 0
        self.fieldnames.add(fieldname)
        for text, freq, weight, value in items:
            length += freq
            if terms is not None:
                found = terms.get((fieldname, text))
                if found is None:
                    found = terms[(fieldname, text)] = (array("I"), array("d"), bytearray(), array("I", [0]))
                    self._size += 500 + len(text)   # the key, the arrays and their dict entry
                elif found[0][-1] >= docnum:
                    self._to_spill()
                    terms = None
                if terms is not None:
                    found[0].append(docnum)
                    found[1].append(weight)
                    found[2].extend(value)
                    found[3].append(len(found[2]))
                    self._size += 16 + len(value)
                    continue
            self._spill.add((fieldname, text, docnum, weight, value or None))
        if terms is not None and self._size > self._limit:
            self._to_spill()
        return length

    def _to_spill(self) -> None:
        for item in self._items():
            self._spill.add(item)
        self._terms = None

    def _items(self):
        for (fieldname, text), (docnums, weights, values, ends) in sorted(self._terms.items()):
            for i, docnum in enumerate(docnums):
                yield fieldname, text, docnum, weights[i], bytes(values[ends[i]:ends[i + 1]]) or None

    def iter_postings(self):
        return self._spill.iter_postings() if self._terms is None else self._items()

    def fields(self) -> list[tuple[str, Iterator[tuple[bytes, array, array, list]]]]:
        """(field, its terms' (term, document numbers, weights, values) in order) of the postings held."""
        items = sorted(self._terms.items())
        starts = [i for i in range(len(items)) if not i or items[i][0][0] != items[i - 1][0][0]]
        return [(items[a][0][0], _pooled_terms(items, a, b)) for a, b in zip(starts, [*starts[1:], len(items)])]

    def cleanup(self) -> None:
        """Called when the segment is written: its postings are let go at once (the writer object
        lives on to the end of the write, through the dictionary step's fork)."""
        self._terms, self._size = {}, 0
        self._spill.cleanup()

    def save(self) -> None:
        if self._terms is None:
            self._spill.save()


def _pooled_terms(items: list, a: int, b: int) -> Iterator[tuple[bytes, array, array, list]]:
    for i in range(a, b):
        (_, text), (docnums, weights, values, ends) = items[i]
        yield text, docnums, weights, [bytes(values[ends[k]:ends[k + 1]]) for k in range(len(docnums))]


class _LengthsInMemory:
    def __init__(self, reader, storage, segment) -> None:
        self._reader, self._storage, self._segment = reader, storage, segment
        self._lengths: dict[str, bytes | None] = {}

    def field_lengths(self, fieldname: str) -> bytes | None:
        """The field's length bytes by document (None: a field without lengths)."""
        data = self._lengths.get(fieldname, b"")
        if data == b"":
            data = self._lengths[fieldname] = self._load(fieldname)
        return data

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        data = self._lengths.get(fieldname, b"")
        if data == b"":
            data = self._lengths[fieldname] = self._load(fieldname)
        if data is None:
            return default
        # As whoosh: a length byte of 0 (or a document past the column's end) gives None.
        return LENGTHS[data[docnum]] if docnum < len(data) else None

    def _load(self, fieldname: str) -> bytes | None:
        name = W3Codec.column_filename(self._segment, _lenfield(fieldname))
        if not self._storage.file_exists(name):
            return None
        with self._storage.open_file(name) as handle:
            return bytes(handle.read())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)
