"""A time limit for rendering one page: a layout that loops for ever (`range(10**9)`) ends in an
error naming it, not in a build that never ends.

Python cannot stop a thread from outside, except by asking the interpreter to raise an
exception in it at its next instruction (PyThreadState_SetAsyncExc). A watchdog thread does that
to a page that runs past its time. Rendering happens in the main thread of forked worker
processes, in the CLI's main thread and in the preview's rebuild thread: each process starts its
own watchdog when it first needs one, after any fork (forking is only safe with one thread).
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PAGE_SECONDS = 30.0  # far above any honest page (the largest map of a 50,000-article site: ~1 s)
REPEAT = 1.0  # seconds between raising again in a page that caught the first and ran on


class PageTimedOut(Exception):
    """Raised inside a page's rendering when it runs past its limit; its argument, when given,
    is where its layout ran out of time the first time (its other pages fail at once)."""


class PageDeadlines:
    """The time limit of each page rendered during one render stage, in this process and in
    the processes forked from it; `close()` once the stage is over."""

    def __init__(self, seconds: float | None = PAGE_SECONDS):
        self.seconds = seconds
        self._watchdog: _Watchdog | None = None
        # Layouts that ran out of time in this process, with where they were then: their other
        # pages fail at once, or a loop in a layout every page uses would cost pages x limit.
        self._timed_out: dict[str, object] = {}

    @contextmanager
    def page(self, layout: str) -> Iterator[None]:
        """Within: PageTimedOut is raised in this thread once the limit has passed (at once when
        the layout has run out of time before)."""
        if not self.seconds:
            yield
            return
        if layout in self._timed_out:
            raise PageTimedOut(self._timed_out[layout])
        watchdog = self._watchdog
        if watchdog is None or watchdog.pid != os.getpid():  # first here, or a forked child
            watchdog = self._watchdog = _Watchdog(min(max(self.seconds / 10, 0.05), 1.0))
        with watchdog.watch(self.seconds):
            yield

    def ran_out(self, layout: str, place: object) -> None:
        """Note that `layout` ran out of time at `place`: its next pages fail at once with it."""
        self._timed_out[layout] = place

    def close(self) -> None:
        """Stop this process's watchdog: a process with one thread may fork again."""
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None and watchdog.pid == os.getpid():
            watchdog.stop()


class _Watchdog:
    """A thread watching the pages being rendered in its process. It looks every `every`
    seconds rather than being woken for each page: thousands of pages, each waking a thread
    twice, cost more than the check (a page overrunning is caught within `every` of its limit)."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.watched: dict[int, tuple[float, list[float]]] = {}  # thread id -> (deadline, [last raised])
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self._run, name="backstory-deadline", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.wait(self.every):
            now = time.monotonic()
            with self.lock:
                for ident, (deadline, fired) in self.watched.items():
                    # Raised again each REPEAT while the page still runs: code in the layout's
                    # way (a filter, an extension) may have caught the first one and carried on.
                    if deadline <= now and (not fired[0] or now - fired[0] >= REPEAT):
                        fired[0] = now
                        _raise_in(ident, PageTimedOut)

    @contextmanager
    def watch(self, seconds: float) -> Iterator[None]:
        ident, fired = threading.get_ident(), [0.0]  # when it was last raised, 0.0 for never
        with self.lock:
            self.watched[ident] = (time.monotonic() + seconds, fired)
        try:
            yield
        finally:
            with self.lock:
                del self.watched[ident]
                if fired[0]:  # fired as the page ended: an exception may still be on its way
                    _raise_in(ident, None)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def _raise_in(ident: int, exception: type[BaseException] | None) -> None:
    """Have the interpreter raise `exception` in the thread (None: cancel one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else ctypes.c_void_p(0))
