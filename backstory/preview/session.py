"""`backstory serve`: build, serve, watch, rebuild what changed, and tell the browser.

It ties the Builder (what to rebuild), the Watcher (when) and the DevServer (who to tell)
together; each of those knows nothing of the others.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import BuildFailed, Diagnostic, format_report
from ..output.search import is_searchable
from ..output.write import LiveOutput
from ..pipeline.builder import Builder
from .background_search import BackgroundIndexer
from .serve import DevServer, LiveState
from .watch import Watcher, describe_changes


class Preview:
    """A running preview of one site. `start()`, then `close()`; `say` receives each report line."""

    def __init__(self, source: Path, host: str = "127.0.0.1", port: int = 8000, *,
                 drafts: bool = False, say: Callable[[str], None] = print,
                 allowed_hosts: Iterable[str] = ()):
        self.source = Path(source)
        self.say = say
        # Served pages link relatively whatever base_url says, so they work on this host.
        self.builder = Builder(self.source, drafts=drafts, base_url="", hash_assets=False)
        self.state = LiveState()
        self.server = self.indexer = self.watcher = None
        self.started: list[str] = []  # what start() got running, for close() to stop
        # Its own output: a user's site/ is never half-written or deleted by a preview.
        self.folder = Path(tempfile.mkdtemp(prefix="backstory-serve-"))
        try:
            self.output = LiveOutput(self.folder / "site")
            self.server = DevServer(self.output.root, self.state, host, port,
                                    allowed_hosts=allowed_hosts, say=say)
            # Indexing every page again takes far longer than an edit's update: it runs beside it.
            self.indexer = BackgroundIndexer(self.output, say)
            self.watcher = Watcher(self.source, self._on_burst, say=say)
        except BaseException:
            self.close()  # a port that is taken must not leave a temporary folder behind
            raise
        self.bursts: queue.Queue[set[str] | None] = queue.Queue()
        self.rebuilt = threading.Condition()
        self.rebuilds = 0  # how many rebuilds have finished, for tests and tools to wait on
        self.last_errors: list[Diagnostic] = []
        self.thread = threading.Thread(target=self._rebuild_loop, name="backstory-rebuild",
                                       daemon=True)

    def start(self) -> None:
        """Build, then serve and watch; on any failure or interrupt (Ctrl+C during the first
        build), everything started is stopped and the temporary folder removed."""
        try:
            self.rebuild({"(start)"})
            self.server.start()
            self.watcher.start()
            self.started.append("watcher")
            self.thread.start()
            self.started.append("thread")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop what runs and remove the temporary folder; safe to call more than once."""
        if "watcher" in self.started:
            self.watcher.stop()
        if "thread" in self.started:
            self.bursts.put(None)
            self.thread.join(timeout=10)
        self.started = []
        if self.indexer is not None:
            self.indexer.close()
        if self.server is not None:
            self.server.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _on_burst(self, paths: set[str]) -> None:
        self.bursts.put(paths)

    def _rebuild_loop(self) -> None:
        while True:
            paths = self.bursts.get()
            if paths is None:
                return
            while True:  # fold bursts that queued up during the last rebuild into one
                try:
                    more = self.bursts.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    return
                paths |= more
            self.rebuild(paths)

    def rebuild(self, paths: set[str]) -> None:
        changed = describe_changes(paths) if paths != {"(start)"} else "first build"
        try:
            result = self.builder.update(self.output, paths)
        except BuildFailed as failed:
            errors = failed.diagnostics
            if errors != self.last_errors:  # print a problem once, not on every save
                self.say(format_report(errors))
            self.say(f"{time.strftime('%H:%M:%S')} {changed}: "
                     f"{sum(d.is_error for d in errors)} error(s); showing the last good build")
            self.last_errors = errors
            self.state.publish("errors", errors)
        except Exception as error:  # noqa: BLE001 - never leave a preview silently stuck
            self.say(f"{time.strftime('%H:%M:%S')} {changed}: internal error: "
                     f"{type(error).__name__}: {error} (a bug in Backstory; please report it)")
            self.state.publish("errors", [Diagnostic("(backstory)", 1, 1, f"internal error: {error}")])
        else:
            if result.warnings and result.warnings != self.last_errors:
                self.say(format_report(result.warnings))
            had_errors = bool(self.last_errors and any(d.is_error for d in self.last_errors))
            self.last_errors = result.warnings
            pages = sum(1 for name in result.written if name.endswith(".html"))
            self.say(f"{time.strftime('%H:%M:%S')} {changed}: {pages} page"
                     f"{'s' if pages != 1 else ''} written"
                     + (f", {len(result.removed)} removed" if result.removed else "")
                     + _count(len(result.written) - pages, "other file")
                     + f" in {result.seconds * 1000:.0f} ms")
            if result.written or result.removed or had_errors:
                self.state.publish("styles" if result.styles_only and not had_errors else "reload")
            config = self.builder.search_config
            pages = [name for name in result.written + result.removed if is_searchable(name)]
            if config is not None and (pages or paths == {"(start)"}):
                self.indexer.request(config, pages)
        with self.rebuilt:
            self.rebuilds += 1
            self.rebuilt.notify_all()

    def wait_for_rebuilds(self, count: int, timeout: float = 10) -> bool:
        with self.rebuilt:
            return self.rebuilt.wait_for(lambda: self.rebuilds >= count, timeout)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _count(number: int, noun: str) -> str:
    return f", {number} {noun}{'s' if number != 1 else ''}" if number else ""


def run(source: Path, host: str, port: int, drafts: bool, say: Callable[[str], None],
        allowed_hosts: Iterable[str] = ()) -> int:
    """The blocking `serve` command: runs until interrupted."""
    # A plain `kill` stops the preview as cleanly as Ctrl+C, even during its first build.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    preview = None
    try:
        # An interrupt waits until the preview exists: one that landed while its temporary
        # folder was being made (or just after) left the folder behind.
        with _interrupts_held():
            preview = Preview(source, host, port, drafts=drafts, say=say, allowed_hosts=allowed_hosts)
        if preview.server.port != port and port != 0:
            say(f"port {port} is busy; serving on {preview.server.port} instead")
        preview.start()
        say(f"serving {source} at {preview.server.url} (Ctrl+C to stop)")
        threading.Event().wait()
    except KeyboardInterrupt:
        say("stopping")
    finally:
        if preview is not None:
            with _interrupts_held():  # a second Ctrl+C must not cut the cleanup short
                preview.close()
        signal.signal(signal.SIGTERM, previous)
    return 0


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (in the main thread, where Python
    handles them; elsewhere, and where signals cannot be held, the block runs as it is)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
