"""A moment as precisely as the reporter knows it: a year, a month, a day, a part of a day or a
time of day (with its zone), perhaps only a guess; and how it sorts and what it is in ISO 8601.

Nothing is padded: `2020-08` stays a month, shown as a month and sorted at its start. How a
When reads on a page is pages/dates.py's job; reading one from front matter is when_of()'s
(content/dates.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

# Where a part of a day sorts (minutes after midnight) and how long it lasts, for story order.
PARTS = {"morning": (360, 360), "afternoon": (720, 360), "evening": (1080, 180), "night": (1260, 180)}
_RANK = {"year": 0, "month": 1, "day": 2, "part": 3, "time": 4}  # coarser first on one start


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class When:
    year: int
    month: int | None = None
    day: int | None = None
    minute: int | None = None  # minutes after local midnight, where a time of day is known
    part: str | None = None  # "morning", "afternoon", "evening" or "night": all the source says
    offset: int | None = None  # minutes east of UTC, where a zone applies to a time or a part of a day
    zone: str | None = None  # an IANA zone (Europe/Moscow) as written or the site's; None for an offset
    approximate: bool = False  # written `c. 1994`: a guess

    @property
    def precision(self) -> str:
        if self.minute is not None:
            return "time"
        if self.part is not None:
            return "part"
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def span(self) -> tuple[int, int]:
        """The first and last minute this may mean, counted from 1 January of year 1 (in UTC
        where a zone is known): what `led_to` may not contradict."""
        start = self.first_day.toordinal() * 1440
        if self.minute is not None:
            at = start + self.minute - (self.offset or 0)
            return at, at
        if self.part is not None:
            begin, length = PARTS[self.part]
            begin -= self.offset or 0
            return start + begin, start + begin + length - 1
        return start, (self.last_day.toordinal() + 1) * 1440 - 1

    @property
    def key(self) -> tuple[int, int]:
        """Story order: by the start at the best known precision; on one start, coarser first
        (a month before the events of its first day)."""
        return self.span[0], _RANK[self.precision]

    def __lt__(self, other: When) -> bool:  # comparable as dates were, in layouts' sort()
        return self.key < other.key

    @property
    def time_text(self) -> str:
        """`09:30`, or "" without a time of day."""
        return "" if self.minute is None else f"{self.minute // 60:02}:{self.minute % 60:02}"

    @property
    def offset_text(self) -> str:
        """`+03:00`, `Z`, or "" where no zone applies."""
        if self.offset is None:
            return ""
        if self.offset == 0:
            return "Z"
        sign, size = ("+" if self.offset > 0 else "-"), abs(self.offset)
        return f"{sign}{size // 60:02}:{size % 60:02}"

    def isoformat(self) -> str:
        """ISO 8601 at its precision, valid in HTML's <time datetime> too: `1994`, `2020-08`,
        `2023-06-24`, `2023-06-24T09:30+03:00` (`2023-06-24T09:30` where no zone is known). A
        part of a day is the day; a guess is the value guessed."""
        text = f"{self.year:04}"
        if self.month is not None:
            text += f"-{self.month:02}"
        if self.day is not None:
            text += f"-{self.day:02}"
        if self.minute is not None:
            text += f"T{self.time_text}{self.offset_text}"
        return text

    def rfc3339(self) -> str:
        """A full RFC 3339 timestamp, as Atom needs one: a value known to the day or less is its
        first moment, in UTC unless a zone is known (docs/writing.md, "Dates and times")."""
        if self.minute is not None:
            return f"{self.first_day.isoformat()}T{self.time_text}:00{self.offset_text or 'Z'}"
        return f"{self.first_day.isoformat()}T00:00:00Z"

    def w3c(self) -> str:
        """A W3C datetime, as sitemaps take: at its precision, a time only with its zone."""
        if self.minute is not None and self.offset is None:
            return self.first_day.isoformat()
        return self.isoformat()

    def __str__(self) -> str:
        """As an author writes it: `c. 1994`, `2023-06-24 09:30 Europe/Moscow`."""
        text = ("c. " if self.approximate else "") + self.isoformat()[:10]
        if self.part is not None:
            text += f" {self.part}"
        if self.minute is not None:
            zone = f" {self.zone or self.offset_text}" if self.offset is not None else ""
            text += f" {self.time_text}{zone}"
        return text


UNKNOWN = When(1, 1, 1)  # a date that did not read (reported where it is written): no order to check

