"""What each type of content file may say in its front matter, as one table: the fields a
browser editor (cms/decap.py) offers, in the order it writes them.

The table says what a value is, not how any editor shows it. One row per field:

    Field(name, value, required=False, target=None, hint="", default=None)

`value` is one of VALUES; `target` is the type a reference names (`actors`), or for `term` and
`terms` the site.yaml setting whose slugs it takes (`tags`). `ACTOR_DATES` stands for the
beginning and end dates of the site's kinds of actor (born, died, founded...), which site.yaml
can add to. The body is not a field: every type has one.

This is meant to be swapped for the declarative field table of the front-matter schema once
that exists; tests/cms/test_generate.py checks that the names here are the names the
front-matter reader (content/frontmatter.py, places.py, kinds.py) takes.
"""

from __future__ import annotations

from dataclasses import dataclass

VALUES = (
    "line",  # one line of text
    "date",  # a date at any precision (README, "Dates and times")
    "flag",  # true or false
    "texts",  # a list of lines of text
    "slug",  # the slug of one page of `target`'s type, or of any page when target is None
    "slugs",  # slugs of pages of `target`'s type
    "slug-or-text",  # a page's slug, or free text (an event's place)
    "kind",  # one of the site's kinds of actor
    "place-kind",  # one of content.model.PLACE_KINDS
    "term",  # one slug of the site.yaml setting `target`
    "terms",  # slugs of the site.yaml setting `target`
    "portrait",  # a picture's address (its alt text is the actor's name)
    "picture",  # a picture: {src, alt, caption, credit, credit_url}
    "sources",  # a list of {title, publisher, url, date}
    "coordinates",  # [latitude, longitude]
    "links",  # a mapping of label to URL
)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str  # one of VALUES
    required: bool = False
    target: str | None = None
    hint: str = ""
    default: object = None  # what the reader takes when the field is left out, if anything


ACTOR_DATES = Field("*dates", "date")  # expanded into the site's kinds' date names

_TITLE, _SUMMARY = "as readers see it", "one sentence"
_ALIASES = Field("aliases", "texts", hint="other names the prose uses, in any script")
_DRAFT = Field("draft", "flag", hint="a draft is left out of the build", default=False)
_AUTOLINK = Field("autolink", "flag", hint="link the first mention of each name in this body",
                  default=True)

FIELDS: dict[str, tuple[Field, ...]] = {
    "actors": (
        Field("name", "line", required=True, hint=_TITLE),
        Field("kind", "kind", required=True),
        Field("summary", "line", required=True, hint=_SUMMARY),
        _ALIASES,
        Field("role", "line", hint="shown beside the name in lists"),
        ACTOR_DATES,
        Field("country", "line"),
        Field("image", "portrait", hint="a portrait; its alt text is the name"),
        Field("links", "links"),
        Field("sort_name", "line", hint="where lists file it, e.g. 'Xi Jinping' or 'Beethoven, Ludwig van'"),
        _DRAFT,
        _AUTOLINK,
    ),
    "events": (
        Field("title", "line", required=True, hint=_TITLE),
        Field("date", "date", required=True),
        Field("end", "date", hint="for events that last a while"),
        Field("place", "slug-or-text", target="places",
              hint="the slug of a place (rostov-on-don), or free text (Rostov-on-Don, Russia)"),
        Field("summary", "line", required=True, hint=_SUMMARY),
        _ALIASES,
        Field("actors", "slugs", target="actors", hint="who took part"),
        Field("led_to", "slugs", target="events", hint="later events this one caused"),
        Field("sources", "sources"),
        Field("image", "picture", hint="a lead image"),
        _DRAFT,
        _AUTOLINK,
    ),
    "articles": (
        Field("title", "line", required=True, hint=_TITLE),
        Field("type", "term", target="article_types", hint="what it is: its kicker",
              default="explainer"),
        Field("date", "date", required=True),
        Field("updated", "date", hint="not before the date"),
        Field("summary", "line", required=True, hint=_SUMMARY),
        Field("actors", "slugs", target="actors"),
        Field("events", "slugs", target="events"),
        Field("tags", "terms", target="tags"),
        Field("series", "term", target="series"),
        Field("updates", "slug", target="articles", hint="the earlier article this one updates or follows"),
        Field("sources", "sources"),
        Field("image", "picture", hint="a lead image, and the picture of social cards"),
        _DRAFT,
        _AUTOLINK,
    ),
    "places": (
        Field("name", "line", required=True, hint=_TITLE),
        Field("kind", "place-kind"),
        Field("summary", "line", required=True, hint=_SUMMARY),
        _ALIASES,
        Field("coordinates", "coordinates",
              hint="latitude, then longitude, in decimal degrees (north and east positive)"),
        Field("within", "slug",
              hint="the slug of a larger place, or of a state actor (russia)"),
        Field("image", "picture"),
        _DRAFT,
        _AUTOLINK,
    ),
}

# The field a type's pages are called by, and its slug made from.
IDENTIFIERS = {"actors": "name", "events": "title", "articles": "title", "places": "name"}
TYPES = tuple(FIELDS)
