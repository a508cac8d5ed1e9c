"""`renkei serve --workers N`: N search processes behind the one HTTP process.

Python runs one search at a time in a process (the GIL), and a search at 10k records is ~2-4 ms
of CPU, so one process makes eight clients queue behind each other. Here the HTTP process (one
event loop: requests, the cache, uploads) sends each engine call to whichever search process is
idle, over a pipe of its own, and awaits the answer without a thread. Any process may answer any
request, so N cores serve however the clients hold their connections. The design before this
one ran N whole servers on the port (SO_REUSEPORT): the kernel pins each kept-alive connection
to one of them, and 8 clients split 5/3 or 6/2 queued on one core while the other idled (8-client
p95 20.6-30.3 ms against 20 at best with a 4/4 split; bench/serve_load.py).

Each search process is spawned, opens the index read-only, and follows CURRENT at every call as
one Engine does, so a CLI `index`/`add` or an upload shows at the next request whichever answers.
A process found dead is replaced. A call that a process dies on, or that outlasts CALL_SECONDS,
fails with SearchProcessLost (a 503) and that process is replaced: the other calls go on. They
stop with the server, and by themselves when it is killed outright (their pipe closes)."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
from operator import methodcaller
from pathlib import Path
from typing import Any, Callable

import anyio.from_thread

from renkei.search.errors import SearchError

CALL_SECONDS = 30.0   # far past a search's own bound (params.QUERY_SECONDS): only a process stuck in C


class SearchProcessLost(SearchError):
    """A search process died or hung while answering this call (it is being replaced)."""


def _answer_calls(index_dir: str, conn: Any) -> None:
    """A search process: job(engine) for each job received, until the server's end closes."""
    from renkei.search import Engine
    try:
        engine, failure = Engine(Path(index_dir)), None
    except Exception as err:   # every call is answered with it (e.g. an index damaged since the start)
        engine, failure = None, err
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if failure is not None:
                raise failure
            reply = (True, job(engine))
        except Exception as err:
            reply = (False, err)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        except Exception as err:   # an answer or error that will not pickle
            conn.send((False, SearchError(f"{type(err).__name__}: {err}")))


class _Searcher:
    def __init__(self, context: Any, index_dir: str) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_answer_calls, args=(index_dir, theirs), daemon=True)
        self.process.start()
        theirs.close()

    async def ask(self, job: Callable[[Any], Any]) -> tuple[bool, Any]:
        self.conn.send(job)
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, CALL_SECONDS)
        finally:
            loop.remove_reader(fd)
            # uvloop makes a watched fd non-blocking: the rest of an answer still being written
            # would then fail the read (EAGAIN) rather than wait the microseconds it takes.
            os.set_blocking(fd, True)
        return self.conn.recv()   # readable: the process has written (or died: EOFError)

    def stop(self) -> None:
        self.conn.close()


class SearchProcesses:
    """`count` search processes on `index_dir`; call(job) runs job(engine) in an idle one."""

    def __init__(self, index_dir: Path, count: int) -> None:
        self.index_dir = Path(index_dir)
        self._context = multiprocessing.get_context("spawn")
        self._all = [self._start() for _ in range(count)]
        self._idle: asyncio.Queue | None = None   # made in the event loop, at its first call
        self._loop: Any = None

    def _start(self) -> _Searcher:
        return _Searcher(self._context, str(self.index_dir))

    def pids(self) -> list[int]:
        return [s.process.pid for s in self._all]

    async def call(self, job: Callable[[Any], Any]) -> Any:
        """job(engine)'s value (job must pickle: a module's function, a partial of one, a
        methodcaller), or the exception it raised. Shielded: a request given up on (its client
        gone) still lets its process finish, so the next call never reads an old answer."""
        ok, value = await asyncio.shield(asyncio.ensure_future(self._run(job)))
        if not ok:
            raise value
        return value

    async def _run(self, job: Callable[[Any], Any]) -> tuple[bool, Any]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:   # one loop in a server; a test client may start one per request
            self._loop, self._idle = loop, asyncio.Queue()
            for searcher in self._all:
                self._idle.put_nowait(searcher)
        searcher = await self._idle.get()
        try:
            if not searcher.process.is_alive():
                searcher = self._replace(searcher)
            try:
                return await searcher.ask(job)
            except (EOFError, OSError, asyncio.TimeoutError):
                searcher = self._replace(searcher)
                return False, SearchProcessLost("a search process stopped while answering; it was restarted: "
                                                "ask again")
        finally:
            self._idle.put_nowait(searcher)

    def _replace(self, searcher: _Searcher) -> _Searcher:
        searcher.stop()
        if searcher.process.is_alive():
            searcher.process.kill()
        searcher.process.join(5)
        new = self._start()
        self._all[self._all.index(searcher)] = new
        return new

    def close(self) -> None:
        for searcher in self._all:
            searcher.stop()   # each process reads EOF and ends
        for searcher in self._all:
            searcher.process.join(10)
            if searcher.process.is_alive():
                searcher.process.kill()
                searcher.process.join(5)


class PooledEngine:
    """The Engine calls the app's endpoints make (search, get, similar, stats), answered by the
    search processes. For the endpoints Starlette runs in worker threads; the API's searches call
    the processes from the event loop itself (api.py)."""

    def __init__(self, processes: SearchProcesses) -> None:
        self.processes = processes
        self.index_dir = processes.index_dir

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return anyio.from_thread.run(self.processes.call, methodcaller(name, *args, **kwargs))

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("search", *args, **kwargs)

    def get(self, record_id: str) -> Any:
        return self._call("get", record_id)

    def similar(self, record_id: str, **kwargs: Any) -> Any:
        return self._call("similar", record_id, **kwargs)

    def stats(self) -> dict:
        return self._call("stats")

    def close(self) -> None:
        self.processes.close()
