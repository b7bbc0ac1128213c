"""Spread independent work over the machine's cores: this process and forked copies of it.

A build loads the whole site once; forking after that hands every worker the same site
without pickling it. (The caller keeps the cycle collector off what it loaded, see
pipeline/collector.py: collections in a child would otherwise copy every page they walk.)
Workers take batches of indices from a shared counter, so one slow item (a large map) holds
up one worker, not a fixed share of the work. Results come back through a
pipe and are put in index order: the outcome does not depend on how the work was spread.

Forking is only safe in a process with one thread (a forked child gets one copy of one thread,
and any lock another thread held stays locked), and only on Linux, where it is cheap and
dependable. Elsewhere, and whenever there is little to do, everything runs here, in order.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import select
import signal
import struct
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing import Lock, RawValue
from typing import TypeVar

R = TypeVar("R")

MIN_ITEMS_PER_JOB = 64  # below this a fork costs more than it saves


class WorkerFailed(Exception):
    """A worker process raised or died; its message says which and why."""


def available_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") \
        and threading.active_count() == 1


def run_shared(count: int, work: Callable[[int], R], jobs: int, *, batch: int = 16,
               progress: Callable[[int, int], None] | None = None) -> list[R]:
    """[work(0), ..., work(count - 1)], computed by up to `jobs` processes."""
    jobs = min(jobs, count // MIN_ITEMS_PER_JOB)
    if jobs < 2 or not can_fork():
        results = []
        for index in range(count):
            if progress is not None:
                progress(index, count)
            results.append(work(index))
        return results
    counter, lock = RawValue("q", 0), Lock()

    def take() -> range:
        with lock:
            start = counter.value
            counter.value = min(count, start + batch)
        return range(start, min(count, start + batch))

    workers: list[_Worker] = []
    results: dict[int, R] = {}
    try:
        for _ in range(jobs - 1):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: work, send, and leave without running the parent's exit code
                os.close(read)
                _child(write, take, work)
            os.close(write)
            workers.append(_Worker(pid, read))
        # The parent works too, and between its batches takes in what the workers sent so
        # far: no worker waits on a full pipe, and none holds all its results until the end.
        while chunk := take():
            if progress is not None:
                progress(chunk.start, count)
            results.update((index, work(index)) for index in chunk)
            _receive(workers, results, wait=False)
        while any(worker.open for worker in workers):
            _receive(workers, results, wait=True)
    finally:
        for worker in workers:  # interrupted or failed: stop the others, leave no zombies
            worker.stop()
    if len(results) != count:
        died = [worker.status for worker in workers if worker.status]
        raise WorkerFailed(f"a worker process died (status {died[0]})" if died else
                           f"workers returned {len(results)} of {count} results")
    return [results[index] for index in range(count)]


_HEADER = struct.Struct("<Q")  # each message: its length, then a pickle of (kind, value)
_PIPE_BYTES = 1 << 20  # room for several batches: a worker seldom waits for the parent to read


class _Worker:
    """A forked worker as its parent sees it: the pipe it sends on, and what came so far."""

    def __init__(self, pid: int, read: int):
        self.pid, self.read, self.open = pid, read, True
        self.buffer = bytearray()
        self.status: int | None = None

    def take_in(self, results: dict) -> None:
        """Read what the pipe holds now; unpickle every whole message in it."""
        data = os.read(self.read, _PIPE_BYTES)
        if not data:
            self.close()
            return
        self.buffer += data
        while len(self.buffer) >= _HEADER.size:
            size = _HEADER.unpack_from(self.buffer)[0]
            if len(self.buffer) < _HEADER.size + size:
                break
            kind, value = pickle.loads(memoryview(self.buffer)[_HEADER.size:_HEADER.size + size])
            del self.buffer[:_HEADER.size + size]
            if kind != "ok":
                raise WorkerFailed(f"a worker process failed:\n{value}")
            results.update(value)

    def close(self) -> None:
        if self.open:
            self.open = False
            os.close(self.read)
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        if self.open:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.close()


def _receive(workers: list[_Worker], results: dict, wait: bool) -> None:
    """Take in what the workers have sent; with `wait`, block until one of them sends."""
    while True:
        ready, _, _ = select.select([w.read for w in workers if w.open], [], [],
                                    None if wait else 0)
        if not ready:
            return
        for worker in workers:
            if worker.open and worker.read in ready:
                worker.take_in(results)
        if wait:
            return


def _child(write: int, take: Callable[[], range], work: Callable[[int], object]) -> None:
    """A worker's life: batches from the shared counter, each sent back as soon as done."""
    status = 0
    try:
        fcntl.fcntl(write, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except OSError:  # a smaller pipe only means more waits
        pass
    with os.fdopen(write, "wb") as pipe:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl+C stops
            while chunk := take():
                _send(pipe, ("ok", [(index, work(index)) for index in chunk]))
        except BaseException:  # noqa: BLE001 - everything goes back to the parent
            status = 1
            try:
                _send(pipe, ("error", traceback.format_exc()))
            except BaseException:  # noqa: BLE001 - the parent is gone: nobody to tell
                pass
        finally:
            os._exit(status)  # every message was flushed as it was sent


def _send(pipe, message: tuple) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.write(_HEADER.pack(len(payload)))
    pipe.write(payload)
    pipe.flush()
