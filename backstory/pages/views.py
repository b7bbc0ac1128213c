"""What layouts see of records: actor, event and article views, made for one page.

Layouts never get the internal records, so the model can change without breaking them.
Every view is bound to the page being rendered, so `.url` is right wherever it is used, and
what the page reads and links through its views is noted (for deps.py and cards.py). The
site as a whole is siteview.py's; how dates read, dates.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from ..content.config import Config
from ..content.model import Record, Site, Source, life_names
from ..content.when import When
from ..text.markdown import ResolvedLink, make_parser, render_body
from .dates import DateSpan, YearGroup, date_span, format_date, format_range, group_by_year
from .urls import TIMELINE_PATH, Urls, page_path

KIND_LABELS = {"person": "People", "organization": "Organizations", "state": "States",
               "media": "Media"}
# Record types whose links get a hover card (cards.py).
CARD_TYPES = ("actors", "events", "places")


@dataclass(frozen=True, slots=True)
class Noted:
    """What was read (Views.touched) and linked (Views.linked) apart from a page."""

    touched: set[str]
    linked: dict[str, None]


class Views:
    """Makes (and reuses, within one page) the views of records, linked from one page."""

    def __init__(self, site: Site, config: Config, urls: Urls, fragments=None, *,
                 map_of: Callable[[Views, str], object], more_views: dict[str, type] | None = None):
        self.site, self.config, self.urls = site, config, urls
        self.fragments = fragments  # fragments.Fragments shared by a build's pages, or None
        # The small map of a record's page (maps.page_map), given by whoever makes the views:
        # maps are drawn from views, so views cannot import them.
        self.map_of = map_of
        # View classes of record types defined beside this module (placeview.PlaceView), by type.
        self.more_views = more_views or {}
        self._made: dict[str, RecordView] = {}
        self._md = make_parser(config.raw_html)
        # What the page read: slugs, and "@actors"-style names for whole collections.
        # deps.py turns this into the set of pages a change affects.
        self.touched: set[str] = set()
        # Actors and events the page links to, in first-link order: their hover cards ship
        # inside the page (cards.py). Filled as layouts read `.url` and bodies resolve links.
        self.linked: dict[str, None] = {}

    def forget(self) -> None:
        """Drop the views made for the page, once it is rendered."""
        self._made.clear()

    @contextmanager
    def apart(self) -> Iterator[Noted]:
        """Within: views made afresh, and what they read and link noted apart from the page's
        (then found in the Noted given); for a piece made once for many pages (fragments.py)."""
        page = self._made, self.touched, self.linked
        self._made, self.touched, self.linked = {}, set(), {}
        noted = Noted(self.touched, self.linked)
        try:
            yield noted
        finally:
            self._made, self.touched, self.linked = page

    def adopt(self, touched: Iterable[str], linked: Iterable[str]) -> None:
        """Note reads and links as the page's own, as if it had made them, in that order."""
        self.touched.update(touched)
        for slug in linked:
            self.linked.setdefault(slug, None)

    def of(self, slug: str) -> RecordView:
        view = self._made.get(slug)
        if view is None:
            self.touched.add(slug)
            record = self.site.get(slug)
            view_type = {"actors": ActorView, "events": EventView, "articles": ArticleView}
            view_type = view_type.get(record.type) or self.more_views[record.type]
            view = self._made[slug] = view_type(record, self)
        return view

    def many(self, slugs) -> list:
        return [self.of(slug) for slug in slugs]

    def record(self, slug: str) -> Record | None:
        """A record by slug, noted as read by this page."""
        self.touched.add(slug)
        return self.site.get(slug)

    def resolve_link(self, target: str, within: Record | None = None) -> ResolvedLink | None:
        """`slug`, `slug#anchor`, or `#anchor` in the body of `within`."""
        slug, _, fragment = target.partition("#")
        record = self.site.get(slug) if slug else within
        if record is None:
            return None
        self.touched.add(record.slug)
        self.note_linked(record)
        path = page_path(record)
        # An anchor on the page itself stays on it, without loading the page again.
        href = f"#{fragment}" if fragment and path == self.urls.current \
            else self.urls.href(path) + (f"#{fragment}" if fragment else "")
        return ResolvedLink(href, record.label, f"ref ref-{record.type}")

    def note_linked(self, record: Record) -> None:
        if record.type in CARD_TYPES:
            self.linked.setdefault(record.slug, None)

    def body_html(self, record: Record) -> Markup:
        # The HTML comes from markdown-it, which escapes text; raw HTML follows the site setting.
        self.touched.add(f"body:{record.slug}")
        return Markup(render_body(self._md, record.body,
                                  lambda target: self.resolve_link(target, record)))

    def backlinks(self, slug: str, source_type: str, fields: tuple[str, ...] | None = None):
        """Sources of the given type pointing at slug (optionally only through some fields)."""
        links = self.site.backlinks_of(slug)
        self.touched.update([link.source for link in links])  # each is read for its type
        records, seen = self.site.records, {}
        for link in links:  # hundreds on a busy actor's page, asked for several times
            source = link.source
            if source not in seen and records[source].type == source_type \
                    and (fields is None or link.field in fields):
                seen[source] = self.of(source)
        return list(seen.values())


@dataclass(frozen=True, slots=True)
class Participation:
    """An actor in an event, with the role the event gives them (or None)."""

    actor: ActorView
    event: EventView
    role: str | None


class RecordView:
    type = ""

    def __init__(self, record: Record, views: Views):
        self._record, self._views = record, views

    def __getattr__(self, name: str):
        raise AttributeError(f"{type(self).__name__[:-4].lower()} has no attribute '{name}'")

    @property
    def slug(self) -> str:
        return self._record.slug

    @property
    def label(self) -> str:
        return self._record.label

    @property
    def summary(self) -> str:
        return self._record.summary

    @property
    def path(self) -> str:
        return page_path(self._record)

    @property
    def url(self) -> str:
        self._views.note_linked(self._record)  # a layout reads .url to link here
        return self._views.urls.href(self.path)

    @cached_property
    def body(self) -> Markup:
        return self._views.body_html(self._record)

    @cached_property
    def articles(self) -> list[ArticleView]:
        """Articles that reference this page, in front matter or prose, newest first."""
        found = self._views.backlinks(self.slug, "articles")
        return sorted(found, key=lambda a: (a.date.key, a.slug), reverse=True)

    @cached_property
    def mentioned_in(self) -> list[RecordView]:
        """Actor, event and place pages whose prose links here (actors by name, then events in
        story order, then places by name), leaving out those this page already lists through
        front matter."""
        views = self._views
        prose = ("body", "mention")
        listed = {link.source for link in views.site.backlinks_of(self.slug)
                  if link.field not in prose}
        listed |= {ref.target for ref in self._record.refs if ref.field not in prose}
        actors = sorted(views.backlinks(self.slug, "actors", prose), key=lambda a: a.name.casefold())
        events = sorted(views.backlinks(self.slug, "events", prose), key=lambda e: e.order)
        places = sorted(views.backlinks(self.slug, "places", prose), key=lambda p: p.name.casefold())
        return [view for view in actors + events + places if view.slug not in listed]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


class ActorView(RecordView):
    type = "actor"

    name = property(lambda self: self._record.name)
    kind = property(lambda self: self._record.kind)
    aliases = property(lambda self: list(self._record.aliases))
    role = property(lambda self: self._record.role)
    # Each under the name its kind has (model.life_names), None under the other kind's.
    born = property(lambda self: self._life_date("born"))
    died = property(lambda self: self._life_date("died"))
    founded = property(lambda self: self._life_date("founded"))
    dissolved = property(lambda self: self._life_date("dissolved"))
    country = property(lambda self: self._record.country)
    links = property(lambda self: list(self._record.links))

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def _life_date(self, name: str) -> When | None:
        names = life_names(self.kind)
        return (self._record.began, self._record.ended)[names.index(name)] if name in names else None

    @property
    def life(self) -> list[tuple[str, When]]:
        """The actor's dates as a page lists them: [("Born", When), ("Died", When)]."""
        return [(name.capitalize(), when) for name, when in zip(
            life_names(self.kind), (self._record.began, self._record.ended), strict=True)
            if when is not None]

    @property
    def lifespan(self) -> str:
        """`1961 – 23 August 2023`, `born 1954`, `founded 2014`: the actor's dates in one line."""
        began, ended = self._record.began, self._record.ended
        if began is not None and ended is not None:
            return format_range(began, ended)
        return " ".join(f"{name} {format_date(when)}" for name, when in zip(
            life_names(self.kind), (began, ended), strict=True) if when is not None)

    @property
    def image_path(self) -> str | None:
        """The image under the site root ("images/x.jpg"), or its whole URL: what urls take."""
        image = self._record.image
        return image if image is None or "://" in image else image.lstrip("/")

    @property
    def image(self) -> str | None:
        """The image as this page links it."""
        path = self.image_path
        return path if path is None or "://" in path else self._views.urls.href(path)

    @cached_property
    def participations(self) -> list[Participation]:
        """The events this actor took part in, oldest first, each with its role."""
        views = self._views
        result = []
        for link in views.site.backlinks_of(self.slug):
            if link.field == "actors" and views.record(link.source).type == "events":
                result.append(Participation(self, views.of(link.source), link.role))
        return sorted(result, key=lambda p: p.event.order)

    @property
    def events(self) -> list[EventView]:
        return [p.event for p in self.participations]

    @cached_property
    def map(self):
        """This actor's neighbourhood as a small map (maps.RelationshipMap), or None."""
        return self._views.map_of(self._views, self.slug)

    @property
    def timeline(self) -> list[YearGroup]:
        """The participations grouped by year: (year, participations) in story order."""
        return group_by_year(self.participations, lambda p: p.event.date)

    @property
    def timeline_url(self) -> str:
        """The site timeline filtered to this actor (timeline.js reads `?actor=`)."""
        return self._views.urls.href(TIMELINE_PATH) + f"?actor={self.slug}"

    @property
    def connections(self) -> int:
        return len(self._views.site.backlinks_of(self.slug))


class EventView(RecordView):
    type = "event"

    title = property(lambda self: self._record.title)
    date = property(lambda self: self._record.date)
    end = property(lambda self: self._record.end)

    @property
    def place(self) -> str | None:
        """Where it happened in words: the place's name when `place:` names one, else as written."""
        page = self.place_page
        return page.name if page is not None else self._record.place

    @cached_property
    def place_page(self):
        """The place's view (placeview.PlaceView) when `place:` names a place, else None."""
        ref = self._record.place_ref
        return self._views.of(ref.target) if ref is not None else None

    aliases = property(lambda self: list(self._record.aliases))
    sources = property(lambda self: list(self._record.sources))

    @property
    def order(self) -> tuple:
        """Sort key for story order: by date, then causes before what they led to."""
        return self._views.site.chronology[self.slug]

    @property
    def when(self) -> str:
        return format_range(self.date, self.end)

    @property
    def span(self) -> DateSpan:
        return date_span(self.date, self.end)

    @cached_property
    def _neighbours(self) -> tuple[EventView | None, EventView | None]:
        views = self._views
        # Neighbours change when another event moves next to this one (see deps.py).
        views.touched.add(f"around:{self.slug}")
        return tuple(views.of(slug) if slug else None
                     for slug in views.site.neighbours.get(self.slug, (None, None)))

    @property
    def previous(self) -> EventView | None:
        """The event just before this one in story order, or None for the first."""
        return self._neighbours[0]

    @property
    def next(self) -> EventView | None:
        """The event just after this one in story order, or None for the last."""
        return self._neighbours[1]

    @cached_property
    def participants(self) -> list[Participation]:
        views = self._views
        return [Participation(views.of(ref.target), self, ref.role) for ref in self._record.actors]

    @property
    def actors(self) -> list[ActorView]:
        return [p.actor for p in self.participants]

    @cached_property
    def map(self):
        """This event's neighbourhood as a small map (maps.RelationshipMap), or None."""
        return self._views.map_of(self._views, self.slug)

    @cached_property
    def led_to(self) -> list[EventView]:
        """The events this one caused, in date order."""
        found = self._views.many(ref.target for ref in self._record.led_to)
        return sorted(found, key=lambda e: e.order)

    @cached_property
    def caused_by(self) -> list[EventView]:
        """The events that list this one in their led_to, in date order."""
        found = self._views.backlinks(self.slug, "events", ("led_to",))
        return sorted(found, key=lambda e: e.order)


class ArticleView(RecordView):
    type = "article"

    title = property(lambda self: self._record.title)
    date = property(lambda self: self._record.date)
    updated = property(lambda self: self._record.updated)
    tags = property(lambda self: list(self._record.tags))
    sources: list[Source] = property(lambda self: list(self._record.sources))

    def _linked(self, type_name: str, field: str) -> list:
        """Front-matter references first, in their order, then those made in prose."""
        record = self._record
        slugs = [ref.target for ref in getattr(record, field)]
        slugs += [ref.target for ref in record.body.links + record.body.mentions
                  if self._views.record(ref.target).type == type_name]
        return self._views.many(dict.fromkeys(slugs))

    @cached_property
    def actors(self) -> list[ActorView]:
        """Who’s who: every actor the article lists in front matter, links or names in prose."""
        return self._linked("actors", "actors")

    @cached_property
    def events(self) -> list[EventView]:
        """What happened: every event the article references, in date order."""
        return sorted(self._linked("events", "events"), key=lambda e: e.order)
