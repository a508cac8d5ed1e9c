"""Is an index whole? Open every generation as a reader would, and say which file is at fault."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import SegmentReader

from . import store
from .errors import IndexDamaged, IndexIncompatible, IndexNotFound

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
        except Exception as err:  # as above: struct.error, EOFError, UnpicklingError, OSError...
            raise store.damaged(index_dir, f"{name}/{files} cannot be read ({_why(err)})") from None
    count = sum(segment.doc_count() for segment in toc.segments)
    if meta.get(_RECORDS, count) != count:
        raise store.damaged(index_dir, f"{name}/{store.META} says {meta[_RECORDS]} records, "
                                       f"but the index holds {count}")
    return count


def _read_through(path: Path, index_dir: Path) -> None:
    if path.is_dir():
        return
    try:
        with open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except OSError as err:
        raise store.damaged(index_dir, f"{path.parent.name}/{path.name} cannot be read ({err.strerror})") from None


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
    theirs = sorted(p.name for p in index_dir.glob("gen-*") if p not in own)
    notes += [f"{name}: not made by renkei (no {store.GENERATION_MARKER}), left alone" for name in theirs]
    records = next((g.records for g in results if g.name == live), None)
    return IndexCheck(index_dir, live, records, tuple(results), tuple(dict.fromkeys(problems)), tuple(notes))


def _what(err: Exception) -> str:
    """The middle of a damaged message: what is wrong, without the index path and the way out."""
    text = str(err)
    if " is damaged: " in text:
        text = text.split(" is damaged: ", 1)[1].split(". Check it with:", 1)[0]
    return text
