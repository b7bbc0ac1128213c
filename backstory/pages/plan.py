"""Which pages a site has: each as a PageSpec (where, through which layout, about what)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..content.config import Config
from ..content.model import Record, Site
from .embeds import EMBED_KINDS, FULL_KINDS, embed_path
from .terms import tag_pages
from .urls import (
    EVENTS_FEED_PATH,
    FEED_PATH,
    GRAPH_JSON_PATH,
    INDEX,
    MAP_PATH,
    PLACES_PATH,
    ROBOTS_PATH,
    SEARCH_NAMES_PATH,
    SEARCH_PATH,
    SITEMAP_PATH,
    TIMELINE_JSON_PATH,
    TIMELINE_PATH,
    page_path,
)

if TYPE_CHECKING:  # words.py reads no plan; a page's title in words only needs the type
    from .words import Words


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to write: where, through which layout, and about what."""

    path: str  # the page's address relative to the site root: "", "actors/x/", "404.html"
    layout: str
    kind: str  # "home", "actors", "actor", ...
    title: str
    description: str
    slug: str | None = None
    # A site in several languages: the page's language and the prefix its pages are under
    # ("ru/"); None and "" for a site in one language.
    language: str | None = None
    prefix: str = ""

    @property
    def page(self) -> str:
        """The page as its language's pages name it: "actors/x/" for "ru/actors/x/"."""
        return self.path[len(self.prefix):]

    @property
    def output(self) -> str:
        """A page's folder gets an index.html; a named file (404.html, feed.xml) is itself."""
        return self.path + INDEX if self.path == "" or self.path.endswith("/") else self.path


# Outputs that are not pages: left out of the sitemap, and their links are whole URLs.
NOT_PAGES = ("404", "articles-feed", "events-feed", "sitemap", "robots", "timeline-json",
             "graph-json", "search-names", *FULL_KINDS)  # embeds: their full pages are the ones to list
ABSOLUTE_KINDS = ("articles-feed", "events-feed", "sitemap", "robots")
# Data for other tools: whole URLs with a base_url, relative to the site root without one.
DATA_KINDS = ("timeline-json", "graph-json")


def plan_pages(site: Site, config: Config) -> Iterator[PageSpec]:
    yield PageSpec("", "home.html", "home", config.title, config.description)
    yield PageSpec("actors/", "actors.html", "actors", "Who’s who", "Everyone and everything "
                   "the story is about, by kind.")  # kinds are the site's: not only people
    yield PageSpec("events/", "events.html", "events", "Events", "Every event, by date.")
    yield PageSpec("articles/", "articles.html", "articles", "Articles", "Every explainer.")
    timeline = PageSpec(TIMELINE_PATH, "timeline.html", "timeline", "Timeline", "Every event in "
                        "story order, with who took part.")
    overview = PageSpec(MAP_PATH, "map.html", "map", "Map", "Who took part in what, and what led "
                        "to what, as one network.")
    yield timeline
    yield overview
    yield PageSpec("404.html", "404.html", "404", "Page not found", config.description)
    if config.search:
        yield PageSpec(SEARCH_PATH, "search.html", "search", "Search", "Search the articles, "
                       "people and events.")
        yield PageSpec(SEARCH_NAMES_PATH, "names.json", "search-names", "Search", "")
    if site.places:
        yield PageSpec(PLACES_PATH, "places.html", "places", "Places", "Every place in the story, "
                       "each within the larger places it lies in.")
    for records in (site.actors, site.events, site.articles, site.places):
        for record in records.values():
            yield record_page(record)
    records = (*site.actors.values(), *site.events.values())
    yield from map(embed_of, (timeline, overview, *map(record_page, records)))
    yield from (PageSpec(*page) for page in tag_pages(site, config))
    yield PageSpec(TIMELINE_JSON_PATH, "timeline.json", "timeline-json", config.title,
                   config.description)
    yield PageSpec(GRAPH_JSON_PATH, "graph.json", "graph-json", config.title, config.description)
    if config.publishes_feeds:
        yield PageSpec(FEED_PATH, "feed.xml", "articles-feed", config.title, config.description)
        yield PageSpec(EVENTS_FEED_PATH, "feed.xml", "events-feed", config.title,
                       config.description)
        yield PageSpec(SITEMAP_PATH, "sitemap.xml", "sitemap", "Sitemap", "")
        yield PageSpec(ROBOTS_PATH, "robots.txt", "robots", "robots.txt", "")


def record_page(record: Record) -> PageSpec:
    kind = {"actors": "actor", "events": "event", "articles": "article", "places": "place"}[record.type]
    return PageSpec(page_path(record), f"{kind}.html", kind, record.label, record.summary,
                    record.slug)


def record_pages(record: Record) -> list[PageSpec]:
    """A record's page, and its embed when it has one: what an edit of the record re-plans."""
    page = record_page(record)
    return [page, embed_of(page)] if page.kind in EMBED_KINDS else [page]

def embed_of(full: PageSpec) -> PageSpec:
    """The embed of a full page that has one (embeds.EMBED_KINDS): the same subject, under embed/."""
    kind = EMBED_KINDS[full.kind]
    return PageSpec(embed_path(full.path), f"{kind}.html", kind, full.title, full.description,
                    full.slug)


# Pages whose title and description are the layouts' words (the catalogue's page.<kind>.*).
WORDED_PAGES = {"actors", "events", "articles", "timeline", "map", "404", "search", "places", "tags"}


def in_words(spec: PageSpec, words: Words | None) -> PageSpec:
    """An index page's title and description in the page's language (a record's are its own),
    and a tag page's description where `tags:` gives none (`tag.description`)."""
    kind = FULL_KINDS.get(spec.kind, spec.kind)
    if kind == "tag" and not spec.description:
        return replace(spec, description=words.text("tag.description", tag=spec.title)
                       if words is not None else f"Articles tagged {spec.title}.")
    if words is None or kind not in WORDED_PAGES:
        return spec
    title = words.text(f"page.{kind}.title")
    described = f"page.{kind}.description"
    # The 404 page's description is the site's own.
    return replace(spec, title=title, description=words.text(described)
                   if described in words.messages else spec.description)
