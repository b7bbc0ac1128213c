"""The timeline drawn to scale, as geometry (pictures/timescale.py): positions proportional to
time inside a segment, long gaps cut out, lengths proportional to durations, ticks that follow
the data, and a date known only to the day drawn over its whole day."""

from __future__ import annotations

import pytest

from backstory.content.when import When
from backstory.pictures import timescale
from backstory.pictures.timescale import Span, draw, runs, tick_unit, ticks

HOUR, DAY = 60, 1440


def at(*args, **kwargs) -> tuple[int, int]:
    return When(*args, **kwargs).span


def span(key: str, start: When, end: When | None = None) -> Span:
    return Span(key, start.span[0], (end or start).span[1])


def marks_of(drawing) -> dict:
    return {mark.key: mark for mark in drawing.marks}


def test_inside_a_segment_position_is_proportional_to_time():
    base = When(2023, 6, 24, minute=0).span[0]
    spans = [Span(f"e{h}", base + h * HOUR, base + h * HOUR) for h in (0, 1, 3, 7, 8)]
    drawing = draw(spans)
    assert len(drawing.segments) == 1
    segment = drawing.segments[0]
    marks = marks_of(drawing)
    for h in (1, 3, 7, 8):
        moved = marks[f"e{h}"].top - marks["e0"].top
        assert moved == pytest.approx(h * HOUR * segment.rem_per_minute)
    # and time runs one way: later is lower
    tops = [marks[f"e{h}"].top for h in (0, 1, 3, 7, 8)]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_a_long_empty_gap_is_a_break_and_is_compressed():
    spans = [span("election", When(2020, 8, 9)), span("invasion", When(2022, 2, 24)),
             span("call", When(2023, 6, 24, part="morning")),
             span("deal", When(2023, 6, 24, part="evening")),
             span("mutiny", When(2023, 6, 23, part="evening"), When(2023, 6, 24, part="evening"))]
    drawing = draw(spans)
    assert [sorted(s.key for s in run) for run in runs(spans)] == [
        ["election"], ["invasion"], ["call", "deal", "mutiny"]]
    assert len(drawing.breaks) == 2
    first_gap = drawing.breaks[0]
    assert first_gap.minutes == When(2022, 2, 24).span[0] - When(2020, 8, 10).span[0]
    # A year and a half cut to a break's height, less than the single day before it is given.
    assert first_gap.height < drawing.segments[0].length
    # Had it been drawn at the scale of the busy day, it would be kilometres long.
    busy = drawing.segments[2]
    assert first_gap.minutes * busy.rem_per_minute > 100 * drawing.height
    # Segments and breaks follow one another without overlapping.
    edges = sorted([(s.top, s.top + s.length) for s in drawing.segments]
                   + [(b.top, b.top + b.height) for b in drawing.breaks])
    assert all(a_end <= b_start + 1e-9 for (_, a_end), (b_start, _) in zip(edges, edges[1:], strict=False))


def test_evenly_spaced_events_are_not_broken_up():
    spans = [span(f"m{month}", When(2021, month, 1)) for month in range(1, 13)]
    assert len(runs(spans)) == 1 and draw(spans).breaks == ()


def test_a_range_is_drawn_with_a_length_proportional_to_its_duration():
    base = When(2021, 3, 23, minute=0).span[0]
    spans = [Span("short", base, base + 2 * HOUR - 1), Span("long", base + HOUR, base + 7 * HOUR - 1),
             Span("instant", base + 3 * HOUR, base + 3 * HOUR)]
    marks = marks_of(draw(spans))
    assert marks["long"].length == pytest.approx(3 * marks["short"].length)
    assert marks["instant"].length == 0
    # The two overlap in time, so they stand side by side, not over each other.
    assert marks["short"].column != marks["long"].column


def test_a_day_precision_event_occupies_its_whole_day():
    day = When(2023, 6, 24)
    spans = [span("call", When(2023, 6, 24, part="morning")), span("thanks", day),
             span("turn", When(2023, 6, 24, minute=20 * 60))]
    drawing = draw(spans, close=True)
    segment, marks = drawing.segments[0], marks_of(drawing)
    assert marks["thanks"].top == pytest.approx(segment.at(day.span[0]))
    assert marks["thanks"].length == pytest.approx(DAY * segment.rem_per_minute)
    # not drawn as if it happened at midnight: it reaches past the evening's time
    assert marks["thanks"].top + marks["thanks"].length > marks["turn"].top
    assert marks["call"].length == pytest.approx(6 * HOUR * segment.rem_per_minute)


@pytest.mark.parametrize(("minutes", "length", "unit"), [
    (30 * 365 * DAY, 40.0, "5 years"),
    (10 * 365 * DAY, 25.0, "year"),
    (365 * DAY, 30.0, "month"),
    (14 * DAY, 30.0, "day"),
    (30 * HOUR, 24.0, "3 hours"),
    (30 * HOUR, 60.0, "hour"),
    (2 * HOUR, 30.0, "15 minutes"),
    (2 * HOUR, 60.0, "5 minutes"),
])
def test_tick_units_follow_the_data(minutes, length, unit):
    assert tick_unit(minutes, length) == unit
    # and the ticks are never closer than a label needs
    size = next(size for name, size, _ in timescale.UNITS if name == unit)
    assert size * length / minutes >= timescale.TICK_GAP


def test_a_busy_day_seen_close_is_hour_by_hour():
    spans = [span("mutiny", When(2023, 6, 23, part="evening"), When(2023, 6, 24, part="evening")),
             span("call", When(2023, 6, 24, part="morning")),
             span("deal", When(2023, 6, 24, part="evening"))]
    whole, close = draw(spans), draw(spans, close=True)
    assert close.segments[0].unit == "hour"
    assert whole.segments[0].unit != "hour"
    hours = list(close.segments[0].ticks)
    assert all(b.minute - a.minute == HOUR for a, b in zip(hours, hours[1:], strict=False))
    assert {"18:00", "24 Jun", "06:00", "12:00"} <= {t.label for t in hours}


def test_ticks_sit_on_calendar_boundaries():
    first, last = When(2019, 11, 15).span[0], When(2021, 2, 1).span[0]
    assert [label for _, label in ticks("year", first, last)] == ["2020", "2021"]
    assert [label for _, label in ticks("3 months", first, last)] == ["Jan 2020", "Apr", "Jul", "Oct",
                                                                       "Jan 2021"]
    days = ticks("day", When(2023, 6, 23, minute=18 * 60).span[0], When(2023, 6, 26).span[0])
    assert [label for _, label in days] == ["24 Jun", "25 Jun"]
    assert all(minute % DAY == 0 for minute, _ in days)


def test_labels_never_overlap_and_keep_story_order():
    base = When(2023, 6, 24, minute=0).span[0]
    spans = [Span(f"e{i}", base + i, base + i) for i in range(12)]  # twelve in twelve minutes
    drawing = draw(spans)
    tops = [mark.label_top for mark in drawing.marks]
    assert all(b - a >= timescale.LABEL for a, b in zip(tops, tops[1:], strict=False))
    assert drawing.height >= tops[-1] + timescale.LABEL


def test_an_instant_alone_still_has_a_scale():
    drawing = draw([Span("only", 1000, 1000)])
    segment = drawing.segments[0]
    assert segment.end - segment.start >= timescale.MIN_MINUTES
    assert segment.top <= drawing.marks[0].top <= segment.top + segment.length
    assert draw([]).marks == ()


@pytest.mark.parametrize(("minutes", "text"), [
    (2 * 365 * DAY + 40 * DAY, "2 years later"),
    (365 * DAY + 190 * DAY, "1 year, 6 months later"),
    (365 * DAY + 3 * DAY, "1 year later"),
    (40 * DAY, "1 month later"),
    (9 * DAY + 5 * HOUR, "9 days later"),
    (5 * HOUR, "5 hours later"),
    (20, "1 hour later"),
])
def test_a_break_says_roughly_how_long_it_leaves_out(minutes, text):
    from backstory.pages.timescales import gap_text

    assert gap_text(minutes) == text
