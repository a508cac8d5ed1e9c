"""whoosh's postings written from postings grouped by term (writing.segments): the bytes whoosh's
FieldWriter.add_postings writes, with a fraction of its calls."""
from __future__ import annotations

import itertools
import zlib
from array import array
from typing import Any, Iterable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3PostingsWriter, W3TermInfo
from whoosh.compat import dumps
from whoosh.formats import Positions
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import delta_encode

from renkei.indexer.columnar import segment as fastindex

LENGTHS = [None] + [byte_to_length(b) for b in range(1, 256)]
ONE_POSITION: dict[int, bytes] = {}   # a single position -> whoosh's Positions encoding of it


def write_grouped(fieldwriter, schema, lengths,
                   fields: Iterable[tuple[str, Iterable[tuple[bytes, array, Any, list]]]]) -> None:
    """What whoosh's FieldWriter.add_postings writes, from postings already grouped by term: the same
    bytes in the postings file and the terms table. `fields` are in name order, each with its terms
    in order: (term, document numbers, weights, values) each."""
    for fieldname, terms in fields:
        fieldwriter.start_field(fieldname, schema[fieldname])
        data = lengths.field_lengths(fieldname) if lengths else None
        writer = fieldwriter._postwriter
        if writer._byteids or writer._inlinelimit > 1 or type(writer) is not W3PostingsWriter:
            _write_terms_by_whoosh(fieldwriter, terms, data)
        else:
            _write_terms(fieldwriter, schema[fieldname].format, terms, data)
        fieldwriter.finish_field()


def _block_lengths(data: bytes | None, docnums) -> tuple[int | None, int]:
    """A block's shortest and longest field lengths (None, 0: none known), as whoosh tracks them."""
    if data is not None:
        size = len(data)
        found = [length for length in (LENGTHS[data[d]] if d < size else None for d in docnums) if length]
        if found:
            return min(found), max(found)
    return None, 0


def _write_terms(fieldwriter, fmt, terms: Iterable[tuple[bytes, array, Any, list]], data: bytes | None) -> None:
    """whoosh's W3PostingsWriter (start_postings, its blocks, finish_postings) and W3FieldWriter's
    finish_term for each term, in one function: the same bytes with a fifth of the calls (whoosh's
    per-term Python was ~40 % of writing a segment's postings, bench.buildcost). A term's postings
    are never inlined (whoosh's inline limit is 1)."""
    writer = fieldwriter._postwriter
    postfile, limit, level = writer._postfile, writer._blocklimit, writer._compression
    fixed = fmt.fixed_value_size()
    prefix, add_term = pack_ushort(fieldwriter._fieldid), fieldwriter._tindex.add
    pack_info = W3TermInfo._struct.pack
    for text, docnums, weights, values in terms:
        offset, n = postfile.tell(), len(docnums)
        total, minlength, maxlength, maxweight = 0, None, 0, 0
        chunks = [WHOOSH3_HEADER_MAGIC]
        for i in range(0, n, limit):
            j = min(i + limit, n)
            ids, block = docnums[i:j], array("f", weights[i:j])
            top = max(weights[i:j])
            top = top if top > 0 else 0
            low, high = _block_lengths(data, ids)
            total += sum(block)
            minlength = low if minlength is None else min(minlength, low)
            maxlength, maxweight = max(maxlength, high), max(maxweight, top)
            kept = [v for v in values[i:j] if v]
            if block[0] == 1.0 and all(w == 1.0 for w in block):
                mini = None
            elif all(w == block[0] for w in block):
                mini = block[0]
            else:
                mini = tuple(block)
            packed = (tuple(delta_encode(ids)), mini,
                      tuple(kept) if fixed is None or fixed < 0 else None if fixed == 0 else b"".join(kept))
            body = dumps(packed, 2)
            if level:
                body = zlib.compress(body, level)
            info = dumps((len(ids), ids[-1], top, level, length_to_byte(low), length_to_byte(high)), 2)
            size = len(info) + len(body)
            chunks += [pack_int(-size if j == n else size), info, body]
        written = b"".join(chunks)
        postfile.write(written)
        add_term(prefix + text, pack_info(False, total, n, 0 if minlength is None else length_to_byte(minlength),
                                          length_to_byte(maxlength), maxweight, docnums[0], docnums[-1])
                 + pack_long(offset) + pack_int(len(written)))


def _write_terms_by_whoosh(fieldwriter, terms: Iterable[tuple[bytes, array, Any, list]], data: bytes | None) -> None:
    """Each term through whoosh's own postings writer, its blocks set whole."""
    for text, docnums, weights, values in terms:
        fieldwriter.start_term(text)
        writer, n = fieldwriter._postwriter, len(docnums)
        limit = writer._blocklimit
        for i in range(0, n, limit):
            if i:
                writer._write_block()
            j = min(i + limit, n)
            block = weights[i:j]
            writer._ids = docnums[i:j]
            writer._weights = array("f", block)
            writer._values = [v for v in values[i:j] if v]
            top = max(block)
            writer._maxweight = top if top > 0 else 0
            low, high = _block_lengths(data, docnums[i:j])
            if low is not None:
                writer._minlength, writer._maxlength = low, high
        fieldwriter.finish_term()


def builder_terms(fmt, fast: fastindex.SegmentBuilder, name: str,
                   chunk: int = 65536) -> Iterator[tuple[bytes, array, array, list]]:
    """(term, document numbers, weights, values) of each term of a fast segment builder's field
    (sorted when the field is written: columnar.sorting), as whoosh's Positions or Frequency
    format encodes them; made `chunk` postings at a time, so that memory stays bounded."""
    postings, boost = fast.postings(name), fmt.field_boost
    poff, terms = postings.poff, postings.terms
    k = 0
    while k < len(terms):
        a = int(poff[k])
        end = max(k + 1, int(np.searchsorted(poff, a + chunk, side="right")) - 1)
        b = int(poff[end])
        pstart = postings.pstart[a:b + 1]
        counts = np.diff(pstart)
        docs = array("I", postings.docs[a:b].astype(np.uint32).tobytes())
        weights = array("d", (counts.astype(np.float64) * boost).tobytes())
        values = _values(fmt, counts.tolist(), pstart.tolist(), postings.positions)
        offsets = poff[k:end + 1].tolist()
        for i in range(end - k):
            x, y = offsets[i] - a, offsets[i + 1] - a
            if x < y:
                yield terms[k + i].encode("utf-8"), docs[x:y], weights[x:y], values[x:y]
        k = end


def _values(fmt, counts: list[int], pstart: list[int], positions) -> list[bytes]:
    """Each posting's value, as whoosh's Positions or Frequency format encodes it, each its own
    object, as whoosh's pool gives them: a block's pickle would otherwise refer back to a value (a
    cached single position) it holds already, and the segment's bytes would differ."""
    if type(fmt) is Positions:
        encode, once = fmt.encode, ONE_POSITION
        base = pstart[0]
        ps = positions[base:pstart[-1]].tolist()
        values = []
        for start, n in zip(pstart, counts):
            start -= base
            if n == 1:
                encoded = once.get(ps[start])
                if encoded is None:
                    encoded = encode([ps[start]])
                    if ps[start] < 10_000:
                        once[ps[start]] = encoded
            else:
                encoded = encode(ps[start:start + n])
            values.append(encoded)
    else:
        values = [pack_uint(n) for n in counts]
    ends = list(itertools.accumulate(map(len, values)))
    blob = b"".join(values)
    return [blob[a:b] for a, b in zip([0, *ends], ends)]
