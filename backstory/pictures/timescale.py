"""Time drawn to scale, as geometry over plain spans of minutes: runs of time drawn linearly
(segments), long empty gaps between them cut out (breaks), ticks in a unit the data calls for,
and where each span's mark and label go. Pure: no views, no HTML (pages/timescales.py and
layouts/partials/timeline.html draw it).

The axis runs down the page at every width: a vertical strip needs no horizontal scrolling at
375 px, grows with the page like the list it sits beside, and its titles read across in full.
Every length is in rem, so the drawing grows with the reader's text size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LABEL = 4.75  # rem a label takes: a date of up to two lines and two lines of title
LABEL_GAP = 0.5  # rem between two labels
SLOT = LABEL + LABEL_GAP
ANCHOR = 0.65  # rem from a label's top to the middle of its date line, where its leader ends
MIN_SEGMENT = 6.0  # rem a segment takes at least, however little happens in it
CAPTION = 2.0  # rem above each segment for its caption ("23–24 June 2023")
BREAK = 2.5  # rem a break takes, besides the next segment's caption
TICK_GAP = 2.0  # rem between ticks at least: closer, their labels would touch
ZOOM_TICK = 2.0  # rem per tick in a close view: an hour of a busy day reads as an hour
ZOOM_TICKS = 48  # at most this many ticks of the close view's unit (two days of hours)
# A gap is a break when it is this many times a short step between starts (the lower
# quartile: a few long gaps must not make themselves usual) and this share of the whole:
# evenly spaced events never break, a busy day years after the rest always does.
BREAK_STEPS = 8
BREAK_SHARE = 0.1
PAD = 0.05  # share of a segment's time left empty at each end, so no mark sits on its edge
MIN_MINUTES = 60  # a segment lasts at least this long: an instant alone still has a scale

MINUTES_A_YEAR = 525_960  # 365.25 days
# Tick units, coarsest first: (name, about how many minutes, step of the calendar field).
UNITS = (
    ("10 years", 10 * MINUTES_A_YEAR, ("year", 10)),
    ("5 years", 5 * MINUTES_A_YEAR, ("year", 5)),
    ("year", MINUTES_A_YEAR, ("year", 1)),
    ("6 months", MINUTES_A_YEAR // 2, ("month", 6)),
    ("3 months", MINUTES_A_YEAR // 4, ("month", 3)),
    ("month", MINUTES_A_YEAR // 12, ("month", 1)),
    ("week", 7 * 1440, ("day", 7)),
    ("day", 1440, ("day", 1)),
    ("6 hours", 360, ("minute", 360)),
    ("3 hours", 180, ("minute", 180)),
    ("hour", 60, ("minute", 60)),
    ("15 minutes", 15, ("minute", 15)),
    ("5 minutes", 5, ("minute", 5)),
    ("minute", 1, ("minute", 1)),
)
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Span:
    """What is drawn: its first and last minute (inclusive, as When.span counts them)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Tick:
    minute: int  # in the clock the ticks are read in (UTC + offset)
    at: float  # rem from the drawing's top
    label: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of time drawn linearly: `start` at `top`, `end` (exclusive) at `top + length`."""

    start: int
    end: int
    top: float
    length: float
    unit: str
    ticks: tuple[Tick, ...]

    def at(self, minute: float) -> float:
        return self.top + (minute - self.start) / (self.end - self.start) * self.length

    @property
    def rem_per_minute(self) -> float:
        return self.length / (self.end - self.start)


@dataclass(frozen=True, slots=True)
class Break:
    """Time left out between two segments, drawn as a cut of a fixed height."""

    top: float
    height: float
    minutes: int  # how long nothing happens: from the last minute before to the first after


@dataclass(frozen=True, slots=True)
class Mark:
    """A span as drawn: its mark from `top` for `length` (0 for an instant), in bar `column`;
    its label at `label_top`, joined to the mark's start by a leader."""

    key: str
    segment: int
    top: float
    length: float
    column: int
    label_top: float


@dataclass(frozen=True, slots=True)
class Drawing:
    segments: tuple[Segment, ...]
    breaks: tuple[Break, ...]
    marks: tuple[Mark, ...]  # in the order of the spans given, sorted by start
    columns: int  # bar columns side by side, where marks overlap
    height: float


def runs(spans: list[Span]) -> list[list[Span]]:
    """The spans in runs, split where an empty gap is long against a short step between
    starts and against the whole; each run sorted by start."""
    ordered = sorted(spans, key=lambda s: s.start)  # stable: on one start, as given (story order)
    if len(ordered) < 2:
        return [ordered] if ordered else []
    steps = [b.start - a.start for a, b in zip(ordered, ordered[1:], strict=False)]
    whole = max(s.end for s in ordered) + 1 - ordered[0].start
    short_step = sorted(steps)[len(steps) // 4]
    least = max(BREAK_STEPS * short_step, BREAK_SHARE * whole, MIN_MINUTES)
    found, reach = [[ordered[0]]], ordered[0].end
    for span in ordered[1:]:
        if span.start - reach - 1 > least:
            found.append([])
        found[-1].append(span)
        reach = max(reach, span.end)
    return found


def extent(run: list[Span]) -> tuple[int, int]:
    """The minutes a run's segment covers (end exclusive): its spans with a margin."""
    first, last = min(s.start for s in run), max(s.end for s in run) + 1
    margin = max(int((last - first) * PAD), 15)
    first, last = first - margin, last + margin
    if last - first < MIN_MINUTES:
        middle = (first + last) // 2
        first, last = middle - MIN_MINUTES // 2, middle + MIN_MINUTES // 2
    return first, last


def tick_unit(minutes: int, length: float) -> str:
    """The finest unit whose ticks are at least TICK_GAP apart over `length` rem."""
    per_minute = length / minutes
    fitting = [name for name, size, _ in UNITS if size * per_minute >= TICK_GAP]
    return fitting[-1] if fitting else UNITS[0][0]


def close_length(minutes: int, count: int) -> float:
    """A close view's length: ZOOM_TICK per unit of the finest unit that gives at most
    ZOOM_TICKS ticks, and at least room for its labels."""
    for _name, size, _ in reversed(UNITS):
        if minutes / size <= ZOOM_TICKS:
            return max(minutes / size * ZOOM_TICK, count * SLOT, MIN_SEGMENT)
    return max(count * SLOT, MIN_SEGMENT)


def draw(spans: list[Span], close: bool = False, offset: int = 0) -> Drawing:
    """Segments, breaks and marks for the spans. `close`: a view of one busy stretch, given
    room by its own time (hours an hour apart) rather than by how many spans it holds.
    `offset`: minutes east of UTC of the clock ticks are read in."""
    segments: list[Segment] = []
    breaks: list[Break] = []
    marks: list[Mark] = []
    top, label_floor, reach = 0.0, 0.0, None
    for index, run in enumerate(runs(spans)):
        first, last = extent(run)
        if reach is not None:
            breaks.append(Break(top, BREAK, run[0].start - reach - 1))
            top += BREAK
        top += CAPTION
        minutes = last - first
        # One span alone gains nothing from room of its own: a day's 24 empty hours.
        length = close_length(minutes, len(run)) if close and len(run) > 1 \
            else max(MIN_SEGMENT, len(run) * SLOT)
        unit = tick_unit(minutes, length)
        segment = Segment(first, last, top, length, unit, ())
        segment = Segment(first, last, top, length, unit, tuple(
            Tick(m, segment.at(m - offset), label) for m, label in ticks(unit, first + offset,
                                                                           last + offset)))
        segments.append(segment)
        label_floor = max(label_floor, top - ANCHOR)
        for span in run:
            at = segment.at(span.start)
            label_top = max(at - ANCHOR, label_floor)
            label_floor = label_top + SLOT
            marks.append(Mark(span.key, index, at, (span.end + 1 - span.start) * segment.rem_per_minute
                              if span.end > span.start else 0.0, 0, label_top))
        # What is drawn next starts below this segment's axis and below its last label.
        top = max(top + length, label_floor - LABEL_GAP)
        reach = max(s.end for s in run)
    marks, columns = _in_columns(marks)
    return Drawing(tuple(segments), tuple(breaks), tuple(marks), columns, top)


DOT = 0.75  # rem an instant's dot takes on the axis


def _in_columns(marks: list[Mark]) -> tuple[list[Mark], int]:
    """Each mark in the first bar column free at its top, so overlapping marks stand side by
    side instead of over each other."""
    ends: list[float] = []
    placed = []
    for mark in marks:
        bottom = mark.top + max(mark.length, DOT)
        start = mark.top - (DOT / 2 if mark.length == 0 else 0)
        column = next((i for i, end in enumerate(ends) if end <= start), len(ends))
        if column == len(ends):
            ends.append(bottom)
        ends[column] = bottom
        placed.append(Mark(mark.key, mark.segment, mark.top, mark.length, column, mark.label_top))
    return placed, max(len(ends), 1)


def _moment(minute: int) -> dt.datetime:
    return dt.datetime.fromordinal(minute // 1440) + dt.timedelta(minutes=minute % 1440)


def _minute(moment: dt.datetime) -> int:
    return moment.toordinal() * 1440 + moment.hour * 60 + moment.minute


def ticks(unit: str, first: int, last: int) -> list[tuple[int, str]]:
    """Every tick of `unit` from `first` to `last` (minutes in the clock read), with its label:
    a year, a month (`Jan 2021` in January), a day (`24 Jun`), a time (`18:00`, or the day
    at midnight)."""
    field, step = next(calendar for name, _, calendar in UNITS if name == unit)
    # Only where the calendar has days: 1 January of year 1 to the end of 9999.
    first, last = max(first, 1440), min(last, _minute(dt.datetime(9999, 1, 1)))
    start = _moment(first)
    found: list[tuple[int, str]] = []
    if field == "year":
        year = -(-start.year // step) * step
        if dt.datetime(year, 1, 1) < start:
            year += step
        while (minute := _minute(dt.datetime(year, 1, 1))) < last:
            found.append((minute, str(year)))
            year += step
    elif field == "month":
        index = start.year * 12 + start.month - 1
        index += (-index) % step
        if dt.datetime(index // 12, index % 12 + 1, 1) < start:
            index += step
        while (minute := _minute(dt.datetime(index // 12, index % 12 + 1, 1))) < last:
            month = index % 12
            found.append((minute, f"{SHORT_MONTHS[month]} {index // 12}" if month == 0
                          else SHORT_MONTHS[month]))
            index += step
    else:
        size = step * (1440 if field == "day" else 1)
        minute = -(-first // size) * size
        while minute < last:
            moment = _moment(minute)
            day = f"{moment.day} {SHORT_MONTHS[moment.month - 1]}"
            found.append((minute, day if field == "day" or minute % 1440 == 0
                          else f"{moment.hour:02}:{moment.minute:02}"))
            minute += size
    return found
