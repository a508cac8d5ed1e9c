"""`renkei serve --allow-upload`: add a file from the page in two steps, read then confirm.

The file is read (corpus.load_paths) from a copy in a private staging folder, so the page can show
how its records were read; confirming moves it into the uploads folder and adds it with
indexer.add_paths, which writes a new generation or nothing. Re-sending a file of the same name
replaces the records it gave before, as `renkei index FILE` does. Both steps need the server's
CSRF token, and the request's Origin, when the browser sends one, must be the server itself."""
from __future__ import annotations

import hmac
import logging
import re
import secrets
import shutil
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from renkei import corpus, indexer
from renkei.corpus.documents.user_files import SUFFIXES, document_id
from renkei.search.render.terminal import clean
from renkei.search.serve.pages import record_url, render
from renkei.search.serve.params import bad_request

log = logging.getLogger(__name__)
DEFAULT_LIMIT = 10 * 1024 * 1024
PREVIEW_RECORDS = 50
STAGED_SECONDS = 3600          # a read file not confirmed within this is forgotten
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass
class _Staged:
    path: Path
    name: str
    at: float


class Uploads:
    """The uploads of one server: its CSRF token, the files read but not yet confirmed, where
    confirmed files are kept."""

    def __init__(self, index_dir: Path, folder: Path | None = None, limit: int = DEFAULT_LIMIT) -> None:
        self.index_dir = Path(index_dir)
        self.folder = Path(folder) if folder else self.index_dir.with_name(self.index_dir.name + "-uploads")
        self.limit = limit
        self.token = secrets.token_urlsafe(32)
        self._staging: Path | None = None
        self._staged: dict[str, _Staged] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Forget the files read but not confirmed (the staging folder is removed)."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)

    def stage(self, filename: str, data: bytes) -> tuple[str, Path, str]:
        """Keep `data` as `filename` in the staging folder: (ticket, staged path, safe name)."""
        name = safe_filename(filename)
        with self._lock:
            if self._staging is None:
                self._staging = Path(tempfile.mkdtemp(prefix="renkei-staging-"))
            now = time.monotonic()
            for ticket, old in list(self._staged.items()):
                if now - old.at > STAGED_SECONDS:
                    self._forget(ticket)
            ticket = secrets.token_urlsafe(16)
            folder = self._staging / ticket
            folder.mkdir()
            path = folder / name
            path.write_bytes(data)
            self._staged[ticket] = _Staged(path, name, now)
        return ticket, path, name

    def take(self, ticket: str) -> _Staged:
        with self._lock:
            staged = self._staged.pop(ticket, None)
        if staged is None or not staged.path.exists():
            raise bad_request("This file was not read here, or was added or cancelled already: send it again", 409)
        return staged

    def _forget(self, ticket: str) -> None:
        staged = self._staged.pop(ticket, None)
        if staged is not None:
            shutil.rmtree(staged.path.parent, ignore_errors=True)

    def add(self, staged: _Staged) -> Any:
        """Move the file into the uploads folder and index it; on failure the folder and the index
        are as they were."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / staged.name
        backup = final.with_name(f".{final.name}.previous") if final.exists() else None
        if backup:
            final.replace(backup)
        shutil.move(str(staged.path), final)
        try:
            stats = indexer.add_paths([final], self.index_dir, wait=10.0)
        except BaseException:
            final.unlink(missing_ok=True)
            if backup:
                backup.replace(final)
            raise
        finally:
            shutil.rmtree(staged.path.parent, ignore_errors=True)
        if backup:
            backup.unlink(missing_ok=True)
        return stats, final

    def final_path(self, name: str) -> Path:
        return self.folder / name


def safe_filename(filename: str) -> str:
    """The uploaded file's own name, made a plain file name: no folders, no control characters, no
    leading dot, and one of the suffixes renkei reads."""
    name = unicodedata.normalize("NFC", clean(str(filename or ""))).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")[-120:]
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES or name.lower() == suffix.lstrip("."):
        raise bad_request(f"renkei reads {', '.join(SUFFIXES)} files, not {clean(str(filename))[:80]!r}", 415)
    return name


def check_request(request: Request, submitted: str | None = None, *, token: bool = True) -> None:
    """403 unless uploads are on, the request comes from this server's own page (Origin, when the
    browser sends one) and, with `token`, `submitted` is the server's CSRF token."""
    uploads = request.app.state.uploads
    if not uploads:
        raise bad_request("Uploads are off. Start the server with: renkei serve --allow-upload", 403)
    origin = request.headers.get("origin")
    if origin is not None and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise bad_request("This upload came from another site's page; use this server's own page", 403)
    if token and not (submitted and hmac.compare_digest(str(submitted).encode(), uploads.token.encode())):
        raise bad_request("The form's CSRF token is missing or out of date: reload the page and try again", 403)


def _too_large(uploads: Uploads) -> Exception:
    return bad_request(f"The file is larger than this server takes ({uploads.limit / 1024 / 1024:g} MB)", 413)


async def read_upload(request: Request) -> Response:
    """Step 1: read the file, show how its records were read, ask to confirm."""
    check_request(request, token=False)
    uploads = request.app.state.uploads
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise bad_request("Send the file with a Content-Length", 411)
    if int(length) > uploads.limit + 64 * 1024:   # the form's own bytes besides the file
        raise _too_large(uploads)
    async with request.form(max_files=1, max_fields=4, max_part_size=4096) as form:
        check_request(request, request.headers.get("x-csrf-token") or str(form.get("csrf", "")))
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise bad_request("Choose a file to send (the form's 'file' field)")
        data = await upload.read(uploads.limit + 1)
        filename = upload.filename or ""
    if len(data) > uploads.limit:
        raise _too_large(uploads)
    ticket, path, name = uploads.stage(filename, data)
    try:
        records = await run_in_threadpool(corpus.load_paths, [path])
    except corpus.CorpusError as err:
        uploads._forget(ticket)
        message = str(err).replace(str(path), name).replace(str(path.parent), "")
        raise bad_request(clean(message.splitlines()[0] if message else "The file could not be read"), 422)
    if path.suffix.lower() != ".jsonl":   # a document's id comes from where it is kept: show that one
        final = uploads.final_path(name)
        records = [replace(r, id=document_id(final), source=name) for r in records]
    preview = [{"id": clean(r.id), "title": clean(r.title), "lang": r.lang, "kind": clean(r.kind or ""),
                "meta": " · ".join(clean(str(v)) for v in (r.institution, r.country, r.date or r.year) if v),
                "text": clean(r.text[:240]) + ("…" if len(r.text) > 240 else "")} for r in records[:PREVIEW_RECORDS]]
    template = "_upload_preview.html" if request.headers.get("x-requested-with") == "fetch" else "upload.html"
    return render(request, template, name=name, count=len(records), preview=preview, ticket=ticket,
                  hidden=max(len(records) - PREVIEW_RECORDS, 0))


async def confirm_upload(request: Request) -> Response:
    """Step 2: add the file read in step 1 to the index."""
    check_request(request, token=False)
    uploads = request.app.state.uploads
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > 64 * 1024:
        raise bad_request("A confirmation is a short form, not a file", 413)
    async with request.form(max_files=0, max_fields=4, max_part_size=4096) as form:
        check_request(request, request.headers.get("x-csrf-token") or str(form.get("csrf", "")))
        ticket = str(form.get("ticket", ""))
    staged = uploads.take(ticket)
    stats, final = await run_in_threadpool(uploads.add, staged)
    records = await run_in_threadpool(corpus.load_paths, [final])
    log.info("added %d records from %s", len(records), final)
    return render(request, "upload.html", added=stats.written, total=stats.total, name=staged.name,
                  added_records=[{"id": clean(r.id), "title": clean(r.title), "url": record_url(r.id)}
                                 for r in records[:PREVIEW_RECORDS]])


async def refuse(request: Request) -> Response:
    raise bad_request("Uploads are off. Start the server with: renkei serve --allow-upload", 403)


def routes(enabled: bool) -> list[Route]:
    if not enabled:
        return [Route("/upload", refuse, methods=["GET", "POST"]),
                Route("/upload/confirm", refuse, methods=["GET", "POST"])]
    return [Route("/upload", read_upload, methods=["POST"]), Route("/upload/confirm", confirm_upload, methods=["POST"])]
