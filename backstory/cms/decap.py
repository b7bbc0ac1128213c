"""Decap CMS's configuration for a site: one collection per type of content file, its fields
made from the front-matter table (content/fieldtable.py) and the site's own kinds, tags, series
and types, so the form offers what the build reads and nothing else.

Decisions (docs/cms.md says them to authors):
- Every date is a text field checked by DATE_PATTERN, never a date picker: Backstory keeps a
  date at the precision written (1994, 2020-08, 2023-06-24 evening), and a picker would write a
  day or a time the reporter does not know.
- References are `relation` fields whose value is the page's slug, searched by name or title.
  Pages with roles (an event's actors) use Backstory's widget from roles.js: a row per page,
  with its role, saved as `- slug` or `- slug: role`.
- A picture (`image:`) uses picture.js's widget: its address with Decap's media library, and
  alt text, caption and credit; text stays text, a mapping a mapping (an actor's portrait may be
  either). Decap's image widget holds only text and would lose a mapping.
- entryguard.js refuses a save whose entry is not the one the address names: Decap keeps the
  entry it loaded when only the address's hash moves to another, and would write the form there.
- Drafts are Backstory's own `draft:` field, a switch, whichever the workflow: it hides a page
  that is in content/. With `cms: {workflow: editorial}` Decap's editorial workflow comes on
  top: an entry not yet published lives on a git branch `cms/<collection>/<slug>`, not in the
  main branch's content/, so no build of that branch sees it. That needs a git backend
  (decap-server's git mode locally); Decap falls back to saving straight in without one.
- The body is edited as Markdown only: Decap's rich text writes a typed `[[slug]]` as
  `\\[[slug]]`, which is no longer a link.
- A field the form cannot show truthfully is left out (left_out() says why): a file keeps what
  it says there, since Decap writes back the fields it does not know.
"""

from __future__ import annotations

from collections.abc import Callable

from ..content.choices import choices_of
from ..content.cmssettings import WORKFLOWS
from ..content.config import Config
from ..content.fieldtable import (
    CHOICE,
    CHOICES,
    COORDINATES,
    DATE,
    FLAG,
    IMAGE,
    LINKS,
    PAGE,
    PAGES,
    PAGES_WITH_ROLES,
    PLACE,
    PORTRAIT,
    SOURCES,
    TEXT,
    TEXT_LIST,
    FieldSpec,
    fields_of,
)
from ..content.model import CONTENT_TYPES

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
# The field a type's pages are called by, and their slug made from.
IDENTIFIERS = {"actors": "name", "events": "title", "articles": "title", "places": "name"}

# Backstory's scripts, which admin.py writes beside config.yml and the page loads after Decap:
# the name written -> the file beside this module.
ROLES_SCRIPT, PICTURE_SCRIPT = "backstory-roles.js", "backstory-picture.js"
GUARD_SCRIPT = "backstory-guard.js"
SCRIPTS = {ROLES_SCRIPT: "roles.js", PICTURE_SCRIPT: "picture.js", GUARD_SCRIPT: "entryguard.js"}
# roles.js: its widget's name and the names of a row's two fields (names with `_`, which no
# slug has, so a row is never taken for `slug: role`).
ROLES_WIDGET, ROLE_SLUG, ROLE_TEXT = "backstory-roles", "page_slug", "page_role"
PICTURE_WIDGET = "backstory-picture"  # picture.js: a picture as text or as a mapping


def decap_config(config: Config, backend: dict | None = None) -> dict:
    """The whole of admin/config.yml, as plain data in the order it is written."""
    settings: dict = {
        "backend": dict(backend or DEFAULT_BACKEND),
        "local_backend": True,  # `npx decap-server` in the site's folder: files written there
    }
    if config.cms_workflow != "simple":  # Decap's default, left unsaid
        settings["publish_mode"] = WORKFLOWS[config.cms_workflow]
    settings |= {
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if config.base_url:
        settings["site_url"] = config.base_url
    settings["collections"] = [collection(name, config) for name in CONTENT_TYPES]
    return settings


def proxy_branch(backend: dict | None) -> str:
    """The branch decap-server reads and, in the editorial workflow, publishes to: the
    backend's, or the one Decap's proxy backend assumes when none is named."""
    return str((backend or DEFAULT_BACKEND).get("branch", "master"))


def collection(name: str, config: Config) -> dict:
    plural, singular = LABELS[name]
    identifier = IDENTIFIERS[name]
    fields = [widget(spec, config) for spec in fields_of(name, config.kinds)]
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


def left_out(content_type: str, config: Config) -> dict[str, str]:
    """The fields of `content_type` the form does not show, each with why."""
    reasons = ((spec.name, why_left_out(spec, config)) for spec in fields_of(content_type, config.kinds))
    return {name: why for name, why in reasons if why}


def why_left_out(spec: FieldSpec, config: Config) -> str:
    """Why the form leaves `spec` out, or "" when it shows it."""
    if spec.value == LINKS:
        return "labels chosen by the author, each with an address: no Decap widget edits such a mapping"
    if spec.value == FLAG and spec.default is True:
        # Decap shows a switch a file leaves out as off: every page written without it would
        # show wrongly, and saving would turn it off.
        return "a switch that is on when left out, which Decap would show as off"
    if spec.value in (CHOICE, CHOICES) and not choices_of(spec.choices, config):
        return f"site.yaml defines no {spec.choices}, and Decap refuses a list to choose from of none"
    return ""


def widget(spec: FieldSpec, config: Config) -> dict | None:
    """Decap's description of one field, or None for a field it leaves out (left as written)."""
    if why_left_out(spec, config):
        return None
    out: dict = {"name": spec.name, "label": spec.name.replace("_", " ").capitalize()}
    out.update(_WIDGETS[spec.value](spec, config))
    out["required"] = spec.required
    out["hint"] = "; ".join(part for part in (_hint(spec), out.pop("extra_hint", "")) if part)
    if spec.default is not None:
        out["default"] = spec.default
    return out


def _hint(spec: FieldSpec) -> str:
    """The table's description as a hint under the field: one line, without its full stop."""
    return spec.description.removesuffix(".")


def _date(spec: FieldSpec, config: Config) -> dict:
    return {"widget": "string", "pattern": [DATE_PATTERN, "a date such as 1994, 2020-08 or 2023-06-24"],
            "extra_hint": DATE_HINT}


def _relation(target: str, multiple: bool = False) -> dict:
    shown = IDENTIFIERS[target]
    return {"widget": "relation", "collection": target, "value_field": "{{slug}}",
            "search_fields": [shown], "display_fields": [shown], "multiple": multiple}


def _page(spec: FieldSpec, config: Config) -> dict:
    if spec.also_refers_to:
        # Decap's relation searches one collection: a slug of either type is typed.
        return {"widget": "string", "pattern": [SLUG_PATTERN, SLUG_MESSAGE]}
    return _relation(spec.refers_to)


def _pages_with_roles(spec: FieldSpec, config: Config) -> dict:
    singular = LABELS[spec.refers_to][1]
    # roles.js shows the row's fields as a list's `fields`; under `field` here, Decap leaves
    # the value whole until roles.js has written it back as the file's form. No defaults in the
    # row: Decap would fill a new page's value with them, as if it were an object.
    row = {"name": "row", "label": singular, "widget": "object", "fields": [
        {"name": ROLE_SLUG, "label": singular, **_relation(spec.refers_to)},
        {"name": ROLE_TEXT, "label": "Role", "widget": "string", "required": False,
         "hint": "a few words shown beside the name, or nothing"}]}
    return {"widget": ROLES_WIDGET, "label_singular": singular, "collapsed": False,
            "summary": f"{{{{fields.{ROLE_SLUG}}}}}", "field": row}


def _select(spec: FieldSpec, config: Config) -> dict:
    options = [{"label": choice.label, "value": choice.value} for choice in choices_of(spec.choices, config)]
    return {"widget": "select", "options": options, "multiple": spec.value == CHOICES}


def _picture(spec: FieldSpec, config: Config) -> dict:
    """picture.js's widget, for a picture written as a mapping or (a portrait) as its address:
    Decap's image widget would lose the mapping, its object widget the text."""
    # Nothing required here: Decap would then refuse to save a page without a picture; the
    # build says what a picture written lacks.
    parts = [{"name": "src", "label": "Picture", "widget": "image", "choose_url": True,
              "required": False},
             {"name": "alt", "label": "Alt text", "widget": "string", "required": False,
              "hint": 'what the picture shows, for readers who cannot see it ("" if decorative)'},
             {"name": "caption", "label": "Caption", "widget": "string", "required": False},
             {"name": "credit", "label": "Credit", "widget": "string", "required": False},
             {"name": "credit_url", "label": "Credit link", "widget": "string", "required": False}]
    out = {"widget": PICTURE_WIDGET, "collapsed": spec.value == IMAGE, "fields": parts}
    if spec.value == PORTRAIT:
        # Its address alone stays text; a mapping made from it takes the name as its alt text.
        out |= {"text_form": True, "text_alt_from": IDENTIFIERS["actors"]}
    return out


def _sources(spec: FieldSpec, config: Config) -> dict:
    parts = [{"name": "title", "label": "Title", "widget": "string"},
             {"name": "publisher", "label": "Publisher", "widget": "string", "required": False},
             {"name": "url", "label": "Address", "widget": "string", "required": False,
              "pattern": ["^https?://", "an http:// or https:// address"]},
             {"name": "date", "label": "Date", "widget": "string", "required": False,
              "pattern": [DATE_PATTERN, "a date such as 2023-06-24"]}]
    return {"widget": "list", "summary": "{{fields.title}}", "collapsed": True, "fields": parts}


_WIDGETS: dict[str, Callable[[FieldSpec, Config], dict]] = {
    TEXT: lambda spec, config: {"widget": "string"},
    DATE: _date,
    FLAG: lambda spec, config: {"widget": "boolean"},
    TEXT_LIST: lambda spec, config: {"widget": "list", "extra_hint": "separate them with commas"},
    PAGE: _page,
    PAGES: lambda spec, config: _relation(spec.refers_to, multiple=True),
    PAGES_WITH_ROLES: _pages_with_roles,
    PLACE: lambda spec, config: {"widget": "string"},  # a place's slug, or free text
    CHOICE: _select,
    CHOICES: _select,
    PORTRAIT: _picture,
    IMAGE: _picture,
    SOURCES: _sources,
    COORDINATES: lambda spec, config: {"widget": "list", "field": {
        "name": "degrees", "label": "Degrees", "widget": "number", "value_type": "float"}},
}
