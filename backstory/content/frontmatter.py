"""Split front matter from the body, parse it safely, and validate it per content type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from ..errors import Diagnostics, did_you_mean
from ..text.markdown import parse_body
from .fields import Fields
from .model import ACTOR_KINDS, LIFE_NAMES, Actor, Article, Event, Position, Record, life_names
from .places import event_place, place_record
from .references import links, refs, sources
from .sources import SourceFile
from .values import kind_of
from .when import UNKNOWN, When
from .yamlpos import YamlProblem, load_yaml

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


ACTOR_FIELDS = ("name", "kind", "summary", "aliases", "role", "born", "died", "founded",
                "dissolved", "country", "image", "links", "draft", "autolink")
EVENT_FIELDS = ("title", "date", "end", "place", "summary", "aliases", "actors", "led_to",
                "sources", "draft", "autolink")
ARTICLE_FIELDS = ("title", "date", "updated", "summary", "actors", "events", "tags", "sources",
                  "draft", "autolink")


def _name_places(f: Fields, key: str, name: str | None) -> tuple[tuple[str, Position], ...]:
    """The name (or title) and the aliases a record is known by, each where it is written."""
    own = ((name, f.position((key,))),) if name else ()
    return own + f.placed_list("aliases")


def _actor(f: Fields, common: dict) -> Actor:
    f.check_known(ACTOR_FIELDS, "actors")
    name = f.text("name", "Alexander Lukashenko")
    kind = f.text("kind", "person")
    if kind is not None and kind not in ACTOR_KINDS:
        f.error(("kind",), f"unknown actor kind '{kind}'",
                did_you_mean(kind, ACTOR_KINDS) or f"kinds are: {', '.join(ACTOR_KINDS)}")
    began, ended = _life(f, kind)
    image = f.image("image")
    places = _name_places(f, "name", name)
    record = Actor(name=name or "", kind=kind or "", summary=f.text("summary", "One sentence.") or "",
                   aliases=tuple(text for text, _ in places[1 if name else 0:]), name_places=places,
                   role=f.text("role"), began=began, ended=ended,
                   country=f.text("country"), image=image, links=links(f, "links"),
                   image_place=f.position(("image",)) if image else None, **common)
    return record


def _life(f: Fields, kind: str | None) -> tuple[When | None, When | None]:
    """An actor's beginning and end, under the names its kind has: the other kind's names are
    an error that says which to write (for a kind that is itself wrong, either pair is read)."""
    if kind in ACTOR_KINDS:
        own = life_names(kind)
        for other in (pair for pair in LIFE_NAMES if pair != own):
            for index, name in enumerate(other):
                if name in f.data:
                    f.error((name,), f"'{name}' is not a field of {_a(kind)}",
                            f"{_a(kind)} has `{own[0]}` and `{own[1]}`: write `{own[index]}:`",
                            of_key=True)
    else:
        own = next((pair for pair in LIFE_NAMES if any(name in f.data for name in pair)), LIFE_NAMES[0])
    began, ended = f.date(own[0]), f.date(own[1])
    if began and ended and ended.span[1] < began.span[0]:
        f.error((own[1],), f"'{own[1]}' ({ended}) is before '{own[0]}' ({began})",
                "check the two dates")
    return began, ended


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _event(f: Fields, common: dict) -> Event:
    f.check_known(EVENT_FIELDS, "events")
    title = f.text("title", "The Wagner mutiny")
    date, end = f.date("date", required=True), f.date("end")
    if date and end and end.span[1] < date.span[0]:
        f.error(("end",), f"'end' ({end}) is before 'date' ({date})", "swap the two dates")
    places = _name_places(f, "title", title)
    place, place_ref = event_place(f)
    return Event(title=title or "", date=date or UNKNOWN, end=end, place=place, place_ref=place_ref,
                 summary=f.text("summary", "One sentence.") or "", name_places=places,
                 aliases=tuple(text for text, _ in places[1 if title else 0:]),
                 actors=refs(f, "actors", "actors", with_roles=True),
                 led_to=refs(f, "led_to", "events"), sources=sources(f, "sources"), **common)


def _article(f: Fields, common: dict) -> Article:
    f.check_known(ARTICLE_FIELDS, "articles")
    title = f.text("title", "How the mutiny ended")
    date, updated = f.date("date", required=True), f.date("updated")
    if date and updated and updated.span[1] < date.span[0]:
        f.error(("updated",), f"'updated' ({updated}) is before 'date' ({date})")
    return Article(title=title or "", date=date or UNKNOWN, updated=updated,
                   summary=f.text("summary", "One sentence.") or "",
                   actors=refs(f, "actors", "actors"), events=refs(f, "events", "events"),
                   tags=f.text_list("tags"), sources=sources(f, "sources"), **common)


_BUILDERS: dict[str, Callable[[Fields, dict], Record]] = {
    "actors": _actor, "events": _event, "articles": _article, "places": place_record,
}


def parse_source(file: SourceFile, md: MarkdownIt, diagnostics: Diagnostics,
                 default_zone: str | None = None) -> Record | None:
    """One content file into its record, every problem of it reported into `diagnostics`.

    None only when the front matter cannot be read at all (missing, not closed, not YAML,
    not fields). A file whose fields have problems still gives its record, the fields that
    failed left empty (a date as when.UNKNOWN), so that its references are checked in the same
    run and references to it are not "unknown": it is never published, since a build with an
    error publishes nothing (pipeline/cold.py). `default_zone` is the zone of times written
    without one (site.yaml's `timezone:`)."""
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
                          f"found {kind_of(data)} instead")
        return None
    data = {str(key): value for key, value in data.items()}
    fields = Fields(file, split.yaml_first_line, data, positions, diagnostics, default_zone)
    body = parse_body(md, split.body, split.body_first_line, file.shown)
    common = {"slug": file.slug, "path": file.shown, "body": body, "draft": fields.flag("draft"),
              "autolink": fields.flag("autolink") if "autolink" in fields.data else True}
    return _BUILDERS[file.type](fields, common)
