"""The front-matter fields of each content type, as one table: what exists, what is required,
what kind of value each takes, an example, and a line saying what it is for.

The validator (frontmatter.py, places.py) reads which fields exist and which are required from
here, and the examples of its "missing required field" hints; the JSON Schema export
(frontmatter_schema.py, `backstory schema`) and the browser editor's configuration (cms/decap.py,
`backstory cms`) are made from it; tools outside Backstory (an editor's completion) may read it
too. The names in `__all__` are for them. What a CHOICE field's named set holds under a site's
settings is choices.py's to say.

How each kind of value is checked stays in the readers (fields.py and the modules beside it):
this table says *what* a field is, they say what is wrong with a value, and where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .kinds import Kind

__all__ = ["VALUES", "FieldSpec", "FIELDS", "fields_of", "field_names", "required_example",
           "TEXT", "DATE", "FLAG", "TEXT_LIST", "PAGE", "PAGES", "PAGES_WITH_ROLES", "PLACE",
           "CHOICE", "CHOICES", "LINKS", "SOURCES", "IMAGE", "PORTRAIT", "COORDINATES", "ROLES",
           "TRANSLATION_ONLY", "TRANSLATED_IMAGE_PARTS", "translatable_fields"]

# The kinds of value a field takes (`FieldSpec.value`), each with what an author writes.
TEXT = "text"
DATE = "date"
FLAG = "flag"
TEXT_LIST = "text list"
PAGE = "page"
PAGES = "pages"
PAGES_WITH_ROLES = "pages with roles"
PLACE = "place"
CHOICE = "choice"
CHOICES = "choices"
LINKS = "links"
SOURCES = "sources"
IMAGE = "image"
PORTRAIT = "portrait"
COORDINATES = "coordinates"
ROLES = "roles"
VALUES = {
    TEXT: "one line of text",
    DATE: "a date at the precision known: 1994, 2020-08, 2023-06-24, 2023-06-24 09:30 (with "
          "an offset or an IANA zone), 2023-06-24 morning; `c. ` in front for a guess",
    FLAG: "true or false",
    TEXT_LIST: "a list of texts",
    PAGE: "the slug of one page of type `refers_to`",
    PAGES: "a list of slugs of pages of type `refers_to`, each once",
    PAGES_WITH_ROLES: "a list of slugs of type `refers_to`, each once, each alone or as `slug: role`",
    PLACE: "free text, or the slug of a place (then it links to it)",
    CHOICE: "one of the values the set named `choices` holds",
    CHOICES: "a list of values of the set named `choices`, each once",
    LINKS: "a mapping of labels to http(s) URLs",
    SOURCES: "a list of sources: a title, or {title, publisher, url, date}",
    IMAGE: "a picture: {src, alt, caption, credit, credit_url}; src a file under static/ or an "
           "http(s) URL; alt required (\"\" for a decorative picture)",
    PORTRAIT: "a picture as IMAGE, or just its src: the alt text is then the actor's name",
    COORDINATES: "[latitude, longitude] or {latitude, longitude} in decimal degrees",
    ROLES: "a mapping of the slugs of the original's `actors:` to their roles in this language",
}
# What a translation may give of IMAGE and PORTRAIT: the words, not the picture.
TRANSLATED_IMAGE_PARTS = ("alt", "caption", "credit")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One front-matter field of one content type."""

    name: str  # as written: `led_to:`
    value: str  # a key of VALUES
    description: str  # one line, for people and for tools
    required: bool = False
    example: str = ""  # a value as an author writes it; a missing required field's hint shows it
    refers_to: str | None = None  # PAGE, PAGES, PAGES_WITH_ROLES, PLACE: the content type named
    # CHOICE, CHOICES: the set of values, "kinds", "place_kinds" (model.PLACE_KINDS), or site.yaml's
    # "tags", "series", "article_types"
    choices: str | None = None
    for_kinds: tuple[str, ...] = ()  # actors' dates: the kinds of actor that have this field
    default: object = None  # what the build takes when the field is left out; None: no value
    # PAGE: another content type the slug may name instead (a place lies within a state actor)
    also_refers_to: str | None = None
    # A translation (`x.ru.md`) may give it in its language; any other field it repeats must be
    # the original's. IMAGE, PORTRAIT: only TRANSLATED_IMAGE_PARTS; PLACE: only free text.
    translatable: bool = False


_SUMMARY = FieldSpec("summary", TEXT, "One sentence: what cards, feeds and search show.", True,
                     "One sentence.", translatable=True)
_ALIASES = FieldSpec("aliases", TEXT_LIST, "Other names it goes by; prose that uses one links here.",
                     example="[Lukashenko]", translatable=True)
_FORMS = FieldSpec("forms", TEXT_LIST, "The name as prose writes it in other grammatical forms; "
                   "prose that uses one links here, but pages do not list them as other names.",
                   example="[Путина, Путину]", translatable=True)
_DRAFT = FieldSpec("draft", FLAG, "true keeps it out of the built site (shown with --drafts).",
                   example="true", default=False)
_AUTOLINK = FieldSpec("autolink", FLAG, "false stops names in this page's prose from linking "
                      "themselves (default true).", example="false", default=True)
_SOURCES = FieldSpec("sources", SOURCES, "Where the facts come from.",
                     example="[{title: Name of the report, publisher: Reuters}]")
_IMAGE = FieldSpec("image", IMAGE, "A picture, with alt text saying what it shows.",
                   example='{src: /images/picture.jpg, alt: "What it shows"}', translatable=True)

# Actors' dates (born, died, founded...) come from the site's kinds: fields_of() puts them after
# this field.
ACTOR_DATES_AFTER = "role"

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "actors": (
        FieldSpec("name", TEXT, "The actor's name as readers know it.", True, "Alexander Lukashenko",
                  translatable=True),
        FieldSpec("kind", CHOICE, "What kind of actor: person, organization, state, media, or a "
                  "kind site.yaml adds under `kinds:`.", True, "person", choices="kinds"),
        _SUMMARY, _ALIASES, _FORMS,
        FieldSpec("role", TEXT, "What they are in this story, in a few words.",
                  example="President of Belarus", translatable=True),
        FieldSpec("country", TEXT, "The country they belong to, as text.", example="Belarus",
                  translatable=True),
        FieldSpec("image", PORTRAIT, "A portrait: its src alone takes the name as alt text.",
                  example="/images/lukashenko.jpg", translatable=True),
        FieldSpec("links", LINKS, "Pages elsewhere about them, each under its label.",
                  example="{Wikipedia: https://en.wikipedia.org/wiki/Alexander_Lukashenko}"),
        FieldSpec("sort_name", TEXT, "What the who's who sorts them by, when not the name.",
                  example="Lukashenko, Alexander", translatable=True),
        _DRAFT, _AUTOLINK,
    ),
    "events": (
        FieldSpec("title", TEXT, "What happened, as a headline.", True, "The Wagner mutiny",
                  translatable=True),
        FieldSpec("date", DATE, "When it happened (or began).", True, "2023-06-24"),
        FieldSpec("end", DATE, "When it ended, for an event that lasted; not before `date`.",
                  example="2023-06-25"),
        FieldSpec("place", PLACE, "Where it happened: a place's slug links to it, other text is shown "
                  "as it is.", example="rostov-on-don", refers_to="places",
                  translatable=True),
        _SUMMARY, _ALIASES, _FORMS,
        FieldSpec("actors", PAGES_WITH_ROLES, "Who took part, each with a role if it helps.",
                  example="[alexander-lukashenko: mediator]", refers_to="actors"),
        FieldSpec("led_to", PAGES, "Events this one led to; none may be earlier.",
                  example="[wagner-mutiny-ends]", refers_to="events"),
        _SOURCES, _IMAGE, _DRAFT, _AUTOLINK,
    ),
    "articles": (
        FieldSpec("title", TEXT, "The article's headline.", True, "How the mutiny ended",
                  translatable=True),
        FieldSpec("type", CHOICE, "What sort of article (default explainer); site.yaml may add "
                  "types under `article_types:`.", example="analysis", choices="article_types",
                  default="explainer"),
        FieldSpec("date", DATE, "When it was published.", True, "2023-06-24"),
        FieldSpec("updated", DATE, "When it was last changed; not before `date`.",
                  example="2023-06-26"),
        _SUMMARY,
        FieldSpec("actors", PAGES, "Actors it is about.", example="[alexander-lukashenko]",
                  refers_to="actors"),
        FieldSpec("events", PAGES, "Events it is about.", example="[wagner-mutiny]",
                  refers_to="events"),
        FieldSpec("tags", CHOICES, "Tags site.yaml defines under `tags:`.", example="[belarus]",
                  choices="tags"),
        FieldSpec("series", CHOICE, "The series it belongs to, as site.yaml defines under `series:`.",
                  example="after-the-mutiny", choices="series"),
        FieldSpec("updates", PAGE, "An earlier article this one updates or follows.",
                  example="how-the-mutiny-began", refers_to="articles"),
        _SOURCES, _IMAGE, _DRAFT, _AUTOLINK,
    ),
    "places": (
        FieldSpec("name", TEXT, "The place's name as readers know it.", True, "Rostov-on-Don",
                  translatable=True),
        FieldSpec("kind", CHOICE, "What sort of place: city, river, border...", example="city",
                  choices="place_kinds"),
        _SUMMARY, _ALIASES, _FORMS,
        FieldSpec("coordinates", COORDINATES, "Where it is, north and east positive.",
                  example="[47.2357, 39.7015]"),
        FieldSpec("within", PAGE, "The larger place it lies in, or an actor of kind state whose "
                  "territory it is.", example="russia", refers_to="places", also_refers_to="actors"),
        _IMAGE, _DRAFT, _AUTOLINK,
    ),
}


# Fields only a translation has: an event's roles in its language (the original writes them
# in `actors:`).
TRANSLATION_ONLY: dict[str, tuple[FieldSpec, ...]] = {
    "actors": (), "articles": (), "places": (),
    "events": (FieldSpec("roles", ROLES, "The roles of the original's actors, in this language.",
                         example="{alexander-lukashenko: посредник}", refers_to="actors",
                         translatable=True),),
}


def translatable_fields(content_type: str) -> tuple[FieldSpec, ...]:
    """What a translation of `content_type` may say in its own language."""
    return tuple(spec for spec in FIELDS[content_type] if spec.translatable) + \
        TRANSLATION_ONLY[content_type]


def fields_of(content_type: str, kinds: tuple[Kind, ...] = ()) -> tuple[FieldSpec, ...]:
    """The fields of `content_type` in the order the validator lists them; an actor's include
    the dates of the site's `kinds` (kinds.DEFAULT_KINDS and site.yaml's), each name once."""
    fields = FIELDS[content_type]
    if content_type != "actors":
        return fields
    at = next(i for i, spec in enumerate(fields) if spec.name == ACTOR_DATES_AFTER) + 1
    return fields[:at] + _actor_dates(kinds) + fields[at:]


def field_names(content_type: str, kinds: tuple[Kind, ...] = ()) -> tuple[str, ...]:
    return tuple(spec.name for spec in fields_of(content_type, kinds))


def required_example(content_type: str, name: str) -> str | None:
    """The example of a required field (for the hint when it is missing), None when optional."""
    spec = next(spec for spec in FIELDS[content_type] if spec.name == name)
    return spec.example if spec.required else None


def _actor_dates(kinds: tuple[Kind, ...]) -> tuple[FieldSpec, ...]:
    """A date field for each name the kinds give a beginning or an end (`born`, `founded`,
    `built`), saying which kinds have it."""
    owners: dict[str, list[tuple[str, int]]] = {}
    for kind in kinds:
        for index, name in enumerate(kind.dates):
            owners.setdefault(name, []).append((kind.name, index))
    specs = []
    for name, owned in owners.items():
        began = [kind for kind, index in owned if index == 0]
        ended = [kind for kind, index in owned if index == 1]
        said = ([f"when it began, for {_listed(began)}"] if began else []) + \
               ([f"when it ended, for {_listed(ended)}"] if ended else [])
        description = "; ".join(said).capitalize() + " (another kind's date is an error)."
        specs.append(FieldSpec(name, DATE, description, example="1954-08-30",
                               for_kinds=tuple(kind for kind, _ in owned)))
    return tuple(specs)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
