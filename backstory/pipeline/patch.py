"""The fast path of an update: content files edited in place, patched into the last good build.

Only the edited files are parsed again, names relinked, and the site patched
(graph/incremental.py); only the pages that read what the edit changed render. Anything this
path cannot prove it handles the same as a full load (a new file, a renamed slug, a problem)
gives None, and update.py takes the full path.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..content.frontmatter import parse_source
from ..content.sources import reread
from ..errors import Diagnostics
from ..graph.addresses import check_addresses
from ..graph.deps import fingerprints_of
from ..graph.incremental import patch_site, readers_index, reindex_readers, same_identity
from ..graph.resolve import links_from
from ..output.write import LiveOutput
from ..pages.plan import record_pages
from ..text.markdown import parser_for
from .load import Loaded, parse_key, part_digests
from .memory import Memory, Settings
from .pictures import PICTURE_SUFFIXES, named_pictures
from .rendering import render_pages
from .results import UpdateResult


def patched_update(settings: Settings, memory: Memory, output: LiveOutput, changed: set[str],
                   started: float) -> UpdateResult | None:
    """`changed` patched into the last good build and written to `output`; None when the
    change needs the full path."""
    reading, last_build = memory.reading, memory.last
    last = last_build.loaded
    if last is None or not changed or last.diagnostics.items or last.config.languages:
        return None  # (a site in several languages: translations follow originals' names)
    parsed, fresh = {}, {}
    md = parser_for(last.config)
    for path in sorted(changed):
        known = reading.sources.get(path)
        if known is None:
            return None  # not a known content file: added, removed, a folder, a layout...
        problems = Diagnostics()
        file = reread(known, problems)
        record = parse_source(file, md, problems, last.config) if file is not None else None
        old = reading.index.get(known.slug)
        if record is None or problems.items or old is None or not same_identity(old, record) \
                or record.draft and not settings.drafts:
            return None
        parsed[path] = (file, (parse_key(file, last.config), record, (),
                               part_digests(file.text, record)))
        fresh[record.slug] = record
    # Mentions again: cheap for unchanged names; a renamed actor changes other bodies too.
    as_parsed = {**reading.mentions.parsed(), **fresh}
    problems = Diagnostics()
    linked = reading.mentions.link_all(
        list(as_parsed.values()),
        {s: r for s, r in as_parsed.items() if settings.drafts or not r.draft},
        last.config.autolink, problems, md)
    edits = [(reading.index[r.slug], r) for r in linked if r is not reading.index.get(r.slug)]
    index = dict(reading.index)
    index.update((new.slug, new) for _, new in edits)
    published = dict(last.site.records)
    published.update((new.slug, new) for _, new in edits)
    new_links = {new.slug: links_from(new, index, published, problems) for _, new in edits}
    patched = patch_site(last.site, index, edits, reading.links, new_links)
    # An edit may break its own addresses, or an anchor into its page: only those are
    # checked again (every address of a 10,000-article site took 0.4 s).
    edited = {new.slug for _, new in edits}
    again = edited.union(*(reading.anchors_into.get(slug, ()) for slug in edited))
    anchored = check_addresses(patched.site, reading.landing, problems, again)
    if problems.items:
        last_build.loaded = None  # the mentions cache moved on: the full path must redo it all
        return None
    digests = dict(last.digests)
    for file, entry in parsed.values():
        digests[file.slug] = entry[3]
    if not named_pictures(new for _, new in edits) <= _known_files(last):
        return None  # a picture no build has read yet: the full path reads it and copies its variants
    loaded = Loaded(last.config, patched.site, last.env, digests, Diagnostics(), last.assets,
                    last.asset_files, last.static_files, last.pictures)
    keys = set(patched.changed_targets) | {new.slug for _, new in edits}
    keys |= {f"body:{new.slug}" for _, new in edits}
    if patched.chronology_changed:
        keys |= {slug for slug in patched.site.events
                 if patched.site.chronology[slug] != last.site.chronology.get(slug)}
        keys |= {f"around:{slug}" for slug in patched.site.events
                 if patched.site.neighbours[slug] != last.site.neighbours.get(slug)}
    new_prints = fingerprints_of(patched.site, digests, keys)
    changed_prints = {key for key in keys if new_prints[key] != last_build.fingerprints.get(key)}
    specs = dict(last_build.specs)
    for _, new in edits:
        for spec in record_pages(new):  # its embed too: both carry its label (plan.py)
            specs[spec.output] = spec
    if last_build.readers is None:
        last_build.readers = readers_index(last_build.pages)
    todo = set().union(*(last_build.readers.get(key, ()) for key in changed_prints))
    todo |= {spec.output for _, new in edits if new.slug in changed_prints
             or f"body:{new.slug}" in changed_prints for spec in record_pages(new)}
    pending: dict[str, bytes] = {}
    rendered, _ = render_pages(settings, reading, loaded, [specs[o] for o in sorted(todo)],
                               pending.__setitem__)
    memory.cached.deps_changed = None  # not followed here: a cache saved next compares every shard
    if loaded.diagnostics.items:
        return None  # a layout tripped on the new content: let the full path report it
    for relative, data in pending.items():
        output.write(relative, data)
    # Commit: the patched build becomes the baseline.
    for path, (file, entry) in parsed.items():
        reading.sources[path] = replace(file, text=None)
        # As Mentions keeps it (without tokens): the next load finds it unchanged.
        reading.parsed[path] = (entry[0], reading.mentions.parsed_record(entry[1].slug), *entry[2:])
    reading.index = index
    reading.links.update(new_links)
    reading.anchors_into = _reindexed(reading.anchors_into, anchored)
    last_build.fingerprints.update(new_prints)
    reindex_readers(last_build.readers, last_build.pages, rendered)
    last_build.pages = {**last_build.pages, **rendered}
    last_build.specs = specs
    last_build.loaded = loaded
    return UpdateResult(sorted(pending), [], time.perf_counter() - started, False, [], True)


def _known_files(loaded: Loaded) -> set[str]:
    """Pictures the last load read, and what is no file under static/ (addresses.py reports it)."""
    return set(loaded.pictures.shown) | {path for path in loaded.static_files
                                         if not path.lower().endswith(PICTURE_SUFFIXES)}


def _reindexed(into: dict[str, set[str]], anchored: dict[str, set[str]]) -> dict[str, set[str]]:
    """anchors_into with the anchors of the records in `anchored` (checked again) brought up to
    date."""
    result = {target: sources - anchored.keys() for target, sources in into.items()}
    for source, targets in anchored.items():
        for target in targets:
            result.setdefault(target, set()).add(source)
    return {target: sources for target, sources in result.items() if sources}
