"""Watch what a build reads and call back once per burst of changes (one save, one callback).

Only content/, layouts/ and static/ are watched (recursively) and the site's folder itself (not
recursively: site.yaml, and a content/ made or renamed later). The output folder, its staging
folders and .backstory/ are never watched. When the system runs out of inotify instances or
watches, the watcher polls instead and says so once.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import re
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from ..content.sources import CONTENT_DIR, is_editor_litter

WATCHED_FOLDERS = (CONTENT_DIR, "layouts", "static")
CONFIG_FILE = "site.yaml"
QUIET_SECONDS = 0.08  # editors' atomic saves arrive as bursts of events within a few ms
POLL_SECONDS = 0.5
SED_TEMPORARY = re.compile(r"sed[A-Za-z0-9]{6}")  # `sed -i` writes sedXXXXXX, then renames it
LITTER_SUFFIXES = ("___jb_tmp___", "___jb_old___", ".crswap")  # JetBrains, Chrome's File System API
RAISE_LIMIT = {errno.EMFILE: "sudo sysctl fs.inotify.max_user_instances=512",
               errno.ENOSPC: "sudo sysctl fs.inotify.max_user_watches=524288"}


def is_litter(name: str) -> bool:
    """A file an editor or a tool makes beside the one being saved, and removes again."""
    vim_probe = name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0
    return (is_editor_litter(name) or vim_probe or SED_TEMPORARY.fullmatch(name) is not None
            or name.endswith(LITTER_SUFFIXES))


def source_change(root: Path, path: str) -> str | None:
    """`path` as the build names it (`content/events/x.md`) when it is something a build reads
    or reports (a stray `content/notes.txt` is a problem of the build's too), else None: litter,
    output, anything outside the watched places."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return None
    if parts == (CONFIG_FILE,):
        return CONFIG_FILE
    if not parts or parts[0] not in WATCHED_FOLDERS or any(map(is_litter, parts)):
        return None
    return "/".join(parts)


def describe_changes(paths: set[str]) -> str:
    """`content/articles/x.md` or `3 files (content/..., ...)` for the one-line rebuild report."""
    shown = sorted(posixpath.normpath(p.replace(os.sep, "/")) for p in paths)
    if len(shown) == 1:
        return shown[0]
    return f"{len(shown)} files ({', '.join(shown[:3])}{', ...' if len(shown) > 3 else ''})"


class _Collector(FileSystemEventHandler):
    """Folds a burst of events into one set of changed paths, passed on after a quiet moment."""

    def __init__(self, root: Path, on_burst: Callable[[set[str]], None], quiet: float,
                 on_top_folder: Callable[[str], None]):
        self.root, self.on_burst, self.quiet = root, on_burst, quiet
        self.on_top_folder = on_top_folder
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"):  # echoes of file events
            return
        paths = [p for p in map(str, (event.src_path, getattr(event, "dest_path", "") or "")) if p]
        if event.event_type == "events_lost":  # the kernel dropped events: look at everything
            self.report(set(WATCHED_FOLDERS) | {CONFIG_FILE})
            return
        for path in paths:
            if event.is_directory and event.event_type in ("created", "deleted", "moved") \
                    and os.path.dirname(path) == str(self.root) and os.path.basename(path) in WATCHED_FOLDERS:
                self.on_top_folder(os.path.basename(path))
        self.report({change for path in paths
                     if (change := source_change(self.root, path))})

    def report(self, changed: set[str]) -> None:
        if not changed:
            return
        with self.lock:
            self.pending |= changed
            if self.timer is not None:
                self.timer.cancel()
            self.timer = threading.Timer(self.quiet, self._fire)
            self.timer.daemon = True
            self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            changed, self.pending, self.timer = self.pending, set(), None
        if changed:
            self.on_burst(changed)

    def cancel(self) -> None:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
            self.pending, self.timer = set(), None


class _LimitLog(logging.Handler):
    """Hears watchdog say that it could not watch a new folder (out of inotify watches), which it
    otherwise only logs: the folder's edits would never rebuild."""

    def __init__(self, root: Path, on_limit: Callable[[OSError], None]):
        super().__init__(logging.WARNING)
        self.root, self.on_limit = str(root), on_limit

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        paths = [os.fsdecode(arg) for arg in args if isinstance(arg, (bytes, str))]
        if not any(_is_within(path, self.root) for path in paths):
            return  # another watcher's folder
        for arg in args:
            if isinstance(arg, OSError) and arg.errno in RAISE_LIMIT:
                self.on_limit(arg)


class Watcher:
    """Runs watchdog over what the build reads; `on_burst` gets the changed paths after a quiet
    moment. `native` makes the system's observer (inotify on Linux); polling replaces it when it
    fails, and `say` tells the user so, once."""

    def __init__(self, root: Path, on_burst: Callable[[set[str]], None], quiet: float = QUIET_SECONDS,
                 *, say: Callable[[str], None] = print, native: Callable[[], BaseObserver] = Observer,
                 poll_seconds: float = POLL_SECONDS):
        self.root = root.resolve()
        self.say, self.native, self.poll_seconds = say, native, poll_seconds
        self.collector = _Collector(self.root, on_burst, quiet, self._rewatch)
        self.lock = threading.RLock()
        self.observer: BaseObserver | None = None
        self.watches: dict[str, ObservedWatch] = {}  # "" for the site's folder, else a top folder
        self.polling = False
        self.stopped = False
        self.limit_log = _LimitLog(self.root, self._fall_back_later)
        self.watchdog_log = logging.getLogger("watchdog.observers.inotify")

    def start(self) -> None:
        self.watchdog_log.addHandler(self.limit_log)
        try:
            self._start(self.native())
        except OSError as error:
            self._fall_back(error, rescan=False)  # the first build has just read everything

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            observer, self.observer = self.observer, None
        self.watchdog_log.removeHandler(self.limit_log)
        if observer is not None:
            _discard(observer)
        self.collector.cancel()

    def watched(self) -> list[tuple[str, bool]]:
        """(path, recursive) for each watch: what a test or a tool can check."""
        with self.lock:
            return sorted((watch.path, watch.is_recursive) for watch in self.watches.values())

    def _start(self, observer: BaseObserver) -> None:
        """Start `observer` with every watch; a failure leaves nothing running."""
        with self.lock:
            self.observer = observer
            self.watches = {}
            try:
                observer.start()  # first, so that each watch fails in schedule() if it fails
                self.watches[""] = observer.schedule(self.collector, str(self.root), recursive=False)
                for name in WATCHED_FOLDERS:
                    self._watch_folder(name)
            except BaseException:
                self.observer = None
                _discard(observer)
                raise

    def _watch_folder(self, name: str) -> None:
        folder = self.root / name
        if folder.is_dir():
            self.watches[name] = self.observer.schedule(self.collector, str(folder), recursive=True)

    def _rewatch(self, name: str) -> None:
        """A top folder was made, removed or renamed: watch the folder now at that name."""
        try:
            with self.lock:
                if self.observer is None:
                    return
                old = self.watches.pop(name, None)
                if old is not None:  # its watch follows the old folder, or ended with it
                    self.observer.unschedule(old)
                self._watch_folder(name)
        except Exception as error:  # noqa: BLE001 - raised here, it would end watching unsaid
            self._fall_back_later(error)
            return
        self.collector.report({name})  # files may have landed in it before it was watched

    def _fall_back_later(self, error: Exception) -> None:
        # Called on watchdog's own threads, which switching observers stops and waits for.
        threading.Thread(target=self._fall_back, args=(error,), name="backstory-watch-fallback",
                         daemon=True).start()

    def _fall_back(self, error: Exception, rescan: bool = True) -> None:
        """Watch by polling from now on, and say so once, with how to raise the limit."""
        with self.lock:
            if self.polling or self.stopped:
                return
            self.polling = True
            native, self.observer = self.observer, None
        if native is not None:
            _discard(native)
        hint = RAISE_LIMIT.get(getattr(error, "errno", None))
        self.say(f"watching for changes by polling every {self.poll_seconds:g} s: "
                 f"{getattr(error, 'strerror', None) or error}"
                 + (f"; to watch without polling, raise the limit: {hint}" if hint else ""))
        with self.lock:
            if self.stopped:
                return
            try:
                self._start(PollingObserver(timeout=self.poll_seconds))
            except OSError as failed:
                if not rescan:
                    raise  # at start: serve reports it and stops
                self.say(f"cannot watch {self.root} any more: {failed.strerror or failed}; "
                         "changes are not rebuilt until serve is restarted")
                return
        if rescan:  # what changed while no one watched
            self.collector.report({name for name in WATCHED_FOLDERS if (self.root / name).is_dir()})


def _is_within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def _discard(observer: BaseObserver) -> None:
    observer.stop()
    if observer.is_alive() and observer is not threading.current_thread():
        observer.join(timeout=5)
