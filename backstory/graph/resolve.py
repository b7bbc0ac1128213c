"""The pure step: index records by slug, check every reference, derive the backlinks."""

from __future__ import annotations

import difflib
import heapq
from collections import defaultdict

from ..content.model import Actor, Article, Event, Link, Place, Record, Ref, Site
from ..content.sources import slugify
from ..content.when import UNKNOWN
from ..errors import SHOWN_PER_FILE, Diagnostics
from .chronology import chronology, neighbours

_SINGULAR = {"actors": "actor", "events": "event", "articles": "article", "places": "place"}


def resolve(records: list[Record], diagnostics: Diagnostics, include_drafts: bool = False,
            broken: set[str] = frozenset(), links: dict | None = None) -> Site:
    """`broken` holds slugs whose files failed to parse: links to them are not reported again.
    `links`, when given, receives each published record's valid (target, link) pairs."""
    by_slug: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_slug[record.slug].append(record)
    for slug, holders in by_slug.items():
        if len(holders) > 1:
            paths = ", ".join(sorted(r.path for r in holders))
            for record in holders:
                diagnostics.error(record.path, 1, 1, f"slug '{slug}' is used by {len(holders)} "
                                  f"files: {paths}", "slugs are unique across the whole site; "
                                  "rename all but one")
    index = {slug: holders[0] for slug, holders in by_slug.items()}
    published = {slug: r for slug, r in index.items() if include_drafts or not r.draft}
    suggest = _Suggester(list(published.values()))

    # An ordered set per target (dict keys): deduplicating must not cost a scan per link.
    backlinks: dict[str, dict[Link, None]] = defaultdict(dict)
    for record in sorted(published.values(), key=backlink_order):
        pairs = links_from(record, index, published, diagnostics, broken, suggest)
        if links is not None:
            links[record.slug] = pairs
        for target, link in pairs:
            backlinks[target][link] = None

    def of_type(kind: type) -> dict:
        return {slug: r for slug, r in sorted(published.items()) if isinstance(r, kind)}

    events, places = of_type(Event), of_type(Place)
    report_cycles(places, diagnostics)
    story = chronology(events, of_type(Article))
    return Site(actors=of_type(Actor), events=events, articles=of_type(Article), places=places,
                backlinks={slug: tuple(links) for slug, links in sorted(backlinks.items())},
                chronology=story, neighbours=neighbours(story))


def backlink_order(record: Record) -> tuple[str, str]:
    """Backlinks to a page are listed by their source's type and slug, then in its ref order."""
    return (record.type, record.slug)


def links_from(record: Record, index: dict[str, Record], published: dict[str, Record],
               diagnostics: Diagnostics, broken: set[str] = frozenset(),
               suggest: _Suggester | None = None) -> list[tuple[str, Link]]:
    """One record's valid references, as (target, backlink) pairs in the record's own order;
    each invalid one is reported instead."""
    # Made at the first unknown reference: most records have none, and a suggester lists every
    # published record (made for each of 10,000 translations, it took a quarter of a warm build).
    hinted: set[int] | None = None
    pairs = []
    for ref in record.refs:
        target = index.get(ref.target)
        if target is None:
            if ref.target in broken:
                continue
            if hinted is None:
                hinted = _shown_unknown(record.refs, index, broken)
                suggest = suggest or _Suggester(list(published.values()))
        if _check(record, ref, target, published,
                  suggest if hinted is not None and id(ref) in hinted else None, diagnostics):
            pairs.append((ref.target, Link(record.slug, ref.field, ref.role)))
    return pairs


def _shown_unknown(refs: tuple[Ref, ...], index: dict[str, Record], broken: set[str]) -> set[int]:
    """The ids of the unknown references a report shows (the first of the file): only they get
    a did-you-mean, the costly part of a file with 100,000 unknown links."""
    unknown = (ref for ref in refs if ref.target not in index and ref.target not in broken)
    first = heapq.nsmallest(SHOWN_PER_FILE, unknown, key=lambda r: (r.position.line, r.position.column))
    return {id(ref) for ref in first}


def _check(record: Record, ref: Ref, target: Record | None, published: dict[str, Record],
           suggest: _Suggester | None, diagnostics: Diagnostics) -> bool:
    """Whether `ref` points at a published page of the right type; reports it when not.
    `target` is the record of that slug, published or not, or None; `suggest` None for a
    problem past what the report shows."""
    at = ref.position
    if target is None:
        wanted = _SINGULAR.get(ref.expects or "", "page")
        diagnostics.error(at.path, at.line, at.column, f"unknown {wanted} '{ref.target}'",
                          suggest.hint(ref.target, ref.expects) if suggest else None)
        return False
    if ref.target not in published:
        diagnostics.error(at.path, at.line, at.column,
                          f"'{ref.target}' is a draft, so this link would break",
                          "publish it (remove `draft: true`) or build with --drafts")
        return False
    if ref.field == "within" and isinstance(target, Actor) and target.kind == "state":
        return True  # a place may lie in a state's territory (docs/writing.md, "Places")
    if ref.field == "within" and target.slug == record.slug:
        diagnostics.error(at.path, at.line, at.column, "a place cannot be within itself",
                          "name the larger place it lies in, or remove `within:`")
        return False
    if ref.expects and target.type != ref.expects:
        wanted = _SINGULAR.get(ref.expects, "page")
        diagnostics.error(at.path, at.line, at.column,
                          f"'{ref.target}' is an {_SINGULAR[target.type]}, not an {wanted}"
                          if wanted[0] in "aeiou" else
                          f"'{ref.target}' is an {_SINGULAR[target.type]}, not a {wanted}",
                          _WRONG_TYPE_HINTS.get(ref.field, f"'{ref.field}' lists {ref.expects}; "
                                                f"move '{ref.target}' to the right list"))
        return False
    if ref.field == "updates" and target.slug == record.slug:
        diagnostics.error(at.path, at.line, at.column, "an article cannot update itself",
                          "name the earlier article this one updates or follows")
        return False
    if ref.field == "updates" and UNKNOWN not in (target.date, record.date):
        # Each page tells the reader which is the newer: never both, never the earlier one.
        if target.date.key > record.date.key:
            diagnostics.error(at.path, at.line, at.column,
                              f"'{target.slug}' ({target.date}) is later than this article "
                              f"({record.date})", "an article updates or follows an earlier one: "
                              f"write `updates: {record.slug}` in '{target.slug}' instead")
            return False
        # Of the same day, neither is the later: the two may not name each other.
        if target.date.key == record.date.key and any(back.target == record.slug
                                                      for back in target.updates):
            diagnostics.error(at.path, at.line, at.column,
                              f"'{target.slug}' and this article each say they update the other",
                              "keep `updates:` in the newer one only")
            return False
    if ref.field == "led_to" and isinstance(record, Event) and isinstance(target, Event):
        if target.slug == record.slug:
            diagnostics.error(at.path, at.line, at.column, "an event cannot lead to itself")
            return False
        # UNKNOWN: a date that did not parse (reported in its file), so no order to check. An
        # earlier target is one that ends before this event can have begun, at their precisions.
        if target.date.span[1] < record.date.span[0] and UNKNOWN not in (target.date, record.date):
            diagnostics.warning(at.path, at.line, at.column,
                                f"'{target.slug}' ({target.date}) is earlier than this event "
                                f"({record.date})", "led_to lists the later events this one caused")
    return True


_WRONG_TYPE_HINTS = {
    "updates": "'updates' names the earlier article this one follows",
    "within": "`within:` names a larger place, or an actor of kind state whose territory it is",
    "place": "a `place:` written as a slug names a place page: write the name as free text "
             "(`place: Russia`) or add a page in content/places/",
}


def report_cycles(places: dict[str, Place], diagnostics: Diagnostics) -> None:
    """A place within a place within... the first again: an error at each `within:` of it."""
    done: set[str] = set()
    for start in places:
        path: list[str] = []
        slug: str | None = start
        while slug in places and slug not in done and slug not in path:
            path.append(slug)
            within = places[slug].within
            slug = within.target if within is not None else None
        if slug in path and slug != path[-1]:  # (a place within itself is reported on its own)
            cycle = path[path.index(slug):]
            shown = " → ".join([*cycle, cycle[0]])
            for member in cycle:
                at = places[member].within.position
                diagnostics.error(at.path, at.line, at.column, f"'within' goes round in a circle: "
                                  f"{shown}", "a place lies within a larger one: remove `within:` "
                                  "from the largest")
        done.update(path)


class _Suggester:
    """'Did you mean' over slugs, names and aliases, so `prigozin` finds `yevgeny-prigozhin`."""

    def __init__(self, records):
        self.records = records
        self.keys: dict[str, set[str]] | None = None  # built on the first unknown reference
        self.types: dict[str, str] = {}

    def _index(self) -> dict[str, set[str]]:
        if self.keys is None:
            self.keys = defaultdict(set)
            for record in self.records:
                self.types[record.slug] = record.type
                names = [record.slug, record.label, *getattr(record, "aliases", ())]
                names += [part for part in record.slug.split("-") if len(part) >= 4]
                for name in names:
                    self.keys[slugify(name)].add(record.slug)
        return self.keys

    def hint(self, target: str, expects: str | None) -> str | None:
        wanted = slugify(target)
        found: list[str] = []
        keys = self._index()
        for key in difflib.get_close_matches(wanted, list(keys), n=6, cutoff=0.75):
            for slug in sorted(keys[key]):
                if slug not in found and (expects is None or self.types[slug] == expects):
                    found.append(slug)
        if not found:
            return None
        return "did you mean " + " or ".join(f"'{slug}'" for slug in found[:2]) + "?"
