"""How dates read on pages: one date, a range in parts, and items grouped by year.

Views, maps and the layouts' `date` and `daterange` filters all write dates through here,
so a date reads the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

T = TypeVar("T")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def format_date(value: dt.date | int | None) -> str:
    """`24 June 2023`; a bare year stays a year."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date or a range, in parts, so that each end can have its own <time datetime>."""

    start: dt.date
    end: dt.date | None  # None for a single day
    start_text: str  # `23`, `30 June` or a full date: what the end does not repeat
    end_text: str
    separator: str  # "–" within a month, " – " across months

    @property
    def text(self) -> str:
        return self.start_text + self.separator + self.end_text


def date_span(start: dt.date, end: dt.date | None) -> DateSpan:
    if end is None or end == start:
        return DateSpan(start, None, format_date(start), "", "")
    if (start.year, start.month) == (end.year, end.month):
        return DateSpan(start, end, str(start.day), format_date(end), "–")
    if start.year == end.year:
        return DateSpan(start, end, f"{start.day} {MONTHS[start.month - 1]}", format_date(end), " – ")
    return DateSpan(start, end, format_date(start), format_date(end), " – ")


def format_range(start: dt.date, end: dt.date | None) -> str:
    """`23–24 June 2023`, `30 June – 2 July 2023`, or one date."""
    return date_span(start, end).text


class YearGroup(NamedTuple):
    """Items of one year, for `{% for year, items in groups %}`."""

    year: int
    items: list


def group_by_year(items: Iterable[T], date_of: Callable[[T], dt.date]) -> list[YearGroup]:
    """Items already in date order, grouped by the year each starts in."""
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(date_of(item).year, []).append(item)
    return [YearGroup(year, found) for year, found in groups.items()]
