"""What the Atom feeds, the sitemap and robots.txt show, built from the views layouts get.

These are ordinary layouts (`feed.xml`, `sitemap.xml`, `robots.txt`) so a site can override
them, and they read the site through views, so deps.py knows what each one depends on and an
incremental update keeps them right. Every date comes from the content, never from the clock,
so two builds of the same sources are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..content.config import Config
from ..content.model import Site
from ..content.when import When
from .editions import Version, prefix_of, versions
from .plan import NOT_PAGES, plan_pages
from .siteview import SiteView
from .urls import SITEMAP_PATH, absolute_url
from .views import ArticleView, EventView, Views
from .words import Words

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


def _feed(config: Config, title: str, self_url: str, alternate_url: str,
          dated: list[tuple[When, FeedEntry]]) -> Feed:
    # The latest instant any entry gives: a day's `evening` is its first moment in Atom, which a
    # time that day is later than.
    newest = max((entry.updated for _, entry in dated), key=_instant, default=EPOCH.rfc3339())

    return Feed(self_url, title, config.description, self_url, alternate_url,
                config.language, config.author or config.title, newest,
                [entry for _, entry in dated])


def articles_feed(site: SiteView, config: Config) -> Feed:
    """The newest articles, the most recently updated first."""
    # A language's feed holds what is in its words (a.language: an original shown in another).
    articles = sorted([a for a in site.articles if not a.language],
                      key=lambda a: ((a.updated or a.date).key, a.date.key, a.slug),
                      reverse=True)[: config.feed_entries]
    dated = [(a.updated or a.date, _entry(a, a.date, a.updated or a.date, config))
             for a in articles]
    return _feed(config, config.title, site.feed_url, site.articles_url, dated)


def events_feed(site: SiteView, config: Config, words: Words | None = None) -> Feed:
    """The latest events in story order, latest first: a story as it unfolds. Its title in the
    page's language (`feed_events`, as the pages' link to it says it)."""
    events = [e for e in reversed(site.events) if not e.language][: config.feed_entries]
    dated = [(e.date, _entry(e, e.date, e.date, config)) for e in events]
    title = words.text("feed_events", site=config.title) if words is not None else f"{config.title}: events"
    return _feed(config, title, site.events_feed_url, site.events_url, dated)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: str | None  # None where nothing dates the page (the list of actors, search)
    # The page in each language it is translated into, its own among them (xhtml:link
    # alternates); () for a site in one language.
    alternates: tuple[Version, ...] = ()


def publishing_context(kind: str, site: Site, config: Config, site_view: SiteView,
                       views: Views) -> dict:
    """What feed.xml, sitemap.xml and robots.txt receive (docs/layouts.md)."""
    if kind == "articles-feed":
        return {"feed": articles_feed(site_view, config)}
    if kind == "events-feed":
        return {"feed": events_feed(site_view, config, views.words)}
    if kind == "sitemap":
        return {"pages": sitemap_pages(site, config, site_view, views)}
    # robots.txt: the sitemap, or each language's
    urls = [views.urls.whole(prefix_of(config, language.code, config.language) + SITEMAP_PATH)
            for language in config.languages] or [absolute_url(config.base_url, SITEMAP_PATH)]
    return {"sitemap_urls": urls, "sitemap_url": urls[0]}


def sitemap_pages(site: Site, config: Config, site_view: SiteView, views: Views) -> list[SitemapEntry]:
    """What sitemap.xml lists: every page of the site, in the sitemap's language for a site in
    several, where it is in that language's words (never an original shown in another)."""
    edition = views.urls.edition
    pages = [spec for spec in plan_pages(site, config) if spec.kind not in NOT_PAGES
             and (edition is None or spec.path not in edition.elsewhere)
             and (spec.slug is None or site.is_translated(spec.slug))]
    entries = sitemap_entries([(p.path, p.kind, p.slug) for p in pages], site_view, views, config)
    if edition is None:
        return entries
    return [replace(entry, alternates=versions(spec, site, config, edition, views.urls))
            for entry, spec in zip(entries, pages, strict=True)]


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
        entries.append(SitemapEntry(views.urls.href(path), _newest(days)))
    return entries
