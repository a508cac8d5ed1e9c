"""`renkei export --solr DIR`: an index's records as a Solr configset and documents (issue #34).

Solr is fed renkei's own analysis, not an imitation of it: each text field's tokens (term,
position, start, end), from the analyzers of the index's own schema, become a PreAnalyzedField
value. The export is

    DIR/configset/   schema.xml (named after the analysis), solrconfig.xml, synonyms.txt, renkei.json
    DIR/documents.jsonl   one Solr document per line, in the index's order
    DIR/export.json       what was exported: the analysis, the number of documents, an export id
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from renkei.corpus import Record
from renkei.corpus.glossary import Glossary, mined_entries
from renkei.indexer import store
from renkei.indexer.opening import open_index, read_glossary, verified_live
from renkei.indexer.schema import (BODY, COUNTRY, DEPARTMENT, ENTITIES, GLOSS, INSTITUTION, KIND, LANG, NAMES, NGRAM,
                                   ID_FIELD, PARTNER_NAME, REGION, SORT_DATE, SOURCE, YEAR, document,
                                   entity_ids, record_from_json)
from renkei.indexer.columnar.segment import records_by_id

log = logging.getLogger(__name__)

# renkei's term fields and their Solr fields; the keyword fields keep renkei's names
PRE_FIELDS = {NAMES: "names_pre", BODY: "body_pre", NGRAM[NAMES]: "names_ng_pre", NGRAM[BODY]: "body_ng_pre",
              GLOSS: "gloss_pre"}
KEYWORD_FIELDS = (INSTITUTION, KIND, COUNTRY, REGION, LANG, SOURCE, SORT_DATE)
LIST_FIELDS = (PARTNER_NAME, DEPARTMENT, ENTITIES)   # one term per line, as renkei's LinesTokenizer gives them
RECORD_FIELD = "record"
DOCUMENTS, MANIFEST, CONFIGSET = "documents.jsonl", "export.json", "configset"


@dataclass(frozen=True)
class ExportStats:
    documents: int
    analysis: str
    path: Path
    seconds: float


def analysis_version(meta: dict[str, Any]) -> str:
    """The facts that decide renkei's terms (store._MUST_MATCH), as one name: renkei-s8-a4-u1.0.8."""
    return f"renkei-s{meta.get('schema_version')}-a{meta.get('analyzer_version')}-u{meta.get('unidic_lite')}"


def export_solr(out_dir: Path, index_dir: Path | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> ExportStats:
    """Write the Solr export of the index at `index_dir` (default: the user's index) into `out_dir`.

    `out_dir` must be absent, empty or an earlier export (which is replaced)."""
    started = time.monotonic()
    out_dir = Path(out_dir)
    index_dir = Path(index_dir) if index_dir else store.default_index_dir()
    generation = verified_live(index_dir)
    meta = store.read_meta(generation)
    glossary = read_glossary(generation)
    analysis = analysis_version(meta)
    ix = open_index(index_dir)
    _prepare(out_dir)
    with ix.searcher() as searcher:
        total = searcher.doc_count()
        schema = searcher.schema
        ids = [fields[ID_FIELD] for fields in searcher.all_stored_fields()]
    records = [record_from_json(text) for text in records_by_id(generation, ids)]
    # the configset first: a cluster can start from it while the documents are written
    write_configset(out_dir / CONFIGSET, analysis, synonym_lines(glossary, records))
    digest = hashlib.sha256()
    tmp = out_dir / (DOCUMENTS + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        shown = 0
        for n, record in enumerate(records, 1):
            line = json.dumps(solr_document(record, schema, glossary), ensure_ascii=False, separators=(",", ":"))
            digest.update(line.encode("utf-8"))
            f.write(line + "\n")
            if progress and (n % 500 == 0 or n == total):
                progress(n - shown, total)
                shown = n
    os.replace(tmp, out_dir / DOCUMENTS)
    manifest = {"analysis": analysis, "documents": len(records), "export_id": digest.hexdigest()[:16],
                "index": str(index_dir), "generation": generation.name, "renkei": meta.get("renkei"),
                "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportStats(len(records), analysis, out_dir, time.monotonic() - started)


def _prepare(out_dir: Path) -> None:
    from renkei.search.solr.errors import SolrExportError
    if out_dir.exists() and not out_dir.is_dir():
        raise SolrExportError(f"{out_dir} is a file: give a folder for the export")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise SolrExportError(f"{out_dir} holds other files: renkei will not write there. Choose an empty "
                              f"or new folder")
    out_dir.mkdir(parents=True, exist_ok=True)


def solr_document(record: Record, schema: Any, glossary: Glossary) -> dict[str, Any]:
    """One record as a Solr document: renkei's whoosh document, each field analysed by `schema`."""
    fields = document(record, entities=entity_ids(record, glossary))
    doc: dict[str, Any] = {"id": record.id, RECORD_FIELD: fields["record"], "title": record.title,
                           "text": record.text}
    for name in KEYWORD_FIELDS:
        if fields.get(name):
            doc[name] = fields[name]
    if fields.get(YEAR) is not None:
        doc[YEAR] = fields[YEAR]
    for name in LIST_FIELDS:
        terms = [t.text for t in schema[name].analyzer(fields.get(name) or "", mode="index")]
        if terms:
            doc[name] = list(dict.fromkeys(terms))
    for name, solr_name in PRE_FIELDS.items():
        if fields.get(name):
            value = pre_analyzed(_tokens(schema[name].analyzer, fields[name]))
            if value is not None:
                doc[solr_name] = value
    return doc


def _tokens(analyzer: Any, text: str) -> list[tuple[str, int, int, int]]:
    # whoosh reuses one Token object: copy its values out
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index")]


def pre_analyzed(tokens: Iterable[tuple[str, int, int, int]]) -> str | None:
    """A PreAnalyzedField JSON value: position increments from renkei's positions (0 for a variant,
    more than 1 across a gap), offsets into the raw text. Solr refuses a first increment of 0 and
    offsets going backwards, and silently indexes nothing for a value it cannot read: so tokens are
    sorted by (position, start) and a start never goes below the one before."""
    out, prev_pos, prev_start = [], -1, 0
    for term, pos, start, end in sorted(tokens, key=lambda t: (t[1], t[2])):
        start = max(start, prev_start)
        tok: dict[str, Any] = {"t": term, "s": start, "e": max(end, start)}
        if pos - prev_pos != 1:
            tok["i"] = max(pos - prev_pos, 0) if out else pos + 1
        out.append(tok)
        prev_pos, prev_start = pos, start
    if not out:
        return None
    return json.dumps({"v": "1", "tokens": out}, ensure_ascii=False, separators=(",", ":"))


def synonym_lines(glossary: Glossary, records: Iterable[Record]) -> Iterator[str]:
    """The glossary's entries and the name pairs mined from the records, as Solr synonym lines
    (every name of an entry, in either language, equivalent)."""
    seen = set()
    for entry in (*glossary.entries, *mined_entries(records)):
        names = [_escape_synonym(n) for n in entry.names if n.strip()]
        line = ", ".join(dict.fromkeys(names))
        if len(names) > 1 and line not in seen:
            seen.add(line)
            yield line


def _escape_synonym(name: str) -> str:
    return " ".join(name.split()).replace("\\", "\\\\").replace(",", "\\,").replace("=>", "\\=>")


def write_configset(path: Path, analysis: str, synonyms: Iterable[str]) -> None:
    """The configset: the packaged solrconfig.xml and schema.xml (named after `analysis`);
    renkei.json is written last (a configset is whole once it is there)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    files = resources.files("renkei.search.solr") / "configset"
    (path / "solrconfig.xml").write_text(files.joinpath("solrconfig.xml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    schema = files.joinpath("schema.xml").read_text(encoding="utf-8").replace("@NAME@", analysis)
    (path / "schema.xml").write_text(schema, encoding="utf-8")
    (path / "synonyms.txt").write_text("# renkei's glossary and mined name pairs (renkei export --solr)\n"
                                       + "".join(line + "\n" for line in synonyms), encoding="utf-8")
    (path / "renkei.json").write_text(json.dumps({"analysis": analysis}) + "\n", encoding="utf-8")
