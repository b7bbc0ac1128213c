"""The site as layouts see it: its settings, links to its own pages, and its whole lists of
actors, events and articles (with the timeline's filter over them).

Built on the views of one page (views.py), so every link is right from that page and reading a
whole list is noted as depending on the whole collection.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from ..content.config import Config
from ..pictures.palette import kind_style
from .terms import TAGS_PATH
from .urls import (
    EVENTS_FEED_PATH,
    FEED_PATH,
    GRAPH_JSON_PATH,
    MAP_PATH,
    PLACES_PATH,
    SEARCH_PATH,
    TIMELINE_JSON_PATH,
    TIMELINE_PATH,
)
from .views import ActorView, ArticleView, EventView, Views
from .words import Words, localized_kind


@dataclass(frozen=True, slots=True)
class ActorChoice:
    """An actor in the timeline's filter, with how many of the events involve them."""

    actor: ActorView
    count: int


def actor_choices(events: list[EventView], actors: list[ActorView]) -> list[ActorChoice]:
    """Actors in the given order who take part in any of the events, each with a count."""
    counts = Counter(slug for event in events for slug in {a.slug for a in event.actors})
    return [ActorChoice(actor, counts[actor.slug]) for actor in actors if counts[actor.slug]]


def actor_groups(actors: list[ActorView], config: Config, words: Words | None
                 ) -> list[tuple[str, list[ActorView]]]:
    """The list of actors' groups: each kind the actors have, in the site's order of kinds,
    headed by its plural in the page's language, with its actors."""
    return [(localized_kind(kind, words).plural, found) for kind in config.kinds
            if (found := [actor for actor in actors if actor.kind == kind.name])]


class SiteView:
    """The site as layouts see it, with links to its indexes from the current page."""

    # Set on each instance; declared here too, so a layout's misspelling is told the right
    # names (render._explain_undefined reads them).
    title: str
    description: str
    language: str
    author: str
    base_url: str
    home_url: str
    actors_url: str
    events_url: str
    articles_url: str
    timeline_url: str
    map_url: str
    timeline_json_url: str
    graph_json_url: str
    feed_url: str | None
    events_feed_url: str | None
    search_url: str | None
    kind_style: Markup
    tags_url: str | None
    places_url: str | None

    def __init__(self, config: Config, views: Views):
        self._config, self._views = config, views
        urls = views.urls
        self.title, self.description = config.title, config.description
        self.language, self.author, self.base_url = config.language, config.author, config.base_url
        self.home_url = urls.href("")
        self.actors_url, self.events_url = urls.href("actors/"), urls.href("events/")
        self.articles_url = urls.href("articles/")
        self.timeline_url = urls.href(TIMELINE_PATH)
        self.map_url = urls.href(MAP_PATH)
        # The same story as data for other tools: TimelineJS, and nodes and edges.
        self.timeline_json_url = urls.href(TIMELINE_JSON_PATH)
        self.graph_json_url = urls.href(GRAPH_JSON_PATH)
        # None without a base_url: feeds need absolute URLs, so there are none (feeds.py).
        self.feed_url = urls.href(FEED_PATH) if config.publishes_feeds else None
        self.events_feed_url = urls.href(EVENTS_FEED_PATH) if config.publishes_feeds else None
        # None when search is off: layouts leave out the header's search form.
        self.search_url = urls.href(SEARCH_PATH) if config.search else None
        # CSS colouring the kinds the stylesheet does not know, for a <style> in <head>; "" if none.
        self.kind_style = Markup(kind_style(config.kinds))
        # /tags/, or None for a site that defines no tags.
        self.tags_url = urls.href(TAGS_PATH) if config.tags else None
        # None when the site has no places: layouts leave out the link to /places/.
        views.touched.add("@has-places")
        self.places_url = urls.href(PLACES_PATH) if views.site.places else None

    @cached_property
    def actors(self) -> list[ActorView]:
        self._views.touched.add("@actors")
        return sorted(self._views.many(self._views.site.actors), key=lambda a: (a.sort_key, a.slug))

    @cached_property
    def events(self) -> list[EventView]:
        self._views.touched.add("@events")
        return sorted(self._views.many(self._views.site.events), key=lambda e: e.order)

    @cached_property
    def articles(self) -> list[ArticleView]:
        self._views.touched.add("@articles")
        found = self._views.many(self._views.site.articles)
        return sorted(found, key=lambda a: (a.date.key, a.slug), reverse=True)

    @cached_property
    def places(self) -> list:
        """Every place (placeview.PlaceView), by name."""
        self._views.touched.add("@places")
        return sorted(self._views.many(self._views.site.places), key=lambda p: p.name.casefold())
