"""`renkei serve --workers N`: N server processes answering on one port.

One process answers one request at a time in Python (the GIL): a search at 10k records is ~3-4 ms
of CPU, so eight clients queue behind each other. N workers use N cores. Each worker is a new
Python process (spawned, as uvicorn does on every platform) that opens the index itself,
read-only, with its own result cache, and follows the index's CURRENT file at every request as a
single process does, so a `renkei index`/`add` shows at the next request whichever worker answers.

On Linux each worker listens on a socket of its own on the port (SO_REUSEPORT), and the kernel
shares new connections among them. With one socket shared by all (uvicorn's --workers), the worker
that wakes first accepts every connection waiting: 8 clients connecting at once all went to one
worker in 3 bursts of 4 (measured by each worker's CPU time), so a second worker did nothing for
kept-alive clients. Elsewhere uvicorn's own supervisor runs the workers on the one socket. A
worker that dies is replaced; the workers stop with the server, even one killed outright.

Uploads stay in one process (the files read but not yet confirmed, the page's CSRF token are
that process's memory), so `--allow-upload` takes one worker: the CLI refuses both together."""
from __future__ import annotations

import inspect
import json
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

ENV = "RENKEI_SERVE_WORKER"   # what the parent tells uvicorn's workers (they inherit its environment)
BALANCED = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")   # the kernel shares connections


def _app(settings: dict) -> Any:
    from renkei.search import Engine
    from renkei.search.serve.app import create_app
    threading.Thread(target=_stop_when_orphaned, args=(settings["parent"],), daemon=True).start()
    return create_app(Engine(Path(settings["index"])), cors=settings["cors"], cache_bytes=settings["cache_bytes"])


def app_from_environment() -> Any:
    """One worker's app, as the parent described it in $RENKEI_SERVE_WORKER (uvicorn calls this)."""
    return _app(json.loads(os.environ[ENV]))


def _stop_when_orphaned(parent: int) -> None:
    """A parent killed outright (SIGKILL) cannot stop its workers: they stop themselves, rather than
    go on answering on its port."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def _config(app: Any, workers: int, access_log: bool) -> Any:
    import uvicorn

    from renkei.search.serve.app import UVICORN_SETTINGS
    return uvicorn.Config(app, factory=isinstance(app, str), workers=workers, access_log=access_log,
                          log_level="info" if access_log else "warning", **UVICORN_SETTINGS)


def _worker(settings: dict, access_log: bool) -> None:
    """One worker (Linux): its own socket on the server's port, then uvicorn until SIGTERM."""
    import uvicorn

    from renkei.search.serve.app import bind
    sock = bind(settings["host"], settings["port"], reuse_port=True)
    config = _config(_app(settings), 1, access_log)
    config.configure_logging()
    uvicorn.Server(config).run(sockets=[sock])


def bind_for_workers(host: str, port: int) -> socket.socket:
    """The server's socket for run_workers: on Linux it holds the port without listening (each
    worker listens on a socket of its own); elsewhere the workers share it."""
    from renkei.search.serve.app import bind
    return bind(host, port, reuse_port=True, listen=False) if BALANCED else bind(host, port)


def run_workers(index_dir: Path, sock: socket.socket, workers: int, *, cors: list[str] | tuple[str, ...] = (),
                cache_bytes: int, access_log: bool = False, ready: Any = None) -> None:
    """Serve `index_dir` on `sock` (from bind_for_workers) with `workers` processes until
    SIGINT/SIGTERM; `ready()` is called once they take connections."""
    host, port = sock.getsockname()[:2]
    settings = {"index": str(Path(index_dir).resolve()), "cors": list(cors), "cache_bytes": cache_bytes,
                "parent": os.getpid(), "host": host, "port": port}
    try:
        if BALANCED:
            _supervise(settings, workers, access_log, ready)
            return
        if ready:
            ready()   # the shared socket listens already: a connection waits for the first worker
        from uvicorn.supervisors import Multiprocess
        os.environ[ENV] = json.dumps(settings)
        config = _config("renkei.search.serve.workers:app_from_environment", workers, access_log)
        if "target" in inspect.signature(Multiprocess).parameters:   # older uvicorn wanted it
            import uvicorn
            Multiprocess(config, target=uvicorn.Server(config).run, sockets=[sock]).run()
        else:
            Multiprocess(config, sockets=[sock]).run()
    finally:
        os.environ.pop(ENV, None)
        sock.close()


def _supervise(settings: dict, workers: int, access_log: bool, ready: Any) -> None:
    """Start the workers, replace any that dies, stop them all at SIGINT/SIGTERM."""
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}

    def start() -> tuple[Any, float]:
        process = context.Process(target=_worker, args=(settings, access_log))
        process.start()
        return process, time.monotonic()
    running = [start() for _ in range(workers)]
    serving = False
    try:
        while not stop.wait(0.1):
            if not serving and _answers(settings["host"], settings["port"]):
                serving = True
                if ready:
                    ready()
            for i, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                if not serving:
                    raise RuntimeError(f"a worker could not start (exit code {process.exitcode}): see above")
                if time.monotonic() - started < 5.0:
                    time.sleep(1.0)   # one that dies at once is not restarted in a tight loop
                running[i] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()
        for process, _ in running:
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join(5)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _answers(host: str, port: int) -> bool:
    """Whether a worker listens on the port (the parent's own socket does not)."""
    local = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    try:
        socket.create_connection((local, port), timeout=1.0).close()
        return True
    except OSError:
        return False
