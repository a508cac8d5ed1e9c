"""Is an index whole? Open every generation as a reader would, and say which file is at fault."""
from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.fields import ensure_schema
from whoosh.index import _CURRENT_TOC_VERSION, _FLOAT_SIZE, _INT_SIZE, _LONG_SIZE, TOC, IndexVersionError
from whoosh.reading import SegmentReader

from renkei.indexer import safe_pickle, store
from renkei.indexer.errors import UnexpectedClass
from renkei.indexer.columnar.blobs import DICTIONARIES, DICTIONARY_STARTS, RECORD_STARTS, RECORDS, ROW_DICTIONARY, Records
from renkei.indexer.columnar.segment import CHAR_FILES, CHARS, FAST_DIR, KEYWORD, MANIFEST, POSITIONAL, TEXT, read_rows
from renkei.indexer.columnar.npy import saved_header

_WHOOSH_INDEX = "MAIN"
_RECORDS = "records"


def whoosh_storage(generation: Path) -> FileStorage:
    """The whoosh files of a generation, read on demand. (With mmap, whoosh copies each compound
    segment's files into memory whenever it opens a reader: ~60-120 ms and ~200 MB at 100k
    records, on every search process's start and every reader a writer opens.)"""
    return FileStorage(str(generation), supports_mmap=False)


def open_whoosh(generation: Path):
    return whoosh_storage(generation).open_index()


def verify_generation(generation: Path, *, thorough: bool = False) -> int:
    """The number of records in `generation`, once whoosh has opened its table of contents and every
    segment, and the count matches meta.json's. IndexDamaged naming the file otherwise.

    `thorough` also reads every file to the end and every stored record (renkei doctor)."""
    storage, toc = _verified_toc(generation)
    if thorough:
        for path in sorted(generation.iterdir()):
            _read_through(path, generation.parent)
    verify_segments(generation, storage, toc, thorough=thorough)
    verify_fast(generation, thorough=thorough)
    if thorough:
        _verify_glossary(generation)
    return sum(segment.doc_count() for segment in toc.segments)


def search_schema(generation: Path):
    """The schema of `generation` after the checks a search needs before it reads the fast arrays:
    verify_generation's, except that whoosh's segments are only looked at, not opened (their
    directories read and fit their files: opening them cost ~50 ms at 100k records, and a search
    that needs them, for filter values or spelling, opens them with verify_segments)."""
    storage, toc = _verified_toc(generation, light=True)
    if all(segment.is_compound() for segment in toc.segments):   # as renkei writes them
        verify_segments(generation, storage, toc, light=True)
    else:
        verify_segments(generation)
    verify_fast(generation)
    return toc.schema


def _verified_toc(generation: Path, light: bool = False):
    """whoosh's storage and table of contents (unpickled with the allow-list), and its count checked.
    `light`: its segments as safe_pickle.SegmentInfo (see _light_toc)."""
    index_dir, name = generation.parent, generation.name
    meta = store.read_meta(generation)
    storage = whoosh_storage(generation)
    latest = TOC._latest_generation(storage, _WHOOSH_INDEX)
    if latest < 0:
        raise store.damaged(index_dir, f"{name}/_{_WHOOSH_INDEX}_*.toc (whoosh's table of contents) is missing")
    toc_name = TOC._filename(_WHOOSH_INDEX, latest)
    try:
        toc = _light_toc(storage, toc_name, latest) if light else TOC.read(storage, _WHOOSH_INDEX, gen=latest)
    except UnexpectedClass as err:
        raise tampered(index_dir, f"{name}/{toc_name}", err) from None
    except Exception as err:  # a damaged file can fail in any way while whoosh unpickles it
        raise store.damaged(index_dir, f"{name}/{toc_name} cannot be read ({_why(err)})") from None
    count = sum(segment.doc_count() for segment in toc.segments)
    if meta.get(_RECORDS, count) != count:
        raise store.damaged(index_dir, f"{name}/{store.META} says {meta[_RECORDS]} records, "
                                       f"but the index holds {count}")
    return storage, toc


def _light_toc(storage: FileStorage, toc_name: str, gen: int) -> SimpleNamespace:
    """whoosh's table of contents as TOC.read reads it (whoosh 2.7.4's format, the only one renkei
    reads), its segment list unpickled as safe_pickle.SegmentInfo: whoosh's codec, which the real
    segment class would import, is not needed to check and search the fast arrays."""
    stream = storage.open_file(toc_name)
    try:
        sizes = [stream.read_varint() for _ in range(3)]
        if sizes != [_INT_SIZE, _LONG_SIZE, _FLOAT_SIZE] or stream.read_int() != -12345:
            raise IndexError("Index was created on different architecture")
        version = stream.read_int()
        for _ in range(3):   # whoosh's release
            stream.read_varint()
        if version != _CURRENT_TOC_VERSION:
            raise IndexVersionError(f"Can't read format {version}", version)
        schema = ensure_schema(safe_pickle.loads(stream.read_string()))
        if stream.read_int() != gen:
            raise ValueError(f"its generation is not {gen}")
        stream.read_int()   # unused
        segments = safe_pickle.load_segments(stream.file)
    finally:
        stream.close()
    return SimpleNamespace(schema=schema, segments=segments, generation=gen)


def verify_segments(generation: Path, storage=None, toc=None, *, thorough: bool = False, light: bool = False) -> None:
    """Every whoosh segment of `generation` opens (`light`: a compound segment's directory reads and
    each of its files lies inside it); IndexDamaged naming the file otherwise."""
    if toc is None:
        storage, toc = _verified_toc(generation)
    index_dir, name = generation.parent, generation.name
    for segment in toc.segments:
        files = segment.make_filename(".seg") if segment.is_compound() else f"{segment.segment_id()}.*"
        try:
            if light and segment.is_compound():
                _look_at_compound(storage, files)
                continue
            reader = SegmentReader(storage, toc.schema, segment, generation=toc.generation)
            try:
                if thorough:
                    for _ in reader.all_stored_fields():
                        pass
            finally:
                reader.close()
        except UnexpectedClass as err:
            raise tampered(index_dir, f"{name}/{files}", err) from None
        except Exception as err:  # as above: struct.error, EOFError, UnpicklingError, OSError...
            raise store.damaged(index_dir, f"{name}/{files} cannot be read ({_why(err)})") from None


def _look_at_compound(storage: FileStorage, name: str) -> None:
    from whoosh.filedb.compound import CompoundStorage
    compound = CompoundStorage(storage.open_file(name), use_mmap=False)
    try:
        end = compound._diroffset
        if not isinstance(compound._dir, dict) or any(
                not (0 <= entry["offset"] and entry["offset"] + entry["length"] <= end) for entry in compound._dir.values()):
            raise ValueError("its files do not fit in it")
    finally:
        compound.close()


def _verify_glossary(generation: Path) -> None:
    """The glossary stored with the index parses (queries expand with it)."""
    from renkei.corpus import CorpusError
    from renkei.corpus.glossary import parse_glossary
    path = generation / store.GLOSSARY_FILE
    if not path.exists():
        return
    try:
        parse_glossary(path.read_text(encoding="utf-8"), store.GLOSSARY_FILE)
    except OSError as err:
        raise store.damaged(generation.parent, f"{generation.name}/{store.GLOSSARY_FILE} cannot be read "
                                               f"({err.strerror})") from None
    except (ValueError, CorpusError) as err:   # ":LINE: what is wrong", as the engine says it
        where = str(err).split(store.GLOSSARY_FILE, 1)[-1]
        raise store.damaged(generation.parent, f"{generation.name}/{store.GLOSSARY_FILE}{where}") from None


def verify_fast(generation: Path, *, thorough: bool = False) -> None:
    """The fast-path arrays (indexer/fastindex.py) are whole: the manifest, and in each segment every
    file the fast path reads, each as long as its own header says (an .npy) or its offsets need (a
    vocabulary). Reads only headers, so an engine can afford it at every open; IndexDamaged otherwise.

    `thorough` also loads the offsets and checks they point inside the arrays they index."""
    fast = generation / FAST_DIR
    where = f"{generation.name}/{FAST_DIR}"
    manifest = _json(fast / MANIFEST, f"{where}/{MANIFEST}", generation.parent)
    names = manifest.get("segments") if isinstance(manifest, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) and n.isalnum() for n in names):
        raise store.damaged(generation.parent, f"{where}/{MANIFEST} does not list the segments")
    for segment in names:
        _verify_fast_segment(fast, segment, thorough)


def _verify_fast_segment(fast: Path, segment: str, thorough: bool) -> None:
    generation = fast.parent
    index_dir, where = generation.parent, f"{generation.name}/{FAST_DIR}/{segment}"
    path = fast / segment
    rows = _json(path / "rows.json", f"{where}/rows.json", index_dir, read=read_rows)
    if not isinstance(rows, dict) or not isinstance(rows.get("ids"), list):
        raise store.damaged(index_dir, f"{where}/rows.json does not list the records")
    size = len(rows["ids"])
    keys = _json(path / "keys.json", f"{where}/keys.json", index_dir)
    if not isinstance(keys, dict) or set(KEYWORD) - set(keys):
        raise store.damaged(index_dir, f"{where}/keys.json does not list the keyword values")
    shapes = {"year": (size,), "date": (size,), **{f"{key}.codes": (size,) for key in KEYWORD}}
    deleted = fast / f"{segment}.deleted.npy"
    if deleted.exists():
        _npy(deleted, f"{generation.name}/{FAST_DIR}/{deleted.name}", index_dir, (size,))
    for field in TEXT:
        shapes[f"{field}.len"] = (size,)
        shapes.update({f"{field}.{part}": None for part in ("tstart", "poff", "docs")})
        if field in POSITIONAL:   # a posting's frequency is its count of positions
            shapes.update({f"{field}.pstart": None, f"{field}.pos": None})
        else:
            shapes[f"{field}.freq"] = None
    found, last = {}, {}
    for stem, shape in shapes.items():
        found[stem], last[stem] = _npy(path / f"{stem}.npy", f"{where}/{stem}.npy", index_dir, shape)
    for field in TEXT:
        terms = path / f"{field}.terms"
        try:
            length = terms.stat().st_size
        except OSError as err:
            raise store.damaged(index_dir, f"{where}/{terms.name} cannot be read ({err.strerror})") from None
        postings = found[f"{field}.docs"]
        if found.get(f"{field}.freq", postings) != postings or found[f"{field}.poff"] != found[f"{field}.tstart"] or (
                field in POSITIONAL and found[f"{field}.pstart"][0] != postings[0] + 1):
            raise store.damaged(index_dir, f"{where}/{field}.*.npy do not match one another")
        # Offsets into the vocabulary blob, the postings and the positions must end where those end
        # (a cut file); `thorough` reads them whole (zeroed or shuffled ones), else only the last.
        _offsets(f"{field}.tstart", length, path, where, index_dir, thorough, last, data=terms.name)
        if thorough and not _is_text(terms.read_bytes()):   # zeroed in place: the same length
            raise store.damaged(index_dir, f"{where}/{terms.name} does not hold the words renkei wrote")
        _offsets(f"{field}.poff", found[f"{field}.docs"][0], path, where, index_dir, thorough, last)
        if field in POSITIONAL:
            _offsets(f"{field}.pstart", found[f"{field}.pos"][0], path, where, index_dir, thorough, last)
    # the records: whoosh keeps no copy of them (schema.build_schema)
    _, last["records.start"] = _npy(path / RECORD_STARTS, f"{where}/{RECORD_STARTS}", index_dir, (size + 1,))
    blob, _ = _npy(path / RECORDS, f"{where}/{RECORDS}", index_dir, None)
    _offsets("records.start", blob[0], path, where, index_dir, thorough, last, data=RECORDS)
    _npy(path / ROW_DICTIONARY, f"{where}/{ROW_DICTIONARY}", index_dir, (size,))
    _npy(path / DICTIONARY_STARTS, f"{where}/{DICTIONARY_STARTS}", index_dir, None)
    _npy(path / DICTIONARIES, f"{where}/{DICTIONARIES}", index_dir, None)
    if thorough:   # every record decompresses (zeroed in place: the same length)
        try:
            Records(path, size).read(range(size))
        except (ValueError, OSError) as err:
            raise store.damaged(index_dir, f"{where}/{RECORDS} does not hold the records renkei wrote ({err})") from None
    for field in CHARS:   # optional (segments written before them have none), but both or neither
        if any((path / f"{field}.{part}.npy").exists() for part in CHAR_FILES):
            for part in CHAR_FILES:
                _npy(path / f"{field}.{part}.npy", f"{where}/{field}.{part}.npy", index_dir, found[f"{field}.pos"])


def _is_text(blob: bytes) -> bool:
    """UTF-8 without a NUL byte, as words and JSON are (JSON writes a NUL as \\u0000)."""
    try:
        blob.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in blob


def _offsets(stem: str, end: int, path: Path, where: str, index_dir: Path, whole: bool,
             last: dict[str, int | None], data: str = "") -> None:
    """An offsets array ends exactly at `end` (and, read whole, starts at 0 and never decreases);
    `data` names the file it points into, when a wrong end means that file was cut. Unless `whole`,
    only its last value is looked at, as _npy read it."""
    final = last[stem]
    wrong = final is None or final != end
    if whole and not wrong:
        starts = np.load(path / f"{stem}.npy")
        wrong = starts[0] != 0 or bool((np.diff(starts) < 0).any())
    if wrong and data and final is not None and final > end:
        raise store.damaged(index_dir, f"{where}/{data} is {end} bytes, shorter than {stem}.npy says")
    if wrong:
        raise store.damaged(index_dir, f"{where}/{stem}.npy does not match the data it indexes")


_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


def _npy(path: Path, where: str, index_dir: Path, shape: tuple | None) -> tuple[tuple, int | None]:
    """The shape of a one-dimensional .npy file and its last value (None if empty), once its header
    reads and the file is as long as the header says."""
    try:
        with open(path, "rb") as handle:
            header = saved_header(handle.read(128))   # ten times faster than numpy's parser
            if header:
                dtype, count, start = header
                found = (count,)
            else:
                handle.seek(0)
                read_header = _HEADER_READERS.get(np.lib.format.read_magic(handle))
                if read_header is None:
                    raise ValueError("unknown .npy version")
                found, _, dtype = read_header(handle)
                start = handle.tell()
            expected = start + dtype.itemsize * int(np.prod(found, dtype=np.int64))
            length = os.fstat(handle.fileno()).st_size
            final = None
            if length == expected and len(found) == 1 and found[0] and not dtype.hasobject:
                handle.seek(expected - dtype.itemsize)
                final = int(np.frombuffer(handle.read(dtype.itemsize), dtype)[0])
    except OSError as err:
        raise store.damaged(index_dir, f"{where} cannot be read ({err.strerror})") from None
    except Exception as err:   # numpy's header parser fails with ValueError, SyntaxError, struct.error...
        raise store.damaged(index_dir, f"{where} cannot be read ({_why(err)})") from None
    if dtype.hasobject or length != expected or (shape is not None and found != shape) or len(found) != 1:
        raise store.damaged(index_dir, f"{where} is {length} bytes, not the {expected} its header says"
                            if length != expected else f"{where} does not hold what renkei wrote")
    return found, final


def _json(path: Path, where: str, index_dir: Path, read=None):
    try:
        return read(path.parent) if read else json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise store.damaged(index_dir, f"{where} cannot be read ({err.strerror})") from None
    except ValueError as err:
        raise store.damaged(index_dir, f"{where} is not valid JSON ({_why(err)})") from None


def _read_through(path: Path, index_dir: Path) -> None:
    if path.is_dir():
        return
    try:
        with open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except OSError as err:
        raise store.damaged(index_dir, f"{path.parent.name}/{path.name} cannot be read ({err.strerror})") from None


def tampered(index_dir: Path, where: str, err: UnexpectedClass) -> UnexpectedClass:
    return UnexpectedClass(f"{index_dir} is not a renkei index (unexpected class {err} in {where}): it was "
                           f"tampered with or written by another program, and nothing in it was run. Delete it and "
                           f"index your files again (renkei --index NEW_FOLDER index FILES)")


def _why(err: Exception) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    kind = type(err).__name__
    if kind == "error":                         # struct.error, zlib.error...
        kind = f"{type(err).__module__}.error"
    text = " ".join(str(err).split())[:80]
    return f"{kind}: {text}" if text else kind
