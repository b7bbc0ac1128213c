"""Running the Pagefind binary: finding it, asking its version, and one run over a list of pages.

A run ends in an error for people (SearchFailed) when the binary is missing, fails or takes
longer than TIMEOUT. The preview's run in the background also ends when its stop event is set
(SearchStopped): it runs at the lowest priority, in a process group of its own that is killed
whole. Which pages to index, in which parts, and what to do with the files made is search.py's.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from ..content.config import CONFIG_NAME
from ..errors import Diagnostic

TIMEOUT = 600  # seconds: a wedged binary must end in an error, not a build that never ends
HINT = ("install it with `pip install pagefind-bin`, or turn search off with `search: false` "
        "in site.yaml")


class SearchFailed(Exception):
    def __init__(self, message: str, hint: str | None = HINT):
        super().__init__(message)
        # site.yaml is where search is switched on (it is on unless `search: false`).
        self.diagnostic = Diagnostic(CONFIG_NAME, 1, 1, message, hint)


class SearchStopped(SearchFailed):
    """The index was not finished because its maker was told to stop."""


def find_binary() -> Path:
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


def version_of(binary: Path) -> str | None:
    """The binary's version as its bundles record it ("pagefind 1.5.2" -> "1.5.2")."""
    try:
        said = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                              timeout=60, errors="replace").stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    return said[-1] if said else None


def index_pages(binary: Path, site: Path, pages: list[str], options: list[str], place: Path,
                stop: threading.Event | None = None) -> Path:
    """One run: the given pages of `site` (paths under it) into Pagefind's files, made in the
    folder `place`/bundle, which it returns. The run's config file is written in `place`, where
    it runs. With `stop`, it is the preview's run in the background (_run)."""
    bundle = place / "bundle"
    command = [str(binary), "--site", str(site.resolve()), "--output-path", str(bundle.resolve()),
               "--silent", *options]
    # Thousands of paths are too long for one argument: a config file (JSON is YAML) in the
    # folder Pagefind runs in, whose glob an environment variable would override.
    (place / "pagefind.yml").write_text(json.dumps({"glob": _any_of(pages)}), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "PAGEFIND_GLOB"}
    try:
        run = _run(command, place, environment, stop)
    except subprocess.TimeoutExpired:
        raise SearchFailed(f"the Pagefind search indexer did not finish in {TIMEOUT} s",
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
    return bundle


def _any_of(pages: list[str]) -> str:
    """A glob matching exactly these paths (slugs are plain, but escape what a glob reads)."""
    return "{" + ",".join(re.sub(r"([\\*?\[\]{}<>:,!])", r"\\\1", page) for page in pages) + "}"


def _run(command: list[str], folder: Path, environment: dict[str, str],
         stop: threading.Event | None = None) -> subprocess.CompletedProcess:
    """The indexer to its end, or until `stop` is set. With `stop` it is the preview's run in
    the background: at the lowest priority (at 10,000 articles a part takes 4 s of CPU, all six
    20 s, and edits made meanwhile must stay quick), and in a process group of its own, so that
    stopping it stops what it started too (a wrapper's child). A build's own run stays in the
    build's group, where Ctrl+C or a kill of the build reaches it."""
    background = stop is not None
    alone = background and hasattr(os, "killpg")
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          errors="replace", cwd=folder, env=environment,
                          start_new_session=alone) as process:
        if background and hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, process.pid, 19)
            except OSError:  # gone already, or not allowed: it runs as it is
                pass
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:  # in short steps when it may be stopped: a closing preview must not wait on it
                stdout, stderr = process.communicate(timeout=TIMEOUT if stop is None else 0.2)
                break
            except subprocess.TimeoutExpired:
                stopped = stop is not None and stop.is_set()
                if stopped or time.monotonic() >= deadline:
                    _kill(process, alone)
                    process.communicate()
                    if stopped:
                        raise SearchStopped("stopped") from None
                    raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill(process: subprocess.Popen, group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
            return
    except OSError:  # gone already
        pass
    process.kill()
