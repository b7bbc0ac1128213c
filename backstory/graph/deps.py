"""What each page read while it rendered, and which pages a change affects.

A page depends on the layouts its layout uses (found statically with jinja2.meta), on the
records it read (every view it made, every wiki link it resolved) and on the collections it
listed ("@actors", ...); an event page also on its neighbours in story order ("around:<slug>").
A record's fingerprint changes when its file, its backlinks or its place in story order change,
so a new reference from one page re-renders the page it points to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, meta

from ..content.config import Config
from ..content.model import Site, pickled_by_fields

ALL_LAYOUTS = "*"
WORDS = "messages:"  # message catalogues among the layouts' digests: every page uses them


@dataclass(frozen=True, slots=True)
class PageDeps:
    __reduce__ = pickled_by_fields

    layouts: frozenset[str]  # layout names used, or {ALL_LAYOUTS} when that is unknowable
    touched: frozenset[str]  # slugs and "@collection" names read


def fingerprints(site: Site, digests: dict[str, tuple[str, str]]) -> dict[str, tuple]:
    """Everything a view of each record, and each collection's membership, can show.

    `digests` holds (front matter, body) digests per slug: the body has a key of its own,
    "body:<slug>", since most pages that show a record never show its body.
    """
    found = fingerprints_of(site, digests, [slug for records in (site.actors, site.events,
                                                                 site.articles, site.places)
                                            for slug in records])
    found["@actors"] = tuple(site.actors)
    found["@events"] = tuple(site.events)
    found["@articles"] = tuple(site.articles)
    # Which articles carry which tag and belong to which series (pages/terms.py).
    found["@tags"] = tuple((slug, article.tags) for slug, article in site.articles.items() if article.tags)
    found["@series"] = tuple((slug, article.series, article.date.key)
                             for slug, article in site.articles.items() if article.series)
    found["@places"] = tuple(site.places)
    found["@has-places"] = (bool(site.places),)  # every page's navigation links /places/ or not
    return found


def fingerprints_of(site: Site, digests: dict[str, tuple[str, str]], keys) -> dict[str, tuple]:
    """The fingerprints of some slugs (a "body:" or "around:" key stands for its slug), all
    three keys each. "around:<slug>" is an event's neighbours in story order: they change when
    another event moves next to it, which leaves the event's own fingerprint as it was."""
    found: dict[str, tuple] = {}
    for key in keys:
        slug = key.removeprefix("body:").removeprefix("around:")
        front, body = digests.get(slug, (None, None))
        # Backlinks as plain tuples: compared in C, and pickled (build cache) five times faster.
        backlinks = tuple([(link.source, link.field, link.role) for link in site.backlinks_of(slug)])
        found[slug] = (front, backlinks, site.chronology.get(slug))
        record = site.get(slug)
        # A body's links to names change when other pages' names do: part of the body's print.
        found[f"body:{slug}"] = (body, record.body.autolinks if record else ())
        found[f"around:{slug}"] = (site.neighbours.get(slug),)
    return found


def in_language(keys: frozenset[str], code: str) -> frozenset[str]:
    """What a page in translation language `code` read, its keys of records and collections
    apart from the default language's ("ru|<slug>"): they have fingerprints of their own, made
    from the site as that language shows it. Assets and pictures are every language's."""
    return frozenset(f"{code}|{key}" if key.startswith(("body:", "around:", "@")) or ":" not in key
                     else key for key in keys)


def language_fingerprints(code: str, site: Site, digests: dict[str, tuple[str, str]]) -> dict[str, tuple]:
    """fingerprints() of the site as language `code` shows it, under in_language()'s keys."""
    return {f"{code}|{key}": value for key, value in fingerprints(site, digests).items()}


def changed_keys(old: dict, new: dict) -> set[str]:
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def layout_closure(env: Environment, name: str) -> frozenset[str]:
    """The layout and every layout it extends, includes or imports, transitively."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]
            referenced = list(meta.find_referenced_templates(env.parse(source)))
        except (TemplateNotFound, TemplateSyntaxError):
            continue
        if None in referenced:  # a layout chosen at render time: assume any
            return frozenset({ALL_LAYOUTS})
        pending.extend(referenced)
    return frozenset(seen)


def layout_digests(files: dict[str, Path]) -> dict[str, str]:
    """The digest of the file each layout name resolves to (site overrides included), by its
    real path: `--source .` and `--source /abs/site` (build.py's) must find the same layouts."""
    return {name: hashlib.sha256(str(path.resolve()).encode() + b"\0" + path.read_bytes()).hexdigest()
            for name, path in files.items()}


def message_digests(files: list[Path], language: str) -> dict[str, str]:
    """The message catalogues' digests and the language the pages are in, beside the layouts'
    (under WORDS names): a change to any of them changes the words of every page."""
    found = {f"{WORDS}{i}:{path.name}": hashlib.sha256(
        str(path.resolve()).encode() + b"\0" + path.read_bytes()).hexdigest()
        for i, path in enumerate(files)}
    found[f"{WORDS}language"] = language
    return found


def affected_pages(pages: dict[str, PageDeps], changed: set[str], changed_layouts: set[str],
                   config_changed: bool) -> set[str]:
    """Outputs whose page must be rendered again."""
    if config_changed or any(name.startswith(WORDS) for name in changed_layouts):
        return set(pages)
    result = set()
    for output, deps in pages.items():
        if deps.touched & changed or deps.layouts & changed_layouts or (
                changed_layouts and ALL_LAYOUTS in deps.layouts):
            result.add(output)
    return result


def config_key(config: Config) -> tuple:
    return tuple(getattr(config, name) for name in config.__slots__)
