"""`renkei doctor`: every generation of an index checked as indexer.check checks the live one, and
said in one line per problem."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from renkei.indexer import store
from renkei.indexer.check import UnexpectedClass, verify_generation
from renkei.indexer.dictionary.table import DICTIONARY_FILE, table_is_current
from renkei.indexer.errors import IndexDamaged, IndexIncompatible, IndexNotFound


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
