"""A preview's search bundle kept fresh: Pagefind runs again in a thread of its own after an update.

The update itself writes no index (it must stay quick); the preview asks this indexer for one,
and the indexer puts the bundle that search.py makes into the live output when it is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection

from ..content.config import Config
from ..output.pagefind import SearchFailed, SearchStopped
from ..output.search import Bundle, build_index
from ..output.write import LiveOutput


class BackgroundIndexer:
    """Rebuilds a live output's search bundle in its own thread, so that editing stays fast.

    Pagefind cannot remove or replace one page of an index, so each run indexes again every
    part that holds a changed page; requests that arrive during a run fold into one more run.
    The files of the previous run are kept until the next one: a search page opened before it
    still finds its fragments.
    """

    def __init__(self, output: LiveOutput, say: Callable[[str], None]):
        self.output, self.say = output, say
        self._wanted = threading.Condition()
        self._request: Config | None = None
        self._changed: set[str] | None = set()  # pages changed since the last run; None: all
        self._closing = False
        self._stop = threading.Event()  # set by close(): a run under way is cut short
        self._generations: list[set[str]] = []
        self._last_error: str | None = None
        self._busy = False
        self._thread = threading.Thread(target=self._loop, name="backstory-search", daemon=True)
        self._thread.start()

    def request(self, config: Config, changed: Collection[str] | None = None) -> None:
        """Index the output folder's pages again, soon, with these settings: the parts that
        hold the pages in `changed` (written or removed since the last request), or all."""
        with self._wanted:
            self._request = config
            if self._changed is not None:
                self._changed = None if changed is None else self._changed | set(changed)
            self._wanted.notify_all()

    def wait_idle(self, timeout: float = 60) -> bool:
        """Wait until every request so far has been indexed (for tests and tools)."""
        with self._wanted:
            return self._wanted.wait_for(lambda: self._request is None and not self._busy, timeout)

    def close(self) -> None:
        with self._wanted:
            self._closing = True
            self._stop.set()
            self._wanted.notify_all()
        self._thread.join(timeout=15)

    def _loop(self) -> None:
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._request is not None or self._closing)
                if self._closing:
                    return
                config, self._request = self._request, None
                changed, self._changed = self._changed, set()
                self._busy = True
            try:
                if not self._run(config, changed):
                    with self._wanted:  # the pages it missed are indexed by the next run
                        self._changed = None
            finally:
                with self._wanted:
                    self._busy = False
                    self._wanted.notify_all()

    def _run(self, config: Config, changed: set[str] | None) -> bool:
        """Whether it worked. Quiet when it does (one line per save is enough); a problem is
        said once."""
        previous = self._generations[-1] if self._generations else set()
        try:
            bundle = build_index(self.output.root, config, stop=self._stop,
                                 changed=changed, previous=previous) if config.search else Bundle({})
        except SearchStopped:
            return False  # closing: nothing to say
        except SearchFailed as failed:
            text = failed.diagnostic.format()
            if text != self._last_error:  # say a problem once, not after every save
                self.say(text)
            self._last_error = text
            return False
        self._last_error = None
        with bundle:
            for relative, made in bundle.in_order():
                self.output.adopt(relative, made)
        stale: set[str] = set()
        if config.search:  # keep this run's files and the run's before, for pages opened meanwhile
            self._generations.append(bundle.names)
            while len(self._generations) > 2:
                stale |= self._generations.pop(0)
            stale -= set().union(*self._generations)
        else:  # search turned off: no bundle at all
            stale = set().union(*self._generations) if self._generations else set()
            self._generations = []
        for relative in sorted(stale):
            self.output.remove(relative)
        return True
