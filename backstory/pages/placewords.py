"""A place's words in the page's language: its kind, its coordinates, where its hover card says
it lies, and what its locator map says (the catalogues' `place_kind.*`, `coordinates.*`,
`locator.*` and `direction.*`), numbers written as the language writes them (Babel).

English is written as Backstory always has (`55.7558° N`, `1,200 km north-east`, a scale of
`1000 km`); without the page's words (a view made outside a build), in English too.
"""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol

from ..pictures.locator import COMPASS_POINTS, ENGLISH_LOCATOR, LocatorWords
from .dates import is_local
from .words import FALLBACK, Words

# The English of each message here, for a view made without words: layouts/messages/en.yaml
# says the same (tests/unit/test_place_words.py checks).
ENGLISH = {
    "card.place_in": "{kind} in {place}",
    "coordinates": "{latitude}, {longitude}",
    "coordinates.north": "{degrees} N",
    "coordinates.south": "{degrees} S",
    "coordinates.east": "{degrees} E",
    "coordinates.west": "{degrees} W",
    "locator.title": "Where {place} is",
    "locator.at": "{place}, at {coordinates}.",
    "locator.also_shown": "Also shown: {places}.",
    "locator.separator": "; ",
    "locator.listed": "{place}, {away}",
    "locator.tip": "{place}: {away}",
    "locator.away": "{distance} km {direction}",
    "locator.same_point": "at the same point",
    "locator.scale": "{distance} km",
    "locator.note": "Drawn from coordinates alone: the points are the site’s places; there are no "
                    "coastlines, rivers or borders.",
    **{f"direction.{point.replace('-', '_')}": point for point in COMPASS_POINTS},
}
HEMISPHERES = {"N": "north", "S": "south", "E": "east", "W": "west"}
_ENGLISH_LOCALE = Locale.parse(FALLBACK)


def said(words: Words | None, message_id: str, **values: str) -> str:
    """A message as plain text in the page's language; in English without words."""
    if words is not None and message_id in words.messages:
        return words.text(message_id, **values)
    return ENGLISH[message_id].format(**values)


def kind_label(kind: str | None, words: Words | None) -> str:
    """"City", "Waterway" (`place_kind.city`...): a place's kind as a heading says it, or
    "Place" (`place.kind`) when it says none."""
    message_id = f"place_kind.{kind}" if kind else "place.kind"
    if words is None or message_id not in words.messages:
        return (kind or "place").capitalize()
    return words.text(message_id)


def kind_within(kind: str, within: str | None, words: Words | None) -> str:
    """A place's hover card's role: `City in Russia`, or its kind alone."""
    return kind if within is None else said(words, "card.place_in", kind=kind, place=within)


def degrees(shown: str, hemisphere: str, words: Words | None) -> str:
    """`53.9° N` (`53,9° с. ш.`): `shown` the number as Python writes it, `hemisphere` one of
    N, S, E, W, or "" for none (0°)."""
    locale = words.locale if words is not None else _ENGLISH_LOCALE
    number = shown.replace(".", get_decimal_symbol(locale)) + "°"
    return said(words, f"coordinates.{HEMISPHERES[hemisphere]}", degrees=number) if hemisphere else number


def coordinates_text(latitude: float, longitude: float, words: Words | None) -> str:
    """`55.7558° N, 37.6173° E`, each to four decimals at most."""
    return said(words, "coordinates",
                latitude=degrees(_four(latitude), "N" if latitude >= 0 else "S", words),
                longitude=degrees(_four(longitude), "E" if longitude >= 0 else "W", words))


def _four(value: float) -> str:
    return f"{abs(value):.4f}".rstrip("0").rstrip(".")


def away(km: float, compass: str, words: Words | None) -> str:
    """How far and which way another place lies (`680 km east`), `compass` one of locator.py's
    eight points (`north-east`); `at the same point` under a kilometre."""
    if km < 1:
        return said(words, "locator.same_point")
    locale = words.locale if words is not None else _ENGLISH_LOCALE
    return said(words, "locator.away", distance=format_decimal(_round_km(km), locale=locale),
                direction=said(words, f"direction.{compass.replace('-', '_')}"))


def _round_km(km: float) -> int:
    """Distances as a reader says them: 12 km, 140 km, 680 km, 1,200 km."""
    digits = len(str(int(km)))
    return int(round(km, -max(digits - 2, 0)) if km >= 100 else round(km))


def locator_words(words: Words | None) -> LocatorWords:
    """What a locator map writes on itself (pictures/locator.py) in the page's language."""
    if words is None:
        return ENGLISH_LOCATOR

    def number(km: float) -> str:  # English's scale as it always was: 1000 km
        return format_decimal(km, locale=words.locale) if is_local(words) else f"{km:g}"

    return LocatorWords(lambda shown, hemisphere: degrees(shown, hemisphere, words),
                        lambda km: said(words, "locator.scale", distance=number(km)))
