"""The timeline drawn to scale as layouts receive it (layouts/partials/timeline.html): the whole
story, then a close view of each busy stretch, each with its segments, breaks and entries.

The geometry is pictures/timescale.py's; this module says what each mark is (an instant, a
range, a stretch known only to the day or the month) and how its captions read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..content.when import When
from ..pictures import timescale
from ..pictures.timescale import ANCHOR, CAPTION, Break, Drawing, Segment, Span, Tick
from .dates import date_span, is_local
from .localdates import tick_label
from .words import Words

if TYPE_CHECKING:  # the views read their own time scale (recordviews.py imports this module)
    from .recordviews import ActorView, EventView

MAX_CLOSE = 6  # close views at most: the busiest stretches
CLOSE_DAYS = 2  # a story of one run this short (or shorter) also gets a view hour by hour
LANE_LIMIT = 5  # actors given a lane of their own: more would not fit a phone's width


@dataclass(frozen=True, slots=True)
class Entry:
    """One event in one view: its mark and label as drawn (`mark`, rem) and what they mean."""

    event: EventView
    mark: timescale.Mark
    shape: str  # "instant": a time of day; "range": a start and an end; "stretch": a date
    # known only to the part of a day, the day, the month or the year, drawn over all of it
    approximate: bool
    start: int  # first and last minute it stands for (When.span), which the drawing claims
    end: int
    actors: str  # the actors' slugs, for the filter by actor
    lanes: tuple[int, ...]  # the lanes (LaneView.index) of its actors that have one
    # The mark's numbers as the page writes them (rem to 3 places), made here rather than by
    # filters in the layout: a site of thousands of pages draws tens of thousands of marks.
    top: float
    length: float
    label_top: float
    leader: tuple[float, float]  # the leader's ends, in the tenths of a rem its SVG counts


@dataclass(frozen=True, slots=True)
class SegmentView:
    segment: Segment
    caption: str  # "23–24 June 2023"
    top: float  # the segment's numbers as the page writes them (rem to 3 places), like Entry's
    length: float
    caption_top: float  # its caption's, CAPTION above it
    tick_tops: tuple[tuple[Tick, float], ...]  # each tick, with its rem from the segment's top


@dataclass(frozen=True, slots=True)
class BreakView:
    gap: Break
    text: str  # "1 year, 6 months later"


@dataclass(frozen=True, slots=True)
class LaneView:
    index: int
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class ScaleView:
    """One zoom level: `id` for its element, `title` for its button, what it draws."""

    id: str
    title: str
    close: bool
    segments: tuple[SegmentView, ...]
    breaks: tuple[BreakView, ...]
    entries: tuple[Entry, ...]
    columns: int
    height: float
    lanes: tuple[LaneView, ...]


@dataclass(frozen=True, slots=True)
class Cast:
    """Whom a drawing may name: `cast` (None for anyone), and `own`, who gets no lane."""

    own: str | None
    cast: frozenset[str] | None

    def names(self, slug: str) -> bool:
        return self.cast is None or slug in self.cast


@dataclass(frozen=True, slots=True)
class TimeScale:
    """The views a layout draws: `views[0]` the whole story, then the close ones."""

    name: str
    views: tuple[ScaleView, ...]
    offset: int  # minutes east of UTC of the clock its ticks read (and dates without a zone)


def span_of(event: EventView, offset: int = 0) -> Span:
    """The minutes an event stands for, in UTC: a date with no zone (a day, or a time where
    the site has no timezone) is taken as read in the clock of the view, `offset`."""
    end = event.end or event.date
    return Span(event.slug, event.date.span[0] - (offset if event.date.offset is None else 0),
                end.span[1] - (offset if end.offset is None else 0))


def shape_of(event: EventView) -> str:
    if event.end is not None:
        return "range"
    return "instant" if event.date.precision == "time" else "stretch"


def time_scale(events: list[EventView], name: str = "ts", own: str | None = None,
               cast: frozenset[str] | None = None, words: Words | None = None) -> TimeScale | None:
    """The scaled timeline of the events (story order), or None for none; `name` prefixes
    the ids of its views, one timeline to a page; `own`, the actor whose timeline it is, who
    needs no lane (every event is theirs); `cast`, the only actors it may name (an article's
    who's who), or None for all."""
    if not events:
        return None
    offset = _clock(events)
    spans = [span_of(e, offset) for e in events]
    who = Cast(own, cast)
    said = Said(words)
    views = [_view(f"{name}-all", said.whole_story, events, spans, offset, False, who, said)]
    every_run = timescale.runs(spans)
    runs = [run for run in every_run if len(run) > 1]
    # One run is drawn as close as it needs, but a busy day or two: seen close, hour by hour.
    if len(every_run) > 1 or (runs and len(runs[0]) > 2 and _lasts_days(runs[0]) <= CLOSE_DAYS):
        busiest = sorted(runs, key=lambda run: -len(run))[:MAX_CLOSE]
        for run in sorted(busiest, key=lambda run: run[0].start):
            keys = {s.key for s in run}
            chosen = [e for e in events if e.slug in keys]
            caption = _caption(run, offset, words)
            views.append(_view(f"{name}-{len(views)}", caption, chosen,
                               [s for s in spans if s.key in keys], offset, True, who, said))
    return TimeScale(name, tuple(views), offset)


class Said:
    """What a time scale says in words, in the page's language (English without `words`)."""

    def __init__(self, words: Words | None):
        self.words = words
        self.whole_story = words.text("timescale.whole_story") if words else "Whole story"

    def tick(self, tick: Tick) -> Tick:
        """The tick, its label in the language: ticks are labelled in English where drawn."""
        if self.words is None or not is_local(self.words):
            return tick
        return replace(tick, label=tick_label(tick.minute, tick.label, self.words))


def _lasts_days(run: list[Span]) -> float:
    return (max(s.end for s in run) + 1 - min(s.start for s in run)) / 1440


def _view(id_: str, title: str, events: list[EventView], spans: list[Span], offset: int,
          close: bool, who: Cast, said: Said) -> ScaleView:
    drawing: Drawing = timescale.draw(spans, close=close, offset=offset)
    by_slug = {e.slug: e for e in events}
    lanes = _lanes(events, who)
    lane_of = {lane.slug: lane.index for lane in lanes}
    entries = []
    span_by_slug = {span.key: span for span in spans}
    for mark in drawing.marks:
        event = by_slug[mark.key]
        span = span_by_slug[mark.key]
        slugs = [a.slug for a in event.actors if who.names(a.slug)]
        entries.append(Entry(event, mark, shape_of(event),
                             event.date.approximate or bool(event.end and event.end.approximate),
                             span.start, span.end, " ".join(slugs),
                             tuple(sorted({lane_of[s] for s in slugs if s in lane_of})),
                             round(mark.top, 3), round(mark.length, 3), round(mark.label_top, 3),
                             (round(mark.top * 10, 3), round((mark.label_top + ANCHOR) * 10, 3))))
    runs = timescale.runs(spans)
    segments = tuple(SegmentView(segment, _caption(run, offset, said.words), round(segment.top, 3),
                                 round(segment.length, 3), round(segment.top - CAPTION, 3),
                                 tuple((said.tick(tick), round(tick.at - segment.top, 3))
                                       for tick in segment.ticks))
                     for segment, run in zip(drawing.segments, runs, strict=True))
    breaks = tuple(BreakView(gap, gap_text(gap.minutes, said.words)) for gap in drawing.breaks)
    return ScaleView(id_, title, close, segments, breaks, tuple(entries), drawing.columns,
                     drawing.height, lanes)


def _lanes(events: list[EventView], who: Cast) -> tuple[LaneView, ...]:
    """The actors in most of the events, a lane each (ties by name), but the page's own."""
    counts: Counter[str] = Counter()
    actors: dict[str, ActorView] = {}  # the first view of each: names read once an actor
    for event in events:
        for slug, actor in {a.slug: a for a in event.actors}.items():  # once an event each
            if slug != who.own and who.names(slug):
                counts[slug] += 1
                actors.setdefault(slug, actor)
    chosen = sorted(counts, key=lambda slug: (-counts[slug], actors[slug].name.casefold()))
    return tuple(LaneView(i, actors[slug].name, slug) for i, slug in enumerate(chosen[:LANE_LIMIT]))


def _clock(events: list[EventView]) -> int:
    """The offset most of the dates were written in (0 where none says): ticks read in it."""
    offsets = Counter(e.date.offset for e in events if e.date.offset is not None)
    return offsets.most_common(1)[0][0] if offsets else 0


def _day(minute: int) -> When:
    day = dt.date.fromordinal(minute // 1440)
    return When(day.year, day.month, day.day)


def _caption(run: list[Span], offset: int, words: Words | None = None) -> str:
    """The days a stretch covers, in the clock its ticks read: `23–24 June 2023`."""
    first = min(s.start for s in run) + offset
    last = max(s.end for s in run) + offset
    return date_span(_day(first), _day(last), words).text


def gap_text(minutes: int, words: Words | None = None) -> str:
    """How long a break leaves out, roughly: `2 years later`, `1 year, 6 months later`; in the
    words of `words`' language (`timescale.years`..., `timescale.later`) where given."""
    count = _count if words is None else (lambda n, unit: words.text(f"timescale.{unit}s", n=n))
    days = minutes // 1440
    years, months = days // 365, (days % 365) // 30
    if years >= 2:
        parts = [count(years, "year")]
    elif years == 1:
        parts = [count(1, "year")] + ([count(months, "month")] if months else [])
    elif months:
        parts = [count(months, "month")]
    elif days:
        parts = [count(days, "day")]
    else:
        parts = [count(max(minutes // 60, 1), "hour")]
    if words is None:
        return ", ".join(parts) + " later"
    return words.text("timescale.later", span=", ".join(parts))


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
