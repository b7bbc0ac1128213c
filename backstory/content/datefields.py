"""Reading a date from front matter at the precision it is written, or saying exactly why not.

Accepted: `1994`, `2020-08`, `2023-06-24`, `2023-06-24 09:30` (or `T09:30`), either with a UTC
offset (`+03:00`, `Z`) or an IANA zone (`Europe/Moscow`), `2023-06-24 morning` (afternoon,
evening, night), and `c. ` (or `circa `) in front of any of them for a guess. A time written
without a zone takes the site's `timezone:`, if it has one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

from ..errors import did_you_mean
from .values import kind_of
from .when import PARTS, When

FORMS = ("1994, 2020-08, 2023-06-24, 2023-06-24 09:30, 2023-06-24 09:30 +03:00, "
         "2023-06-24 09:30 Europe/Moscow or 2023-06-24 morning (or afternoon, evening, night); "
         "put `c.` in front of a guess: c. 1994")
_GUESS = re.compile(r"(?:c\.|circa)\s*", re.IGNORECASE)
_SHAPE = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2})"
    r"(?:(?:[T ]|\s+)(?:(?P<part>[A-Za-z]+)|(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{1,2})"
    r"(?::(?P<second>[0-9]{1,2}))?\s*(?P<zone>Z|UTC|[+-][0-9]{2}:?[0-9]{2}|[A-Za-z][\w+-]*(?:/[\w+-]+)+)?))?)?)?",
    re.ASCII)


class DateProblem(ValueError):
    """Why a value is not a date (worded to follow the field's name: "'date' must be a date
    like ..."), and how to write it."""

    def __init__(self, message: str, hint: str = f"write one of: {FORMS}"):
        super().__init__(message)
        self.message, self.hint = message, hint


def read_when(value: object, default_zone: str | None = None) -> When:
    """The When a front-matter value means; raises DateProblem. YAML has already turned
    `2023-06-24` into a date and `1994` into a number; anything else arrives as text."""
    if isinstance(value, bool):
        raise DateProblem(f"must be a date like 2023-06-24, not '{value}'")
    if isinstance(value, int):
        return _checked(value, None, None, None, None, None, False, default_zone)
    if isinstance(value, dt.datetime):
        if value.second or value.microsecond:
            raise _seconds(value.isoformat(sep=" "))
        offset = value.utcoffset()  # minutes east of UTC, where YAML read an offset
        zone = None if offset is None else round(offset.total_seconds() / 60)
        return _checked(value.year, value.month, value.day, value.hour, value.minute, zone,
                        False, default_zone, written=value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return When(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise DateProblem("must be a date like 2023-06-24, not " + (
            f"'{str(value)[:40]}'" if isinstance(value, float) else kind_of(value)))
    text = " ".join(value.split())
    guess = _GUESS.match(text)
    body = text[guess.end():] if guess else text
    found = _SHAPE.fullmatch(body)
    if found is None:
        raise _unreadable(text, body)
    parts = found.groupdict()
    for name, width in (("month", 2), ("day", 2), ("hour", 2), ("minute", 2)):
        if parts[name] is not None and len(parts[name]) != width:
            raise DateProblem(f"needs two digits in its {name}: '{text}'",
                              f"write {_two_digits(parts, bool(guess))}; accepted forms: {FORMS}")
    if parts["second"] is not None and int(parts["second"]):
        raise _seconds(text)
    part = parts["part"]
    if part in ("Z", "UTC"):
        raise _unreadable(text, body[:10] + " +00:00")
    if part is not None:
        part = part.lower()
        if part not in PARTS:
            raise DateProblem(f"names no part of the day Backstory knows: '{part}'",
                              did_you_mean(part, tuple(PARTS))
                              or f"a part of the day is one of: {', '.join(PARTS)}")
    number = {name: int(parts[name]) if parts[name] is not None else None
              for name in ("year", "month", "day", "hour", "minute")}
    return _checked(number["year"], number["month"], number["day"], number["hour"],
                    number["minute"], parts["zone"], bool(guess), default_zone, part=part,
                    written=text)


def _checked(year: int, month: int | None, day: int | None, hour: int | None,
             minute: int | None, zone: str | int | None, approximate: bool, default_zone: str | None,
             part: str | None = None, written: str | None = None) -> When:
    written = written or str(year)
    if not 1 <= year <= 9999:
        raise DateProblem(f"is not a year Backstory can show: '{written}'", "write a year of four digits")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem(f"names no month of the year: '{written}'", "months run from 01 to 12")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as error:
            raise DateProblem(f"is not a day of the calendar: {written} ({error})",
                              "check the month and the day") from None
    if hour is not None and (hour > 23 or minute > 59):
        raise DateProblem(f"is not a time of day: '{written}'", "write hours 00 to 23 and minutes 00 to 59")
    moment = None if hour is None else hour * 60 + minute
    if moment is None:
        if part is None or default_zone is None:
            return When(year, month, day, None, part, None, None, approximate)
        # A part of a day is in the site's zone too, so it sorts rightly against times there.
        name, offset = _zone(default_zone, dt.datetime(year, month, day, 12), written)
        return When(year, month, day, None, part, offset, name, approximate)
    local = dt.datetime(year, month, day, hour, minute)
    name, offset = _zone(zone if zone is not None else default_zone, local, written)  # 0 is UTC
    return When(year, month, day, moment, None, offset, name, approximate)


def _zone(zone: str | int | None, local: dt.datetime, written: str) -> tuple[str | None, int | None]:
    """(IANA name or None, minutes east of UTC) of a zone or offset as written, or of an
    offset YAML has already read (minutes)."""
    if isinstance(zone, int) and abs(zone) > 18 * 60:  # YAML reads any offset in a timestamp
        raise DateProblem(f"has an offset from UTC that no place has: '{written}'",
                          "offsets run from -18:00 to +18:00")
    if zone is None or isinstance(zone, int):
        return None, zone
    if zone in ("Z", "UTC"):
        return None, 0
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours * 60 + minutes > 18 * 60 or minutes > 59:
            raise DateProblem(f"has an offset from UTC that no place has: '{written}'",
                              "offsets run from -18:00 to +18:00")
        return None, (hours * 60 + minutes) * (1 if zone[0] == "+" else -1)
    try:
        info = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DateProblem(f"names an unknown time zone: '{zone}'", zone_hint(zone)) from None
    placed = local.replace(tzinfo=info)
    if placed.astimezone(dt.UTC).astimezone(info).replace(tzinfo=None) != local:
        raise DateProblem(f"names a time the clocks skipped in {zone}: '{written}'",
                          "the clocks went forward that night; check the time, or give it with "
                          "its offset from UTC (+03:00)")
    return zone, round(placed.utcoffset().total_seconds() / 60)


@functools.cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def check_zone(zone: str) -> str | None:
    """Why `zone` (site.yaml's `timezone:`) is not a zone, or None."""
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone '{zone}'"
    return None


def zone_hint(zone: str, offsets: bool = True) -> str:
    """Names close to `zone`; else how to write one (site.yaml takes names only)."""
    return did_you_mean(zone, _zone_names()) or (
        "write a zone such as Europe/Moscow (the IANA name)"
        + (", or an offset such as +03:00" if offsets else "; an offset belongs to a single time"))


def _two_digits(parts: dict, guess: bool) -> str:
    """The value as written, each number at its width: 2021-3-23 9:05 -> 2021-03-23 09:05."""
    text = ("c. " if guess else "") + parts["year"]
    for name, joint in (("month", "-"), ("day", "-"), ("hour", " "), ("minute", ":")):
        if parts[name] is not None:
            text += f"{joint}{int(parts[name]):02}"
    if parts["part"] is not None:
        text += f" {parts['part']}"
    return text + (f" {parts['zone']}" if parts["zone"] else "")


def _seconds(text: str) -> DateProblem:
    return DateProblem(f"has seconds, which Backstory does not keep: '{text}'",
                       "write the time in hours and minutes, e.g. 07:40, so that nothing is lost")


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")


def _in_words(text: str) -> str | None:
    """`November 1991` -> 1991-11, `24 June 2023` and `June 24, 2023` -> 2023-06-24."""
    words = text.replace(",", " ").replace(".", " ").lower().split()
    months = [n for n, word in enumerate(words) if len(word) >= 3
              and any(name.startswith(word) for name in _MONTHS)]
    numbers = [word for word in words if word.isdigit()]
    if len(months) != 1 or len(words) != len(numbers) + 1 or not numbers or len(numbers[-1]) != 4:
        return None
    month = next(n for n, name in enumerate(_MONTHS, 1) if name.startswith(words[months[0]]))
    if len(numbers) == 1:
        return f"{numbers[0]}-{month:02}"
    if len(numbers) == 2 and len(numbers[0]) <= 2:
        try:  # 31 June is no day to suggest
            return dt.date(int(numbers[1]), month, int(numbers[0])).isoformat()
        except ValueError:
            return None
    return None


def _unreadable(text: str, body: str) -> DateProblem:
    """Why `text` (`body` without its `c. `) is no date, as exactly as can be told."""
    if (iso := _in_words(body)) is not None:
        guess = text[: len(text) - len(body)]
        return DateProblem(f"must be a date like 2023-06-24, not '{text[:40]}'",
                           f"write {guess}{iso}; accepted forms: {FORMS}")
    if re.fullmatch(r"\d{1,2}[./ -]\d{1,2}[./ -]\d{2,4}", body):
        return DateProblem(f"does not say which number is the day: '{text}'",
                           f"write the year first, as YEAR-MONTH-DAY; accepted forms: {FORMS}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}\s*(?:Z|UTC|[+-]\d{2}:?\d{2}|[A-Za-z][\w+-]*(?:/[\w+-]+)+)", body):
        return DateProblem(f"has a zone or offset but no time of day: '{text}'",
                           "write the time before it, e.g. 2023-06-24 09:30 Europe/Moscow, or "
                           "leave the zone out")
    return DateProblem(f"must be a date like 2023-06-24, not '{text[:40]}'")
