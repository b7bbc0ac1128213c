"""Split front matter from the body, parse it safely, and validate it per content type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt

from ..errors import Diagnostics, did_you_mean
from ..text.markdown import parse_body
from ..text.typography import smarten
from .config import Config
from .fields import Fields, names_of
from .fieldtable import field_names, required_example
from .images import image_field
from .kinds import Kind
from .model import Actor, Article, Event, Record, Ref
from .places import event_place, place_record
from .references import links, refs, sources
from .sources import SourceFile
from .terms import DEFAULT_TYPE, Term, unknown_term_hint
from .values import kind_of
from .when import UNKNOWN, When
from .yamlpos import YamlProblem, load_yaml

FENCE = "---"
DEFAULT_CONFIG = Config()


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


def _actor(f: Fields, common: dict, config: Config) -> Actor:
    kinds = config.kinds
    f.check_known(field_names("actors", kinds), "actors")
    name = f.text("name", required_example("actors", "name"))
    kind_name = f.text("kind", required_example("actors", "kind"))
    kind = next((k for k in kinds if k.name == kind_name), None)
    if kind_name is not None and kind is None:
        names = [k.name for k in kinds]
        f.error(("kind",), f"unknown actor kind '{kind_name}'",
                did_you_mean(kind_name, names) or f"kinds are: {', '.join(names)}; a site adds "
                "its own in site.yaml under `kinds:` (see docs/writing.md, Kinds of actor)")
    began, ended = _life(f, kind, kinds)
    image = image_field(f, "image", name or "")  # a portrait's alt text is whom it shows
    places, aliases, forms = names_of(f, "name", name)
    record = Actor(name=name or "", kind=kind_name or "",
                   summary=f.text("summary", required_example("actors", "summary")) or "",
                   aliases=aliases, name_places=places,
                   role=f.text("role"), began=began, ended=ended,
                   country=f.text("country"), image=image, links=links(f, "links"),
                   sort_name=f.text("sort_name"), forms=forms, **common)
    return record


def _life(f: Fields, kind: Kind | None, kinds: tuple[Kind, ...]) -> tuple[When | None, When | None]:
    """An actor's beginning and end, under the names its kind gives them: another kind's names
    are an error that says which to write (for a kind that is itself wrong, the first kind's
    names that are written are read)."""
    if kind is None:
        kind = next((k for k in kinds if any(name in f.data for name in k.dates)), kinds[0])
    else:
        for other in kinds:
            for index, name in enumerate(other.dates):
                if name in f.data and name not in kind.dates:
                    f.error((name,), f"'{name}' is not a field of {_a(kind.label.lower())}",
                            _own_dates_hint(kind, index), of_key=True)
    began = f.date(kind.began) if kind.began else None
    ended = f.date(kind.ended) if kind.ended else None
    if began and ended and ended.span[1] < began.span[0]:
        f.error((kind.ended,), f"'{kind.ended}' ({ended}) is before '{kind.began}' ({began})",
                "check the two dates")
    return began, ended


def _own_dates_hint(kind: Kind, index: int) -> str:
    who = _a(kind.label.lower())
    if not kind.dates:
        return (f"{who} has no dates: give the kind some in site.yaml "
                f"(`{kind.name}: {{dates: [founded, dissolved]}}` under `kinds:`)")
    has = " and ".join(f"`{name}`" for name in kind.dates)
    if index < len(kind.dates):
        return f"{who} has {has}: write `{kind.dates[index]}:`"
    return f"{who} has only {has}"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _event(f: Fields, common: dict, config: Config) -> Event:
    f.check_known(field_names("events"), "events")
    title = f.text("title", required_example("events", "title"))
    date, end = f.date("date", required_example("events", "date")), f.date("end")
    if date and end and end.span[1] < date.span[0]:
        f.error(("end",), f"'end' ({end}) is before 'date' ({date})", "swap the two dates")
    places, aliases, forms = names_of(f, "title", title)
    place, place_ref = event_place(f)
    return Event(title=title or "", date=date or UNKNOWN, end=end, place=place, place_ref=place_ref,
                 summary=f.text("summary", required_example("events", "summary")) or "",
                 name_places=places, forms=forms, aliases=aliases,
                 actors=refs(f, "actors", "actors", with_roles=True),
                 led_to=refs(f, "led_to", "events"), sources=sources(f, "sources"),
                 image=image_field(f, "image"), **common)


def _article(f: Fields, common: dict, config: Config) -> Article:
    f.check_known(field_names("articles"), "articles")
    title = f.text("title", required_example("articles", "title"))
    date, updated = f.date("date", required_example("articles", "date")), f.date("updated")
    if date and updated and updated.span[1] < date.span[0]:
        f.error(("updated",), f"'updated' ({updated}) is before 'date' ({date})")
    article_type = _term(f, "type", config.article_types, "article_types") or DEFAULT_TYPE
    tags = _tags(f, config)
    updates = f.text("updates")
    return Article(title=title or "", date=date or UNKNOWN, updated=updated,
                   summary=f.text("summary", required_example("articles", "summary")) or "",
                   actors=refs(f, "actors", "actors"), events=refs(f, "events", "events"),
                   tags=tags, sources=sources(f, "sources"), article_type=article_type,
                   series=_term(f, "series", config.series, "series"),
                   updates=(Ref(updates, f.position(("updates",)), "updates", None, "articles"),)
                   if updates else (), image=image_field(f, "image"), **common)


def _tags(f: Fields, config: Config) -> tuple[str, ...]:
    """`tags: [belarus, wagner]`: each a tag of site.yaml, each once."""
    tags: dict[str, None] = {}
    for index, (slug, _) in enumerate(f.placed_list("tags")):
        if slug in tags:
            f.error(("tags", index), f"'{slug}' is listed twice in 'tags'", "remove one of them")
        elif _known(f, slug, ("tags", index), config.tags, "tags"):
            tags[slug] = None
    return tuple(tags)


def _term(f: Fields, key: str, terms: tuple[Term, ...], setting: str) -> str | None:
    """A field naming one term of the site (`type: analysis`, `series: after-the-mutiny`)."""
    slug = f.text(key)
    return slug if slug is not None and _known(f, slug, (key,), terms, setting) else None


def _known(f: Fields, slug: str, path: tuple, terms: tuple[Term, ...], setting: str) -> bool:
    """Whether the site defines `slug` under `setting`; if not, the error says where to."""
    if any(term.slug == slug for term in terms):
        return True
    what = {"tags": "tag", "series": "series", "article_types": "type of article"}[setting]
    f.error(path, f"unknown {what} '{slug}'", unknown_term_hint(slug, terms, setting))
    return False


_BUILDERS: dict[str, Callable[[Fields, dict, Config], Record]] = {
    "actors": _actor, "events": _event, "articles": _article,
    "places": place_record,
}


def parse_source(file: SourceFile, md: MarkdownIt, diagnostics: Diagnostics,
                 config: Config = DEFAULT_CONFIG) -> Record | None:
    """One content file into its record, every problem of it reported into `diagnostics`.

    None only when the front matter cannot be read at all (missing, not closed, not YAML,
    not fields). A file whose fields have problems still gives its record, the fields that
    failed left empty (a date as when.UNKNOWN), so that its references are checked in the same
    run and references to it are not "unknown": it is never published, since a build with an
    error publishes nothing (pipeline/cold.py). What the file may say depends on the site's
    settings (`config.reading`): the zone of times written without one, the kinds of actor, the
    tags, series and types of article."""
    read = read_front_matter(file, diagnostics, config)
    if read is None:
        return None
    split, fields = read
    body = parse_body(md, split.body, split.body_first_line, file.shown, diagnostics)
    common = {"slug": file.slug, "path": file.shown, "body": body, "draft": fields.flag("draft"),
              "autolink": fields.flag("autolink") if "autolink" in fields.data else True}
    return _smartened(_BUILDERS[file.type](fields, common, config), md)


def read_front_matter(file: SourceFile, diagnostics: Diagnostics,
                      config: Config = DEFAULT_CONFIG) -> tuple[Split, Fields] | None:
    """The file split, and its front matter as Fields to read; None (reported) when the front
    matter cannot be read at all: missing, not closed, not YAML, not fields."""
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
    return split, Fields(file, split.yaml_first_line, data, positions, diagnostics, config.timezone)


SMART_FIELDS = ("title", "name", "summary", "role")  # the text of a record readers see as prose


def _smartened(record: Record, md: MarkdownIt) -> Record:
    """The record with typographic quotes and dashes in its readers' text, as its body has
    them (typography.py); unchanged when the site turns them off."""
    changed = {name: smarten(getattr(record, name), md) for name in SMART_FIELDS
               if isinstance(getattr(record, name, None), str)}
    if any(ref.role for ref in getattr(record, "actors", ())):  # an event's roles: "Russia's ally"
        changed["actors"] = tuple(replace(ref, role=smarten(ref.role, md)) if ref.role else ref
                                  for ref in record.actors)
    if getattr(record, "sources", ()):
        changed["sources"] = tuple(replace(source, title=smarten(source.title, md))
                                   for source in record.sources)
    image = record.image
    if image is not None and image.caption:
        changed["image"] = replace(image, caption=smarten(image.caption, md))
    changed = {name: value for name, value in changed.items() if value != getattr(record, name)}
    return replace(record, **changed) if changed else record
