"""Watch a site's sources and call back once per burst of changes (one save, one callback)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .sources import is_editor_litter

WATCHED = ("content", "layouts", "static", "site.yaml")
QUIET_SECONDS = 0.08  # editors' atomic saves arrive as bursts of events within a few ms


def is_source_path(root: Path, path: str) -> bool:
    """Whether a changed path can affect the site: a source file, not litter or output."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return False
    if not parts or parts[0] not in WATCHED:
        return False
    return not any(is_editor_litter(part) for part in parts)


class _Collector(FileSystemEventHandler):
    def __init__(self, root: Path, on_burst: Callable[[set[str]], None], quiet: float):
        self.root, self.on_burst, self.quiet = root, on_burst, quiet
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"):  # echoes of file events
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        relevant = {p for p in map(str, paths) if p and is_source_path(self.root, p)}
        if not relevant:
            return
        with self.lock:
            self.pending |= {str(Path(p).relative_to(self.root)) for p in relevant}
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


class Watcher:
    """Runs watchdog over the site folder; `on_burst` gets the changed paths after a quiet moment."""

    def __init__(self, root: Path, on_burst: Callable[[set[str]], None], quiet: float = QUIET_SECONDS):
        self.root = root.resolve()
        self.collector = _Collector(self.root, on_burst, quiet)
        self.observer = Observer()
        # The whole folder, so that a content/ created or renamed later is seen too; the output
        # folder and everything else outside WATCHED are filtered out above.
        self.observer.schedule(self.collector, str(self.root), recursive=True)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
