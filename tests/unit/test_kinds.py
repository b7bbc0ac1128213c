"""Kinds of actor a site defines in site.yaml: read, checked where written, and used by actors."""

from __future__ import annotations

import itertools

import pytest

from backstory.content.config import Config
from backstory.content.kinds import DEFAULT_KINDS, SHAPES, Kind
from backstory.pictures.palette import PALETTE, PAPER, contrast, kind_colours, kind_style
from backstory.pictures.shapes import EXTENT, outline
from tests.helpers import parsed, settings_of

SHIP = ("kinds:\n  ship:\n    label: Ship\n    plural: Ships\n    schema: Vehicle\n"
        "    dates: [built, scrapped]\n    shape: hexagon\n")


def load(tmp_path, text: str):
    return settings_of(tmp_path, text)


def test_the_four_kinds_are_there_without_settings(tmp_path):
    config, problems = load(tmp_path, "title: T\n")
    assert problems == [] and config.kinds == DEFAULT_KINDS
    assert [k.name for k in config.kinds] == ["person", "organization", "state", "media"]
    assert config.kind("person").dates == ("born", "died")
    assert config.kind("ship") is None


def test_a_kind_is_added_after_the_defaults_with_every_setting(tmp_path):
    config, problems = load(tmp_path, SHIP + '    colour: "#00707a"\n')
    assert problems == []
    assert config.kinds[:4] == DEFAULT_KINDS
    assert config.kind("ship") == Kind("ship", "Ship", "Ships", "Vehicle", ("built", "scrapped"),
                                       "hexagon", ("#00707a", "#00707a"))


def test_a_kind_needs_only_its_name(tmp_path):
    config, problems = load(tmp_path, "kinds:\n  trade-union:\n")
    assert problems == []
    assert config.kind("trade-union") == Kind("trade-union", "Trade union", "Trade unions", "Thing",
                                              (), "", None)


def test_a_default_kind_is_renamed_and_keeps_the_rest(tmp_path):
    config, problems = load(tmp_path, "kinds:\n  organization:\n    label: Organisation\n"
                                      "    plural: Organisations\n")
    assert problems == []
    kind = config.kind("organization")
    assert (kind.label, kind.plural, kind.schema, kind.dates, kind.shape) == (
        "Organisation", "Organisations", "Organization", ("founded", "dissolved"), "square")
    assert [k.name for k in config.kinds] == ["person", "organization", "state", "media"]


@pytest.mark.parametrize("text, expected", [
    ("kinds: [ship]\n", (1, 1, "'kinds' must be a mapping of kind names, not a list")),
    ("kinds:\n  Big Ship:\n", (2, 3, "kind name 'Big Ship' must be lowercase letters, digits and "
                                     "single hyphens, starting with a letter", "write it as 'big-ship'")),
    ("kinds:\n  '123':\n", (2, 3, "kind name '123' must be lowercase letters, digits and single "
                                "hyphens, starting with a letter", "write it as 'kind-123'")),
    ("kinds:\n  yes:\n    label: Yes\n", (2, 3, "YAML reads this kind's name as true/false, not a name")),
    ("kinds:\n  event:\n", (2, 3, "'event' cannot name a kind of actor: Backstory uses it",
                            "choose another name")),
    ("kinds:\n  ship: Vehicle\n", (2, 3, "kind 'ship' must be a mapping of settings, not text")),
    ("kinds:\n  ship:\n    lable: Ship\n", (3, 5, "unknown setting 'lable' of kind 'ship'",
                                            "did you mean 'label'?")),
    ("kinds:\n  ship:\n    schema: Vehicel\n",
     (3, 5, "'Vehicel' is not a schema.org type Backstory knows for an actor", "did you mean 'Vehicle'?")),
    ("kinds:\n  ship:\n    shape: hexagone\n", (3, 5, "unknown shape 'hexagone'", "did you mean 'hexagon'?")),
    ("kinds:\n  ship:\n    dates: built\n", (3, 5, "'dates' must be a list of one or two field names",
                                              "write `dates: [built, scrapped]`: the name of the "
                                              "beginning, then of the end")),
    ("kinds:\n  ship:\n    dates: [name, scrapped]\n",
     (3, 5, "'name' cannot name a date: every actor has a field 'name'", "choose another name")),
    ("kinds:\n  ship:\n    dates: [Built]\n",
     (3, 5, "'Built' cannot be a field name: use lowercase letters and _",
      "write `dates: [built, scrapped]`: the name of the beginning, then of the end")),
    ("kinds:\n  ship:\n    colour: teal\n",
     (3, 5, "'colour' must be a colour written #rrggbb, or one for light and one for dark",
      'write `colour: "#00707a"`, or `colour: {light: "#00707a", dark: "#4fd1d9"}` '
      "(in quotes: YAML reads # as a comment)")),
])
def test_a_mistake_in_a_kind_is_reported_where_it_is_written(tmp_path, text, expected):
    config, problems = load(tmp_path, text)
    assert [p[:len(expected)] for p in problems] == [expected]
    # The kind is there all the same, its mistaken setting at the default: its actors get no
    # second error ("unknown kind 'ship'") for one mistake in site.yaml.
    if "  ship:" in text:
        assert config.kind("ship") is not None


def test_a_colour_that_does_not_stand_out_in_one_scheme_is_refused(tmp_path):
    _, problems = load(tmp_path, 'kinds:\n  ship:\n    color: "#1f4f8f"\n')
    assert problems == [(3, 5, "#1f4f8f stands out 2.2:1 from the dark page (#15171a); a map shape "
                               "needs 3:1", 'write `color: "#00707a"`, or `color: {light: "#00707a", '
                               'dark: "#4fd1d9"}`')]
    config, problems = load(tmp_path, 'kinds:\n  ship:\n    color: {light: "#1f4f8f", dark: "#8db8f2"}\n')
    assert problems == [] and config.kind("ship").colour == ("#1f4f8f", "#8db8f2")


def parse_actor(tmp_path, kinds, front: str):
    return parsed(tmp_path, "actors/x.md", f"---\nname: X\nsummary: S\n{front}---\n", Config(kinds=kinds))


@pytest.fixture
def kinds(tmp_path):
    config, problems = load(tmp_path, SHIP + "  court:\n    label: Court\n")
    assert problems == []
    return config.kinds


def test_an_actor_of_a_site_kind_has_its_dates(tmp_path, kinds):
    record, problems = parse_actor(tmp_path, kinds, "kind: ship\nbuilt: 2018\nscrapped: 2049-03\n")
    assert problems == []
    assert (record.kind, str(record.began), str(record.ended)) == ("ship", "2018", "2049-03")


def test_another_kinds_date_names_the_one_to_write(tmp_path, kinds):
    _, problems = parse_actor(tmp_path, kinds, "kind: ship\nborn: 2018\n")
    assert problems == [(5, 1, "'born' is not a field of a ship",
                         "a ship has `built` and `scrapped`: write `built:`")]
    _, problems = parse_actor(tmp_path, kinds, "kind: person\nscrapped: 2018\n")
    assert problems == [(5, 1, "'scrapped' is not a field of a person",
                         "a person has `born` and `died`: write `died:`")]


def test_a_kind_without_dates_says_how_to_give_it_some(tmp_path, kinds):
    _, problems = parse_actor(tmp_path, kinds, "kind: court\nfounded: 2008\n")
    assert problems == [(5, 1, "'founded' is not a field of a court",
                         "a court has no dates: give the kind some in site.yaml "
                         "(`court: {dates: [founded, dissolved]}` under `kinds:`)")]


def test_an_unknown_kind_lists_the_sites_kinds(tmp_path, kinds):
    _, problems = parse_actor(tmp_path, kinds, "kind: shipp\n")
    assert problems == [(4, 7, "unknown actor kind 'shipp'", "did you mean 'ship'?")]
    _, problems = parse_actor(tmp_path, kinds, "kind: band\n")
    assert problems[0][3].startswith("kinds are: person, organization, state, media, ship, court;")


def test_a_date_name_no_kind_has_is_an_unknown_field(tmp_path, kinds):
    _, problems = parse_actor(tmp_path, kinds, "kind: ship\nlaunched: 2018\n")
    assert problems[0][2] == "unknown field 'launched' for actors"
    assert "built, scrapped" in problems[0][3]


def test_the_palette_stands_out_in_both_schemes_and_from_the_defaults():
    defaults = ["#1f4f8f", "#2e6f5e", "#8a5a00", "#6b4c9a", "#a1261d"]  # style.css, light
    for light, dark in PALETTE:
        assert contrast(light, PAPER["light"]) >= 5 and contrast(dark, PAPER["dark"]) >= 5
    colours = [light for light, _ in PALETTE] + defaults
    assert len(set(colours)) == len(colours)
    # Distinct to the eye: no two of the light colours within a small distance in RGB.
    rgb = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert min(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5
               for a, b in itertools.combinations(rgb, 2)) > 40  # the closest: 44


def test_kind_style_colours_only_what_the_stylesheet_does_not(tmp_path, kinds):
    assert kind_style(DEFAULT_KINDS) == ""
    assert kind_colours(kinds) == {"ship": PALETTE[0], "court": PALETTE[1]}
    style = kind_style(kinds)
    assert ":root{--map-ship:#00707a;--map-court:#9c2a78}" in style
    assert "@media (prefers-color-scheme:dark){:root{--map-ship:#4fd1d9;--map-court:#f08fd0}}" in style
    assert ".relmap-ship .relmap-shape{fill:var(--map-ship)}" in style


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_stays_inside_its_extent(shape):
    hw, hh = EXTENT[shape]
    corners = outline(shape, 100.0, 50.0)
    if corners is None:
        assert shape in ("circle", "square")
        return
    # 1 px of slack: a triangle's apex reaches one past its box, which arrows allow for (2 px).
    assert all(abs(x - 100) <= hw and abs(y - 50) <= hh + 1 for x, y in corners)
    assert {round(x) for x, _ in corners} >= {100 - hw, 100 + hw} or shape == "triangle-down"


def test_a_kind_without_a_colour_never_takes_one_a_site_gave_another():
    boat = Kind("boat", "Boat", "Boats", "Vehicle", (), "circle", PALETTE[0])
    ship = Kind("ship", "Ship", "Ships", "Vehicle", (), "hexagon")
    assert kind_colours((*DEFAULT_KINDS, boat, ship)) == {"boat": PALETTE[0], "ship": PALETTE[1]}


def test_a_word_yaml_reads_as_true_is_reported_where_it_is_written(tmp_path):
    _, problems = load(tmp_path, "tags:\n  belarus: Belarus\n  on: On\n")
    assert problems == [(3, 3, "YAML reads this slug as true/false, not a slug",
                         "put the slug in quotes, or choose a word YAML does not read as true, "
                         "false or null")]
    config, problems = load(tmp_path, "tags:\n  '2023': The year\n  2024: The next\n")
    assert problems == [] and [t.slug for t in config.tags] == ["2023", "2024"]
