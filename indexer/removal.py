"""Remove records from the index: by id, by id prefix, or by the file they came from.

The sources the index remembers (indexer.sources) forget the removed records too, and a file
source whose records were all removed by `source` is forgotten: `renkei update` does not bring
back what was removed on purpose (a file of a remembered folder comes back when it changes)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

from renkei.indexer import store
from renkei.indexer.build import IndexStats, _write, _writing
from renkei.indexer.check import open_whoosh
from renkei.indexer.errors import IndexerError
from renkei.indexer.opening import verified_live
from renkei.indexer.schema import ID_FIELD, ORIGIN
from renkei.indexer.sources import read_sources, to_json


def remove(ids: Iterable[str] = (), index_dir: Path | None = None, *, prefix: str | None = None,
           source: str | Path | None = None, wait: float = 0.0) -> tuple[IndexStats, list[str]]:
    """Remove records by id, by id `prefix` ("doc/"), or by the `source` file they were indexed
    from (its path, or a file name no other indexed file has). Returns the stats and, with `ids`,
    the ids that were not in the index; with `prefix` or `source`, the ids removed.

    Raises IndexerError for a `source` that names several indexed files (give the path then).
    """
    from whoosh import query as wq

    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    ids = list(dict.fromkeys(ids))
    if sum((bool(ids), prefix is not None, source is not None)) != 1:
        raise IndexerError("remove: give ids, a prefix or a source, one of them")
    if prefix == "":
        raise IndexerError("remove: an empty prefix would remove every record")
    origin = None
    with _writing(index_dir, wait):
        base = verified_live(index_dir)
        with open_whoosh(base).searcher() as searcher:
            def ids_of(q: wq.Query) -> list[str]:
                return sorted(fields[ID_FIELD] for fields in (searcher.stored_fields(n) for n in q.docs(searcher)))

            if ids:
                missing = [i for i in ids if searcher.document_number(**{ID_FIELD: i}) is None]
                present, report = [i for i in ids if i not in missing], missing
            elif prefix is not None:
                present = report = ids_of(wq.Prefix(ID_FIELD, prefix))
            else:
                origin = _indexed_file(searcher, source)
                present = report = ids_of(wq.Term(ORIGIN, origin))
            total = searcher.doc_count()
        if not present:
            return IndexStats(index_dir, 0, 0, total, 0.0, store.size_on_disk(base)), report
        return _write(index_dir, base=base, records=[], drop_origins=(), drop_ids=present, bundled=None,
                      progress=None, procs=None, sources=_forgetting(base, set(present), origin)), report


def _indexed_file(searcher, source: str | Path) -> str:
    """The origin (a resolved path) of the indexed file `source` names: its path, or the end of
    one path only ("notes.md", "b/notes.md"). Nothing found gives the resolved path (no records)."""
    resolved = str(Path(source).expanduser().resolve())
    origins = [o for o in searcher.field_terms(ORIGIN)   # a deleted record's origin may linger in the lexicon
               if Path(o).is_absolute() and searcher.document_number(**{ORIGIN: o}) is not None]
    if resolved in origins:
        return resolved
    parts = Path(source).parts
    named = [o for o in origins if Path(o).parts[-len(parts):] == parts] if parts else []
    if len(named) > 1:
        raise IndexerError(f"{source} names several indexed files ({', '.join(sorted(named))}): give its path")
    return named[0] if named else resolved




def _forgetting(base: Path, removed: set[str], origin: str | None) -> str | None:
    """The base's sources.json without the removed ids (and without the file source `origin`, if
    given); None when it remembers none of them."""
    sources = read_sources(base)
    kept, changed = [], False
    for source in sources:
        if origin is not None and source.kind == "file" and source.path == origin:
            changed = True
            continue
        files = {name: dataclasses.replace(f, ids=tuple(i for i in f.ids if i not in removed))
                 for name, f in source.files.items()}
        changed = changed or files != source.files
        kept.append(dataclasses.replace(source, files=files))
    return to_json(kept) if changed else None
