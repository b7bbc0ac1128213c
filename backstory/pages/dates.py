"""How dates read on pages: one date, a range in parts, and items grouped by year.

Views, maps and the layouts' `date` and `daterange` filters all write dates through here,
so a date reads the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from ..content.when import When
from .localdates import local_date, parts_of_one_day, start_of_range, whole_separator
from .words import FALLBACK, Words, base_language

T = TypeVar("T")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def format_date(value: When | dt.date | int | None, words: Words | None = None) -> str:
    """Every date a reader sees, at the precision it was written: `1994`, `c. 1994`,
    `August 2020`, `24 June 2023`, `morning of 24 June 2023`, `24 June 2023, 09:30 MSK`; in
    `words`' language when it is not English (localdates.py)."""
    if value is None:
        return ""
    when = _as_when(value)
    if is_local(words):
        return local_date(when, words, _clock(when))
    text = _day_text(when)
    if when.part is not None:
        text = f"{when.part} of {text}"
    elif when.minute is not None:
        text += f", {_clock(when)}"
    return ("c. " if when.approximate else "") + text


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or a range, in parts, so that each end can have its own <time datetime>."""

    start: When
    end: When | None  # None for a single date
    start_text: str  # `23`, `30 June`, `June`, `09:30` or a whole date: what the end does not repeat
    end_text: str
    separator: str  # "–" between parts of one date, " – " between whole dates

    @property
    def text(self) -> str:
        return self.start_text + self.separator + self.end_text


def date_span(start: When | dt.date, end: When | dt.date | None, words: Words | None = None) -> DateSpan:
    """`23–24 June 2023`, `30 June – 2 July 2023`, `June–July 2021`, `1994–1996`,
    `24 June 2023, 09:30–18:00 MSK`, `23 March, 07:40 – 29 March 2021, 19:00 EET`,
    `morning–evening of 24 June 2023`, `evening of 23 June –
    evening of 24 June 2023`; any other pair as two whole dates."""
    start = _as_when(start)
    end = _as_when(end) if end is not None else None
    if end is None or end == start:
        return DateSpan(start, None, format_date(start, words), "", "")
    if is_local(words):
        one_day = parts_of_one_day(start, end, words)
        if one_day is not None:
            return DateSpan(start, end, one_day[0], one_day[1], " ")
        said = start_of_range(start, end, words)
        if said is None:
            return DateSpan(start, end, format_date(start, words), format_date(end, words),
                            whole_separator(words))
        return DateSpan(start, end, said[0], format_date(end, words), said[1])
    whole = DateSpan(start, end, format_date(start), format_date(end), " – ")
    if start.approximate or end.approximate or start.precision != end.precision:
        return whole
    if start.precision == "year":
        return DateSpan(start, end, str(start.year), str(end.year), "–")
    if start.precision == "month":
        if start.year != end.year:
            return whole
        return DateSpan(start, end, MONTHS[start.month - 1], format_date(end), "–")
    if start.precision == "time":
        # One zone said once only where both ends are in it: IST is India's and Ireland's.
        if (start.offset, start.zone) != (end.offset, end.zone) or start.year != end.year:
            return whole
        if start.first_day == end.first_day:  # 24 June 2023, 09:30–18:00 MSK
            return DateSpan(start, end, f"{_day_text(start)}, {start.time_text}", _clock(end), "–")
        # 23 March, 07:40 – 29 March 2021, 19:00 EET: the year and the zone said once
        return DateSpan(start, end, f"{start.day} {MONTHS[start.month - 1]}, {start.time_text}",
                        format_date(end), " – ")
    if start.precision == "part":
        if start.first_day == end.first_day:  # morning–evening of 24 June 2023
            return DateSpan(start, end, start.part, format_date(end), "–")
        if start.year == end.year:
            return DateSpan(start, end, f"{start.part} of {start.day} {MONTHS[start.month - 1]}",
                            format_date(end), " – ")
        return whole
    if (start.year, start.month) == (end.year, end.month):
        return DateSpan(start, end, str(start.day), format_date(end), "–")
    if start.year == end.year:
        return DateSpan(start, end, f"{start.day} {MONTHS[start.month - 1]}", format_date(end), " – ")
    return whole


def format_range(start: When | dt.date, end: When | dt.date | None, words: Words | None = None) -> str:
    """date_span() as one text."""
    return date_span(start, end, words).text


def is_local(words: Words | None) -> bool:
    """English (en, en-GB...) is written as Backstory always has (24 June 2023); other
    languages by Babel."""
    return words is not None and base_language(words.language) != FALLBACK


def _as_when(value: When | dt.date | int) -> When:
    if isinstance(value, When):
        return value
    if isinstance(value, int):
        return When(value)
    return When(value.year, value.month, value.day)


def _day_text(when: When) -> str:
    if when.month is None:
        return str(when.year)
    if when.day is None:
        return f"{MONTHS[when.month - 1]} {when.year}"
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _clock(when: When) -> str:
    """`09:30 MSK`, `09:30 UTC+3`, or `09:30` where no zone is known."""
    label = _zone_label(when)
    return f"{when.time_text} {label}" if label else when.time_text


def _zone_label(when: When) -> str:
    """The zone's abbreviation where it has a word for one (MSK, CEST), else `UTC+3`."""
    if when.offset is None:
        return ""
    if when.zone is not None:
        local = dt.datetime(when.year, when.month, when.day, when.minute // 60, when.minute % 60,
                            tzinfo=zoneinfo.ZoneInfo(when.zone))
        name = local.tzname() or ""
        if name.isalpha():
            return name
    if when.offset == 0:
        return "UTC"
    hours, minutes = divmod(abs(when.offset), 60)
    return f"UTC{'+' if when.offset > 0 else '-'}{hours}" + (f":{minutes:02}" if minutes else "")


class YearGroup(NamedTuple):
    """Items of one year, for `{% for year, items in groups %}`."""

    year: int
    items: list


def group_by_year(items: Iterable[T], date_of: Callable[[T], When]) -> list[YearGroup]:
    """Items already in date order, grouped by the year each starts in."""
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(date_of(item).year, []).append(item)
    return [YearGroup(year, found) for year, found in groups.items()]
