"""Kinds of actor: the four every site has, and those a site defines in site.yaml (`kinds:`).

A kind says what its actors are called (label and plural), what schema.org calls them, which
dates they have and under what names (a person is born and dies, a ship is built and scrapped),
and how the map draws them (a shape, and a colour in light and dark: pictures/palette.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostics, did_you_mean
from ..pictures.palette import contrast_problem
from .fieldtable import field_names
from .values import kind_of
from .yamlpos import written_forms

# Node shapes the map can draw (pictures/shapes.py); events are pills.
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "triangle-down")


@dataclass(frozen=True, slots=True)
class Kind:
    name: str  # as actors write it: `kind: ship`
    label: str  # one of them: "Ship"
    plural: str  # a group of them, as the who's who heads it: "Ships"
    schema: str  # the schema.org type of their JSON-LD: "Vehicle"
    dates: tuple[str, ...]  # names of the beginning and the end, either or both: ("built", "scrapped")
    shape: str  # one of SHAPES
    colour: tuple[str, str] | None = None  # (light, dark) as #rrggbb; None: the default palette's

    @property
    def began(self) -> str | None:
        return self.dates[0] if self.dates else None

    @property
    def ended(self) -> str | None:
        return self.dates[1] if len(self.dates) > 1 else None


DEFAULT_KINDS = (
    Kind("person", "Person", "People", "Person", ("born", "died"), "circle"),
    Kind("organization", "Organization", "Organizations", "Organization", ("founded", "dissolved"), "square"),
    Kind("state", "State", "States", "Country", ("founded", "dissolved"), "diamond"),
    Kind("media", "Media", "Media", "NewsMediaOrganization", ("founded", "dissolved"), "triangle"),
)

# The schema.org types an actor may be, and the properties its beginning and end fill in.
_ORGANIZATIONS = ("Organization", "Airline", "Consortium", "Corporation", "EducationalOrganization",
                  "FundingScheme", "GovernmentOrganization", "LibrarySystem", "LocalBusiness",
                  "MedicalOrganization", "NGO", "NewsMediaOrganization", "OnlineBusiness",
                  "PerformingGroup", "PoliticalParty", "Project", "ResearchOrganization",
                  "SearchRescueOrganization", "SportsOrganization", "WorkersUnion")
_PLACES = ("Place", "AdministrativeArea", "Airport", "BodyOfWater", "City", "CivicStructure",
           "Country", "Landform", "LandmarksOrHistoricalBuildings", "State")
_PRODUCTS = ("Product", "Vehicle", "BusOrCoach", "Car", "Motorcycle", "IndividualProduct")
_WORKS = ("CreativeWork", "Book", "Dataset", "Legislation", "Movie", "SoftwareApplication", "WebSite")
SCHEMA_DATES: dict[str, tuple[str | None, str | None]] = {
    "Person": ("birthDate", "deathDate"), "Thing": (None, None),
    **{name: ("foundingDate", "dissolutionDate") for name in _ORGANIZATIONS},
    **{name: (None, None) for name in _PLACES},
    **{name: ("productionDate", None) for name in _PRODUCTS},
    **{name: ("dateCreated", None) for name in _WORKS},
}

# Fields every actor has, which no date may be called (content/fieldtable.py, without the kinds'
# dates); and names the map's classes use (relmap-<kind>), which no kind may take.
ACTOR_BASE_FIELDS = field_names("actors")
_RESERVED = {"event", "events", "article", "articles", "actor", "actors", "place", "places",
             "participant", "led-to", "edge", "edges", "near", "arrow", "shape", "label", "focus",
             "node", "nodes", "lit", "chosen", "filtered", "swatch"}
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_FIELD = re.compile(r"[a-z][a-z_]*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_KEYS = ("label", "plural", "schema", "dates", "shape", "colour", "color")
EXAMPLE = ("kinds:\n  ship:\n    label: Ship\n    plural: Ships\n    schema: Vehicle\n"
           "    dates: [built, scrapped]\n    shape: hexagon")


def read_kinds(value, at, diagnostics: Diagnostics, shown: str) -> tuple[Kind, ...]:
    """site.yaml's `kinds:` read over the defaults: a new name adds a kind, a default's name
    changes what it sets of that kind. `at(path)` gives the 1-based (line, column) of a key."""
    if not isinstance(value, dict):
        diagnostics.error(shown, *at(("kinds",)), f"'kinds' must be a mapping of kind names, not "
                          f"{kind_of(value)}", "write it as\n" + EXAMPLE)
        return DEFAULT_KINDS
    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    for key, fields in value.items():
        written = next((form for form in written_forms(key) if at(("kinds", form)) != (1, 1)), str(key))
        name, where = str(key), at(("kinds", written))
        if not isinstance(key, str):
            diagnostics.error(shown, *where, f"YAML reads this kind's name as {kind_of(key)}, not a name",
                              "put the name in quotes, or choose a word YAML does not read as "
                              "true, false, null or a number")
            continue
        problem = _name_problem(name)
        if problem:
            diagnostics.error(shown, *where, problem[0], problem[1])
            continue
        if fields is None:
            fields = {}
        if not isinstance(fields, dict):
            diagnostics.error(shown, *where, f"kind '{name}' must be a mapping of settings, not "
                              f"{kind_of(fields)}", "write it as\n" + EXAMPLE)
            fields = {}  # the kind still exists, so its actors are not "unknown" as well
        kinds[name] = _read_kind(name, fields, kinds.get(name),
                                 lambda key, name=name: at(("kinds", name, key)), diagnostics, shown)
    return tuple(kinds.values())


def _name_problem(name: str) -> tuple[str, str] | None:
    if not _NAME.fullmatch(name):
        fixed = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        fixed = fixed if fixed[:1].isalpha() else "kind-" + fixed if fixed else "ship"
        return (f"kind name '{name}' must be lowercase letters, digits and single hyphens, "
                "starting with a letter", f"write it as '{fixed}'")
    if name in _RESERVED:
        return f"'{name}' cannot name a kind of actor: Backstory uses it", "choose another name"
    return None


def _read_kind(name: str, fields: dict, default: Kind | None, at, diagnostics: Diagnostics,
               shown: str) -> Kind:
    """The kind, each setting with a mistake reported and left at its default: the kind itself
    still exists, so that its actors get no second, misleading error ("unknown kind")."""

    def error(key: str, message: str, hint: str | None) -> None:
        diagnostics.error(shown, *at(key), message, hint)

    for key in fields:
        if str(key) not in _KEYS:
            error(str(key), f"unknown setting '{key}' of kind '{name}'",
                  did_you_mean(str(key), _KEYS) or f"a kind has: {', '.join(_KEYS[:-1])}")
    text = {}
    for key in ("label", "plural", "schema", "shape"):
        value = fields.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            error(key, f"'{key}' of kind '{name}' must be text", None)
        elif value is not None:
            text[key] = value.strip()
    label = text.get("label") or (default.label if default else name.replace("-", " ").capitalize())
    plural = text.get("plural") or (default.plural if default else label + "s")
    schema = text.get("schema") or (default.schema if default else "Thing")
    if schema not in SCHEMA_DATES:
        error("schema", f"'{schema}' is not a schema.org type Backstory knows for an actor",
              did_you_mean(schema, SCHEMA_DATES) or "types are: " + ", ".join(sorted(SCHEMA_DATES)))
        schema = default.schema if default else "Thing"
    shape = text.get("shape") or (default.shape if default else None)
    if shape is not None and shape not in SHAPES:
        error("shape", f"unknown shape '{shape}'",
              did_you_mean(shape, SHAPES) or f"shapes are: {', '.join(SHAPES)}")
        shape = default.shape if default else None
    dates = _dates(fields, default, error)
    colour = _colour(fields, default, error)
    return Kind(name, label, plural, schema, dates, shape or "", colour)


def _dates(fields: dict, default: Kind | None, error) -> tuple[str, ...]:
    """`dates: [built, scrapped]`: the beginning's name, then the end's; [] for none. A name
    with a mistake is reported and left out; the others are kept, so that actors who write them
    get no second error."""
    if "dates" not in fields:
        return default.dates if default else ()
    value = fields["dates"] or []
    hint = "write `dates: [built, scrapped]`: the name of the beginning, then of the end"
    if isinstance(value, str):  # `dates: built`: read as the one name it surely means
        error("dates", "'dates' must be a list of one or two field names", hint)
        value = [value]
    if not isinstance(value, list) or len(value) > 2 or not all(isinstance(v, str) for v in value):
        error("dates", "'dates' must be a list of one or two field names", hint)
        return ()
    kept: list[str] = []
    for name in value:
        if not _FIELD.fullmatch(name):
            error("dates", f"'{name}' cannot be a field name: use lowercase letters and _", hint)
        elif name in ACTOR_BASE_FIELDS:
            error("dates", f"'{name}' cannot name a date: every actor has a field '{name}'",
                  "choose another name")
        elif name in kept:
            error("dates", f"the beginning and the end are both called '{name}'", hint)
        else:
            kept.append(name)
    return tuple(kept)


def _colour(fields: dict, default: Kind | None, error) -> tuple[str, str] | None:
    """`colour: "#00707a"` for both schemes, or `colour: {light: ..., dark: ...}`."""
    keys = [key for key in ("colour", "color") if key in fields]
    if len(keys) == 2:
        error("color", "give 'colour' or 'color', not both", None)
        return None
    if not keys:
        return default.colour if default else None
    key, value = keys[0], fields[keys[0]]
    hint = f'write `{key}: "#00707a"`, or `{key}: {{light: "#00707a", dark: "#4fd1d9"}}`'
    if isinstance(value, str):
        value = {"light": value, "dark": value}
    if not isinstance(value, dict) or set(value) != {"light", "dark"} or not all(
            isinstance(v, str) and _COLOUR.fullmatch(v.strip()) for v in value.values()):
        error(key, f"'{key}' must be a colour written #rrggbb, or one for light and one for dark",
              hint + " (in quotes: YAML reads # as a comment)")
        return None
    pair = (value["light"].strip().lower(), value["dark"].strip().lower())
    for scheme, colour in zip(("light", "dark"), pair, strict=True):
        if problem := contrast_problem(colour, scheme):
            error(key, problem, hint if scheme == "dark" and pair[0] == pair[1] else
                  "choose a colour that stands out more from the page")
            return None
    return pair
