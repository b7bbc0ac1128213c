"""The pure step: index records by slug, check every reference, derive the backlinks."""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
from collections import defaultdict

from ..content.model import Actor, Article, Event, Link, Record, Ref, Site
from ..content.sources import slugify
from ..errors import SHOWN_PER_FILE, Diagnostics

_SINGULAR = {"actors": "actor", "events": "event", "articles": "article"}


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

    events = of_type(Event)
    story = chronology(events, of_type(Article))
    return Site(actors=of_type(Actor), events=events, articles=of_type(Article),
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
    suggest = suggest or _Suggester(list(published.values()))
    hinted: set[int] | None = None  # made at the first unknown reference: most records have none
    pairs = []
    for ref in record.refs:
        target = index.get(ref.target)
        if target is None:
            if ref.target in broken:
                continue
            if hinted is None:
                hinted = _shown_unknown(record.refs, index, broken)
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


def chronology(events: dict[str, Event], articles: dict[str, Article] | None = None
               ) -> dict[str, tuple]:
    """Story order, each event's key (date, place on that date). On one date: causes before
    what they led to, then the order the author wrote (README, "Events on the same day"):
    the order of a cause's `led_to`, then of articles, then of causes; slugs only last."""
    causes: dict[str, dict[str, int]] = defaultdict(dict)  # slug -> cause -> place in its led_to
    for event in events.values():
        for place, ref in enumerate(event.led_to):
            if ref.target in events and ref.target != event.slug:
                causes[ref.target].setdefault(event.slug, place)
    depth = _same_day_depth(events, causes)
    written = _article_order(events, articles or {})
    groups: dict[tuple, list[str]] = defaultdict(list)
    for slug, event in events.items():
        groups[(event.date, depth[slug])].append(slug)
    placed: dict[str, int] = {}  # slug -> place in the whole story, as far as it is known
    story: dict[str, tuple] = {}
    on_day: dict = defaultdict(int)
    for (date, _), group in sorted(groups.items()):
        for slug in _same_day_order(group, events, causes, placed, written):
            placed[slug] = len(placed)
            story[slug] = (date, on_day[date])
            on_day[date] += 1
    return story


def _same_day_depth(events: dict[str, Event], causes: dict[str, dict[str, int]]) -> dict[str, int]:
    """The longest chain of same-day causes before each event, without recursion (chains can
    be thousands long): Kahn's order over the cause graph; events in a cycle count from 0."""
    same_day = {slug: {c for c in causes[slug] if events[c].date == events[slug].date}
                for slug in events}
    waiting = {slug: len(found) for slug, found in same_day.items()}
    consequences: dict[str, list[str]] = defaultdict(list)
    for slug, found in same_day.items():
        for cause in found:
            consequences[cause].append(slug)
    depth = dict.fromkeys(events, 0)
    ready = [slug for slug, count in waiting.items() if count == 0]
    while ready:
        slug = ready.pop()
        for after in consequences[slug]:
            depth[after] = max(depth[after], depth[slug] + 1)
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    return depth


def _article_order(events: dict[str, Event], articles: dict[str, Article]) -> dict[str, int]:
    """Each event's first place in the articles, the earliest article first: its `events:`
    list, then the events its prose names, in the order it names them."""
    found: dict[str, int] = {}
    for article in sorted(articles.values(), key=lambda a: (a.date, a.slug)):
        for slug in named_in_order(article):
            if slug in events:
                found.setdefault(slug, len(found))
    return found


def named_in_order(article: Article) -> tuple[str, ...]:
    """The slugs an article names: its `events:` list, then its prose's links and mentions
    in the order they are written, each once."""
    prose = sorted(article.body.links + article.body.mentions,
                   key=lambda ref: (ref.position.line, ref.position.column))
    return tuple(dict.fromkeys(ref.target for ref in (*article.events, *prose)))


def _same_day_order(group: list[str], events: dict[str, Event], causes: dict[str, dict[str, int]],
                    placed: dict[str, int], written: dict[str, int]) -> list[str]:
    """Events of one date and depth in story order. Each event's first cause is the one
    placed earliest; events of one first cause keep its `led_to` order, the others go by
    the articles, then by where their first causes are, then by slug."""
    first_cause: dict[str, tuple[int, int]] = {}
    for slug in group:
        known = [(placed[c], place) for c, place in causes[slug].items() if c in placed]
        if known:
            first_cause[slug] = min(known)
    never = (len(placed) + len(events), 0)
    order = sorted(group, key=lambda s: (written.get(s, len(written)), first_cause.get(s, never), s))
    siblings: dict[int, list[int]] = defaultdict(list)  # first cause -> places in `order`
    for place, slug in enumerate(order):
        if slug in first_cause:
            siblings[first_cause[slug][0]].append(place)
    for places in siblings.values():
        members = sorted((order[p] for p in places), key=lambda s: first_cause[s][1])
        for place, slug in zip(places, members, strict=True):
            order[place] = slug
    return order


def order_evidence(record: Record) -> tuple:
    """What chronology() reads of a record: an edit that changes it may reorder events."""
    if isinstance(record, Event):
        return (record.date, tuple(ref.target for ref in record.led_to))
    if isinstance(record, Article):
        return (record.date, named_in_order(record))
    return ()


def neighbours(story: dict[str, tuple]) -> dict[str, tuple[str | None, str | None]]:
    """Each event's previous and next event in story order (None at either end)."""
    ordered: list[str | None] = [None, *sorted(story, key=story.__getitem__), None]
    return {ordered[i]: (ordered[i - 1], ordered[i + 1]) for i in range(1, len(ordered) - 1)}


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
    if ref.expects and target.type != ref.expects:
        wanted = _SINGULAR.get(ref.expects, "page")
        diagnostics.error(at.path, at.line, at.column,
                          f"'{ref.target}' is an {_SINGULAR[target.type]}, not an {wanted}"
                          if wanted[0] in "aeiou" else
                          f"'{ref.target}' is an {_SINGULAR[target.type]}, not a {wanted}",
                          f"'{ref.field}' lists {ref.expects}; "
                          f"move '{ref.target}' to the right list")
        return False
    if ref.field == "led_to" and isinstance(record, Event) and isinstance(target, Event):
        if target.slug == record.slug:
            diagnostics.error(at.path, at.line, at.column, "an event cannot lead to itself")
            return False
        # dt.date.min: a date that did not parse (reported in its file), so no order to check.
        if target.date < record.date and dt.date.min not in (target.date, record.date):
            diagnostics.warning(at.path, at.line, at.column,
                                f"'{target.slug}' ({target.date}) is earlier than this event "
                                f"({record.date})", "led_to lists the later events this one caused")
    return True


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
