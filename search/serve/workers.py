"""`renkei serve --workers N`: N server processes answering on one listening socket.

One process answers one request at a time in Python (the GIL): a search at 10k records is ~3-4 ms
of CPU, so eight clients queue behind each other. N workers use N cores. uvicorn's own supervisor
runs them: each is a new Python process (spawned, as uvicorn does on every platform) that opens
the index itself, read-only, with its own result cache, and follows the index's CURRENT file at
every request as a single process does, so a `renkei index`/`add` shows at the next request
whichever worker answers it. A worker that dies is replaced. The parent only holds the socket.

Uploads stay in one process (the files read but not yet confirmed, the page's CSRF token are
that process's memory), so `--allow-upload` takes one worker: the CLI refuses both together."""
from __future__ import annotations

import inspect
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

ENV = "RENKEI_SERVE_WORKER"   # what the parent tells its workers (they inherit its environment)


def app_from_environment() -> Any:
    """One worker's app, as the parent described it in $RENKEI_SERVE_WORKER (uvicorn calls this)."""
    from renkei.search import Engine
    from renkei.search.serve.app import create_app
    settings = json.loads(os.environ[ENV])
    threading.Thread(target=_stop_when_orphaned, args=(settings["parent"],), daemon=True).start()
    return create_app(Engine(Path(settings["index"])), cors=settings["cors"], cache_bytes=settings["cache_bytes"])


def _stop_when_orphaned(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they stop themselves, rather than
    go on answering on its socket."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def run_workers(index_dir: Path, sock: socket.socket, workers: int, *, cors: list[str] | tuple[str, ...] = (),
                cache_bytes: int, access_log: bool = False) -> None:
    """Serve `index_dir` on `sock` with `workers` processes until SIGINT/SIGTERM."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from renkei.search.serve.app import UVICORN_SETTINGS
    os.environ[ENV] = json.dumps({"index": str(Path(index_dir).resolve()), "cors": list(cors),
                                  "cache_bytes": cache_bytes, "parent": os.getpid()})
    config = uvicorn.Config("renkei.search.serve.workers:app_from_environment", factory=True, workers=workers,
                            log_level="info" if access_log else "warning", access_log=access_log,
                            **UVICORN_SETTINGS)
    try:
        if "target" in inspect.signature(Multiprocess).parameters:   # older uvicorn wanted it
            Multiprocess(config, target=uvicorn.Server(config).run, sockets=[sock]).run()
        else:
            Multiprocess(config, sockets=[sock]).run()
    finally:
        os.environ.pop(ENV, None)
        sock.close()
