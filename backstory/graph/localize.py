"""A site as one language's pages show it: each record translated into the language in its
words, every other record as written, and the backlinks its prose gives.

The cast is one: the same records, kinds, dates, who took part and what led to what in every
language (a translation may not contradict its original). Only words differ, so only the
prose's links and mentions can: a Russian article naming Лукашенко is listed on his Russian
page, whatever the English article says.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..content.model import Event, Image, Link, Record, Site, Translation
from ..errors import Diagnostics
from .resolve import backlink_order, links_from

# Texts a translation may give that stand as they are on the record (translatedfields.py).
_TEXTS = ("name", "title", "summary", "role", "country", "sort_name", "place")
_IMAGE_TEXTS = ("alt", "caption", "credit")


def localize(site: Site, code: str, links: dict[str, list[tuple[str, Link]]]) -> Site:
    """The site in language `code`. `links` holds each published record's valid (target, link)
    pairs as resolve() found them: a record without a translation links as it did."""
    translated = {slug: in_words(site.records[slug], translation)
                  for (_, slug, language), translation in site.translations.items()
                  if language == code and slug in site.records}
    if not translated:
        return replace(site, language=code)
    records = {slug: translated.get(slug, record) for slug, record in site.records.items()}
    backlinks: dict[str, dict[Link, None]] = defaultdict(dict)
    silent = Diagnostics()  # each translation's links were checked as it was loaded
    for record in sorted(records.values(), key=backlink_order):
        pairs = links_from(record, records, records, silent) if record.slug in translated \
            else links.get(record.slug, ())
        for target, link in pairs:
            backlinks[target][link] = None

    def of(kind: dict) -> dict:
        return {slug: translated.get(slug, record) for slug, record in kind.items()}

    return replace(site, actors=of(site.actors), events=of(site.events), articles=of(site.articles),
                   places=of(site.places), language=code,
                   originals={slug: site.records[slug] for slug in translated},
                   backlinks={slug: tuple(found) for slug, found in sorted(backlinks.items())})


def in_words(record: Record, translation: Translation) -> Record:
    """The record with the translation's words: its texts, aliases, roles, picture's words
    and body; its structure the original's."""
    changes: dict = {name: text for name, text in translation.texts
                     if name in _TEXTS and hasattr(record, name)}
    if record.image is not None:
        changes["image"] = _image_in_words(record.image, translation)
    if isinstance(record, Event) and translation.roles:
        roles = dict(translation.roles)
        changes["actors"] = tuple(replace(ref, role=roles.get(ref.target, ref.role))
                                  for ref in record.actors)
    if hasattr(record, "aliases"):
        changes["aliases"] = translation.aliases
        changes["forms"] = translation.forms
        changes["name_places"] = translation.name_places
    return replace(record, body=translation.body, path=translation.path, **changes)


def _image_in_words(image: Image, translation: Translation) -> Image:
    words = {part: translation.text(f"image.{part}") for part in _IMAGE_TEXTS}
    return replace(image, **{part: text for part, text in words.items() if text is not None})
