"""An update: the last good build brought up to date, rendering only what a change affects.

Tries the fast path first (patch.py: content edited in place); otherwise loads everything
again (cheap for files whose bytes did not change), compares fingerprints with the last good
build's (graph/deps.py) and renders the pages that read what changed. Nothing is written
until every page has rendered: a mistake leaves the output as it was.
"""

from __future__ import annotations

import time

from ..errors import BuildFailed, with_source_lines
from ..graph.deps import (
    PageDeps,
    affected_pages,
    changed_keys,
    config_key,
    fingerprints,
    language_fingerprints,
)
from ..graph.incremental import readers_index
from ..output.write import LiveOutput
from ..pages.notfound import NOT_FOUND_PAGE, inline_asset_prints
from ..pages.plan import PageSpec
from .files import copied_files
from .load import Loaded, load
from .memory import Memory, Settings
from .patch import patched_update
from .rendering import plan, render_pages
from .results import UpdateResult


def update(settings: Settings, memory: Memory, output: LiveOutput, changed: set[str]) -> UpdateResult:
    """Bring `output` up to date with the sources. `changed` lists paths known to have
    changed (from a watcher). Raises BuildFailed, leaving `output` as it was, on errors."""
    started = time.perf_counter()
    fast = patched_update(settings, memory, output, changed, started)
    if fast is not None:
        return fast
    last = memory.last
    loaded = load(settings, memory, changed)
    if loaded.diagnostics.has_errors:
        last.loaded = None  # the next update takes the full path: it must see every error
        raise BuildFailed(with_source_lines(loaded.diagnostics.items, settings.source))
    specs = plan(loaded, settings.source)
    planned = set(specs)
    prints = fingerprints_of_build(loaded)
    memory.cached.deps_changed = None
    if last.config is None:
        todo = planned
    else:
        changed = changed_keys(last.fingerprints, prints)
        memory.cached.deps_changed = changed | (set(last.pages) - planned)
        layouts = changed_keys(last.layouts, memory.reading.environment[0])
        todo = affected_pages(last.pages, changed, layouts, config_key(loaded.config) != last.config)
        todo = (todo & planned) | (planned - set(last.pages))
    pending: dict[str, bytes] = {}  # written only once every page has rendered
    rendered, _ = render_pages(settings, memory.reading, loaded, [specs[o] for o in sorted(todo)],
                               pending.__setitem__)
    if memory.cached.deps_changed is not None:
        memory.cached.deps_changed |= rendered.keys()
    files, sources = copied_files(specs, loaded, settings.source)
    if loaded.diagnostics.has_errors:
        last.loaded = None
        raise BuildFailed(with_source_lines(loaded.diagnostics.items, settings.source))
    for relative, data in pending.items():
        output.write(relative, data)
    copied = [rel for rel, digest in files.items() if last.files.get(rel) != digest]
    for relative in copied:
        output.copy(sources[relative], relative)
    # A page can turn into a copied file and back (robots.txt, see rendering.plan): never
    # remove what this update writes.
    removed = sorted((set(last.pages) | set(last.files)) - planned - set(files))
    for relative in removed:
        output.remove(relative)
    remember(settings, memory, loaded, specs,
             {**{k: v for k, v in last.pages.items() if k in planned}, **rendered},
             files, sources, prints)
    # The 404 page carries the stylesheet inline (notfound.py): rewritten with it, while
    # every other page can still swap the stylesheet in.
    styles_only = not (pending.keys() - {NOT_FOUND_PAGE}) and not removed and bool(copied) and all(
        rel.endswith(".css") for rel in copied)
    warnings = with_source_lines([d for d in loaded.diagnostics.sorted() if not d.is_error],
                                 settings.source)
    return UpdateResult(sorted(pending) + copied, removed, time.perf_counter() - started,
                        styles_only, warnings)


def remember(settings: Settings, memory: Memory, loaded: Loaded, specs: dict[str, PageSpec],
             pages: dict[str, PageDeps], files: dict[str, str], sources: dict,
             prints: dict[str, tuple] | None = None) -> None:
    """A good build becomes the baseline of the next."""
    last = memory.last
    last.pages = pages
    last.fingerprints = prints if prints is not None else fingerprints_of_build(loaded)
    last.layouts = memory.reading.environment[0]
    last.config = config_key(loaded.config)
    last.files, last.file_sources = files, sources
    last.specs = specs
    # Who read what, for the fast path: the dev server's; a cached CLI build has no use for it.
    last.readers = None if settings.cache else readers_index(pages)
    last.loaded = loaded


def fingerprints_of_build(loaded: Loaded) -> dict[str, tuple]:
    """deps.fingerprints plus each asset's linked name: pages that link it change with it."""
    found = fingerprints(loaded.site, loaded.digests)
    found.update((f"asset:{plain}", (linked,)) for plain, linked in loaded.assets.items())
    found.update(inline_asset_prints(loaded.env))  # the 404 page's inlined assets, by their text
    found.update(loaded.pictures.prints())  # a picture's sizes and variants, for pages showing it
    for code, shown in loaded.languages.items():  # each translation language's own records
        if code != loaded.config.language:
            found.update(language_fingerprints(code, shown.site, shown.digests))
    # Which languages a record is translated into: every version's switcher and hreflang say.
    into: dict[str, list[str]] = {}
    for _, slug, code in sorted(loaded.site.translations):
        into.setdefault(slug, []).append(code)
    for slug, codes in into.items():
        for key in (slug, *(f"{code}|{slug}" for code in loaded.languages)):
            if key in found:
                found[key] = (*found[key], tuple(codes))
    return found
