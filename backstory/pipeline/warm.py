"""A warm build: the last build's cached state brought up to date, writing only what changed.

It is an update (update.py) over Memory restored from the cache (cached.py), with the search
index brought up to date too; pages and index go in together, in one journaled commit, as a
clean build's. Trusted only while the output folder is as the cached build left it.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import BuildFailed
from ..output import cache
from ..output.journal import is_pending
from ..output.search import SEARCH_DIR, Bundle, SearchFailed, build_index, is_searchable
from ..output.state import OutputRecord
from ..output.write import LiveOutput
from .cached import cache_key, restore, save_cache
from .memory import Memory, Settings
from .results import BuildResult, write_failed
from .update import update


def warm_build(settings: Settings, memory: Memory, out: Path, record: OutputRecord, started: float,
               scanned: dict[str, tuple[int, int]]) -> BuildResult | None:
    """The build from the cache; None when there is no cache to trust (output/cache.py says
    when). `scanned` is the output folder as found."""
    if not scanned:
        return None  # nothing to start from: an empty or new output folder
    saved = cache.load(record.cache, cache_key(settings), lambda state: state["outputs"] == scanned)
    if saved is None:
        return None
    state, shards, checksums = saved
    files = set(scanned)
    restore(memory, state, shards, checksums)
    output = LiveOutput(out, scratch=True, record=record)
    bundle = None
    try:
        updated = update(settings, memory, output, set())  # raises BuildFailed before writing
        files = (files - set(updated.removed)) | set(updated.written)
        written = set(updated.written)
        old = {name for name in files if name.startswith(SEARCH_DIR + "/")}
        pages = {name for name in updated.written + updated.removed if is_searchable(name)}
        search = memory.last.loaded.config.search
        if search and (pages or not old):
            bundle = _index_again(memory, output, out, old, pages, set(updated.removed))
            files = (files - old) | bundle.names
            written |= set(bundle.files)
        elif not search and old:  # search turned off: no index at all
            for relative in sorted(old):
                output.remove(relative)
            files -= old
        output.commit(manifest=files)  # the only change to the output folder
    except OSError as error:
        cache.discard(record.cache)  # the output may not be as the cache says
        raise write_failed(error, out, record) from None
    finally:
        if bundle is not None and not is_pending(record):  # a stopped commit moves from it
            bundle.close()
        output.close()
    save_cache(settings, memory, record, files, scanned, written)
    return BuildResult(out, len(memory.last.pages), len(files), time.perf_counter() - started,
                       updated.warnings, len(written) + len(updated.removed))


def _index_again(memory: Memory, output: LiveOutput, out: Path, old: set[str], pages: set[str],
                 removed: set[str]) -> Bundle:
    """The search bundle (`old`, its files in the output) brought up to date with the pages
    waiting in `output` (the parts that hold `pages`, changed since it was made): its new
    files and removals wait in `output` too. The caller closes the bundle after committing."""
    try:
        bundle = build_index(out, memory.last.loaded.config, changed=pages, previous=old,
                             pending=output.pending_files(), removed=removed)
    except SearchFailed as failed:
        raise BuildFailed([failed.diagnostic]) from None
    for relative, made in bundle.in_order():
        output.adopt(relative, made)
    for relative in sorted(old - bundle.names):
        output.remove(relative)
    return bundle

