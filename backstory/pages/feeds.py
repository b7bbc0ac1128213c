"""What the Atom feeds, the sitemap and robots.txt show, built from the views layouts get.

These are ordinary layouts (`feed.xml`, `sitemap.xml`, `robots.txt`) so a site can override
them, and they read the site through views, so deps.py knows what each one depends on and an
incremental update keeps them right. Every date comes from the content, never from the clock,
so two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.config import Config
from ..content.when import When
from .siteview import SiteView
from .urls import EVENTS_FEED_PATH, FEED_PATH, absolute_url
from .views import ArticleView, EventView, Views

# A feed with nothing in it yet still needs an `updated` (RFC 4287 4.1.1), and not the clock's.
EPOCH = When(1970, 1, 1)


def _instant(rfc3339: str) -> dt.datetime:
    return dt.datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class FeedEntry:
    id: str  # the page's absolute URL: stable as long as the slug is
    title: str
    url: str
    published: str
    updated: str
    summary: str
    content: str | None  # the rendered body as HTML text (the layout escapes it), or None


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    title: str
    subtitle: str
    self_url: str  # the feed's own address (link rel="self")
    alternate_url: str  # the page it follows (link rel="alternate")
    language: str
    author: str
    updated: str
    entries: list[FeedEntry]


def _entry(view: ArticleView | EventView, published: When, updated: When,
           config: Config) -> FeedEntry:
    url = view.url  # the views of a feed link absolutely (render.urls_for)
    content = str(view.body) if config.feed_content == "full" else None
    # An update known less precisely than the publication (the day, where that has a time) is
    # not earlier than it: Atom's <updated> never precedes <published>.
    if _instant(updated.rfc3339()) < _instant(published.rfc3339()):
        updated = published
    return FeedEntry(url, view.title, url, published.rfc3339(), updated.rfc3339(), view.summary,
                     content)


def _feed(config: Config, title: str, self_path: str, alternate_path: str,
          dated: list[tuple[When, FeedEntry]]) -> Feed:
    # The latest instant any entry gives: a day's `evening` is its first moment in Atom, which a
    # time that day is later than.
    newest = max((entry.updated for _, entry in dated), key=_instant, default=EPOCH.rfc3339())

    def url(path: str) -> str:
        return absolute_url(config.base_url, path)

    return Feed(url(self_path), title, config.description, url(self_path), url(alternate_path),
                config.language, config.author or config.title, newest,
                [entry for _, entry in dated])


def articles_feed(site: SiteView, config: Config) -> Feed:
    """The newest articles, the most recently updated first."""
    articles = sorted(site.articles, key=lambda a: ((a.updated or a.date).key, a.date.key, a.slug),
                      reverse=True)[: config.feed_entries]
    dated = [(a.updated or a.date, _entry(a, a.date, a.updated or a.date, config))
             for a in articles]
    return _feed(config, config.title, FEED_PATH, "articles/", dated)


def events_feed(site: SiteView, config: Config) -> Feed:
    """The latest events in story order, latest first: a story as it unfolds."""
    events = list(reversed(site.events))[: config.feed_entries]
    dated = [(e.date, _entry(e, e.date, e.date, config)) for e in events]
    return _feed(config, f"{config.title}: events", EVENTS_FEED_PATH, "events/", dated)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: str | None  # None where nothing dates the page (the list of actors, search)


def _newest(days: Iterable[When]) -> str | None:
    """A W3C datetime, the sitemap protocol's lastmod, at the precision the content knows."""
    found = max(days, key=lambda when: when.key, default=None)
    return found.w3c() if found else None


def sitemap_entries(pages: Iterable[tuple[str, str, str | None]], site: SiteView,
                    views: Views, config: Config) -> list[SitemapEntry]:
    """Each (path, kind, slug) page with the newest date of what it shows."""
    def article_days() -> list[When]:
        return [a.updated or a.date for a in site.articles]

    def event_days() -> list[When]:
        return [e.date for e in site.events]

    views.touched.update(("@actors", "@events", "@articles", "@places"))  # a page added or removed
    entries = []
    for path, kind, slug in pages:
        if kind == "article":
            article = views.of(slug)
            days = [article.updated or article.date]
        elif kind == "event":
            days = [views.of(slug).date]
        elif kind == "actor":
            actor = views.of(slug)
            days = [e.date for e in actor.events] + [a.updated or a.date for a in actor.articles]
        elif kind == "place":
            days = [e.date for e in views.of(slug).events] + [a.updated or a.date
                                                              for a in views.of(slug).articles]
        elif kind in ("events", "timeline", "map", "places"):
            days = event_days()
        elif kind == "articles":
            days = article_days()
        elif kind == "home":
            days = article_days() + event_days()
        else:
            days = []
        entries.append(SitemapEntry(absolute_url(config.base_url, path), _newest(days)))
    return entries
