"""Story order: every event's place in the story, at the precision its date is known.

Events are ordered by when they start (When.key: the instant, whatever the zone; a month
before its first day). An event known only to the day comes at the day's start unless an event
that starts or ends that day led to it, in which case it comes after it (after its end, where
that is known); among events of one place so found: causes before what they led to, then the
order the author wrote (docs/what-comes-out.md, "Story order").
"""

from __future__ import annotations

from collections import defaultdict

from ..content.model import Article, Event, Record
from ..content.when import When


def chronology(events: dict[str, Event], articles: dict[str, Article] | None = None
               ) -> dict[str, tuple]:
    """Story order: each event's key (the place it is found at, its place among the events
    found there), comparable across the whole story."""
    causes: dict[str, dict[str, int]] = defaultdict(dict)  # slug -> cause -> place in its led_to
    for event in events.values():
        for place, ref in enumerate(event.led_to):
            if ref.target in events and ref.target != event.slug:
                causes[ref.target].setdefault(event.slug, place)
    depth, at = _same_day_places(events, causes)
    written = _article_order(events, articles or {})
    groups: dict[tuple, list[str]] = defaultdict(list)
    for slug in events:
        groups[(at[slug], depth[slug])].append(slug)
    placed: dict[str, int] = {}  # slug -> place in the whole story, as far as it is known
    story: dict[str, tuple] = {}
    on_day: dict = defaultdict(int)
    for (found, _), group in sorted(groups.items()):
        for slug in _same_day_order(group, events, causes, placed, written):
            placed[slug] = len(placed)
            story[slug] = (found, on_day[found])
            on_day[found] += 1
    return story


def _on(when: When | None, day: When) -> bool:
    """Whether `when` falls on the calendar day of `day` (a date known to the day)."""
    return when is not None and when.day is not None and when.first_day == day.first_day


def _same_day_places(events: dict[str, Event], causes: dict[str, dict[str, int]]
                     ) -> tuple[dict[str, int], dict[str, tuple]]:
    """For each event, the longest chain of causes on its day before it, and where it is found:
    its own start where a time or part of the day is known; for one known only to the day,
    after the causes that start or end that day (after the end, where it ends that day), else
    the day's start. Without recursion (chains can be thousands long): Kahn's order over the
    cause graph; events in a cycle count from 0."""
    def related(cause: Event, event: Event) -> bool:
        if event.date.day is None:  # a month or a year: only causes written alike
            return cause.date == event.date
        return _on(cause.date, event.date) or _on(cause.end, event.date)

    same_day = {slug: {c for c in causes[slug] if related(events[c], events[slug])}
                for slug in events}
    waiting = {slug: len(found) for slug, found in same_day.items()}
    consequences: dict[str, list[str]] = defaultdict(list)
    for slug, found in same_day.items():
        for cause in found:
            consequences[cause].append(slug)
    depth = dict.fromkeys(events, 0)
    at = {slug: event.date.key for slug, event in events.items()}
    untimed = {slug for slug, event in events.items() if event.date.precision == "day"}
    ready = [slug for slug, count in waiting.items() if count == 0]
    while ready:
        slug = ready.pop()
        cause = events[slug]
        for after in consequences[slug]:
            depth[after] = max(depth[after], depth[slug] + 1)
            if after in untimed:  # known only to the day: after what led to it that day
                day = events[after].date
                ended = cause.end if _on(cause.end, day) and cause.end.precision in ("part", "time") \
                    else None
                at[after] = max(at[after], ended.key if ended else at[slug])
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    return depth, at


def _article_order(events: dict[str, Event], articles: dict[str, Article]) -> dict[str, int]:
    """Each event's first place in the articles, the earliest article first: its `events:`
    list, then the events its prose names, in the order it names them."""
    found: dict[str, int] = {}
    for article in sorted(articles.values(), key=lambda a: (a.date.key, a.slug)):
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
        return (record.date, record.end, tuple(ref.target for ref in record.led_to))
    if isinstance(record, Article):
        return (record.date, named_in_order(record))
    return ()


def neighbours(story: dict[str, tuple]) -> dict[str, tuple[str | None, str | None]]:
    """Each event's previous and next event in story order (None at either end)."""
    ordered: list[str | None] = [None, *sorted(story, key=story.__getitem__), None]
    return {ordered[i]: (ordered[i - 1], ordered[i + 1]) for i in range(1, len(ordered) - 1)}
