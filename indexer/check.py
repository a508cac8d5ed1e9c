"""Is an index whole? Open every generation as a reader would, and say which file is at fault."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

from renkei.indexer import store
from renkei.indexer.dictionary.table import DICTIONARY_FILE, table_is_current
from renkei.indexer.errors import IndexDamaged, IndexIncompatible, IndexNotFound, UnexpectedClass
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
    index_dir, name = generation.parent, generation.name
    meta = store.read_meta(generation)
    storage = whoosh_storage(generation)
    latest = TOC._latest_generation(storage, _WHOOSH_INDEX)
    if latest < 0:
        raise store.damaged(index_dir, f"{name}/_{_WHOOSH_INDEX}_*.toc (whoosh's table of contents) is missing")
    toc_name = TOC._filename(_WHOOSH_INDEX, latest)
    try:
        toc = TOC.read(storage, _WHOOSH_INDEX, gen=latest)
    except UnexpectedClass as err:
        raise tampered(index_dir, f"{name}/{toc_name}", err) from None
    except Exception as err:  # a damaged file can fail in any way while whoosh unpickles it
        raise store.damaged(index_dir, f"{name}/{toc_name} cannot be read ({_why(err)})") from None
    if thorough:
        for path in sorted(generation.iterdir()):
            _read_through(path, index_dir)
    for segment in toc.segments:
        files = segment.make_filename(".seg") if segment.is_compound() else f"{segment.segment_id()}.*"
        try:
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
    count = sum(segment.doc_count() for segment in toc.segments)
    if meta.get(_RECORDS, count) != count:
        raise store.damaged(index_dir, f"{name}/{store.META} says {meta[_RECORDS]} records, "
                                       f"but the index holds {count}")
    verify_fast(generation, thorough=thorough)
    if thorough:
        _verify_glossary(generation)
    return count


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


@dataclass(frozen=True)
class GenerationCheck:
    """One generation folder: `role` is live, previous, older (removed at the next change),
    unfinished (left by a stopped writer) or published (CURRENT cannot say which is live)."""
    name: str
    role: str
    records: int | None
    problem: str | None = None


@dataclass(frozen=True)
class IndexCheck:
    """What `check_index` found. `problems` are one line each, naming the file; `notes` are not damage."""
    path: Path
    live: str | None
    records: int | None
    generations: tuple[GenerationCheck, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: healthy, or the first problem and the way out."""
        if self.healthy:
            return f"The index at {self.path} is healthy: {self.live}, {self.records} records"
        more = f" (and {len(self.problems) - 1} more problems)" if len(self.problems) > 1 else ""
        return (f"The index at {self.path} is damaged: {self.problems[0]}{more}. "
                f"Rebuild it with: renkei index --rebuild")

    def lines(self) -> list[str]:
        out = [f"index: {self.path}", f"{store.CURRENT}: {self.live or 'unreadable'}"]
        for gen in self.generations:
            count = f"{gen.records} records" if gen.records is not None else ""
            out.append(f"  {gen.name}  {gen.role:<10} {count:<14} {gen.problem or 'ok'}")
        out += [f"note: {note}" for note in self.notes] + [f"problem: {problem}" for problem in self.problems]
        out.append("healthy" if self.healthy else "damaged")
        return out


def check_index(index_dir: Path) -> IndexCheck:
    """Check every generation of the index at `index_dir`: CURRENT, meta.json, whoosh opens it, the
    record count matches meta.json's, every file reads to the end. Reads only, never writes.

    IndexNotFound when there is no index yet, NotAnIndex for a folder that is not renkei's."""
    index_dir = Path(index_dir)
    state = store.folder_state(index_dir)
    if state == store.NEW:
        raise IndexNotFound(f"No index at {index_dir}. Build one with: renkei index")
    if state == store.FOREIGN:
        raise store.not_an_index(index_dir)
    problems, notes = [], []
    try:
        live = store.live_generation(index_dir).name
    except IndexDamaged as err:
        live = None
        problems.append(_what(err))
    number = store.generation_number
    own = store.own_generations(index_dir)
    if live and live not in {g.name for g in own}:    # an index from before the markers
        own = sorted([*own, index_dir / live], key=lambda p: number(p.name))
    published = [g.name for g in own if (g / store.PUBLISHED).is_file() or g.name == live]
    previous = max((n for n in published if live and number(n) < number(live)), key=number, default=None)
    results = []
    for gen in own:
        newer = live is not None and number(gen.name) > number(live)
        role = ("unfinished" if gen.name not in published or newer else "published" if live is None
                else "live" if gen.name == live else "previous" if gen.name == previous else "older")
        records = problem = None
        if role != "unfinished":
            try:
                if gen.name == live:    # first: an older renkei's schema may not even unpickle
                    store.check_compatible(store.read_meta(gen), index_dir)
                records = verify_generation(gen, thorough=True)
            except UnexpectedClass as err:   # tampering, not damage: said as such
                problem = "TAMPERED: " + str(err).split(" (", 1)[1].split(")", 1)[0] + "; nothing in it was run"
                problems.append(f"{gen.name}: {problem}")
            except IndexIncompatible as err:
                problem = _what(err)
                problems.append(problem if problem.startswith(gen.name) else f"{gen.name}: {problem}")
        results.append(GenerationCheck(gen.name, role, records, problem))
    notes += [f"{g.name}: unfinished, left by a stopped writer; the next change removes it"
              for g in results if g.role == "unfinished"]
    notes += [f"{g.name}: kept from before; the next change removes it" for g in results if g.role == "older"]
    if live is None:
        intact = [g for g in results if g.role == "published" and g.problem is None]
        if intact:
            notes.append(f"{intact[-1].name} ({intact[-1].records} records) is intact: to use it again, "
                         f"write its name into {index_dir / store.CURRENT}")
    if live is not None and not _table_is_current(index_dir / live):
        notes.append(f"{live}: its dictionary's lookup table is missing or not its own: each searching "
                     f"process builds one (~60 ms) until the next change writes it")
    theirs = sorted(p.name for p in index_dir.glob("gen-*") if p not in own)
    notes += [f"{name}: not made by renkei (no {store.GENERATION_MARKER}), left alone" for name in theirs]
    records = next((g.records for g in results if g.name == live), None)
    return IndexCheck(index_dir, live, records, tuple(results), tuple(dict.fromkeys(problems)), tuple(notes))


def _table_is_current(generation: Path) -> bool:
    """The dictionary's lookup table matches it (or there is no dictionary to look up)."""
    try:
        return table_is_current(generation, (generation / DICTIONARY_FILE).read_bytes())
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _what(err: Exception) -> str:
    """The middle of a damaged message: what is wrong, without the index path and the way out."""
    text = str(err)
    if " is damaged: " in text:
        text = text.split(" is damaged: ", 1)[1].split(". Check it with:", 1)[0]
    return text
