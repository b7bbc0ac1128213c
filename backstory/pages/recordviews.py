"""The views of one actor, event or article that layouts receive (Views makes them, views.py).

Layouts never get the internal records, so the model can change without breaking them. Each
view reads through its page's Views, which notes what it read (deps.py) and linked (cards.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..content.kinds import Kind
from ..content.model import Record, Source
from ..content.terms import Term
from ..content.when import When
from ..pictures.svg import swatch
from .dates import DateSpan, YearGroup, date_span, format_date, format_range, group_by_year
from .figures import PictureView, picture_view
from .terms import SeriesView, TermLink, article_type_of, series_of, tag_path, term_of
from .timescales import time_scale
from .urls import TIMELINE_PATH, page_path
from .words import life_word, localized_kind, localized_type

if TYPE_CHECKING:
    from .views import Views

OPENING_PARAGRAPH = re.compile(r"\s*<p>(.*?)</p>", re.S)  # a <p> holds no <p>: the first </p> ends it


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

    # The language of its words where it is not the page's (an original shown in a language it
    # has no translation into), else None; and as ` lang="..."` for its name, summary and body.
    language = property(lambda self: self._views.language_of(self._record))
    lang_attribute = property(lambda self: Markup(f' lang="{self.language}"' if self.language else ""))

    @property
    def url(self) -> str:
        self._views.note_linked(self._record)  # a layout reads .url to link here
        return self._views.urls.href(self.path)

    @cached_property
    def body(self) -> Markup:
        return self._views.body_html(self._record)

    @cached_property
    def opening(self) -> Markup | None:
        """The body's first paragraph, as the front page shows it; None when the body opens
        with anything else (a heading, a list, a quotation), which would not read as a lead."""
        found = OPENING_PARAGRAPH.match(self.body)
        return Markup(found.group(1)) if found else None

    @cached_property
    def picture(self) -> PictureView | None:
        """The record's `image:` (a portrait, a lead image) as this page shows it, or None."""
        image = self._record.image
        views = self._views
        return None if image is None else picture_view(image, views.urls, views.pictures,
                                                       views.touched)

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

    __repr__ = lambda self: f"<{type(self).__name__} {self.slug}>"  # noqa: E731


class ActorView(RecordView):
    type = "actor"

    name = property(lambda self: self._record.name)

    @property
    def sort_key(self) -> tuple[str, str]:
        """Where lists put it: by its `sort_name` where it has one; a person (a kind whose
        schema is Person) by the last word of the name, the family name in most of the
        story's languages; anything else by its name."""
        name = self._record.name.casefold()
        if self._record.sort_name:
            return self._record.sort_name.casefold(), name
        if self.kind_info.schema == "Person" and " " in name.strip():
            family = name.split()[-1]
            return f"{family} {name}", name
        return name, name

    @property
    def initials(self) -> str:
        """One or two letters that stand in for a missing portrait: the first word's and the
        last word's first letters, leaving out a leading "The"."""
        words = [w for w in self._record.name.split() if w[:1].isalnum()]
        if len(words) > 1 and words[0].casefold() == "the":
            words = words[1:]
        return "".join(w[0] for w in (words[:1] + words[1:][-1:])).upper() if words else "?"

    @property
    def mark(self) -> Markup:
        """Its kind's shape as the maps draw it (a small decorative SVG): what stands in for a
        missing picture of a state, an organisation or a newspaper, where initials would not
        tell Belarus from Belta."""
        return Markup(swatch(self.kind, self.kind_info.shape or None))

    kind = property(lambda self: self._record.kind)
    aliases = property(lambda self: [a for a in self._record.aliases if a not in self._record.forms])
    role = property(lambda self: self._record.role)
    # Each under the name its kind has (kinds.py), None under any other: `life` has them all.
    born = property(lambda self: self._life_date("born"))
    died = property(lambda self: self._life_date("died"))
    founded = property(lambda self: self._life_date("founded"))
    dissolved = property(lambda self: self._life_date("dissolved"))
    country = property(lambda self: self._record.country)
    links = property(lambda self: list(self._record.links))

    @property
    def kind_info(self) -> Kind:
        """The actor's kind as the site defines it (label, plural, schema, dates, shape)."""
        kind = self._views.config.kind(self.kind) or Kind(self.kind, self.kind, self.kind, "Thing", (), "")
        return localized_kind(kind, self._views.words)

    @property
    def kind_label(self) -> str:
        """Its kind as the who's who heads a group of them: "People", "Ships"."""
        return self.kind_info.plural

    @property
    def kind_singular(self) -> str:
        """Its kind as one of them is called: "Person", "Ship"."""
        return self.kind_info.label

    def _life_date(self, name: str) -> When | None:
        names = self.kind_info.dates
        return (self._record.began, self._record.ended)[names.index(name)] if name in names else None

    @property
    def life_dates(self) -> tuple[When | None, When | None]:
        """Its beginning and its end, whatever its kind calls them."""
        return self._record.began, self._record.ended

    @property
    def life(self) -> list[tuple[str, When]]:
        """The actor's dates as a page lists them: [("Born", When), ("Died", When)]."""
        named = zip(self.kind_info.dates, (self._record.began, self._record.ended), strict=False)
        return [(life_word(self._views.words, "life", name, name.replace("_", " ").capitalize()), when)
                for name, when in named if when is not None]

    @property
    def lifespan(self) -> str:
        """`1961 – 23 August 2023`, `born 1954`, `built 2018`: the actor's dates in one line."""
        began, ended = self._record.began, self._record.ended
        if began is not None and ended is not None:
            return format_range(began, ended, self._views.words)
        words = self._views.words
        return " ".join(life_word(words, "lifespan", name, f"{name.replace('_', ' ')} {{date}}",
                                  format_date(when, words)) for name, when in zip(
            self.kind_info.dates, (began, ended), strict=False) if when is not None)

    @property
    def image_path(self) -> str | None:
        """The image under the site root ("images/x.jpg"), or its whole URL: what urls take."""
        return self._record.image.src if self._record.image else None

    @property
    def image(self) -> str | None:
        """The image as this page links it."""
        return self.picture.url if self.picture else None

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

    @cached_property
    def time_scale(self):
        """Its events drawn to scale (timescales.TimeScale), or None without any."""
        return time_scale(self.events, own=self.slug, words=self._views.words)

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

    aliases = property(lambda self: [a for a in self._record.aliases if a not in self._record.forms])
    sources = property(lambda self: list(self._record.sources))

    @property
    def order(self) -> tuple:
        """Sort key for story order: by date, then causes before what they led to."""
        return self._views.site.chronology[self.slug]

    @property
    def when(self) -> str:
        return format_range(self.date, self.end, self._views.words)

    @property
    def span(self) -> DateSpan:
        return date_span(self.date, self.end, self._views.words)

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
    sources: list[Source] = property(lambda self: list(self._record.sources))

    @property
    def article_type(self) -> Term:
        """What the article is (`slug`, `label`, `schema`): an explainer, an update..."""
        views = self._views
        return localized_type(article_type_of(views.config, self._record.article_type), views.words)

    type_label: str = property(lambda self: self.article_type.label)

    @property
    def tags(self) -> list[TermLink]:
        """Its tags in the order written, each with its label and the URL of its page."""
        terms = self._views.config.tags
        return [TermLink(slug, term_of(terms, slug).label, self._views.urls.href(tag_path(slug)))
                for slug in self._record.tags]

    @cached_property
    def series(self) -> SeriesView | None:
        return series_of(self._views, self._record)

    @cached_property
    def updates(self) -> ArticleView | None:
        """The earlier article this one updates or follows, or None."""
        return self._views.of(self._record.updates[0].target) if self._record.updates else None

    @cached_property
    def updated_by(self) -> list[ArticleView]:
        """Later articles that say they update this one, newest first."""
        found = self._views.backlinks(self.slug, "articles", ("updates",))
        return sorted(found, key=lambda a: (a.date.key, a.slug), reverse=True)

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

    @cached_property
    def time_scale(self):
        """Its events drawn to scale (timescales.TimeScale), or None without any; naming only
        the actors of its who's who."""
        return time_scale(self.events, cast=frozenset(a.slug for a in self.actors),
                          words=self._views.words)
