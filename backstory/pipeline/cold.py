"""A build from start to end: the output folder checked and locked, then the last build
brought up to date from the cache (warm.py) or, failing that, a clean build.

The clean build is the order of the stages, on one screen: load (read, parse, resolve,
check), plan, render into a staging folder, index for search, copy files, and swap it all in
(output/write.py) only when nothing failed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..content.config import CONFIG_NAME
from ..content.sources import CONTENT_DIR, STATIC_DIR
from ..errors import BuildFailed, with_source_lines
from ..output import cache
from ..output.journal import recover
from ..output.search import SearchFailed, build_index
from ..output.state import STATE_DIR, OutputRecord, forget_gone_outputs, output_lock, output_record
from ..output.write import Staging, UnsafeOutput, check_output_contents, check_output_folder, clean_leftovers
from .cached import cache_key, record_shards, save_cache, save_shard_task
from .collector import collect_only_new
from .files import copy_files
from .load import Loaded, load
from .memory import Memory, Settings
from .rendering import plan, render_pages
from .results import BuildResult, Reporter, write_failed
from .update import remember
from .warm import warm_build

OUTPUT_DIR = "site"


def build_into(settings: Settings, memory: Memory, out: str | os.PathLike | None,
               reporter: Reporter) -> BuildResult:
    """A build into `out` (default: source/site), swapped in only when complete."""
    started = time.perf_counter()
    source = settings.source
    out = Path(out) if out is not None else source / OUTPUT_DIR
    try:
        out_real = check_output_folder(out, source, [source / d for d in (
            CONTENT_DIR, "layouts", STATIC_DIR, STATE_DIR)])
    except UnsafeOutput as refused:
        raise BuildFailed([refused.diagnostic]) from None
    existed = out_real.exists()
    try:
        record = output_record(source, out_real) if settings.keep_record else None
        if record is not None:
            forget_gone_outputs(record, source)
        # One build at a time into a folder: a second one must not take the first one's
        # staging folder for a dead build's leftovers.
        with output_lock(out_real, lambda: reporter.waiting(
                f"another build is writing {out}; waiting for it to finish (Ctrl+C to stop)")):
            return _build_locked(settings, memory, out, out_real, record, reporter, started)
    except OSError as error:
        raise write_failed(error, out) from None
    finally:
        if not existed:  # a failed first build leaves no empty folder behind
            try:
                out_real.rmdir()
            except OSError:
                pass


def _build_locked(settings: Settings, memory: Memory, out: Path, out_real: Path,
                  record: OutputRecord | None, reporter: Reporter, started: float) -> BuildResult:
    if record is not None:
        recover(record)  # a build killed while swapping its files in: finish what it began
    scanned: dict[str, tuple[int, int]] = {}  # the output folder's files as found
    written = record.written_files() if record else set()
    try:
        check_output_contents(out_real, out, written, scanned, claim=settings.force)
    except UnsafeOutput as refused:
        raise BuildFailed([refused.diagnostic]) from None
    if settings.force and record is not None and set(scanned) - written:
        record.save_manifest(written | set(scanned))  # asked to: the folder is the build's now
    if settings.cache and memory.last.config is None and record is not None:
        clean_leftovers(out_real)
        warm = warm_build(settings, memory, out_real, record, started, scanned)
        if warm is not None:
            return warm
    return clean_build(settings, memory, out, out_real, record, reporter, started)


def clean_build(settings: Settings, memory: Memory, out: Path, out_real: Path,
                record: OutputRecord | None, reporter: Reporter, started: float) -> BuildResult:
    """Every page rendered and every file copied into a staging folder, then swapped in."""
    source = settings.source
    loaded = load(settings, memory, reporter=reporter)
    if loaded.diagnostics.has_errors:
        raise BuildFailed(with_source_lines(loaded.diagnostics.items, source))
    memory.cached.deps_changed = None  # a clean build: every shard is new

    collect_only_new()
    clean_leftovers(out_real)
    staging = Staging(out_real, record)
    incoming = cache.incoming(record.cache) if settings.cache and record else None
    try:
        specs = plan(loaded, source)
        shards = record_shards(memory) if incoming else {}
        key = cache_key(settings) if incoming else ""
        # Beside the cache, not in it: the cache changes with the pages, or not at all.
        side = [save_shard_task(key, incoming, name, content) for name, content in shards.items()]
        pages, saved = render_pages(settings, memory.reading, loaded, specs.values(), staging.put,
                                    reporter, settings.jobs, side)
        memory.cached.shards = {name: (shards[name], checksum) for name, checksum in saved
                                if checksum is not None}
        staging.files.extend(pages)  # put() in worker processes: noted here, in page order
        if loaded.config.search and not loaded.diagnostics.has_errors:
            reporter.progress("search index", 0, 1)
            _write_search_index(staging, loaded)
            reporter.progress("search index", 1, 1)
        files, sources = copy_files(staging, loaded, specs, source)
        if loaded.diagnostics.has_errors:
            raise BuildFailed(with_source_lines(loaded.diagnostics.items, source))
        staging.commit()
    except BaseException as error:
        staging.abort()
        if incoming is not None:
            cache.drop_incoming(record.cache)
        if isinstance(error, OSError):
            raise write_failed(error, out, record) from None
        raise
    remember(settings, memory, loaded, specs, pages, files, sources)
    if settings.cache:
        save_cache(settings, memory, record, staging.files)
    warnings = with_source_lines([d for d in loaded.diagnostics.sorted() if not d.is_error], source)
    reporter.warnings(warnings)
    return BuildResult(out_real, len(pages), len(staging.files), time.perf_counter() - started,
                       warnings)


def _write_search_index(staging: Staging, loaded: Loaded) -> None:
    """Index the staged pages; the bundle is staged like every other output file."""
    try:
        bundle = build_index(staging.root, loaded.config)
    except SearchFailed as failed:
        loaded.diagnostics.add(failed.diagnostic)
        return
    with bundle:  # made inside the staging folder: gone before it is swapped in
        for relative, made in bundle.in_order():
            try:
                staging.adopt(relative, made)
            except ValueError as error:  # safe_join refused a path that would leave the output
                loaded.diagnostics.error(CONFIG_NAME, 1, 1, f"search index: {error}")

