"""The locator map a place's page receives: which of the site's places it shows round the place,
in words and as SVG. pictures/locator.py lays it out and locatorsvg.py draws it; this module only
decides what goes on it, and notes what the page read (views.touched). Its words are the
page's language's (placewords.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.model import Place
from ..pictures.locator import Spot, direction, distance_km, locate
from ..pictures.locatorsvg import render_locator
from .placewords import away, locator_words, said
from .views import Views

NEARBY_KM = 1000  # other places of the site this close are shown round the place
MOST_SHOWN = 8  # of them at most, the nearest (the larger place and those inside it first)


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
    words = views.words
    tips = {place.slug: place.name}
    parts = []
    for other in others:
        lies = away(distance_km(focus, other), direction(focus, other), words)
        tips[other.id] = said(words, "locator.tip", place=other.label, away=lies)
        parts.append(said(words, "locator.listed", place=other.label, away=lies))
    description = said(words, "locator.at", place=place.name, coordinates=views.of(slug).coordinates_text)
    if parts:
        description += " " + said(words, "locator.also_shown",
                                          places=said(words, "locator.separator").join(parts))
    note = said(words, "locator.note")
    svg = render_locator(locate(focus, others, words=locator_words(words)),
                         title=said(words, "locator.title", place=place.name),
                         description=f"{description} {note}", hrefs=hrefs, tips=tips, styled=False)
    return LocatorMap(Markup(svg), description, note, tuple(chosen))


def _spot(place: Place) -> Spot:
    return Spot(place.slug, place.name, *place.coordinates)


def _related(places: dict[str, Place], place: Place) -> set[str]:
    """The larger place, those inside this one, and those beside it in the same larger place."""
    parent = place.within.target if place.within is not None else None
    return {slug for slug, other in places.items() if slug == parent or (
        other.within is not None and other.within.target in (place.slug, parent))}

