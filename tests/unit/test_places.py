"""Places: their front matter (kind, coordinates, within), an event's `place:` as free text or a
reference, and what resolve() makes of them (backlinks, unknown slugs, circles of `within:`)."""

from __future__ import annotations

import pytest

from backstory.content.model import Actor, Body, Event, Place, Position, Ref
from backstory.content.when import When
from backstory.errors import Diagnostics
from backstory.graph.resolve import resolve

PLACE = "---\nname: Rostov-on-Don\nkind: city\n{extra}summary: A city on the Don.\n---\nBody.\n"


def problems(found) -> list[tuple]:
    return [(d.line, d.column, d.message, d.hint) for d in found]


def test_a_place_reads_its_fields(parse):
    text = ("---\nname: Rostov-on-Don\nkind: city\nwithin: russia\ncoordinates: [47.2357, 39.7015]\n"
            "aliases: [Rostov]\nsummary: A city on the Don.\n---\nWagner took its headquarters.\n")
    place, found = parse("places/rostov-on-don.md", text)
    assert found == []
    assert isinstance(place, Place)
    assert (place.slug, place.name, place.kind, place.aliases) == ("rostov-on-don", "Rostov-on-Don",
                                                                    "city", ("Rostov",))
    assert place.coordinates == (47.2357, 39.7015)
    assert place.within == Ref("russia", Position("content/places/rostov-on-don.md", 4, 9), "within",
                               None, "places")
    assert place.refs == (place.within,) and place.label == "Rostov-on-Don"
    assert [text for text, _ in place.name_places] == ["Rostov-on-Don", "Rostov"]


@pytest.mark.parametrize("written", ["coordinates: [47.2357, 39.7015]\n",
                                     "coordinates: {latitude: 47.2357, longitude: 39.7015}\n",
                                     "coordinates:\n  latitude: 47.2357\n  longitude: 39.7015\n"])
def test_coordinates_as_a_pair_or_a_mapping(parse, written):
    place, found = parse("places/rostov-on-don.md", PLACE.format(extra=written))
    assert found == [] and place.coordinates == (47.2357, 39.7015)


def test_coordinates_may_be_whole_degrees_and_are_optional(parse):
    place, found = parse("places/x.md", PLACE.format(extra="coordinates: [0, -180]\n"))
    assert found == [] and place.coordinates == (0.0, -180.0)
    place, found = parse("places/x.md", PLACE.format(extra=""))
    assert found == [] and place.coordinates is None and place.kind == "city" and place.within is None


@pytest.mark.parametrize("written, expected", [
    ("coordinates: [91, 39.7]\n", (4, 15, "a latitude is between -90 and 90, not 91",
                                   "they look swapped: latitude comes first, `coordinates: [39.7, 91]`")),
    ("coordinates: [47.2, 181]\n", (4, 21, "a longitude is between -180 and 180, not 181",
                                    "longitudes run from -180 to 180, east of Greenwich positive")),
    ("coordinates: {latitude: -90.5, longitude: 3}\n",
     (4, 25, "a latitude is between -90 and 90, not -90.5",
      "latitudes run from -90 (the South Pole) to 90 (the North Pole)")),
    ("coordinates: [47.2, 39.7 E]\n", (4, 21, "the longitude must be a finite number of degrees, not text",
                                       "write `longitude: 39.7`: a number, east positive and west "
                                       "negative")),
    ("coordinates: ['33.9 S', 151.2]\n", (4, 15, "the latitude must be a finite number of degrees, not text",
                                          "write `latitude: -33.9`: a number, north positive and "
                                          "south negative")),
    ("coordinates: [true, .nan]\n", (4, 15, "the latitude must be a finite number of degrees, not true/false",
                                     "write decimal degrees, south negative: `coordinates: [47.2357, "
                                     "39.7015]`")),
])
def test_bad_coordinates_are_reported_where_written(parse, written, expected):
    place, found = parse("places/x.md", PLACE.format(extra=written))
    assert problems(found)[0] == expected
    assert place.coordinates is None  # a half-read pair is no position


def test_coordinates_of_the_wrong_shape_say_both_forms(parse):
    for written, shape in (("coordinates: 47.2\n", "a number"), ("coordinates: [1, 2, 3]\n", "a list of 3"),
                           ("coordinates: {lat: 1, lon: 2}\n", "a mapping of lat, lon")):
        _, found = parse("places/x.md", PLACE.format(extra=written))
        (line, column, message, hint), = problems(found)
        assert (line, message) == (4, f"'coordinates' must be a latitude and a longitude, not {shape}")
        assert "coordinates: [47.2357, 39.7015]" in hint and "latitude: 47.2357" in hint


def test_an_unknown_kind_lists_the_kinds_or_guesses(parse):
    _, found = parse("places/x.md", PLACE.replace("kind: city", "kind: waterwy").format(extra=""))
    assert problems(found) == [(3, 7, "unknown place kind 'waterwy'", "did you mean 'waterway'?")]
    _, found = parse("places/x.md", PLACE.replace("kind: city", "kind: galaxy").format(extra=""))
    assert problems(found)[0][3].startswith("kinds are: country, region, province")


def test_within_is_a_slug(parse):
    _, found = parse("places/x.md", PLACE.format(extra="within: Russia\n"))
    assert problems(found) == [(4, 9, "'within' must be the slug of a place, not 'Russia'",
                                "write the name of its file without .md, e.g. `within: russia`")]


def test_an_events_place_is_a_reference_when_written_as_a_slug(parse):
    event_text = "---\ntitle: T\ndate: 2023-06-24\nplace: {place}\nsummary: S.\n---\n"
    event, found = parse("events/e.md", event_text.format(place="rostov-on-don"))
    assert found == [] and event.place == "rostov-on-don"
    assert event.place_ref == Ref("rostov-on-don", Position("content/events/e.md", 4, 8), "place",
                                  None, "places")
    assert event.place_ref in event.refs
    for free in ("Rostov-on-Don, Russia", "Russia", "the road to Moscow", "M4 motorway"):
        event, found = parse("events/e.md", event_text.format(place=free))
        assert found == [] and (event.place, event.place_ref) == (free, None)
        assert all(ref.field != "place" for ref in event.refs)


# Resolving ---------------------------------------------------------------------------------------


def place(slug: str, within: str | None = None, line: int = 4) -> Place:
    path = f"content/places/{slug}.md"
    ref = Ref(within, Position(path, line, 9), "within", None, "places") if within else None
    return Place(slug, path, slug.replace("-", " ").title(), "S.", Body("", 8), kind="city", within=ref)


def event_at(slug: str, where: str) -> Event:
    path = f"content/events/{slug}.md"
    return Event(slug, path, slug.title(), When(2023, 6, 24), "S.", Body("", 8), place=where,
                 place_ref=Ref(where, Position(path, 4, 8), "place", None, "places"))


def state(slug: str, kind: str = "state") -> Actor:
    return Actor(slug, f"content/actors/{slug}.md", slug.title(), kind, "S.", Body("", 8))


def run(records):
    diagnostics = Diagnostics()
    site = resolve(records, diagnostics)
    return site, [(d.path, d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


def test_places_resolve_with_backlinks_from_events_and_inner_places():
    site, found = run([state("russia"), place("rostov-on-don", "russia"), place("moscow", "russia"),
                       place("kremlin", "moscow"), event_at("mutiny", "rostov-on-don")])
    assert found == []
    assert list(site.places) == ["kremlin", "moscow", "rostov-on-don"]
    assert [(link.source, link.field) for link in site.backlinks_of("rostov-on-don")] == [("mutiny", "place")]
    assert [(link.source, link.field) for link in site.backlinks_of("moscow")] == [("kremlin", "within")]
    assert [link.source for link in site.backlinks_of("russia")] == ["moscow", "rostov-on-don"]
    assert site.get("moscow") is site.places["moscow"]


def test_an_unknown_place_is_reported_with_a_guess():
    _, found = run([place("rostov-on-don"), event_at("mutiny", "rostov-on-dn"),
                    place("kremlin", "moskow"), place("moscow")])
    assert found == [
        ("content/events/mutiny.md", 4, 8, "unknown place 'rostov-on-dn'", "did you mean 'rostov-on-don'?"),
        ("content/places/kremlin.md", 4, 9, "unknown place 'moskow'", "did you mean 'moscow'?"),
    ]


def test_an_events_place_must_be_a_place_and_within_a_place_or_a_state():
    _, found = run([state("russia"), state("putin", "person"), event_at("mutiny", "russia"),
                    place("moscow", "putin")])
    assert [(path, message) for path, _, _, message, _ in found] == [
        ("content/events/mutiny.md", "'russia' is an actor, not a place"),
        ("content/places/moscow.md", "'putin' is an actor, not a place"),
    ]
    assert "free text (`place: Russia`)" in found[0][4]
    assert "an actor of kind state" in found[1][4]


def test_within_going_round_is_an_error_at_each_place_of_the_circle():
    _, found = run([place("a", "b"), place("b", "c"), place("c", "a"), place("d", "a"),
                    place("e", "e")])
    assert found == [
        *[(f"content/places/{slug}.md", 4, 9, "'within' goes round in a circle: a → b → c → a",
           "a place lies within a larger one: remove `within:` from the largest") for slug in "abc"],
        ("content/places/e.md", 4, 9, "a place cannot be within itself",
         "name the larger place it lies in, or remove `within:`"),
    ]
