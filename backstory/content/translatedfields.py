"""A translation's front matter: the text it gives in its language, read as the original's is;
any other field it repeats checked against the original, which it may not contradict.

What a translation may say is the field table's (fieldtable.translatable_fields): names,
titles, summaries, aliases, roles, the words of an image; an event's `place:` only when the
original's is free text. Structure (kind, dates, actors, led_to, tags, coordinates, sources...)
is the original's: repeated, it must be the same; different, it is an error at the
translation's line that quotes the original's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import yaml
from markdown_it import MarkdownIt

from ..errors import Diagnostics, did_you_mean
from ..text.markdown import parse_body
from ..text.typography import smarten
from .config import Config
from .fields import Fields
from .fieldtable import (
    IMAGE,
    PLACE,
    PORTRAIT,
    TEXT,
    TEXT_LIST,
    TRANSLATED_IMAGE_PARTS,
    TRANSLATION_ONLY,
    FieldSpec,
    fields_of,
    translatable_fields,
)
from .frontmatter import DEFAULT_CONFIG, read_front_matter
from .model import Position, Record, Translation
from .sources import SLUG_PATTERN, SourceFile, reread
from .values import kind_of

_IMAGE_KEYS = ("src", *TRANSLATED_IMAGE_PARTS, "credit_url")
_SMART = ("title", "name", "summary", "role", "image.caption")  # as frontmatter.SMART_FIELDS
_STRUCTURE_HINT = "structural fields come from the original; remove this line"


def parse_translation(file: SourceFile, original: SourceFile | None, md: MarkdownIt,
                      diagnostics: Diagnostics, config: Config = DEFAULT_CONFIG) -> Translation | None:
    """One translation file into its record, every problem reported. `original` is the file it
    translates (read again here if it holds no text); `md` the parser of the translation's
    language. None only when its front matter cannot be read at all."""
    read = read_front_matter(file, diagnostics, config)
    if read is None:
        return None
    split, f = read
    theirs = _original_fields(original, config)
    specs = fields_of(file.type, config.kinds)
    f.check_known(tuple(spec.name for spec in specs + TRANSLATION_ONLY[file.type]), file.type)
    texts: dict[str, str] = {}
    places: dict[str, Position] = {}
    aliases: tuple[tuple[str, Position], ...] = ()
    forms: tuple[tuple[str, Position], ...] = ()
    for spec in specs:
        if spec.name not in f.data:
            continue
        if not _translated_here(spec, theirs):
            _same(f, theirs, (spec.name,), spec.default)
        elif spec.value in (TEXT, PLACE):
            text = f.text(spec.name)
            if text is not None:
                texts[spec.name], places[spec.name] = text, f.position((spec.name,))
        elif spec.value == TEXT_LIST:  # aliases, forms
            if spec.name == "forms":
                forms = f.placed_list(spec.name)
            else:
                aliases = f.placed_list(spec.name)
            places[spec.name] = f.position((spec.name,))
        elif spec.value in (IMAGE, PORTRAIT):
            _image(f, theirs, texts, places)
    roles = _roles(f, theirs) if "roles" in f.data and file.type == "events" else ()
    body = parse_body(md, split.body, split.body_first_line, file.shown, diagnostics)
    label = "title" if "title" in texts else "name"
    own = ((texts[label], places[label]),) if label in texts else ()
    data = theirs.data if theirs is not None else {}
    texts = {name: smarten(text, md) if name in _SMART else text for name, text in texts.items()}
    return Translation(
        type=file.type, slug=file.slug, language=file.language or "", path=file.shown,
        original=file.original or "", body=body, texts=tuple(texts.items()),
        aliases=tuple(text for text, _ in aliases + forms), forms=tuple(text for text, _ in forms),
        roles=tuple((slug, smarten(role, md)) for slug, role in roles),
        positions=tuple(places.items()), name_places=own + aliases + forms,
        draft=data.get("draft") is True, autolink=data.get("autolink") is not False)


def with_fallbacks(translation: Translation, original: Record) -> Translation:
    """The translation with each required text it leaves out (a name, a title, a summary)
    taken from the original, in the field table's order."""
    given = dict(translation.texts)
    order = [spec.name for spec in translatable_fields(translation.type)]
    missing = {spec.name: getattr(original, spec.name) for spec in translatable_fields(translation.type)
               if spec.required and spec.name not in given}
    if not missing:
        return translation
    texts = {**given, **missing}
    ordered = sorted(texts.items(), key=lambda item: order.index(item[0]) if item[0] in order
                     else len(order))
    return replace(translation, texts=tuple(ordered))


def _original_fields(original: SourceFile | None, config: Config) -> Fields | None:
    """The original's front matter, to compare with; None when it cannot be read (its own
    parse reports why)."""
    if original is not None and original.text is None:
        original = reread(original, Diagnostics())
    if original is None or original.text is None:
        return None
    read = read_front_matter(original, Diagnostics(), config)
    return None if read is None else read[1]


def _translated_here(spec: FieldSpec, theirs: Fields | None) -> bool:
    """Whether the translation gives this field in its language: a translatable field, and
    for an event's place only when the original's is free text (a slug names a place page)."""
    if not spec.translatable:
        return False
    if spec.value != PLACE:
        return True
    written = theirs.data.get(spec.name) if theirs is not None else "free text"
    return isinstance(written, str) and not SLUG_PATTERN.fullmatch(written.strip())


def _same(f: Fields, theirs: Fields | None, path: tuple, default: object = None) -> None:
    """A structural value the translation repeats must be the original's: reported if not."""
    if theirs is None:
        return  # the original cannot be read: its own errors say why
    mine = _at(f.data, path)
    found, written = _found(theirs.data, path)
    expected = written if found else default
    if mine == expected or (not found and mine is None):
        return
    name = ".".join(map(str, path))
    if found:
        line = theirs.position(path, of_key=True).line
        said = f"{theirs.file.shown}:{line}: {_shown(written)}"
    else:
        said = f"{theirs.file.shown} has no '{name}'"
    f.error(path, f"'{name}' contradicts the original ({said})", _STRUCTURE_HINT)


def _image(f: Fields, theirs: Fields | None, texts: dict[str, str], places: dict[str, Position]) -> None:
    """`image:` in a translation: its alt, caption and credit in the language; its src and
    credit_url, if repeated, the original's (a picture given as its src alone is all src)."""
    value = f.data["image"]
    if not isinstance(value, dict):
        if isinstance(value, str):
            _same(f, theirs, ("image",))
        else:
            f.error(("image",), f"'image' must be a mapping, not {kind_of(value)}",
                    "translate its words: `image: {alt: ..., caption: ...}`")
        return
    for key, text in value.items():
        key = str(key)
        path = ("image", key)
        if key not in _IMAGE_KEYS:
            f.error(path, f"unknown field 'image.{key}'", did_you_mean(key, _IMAGE_KEYS)
                    or f"an image has: {', '.join(_IMAGE_KEYS)}", of_key=True)
        elif key not in TRANSLATED_IMAGE_PARTS:
            original = theirs.data.get("image") if theirs is not None else None
            if isinstance(original, str):  # the original gives only its src
                if key == "src" and text != original or key != "src" and text is not None:
                    _same(f, theirs, ("image",))
            else:
                _same(f, theirs, path)
        elif not isinstance(text, str):
            f.error(path, f"'image.{key}' must be text, not {kind_of(text)}")
        elif (plain := f.plain(path, text)) is not None:
            texts[f"image.{key}"], places[f"image.{key}"] = plain, f.position(path)


def _roles(f: Fields, theirs: Fields | None) -> tuple[tuple[str, str], ...]:
    """`roles: {slug: role}`: the role in this language of each actor the original lists."""
    value = f.data["roles"]
    if not isinstance(value, dict):
        f.error(("roles",), f"'roles' must map the original's actors to their roles, not "
                f"{kind_of(value)}", "write it as `roles: {alexander-lukashenko: посредник}`")
        return ()
    listed = _actors_of(theirs.data.get("actors")) if theirs is not None else None
    found = []
    for key, role in value.items():
        slug = str(key)
        if listed is not None and slug not in listed:
            hint = did_you_mean(slug, listed) or (
                f"roles translate those of the original's actors: {', '.join(listed)}" if listed
                else f"the original ({theirs.file.shown}) lists no actors")
            f.error(("roles", slug), f"'{slug}' is not one of the original's actors", hint, of_key=True)
        elif not isinstance(role, str) or not role.strip():
            f.error(("roles", slug), f"the role of '{slug}' must be text",
                    f"write it as `{slug}: посредник`")
        elif (text := f.plain(("roles", slug), role)) is not None:
            found.append((slug, text))
    return tuple(found)


def _actors_of(value) -> list[str]:
    """The slugs an original's `actors:` lists, each alone or as `slug: role`."""
    if not isinstance(value, list):
        return []
    slugs = []
    for item in value:
        if isinstance(item, str):
            slugs.append(item.strip())
        elif isinstance(item, dict) and len(item) == 1:
            slugs.append(str(next(iter(item))).strip())
    return slugs


def _at(data: dict, path: tuple):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _found(data: dict, path: tuple) -> tuple[bool, object]:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False, None
        data = data[key]
    return True, data


def _shown(value) -> str:
    """A YAML value as an author would write it, on one line."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    shown = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return shown if len(shown) <= 80 else shown[:77] + "..."
