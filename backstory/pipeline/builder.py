"""The entry to a build: `build()` for one clean build, and a `Builder` kept between builds.

A Builder holds its Settings and the Memory of the last build, and hands both to the stages:
cold.py (a build from start to end), warm.py (from the cache), update.py and patch.py (what
`backstory serve` does after an edit). It does no work of its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..content.config import Config
from ..errors import BuildFailed, Diagnostic
from ..output.write import LiveOutput
from ..pages.deadline import PAGE_SECONDS
from .cold import OUTPUT_DIR, build_into
from .collector import collector_paused
from .load import Loaded, load
from .memory import Memory, Settings
from .parallel import WorkerFailed, available_jobs
from .results import BuildResult, Reporter, UpdateResult
from .update import update

__all__ = ["OUTPUT_DIR", "BuildFailed", "BuildResult", "Builder", "Reporter", "UpdateResult", "build"]


class Builder:
    """One site's build state, kept between builds so that an update redoes only what changed."""

    def __init__(self, source: str | os.PathLike, *, drafts: bool = False,
                 base_url: str | None = None, hash_assets: bool = True, jobs: int | None = None,
                 cache: bool = False, keep_record: bool = True,
                 page_seconds: float | None = PAGE_SECONDS, force: bool = False):
        self.settings = Settings(Path(source), drafts=drafts, base_url=base_url,
                                 hash_assets=hash_assets, jobs=jobs or available_jobs(),
                                 cache=cache, keep_record=keep_record or cache,
                                 page_seconds=page_seconds, force=force)
        self.memory = Memory()

    @property
    def source(self) -> Path:
        return self.settings.source

    def load(self, changed: set[str] = frozenset(), reporter: Reporter | None = None) -> Loaded:
        """Read and check everything a build needs (load.py), without rendering."""
        return load(self.settings, self.memory, changed, reporter)

    def build(self, out: str | os.PathLike | None = None,
              reporter: Reporter | None = None) -> BuildResult:
        """A build into `out` (default: source/site), swapped in only when complete."""
        reporter = reporter or Reporter()
        try:
            with collector_paused():
                return build_into(self.settings, self.memory, out, reporter)
        except WorkerFailed as failed:
            raise BuildFailed([Diagnostic(str(out or self.source / OUTPUT_DIR), 1, 1, str(failed),
                                          "the machine may be short of memory; `--jobs 1` builds "
                                          "in one process")]) from None
        finally:
            reporter.finish()

    def update(self, output: LiveOutput, changed: set[str] = frozenset()) -> UpdateResult:
        """Bring `output` up to date with the sources, rendering only what a change affects.

        `changed` lists paths known to have changed (from a watcher). Raises BuildFailed and
        leaves `output` as it was when the sources have errors.
        """
        with collector_paused():
            return update(self.settings, self.memory, output, changed)

    @property
    def search_config(self) -> Config | None:
        """The last good build's settings, for a preview's BackgroundIndexer; None before one."""
        last = self.memory.last.loaded
        return last.config if last is not None else None


def build(source: str | os.PathLike = ".", out: str | os.PathLike | None = None, *,
          drafts: bool = False, base_url: str | None = None,
          reporter: Reporter | None = None, hash_assets: bool = True,
          jobs: int | None = None, cache: bool = False) -> BuildResult:
    """Build the site at `source` into `out` (default: source/site). Raises BuildFailed."""
    return Builder(source, drafts=drafts, base_url=base_url, hash_assets=hash_assets,
                   jobs=jobs, cache=cache).build(out, reporter)
