"""Front-matter fields that name other things: references to pages by slug (with roles),
links out, and sources; read through Fields, each problem reported where it stands."""

from __future__ import annotations

from ..errors import did_you_mean
from .fields import Fields
from .model import Ref, Source
from .values import kind_of
from .yamlpos import Positions


def refs(f: Fields, key: str, expects: str, with_roles: bool = False) -> tuple[Ref, ...]:
    """Slugs of other pages: `- slug`, or `- slug: role` where roles are allowed."""
    value = f.data.get(key)
    if value is None:
        return ()
    example = "alexander-lukashenko: mediator" if with_roles else "wagner-mutiny"
    if isinstance(value, str) and value.strip() and "\n" not in value:
        example = value.strip()[:60]
    if not isinstance(value, list):
        f.error((key,), f"'{key}' must be a list of slugs, not {kind_of(value)}",
                   f"write one per line, e.g.\n    {key}:\n      - {example}")
        return ()
    refs: list[Ref] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        path = (key, index)
        role = None
        if f.curly(path, item):
            continue
        if isinstance(item, dict) and with_roles and len(item) == 1 \
                and isinstance(next(iter(item)), str):
            (slug, role), = item.items()
            if role is not None and not isinstance(role, str):
                f.error(path + (str(slug),), f"the role of '{slug}' must be text")
                continue
            role = " ".join(role.split()) if role else None
        elif isinstance(item, str):
            slug = item
        else:
            f.error(path, f"each of '{key}' must be a slug" +
                       (" or `slug: role`" if with_roles else ""), f"for example `- {example}`")
            continue
        slug = str(slug).strip()
        if slug in seen:
            f.error(path, f"'{slug}' is listed twice in '{key}'", "remove one of them")
            continue
        seen.add(slug)
        refs.append(Ref(slug, f.position(path), key, role, expects))
    return tuple(refs)


def links(f: Fields, key: str) -> tuple[tuple[str, str], ...]:
    value = f.data.get(key)
    if value is None:
        return ()
    if not isinstance(value, dict):
        f.error((key,), f"'{key}' must map a label to a URL",
                   f"for example\n    {key}:\n      Wikipedia: https://en.wikipedia.org/wiki/Belarus")
        return ()
    result = []
    for label, address in value.items():
        url = f.url((key, str(label)), address)
        if url:
            result.append((str(label), url))
    return tuple(result)


def sources(f: Fields, key: str) -> tuple[Source, ...]:
    value = f.data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        f.error((key,), f"'{key}' must be a list of sources",
                   "each is `- title: ...` with optional publisher, url and date")
        return ()
    sources = []
    for index, item in enumerate(value):
        path = (key, index)
        if isinstance(item, str) and item.strip():
            title = f.plain(path, item)
            if title:
                sources.append(Source(title))
            continue
        if f.curly(path, item):
            continue
        if not isinstance(item, dict):
            f.error(path, "a source must be a title or a mapping with a title")
            continue
        unknown = set(map(str, item)) - {"title", "publisher", "url", "date"}
        for name in sorted(unknown):
            f.error(path + (name,), f"unknown source field '{name}'",
                       did_you_mean(name, ["title", "publisher", "url", "date"])
                       or "a source has title, publisher, url and date", of_key=True)
        sub = Fields(f.file, f.first_line, item, _Shifted(f.positions, path), f.diagnostics,
                     f.default_zone)
        if item.get("title") is None or item["title"] == "" or str(item["title"]).isspace():
            f.error(path, "a source needs a 'title'",
                       "write it as `- title: Name of the report`, then publisher, url, date")
        # Every field is checked, with or without a usable title: all problems at once.
        title, publisher = sub.text("title"), sub.text("publisher")
        url = sub.url((("url",)), item["url"]) if item.get("url") is not None else None
        date = sub.date("date")
        if title:
            sources.append(Source(title, publisher, url, date))
    return tuple(sources)


class _Shifted(Positions):
    """The positions of a nested mapping, seen from inside it."""

    def __init__(self, outer: Positions, prefix: tuple):
        super().__init__()
        self.outer, self.prefix = outer, prefix

    def get(self, path, default=None):
        return self.outer.get(self.prefix + path, self.outer.get(self.prefix, default))

    def key(self, path: tuple) -> tuple[int, int]:
        return self.outer.key(self.prefix + path)
