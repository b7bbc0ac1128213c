"""A place's front matter: its name, kind, coordinates and the larger place it lies in, and an
event's `place:`, which is a reference when written as a slug (docs/writing.md, "Places")."""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import did_you_mean
from .fields import Fields, names_of
from .fieldtable import field_names, required_example
from .images import image_field
from .model import PLACE_KINDS, Place, Ref
from .sources import SLUG_PATTERN
from .values import kind_of

_EXAMPLE = "coordinates: [47.2357, 39.7015]"
_AXES = (("latitude", 90, "N", "S", "latitudes run from -90 (the South Pole) to 90 (the North Pole)"),
         ("longitude", 180, "E", "W", "longitudes run from -180 to 180, east of Greenwich positive"))
_HEMISPHERE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*°?\s*([NSEW])\s*", re.IGNORECASE)


def place_record(f: Fields, common: dict, config: object = None) -> Place:
    """A place from its front matter, every problem reported where it is written (the site's
    settings, which actors and articles read by, change nothing here)."""
    f.check_known(field_names("places"), "places")
    name = f.text("name", required_example("places", "name"))
    kind = f.text("kind")
    if kind is not None and kind not in PLACE_KINDS:
        f.error(("kind",), f"unknown place kind '{kind}'",
                did_you_mean(kind, PLACE_KINDS) or f"kinds are: {', '.join(PLACE_KINDS)}")
        kind = None
    places, aliases, forms = names_of(f, "name", name)
    return Place(name=name or "", kind=kind,
                 summary=f.text("summary", required_example("places", "summary")) or "",
                 aliases=aliases, forms=forms, name_places=places,
                 coordinates=coordinates(f, "coordinates"), within=slug_ref(f, "within", "places"),
                 image=image_field(f, "image"), **common)


def slug_ref(f: Fields, key: str, expects: str) -> Ref | None:
    """A field that names one page by its slug, or None (absent, or reported)."""
    value = f.text(key)
    if value is None:
        return None
    if not SLUG_PATTERN.fullmatch(value):
        f.error((key,), f"'{key}' must be the slug of a place, not '{value}'",
                f"write the name of its file without .md, e.g. `{key}: russia`")
        return None
    return Ref(value, f.position((key,)), key, None, expects)


def event_place(f: Fields) -> tuple[str | None, Ref | None]:
    """An event's `place:` as written, and a reference when it is a slug (`rostov-on-don`):
    anything else (`Rostov-on-Don, Russia`) is free text, shown as it is."""
    text = f.text("place")
    if text is None or not SLUG_PATTERN.fullmatch(text):
        return text, None
    return text, Ref(text, f.position(("place",)), "place", None, "places")


def coordinates(f: Fields, key: str) -> tuple[float, float] | None:
    """`[latitude, longitude]` or `{latitude: .., longitude: ..}` in decimal degrees."""
    value = f.data.get(key)
    if value is None:
        return None
    listed = isinstance(value, list) and len(value) == 2
    if listed:
        paths = ((key, 0), (key, 1))
        numbers = value
    elif isinstance(value, dict) and set(map(str, value)) == {"latitude", "longitude"}:
        paths = ((key, "latitude"), (key, "longitude"))
        numbers = [value["latitude"], value["longitude"]]
    else:
        f.error((key,), f"'{key}' must be a latitude and a longitude, not {_shape(value)}",
                f"write them in decimal degrees, north and east positive: `{_EXAMPLE}` or\n"
                f"    {key}:\n      latitude: 47.2357\n      longitude: 39.7015")
        return None
    read: list[float] = []
    for path, number, (axis, limit, plus, minus, extent) in zip(paths, numbers, _AXES, strict=True):
        if isinstance(number, bool) or not isinstance(number, (int, float)) \
                or not math.isfinite(number):
            what = "an endless or undefined number" if isinstance(number, float) else kind_of(number)
            f.error(path, f"the {axis} must be a finite number of degrees, not {what}",
                    _signed_hint(number, axis, plus, minus)
                    or f"write decimal degrees, {_WORDS[minus]} negative: `{_EXAMPLE}`")
            continue
        if abs(number) > limit:
            f.error(path, f"a {axis} is between -{limit} and {limit}, not {number}",
                    (_swapped_hint(numbers) if listed else None) or extent)
            continue
        read.append(float(number))
    return (read[0], read[1]) if len(read) == 2 else None


_WORDS = {"N": "north", "S": "south", "E": "east", "W": "west"}


def _signed_hint(value: Any, axis: str, plus: str, minus: str) -> str | None:
    """`2.3522 E` or `33.9° S` written as text: the signed number to write instead."""
    found = _HEMISPHERE.fullmatch(value) if isinstance(value, str) else None
    if found is None or found.group(2).upper() not in (plus, minus):
        return None
    sign = "-" if found.group(2).upper() == minus else ""
    return (f"write `{axis}: {sign}{found.group(1)}`: a number, {_WORDS[plus]} positive and "
            f"{_WORDS[minus]} negative")


def _swapped_hint(numbers: list[Any]) -> str | None:
    """A hint when the two numbers fit the other way round: a longitude written first."""
    if all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        latitude, longitude = numbers
        if abs(latitude) > 90 >= abs(longitude):
            return f"they look swapped: latitude comes first, `coordinates: [{longitude}, {latitude}]`"
    return None


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping of " + (", ".join(map(str, value)) or "nothing")
    return kind_of(value)
