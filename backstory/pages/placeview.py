"""What layouts see of a place: its name and kind, the larger places it lies in, what happened
there (and in the places inside it) in story order, and its locator map.

A view like views.py's others, bound to one page; Views makes it through the `more_views` it is
given (render.py), since this module builds on views.py and not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..content.model import Place
from .dates import YearGroup, group_by_year
from .locators import LocatorMap, locator_map
from .placewords import coordinates_text, kind_label, kind_within
from .views import EventView, RecordView


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An event at a place, and the smaller place inside it where it happened (or None)."""

    event: EventView
    place: PlaceView | None


class PlaceView(RecordView):
    type = "place"
    _record: Place

    name = property(lambda self: self._record.name)
    kind = property(lambda self: self._record.kind)
    aliases = property(lambda self: [a for a in self._record.aliases if a not in self._record.forms])

    @property
    def kind_label(self) -> str:
        """"City", "Waterway": the kind as a heading says it in the page's language, or
        "Place" when not said."""
        return kind_label(self._record.kind, self._views.words)

    @property
    def card_role(self) -> str:
        """What its hover card says of it: `City in Russia`, or its kind alone."""
        within = self.within.label if self.within is not None else None
        return kind_within(self.kind_label, within, self._views.words)

    @property
    def latitude(self) -> float | None:
        return self._record.coordinates[0] if self._record.coordinates else None

    @property
    def longitude(self) -> float | None:
        return self._record.coordinates[1] if self._record.coordinates else None

    @property
    def coordinates_text(self) -> str | None:
        """`55.7558° N, 37.6173° E`, as written to four decimals at most, in the page's
        language (`55,7558° с. ш., 37,6173° в. д.`), or None."""
        if self._record.coordinates is None:
            return None
        return coordinates_text(*self._record.coordinates, self._views.words)

    @cached_property
    def within(self) -> RecordView | None:
        """The larger place this one lies in, or the state actor whose territory it is."""
        ref = self._record.within
        return self._views.of(ref.target) if ref is not None else None

    @cached_property
    def chain(self) -> list[RecordView]:
        """Every larger place outwards, `within` first: [Suez Canal, Egypt]."""
        found: list[RecordView] = []
        current = self.within
        while current is not None and current not in found:
            found.append(current)
            current = current.within if isinstance(current, PlaceView) else None
        return found

    @cached_property
    def places(self) -> list[PlaceView]:
        """The places that say they lie within this one, by name."""
        found = self._views.backlinks(self.slug, "places", ("within",))
        return sorted(found, key=lambda p: p.name.casefold())

    @cached_property
    def occurrences(self) -> list[Occurrence]:
        """The events whose `place:` names this place or one inside it, in story order."""
        found: dict[str, Occurrence] = {}
        pending: list[PlaceView] = [self]
        seen = {self.slug}
        while pending:
            place = pending.pop()
            for event in self._views.backlinks(place.slug, "events", ("place",)):
                found.setdefault(event.slug, Occurrence(event, None if place is self else place))
            for inner in place.places:
                if inner.slug not in seen:
                    seen.add(inner.slug)
                    pending.append(inner)
        return sorted(found.values(), key=lambda o: o.event.order)

    @property
    def events(self) -> list[EventView]:
        return [o.event for o in self.occurrences]

    @property
    def timeline(self) -> list[YearGroup]:
        """The occurrences grouped by year: (year, occurrences) in story order."""
        return group_by_year(self.occurrences, lambda o: o.event.date)

    @cached_property
    def map(self) -> LocatorMap | None:
        """Where the place is, among the site's other places: None without coordinates."""
        return locator_map(self._views, self.slug)


@dataclass(frozen=True, slots=True)
class PlaceNode:
    """A place in the list of places, with the places inside it."""

    place: PlaceView
    children: tuple[PlaceNode, ...]


@dataclass(frozen=True, slots=True)
class PlaceGroup:
    """The places in one state's territory (`state` its actor view), or in none (None)."""

    state: RecordView | None
    places: tuple[PlaceNode, ...]


def place_groups(places: list[PlaceView]) -> list[PlaceGroup]:
    """Every place once, as trees of `within:` under the state each outermost one lies in:
    states by name, then the places in no state's territory."""
    def node(place: PlaceView) -> PlaceNode:
        return PlaceNode(place, tuple(node(inner) for inner in place.places))

    outermost = [p for p in places if not isinstance(p.within, PlaceView)]
    states: dict[str | None, list[PlaceView]] = {}
    for place in outermost:  # by name already
        states.setdefault(place.within.slug if place.within is not None else None, []).append(place)
    by_slug = {p.within.slug: p.within for p in outermost if p.within is not None}
    order = sorted((slug for slug in states if slug is not None), key=lambda s: by_slug[s].label.casefold())
    groups = [PlaceGroup(by_slug[slug], tuple(map(node, states[slug]))) for slug in order]
    if None in states:
        groups.append(PlaceGroup(None, tuple(map(node, states[None]))))
    return groups
