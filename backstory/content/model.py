"""The content graph: frozen records that refer to each other by slug, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any

from .when import When

CONTENT_TYPES = ("actors", "events", "articles", "places")
NAMED_TYPES = ("actors", "events", "places")  # what prose can name (mentions.names_of)
# What a place may be (docs/writing.md, "Places"): a documented list, so a typo is caught.
PLACE_KINDS = ("country", "region", "province", "district", "city", "town", "village",
               "neighbourhood", "building", "site", "port", "airport", "base", "camp", "border",
               "island", "mountain", "river", "waterway", "canal", "lake", "sea", "bay",
               "strait", "ocean")


def pickled_by_fields(self) -> tuple:
    """Pickle as the class and its fields in order: a build cache (cache.py) holds a whole
    site's records, and rebuilding them this way takes half the time of dataclasses' own."""
    cls = type(self)
    return (cls, _fields_of(cls)(self))


@cache
def _fields_of(cls: type) -> Callable[[Any], tuple]:
    """A class's fields in order, read in C: most of the time of pickling a record went here."""
    names = cls.__slots__
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        return lambda record: (getattr(record, names[0]),)
    return attrgetter(*names)


@dataclass(frozen=True, slots=True)
class Position:
    __reduce__ = pickled_by_fields

    path: str  # relative to the site root, as shown to the user
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference from a page to a slug: a front-matter entry or a wiki link in prose."""

    __reduce__ = pickled_by_fields

    target: str
    position: Position
    field: str  # "actors", "led_to", "events", "body" (a wiki link) or "mention" (a name in prose)
    role: str | None = None
    # What the target must be ("actors", "events"), or None when any page will do.
    expects: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Body:
    """A Markdown body, parsed once. `tokens` live only until mentions.py has read them and
    compiled `html`: the rendered body with its links left as slots (markdown.LinkSlot) that
    each page fills in, so no page renders Markdown and no build keeps every token."""

    __reduce__ = pickled_by_fields

    source: str | bytes  # bytes (UTF-8) once compiled: see `text`
    first_line: int  # line of the file where the body starts (1-based)
    tokens: tuple[Any, ...] = ()
    links: tuple[Ref, ...] = ()
    # Filled in by mentions.py once every name of the site is known: one Ref per record the
    # prose names, and where the first mention of each becomes a link:
    # (block index, child index, start, end, slug) into `tokens`.
    mentions: tuple[Ref, ...] = ()
    autolinks: tuple[tuple[int, int, int, int, str], ...] = ()
    html: tuple[Any, ...] | None = None
    # Every id the body's HTML gives (headings, footnotes, raw HTML): what `#anchor` may name.
    ids: tuple[str, ...] = ()
    # Addresses a build checks (addresses.py): (kind, address, where written), kind "wiki" for
    # a wiki link with a #fragment, "link" or "image" for a Markdown link or image in the site.
    addresses: tuple[tuple[str, str, Position], ...] = ()

    @property
    def text(self) -> str:
        """The Markdown source, however it is kept."""
        return self.source if isinstance(self.source, str) else self.source.decode()


@dataclass(frozen=True, slots=True)
class Source:
    __reduce__ = pickled_by_fields

    title: str
    publisher: str | None = None
    url: str | None = None
    date: When | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture named in front matter (`image:`): a file under static/ or an http(s) URL, with
    what a reader is told about it. `alt` is "" for a decorative picture."""

    __reduce__ = pickled_by_fields

    src: str  # "images/x.jpg" (under static/, from the site root, no leading /) or a whole URL
    alt: str
    position: Position  # where `image:` is written, to report a missing or broken file
    caption: str | None = None
    credit: str | None = None
    credit_url: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Actor:
    __reduce__ = pickled_by_fields

    slug: str
    path: str
    name: str
    kind: str
    summary: str
    body: Body
    aliases: tuple[str, ...] = ()
    role: str | None = None
    began: When | None = None  # under the name its kind gives it: born, founded, built...
    ended: When | None = None  # died, dissolved, scrapped...
    country: str | None = None
    image: Image | None = None  # a portrait
    links: tuple[tuple[str, str], ...] = ()
    sort_name: str | None = None  # how lists order it ("Xi Jinping", "Beethoven, Ludwig van")
    draft: bool = False
    autolink: bool = True  # front matter `autolink: false` keeps names in this body unlinked
    name_places: tuple[tuple[str, Position], ...] = ()  # name and aliases, where written
    # Of the aliases, those that are the name's other grammatical forms (`forms:`): linked, not
    # listed as other names
    forms: tuple[str, ...] = ()

    type = "actors"

    @property
    def label(self) -> str:
        return self.name

    @property
    def refs(self) -> tuple[Ref, ...]:
        return self.body.links + self.body.mentions


@dataclass(frozen=True, slots=True, eq=False)
class Event:
    __reduce__ = pickled_by_fields

    slug: str
    path: str
    title: str
    date: When
    summary: str
    body: Body
    end: When | None = None
    place: str | None = None  # as written: free text, or the slug of a place (place_ref)
    aliases: tuple[str, ...] = ()
    actors: tuple[Ref, ...] = ()
    led_to: tuple[Ref, ...] = ()
    sources: tuple[Source, ...] = ()
    draft: bool = False
    autolink: bool = True
    name_places: tuple[tuple[str, Position], ...] = ()  # title and aliases, where written
    image: Image | None = None  # a lead image
    place_ref: Ref | None = None  # `place:` written as a slug: a reference to a place page
    # Of the aliases, those that are the name's other grammatical forms (`forms:`): linked, not
    # listed as other names
    forms: tuple[str, ...] = ()

    type = "events"

    @property
    def label(self) -> str:
        return self.title

    @property
    def refs(self) -> tuple[Ref, ...]:
        own = (self.place_ref,) if self.place_ref is not None else ()
        return self.actors + self.led_to + own + self.body.links + self.body.mentions


@dataclass(frozen=True, slots=True, eq=False)
class Article:
    __reduce__ = pickled_by_fields

    slug: str
    path: str
    title: str
    date: When
    summary: str
    body: Body
    updated: When | None = None
    actors: tuple[Ref, ...] = ()
    events: tuple[Ref, ...] = ()
    tags: tuple[str, ...] = ()  # slugs of site.yaml's `tags:`
    sources: tuple[Source, ...] = ()
    draft: bool = False
    autolink: bool = True
    article_type: str = "explainer"  # a slug of the site's article types (terms.py)
    series: str | None = None  # a slug of site.yaml's `series:`
    updates: tuple[Ref, ...] = ()  # the article this one updates or follows, if any
    image: Image | None = None  # a lead image

    type = "articles"

    @property
    def label(self) -> str:
        return self.title

    @property
    def refs(self) -> tuple[Ref, ...]:
        return self.actors + self.events + self.updates + self.body.links + self.body.mentions


@dataclass(frozen=True, slots=True, eq=False)
class Place:
    """A place the story happens in: a city, a waterway, a building (content/places.py)."""

    __reduce__ = pickled_by_fields

    slug: str
    path: str
    name: str
    summary: str
    body: Body
    kind: str | None = None  # one of PLACE_KINDS, or None when not said
    aliases: tuple[str, ...] = ()
    coordinates: tuple[float, float] | None = None  # (latitude, longitude) in degrees
    within: Ref | None = None  # the larger place (or the state actor) this one lies in
    image: Image | None = None  # a picture of it
    draft: bool = False
    autolink: bool = True
    name_places: tuple[tuple[str, Position], ...] = ()  # name and aliases, where written
    # Of the aliases, those that are the name's other grammatical forms (`forms:`): linked, not
    # listed as other names
    forms: tuple[str, ...] = ()

    type = "places"

    @property
    def label(self) -> str:
        return self.name

    @property
    def refs(self) -> tuple[Ref, ...]:
        own = (self.within,) if self.within is not None else ()
        return own + self.body.links + self.body.mentions


Record = Actor | Event | Article | Place


@dataclass(frozen=True, slots=True, eq=False)
class Translation:
    """One record's text in another language (`x.ru.md` beside `x.md`): only what is
    translated, each field where it is written; everything else is the original's."""

    __reduce__ = pickled_by_fields

    type: str  # the original's: "actors", "events", "articles" or "places"
    slug: str  # the original's
    language: str  # a code of site.yaml's `languages:`, never the default
    path: str  # the translation's file, as shown
    original: str  # the original's file, as shown
    body: Body  # its own Markdown, its names matched against the language's (mentions.py)
    # field -> text, in the fieldtable's order: name or title, summary, role, country,
    # sort_name, place, and "image.alt", "image.caption", "image.credit". A required text the
    # translation leaves out is the original's once loaded (translatedfields.with_fallbacks).
    texts: tuple[tuple[str, str], ...] = ()
    aliases: tuple[str, ...] = ()  # the `forms:` it gives among them, last
    forms: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = ()  # an event's: actor slug -> translated role
    positions: tuple[tuple[str, Position], ...] = ()  # field -> where it is written
    name_places: tuple[tuple[str, Position], ...] = ()  # name (or title) and aliases, placed
    draft: bool = False  # the original's
    autolink: bool = True  # the original's

    def text(self, name: str) -> str | None:
        return next((text for field_name, text in self.texts if field_name == name), None)

    def position(self, name: str) -> Position | None:
        return next((at for field_name, at in self.positions if field_name == name), None)

    @property
    def label(self) -> str:
        return self.text("name") or self.text("title") or ""

    @property
    def refs(self) -> tuple[Ref, ...]:
        return self.body.links + self.body.mentions


@dataclass(frozen=True, slots=True)
class Link:
    """One resolved connection, kept on the target's side: who points here, and how."""

    __reduce__ = pickled_by_fields

    source: str  # slug of the page that holds the reference
    field: str
    role: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Site:
    """Every published record by slug, plus the backlinks derived from their references."""

    actors: dict[str, Actor]
    events: dict[str, Event]
    articles: dict[str, Article]
    places: dict[str, Place] = field(default_factory=dict)
    # slug -> every link pointing at it, in a stable order
    backlinks: dict[str, tuple[Link, ...]] = field(default_factory=dict)
    # event slug -> its sort key in story order: by date, causes before what they led to
    chronology: dict[str, tuple] = field(default_factory=dict)
    # event slug -> (previous, next) event slug in story order, None at either end
    neighbours: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    # (type, slug, language) -> the published record's translation into that language, loaded
    # (pipeline/translations.py); empty for a site in one language
    translations: dict[tuple[str, str, str], Translation] = field(default_factory=dict)
    # The language its records are in (graph/localize.py): None for the originals', a code of
    # `languages:` for a site as that language's pages show it
    language: str | None = None
    # In such a site, each translated record as written in the originals' language, by slug
    originals: dict[str, Record] = field(default_factory=dict)
    # every record above by slug, whatever its type: what get() looks in
    records: dict[str, Record] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Pages look records up hundreds of times each: one dict, not up to three. A slug is
        # one record's (resolve reports any other use); actors first, as get() always had it.
        object.__setattr__(self, "records", {**self.places, **self.articles, **self.events,
                                             **self.actors})

    def get(self, slug: str) -> Record | None:
        return self.records.get(slug)

    def backlinks_of(self, slug: str) -> tuple[Link, ...]:
        return self.backlinks.get(slug, ())

    def is_translated(self, slug: str) -> bool:
        """Whether the record is in this site's language: an original in the originals', or
        translated into its language."""
        return self.language is None or self.translation(slug, self.language) is not None

    def translation(self, slug: str, language: str) -> Translation | None:
        """The record's translation into `language`, None when it has none."""
        record = self.records.get(slug)
        return None if record is None else self.translations.get((record.type, slug, language))
