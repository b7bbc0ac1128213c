"""Split front matter from the body, parse it safely, and validate it per content type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from .errors import Diagnostics, did_you_mean
from .markdown import parse_body
from .model import ACTOR_KINDS, Actor, Article, Event, Position, Record, Ref, Source
from .sources import SourceFile
from .yamlpos import Positions, YamlProblem, load_yaml

FENCE = "---"


@dataclass(frozen=True, slots=True)
class Split:
    yaml: str
    yaml_first_line: int  # 1-based line of the file where the YAML starts
    body: str
    body_first_line: int


def split_front_matter(file: SourceFile, diagnostics: Diagnostics) -> Split | None:
    """The YAML between the opening and closing `---` lines, and the body after it."""
    lines = file.text.split("\n")
    first = lines[0].rstrip() if lines else ""
    if first == "+++":
        diagnostics.error(file.shown, 1, 1, "TOML front matter (+++) is not supported",
                          "write the fields as YAML between two lines of ---")
        return None
    if first != FENCE:
        diagnostics.error(file.shown, 1, 1, "missing front matter",
                          "start the file with a line ---, then fields such as `title: ...`, "
                          "then another line ---", lines[0] if lines else None)
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return Split("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2)
    diagnostics.error(file.shown, 1, 1, "front matter is not closed",
                      "add a line --- after the last field, before the body", lines[0])
    return None


class _Fields:
    """Reads typed fields out of one front-matter mapping, reporting each problem in place."""

    def __init__(self, file: SourceFile, split: Split, data: dict, positions: Positions,
                 diagnostics: Diagnostics):
        self.file, self.split, self.data = file, split, data
        self.positions, self.diagnostics = positions, diagnostics
        self.lines = file.text.split("\n")
        self.ok = True

    def position(self, path: tuple, of_key: bool = False) -> Position:
        line, column = self.positions.key(path) if of_key else self.positions.get(path, (0, 0))
        return Position(self.file.shown, self.split.yaml_first_line + line, column + 1)

    def error(self, path: tuple, message: str, hint: str | None = None, of_key: bool = False) -> None:
        at = self.position(path, of_key)
        source_line = self.lines[at.line - 1] if 0 < at.line <= len(self.lines) else None
        self.diagnostics.error(at.path, at.line, at.column, message, hint, source_line)
        self.ok = False

    def written(self, path: tuple) -> str | None:
        """The value at path exactly as the author typed it (a plain scalar on one line)."""
        at = self.position(path)
        if not 0 < at.line <= len(self.lines):
            return None
        text = self.lines[at.line - 1][at.column - 1 :]
        return text.split(" #", 1)[0].strip() or None

    def missing(self, key: str, example: str) -> None:
        self.diagnostics.error(self.file.shown, 1, 1, f"missing required field '{key}'",
                               f"add a line such as `{key}: {example}` to the front matter",
                               self.lines[0])
        self.ok = False

    def text(self, key: str, required: str | None = None) -> str | None:
        """A text field; `required` is an example value used in the hint when it is absent."""
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required is not None:
                if key in self.data:
                    self.error((key,), f"'{key}' is empty", f"write it as `{key}: {required}`")
                else:
                    self.missing(key, required)
            return None
        if not isinstance(value, str):
            kind = _yaml_kind(value)
            hint = None
            if isinstance(value, (int, float, bool, dt.date)):
                written = self.written((key,)) or str(value)
                hint = f'quote it: {key}: "{written}"'
            self.error((key,), f"'{key}' must be text, not {kind}", hint)
            return None
        return " ".join(value.split())

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.missing(key, "2023-06-24")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = str(value)[:40] if isinstance(value, (str, int, float)) else _yaml_kind(value)
        self.error((key,), f"'{key}' must be a date like 2023-06-24, not '{shown}'",
                   "write dates as YEAR-MONTH-DAY")
        return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error((key,), f"'{key}' must be true or false")
            return False
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        return tuple(text for text, _ in self.placed_list(key))

    def placed_list(self, key: str) -> tuple[tuple[str, Position], ...]:
        """A list of texts, each with where it is written."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            example = value if isinstance(value, str) else "first, second"
            self.error((key,), f"'{key}' must be a list, not {_yaml_kind(value)}",
                       f"write it as `{key}: [{example}]`")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                items.append((" ".join(str(item).split()), self.position((key, index))))
            elif item is None or isinstance(item, str):
                self.error((key, index), f"an entry of '{key}' is empty", "remove it or fill it in")
            else:
                self.error((key, index), f"each of '{key}' must be text, not {_yaml_kind(item)}")
        return tuple(items)

    def refs(self, key: str, expects: str, with_roles: bool = False) -> tuple[Ref, ...]:
        """Slugs of other pages: `- slug`, or `- slug: role` where roles are allowed."""
        value = self.data.get(key)
        if value is None:
            return ()
        example = "alexander-lukashenko: mediator" if with_roles else "wagner-mutiny"
        if isinstance(value, str) and value.strip() and "\n" not in value:
            example = value.strip()[:60]
        if not isinstance(value, list):
            self.error((key,), f"'{key}' must be a list of slugs, not {_yaml_kind(value)}",
                       f"write one per line, e.g.\n    {key}:\n      - {example}")
            return ()
        refs: list[Ref] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            path = (key, index)
            role = None
            if isinstance(item, dict) and with_roles and len(item) == 1:
                (slug, role), = item.items()
                if role is not None and not isinstance(role, str):
                    self.error(path + (str(slug),), f"the role of '{slug}' must be text")
                    continue
                role = " ".join(role.split()) if role else None
            elif isinstance(item, str):
                slug = item
            else:
                self.error(path, f"each of '{key}' must be a slug" +
                           (" or `slug: role`" if with_roles else ""), f"for example `- {example}`")
                continue
            slug = str(slug).strip()
            if slug in seen:
                self.error(path, f"'{slug}' is listed twice in '{key}'", "remove one of them")
                continue
            seen.add(slug)
            refs.append(Ref(slug, self.position(path), key, role, expects))
        return tuple(refs)

    def url(self, path: tuple, value: Any) -> str | None:
        if not isinstance(value, str) or _scheme(value.strip()) not in ("http", "https"):
            self.error(path, "links must be http:// or https:// URLs",
                       "write the whole address, e.g. https://en.wikipedia.org/wiki/Belarus")
            return None
        return value.strip()

    def links(self, key: str) -> tuple[tuple[str, str], ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error((key,), f"'{key}' must map a label to a URL",
                       f"for example\n    {key}:\n      Wikipedia: https://en.wikipedia.org/wiki/Belarus")
            return ()
        result = []
        for label, address in value.items():
            url = self.url((key, str(label)), address)
            if url:
                result.append((str(label), url))
        return tuple(result)

    def sources(self, key: str) -> tuple[Source, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error((key,), f"'{key}' must be a list of sources",
                       "each is `- title: ...` with optional publisher, url and date")
            return ()
        sources = []
        for index, item in enumerate(value):
            path = (key, index)
            if isinstance(item, str) and item.strip():
                sources.append(Source(" ".join(item.split())))
                continue
            if not isinstance(item, dict):
                self.error(path, "a source must be a title or a mapping with a title")
                continue
            unknown = set(map(str, item)) - {"title", "publisher", "url", "date"}
            for name in sorted(unknown):
                self.error(path + (name,), f"unknown source field '{name}'",
                           did_you_mean(name, ["title", "publisher", "url", "date"])
                           or "a source has title, publisher, url and date", of_key=True)
            sub = _Fields(self.file, self.split, item, _Shifted(self.positions, path),
                          self.diagnostics)
            if not isinstance(item.get("title"), str) or not item["title"].strip():
                self.error(path, "a source needs a 'title'",
                           "write it as `- title: Name of the report`, then publisher, url, date")
                continue
            title, publisher = sub.text("title"), sub.text("publisher")
            url = sub.url((("url",)), item["url"]) if item.get("url") is not None else None
            date = sub.date("date")
            self.ok = self.ok and sub.ok
            if title:
                sources.append(Source(title, publisher, url, date))
        return tuple(sources)

    def check_known(self, known: tuple[str, ...], type_name: str) -> None:
        for key in self.data:
            if str(key) in known:
                continue
            hint = did_you_mean(str(key), known)
            if hint is None and key in _USED_ELSEWHERE:
                hint = _USED_ELSEWHERE[key].get(type_name)
            self.error((str(key),), f"unknown field '{key}' for {type_name}",
                       hint or f"{type_name} take: {', '.join(known)}", of_key=True)


class _Shifted(Positions):
    """The positions of a nested mapping, seen from inside it."""

    def __init__(self, outer: Positions, prefix: tuple):
        super().__init__()
        self.outer, self.prefix = outer, prefix

    def get(self, path, default=None):
        return self.outer.get(self.prefix + path, self.outer.get(self.prefix, default))

    def key(self, path: tuple) -> tuple[int, int]:
        return self.outer.key(self.prefix + path)


_USED_ELSEWHERE = {
    "title": {"actors": "actors have a 'name', not a 'title'"},
    "name": {"events": "events have a 'title', not a 'name'",
             "articles": "articles have a 'title', not a 'name'"},
}

ACTOR_FIELDS = ("name", "kind", "summary", "aliases", "role", "born", "country", "image",
                "links", "draft", "autolink")
EVENT_FIELDS = ("title", "date", "end", "place", "summary", "aliases", "actors", "led_to",
                "sources", "draft", "autolink")
ARTICLE_FIELDS = ("title", "date", "updated", "summary", "actors", "events", "tags", "sources",
                  "draft", "autolink")


def _name_places(f: _Fields, key: str, name: str | None) -> tuple[tuple[str, Position], ...]:
    """The name (or title) and the aliases a record is known by, each where it is written."""
    own = ((name, f.position((key,))),) if name else ()
    return own + f.placed_list("aliases")


def _actor(f: _Fields, common: dict) -> Actor | None:
    f.check_known(ACTOR_FIELDS, "actors")
    name = f.text("name", "Alexander Lukashenko")
    kind = f.text("kind", "person")
    if kind is not None and kind not in ACTOR_KINDS:
        f.error(("kind",), f"unknown actor kind '{kind}'",
                did_you_mean(kind, ACTOR_KINDS) or f"kinds are: {', '.join(ACTOR_KINDS)}")
    born = f.data.get("born")
    if isinstance(born, int) and not isinstance(born, bool):
        born_value: dt.date | int | None = born
    else:
        born_value = f.date("born")
    image = f.text("image")
    places = _name_places(f, "name", name)
    record = Actor(name=name or "", kind=kind or "", summary=f.text("summary", "One sentence.") or "",
                   aliases=tuple(text for text, _ in places[1 if name else 0:]), name_places=places,
                   role=f.text("role"), born=born_value,
                   country=f.text("country"), image=image, links=f.links("links"), **common)
    return record


def _event(f: _Fields, common: dict) -> Event | None:
    f.check_known(EVENT_FIELDS, "events")
    title = f.text("title", "The Wagner mutiny")
    date, end = f.date("date", required=True), f.date("end")
    if date and end and end < date:
        f.error(("end",), f"'end' ({end}) is before 'date' ({date})", "swap the two dates")
    places = _name_places(f, "title", title)
    return Event(title=title or "", date=date or dt.date.min, end=end, place=f.text("place"),
                 summary=f.text("summary", "One sentence.") or "", name_places=places,
                 aliases=tuple(text for text, _ in places[1 if title else 0:]),
                 actors=f.refs("actors", "actors", with_roles=True),
                 led_to=f.refs("led_to", "events"), sources=f.sources("sources"), **common)


def _article(f: _Fields, common: dict) -> Article | None:
    f.check_known(ARTICLE_FIELDS, "articles")
    title = f.text("title", "How the mutiny ended")
    date, updated = f.date("date", required=True), f.date("updated")
    if date and updated and updated < date:
        f.error(("updated",), f"'updated' ({updated}) is before 'date' ({date})")
    return Article(title=title or "", date=date or dt.date.min, updated=updated,
                   summary=f.text("summary", "One sentence.") or "",
                   actors=f.refs("actors", "actors"), events=f.refs("events", "events"),
                   tags=f.text_list("tags"), sources=f.sources("sources"), **common)


_BUILDERS: dict[str, Callable[[_Fields, dict], Record | None]] = {
    "actors": _actor, "events": _event, "articles": _article,
}


def parse_source(file: SourceFile, md: MarkdownIt, diagnostics: Diagnostics) -> Record | None:
    """One content file into its record, or None after reporting why it cannot be one."""
    split = split_front_matter(file, diagnostics)
    if split is None:
        return None
    try:
        data, positions = load_yaml(split.yaml, split.yaml_first_line)
    except YamlProblem as problem:
        line = split.yaml_first_line + problem.line
        lines = file.text.split("\n")
        diagnostics.error(file.shown, line, problem.column + 1, problem.message, problem.hint,
                          lines[line - 1] if 0 < line <= len(lines) else None)
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diagnostics.error(file.shown, 2, 1, "front matter must be fields such as `title: ...`",
                          f"found {_yaml_kind(data)} instead")
        return None
    data = {str(key): value for key, value in data.items()}
    fields = _Fields(file, split, data, positions, diagnostics)
    body = parse_body(md, split.body, split.body_first_line, file.shown)
    common = {"slug": file.slug, "path": file.shown, "body": body, "draft": fields.flag("draft"),
              "autolink": fields.flag("autolink") if "autolink" in fields.data else True}
    record = _BUILDERS[file.type](fields, common)
    return record if fields.ok else None


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return "nothing" if value is None else type(value).__name__


def _scheme(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:  # "https://[::1" and the like
        return None
    return parts.scheme if parts.netloc else None
