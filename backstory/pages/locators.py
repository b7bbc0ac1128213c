"""The locator map a place's page receives: which of the site's places it shows round the place,
in words and as SVG. pictures/locator.py lays it out and locatorsvg.py draws it; this module only
decides what goes on it, and notes what the page read (views.touched).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.model import Place
from ..pictures.locator import Spot, direction, distance_km, locate
from ..pictures.locatorsvg import render_locator
from .views import Views

NEARBY_KM = 1000  # other places of the site this close are shown round the place
MOST_SHOWN = 8  # of them at most, the nearest (the larger place and those inside it first)
HONEST_NOTE = ("Drawn from coordinates alone: the points are the site’s places; there are no "
               "coastlines, rivers or borders.")


@dataclass(frozen=True, slots=True)
class LocatorMap:
    """One locator map as a layout receives it (docs/layouts.md)."""

    svg: Markup
    description: str  # the map in words, also the SVG's <desc>
    note: str  # what the map does not show: it is drawn from coordinates alone
    shown: tuple[str, ...]  # the slugs of the other places drawn, nearest first


def locator_map(views: Views, slug: str) -> LocatorMap | None:
    """The map of the place `slug`, or None when it has no coordinates."""
    site = views.site
    place = site.places[slug]
    if place.coordinates is None:
        return None
    views.touched.add("@places")  # a place added anywhere may be near
    located = {s: p for s, p in site.places.items()
               if views.record(s) is not None and p.coordinates is not None}
    focus = _spot(place)
    related = _related(site.places, place)
    by_distance = sorted((distance_km(focus, _spot(p)), s) for s, p in located.items() if s != slug)
    chosen = [s for _, s in by_distance if s in related][:MOST_SHOWN]
    chosen += [s for km, s in by_distance if km <= NEARBY_KM and s not in chosen]
    chosen = chosen[:MOST_SHOWN]
    others = [_spot(located[s]) for s in chosen]
    hrefs = {s: views.of(s).url for s in chosen}
    tips = {place.slug: place.name}
    parts = []
    for other in others:
        km = distance_km(focus, other)
        away = f"{_round_km(km)} km {direction(focus, other)}" if km >= 1 else "at the same point"
        tips[other.id] = f"{other.label}: {away}"
        parts.append(f"{other.label}, {away}")
    at = views.of(slug).coordinates_text
    description = f"{place.name}, at {at}." + (f" Also shown: {'; '.join(parts)}." if parts else "")
    svg = render_locator(locate(focus, others), title=f"Where {place.name} is",
                         description=f"{description} {HONEST_NOTE}", hrefs=hrefs, tips=tips,
                         styled=False)
    return LocatorMap(Markup(svg), description, HONEST_NOTE, tuple(chosen))


def _spot(place: Place) -> Spot:
    return Spot(place.slug, place.name, *place.coordinates)


def _related(places: dict[str, Place], place: Place) -> set[str]:
    """The larger place, those inside this one, and those beside it in the same larger place."""
    parent = place.within.target if place.within is not None else None
    return {slug for slug, other in places.items() if slug == parent or (
        other.within is not None and other.within.target in (place.slug, parent))}


def _round_km(km: float) -> str:
    """Distances as a reader says them: 12 km, 140 km, 680 km, 1,200 km."""
    digits = len(str(int(km)))
    rounded = round(km, -max(digits - 2, 0)) if km >= 100 else round(km)
    return f"{int(rounded):,}"
