"""A place's front matter: its name, kind, coordinates and the larger place it lies in, and an
event's `place:`, which is a reference when written as a slug (README, "Places")."""

from __future__ import annotations

import math
from typing import Any

from ..errors import did_you_mean
from .fields import Fields
from .model import PLACE_KINDS, Place, Ref
from .sources import SLUG_PATTERN
from .values import kind_of

PLACE_FIELDS = ("name", "kind", "summary", "aliases", "coordinates", "within", "draft",
                "autolink")
_EXAMPLE = "coordinates: [47.2357, 39.7015]"
_AXES = (("latitude", 90.0, "north", "south"), ("longitude", 180.0, "east", "west"))


def place_record(f: Fields, common: dict) -> Place:
    """A place from its front matter, every problem reported where it is written."""
    f.check_known(PLACE_FIELDS, "places")
    name = f.text("name", "Rostov-on-Don")
    kind = f.text("kind")
    if kind is not None and kind not in PLACE_KINDS:
        f.error(("kind",), f"unknown place kind '{kind}'",
                did_you_mean(kind, PLACE_KINDS) or f"kinds are: {', '.join(PLACE_KINDS)}")
        kind = None
    own = ((name, f.position(("name",))),) if name else ()
    places = own + f.placed_list("aliases")
    return Place(name=name or "", kind=kind, summary=f.text("summary", "One sentence.") or "",
                 aliases=tuple(text for text, _ in places[len(own):]), name_places=places,
                 coordinates=coordinates(f, "coordinates"), within=slug_ref(f, "within", "places"),
                 **common)


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
    if isinstance(value, list) and len(value) == 2:
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
    for path, number, (axis, limit, plus, minus) in zip(paths, numbers, _AXES, strict=True):
        if isinstance(number, bool) or not isinstance(number, (int, float)) \
                or not math.isfinite(number):
            f.error(path, f"the {axis} must be a number of degrees, not {kind_of(number)}",
                    f"write decimal degrees, {minus} negative: `{_EXAMPLE}`")
            continue
        if abs(number) > limit:
            f.error(path, f"a {axis} is between -{limit:g} and {limit:g}, not {number:g}",
                    _swapped_hint(numbers) or f"{plus} is positive, {minus} negative: `{_EXAMPLE}`")
            continue
        read.append(float(number))
    return (read[0], read[1]) if len(read) == 2 else None


def _swapped_hint(numbers: list[Any]) -> str | None:
    """A hint when the two numbers fit the other way round: a longitude written first."""
    if all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        latitude, longitude = numbers
        if abs(latitude) > 90 >= abs(longitude):
            return (f"they look swapped: latitude comes first, `coordinates: [{longitude:g}, "
                    f"{latitude:g}]`")
    return None


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping of " + (", ".join(map(str, value)) or "nothing")
    return kind_of(value)
