"""The search index: rendered pages into Pagefind's static bundle, and keeping it fresh in a preview.

Pagefind splits its index into small hashed fragments, so a query in the browser downloads only
the few that hold its words, whatever the size of the site. Its binary (from the `pagefind-bin`
wheel) runs as a service; its files come back to Backstory, which writes them like any other
output (safe_join, staging, manifest): the binary never writes into the output folder.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .config import CONFIG_NAME, Config
from .errors import Diagnostic
from .urls import INDEX
from .write import LiveOutput

SEARCH_DIR = "pagefind"  # the bundle's folder under the site root; search.js looks for it here
SEARCH_PAGE = "search/"
SEARCHABLE_FOLDERS = ("actors", "events", "articles")  # list pages, search and 404 are not indexed
ENTRY = "pagefind-entry.json"
# Pagefind's own UI kits: the search page has its own markup (layouts/search.html), so not shipped.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
                    "pagefind-highlight.", "playground/")
_TIMEOUT = 600  # seconds: a wedged binary must end in an error, not a build that never ends
HINT = ("install it with `pip install 'pagefind[bin]'`, or turn search off with `search: false` "
        "in site.yaml")


class SearchFailed(Exception):
    def __init__(self, message: str, hint: str | None = HINT):
        super().__init__(message)
        # site.yaml is where search is switched on (it is on unless `search: false`).
        self.diagnostic = Diagnostic(CONFIG_NAME, 1, 1, message, hint)


def page_glob() -> str:
    """The pages to index, under the site root: every actor, event and article page."""
    return "{" + ",".join(SEARCHABLE_FOLDERS) + "}/*/" + INDEX


def build_index(folder: Path, config: Config) -> dict[str, bytes]:
    """The search bundle for the pages rendered into folder: path under the site root -> bytes.

    Raises SearchFailed, with a message for people, when the binary is missing or fails.
    """
    try:
        return _run_async(lambda: asyncio.wait_for(_index(folder, config), _TIMEOUT))
    except SearchFailed:
        raise
    except TimeoutError:
        raise SearchFailed(f"the Pagefind search indexer did not finish in {_TIMEOUT} s",
                           "try again; if it keeps happening, turn search off with "
                           "`search: false` in site.yaml and report it") from None
    except (OSError, RuntimeError, ValueError, asyncio.IncompleteReadError) as error:
        raise SearchFailed(f"the Pagefind search indexer failed: {error}") from None


def _run_async(make: Callable[[], Coroutine]):
    """Run a coroutine to its end from synchronous code, even when the caller's thread already
    runs an event loop (a notebook, Playwright's sync API): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def _index(folder: Path, config: Config) -> dict[str, bytes]:
    try:
        from pagefind.service import PagefindService
    except ImportError:
        raise SearchFailed("search needs the Python package 'pagefind', which is not installed"
                           ) from None
    try:
        service = await PagefindService().launch()
    except FileNotFoundError:  # neither the pagefind-bin wheel nor PAGEFIND_BINARY_PATH's file
        raise SearchFailed("search needs the Pagefind binary, which was not found") from None
    except OSError as error:
        raise SearchFailed(f"the Pagefind binary did not start: {error.strerror or error}"
                           ) from None
    try:
        index = await _call(service, service.create_index({
            # One index in the site's language, whose stemming Pagefind then uses.
            "force_language": config.language,
            # Relative links name index.html, as every other link does then (urls.py).
            "keep_index_url": not config.base_url,
        }))
        # The whole folder in one request: the Python API answers each request no sooner than
        # its 0.1 s poll, too slow for one request per page on a big site.
        await _call(service, index.add_directory(str(folder.resolve()), glob=page_glob()))
        # get_files() sends the whole bundle as one message, more than the Python API's 2 MiB
        # pipe buffer at a few thousand pages; so the binary writes into a private temporary
        # folder (never the output folder) and the files are read back from there.
        with tempfile.TemporaryDirectory(prefix="backstory-search-") as bundle:
            await _call(service, index.write_files(output_path=bundle))
            return _read_bundle(Path(bundle))
    finally:
        await _close(service)


async def _call(service, operation):
    """Await one request to the service, or fail when the binary dies meanwhile.

    The Python API's reader task ends when the binary exits, leaving replies pending forever.
    """
    task = asyncio.ensure_future(operation)
    reader = service._poll_task  # noqa: SLF001 - the only sign that the binary has gone
    done, _ = await asyncio.wait({task, reader}, return_when=asyncio.FIRST_COMPLETED)
    if task in done and not isinstance(task.exception(), ConnectionError):
        if task.exception() is None:
            return task.result()
        error = task.exception()  # the service reports its errors as a bare Exception
        reason = error.args[0] if error.args else error
        raise SearchFailed(f"the Pagefind search indexer failed: {reason}", None)
    task.cancel()
    raise SearchFailed("the Pagefind binary stopped while indexing",
                       "run `python -m pagefind_bin --version` to check it works; " + HINT)


async def _close(service) -> None:
    """Stop the binary; quickly when it has already gone (the API would wait 5 s for replies)."""
    backend, reader = service._backend, service._poll_task  # noqa: SLF001
    try:
        if reader.done() or backend.returncode is not None:
            reader.cancel()
            if backend.returncode is None:
                backend.kill()
            await asyncio.wait_for(backend.wait(), 10)
        else:
            await asyncio.wait_for(service.close(), 10)
    except (OSError, TimeoutError, ProcessLookupError):
        pass


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
            files = build_index(self.output.root, config) if config.search else {}
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
