"""`renkei push --solr URL --collection NAME`: load an export into a SolrCloud collection.

In batches, over HTTP, with retries (search.solr.http). Loading is idempotent: Solr replaces a
document by its id, so sending a batch twice does no harm. It is also resumable: after each batch
Solr acknowledged, `DIR/push-state.json` records how far the push got (for this export, URL and
collection), and running the same push again starts from there. When every document is in,
removals follow: the ids the collection holds that the export no longer has (a `renkei remove`
since the last push) are deleted, or only the ids of a `removals` file if one is given. Then one
commit makes it all visible.
"""
from __future__ import annotations

import io
import json
import logging
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from renkei.search.solr.errors import AnalysisMismatch, SolrExportError, SolrRequestFailed
from renkei.search.solr.export import CONFIGSET, DOCUMENTS, MANIFEST
from renkei.search.solr.http import SolrClient

log = logging.getLogger(__name__)
STATE = "push-state.json"
BATCH = 500


@dataclass(frozen=True)
class PushStats:
    sent: int          # documents sent by this run
    skipped: int       # documents an interrupted run had sent already
    removed: int
    documents: int     # in the export
    seconds: float
    created: bool      # the collection was created by this run


def read_manifest(export_dir: Path) -> dict:
    path = Path(export_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SolrExportError(f"{path} cannot be read ({err}): write the export with: renkei export --solr "
                              f"{export_dir}") from None


def push(export_dir: Path, urls: str | Sequence[str], collection: str, *, batch_size: int = BATCH,
         removals: Path | None = None, create: bool = True, shards: int = 2, replicas: int = 2,
         progress: Callable[[int, int], None] | None = None, retries: int = 5) -> PushStats:
    """Load the export in `export_dir` into `collection` (created from the export's configset if
    absent and `create`); `progress(step, total)` after each batch. Returns what was done."""
    started = time.monotonic()
    export_dir = Path(export_dir)
    manifest = read_manifest(export_dir)
    client = SolrClient(urls, collection, retries=retries)
    created = _ensure_collection(client, export_dir, manifest["analysis"], create, shards, replicas)
    state_path = export_dir / STATE
    key = {"export_id": manifest["export_id"], "urls": sorted(client.urls), "collection": collection}
    done = _read_state(state_path, key)
    total = manifest["documents"]
    if progress and done:
        progress(done, total)
    sent = 0
    for start, lines in _batches(export_dir / DOCUMENTS, batch_size, skip=done):
        body = "[" + ",".join(lines) + "]"
        client.post("/update", body.encode("utf-8"))
        sent += len(lines)
        _write_state(state_path, {**key, "done": start + len(lines)})
        if progress:
            progress(len(lines), total)
    removed = _remove(client, export_dir, removals)
    client.post("/update", {"commit": {}})
    _write_state(state_path, {**key, "done": total, "committed": True})
    return PushStats(sent, done, removed, total, time.monotonic() - started, created)


def _batches(path: Path, size: int, skip: int) -> Iterator[tuple[int, list[str]]]:
    lines: list[str] = []
    start = skip
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n < skip or not line.strip():
                continue
            lines.append(line.rstrip("\n"))
            if len(lines) == size:
                yield start, lines
                start, lines = start + size, []
    if lines:
        yield start, lines


def _read_state(path: Path, key: dict) -> int:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if any(state.get(k) != v for k, v in key.items()) or state.get("committed"):
        return 0   # another export or collection, or a push that finished: start from the top
    return int(state.get("done", 0))


def _write_state(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _remove(client: SolrClient, export_dir: Path, removals: Path | None) -> int:
    """Delete the ids of `removals` (one a line), else every id the collection has and the export
    has not."""
    if removals is not None:
        gone = [line.strip() for line in Path(removals).read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        keep = set()
        with open(export_dir / DOCUMENTS, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    keep.add(json.loads(line)["id"])
        gone = [i for i in collection_ids(client) if i not in keep]
    for k in range(0, len(gone), 1000):
        client.post("/update", {"delete": gone[k:k + 1000]})
    return len(gone)


def collection_ids(client: SolrClient) -> Iterator[str]:
    """Every id in the collection, committed or not (a cursor over id order)."""
    client.post("/update", {"commit": {"openSearcher": True, "softCommit": True}})
    cursor = "*"
    while True:
        answer = client.get("/select", {"q": "*:*", "fl": "id", "sort": "id asc", "rows": 5000, "cursorMark": cursor})
        for doc in answer["response"]["docs"]:
            yield doc["id"]
        if answer["nextCursorMark"] == cursor:
            return
        cursor = answer["nextCursorMark"]


def _ensure_collection(client: SolrClient, export_dir: Path, analysis: str, create: bool, shards: int,
                       replicas: int) -> bool:
    """Check that the collection holds this analysis; create it from the export's configset when
    it does not exist (upload the configset, then CREATE). True if it was created."""
    try:
        name = client.get("/schema/name").get("name")
    except SolrRequestFailed:
        name = None
    if name is None and not create:
        raise SolrExportError(f"No collection {client.collection!r} at {', '.join(client.urls)}")
    if name is None:
        configset = f"renkei-{client.collection}"
        payload = io.BytesIO()
        with zipfile.ZipFile(payload, "w") as z:
            for path in sorted((export_dir / CONFIGSET).iterdir()):
                z.write(path, path.name)
        client.request("/admin/configs", {"action": "UPLOAD", "name": configset, "overwrite": "true"},
                       payload.getvalue(), collection=False, content_type="application/octet-stream")
        client.request("/admin/collections", {"action": "CREATE", "name": client.collection,
                                              "collection.configName": configset, "numShards": shards,
                                              "replicationFactor": replicas}, collection=False)
        return True
    if name != analysis:
        raise AnalysisMismatch(f"The collection {client.collection!r} holds analysis {name}; the export is "
                               f"{analysis}. Push into a new collection, or delete this one first")
    return False
