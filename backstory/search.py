"""The search index: rendered pages into Pagefind's static bundle, and keeping it fresh in a preview.

Pagefind splits its index into small hashed fragments, so a query in the browser downloads only
the few that hold its words, whatever the size of the site. Its binary (from the `pagefind-bin`
wheel) runs once per index; its files come back to Backstory, which writes them like any other
output (safe_join, staging, manifest): the binary never writes into the output folder.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from .config import CONFIG_NAME, Config
from .errors import Diagnostic
from .urls import INDEX
from .write import LiveOutput

SEARCH_DIR = "pagefind"  # the bundle's folder under the site root; search.js looks for it here
SEARCHABLE_FOLDERS = ("actors", "events", "articles")  # list pages, search and 404 are not indexed
ENTRY = "pagefind-entry.json"
# Pagefind's own UI kits: the search page has its own markup (layouts/search.html), so not shipped.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
                    "pagefind-highlight.", "playground/")
_TIMEOUT = 600  # seconds: a wedged binary must end in an error, not a build that never ends
HINT = ("install it with `pip install pagefind-bin`, or turn search off with `search: false` "
        "in site.yaml")


class SearchFailed(Exception):
    def __init__(self, message: str, hint: str | None = HINT):
        super().__init__(message)
        # site.yaml is where search is switched on (it is on unless `search: false`).
        self.diagnostic = Diagnostic(CONFIG_NAME, 1, 1, message, hint)


def page_glob() -> str:
    """The pages to index, under the site root: every actor, event and article page."""
    return "{" + ",".join(SEARCHABLE_FOLDERS) + "}/*/" + INDEX


def build_index(folder: Path, config: Config, background: bool = False) -> dict[str, bytes]:
    """The search bundle for the pages rendered into folder: path under the site root -> bytes.

    One run of the Pagefind binary, which writes into a private temporary folder (never the
    output folder); its files are read back from there. Raises SearchFailed, with a message for
    people, when the binary is missing or fails.
    """
    binary = _binary()
    with tempfile.TemporaryDirectory(prefix="backstory-search-") as bundle:
        command = [str(binary), "--site", str(folder.resolve()), "--output-path", bundle,
                   "--glob", page_glob(), "--silent",
                   # One index in the site's language, whose stemming Pagefind then uses.
                   "--force-language", config.language]
        if not config.base_url:
            command.append("--keep-index-url")  # relative links name index.html (urls.py)
        try:
            run = _run(command, background)
        except subprocess.TimeoutExpired:
            raise SearchFailed(f"the Pagefind search indexer did not finish in {_TIMEOUT} s",
                               "try again; if it keeps happening, turn search off with "
                               "`search: false` in site.yaml and report it") from None
        except OSError as error:
            raise SearchFailed(f"the Pagefind binary did not start: {error.strerror or error}"
                               ) from None
        if run.returncode != 0:
            said = (run.stderr or run.stdout).strip().splitlines()
            if said:
                raise SearchFailed(f"the Pagefind search indexer failed: {said[-1]}", None)
            raise SearchFailed("the Pagefind binary stopped while indexing",
                               "run `python -m pagefind_bin --version` to check it works; " + HINT)
        return _read_bundle(Path(bundle))


def _run(command: list[str], background: bool) -> subprocess.CompletedProcess:
    """The indexer to its end. In the background (the preview's), at the lowest priority: at
    10,000 articles a run takes 20 s of CPU, and edits made meanwhile must stay quick."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace") as process:
        if background and hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, process.pid, 19)
            except OSError:  # gone already, or not allowed: it runs as it is
                pass
        try:
            stdout, stderr = process.communicate(timeout=_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _binary() -> Path:
    """PAGEFIND_BINARY_PATH when set, as Pagefind's own tools read it; else the wheel's binary."""
    if configured := os.environ.get("PAGEFIND_BINARY_PATH"):
        path = Path(configured)
    else:
        try:
            from pagefind_bin import get_executable
            path = get_executable()
        except (ImportError, FileNotFoundError):
            path = None
    if path is None or not path.is_file():
        raise SearchFailed("search needs the Pagefind binary, which was not found")
    return path


def _read_bundle(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not relative.startswith(_UNUSED_PREFIXES):
            files[f"{SEARCH_DIR}/{relative}"] = path.read_bytes()
    if f"{SEARCH_DIR}/{ENTRY}" not in files:
        raise SearchFailed("the Pagefind search indexer wrote no index", None)
    return files


def write_order(files: dict[str, bytes]) -> list[str]:
    """Fragments first, the entry file last: a browser that reads the new entry finds its files."""
    return sorted(files, key=lambda name: (name.endswith(ENTRY), name))


class BackgroundIndexer:
    """Rebuilds a live output's search bundle in its own thread, so that editing stays fast.

    Pagefind cannot remove or replace one page of an index, so each run indexes every page
    again; requests that arrive during a run fold into one more run. The files of the previous
    run are kept until the next one: a search page opened before it still finds its fragments.
    """

    def __init__(self, output: LiveOutput, say: Callable[[str], None]):
        self.output, self.say = output, say
        self._wanted = threading.Condition()
        self._request: Config | None = None
        self._closing = False
        self._generations: list[set[str]] = []
        self._last_error: str | None = None
        self._busy = False
        self._thread = threading.Thread(target=self._loop, name="backstory-search", daemon=True)
        self._thread.start()

    def request(self, config: Config) -> None:
        """Index the output folder's pages again, soon, with these settings."""
        with self._wanted:
            self._request = config
            self._wanted.notify_all()

    def wait_idle(self, timeout: float = 60) -> bool:
        """Wait until every request so far has been indexed (for tests and tools)."""
        with self._wanted:
            return self._wanted.wait_for(lambda: self._request is None and not self._busy, timeout)

    def close(self) -> None:
        with self._wanted:
            self._closing = True
            self._wanted.notify_all()
        self._thread.join(timeout=15)

    def _loop(self) -> None:
        while True:
            with self._wanted:
                self._wanted.wait_for(lambda: self._request is not None or self._closing)
                if self._closing:
                    return
                config, self._request = self._request, None
                self._busy = True
            try:
                self._run(config)
            finally:
                with self._wanted:
                    self._busy = False
                    self._wanted.notify_all()

    def _run(self, config: Config) -> None:
        """Quiet when it works (one line per save is enough); a problem is said once."""
        try:
            files = build_index(self.output.root, config, background=True) if config.search else {}
        except SearchFailed as failed:
            text = failed.diagnostic.format()
            if text != self._last_error:  # say a problem once, not after every save
                self.say(text)
            self._last_error = text
            return
        self._last_error = None
        for relative in write_order(files):
            self.output.write(relative, files[relative])
        stale: set[str] = set()
        if files:  # keep this run's files and the run's before, for pages opened meanwhile
            self._generations.append(set(files))
            while len(self._generations) > 2:
                stale |= self._generations.pop(0)
            stale -= set().union(*self._generations)
        else:  # search turned off: no bundle at all
            stale = set().union(*self._generations) if self._generations else set()
            self._generations = []
        for relative in sorted(stale):
            self.output.remove(relative)
