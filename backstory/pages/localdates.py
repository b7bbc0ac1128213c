"""Dates in a language other than English, by Babel (CLDR's formats and interval separators):
`24 июня 2023 г.`, `июнь 2023 г.`, `23–24. Juni 2023`. dates.py keeps English as Backstory has
always written it and hands every other language here.

Each precision has its own form: a year is its number, a month CLDR's `yMMMM`, a day the
locale's long date, a part of a day the catalogue's words around the day (`date.morning`), a
time the day and the clock with its zone. `c.` is the catalogue's `date.about`.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date as babel_date
from babel.dates import format_skeleton

from ..content.when import When
from .words import Words

_SEPARATOR_CHARS = " \u00a0\u2009\u202f–—-"


def local_date(when: When, words: Words, clock: str) -> str:
    """One date at its precision; `clock` is the time with its zone, as dates.py makes it."""
    text = day_text(when, words)
    if when.part is not None:
        text = words.text(f"date.{when.part}", date=text)
    elif when.minute is not None:
        text = f"{text}, {clock}"
    return words.text("date.about", date=text) if when.approximate else text


def day_text(when: When, words: Words) -> str:
    if when.month is None:
        return str(when.year)
    if when.day is None:
        return format_skeleton("yMMMM", when.first_day, locale=words.locale)
    return babel_date(when.first_day, "long", locale=words.locale)


def start_of_range(start: When, end: When, words: Words) -> tuple[str, str] | None:
    """What the start of a range says that its end does not repeat, and the separator between
    them (`23`, `–`; `30 июня`, ` — `), or None when both ends are said whole."""
    if start.approximate or end.approximate or start.precision != end.precision:
        return None
    if start.precision == "year":
        return str(start.year), _separator(words, "y", "y")
    if start.year != end.year:
        return None
    if start.precision == "month":
        return babel_date(start.first_day, "LLLL", locale=words.locale), _separator(words, "yMMMM", "M")
    if start.precision != "day":
        return None  # times and parts of days: each end whole, in every language but English
    if start.month == end.month:
        pattern = _halves(words, "yMMMd", "d")
        first = pattern[0].rstrip(_SEPARATOR_CHARS) if pattern else "d"
        return babel_date(start.first_day, first, locale=words.locale), _separator(words, "yMMMd", "d")
    return format_skeleton("MMMMd", start.first_day, locale=words.locale), _separator(words, "yMMMd", "M")


def whole_separator(words: Words) -> str:
    """Between two whole dates: the locale's own (` – `, ` — `)."""
    fallback = words.locale.interval_formats.get(None) or "{0} – {1}"
    return fallback.replace("{0}", "").replace("{1}", "")


def _halves(words: Words, skeleton: str, greatest: str) -> list[str] | None:
    formats = words.locale.interval_formats.get(skeleton) or {}
    found = formats.get(greatest)
    return list(found) if found else None


def _separator(words: Words, skeleton: str, greatest: str) -> str:
    halves = _halves(words, skeleton, greatest)
    if not halves:
        return "–"
    first = halves[0]
    return first[len(first.rstrip(_SEPARATOR_CHARS)):] or "–"


_TICK_MONTH = re.compile(r"^[A-Z][a-z]{2}$")  # Jun
_TICK_YEAR_START = re.compile(r"^[A-Z][a-z]{2} \d+$")  # Jan 2023: a year's first month
_TICK_DAY = re.compile(r"^\d+ [A-Z][a-z]{2}$")  # 24 Jun


def tick_label(minute: int, english: str, words: Words) -> str:
    """A time scale's tick label in the language, from the minute it marks (its clock's) and
    the kind of label drawing gave it in English: a year and a time of day stay as they are."""
    moment = dt.datetime.fromordinal(minute // 1440)
    if _TICK_DAY.match(english):
        return format_skeleton("MMMd", moment, locale=words.locale)
    if _TICK_YEAR_START.match(english):
        return format_skeleton("yMMM", moment, locale=words.locale)
    if _TICK_MONTH.match(english):
        return babel_date(moment, "LLL", locale=words.locale)
    return english


def parts_of_one_day(start: When, end: When, words: Words) -> tuple[str, str] | None:
    """`24 июня 2023 г., с утра`, `до вечера`: a range from one part of a day to another, the
    day said once, where the language's catalogue words both ends (`date.from.morning`,
    `date.until.evening`); None otherwise (each end said whole)."""
    if start.precision != "part" or end.precision != "part" or start.first_day != end.first_day \
            or start.approximate or end.approximate:
        return None
    since, until = f"date.from.{start.part}", f"date.until.{end.part}"
    if since not in words.messages or until not in words.messages:
        return None
    return f"{day_text(start, words)}, {words.text(since)}", words.text(until)
