"""The fast path of an update: content files edited in place, the common case while writing.

Instead of reading every file and resolving every reference again, the edited records are
patched into the last good site: their own references are checked, the backlinks they add or
drop are moved, and fingerprints are compared only where something could have changed. Any
other change (a file added, removed or renamed, a draft flag, a layout, site.yaml, an error or
a warning) takes the full path, which gives the same result by construction; tests compare
both with a clean build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ..content.model import Actor, Article, Event, Link, Place, Record, Site
from .chronology import chronology, neighbours, order_evidence
from .deps import PageDeps
from .resolve import backlink_order


def readers_index(pages: dict[str, PageDeps]) -> dict[str, set[str]]:
    """What each page read, inverted: key (slug, "body:slug", "around:slug", "@collection") -> outputs."""
    readers: dict[str, set[str]] = defaultdict(set)
    for output, deps in pages.items():
        for key in deps.touched:
            readers[key].add(output)
    return readers


def reindex_readers(readers: dict[str, set[str]], old: dict[str, PageDeps],
                    new: dict[str, PageDeps]) -> None:
    """Move the re-rendered pages' entries in `readers` from what they read to what they read now."""
    for output, deps in new.items():
        previous = old.get(output)
        for key in previous.touched if previous else ():
            readers[key].discard(output)
        for key in deps.touched:
            readers[key].add(output)


@dataclass(frozen=True, slots=True)
class Patched:
    site: Site
    changed_targets: set[str]  # slugs whose backlinks changed
    chronology_changed: bool


def patch_site(site: Site, index: dict[str, Record], edits: list[tuple[Record, Record]],
               old_links: dict[str, list[tuple[str, Link]]],
               new_links: dict[str, list[tuple[str, Link]]]) -> Patched:
    """The site with each (old, new) record swapped and their backlinks moved."""
    maps = {"actors": dict(site.actors), "events": dict(site.events),
            "articles": dict(site.articles), "places": dict(site.places)}
    for _, new in edits:
        maps[new.type][new.slug] = new
    backlinks = dict(site.backlinks)
    touched_targets: set[str] = set()
    for _, new in edits:
        slug = new.slug
        gone = {target for target, _ in old_links.get(slug, ())}
        added = {target for target, _ in new_links.get(slug, ())}
        for target in gone | added:
            kept = [link for link in backlinks.get(target, ()) if link.source != slug]
            kept += [link for t, link in new_links.get(slug, ()) if t == target]
            # Sorting is stable: within one source, links keep that source's order.
            kept.sort(key=lambda link: backlink_order(index[link.source]))
            links = tuple(dict.fromkeys(kept))
            if links != site.backlinks.get(target, ()):
                touched_targets.add(target)
            if links:
                backlinks[target] = links
            else:
                backlinks.pop(target, None)
    # Same-day events follow led_to lists and the articles' order: an edit to either may move them.
    reordered = any(order_evidence(old) != order_evidence(new) for old, new in edits)
    story = chronology(maps["events"], maps["articles"]) if reordered else site.chronology
    moved = story != site.chronology
    patched = replace(site, actors=maps["actors"], events=maps["events"],
                      articles=maps["articles"], places=maps["places"],
                      backlinks=dict(sorted(backlinks.items())),
                      chronology=story, neighbours=neighbours(story) if moved else site.neighbours)
    return Patched(patched, touched_targets, moved)


def same_identity(old: Record, new: Record) -> bool:
    """Whether an edit left what the full path would treat specially untouched (a place's
    `within:` too, since the full path checks that it goes round in no circle; an article's
    tags and series, collections of their own ("@tags", "@series") that it recomputes)."""
    return (type(old) is type(new) and old.slug == new.slug and old.draft == new.draft
            and old.autolink == new.autolink
            and isinstance(new, (Actor, Event, Article, Place))
            and _within(old) == _within(new)
            and (not isinstance(new, Article) or (old.tags, old.series) == (new.tags, new.series)))


def _within(record: Record) -> str | None:
    within = getattr(record, "within", None)
    return within.target if within is not None else None
