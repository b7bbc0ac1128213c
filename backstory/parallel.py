"""Spread independent work over the machine's cores: this process and forked copies of it.

A build loads the whole site once; forking after that hands every worker the same site
without pickling it. (The caller keeps the cycle collector off what it loaded, see
pipeline._collect_only_new: collections in a child would otherwise copy every page they walk.)
Workers take batches of indices from a shared counter, so one slow item (a large map) holds
up one worker, not a fixed share of the work. Results come back through a
pipe and are put in index order: the outcome does not depend on how the work was spread.

Forking is only safe in a process with one thread (a forked child gets one copy of one thread,
and any lock another thread held stays locked), and only on Linux, where it is cheap and
dependable. Elsewhere, and whenever there is little to do, everything runs here, in order.
"""

from __future__ import annotations

import os
import pickle
import signal
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

    def run_batches(report: bool) -> list[tuple[int, R]]:
        done = []
        while chunk := take():
            if report and progress is not None:
                progress(chunk.start, count)
            done.extend((index, work(index)) for index in chunk)
        return done

    pending: list[tuple[int, int]] = []  # (pid, read end of its pipe), not yet received
    try:
        for _ in range(jobs - 1):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: work, send, and leave without running the parent's exit code
                os.close(read)
                _child(write, lambda: run_batches(False))
            os.close(write)
            pending.append((pid, read))
        results: dict[int, R] = dict(run_batches(True))
        while pending:
            pid, read = pending.pop(0)
            results.update(_receive(pid, read))
    finally:
        for pid, read in pending:  # interrupted or failed: stop the others, leave no zombies
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.close(read)
            os.waitpid(pid, 0)
    if len(results) != count:
        raise WorkerFailed(f"workers returned {len(results)} of {count} results")
    return [results[index] for index in range(count)]


def _child(write: int, run: Callable[[], list]) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl+C stops
        payload = pickle.dumps(("ok", run()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        payload = pickle.dumps(("error", traceback.format_exc()))
        status = 1
    try:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(status)


def _receive(pid: int, read: int) -> list:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - cut short: the child died before it finished
        raise WorkerFailed(f"a worker process died (status {status})") from None
    if kind != "ok":
        raise WorkerFailed(f"a worker process failed:\n{value}")
    return value
