"""The front-matter rules as JSON Schema (draft 2020-12), made from the field table
(fieldtable.py) and the site's settings: its kinds of actor, tags, series and types of article.

A front matter is checked as a tool sees it once YAML is read as JSON: keys as text, dates as
the text written (YAML timestamps not turned into dates, as check-jsonschema reads them; an
ISO string such as `2023-06-24T09:30:00+03:00` passes too). What JSON Schema cannot say (that a
slug names an existing page, that an end is not before its start, that a zone name exists) is
left to the build and said in the descriptions and in docs/schema.md.
"""

from __future__ import annotations

import yaml

from .choices import choices_of
from .config import Config
from .fieldtable import (
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
    VALUES,
    FieldSpec,
    fields_of,
)
from .model import CONTENT_TYPES
from .sources import SLUG_PATTERN
from .when import PARTS

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Patterns are written for both ECMA-262 (editors) and Python's re (jsonschema): no flags, so
# case is spelled out. Values.py's control characters, which a text may not hold.
_CONTROL = "[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]"
_SLUG = f"^{SLUG_PATTERN.pattern}$"
_URL = "^\\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]"


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


def _calendar_day(padded: bool) -> str:
    """YEAR-MONTH-DAY of a day the calendar has, 29 February in leap years only; `padded`
    False also takes the one-digit months and days a YAML timestamp may have."""
    zero = "0" if padded else "0?"
    long, short = f"{zero}[13578]|1[02]", f"{zero}[469]|11"
    first = f"{zero}[1-9]|1[0-9]|2[0-8]"
    leap = "[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00"
    return (f"(?:[0-9]{{4}}-(?:(?:{long})-(?:{first}|29|30|31)|(?:{short})-(?:{first}|29|30)"
            f"|{zero}2-(?:{first}))|(?:{leap})-{zero}2-29)")


def _date_patterns() -> tuple[str, str]:
    """The text forms datefields.read_when() takes, and the YAML timestamps (always with
    seconds) that YAML reads into a datetime before it does."""
    guess = f"(?:{_any_case('c.').replace('.', '[.]')}|{_any_case('circa')})\\s*"
    part = "|".join(_any_case(name) for name in PARTS)
    time = "(?:[01][0-9]|2[0-3]):[0-5][0-9](?::00?)?"
    offset = "[+-](?:(?:0[0-9]|1[0-7]):?[0-5][0-9]|18:?00)"
    zone = f"(?:Z|UTC|{offset}|[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+)"
    day = _calendar_day(padded=True)
    body = (f"(?!0000)(?:{day}(?:(?:T|\\s+)(?:{part}|{time}(?:\\s*{zone})?))?"
            f"|[0-9]{{4}}-(?:0[1-9]|1[0-2])|[0-9]{{4}})")
    written = f"^\\s*(?:{guess})?{body}\\s*$"
    yaml_offset = "[+-](?:(?:0?[0-9]|1[0-7])(?::[0-5][0-9])?|18(?::00)?)"
    timestamp = (f"^\\s*(?!0000){_calendar_day(padded=False)}(?:[Tt]|[ \\t]+)"
                 f"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]:00(?:[.]0*)?(?:[ \\t]*(?:Z|{yaml_offset}))?\\s*$")
    return written, timestamp


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _text(nonblank: bool = False) -> dict:
    schema: dict = {"type": "string", "not": {"type": "string", "pattern": _CONTROL}}
    if nonblank:
        schema["pattern"] = "\\S"
    return schema


# Values read as text first (Fields.text), where blank text is no value; lists, mappings and
# dates may be null, never blank.
_READ_AS_TEXT = (TEXT, PLACE, PAGE, CHOICE, IMAGE, PORTRAIT)


def _optional(schema: dict, value: str) -> dict:
    """An optional field's schema: absent or null is no value, and blank text for one read as
    text; a flag is true or false."""
    if value == FLAG:
        return schema
    blank = [{"type": "string", "pattern": "^\\s*$"}] if value in _READ_AS_TEXT else []
    return {"anyOf": [schema, {"type": "null"}, *blank]}


def _shared_defs() -> dict[str, dict]:
    written, timestamp = _date_patterns()
    slug = {"type": "string", "pattern": _SLUG, "maxLength": 120}
    url = {"type": "string", "pattern": _URL, "description": "A whole http:// or https:// address."}
    # A picture's src: a file under static/ (no scheme, no //, no .., no ? or #) or an http(s) URL.
    path = {"type": "string", "pattern": "^(?![^/]*:)(?!//)(?!.*://)(?!(?:.*/)?[.][.](?:/|$))"
                                         "[^\\\\?#]*[^\\\\?#/]$"}
    image = {
        "type": "object", "additionalProperties": False, "required": ["src", "alt"],
        "properties": {
            "src": {"allOf": [_text(nonblank=True), {"anyOf": [url, path]}],
                    "description": "A file under static/ (/images/x.jpg) or an http(s) URL."},
            "alt": {**_text(), "pattern": "^$|\\S",
                    "description": "What the picture shows; \"\" for a decorative picture."},
            "caption": {"anyOf": [_text(), {"type": "null"}]},
            "credit": {"anyOf": [_text(), {"type": "null"}]},
            "credit_url": {"anyOf": [{"$ref": "#/$defs/url"}, {"type": "null"}]},
        },
        # A credit's link needs the credit it links.
        "if": {"required": ["credit_url"], "properties": {"credit_url": {"type": "string"}}},
        "then": {"required": ["credit"], "properties": {"credit": {"type": "string", "pattern": "\\S"}}},
    }
    return {
        "date": {"description": _sentence(VALUES[DATE]) + " YAML reads 2023-06-24 as a date: give it as "
                 "the text written (or in ISO 8601). Not checked here: that a zone name exists, "
                 "and times the clocks skipped.",
                 "anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                           {"type": "string", "pattern": written},
                           {"type": "string", "pattern": timestamp}]},
        "slug": {**slug, "description": "The slug of a page: its file name without .md. Not "
                 "checked here: that the page exists, and is of the right type."},
        "url": url,
        "image": {**image, "description": _sentence(VALUES[IMAGE])},
        "path": path,
    }


def _value_schema(spec: FieldSpec, config: Config) -> dict:
    """What a value of `spec` may be, present and not null (_field_schema adds absence)."""
    value = spec.value
    if value == TEXT or value == PLACE:
        return _text(nonblank=True)
    if value == DATE:
        return {"$ref": "#/$defs/date"}
    if value == FLAG:
        return {"type": "boolean"}
    if value == TEXT_LIST:
        item = {"anyOf": [_text(nonblank=True), {"type": "number"}]}
        return {"type": "array", "items": item}
    if value == PAGE:
        return {"$ref": "#/$defs/slug"}
    if value == PAGES:
        return {"type": "array", "items": {"$ref": "#/$defs/slug"}, "uniqueItems": True}
    if value == PAGES_WITH_ROLES:
        with_role = {"type": "object", "minProperties": 1, "maxProperties": 1,
                     "propertyNames": {"pattern": _SLUG},
                     "additionalProperties": {"type": ["string", "null"]}}
        return {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/slug"}, with_role]},
                "uniqueItems": True}
    if value in (CHOICE, CHOICES):
        allowed = _choice_values(spec.choices, config)
        one = {"enum": allowed} if allowed else {"not": {}}
        return one if value == CHOICE else {"type": "array", "items": one, "uniqueItems": True}
    if value == LINKS:
        return {"type": "object", "additionalProperties": {"$ref": "#/$defs/url"}}
    if value == SOURCES:
        source = {"type": "object", "additionalProperties": False, "required": ["title"],
                  "properties": {"title": _text(nonblank=True),
                                 "publisher": {"anyOf": [_text(), {"type": "null"}]},
                                 "url": {"anyOf": [{"$ref": "#/$defs/url"}, {"type": "null"}]},
                                 "date": {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]}}}
        return {"type": "array", "items": {"anyOf": [_text(nonblank=True), source]}}
    if value == IMAGE:
        return {"$ref": "#/$defs/image"}
    if value == PORTRAIT:
        return {"anyOf": [{"$ref": "#/$defs/image"},
                          {"allOf": [_text(nonblank=True), {"anyOf": [{"$ref": "#/$defs/url"},
                                                                      {"$ref": "#/$defs/path"}]}]}]}
    if value == COORDINATES:
        latitude = {"type": "number", "minimum": -90, "maximum": 90}
        longitude = {"type": "number", "minimum": -180, "maximum": 180}
        return {"anyOf": [
            {"type": "array", "prefixItems": [latitude, longitude], "minItems": 2, "maxItems": 2},
            {"type": "object", "required": ["latitude", "longitude"], "additionalProperties": False,
             "properties": {"latitude": latitude, "longitude": longitude}}]}
    raise ValueError(f"no JSON Schema for values of kind {value!r}")


def _choice_values(name: str | None, config: Config) -> list:
    slugs: list = [choice.value for choice in choices_of(name, config)]
    # YAML reads `tags: [2023]` as a number, which the build compares as the text 2023.
    return slugs + [int(slug) for slug in slugs if slug.isdigit() and str(int(slug)) == slug]


def _field_schema(spec: FieldSpec, config: Config) -> dict:
    schema = _value_schema(spec, config)
    if not spec.required:
        schema = _optional(schema, spec.value)
    described: dict = {"description": spec.description}
    if spec.default is not None:
        described["default"] = spec.default
    if spec.example:
        described["examples"] = [_as_json(spec.example)]
    if spec.translatable:  # a translation (x.ru.md) may give it in its language; not its own rule
        described["x-translatable"] = True
    return {**described, **schema}


class _TextDates(yaml.SafeLoader):
    """YAML with timestamps kept as the text written, as a JSON tool reads front matter."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp",
                           yaml.SafeLoader.yaml_constructors["tag:yaml.org,2002:str"])


def _as_json(example: str) -> object:
    """A table's example (YAML, as an author writes it) as the JSON value a tool checks."""
    return yaml.load(example, Loader=_TextDates)  # noqa: S506 - a safe loader


def _type_schema(content_type: str, config: Config) -> dict:
    fields = fields_of(content_type, config.kinds)
    schema = {
        "title": f"Front matter of content/{content_type}/",
        "type": "object",
        "properties": {spec.name: _field_schema(spec, config) for spec in fields},
        "required": [spec.name for spec in fields if spec.required],
        "additionalProperties": False,
    }
    dated = [spec.name for spec in fields if spec.for_kinds]
    if content_type == "actors" and dated:
        # Each kind has its own dates: a person is born, a ship is built.
        schema["allOf"] = [
            {"if": {"required": ["kind"], "properties": {"kind": {"const": kind.name}}},
             "then": {"properties": {name: False for name in dated if name not in kind.dates}}}
            for kind in config.kinds]
    return schema


def front_matter_schema(config: Config, content_type: str | None = None) -> dict:
    """The JSON Schema of front matter under `config`: of one content type, or of any (each
    type's rules under $defs by its folder's name, the document taking a file of any type)."""
    defs = _shared_defs()
    for name in CONTENT_TYPES:
        defs[name] = _type_schema(name, config)
    if content_type is not None:
        root = {"$ref": f"#/$defs/{content_type}"}
        description = f"The front matter of a file in content/{content_type}/ of this site."
    else:
        root = {"anyOf": [{"$ref": f"#/$defs/{name}"} for name in CONTENT_TYPES]}
        description = ("The front matter of a content file of this site. A file's folder says "
                       "its type: check content/actors/*.md against #/$defs/actors, and so on "
                       "(or write one type's schema with `backstory schema --type actors`).")
    return {"$schema": DIALECT, "title": f"Backstory front matter: {config.title}",
            "description": description, **root, "$defs": defs}
