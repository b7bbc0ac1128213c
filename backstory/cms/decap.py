"""Decap CMS's configuration for a site: one collection per type of content file, its fields
made from the table in cms/fields.py and the site's own kinds, tags, series and types.

Decisions (docs/cms.md says them to authors):
- Every date is a text field checked by DATE_PATTERN, never a date picker: Backstory keeps a
  date at the precision written (1994, 2020-08, 2023-06-24 evening), and a picker would write a
  day or a time the reporter does not know.
- References are `relation` fields whose value is the page's slug, searched by name or title.
- Drafts are Backstory's own `draft:` field, a switch: Decap's editorial workflow needs a git
  backend (decap-server's folder mode has none), and Backstory has no other draft state.
- The body is edited as Markdown only: Decap's rich text writes a typed `[[slug]]` as
  `\\[[slug]]`, which is no longer a link.
"""

from __future__ import annotations

from ..content.config import Config
from ..content.kinds import Kind
from ..content.model import PLACE_KINDS
from ..content.terms import Term
from .fields import ACTOR_DATES, FIELDS, IDENTIFIERS, Field

DEFAULT_BACKEND = {"name": "git-gateway", "branch": "main"}
MEDIA_FOLDER, PUBLIC_FOLDER = "static/images", "/images"  # static/ is published at the site root

# Backstory's date forms (content/datefields.py), as a JavaScript regular expression; the build
# still reads each date itself and says exactly what is wrong.
DATE_PATTERN = (r"^(?:(?:c\.|circa) ?)?[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2}(?:[ T](?:morning|afternoon"
                r"|evening|night|[0-9]{2}:[0-9]{2}(?::00)?(?: ?(?:Z|[+-][0-9]{2}:?[0-9]{2}"
                r"|[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+))?))?)?)?$")
DATE_HINT = ("as precisely as you know it: 1994, 2020-08, 2023-06-24, 2023-06-24 evening, "
             "2023-06-24 09:30, 2023-06-24 09:30 Europe/Moscow; c. 1994 for a guess")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MESSAGE = "a slug: lowercase letters, digits and single hyphens (a page's file name without .md)"
LABELS = {"actors": ("Actors", "Actor"), "events": ("Events", "Event"),
          "articles": ("Articles", "Article"), "places": ("Places", "Place")}


def decap_config(config: Config, backend: dict | None = None) -> dict:
    """The whole of admin/config.yml, as plain data in the order it is written."""
    settings: dict = {
        "backend": dict(backend or DEFAULT_BACKEND),
        "local_backend": True,  # `npx decap-server` in the site's folder: files written there
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if config.base_url:
        settings["site_url"] = config.base_url
    settings["collections"] = [collection(name, config) for name in FIELDS]
    return settings


def collection(name: str, config: Config) -> dict:
    plural, singular = LABELS[name]
    identifier = IDENTIFIERS[name]
    fields = [widget(field, config) for field in _expanded(FIELDS[name], config.kinds)]
    fields = [field for field in fields if field is not None]
    fields.append({"name": "body", "label": "Body", "widget": "markdown", "required": False,
                   "modes": ["raw"], "hint": "Markdown; [[slug]] links to a page"})
    return {
        "name": name, "label": plural, "label_singular": singular,
        "folder": f"content/{name}", "create": True, "extension": "md", "format": "frontmatter",
        "slug": "{{slug}}", "identifier_field": identifier, "summary": f"{{{{{identifier}}}}}",
        "sortable_fields": [identifier], "fields": fields,
        "view_filters": [{"label": "Drafts", "field": "draft", "pattern": True}],
    }


def _expanded(fields: tuple[Field, ...], kinds: tuple[Kind, ...]) -> list[Field]:
    """The fields with ACTOR_DATES replaced by a date field for each of the site's date names."""
    out = []
    for field in fields:
        if field is not ACTOR_DATES:
            out.append(field)
            continue
        for date in dict.fromkeys(name for kind in kinds for name in kind.dates):
            which = ", ".join(kind.label for kind in kinds if date in kind.dates)
            out.append(Field(date, "date", hint=f"only for: {which}"))
    return out


def widget(field: Field, config: Config) -> dict | None:
    """Decap's description of one field, or None for a field it cannot edit (left as written)."""
    out: dict = {"name": field.name, "label": field.name.replace("_", " ").capitalize()}
    out.update(_WIDGETS[field.value](field, config) or {"skip": True})
    if out.pop("skip", False):
        return None
    out["required"] = field.required
    hint = "; ".join(part for part in (field.hint, out.pop("extra_hint", "")) if part)
    if hint:
        out["hint"] = hint
    if field.default is not None:
        out["default"] = field.default
    return out


def _line(field: Field, config: Config) -> dict:
    return {"widget": "string"}


def _date(field: Field, config: Config) -> dict:
    return {"widget": "string", "pattern": [DATE_PATTERN, "a date such as 1994, 2020-08 or 2023-06-24"],
            "extra_hint": DATE_HINT}


def _flag(field: Field, config: Config) -> dict | None:
    # Decap shows a field left out as off: a switch whose absence means on (autolink) would
    # show every page written without it wrongly. Such a field is left as written.
    return None if field.default is True else {"widget": "boolean"}


def _slug(field: Field, config: Config, multiple: bool = False) -> dict:
    if field.target is None:
        return {"widget": "string", "pattern": [SLUG_PATTERN, SLUG_MESSAGE]}
    shown = IDENTIFIERS[field.target]
    return {"widget": "relation", "collection": field.target, "value_field": "{{slug}}",
            "search_fields": [shown], "display_fields": [shown], "multiple": multiple}


def _select(options: list, multiple: bool = False) -> dict | None:
    if not options:
        return None  # Decap refuses a select of nothing; the site defines none of them
    return {"widget": "select", "options": options, "multiple": multiple}


def _terms(terms: tuple[Term, ...]) -> list[dict]:
    return [{"label": term.label, "value": term.slug} for term in terms]


def _term(field: Field, config: Config, multiple: bool = False) -> dict | None:
    return _select(_terms(getattr(config, field.target)), multiple)


def _picture(field: Field, config: Config) -> dict:
    # Nothing required here: Decap would then refuse to save a page without a picture; the
    # build says what a picture written lacks.
    parts = [{"name": "src", "label": "Picture", "widget": "image", "choose_url": True,
              "required": False},
             {"name": "alt", "label": "Alt text", "widget": "string", "required": False,
              "hint": 'what the picture shows, for readers who cannot see it ("" if decorative)'},
             {"name": "caption", "label": "Caption", "widget": "string", "required": False},
             {"name": "credit", "label": "Credit", "widget": "string", "required": False},
             {"name": "credit_url", "label": "Credit link", "widget": "string", "required": False}]
    return {"widget": "object", "collapsed": True, "fields": parts}


def _sources(field: Field, config: Config) -> dict:
    parts = [{"name": "title", "label": "Title", "widget": "string"},
             {"name": "publisher", "label": "Publisher", "widget": "string", "required": False},
             {"name": "url", "label": "Address", "widget": "string", "required": False,
              "pattern": ["^https?://", "an http:// or https:// address"]},
             {"name": "date", "label": "Date", "widget": "string", "required": False,
              "pattern": [DATE_PATTERN, "a date such as 2023-06-24"]}]
    return {"widget": "list", "summary": "{{fields.title}}", "collapsed": True, "fields": parts}


def _kinds(kinds: tuple[Kind, ...]) -> list[dict]:
    return [{"label": kind.label, "value": kind.name} for kind in kinds]


_WIDGETS = {
    "line": _line,
    "date": _date,
    "flag": _flag,
    "texts": lambda field, config: {"widget": "list", "extra_hint": "separate them with commas"},
    "slug": _slug,
    "slugs": lambda field, config: _slug(field, config, multiple=True),
    "slug-or-text": _line,
    "kind": lambda field, config: _select(_kinds(config.kinds)),
    "place-kind": lambda field, config: _select(list(PLACE_KINDS)),
    "term": _term,
    "terms": lambda field, config: _term(field, config, multiple=True),
    "portrait": lambda field, config: {"widget": "image", "choose_url": True},
    "picture": _picture,
    "sources": _sources,
    "coordinates": lambda field, config: {"widget": "list", "field": {
        "name": "degrees", "label": "Degrees", "widget": "number", "value_type": "float"}},
    "links": lambda field, config: None,  # label: URL pairs; Decap edits no mapping of free keys
}
