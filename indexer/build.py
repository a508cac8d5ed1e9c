"""Build, update and open the index. Each call is one atomic change (see indexer.store)."""
from __future__ import annotations

import contextlib
import itertools
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from renkei.corpus import CheckedPaths, Record, bundled_records, check_paths, iter_paths_with_files
from renkei.corpus.names import NameCandidates, candidates, merged as merged_names
from renkei.corpus.glossary import Entry, Glossary, build_glossary, load_glossary_file, merge, mined_entries

from renkei.indexer.columnar import segment as fastindex
from renkei.indexer.columnar.write import write_generation
from renkei.indexer.names.places import english_of
from renkei.indexer.names.table import NAMES_FILE, NameTable
from renkei.indexer import store
from renkei.indexer.analysis import Analysed, pieces
from renkei.indexer.check import open_whoosh, whoosh_storage
from renkei.indexer.dictionary.needs import new_words_may_count
from renkei.indexer.dictionary.select import new_words, write_dictionary
from renkei.indexer.dictionary.select import source_fingerprint as dictionary_source
from renkei.indexer.dictionary.table import DICTIONARY_FILE, table_is_current, write_table
from renkei.indexer.opening import GLOSSARY_FILE, is_damaged, read_glossary, verified_live
from renkei.errors import os_reason
from renkei.indexer.errors import IndexerError, IndexWriteError
from renkei.indexer.sources import SOURCES_FILE
from renkei.indexer.schema import (BODY, COUNTRY, ID_FIELD, NAMES, ORIGIN, RECORD, REGION, build_schema, document, entity_ids, key)

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]   # (records just written, records to write in all)
BUNDLED_ORIGIN = "bundled"
DICTIONARY_SOURCE = "dictionary_source"   # meta.json: which bundled dictionary the index's was chosen from
# Below this many records, starting writer processes costs more than it saves.
PARALLEL_THRESHOLD = 1000
# whoosh's posting pool per writer process (held by term in memory up to twice this, segment_writer._TermPool).
LIMIT_MB = 64


@dataclass(frozen=True)
class IndexStats:
    """What a write did: records written now, records in the index after, time and size."""
    path: Path
    written: int
    removed: int
    total: int
    seconds: float
    size_bytes: int

    @property
    def records_per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


def build_first_index(index_dir: Path | None = None, *, progress: Progress | None = None,
                      wait: float = 0.0) -> IndexStats | None:
    """Build the index from the bundled corpus if `index_dir` is still new (see is_new_index).

    Waits up to `wait` seconds for another writer; None if that writer built the index meanwhile."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    with _writing(index_dir, wait):
        if store.folder_state(index_dir) != store.NEW:
            return None
        items = [(r, BUNDLED_ORIGIN) for r in bundled_records()]
        return _write(index_dir, base=None, records=items, drop_origins=(), drop_ids=(), bundled=True,
                      progress=progress, procs=None)


def build_index(records: Iterable[Record], index_dir: Path | None = None, *, bundled: bool = False,
                origin: str = "", glossaries: Sequence[Path] = (), progress: Progress | None = None,
                procs: int | None = None, wait: float = 0.0) -> IndexStats:
    """Replace the index at `index_dir` with one of exactly `records` (atomically).

    `bundled` records in the metadata that the shipped corpus is included.
    """
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    records = list(records)
    entries = _read_glossaries(glossaries)
    with _writing(index_dir, wait):
        return _write(index_dir, base=None, records=[(r, origin) for r in records], drop_origins=(),
                      drop_ids=(), bundled=bundled, progress=progress, procs=procs, glossary=entries,
                      replacing_damaged=is_damaged(index_dir))


def build_default_index(index_dir: Path | None = None, *, paths: Sequence[Path] | CheckedPaths = (),
                        bundled: bool = True,
                        glossaries: Sequence[Path] = (), progress: Progress | None = None,
                        procs: int | None = None, wait: float = 0.0) -> IndexStats:
    """Build from the bundled corpus (unless `bundled=False`) plus users' files and folders,
    with users' glossary files added to the bundled glossary."""
    checked = _checked(paths)
    stream, count, mined, names = _stream(checked, bundled)
    entries = _read_glossaries(glossaries)
    if not count:
        raise IndexerError("Nothing to index: no bundled corpus and no files given")
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    with _writing(index_dir, wait):
        return _write(index_dir, base=None, records=stream, drop_origins=(), drop_ids=(), bundled=bundled,
                      progress=progress, procs=procs, glossary=entries, replacing_damaged=is_damaged(index_dir),
                      count=count, mined=mined, names=names)


def add_paths(paths: Sequence[Path] | CheckedPaths, index_dir: Path | None = None, *, glossaries: Sequence[Path] = (),
              progress: Progress | None = None, wait: float = 0.0) -> IndexStats:
    """Add users' files/folders. Re-adding a file replaces the records it gave before.

    Every file is read and checked before anything is written, then read again a record at a
    time as it is written (memory does not grow with the files' size). With no index yet, the
    new index holds the bundled corpus as well, as a first search would.
    """
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    checked = _checked(paths)
    entries = _read_glossaries(glossaries)
    origins = sorted(set(checked.origins)) if checked else []
    with _writing(index_dir, wait):
        if store.folder_state(index_dir) == store.NEW:
            stream, count, mined, names = _stream(checked, bundled=True)
            return _write(index_dir, base=None, records=stream, drop_origins=(), drop_ids=(), bundled=True,
                          progress=progress, procs=None, glossary=entries, count=count, mined=mined, names=names)
        stream, count, mined, names = _stream(checked, bundled=False)
        return _write(index_dir, base=verified_live(index_dir), records=stream, drop_origins=origins,
                      drop_ids=(), bundled=None, progress=progress, procs=None, glossary=entries,
                      count=count, mined=mined, names=names, replacing=checked.ids if checked else ())


def _checked(paths: Sequence[Path] | CheckedPaths) -> CheckedPaths | None:
    """`paths` checked (corpus.check_paths), unless they are a check's result already: the CLI checks
    first, to say which files it skips before anything is written."""
    if isinstance(paths, CheckedPaths):
        return paths
    return check_paths(paths) if paths else None


def _exact_place(name: str) -> tuple[str, ...]:
    return english_of(name, exact=True)   # a write looks forms up as written: no folding pass


def _stream(checked: CheckedPaths | None,
            bundled: bool) -> tuple[Iterable[tuple[Record, str]], int, list[Entry], NameCandidates]:
    """What a write from files writes: the bundled records (if `bundled`), then the users' records,
    read again a record at a time after their check (so memory does not grow with the files'
    size); how many in all; the glossary pairs they give; and their names (corpus.names)."""
    shipped = [(r, BUNDLED_ORIGIN) for r in bundled_records()] if bundled else []
    users = ((r, str(Path(f).resolve())) for r, f in iter_paths_with_files(checked)) if checked else ()
    return (itertools.chain(shipped, users), len(shipped) + (checked.records if checked else 0),
            [*mined_entries(r for r, _ in shipped), *(checked.mined if checked else ())],
            merged_names(candidates(r for r, _ in shipped), *((checked.names,) if checked else ())))


def add_records(records: Iterable[Record], index_dir: Path | None = None, *, origin: str = "",
                wait: float = 0.0) -> IndexStats:
    """Add or replace (by id) records given in code."""
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    items = [(r, origin) for r in records]
    with _writing(index_dir, wait):
        base = None if store.folder_state(index_dir) == store.NEW else verified_live(index_dir)
        return _write(index_dir, base=base, records=items, drop_origins=(), drop_ids=(),
                      bundled=None if base else False, progress=None, procs=None)


@contextlib.contextmanager
def _writing(index_dir: Path, wait: float) -> Iterator[None]:
    """Hold the write lock, after clearing what writers killed before this one left."""
    with store.write_lock(index_dir, wait):
        removed = store.remove_leftovers(index_dir)
        if removed:
            log.info("removed generations that stopped writers left unfinished: %s", ", ".join(removed))
        yield


def _analyse(doc: dict, schema) -> dict[str, list]:
    """Analyse each text field once: whoosh indexes these tokens and the fast postings keep them."""
    tokens = {}
    texts = [doc.get(NAMES) or "", doc.get(BODY) or ""]   # plain str: see below
    for field in fastindex.TEXT:
        value = doc.get(field)
        if value:
            tokens[field] = list(schema[field].analyzer.terms(value))
            doc[field] = Analysed(value, tokens[field])
    # pieces() is cached per text, so the words as written cost no second analysis. (Asked with
    # the Analysed values, its lru_cache would miss: it keys an exact str by itself and a subclass
    # by a tuple, and the names and body were analysed twice, half of the analysis of a build.)
    tokens[fastindex.EXACT] = [(p.term, 0, p.start, p.end) for text in texts
                               for p in pieces(text) if p.script == "latin"]
    return tokens


def _flush(fast: fastindex.SegmentBuilder, generation: Path, number: int, words: dict[str, set[str]]) -> str:
    """Write a single-process write's fast segment so far as a part (see columnar.write.write_generation)."""
    for field in words:
        words[field].update(fast.terms(field))
    folder = generation / fastindex.FAST_DIR
    folder.mkdir(exist_ok=True)
    name = f"part00-{number:05d}"
    fast.write(folder / name)
    return name


def _delete(writer, generation: Path, drop_origins: Sequence[str], drop_ids: Sequence[str],
            replaced: Iterable[str]) -> tuple[int, bool]:
    """Delete what a write removes (by origin, by id) and the indexed records it `replaced`:
    (records removed, whether any was replaced)."""
    removed = sum(writer.delete_by_term(ORIGIN, origin) for origin in drop_origins)
    removed += sum(writer.delete_by_term(ID_FIELD, record_id) for record_id in drop_ids)
    return removed, _delete_replaced(writer, generation, replaced) > 0 if replaced else False


def _delete_replaced(writer, generation: Path, ids: Iterable[str]) -> int:
    """Delete the indexed records with these ids (this write replaces them), with one searcher:
    whoosh's update_document opens a searcher over every segment for each record (~70 ms each at 100k)."""
    deleted = 0
    with writer.searcher() as searcher:
        # A whoosh lookup costs ~37 us an id; the fast segments' ids (one row per whoosh document)
        # cost ~0.3 us a row to read: for many ids, only those the index has are looked up (adding
        # 10k new records to the bundled index: 0.40 s of the parent's serial time, now ~0.01).
        ids = list(ids)
        if len(ids) * 100 > searcher.doc_count_all() and fastindex.has_fast(generation):
            known = fastindex.indexed_ids(generation)
            ids = [i for i in ids if i in known]
        for record_id in ids:
            docnum = searcher.document_number(**{ID_FIELD: record_id})
            if docnum is not None:
                writer.delete_document(docnum)
                deleted += 1
    return deleted


def _read_glossaries(paths: Sequence[Path]) -> list[Entry]:
    return [entry for path in paths for entry in load_glossary_file(Path(path))]


def _write(index_dir: Path, *, base: Path | None, records: Iterable[tuple[Record, str]], drop_origins: Sequence[str],
           drop_ids: Sequence[str], bundled: bool | None, progress: Progress | None, procs: int | None,
           glossary: Sequence[Entry] = (), replacing_damaged: bool = False, count: int | None = None,
           mined: Sequence[Entry] | None = None, names: NameCandidates | None = None,
           replacing: Iterable[str] | None = None, sources: str | None = None) -> IndexStats:
    """`records` is a list, or a stream read once (by each writer process) given with its `count`,
    the glossary pairs `mined` from it and, for an add, the ids it `replacing` (all known beforehand).
    `sources` is the new generation's sources.json (indexer.sources); None keeps the base's."""
    from renkei.indexer.writing import processes as writing   # here: a searching process never writes (start-up time)

    started = time.perf_counter()
    count = len(records) if count is None else count
    mined = mined_entries(r for r, _ in records) if mined is None else mined
    # The glossary travels with the index, so queries expand with exactly what it was built with.
    known = read_glossary(base).entries if base is not None else build_glossary().entries
    merged = Glossary(merge([*known, *glossary, *mined]))
    # A list's names are gathered while writer processes write it (the parent is idle then).
    gather = (lambda: candidates(r for r, _ in records)) if names is None else (lambda: names)
    generation = None
    try:
        generation = store.new_generation(index_dir)
        if base is not None:
            writing.copy_generation(base, generation)
            ix = open_whoosh(generation)
            meta = store.read_meta(base)
        else:
            ix = whoosh_storage(generation).create_index(build_schema())
            meta = {}
        # A large build or add is shared out to writer processes; the parent alone changes the base's
        # segments (deletions) and lists every segment, in one commit (whoosh's and the fast manifest).
        procs = writing.worker_count(count, procs, PARALLEL_THRESHOLD)
        schema = ix.schema

        def add(item: tuple[Record, str], writer, fast: fastindex.SegmentBuilder, labels: dict) -> None:
            record, origin = item
            doc = document(record, origin, entity_ids(record, merged))
            fast.add(doc, _analyse(doc, schema))
            del doc[RECORD]   # the fast segment's compressed copy is the only one (schema.build_schema)
            writer.add_document(**doc)
            for name, value in ((COUNTRY, record.country), (REGION, record.region)):
                if value:   # display names of the structured fields' keys, for facets
                    labels.setdefault(name, {})[key(value)] = value

        removed, parts, removed_any, terms, labels = 0, [], False, None, {}
        words: dict[str, set[str]] = {NAMES: set(), BODY: set()}   # a single-process write's, by field
        fast = fastindex.SegmentBuilder()
        if procs > 1:
            shares = writing.write_shares(ix, generation, records, count, procs, add, progress, LIMIT_MB,
                                          meanwhile=gather)
            names = shares.aside
            writer = writing.FastSegmentWriter(ix, limitmb=LIMIT_MB)   # the base's deletions, the commit
            try:
                if base is not None:
                    removed, removed_any = _delete(writer, generation, drop_origins, drop_ids, shares.ids)
            except BaseException:
                writer.cancel()
                raise
            writing.commit_segments(ix, shares.segments, writer)
            parts, labels, words = shares.parts, shares.notes, shares.words
            terms = shares.terms if base is None else None
            drop_ids = [*drop_ids, *shares.ids]   # the base's rows these replace
        else:
            writer = writing.FastSegmentWriter(ix, limitmb=LIMIT_MB, fast=fast)
            flushed_ids: set[str] = set()
            try:
                replaced = () if base is None or not count else \
                    [r.id for r, _ in records] if replacing is None else replacing
                removed, removed_any = _delete(writer, generation, drop_origins, drop_ids, replaced)
                for n, item in enumerate(records, 1):
                    add(item, writer, fast, labels)
                    if progress and n % 50 == 0:
                        progress(50, count)
                    if fast.full():
                        # As a writer process does: a fast segment and a whoosh segment (whose sorted
                        # runs hold its postings till then) every flush, so memory and disk stay bounded.
                        flushed_ids.update(fast.ids)
                        parts.append(_flush(fast, generation, len(parts), words))
                        writer.commit(merge=False)
                        fast = fastindex.SegmentBuilder()
                        writer = writing.FastSegmentWriter(ix, limitmb=LIMIT_MB, fast=fast)
                if progress:
                    progress(count % 50, count)
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
            names = gather()
            for field in words:
                words[field].update(fast.terms(field))
            if base is None:   # a new index's words are this write's; otherwise read from the index
                terms = words[NAMES] | words[BODY]
            drop_ids = [*drop_ids, *flushed_ids]   # the base's rows these replace
        total = open_whoosh(generation).doc_count()
        write_generation(generation, base, fast, drop_ids=drop_ids, drop_origins=drop_origins,
                                   written=parts)
        fast = writer = None   # written: not held through the dictionary step
        (generation / GLOSSARY_FILE).write_text(merged.to_jsonl(), encoding="utf-8")
        if sources is not None:   # written with the records they gave: both change, or neither (#36)
            (generation / SOURCES_FILE).write_text(sources, encoding="utf-8")
        # The names table: the base's names, plus this write's (a removed record's names stay, and only
        # cost a lookup that finds nothing).
        table = NameTable.read(base) if base is not None else NameTable()
        (generation / NAMES_FILE).write_text(table.add(names, _exact_place).to_json(), encoding="utf-8")
        # The translations the index can use: the same as before when this write only added words
        # the index had or words no dictionary line needs (a removal may take words away), from the
        # same bundled dictionary.
        source = dictionary_source()
        if base is None or removed or removed_any or meta.get(DICTIONARY_SOURCE) != source \
                or not (generation / DICTIONARY_FILE).is_file() \
                or new_words_may_count(new_words(open_whoosh(base), words)):
            write_dictionary(generation, open_whoosh(generation), terms=terms,
                             written=fastindex.field_terms(generation, fastindex.EXACT))
        else:   # the dictionary carried over: its table too, unless older (none) or not its own
            carried = (generation / DICTIONARY_FILE).read_bytes()
            if not table_is_current(generation, carried):
                write_table(generation, carried, DICTIONARY_FILE)
        meta[DICTIONARY_SOURCE] = source
        meta.update(store.versions())
        for name, values in labels.items():   # display names of the structured fields' keys, for facets
            meta.setdefault("labels", {}).setdefault(name, {}).update(values)
        meta.setdefault("labels", {})
        meta["records"] = total
        if bundled is not None:
            meta["bundled"] = bundled
        meta["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        store.publish(index_dir, generation, meta)
    except OSError as err:
        if generation is not None:
            store.discard(generation)
        raise IndexWriteError(f"Could not write the index at {index_dir}: {os_reason(err)}. "
                              f"The previous index is unchanged.") from None
    except BaseException:
        if generation is not None:
            store.discard(generation)
        raise
    removed_gens = store.collect_garbage(index_dir, generation, keep_published=replacing_damaged)
    if removed_gens:
        log.info("removed old generations: %s", ", ".join(removed_gens))
    kept = [p.name for p in store.own_generations(index_dir) if p != generation]
    if replacing_damaged and kept:
        # The user asked for this rebuild, but may not have known what the damaged index held.
        them = "them" if len(kept) > 1 else "it"
        log.warning("kept %s from the damaged index in %s; the next change removes %s (copy %s "
                    "elsewhere first if you need %s)", ", ".join(kept), index_dir, them, them, them)
    return IndexStats(index_dir, count, removed, total, time.perf_counter() - started,
                      store.size_on_disk(generation))
