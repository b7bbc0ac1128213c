"""The one place that orders the stages: load, validate, resolve, render, write.

`build()` makes a clean build into a staging folder and swaps it in. A `Builder` kept between
builds (the dev server keeps one) remembers what it parsed and what each page read, so
`Builder.update()` renders only the pages a change affects, with the same result.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..content.config import CONFIG_NAME, Config, load_config
from ..content.frontmatter import parse_source
from ..content.model import NAMED_TYPES, Record, Site
from ..content.sources import (
    CONTENT_DIR,
    STATIC_DIR,
    SourceFile,
    is_editor_litter,
    read_sources,
    reread,
    unread,
)
from ..errors import BuildFailed, Diagnostic, Diagnostics, display_path, with_source_lines
from ..graph.addresses import Landing, anchors_into, check_addresses, landing
from ..graph.deps import (
    PageDeps,
    affected_pages,
    changed_keys,
    config_key,
    fingerprints,
    fingerprints_of,
    layout_closure,
    layout_digests,
)
from ..graph.incremental import patch_site, readers_index, reindex_readers, same_identity
from ..graph.resolve import links_from, resolve
from ..output import cache
from ..output.journal import is_pending, recover
from ..output.outpaths import case_collisions, leads_inside
from ..output.search import SEARCH_DIR, Bundle, SearchFailed, build_index, is_searchable
from ..output.state import STATE_DIR, OutputRecord, forget_gone_outputs, output_lock, output_record
from ..output.write import (
    LiveOutput,
    Staging,
    UnsafeOutput,
    check_output_contents,
    check_output_folder,
    clean_leftovers,
)
from ..pages.deadline import PAGE_SECONDS, PageDeadlines
from ..pages.fragments import Fragments
from ..pages.notfound import NOT_FOUND_PAGE, inline_asset_prints
from ..pages.render import (
    ASSETS_DIR,
    PageSpec,
    check_layouts,
    layout_dirs,
    layout_files,
    make_environment,
    plan_pages,
    record_page,
    render_page,
)
from ..pages.urls import ROBOTS_PATH
from ..text.markdown import make_parser
from ..text.mentions import Mentions
from .parallel import WorkerFailed, available_jobs, run_shared

OUTPUT_DIR = "site"
CACHE_SHARDS = 64


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)
    # From the cache (cache.py): how many files the build wrote again; None for a clean build.
    rewritten: int | None = None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What one incremental update did."""

    written: list[str]  # outputs rendered or copied again
    removed: list[str]
    seconds: float
    styles_only: bool  # only stylesheets changed: a browser can swap them without reloading
    warnings: list[Diagnostic] = field(default_factory=list)
    patched: bool = False  # took the fast path (incremental.py) rather than a full load


class Reporter:
    """Receives build events; the CLI, the dev server and tests each show them their way."""

    def warnings(self, items: list[Diagnostic]) -> None:
        pass

    def progress(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` steps of a stage ("reading", "rendering", ...); called often."""

    def finish(self) -> None:
        """The build ended, well or not: nothing more will be reported."""

    def waiting(self, message: str) -> None:
        """The build waits for something outside it (another build into the same folder)."""


@dataclass(slots=True)
class Loaded:
    config: Config
    site: Site
    env: Environment
    digests: dict[str, tuple[str, str]]  # slug -> digests of its front matter and its body
    diagnostics: Diagnostics
    # Each asset's plain output path -> the path pages link (with a content hash, or the same).
    assets: dict[str, str] = field(default_factory=dict)
    # The files the build copies, listed once per load: output path -> source file.
    asset_files: dict[str, Path] = field(default_factory=dict)
    static_files: dict[str, Path] = field(default_factory=dict)


Sink = Callable[[str, bytes], None]


class Builder:
    """One site's build state, kept between builds so that an update redoes only what changed."""

    def __init__(self, source: str | os.PathLike, *, drafts: bool = False,
                 base_url: str | None = None, hash_assets: bool = True, jobs: int | None = None,
                 cache: bool = False, keep_record: bool = True,
                 page_seconds: float | None = PAGE_SECONDS, force: bool = False):
        self.source = Path(source)
        # Keep what a build parsed and what each page read beside the site (state.py), and
        # start from it next time (cache.py). The CLI's builds do; other callers ask for it.
        self.cache = cache
        # Record what a build wrote (state.py), so the next deletes nothing else; off for a
        # private folder that is thrown away (`check`'s).
        self.keep_record = keep_record or cache
        # The longest a page may take to render before it is an error (deadline.py).
        self.page_seconds = page_seconds
        # Build into an output folder that holds files no build recorded, replacing them.
        self.force = force
        # Processes that parse and render (parallel.py); the output is the same for any number.
        self.jobs = jobs or available_jobs()
        self.drafts, self.base_url = drafts, base_url
        # Pages link assets by names that carry a content hash, so hosts can cache them
        # forever; the preview turns it off, so a stylesheet edit swaps in without a reload.
        self.hash_assets = hash_assets
        # shown path -> ((digest, raw_html), record or None, its diagnostics, part digests)
        self._parsed: dict[str, tuple] = {}
        # State of the last good build, the baseline an update compares against:
        self.pages: dict[str, PageDeps] = {}
        self._fingerprints: dict[str, tuple] = {}
        self._layouts: dict[str, str] = {}
        self._config: tuple | None = None
        self._files: dict[str, str] = {}  # copied output path -> digest of its source
        self._sources: dict[str, SourceFile] = {}  # shown path -> last read, to skip rereads
        self._environment: tuple[dict, Environment, list[Diagnostic]] | None = None
        # For the fast path (incremental.py): the last good load, every record by slug, each
        # record's valid references, each page's spec, and who read what.
        self._last: Loaded | None = None
        self._index: dict[str, Record] = {}
        self._links: dict[str, list] = {}
        self._landing: Landing | None = None  # what body addresses may name (addresses.py)
        self._anchors_into: dict[str, set[str]] = {}  # slug -> records with an #anchor on it
        self._layout_ids: tuple[Environment | None, dict] = (None, {})  # per environment
        self._specs: dict[str, PageSpec] = {}
        self._readers: dict[str, set[str]] | None = {}
        self._mentions = Mentions()
        self._closures: tuple[Environment | None, dict[str, frozenset[str]]] = (None, {})
        # The build cache's shards as last loaded or saved, name -> (content, checksum), and
        # the rest of its state: what need not be written again.
        self._cache_shards: dict[str, tuple[dict, str]] = {}
        self._cache_state: dict | None = None
        # Keys (outputs, fingerprint keys) the last update may have changed in the cache's
        # deps shards; None for "any": only their shards need comparing.
        self._deps_changed: set[str] | None = None

    def load(self, changed: set[str] = frozenset(), reporter: Reporter | None = None) -> Loaded:
        """Read and check everything a build needs; reparse only files whose bytes changed.

        `changed` names files (relative to the source) to read again whatever their stamps say.
        """
        diagnostics = Diagnostics()
        config = load_config(self.source, diagnostics, self.base_url)
        md = make_parser(config.raw_html)
        # Files new to this Builder (all of them, in a clean build) are read where they are
        # parsed: in the worker processes, most of them.
        files = read_sources(self.source, diagnostics, self._sources, changed, defer=True)
        # Actors and events first: their names are what every body is matched against. Then
        # each body is matched and compiled as soon as it is parsed, and its tokens dropped;
        # articles, most of the work, spread over the cores (parallel.py).
        named = [i for i, file in enumerate(files) if file.type in NAMED_TYPES]
        others = [i for i, file in enumerate(files) if file.type not in NAMED_TYPES]
        entries: list[tuple] = [()] * len(files)  # each file's parse cache entry
        found: list[Record | None] = [None] * len(files)

        def reading(before: int) -> Callable[[int, int], None]:
            def progress(done: int, total: int) -> None:
                if reporter is not None:
                    reporter.progress("reading", before + done, len(files))
            return progress

        todo = []
        for i in named:
            cached = self._cached_entry(files[i], config)
            if cached is not None:
                entries[i] = cached
            else:
                todo.append(i)

        def parse(n: int) -> tuple[SourceFile, tuple]:
            return self._parsed_entry(files[todo[n]], config, md)

        for i, (file, entry) in zip(todo, run_shared(len(todo), parse, self.jobs,
                                                     progress=reading(len(named) - len(todo))),
                                    strict=True):
            files[i], entries[i] = file, entry
        naming = Diagnostics()
        self._mentions.begin({r.slug: r for r in (entries[i][1] for i in named)
                              if r is not None and (self.drafts or not r.draft)},
                             config.autolink, naming)
        for i in named:
            entries[i], found[i] = self._linked(entries[i], md)

        # Files parsed before need no worker: their records are linked here (cheaply, unless
        # names changed), and only the rest are parsed, by all the cores.
        unparsed = []
        for i in others:
            cached = self._cached_entry(files[i], config)
            if cached is not None:
                entries[i], found[i] = self._linked(cached, md)
            else:
                unparsed.append(i)

        def parse_and_link(n: int) -> tuple:
            file, entry = self._parsed_entry(files[unparsed[n]], config, md)
            entry, record = self._linked(entry, md)
            return file, entry, record, self._mentions.hand_over(record)

        for i, (file, entry, record, mentioned) in zip(
                unparsed, run_shared(len(unparsed), parse_and_link, self.jobs,
                                     progress=reading(len(files) - len(unparsed))),
                strict=True):
            files[i], entries[i], found[i] = file, entry, record
            if mentioned is not None:
                self._mentions.adopt(mentioned)  # found here or in a worker process
        self._mentions.end([record.slug for record in found if record is not None])
        self._sources = {file.shown: file if file.text is None else replace(file, text=None)
                         for file in files}
        self._parsed = {file.shown: entry for file, entry in zip(files, entries, strict=True)}
        broken = {file.slug for file, entry in zip(files, entries, strict=True) if entry[1] is None}
        digests = {r.slug: entry[3] for r, entry in zip(found, entries, strict=True) if r is not None}
        for entry in entries:
            diagnostics.extend(entry[2])
        diagnostics.extend(naming.items)
        records = [record for record in found if record is not None]
        self._links = {}
        site = resolve(records, diagnostics, include_drafts=self.drafts, broken=broken,
                       links=self._links)
        self._index = {record.slug: record for record in reversed(records)}
        env = self._layouts_environment(diagnostics)
        # Anchors, links and images in bodies, checked where they are written (addresses.py).
        if self._layout_ids[0] is not env:  # layouts changed: a new environment
            self._layout_ids = (env, {})
        assets = _asset_files(self.source, diagnostics)
        static = _static_files(self.source, diagnostics)
        self._landing = landing(site, config, env, static, assets, self._layout_closure,
                                self._layout_ids[1])
        self._anchors_into = anchors_into(check_addresses(site, self._landing, diagnostics))
        return Loaded(config, site, env, digests, diagnostics, self._asset_links(assets), assets,
                      static)

    def _cached_entry(self, file: SourceFile, config: Config) -> tuple | None:
        """The file's parse cache entry while its bytes and the Markdown settings are the same."""
        cached = self._parsed.get(file.shown)
        return cached if cached is not None and cached[0] == (file.digest, config.raw_html) else None

    def _parsed_entry(self, file: SourceFile, config: Config, md) -> tuple[SourceFile, tuple]:
        """The file as read (without its text), and its parse cache entry: (cache key, record as
        parsed or None, its diagnostics, digests of its two parts), from the cache while the
        file's bytes and the Markdown settings are the same."""
        cached = self._cached_entry(file, config)
        if cached is not None:
            return file, cached
        own = Diagnostics()
        if file.text is None:  # listed unread, or kept without its text since it was parsed
            file = reread(file, own if unread(file) else Diagnostics()) or file
        key = (file.digest, config.raw_html)
        record = parse_source(file, md, own) if file.text is not None else None
        entry = (key, record, tuple(own.items), _part_digests(file.text or "", record))
        return (file if file.text is None else replace(file, text=None)), entry

    def _linked(self, entry: tuple, md) -> tuple[tuple, Record | None]:
        """The cache entry holding the record without tokens, and the record as linked."""
        if entry[1] is None:
            return entry, None
        kept, linked = self._mentions.link(entry[1], md)
        return (entry[0], kept, *entry[2:]), linked

    def _layout_closure(self, env: Environment, layout: str) -> frozenset[str]:
        """deps.layout_closure, remembered while the layouts stay the same (it parses them)."""
        if self._closures[0] is not env:  # layouts changed: a new environment
            self._closures = (env, {})
        known = self._closures[1]
        if layout not in known:
            known[layout] = layout_closure(env, layout)
        return known[layout]

    def _layouts_environment(self, diagnostics: Diagnostics) -> Environment:
        """The Jinja environment, made and checked again only when a layout changed."""
        env = make_environment(self.source)
        refused = Diagnostics()  # links out of layouts/: reported by every build, not used
        digests = layout_digests(layout_files(self.source, refused))
        diagnostics.extend(refused.items)
        if self._environment is None and digests == self._layouts:
            # The very layouts the last good build (the cache's) compiled without a problem:
            # each is compiled when a page needs it, most of them never in a small update.
            self._environment = (digests, env, [])
        elif self._environment is None or self._environment[0] != digests:
            problems = Diagnostics()
            check_layouts(env, self.source, problems)
            self._environment = (digests, env, problems.items)
        diagnostics.extend(self._environment[2])
        return self._environment[1]

    def _render(self, loaded: Loaded, specs: Iterable[PageSpec], sink: Sink,
                reporter: Reporter | None = None, jobs: int = 1, side: list[Callable] = ()
                ) -> tuple[dict[str, PageDeps], list]:
        """Render pages into sink, noting what each read; errors go to loaded.diagnostics.
        With jobs > 1, sink runs in worker processes too: it must write, not collect.
        `side` is other work for the same processes, done last: its results come second."""
        specs = list(specs)
        fragments = Fragments()  # each process fills its own copy
        deadlines = PageDeadlines(self.page_seconds)

        def render_one(n: int) -> frozenset[str] | Diagnostic | OSError:
            if n >= len(specs):
                return side[n - len(specs)]()
            spec = specs[n]
            result = render_page(loaded.env, spec, loaded.site, loaded.config, self.source,
                                 loaded.assets, fragments, deadlines)
            if isinstance(result, Diagnostic):
                return result
            try:
                sink(spec.output, result.html.encode("utf-8"))
            except OSError as error:  # a full disk: the build fails, in whichever process
                return OSError(error.errno, error.strerror, spec.output)
            return result.touched

        def progress(done: int, total: int) -> None:
            if reporter is not None:
                reporter.progress("rendering", done, total)

        closures: dict[str, frozenset[str]] = {}
        failures: set[tuple] = set()
        rendered: dict[str, PageDeps] = {}
        try:
            results = run_shared(len(specs) + len(side), render_one, jobs, progress=progress)
        finally:
            deadlines.close()
        for spec, result in zip(specs, results, strict=False):
            if isinstance(result, OSError):
                raise result
            if isinstance(result, Diagnostic):
                # One broken layout line fails many pages: report it once.
                key = (result.path, result.line, result.message.split(" (while rendering")[0])
                if key not in failures:
                    failures.add(key)
                    loaded.diagnostics.add(result)
                continue
            if spec.layout not in closures:
                closures[spec.layout] = self._layout_closure(loaded.env, spec.layout)
            rendered[spec.output] = PageDeps(closures[spec.layout], result)
        return rendered, results[len(specs):]

    def _remember(self, loaded: Loaded, specs: dict[str, PageSpec], pages: dict[str, PageDeps],
                  files: dict[str, str], prints: dict[str, tuple] | None = None) -> None:
        self.pages = pages
        self._fingerprints = prints if prints is not None else _fingerprints(loaded)
        self._layouts = self._environment[0]
        self._config = config_key(loaded.config)
        self._files = files
        self._specs = specs
        # Who read what, for the fast path: the dev server's; a cached CLI build has no use for it.
        self._readers = None if self.cache else readers_index(pages)
        self._last = loaded

    def build(self, out: str | os.PathLike | None = None,
              reporter: Reporter | None = None) -> BuildResult:
        """A clean build into `out` (default: source/site), swapped in only when complete."""
        reporter = reporter or Reporter()
        try:
            with _collector_paused():
                return self._build(out, reporter)
        except WorkerFailed as failed:
            raise BuildFailed([Diagnostic(str(out or self.source / OUTPUT_DIR), 1, 1, str(failed),
                                          "the machine may be short of memory; `--jobs 1` builds "
                                          "in one process")]) from None
        finally:
            reporter.finish()

    def _build(self, out: str | os.PathLike | None, reporter: Reporter) -> BuildResult:
        started = time.perf_counter()
        source = self.source
        out = Path(out) if out is not None else source / OUTPUT_DIR
        try:
            out_real = check_output_folder(out, source, [source / d for d in (
                CONTENT_DIR, "layouts", STATIC_DIR, STATE_DIR)])
        except UnsafeOutput as refused:
            raise BuildFailed([refused.diagnostic]) from None
        existed = out_real.exists()
        try:
            record = output_record(source, out_real) if self.keep_record else None
            if record is not None:
                forget_gone_outputs(record, source)
            # One build at a time into a folder: a second one must not take the first one's
            # staging folder for a dead build's leftovers.
            with output_lock(out_real, lambda: reporter.waiting(
                    f"another build is writing {out}; waiting for it to finish (Ctrl+C to stop)")):
                return self._build_locked(out, out_real, record, reporter, started)
        except OSError as error:
            raise _write_failed(error, out) from None
        finally:
            if not existed:  # a failed first build leaves no empty folder behind
                try:
                    out_real.rmdir()
                except OSError:
                    pass

    def _build_locked(self, out: Path, out_real: Path, record: OutputRecord | None,
                      reporter: Reporter, started: float) -> BuildResult:
        source = self.source
        if record is not None:
            recover(record)  # a build killed while swapping its files in: finish what it began
        scanned: dict[str, tuple[int, int]] = {}  # the output folder's files as found
        written = record.written_files() if record else set()
        try:
            check_output_contents(out_real, out, written, scanned, claim=self.force)
        except UnsafeOutput as refused:
            raise BuildFailed([refused.diagnostic]) from None
        if self.force and record is not None and set(scanned) - written:
            record.save_manifest(written | set(scanned))  # asked to: the folder is the build's now
        if self.cache and self._config is None and record is not None:
            clean_leftovers(out_real)
            warm = self._warm_build(out_real, record, started, scanned)
            if warm is not None:
                return warm
        loaded = self.load(reporter=reporter)
        if loaded.diagnostics.has_errors:
            raise BuildFailed(with_source_lines(loaded.diagnostics.items, source))
        self._deps_changed = None  # a clean build: every shard is new

        _collect_only_new()
        clean_leftovers(out_real)
        staging = Staging(out_real, record)
        incoming = cache.incoming(record.cache) if self.cache and record else None
        try:
            specs = self._plan(loaded)
            shards = self._record_shards() if incoming else {}
            # Beside the cache, not in it: the cache changes with the pages, or not at all.
            side = [self._save_shard_task(incoming, name, content)
                    for name, content in shards.items()]
            pages, saved = self._render(loaded, specs.values(), staging.put, reporter, self.jobs,
                                        side)
            self._cache_shards = {name: (shards[name], checksum) for name, checksum in saved
                                  if checksum is not None}
            staging.files.extend(pages)  # put() in worker processes: noted here, in page order
            if loaded.config.search and not loaded.diagnostics.has_errors:
                reporter.progress("search index", 0, 1)
                self._write_search_index(staging, loaded)
                reporter.progress("search index", 1, 1)
            files = self._copy_files(staging, loaded, specs)
            if loaded.diagnostics.has_errors:
                raise BuildFailed(with_source_lines(loaded.diagnostics.items, source))
            staging.commit()
        except BaseException as error:
            staging.abort()
            if incoming is not None:
                cache.drop_incoming(record.cache)
            if isinstance(error, OSError):
                raise _write_failed(error, out, record) from None
            raise
        self._remember(loaded, specs, pages, files)
        if self.cache:
            self._save_cache(record, staging.files)
        warnings = with_source_lines([d for d in loaded.diagnostics.sorted() if not d.is_error],
                                     source)
        reporter.warnings(warnings)
        return BuildResult(out_real, len(pages), len(staging.files),
                           time.perf_counter() - started, warnings)

    def _cache_key(self) -> str:
        return cache.cache_key(self.source, (self.drafts, self.base_url, self.hash_assets))

    def _save_cache(self, record: OutputRecord, files: Iterable[str],
                    known: dict[str, tuple[int, int]] | None = None,
                    written: set[str] = frozenset()) -> None:
        """Keep this build's state with its output's record; a build that cannot is still good.
        Parses go in CACHE_SHARDS files by path, and only shards whose records changed are
        written again: editing one article rewrites a 64th of them."""
        files = set(files)
        # Stat only what this build wrote; the rest is as the scan before it found it.
        fresh = files if known is None else written | (files - known.keys())
        stats = cache.stamps(record.out, sorted(fresh))
        outputs = None if stats is None else {
            name: stats[name] if name in fresh else known[name] for name in sorted(files)}
        folder = record.cache
        if outputs is None:
            cache.discard(folder)
            return
        shards: dict[str, Any] = {**self._record_shards(), **self._deps_shards()}
        changed, unchanged = {}, {}
        dirty = None if self._deps_changed is None else {
            f"deps-{_shard_of(key)}" for key in self._deps_changed}
        for name, content in shards.items():
            known = self._cache_shards.get(name)
            if known is not None and dirty is not None and name.startswith("deps-") \
                    and name not in dirty:
                unchanged[name] = known[1]  # no page or print of it changed: as it was
            elif known is not None and _same_shard(known[0], content):
                unchanged[name] = known[1]
            else:
                changed[name] = content
        state = {"names": self._mentions.names(), "layouts": self._layouts,
                 "config": self._config, "files": self._files, "outputs": outputs}
        if not changed and state == self._cache_state:
            return  # as it was: nothing to write
        try:
            checksums = cache.save(folder, self._cache_key(), state, changed, unchanged)
        except (OSError, pickle.PicklingError):
            cache.discard(folder)
            return
        self._cache_shards = {name: (content, checksums[name]) for name, content in shards.items()}
        self._cache_state = state

    def _record_shards(self) -> dict[str, list[tuple]]:
        """The cache's shards of parses: (path, parse entry, mentions entry, source file)."""
        shards: dict[str, list[tuple]] = {f"records-{n:02}": [] for n in range(CACHE_SHARDS)}
        done = self._mentions.done()
        for shown, entry in self._parsed.items():
            mention = done.get(entry[1].slug) if entry[1] is not None else None
            if mention is not None and mention[0] is not entry[1]:
                mention = None  # another file's record under the same slug: not this one's
            shards[f"records-{_shard_of(shown)}"].append(
                (shown, entry, mention, self._sources.get(shown)))
        return shards

    def _deps_shards(self) -> dict[str, dict]:
        """The cache's shards of what each page read and each record's fingerprint."""
        shards = {f"deps-{n:02}": {"pages": {}, "prints": {}} for n in range(CACHE_SHARDS)}
        for output, deps in self.pages.items():
            shards[f"deps-{_shard_of(output)}"]["pages"][output] = deps
        for key, value in self._fingerprints.items():
            shards[f"deps-{_shard_of(key)}"]["prints"][key] = value
        return shards

    def _save_shard_task(self, folder: Path, name: str, content: list) -> Callable[[], tuple]:
        """Writing one shard of parses into `folder` (the cache's incoming shards), as side work
        for the render's worker processes: the parses do not change while pages render. Gives
        (name, checksum or None)."""
        def save() -> tuple:
            try:
                return name, cache.save_shard(folder, self._cache_key(), name, content)
            except (OSError, pickle.PicklingError):
                return name, None  # _save_cache tries again, or goes without a cache
        return save

    def _warm_build(self, out: Path, record: OutputRecord, started: float,
                    scanned: dict[str, tuple[int, int]]) -> BuildResult | None:
        """The last build's cached state brought up to date, writing only what changed, as
        `backstory serve` does; None when there is no cache to trust (cache.py says when).
        Pages and search index go in together, in one journaled commit, as a cold build's."""
        if not scanned:
            return None  # nothing to start from: an empty or new output folder
        # Trusted only while the output is as the cached build left it.
        saved = cache.load(record.cache, self._cache_key(),
                           lambda state: state["outputs"] == scanned)
        if saved is None:
            return None
        state, shards, checksums = saved
        files = set(scanned)
        self._restore(state, shards, checksums)
        output = LiveOutput(out, scratch=True, record=record)
        bundle = None
        try:
            updated = self._update(output, set())  # raises BuildFailed before writing anything
            files = (files - set(updated.removed)) | set(updated.written)
            written = set(updated.written)
            old = {name for name in files if name.startswith(SEARCH_DIR + "/")}
            pages = {name for name in updated.written + updated.removed if is_searchable(name)}
            if self._last.config.search and (pages or not old):
                bundle = self._index_again(output, out, old, pages, set(updated.removed))
                files = (files - old) | bundle.names
                written |= set(bundle.files)
            elif not self._last.config.search and old:  # search turned off: no index at all
                for relative in sorted(old):
                    output.remove(relative)
                files -= old
            output.commit(manifest=files)  # the only change to the output folder
        except OSError as error:
            cache.discard(record.cache)  # the output may not be as the cache says
            raise _write_failed(error, out, record) from None
        finally:
            if bundle is not None and not is_pending(record):  # a stopped commit moves from it
                bundle.close()
            output.close()
        self._save_cache(record, files, scanned, written)
        return BuildResult(out, len(self.pages), len(files), time.perf_counter() - started,
                           updated.warnings, len(written) + len(updated.removed))

    def _restore(self, state: dict, shards: dict[str, Any], checksums: dict[str, str]) -> None:
        """The Builder as _save_cache() left it, from the cache's state and shards."""
        records = [item for name, shard in shards.items() if name.startswith("records-")
                   for item in shard]
        deps = [shard for name, shard in shards.items() if name.startswith("deps-")]
        records.sort(key=lambda item: item[0])  # any stable order: looked up by path
        self._sources = {shown: source for shown, _, _, source in records}
        self._parsed = {shown: entry for shown, entry, _, _ in records}
        self._mentions.restore(state["names"], {mention[0].slug: mention
                                                for _, _, mention, _ in records if mention})
        self.pages = {output: page for shard in deps for output, page in shard["pages"].items()}
        self._fingerprints = {key: value for shard in deps for key, value in shard["prints"].items()}
        self._layouts, self._config, self._files = state["layouts"], state["config"], state["files"]
        self._cache_shards = {name: (shard, checksums[name]) for name, shard in shards.items()}
        self._cache_state = state

    def _index_again(self, output: LiveOutput, out: Path, old: set[str], pages: set[str],
                     removed: set[str]) -> Bundle:
        """The search bundle (`old`, its files in the output) brought up to date with the pages
        waiting in `output` (the parts that hold `pages`, changed since it was made): its new
        files and removals wait in `output` too. The caller closes the bundle after committing."""
        try:
            bundle = build_index(out, self._last.config, changed=pages, previous=old,
                                 pending=output.pending_files(), removed=removed)
        except SearchFailed as failed:
            raise BuildFailed([failed.diagnostic]) from None
        for relative, made in bundle.in_order():
            output.adopt(relative, made)
        for relative in sorted(old - bundle.names):
            output.remove(relative)
        return bundle

    def _write_search_index(self, staging: Staging, loaded: Loaded) -> None:
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

    @property
    def search_config(self) -> Config | None:
        """The last good build's settings, for a preview's BackgroundIndexer; None before one."""
        return self._last.config if self._last is not None else None

    def update(self, output: LiveOutput, changed: set[str] = frozenset()) -> UpdateResult:
        """Bring `output` up to date with the sources, rendering only what a change affects.

        `changed` lists paths known to have changed (from a watcher). Raises BuildFailed and
        leaves `output` as it was when the sources have errors.
        """
        with _collector_paused():
            return self._update(output, changed)

    def _update(self, output: LiveOutput, changed: set[str]) -> UpdateResult:
        started = time.perf_counter()
        fast = self._fast_update(output, changed, started)
        if fast is not None:
            return fast
        loaded = self.load(changed)
        if loaded.diagnostics.has_errors:
            self._last = None  # the next update takes the full path: it must see every error
            raise BuildFailed(with_source_lines(loaded.diagnostics.items, self.source))
        specs = self._plan(loaded)
        planned = set(specs)
        prints = _fingerprints(loaded)
        self._deps_changed = None
        if self._config is None:
            todo = planned
        else:
            changed = changed_keys(self._fingerprints, prints)
            self._deps_changed = changed | (set(self.pages) - planned)
            layouts = changed_keys(self._layouts, self._environment[0])
            todo = affected_pages(self.pages, changed, layouts,
                                  config_key(loaded.config) != self._config)
            todo = (todo & planned) | (planned - set(self.pages))
        pending: dict[str, bytes] = {}  # written only once every page has rendered
        rendered, _ = self._render(loaded, [specs[o] for o in sorted(todo)], pending.__setitem__)
        if self._deps_changed is not None:
            self._deps_changed |= rendered.keys()
        files = self._file_digests(specs, loaded)
        if loaded.diagnostics.has_errors:
            self._last = None
            raise BuildFailed(with_source_lines(loaded.diagnostics.items, self.source))
        for relative, data in pending.items():
            output.write(relative, data)
        copied = [rel for rel, digest in files.items() if self._files.get(rel) != digest]
        for relative in copied:
            output.copy(self._file_sources[relative], relative)
        # A page can turn into a copied file and back (robots.txt, see _plan): never remove
        # what this update writes.
        removed = sorted((set(self.pages) | set(self._files)) - planned - set(files))
        for relative in removed:
            output.remove(relative)
        self._remember(loaded, specs, {**{k: v for k, v in self.pages.items() if k in planned},
                                       **rendered}, files, prints)
        # The 404 page carries the stylesheet inline (notfound.py): rewritten with it, while
        # every other page can still swap the stylesheet in.
        styles_only = not (pending.keys() - {NOT_FOUND_PAGE}) and not removed and bool(copied) and all(
            rel.endswith(".css") for rel in copied)
        warnings = with_source_lines([d for d in loaded.diagnostics.sorted() if not d.is_error],
                                     self.source)
        return UpdateResult(sorted(pending) + copied, removed, time.perf_counter() - started,
                            styles_only, warnings)

    def _fast_update(self, output: LiveOutput, changed: set[str],
                     started: float) -> UpdateResult | None:
        """Content files edited in place, patched into the last good build (incremental.py);
        None when the change needs the full path."""
        last = self._last
        if last is None or not changed or last.diagnostics.items:
            return None
        parsed, fresh = {}, {}
        md = make_parser(last.config.raw_html)
        for path in sorted(changed):
            known = self._sources.get(path)
            if known is None:
                return None  # not a known content file: added, removed, a folder, a layout...
            problems = Diagnostics()
            file = reread(known, problems)
            record = parse_source(file, md, problems) if file is not None else None
            old = self._index.get(known.slug)
            if record is None or problems.items or old is None or not same_identity(old, record) \
                    or record.draft and not self.drafts:
                return None
            parsed[path] = (file, ((file.digest, last.config.raw_html), record, (),
                                   _part_digests(file.text, record)))
            fresh[record.slug] = record
        # Mentions again: cheap for unchanged names; a renamed actor changes other bodies too.
        as_parsed = {**self._mentions.parsed(), **fresh}
        problems = Diagnostics()
        linked = self._mentions.link_all(
            list(as_parsed.values()), {s: r for s, r in as_parsed.items() if self.drafts or not r.draft},
            last.config.autolink, problems, md)
        edits = [(self._index[r.slug], r) for r in linked if r is not self._index.get(r.slug)]
        index = dict(self._index)
        index.update((new.slug, new) for _, new in edits)
        published = {**last.site.actors, **last.site.events, **last.site.articles}
        published.update((new.slug, new) for _, new in edits)
        new_links = {new.slug: links_from(new, index, published, problems) for _, new in edits}
        patched = patch_site(last.site, index, edits, self._links, new_links)
        # An edit may break its own addresses, or an anchor into its page: only those are
        # checked again (every address of a 10,000-article site took 0.4 s).
        edited = {new.slug for _, new in edits}
        again = edited.union(*(self._anchors_into.get(slug, ()) for slug in edited))
        anchored = check_addresses(patched.site, self._landing, problems, again)
        if problems.items:
            self._last = None  # the mentions cache moved on: the full path must redo it all
            return None
        digests = dict(last.digests)
        for file, entry in parsed.values():
            digests[file.slug] = entry[3]
        loaded = Loaded(last.config, patched.site, last.env, digests, Diagnostics(), last.assets,
                        last.asset_files, last.static_files)
        keys = set(patched.changed_targets) | {new.slug for _, new in edits}
        keys |= {f"body:{new.slug}" for _, new in edits}
        if patched.chronology_changed:
            keys |= {slug for slug in patched.site.events
                     if patched.site.chronology[slug] != last.site.chronology.get(slug)}
            keys |= {f"around:{slug}" for slug in patched.site.events
                     if patched.site.neighbours[slug] != last.site.neighbours.get(slug)}
        new_prints = fingerprints_of(patched.site, digests, keys)
        changed_keys_ = {key for key in keys if new_prints[key] != self._fingerprints.get(key)}
        specs = dict(self._specs)
        for _, new in edits:
            spec = record_page(new)
            specs[spec.output] = spec
        if self._readers is None:
            self._readers = readers_index(self.pages)
        todo = set().union(*(self._readers.get(key, ()) for key in changed_keys_))
        todo |= {record_page(new).output for _, new in edits if new.slug in changed_keys_
                 or f"body:{new.slug}" in changed_keys_}
        pending: dict[str, bytes] = {}
        rendered, _ = self._render(loaded, [specs[o] for o in sorted(todo)], pending.__setitem__)
        self._deps_changed = None  # not followed here: a cache saved next compares every shard
        if loaded.diagnostics.items:
            return None  # a layout tripped on the new content: let the full path report it
        for relative, data in pending.items():
            output.write(relative, data)
        # Commit: the patched build becomes the baseline.
        for path, (file, entry) in parsed.items():
            self._sources[path] = replace(file, text=None)
            # As Mentions keeps it (without tokens): the next load finds it unchanged.
            self._parsed[path] = (entry[0], self._mentions.parsed_record(entry[1].slug), *entry[2:])
        self._index = index
        self._links.update(new_links)
        self._anchors_into = _reindexed(self._anchors_into, anchored)
        self._fingerprints.update(new_prints)
        reindex_readers(self._readers, self.pages, rendered)
        self.pages = {**self.pages, **rendered}
        self._specs = specs
        self._last = loaded
        return UpdateResult(sorted(pending), [], time.perf_counter() - started, False, [], True)

    def _plan(self, loaded: Loaded) -> dict[str, PageSpec]:
        """Every page to render by output path. A robots.txt in static/ is the site's own
        word to crawlers: the built one yields to it rather than fail the build."""
        own_robots = (self.source / STATIC_DIR / ROBOTS_PATH).is_file()
        return {spec.output: spec for spec in plan_pages(loaded.site, loaded.config)
                if not (own_robots and spec.output == ROBOTS_PATH)}

    def _asset_links(self, assets: dict[str, Path]) -> dict[str, str]:
        """Each asset's plain output path -> the path pages link: hashed, or the same."""
        return {relative: hashed_name(relative, path.read_bytes()) if self.hash_assets else relative
                for relative, path in assets.items()}

    def _file_digests(self, specs: dict[str, PageSpec], loaded: Loaded) -> dict[str, str]:
        """Assets and static files: output path -> digest of the source file it copies.
        An asset is written under its plain name and, when hashing, its hashed one: pages link
        the hashed copy; the plain one keeps url(...) references between assets working."""
        diagnostics = loaded.diagnostics
        assets = dict(loaded.asset_files)
        assets.update({loaded.assets[rel]: path for rel, path in loaded.asset_files.items()
                       if loaded.assets.get(rel, rel) != rel})
        static = dict(loaded.static_files)
        # A static file may not replace a page or an asset (override assets in layouts/assets/),
        # stand where the build makes a folder (static/assets, the search index's), or inside
        # one of its files.
        taken = set(specs) | set(assets)
        folders = {"/".join(p.split("/")[:i]) for p in taken for i in range(1, p.count("/") + 1)}
        owned = {SEARCH_DIR} if loaded.config.search else set()  # the index's, every file in it
        for relative, path in list(static.items()):
            parents = {"/".join(relative.split("/")[:i]) for i in range(1, relative.count("/") + 1)}
            if relative in taken or relative in folders or parents & (taken | owned) \
                    or relative in owned:
                hint = ("to replace a default asset, put the file in layouts/assets/"
                        if relative in assets else "rename or move the file")
                spec = specs.get(relative)
                maker = "" if spec is None else (
                    f" (the page of {loaded.site.records[spec.slug].path})"
                    if spec.slug in loaded.site.records else f" (the page of layouts/{spec.layout})")
                diagnostics.error(display_path(path, self.source), 1, 1,
                                  f"{relative} is also written by the build{maker}", hint)
                del static[relative]
        sources = {**assets, **static}
        self._file_sources = sources
        self._check_case(specs, loaded, sources)
        return {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in sources.items()}

    def _check_case(self, specs: dict[str, PageSpec], loaded: Loaded,
                    files: dict[str, Path]) -> None:
        """Two outputs whose paths differ only in case are one file on macOS and Windows (and
        in a checkout of the site there): an error naming both sources, placed at the one the
        author most likely means to rename (a static file before a page, a page before a layout)."""
        made_by = {output: loaded.site.records[spec.slug].path if spec.slug in loaded.site.records
                   else f"layouts/{spec.layout}" for output, spec in specs.items()}
        made_by.update((rel, display_path(path, self.source) if path.is_relative_to(self.source)
                        else f"the default layouts' {rel}") for rel, path in files.items())

        def rank(source: str) -> int:
            return next((n for n, start in enumerate((f"{STATIC_DIR}/", f"{CONTENT_DIR}/", "layouts/"))
                         if source.startswith(start)), 3)

        for first, first_source, second, second_source in case_collisions(made_by):
            (path, source), (twin, twin_source) = sorted(
                [(first, first_source), (second, second_source)], key=lambda item: rank(item[1]))
            what, slash = ("file", "") if path in made_by else ("folder", "/")
            loaded.diagnostics.error(
                source, 1, 1, f"{path}{slash} and {twin}{slash} differ only in case: on macOS and "
                f"Windows they are one {what}, and one would replace the other ({twin}{slash} is "
                f"made by {twin_source})", "rename one of them")

    def _copy_files(self, staging: Staging, loaded: Loaded,
                    specs: dict[str, PageSpec]) -> dict[str, str]:
        digests = self._file_digests(specs, loaded)
        for relative, path in self._file_sources.items():
            try:
                staging.copy(path, relative)
            except ValueError as error:
                loaded.diagnostics.error(display_path(path, self.source), 1, 1, str(error))
        return digests


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A build allocates millions of long-lived objects (tokens, records), and Python's cycle
    collector would walk them all again and again: 40% of a 10,000-article load. Reference
    counting still frees what a build drops; see also _collect_only_new()."""
    was_enabled, was_frozen, thresholds = gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not was_frozen:
            # What the build allocated sits in the youngest generation, where the first
            # collection would walk all of it (0.5 s at 10,000 articles): move it to the oldest.
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _collect_only_new() -> None:
    """Once the site is loaded: rendering makes cyclic garbage (each page's views refer to one
    another), 400 MB of it at 10,000 articles if never collected. Freezing what the load made
    keeps the collector off it, so collecting the rest costs next to nothing. Most of a page's
    cycles die young; collecting the oldest generation (all that rendering keeps, walked again
    and again: 0.25 s of a 10,000-article build) is put off until the build is done, holding
    what few reach it (15 MB there). _collector_paused() restores the thresholds."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000)
    gc.enable()


def _write_failed(error: OSError, out: Path, record: OutputRecord | None = None) -> BuildFailed:
    hint = "check free disk space and permissions"
    if is_pending(record):  # stopped while putting files in place: not the last output any more
        hint += "; the next build finishes putting this one in place before anything else"
    return BuildFailed([Diagnostic(str(error.filename or out), 1, 1,
                                   f"cannot write the site: {error.strerror or error}", hint)])


def _reindexed(into: dict[str, set[str]], anchored: dict[str, set[str]]) -> dict[str, set[str]]:
    """anchors_into with the anchors of the records in `anchored` (checked again) brought up to
    date."""
    result = {target: sources - anchored.keys() for target, sources in into.items()}
    for source, targets in anchored.items():
        for target in targets:
            result.setdefault(target, set()).add(source)
    return {target: sources for target, sources in result.items() if sources}


def _same_shard(old, new) -> bool:
    """Whether a cache shard holds what it held. Parses and mentions are kept as the very same
    objects while their files and the site's names stay the same: compared by identity."""
    if isinstance(old, dict):
        return old == new
    return len(old) == len(new) and all(
        a[0] == b[0] and a[1][0] == b[1][0] and a[1][1] is b[1][1] and a[2] is b[2]
        and a[3] == b[3] for a, b in zip(old, new, strict=True))


def _shard_of(key: str) -> str:
    return f"{zlib.crc32(key.encode()) % CACHE_SHARDS:02}"


def _fingerprints(loaded: Loaded) -> dict[str, tuple]:
    """deps.fingerprints plus each asset's linked name: pages that link it change with it."""
    found = fingerprints(loaded.site, loaded.digests)
    found.update((f"asset:{plain}", (linked,)) for plain, linked in loaded.assets.items())
    found.update(inline_asset_prints(loaded.env))  # the 404 page's inlined assets, by their text
    return found


def hashed_name(relative: str, data: bytes) -> str:
    """assets/style.css -> assets/style.<10 hex digits of its SHA-256>.css"""
    folder, _, name = relative.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def _part_digests(text: str, record: Record | None) -> tuple[str, str] | None:
    if record is None:
        return None
    body = record.body.source
    front = text[: len(text) - len(body)] if body and text.endswith(body) else text
    return (hashlib.sha256(front.encode()).hexdigest(), hashlib.sha256(body.encode()).hexdigest())


def build(source: str | os.PathLike = ".", out: str | os.PathLike | None = None, *,
          drafts: bool = False, base_url: str | None = None,
          reporter: Reporter | None = None, hash_assets: bool = True,
          jobs: int | None = None, cache: bool = False) -> BuildResult:
    """Build the site at `source` into `out` (default: source/site). Raises BuildFailed."""
    return Builder(source, drafts=drafts, base_url=base_url, hash_assets=hash_assets,
                   jobs=jobs, cache=cache).build(out, reporter)


def _asset_files(source: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Files under layouts/assets/, the site's own overriding the defaults file by file; a
    link that leads out of its layouts folder is refused and reported."""
    found: dict[str, Path] = {}
    for folder in reversed(layout_dirs(source)):
        assets = folder / ASSETS_DIR
        for path in _files_below(assets, folder, source, diagnostics):
            found[f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}"] = path
    return found


def _files_below(folder: Path, within: Path, source: Path,
                 diagnostics: Diagnostics) -> list[Path]:
    """The files below `folder` that a build copies: no editor litter, nothing in a dot-folder,
    and no link out of `within` (refused without reading a byte of where it leads)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(is_editor_litter(part) for part in parts) or not path.is_file():
            continue
        if not leads_inside(path, within):
            diagnostics.error(display_path(path, source), 1, 1,
                              f"symbolic link points outside {display_path(within, source)}/; "
                              "not copied", "copy the file into the site instead")
            continue
        found.append(path)
    return found


def _static_files(source: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Files under static/, copied as they are to the site root (dotfiles and dot-folders are
    not published: outpaths.is_served_path)."""
    static = source / STATIC_DIR
    if static.is_dir():  # a dot-folder is most likely meant to be published (.well-known/)
        for folder in sorted(static.glob("**/.*/")):
            if folder.is_dir() and folder.name != ".git" and not any(
                    part.startswith(".") for part in folder.relative_to(static).parts[:-1]):
                diagnostics.warning(display_path(folder, source), 1, 1,
                                    "files in a dot-folder are not published",
                                    "hosts and tools keep their own files in dot-folders; "
                                    "serve such files from the host's own settings")
    return {path.relative_to(static).as_posix(): path
            for path in _files_below(static, static, source, diagnostics)}
