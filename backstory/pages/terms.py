"""What layouts see of tags, series and article types (content/terms.py): links with labels, a
tag's page of articles, a series in order, and the pages that tags get.

A page that lists a tag's or a series' articles reads "@tags" or "@series": which articles carry
which tag, or belong to which series (graph/deps.py fingerprints them), so an article that gains
a tag re-renders the tag's page without re-rendering every page that lists articles.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from ..content.config import Config
from ..content.model import Site
from ..content.terms import DEFAULT_TYPE, Term

TAGS_PATH = "tags/"


def tag_path(slug: str) -> str:
    return f"{TAGS_PATH}{slug}/"


@functools.lru_cache(maxsize=1)  # a Site is compared by identity: once per build, not per page
def _members(site: Site) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each tag's articles, newest first, and each series' articles, oldest first, as slugs."""
    tags: dict[str, list] = defaultdict(list)
    series: dict[str, list] = defaultdict(list)
    for record in site.articles.values():
        for tag in record.tags:
            tags[tag].append(record)
        if record.series:
            series[record.series].append(record)

    def when(record) -> tuple:
        return record.date.key, record.slug

    newest = {tag: tuple(r.slug for r in sorted(found, key=when, reverse=True))
              for tag, found in tags.items()}
    return newest, {name: tuple(r.slug for r in sorted(found, key=when)) for name, found in series.items()}


def used_tags(site: Site, config: Config) -> list[Term]:
    """The site's tags that published articles carry, in site.yaml's order: each has a page."""
    used = _members(site)[0]
    return [term for term in config.tags if term.slug in used]


def tag_pages(site: Site, config: Config) -> list[tuple[str, str, str, str, str]]:
    """(path, layout, kind, title, description) of /tags/ and each used tag's page: a tag's
    description "" when `tags:` gives it none (plan.in_words says it in the page's language)."""
    tags = used_tags(site, config)
    pages = [(tag_path(term.slug), "tag.html", "tag", term.label, term.description) for term in tags]
    return [(TAGS_PATH, "tags.html", "tags", "Tags", "Every tag, and the articles under it."),
            *pages] if tags else []


def term_of(terms: tuple[Term, ...], slug: str | None) -> Term | None:
    return next((term for term in terms if term.slug == slug), None)


def article_type_of(config: Config, slug: str) -> Term:
    """An article's type as the site defines it (a parsed article names only defined types)."""
    return term_of(config.article_types, slug) or term_of(config.article_types, DEFAULT_TYPE) \
        or Term(slug, slug.capitalize(), schema="NewsArticle")


@dataclass(frozen=True, slots=True)
class TermLink:
    """A tag as a page shows it: its label, linking to its page. Prints as its label."""

    slug: str
    label: str
    url: str

    def __str__(self) -> str:
        return self.label


class TagView:
    """A tag's page: its label and description, and its articles, newest first."""

    def __init__(self, term: Term, views):
        self._term, self._views = term, views
        self.slug, self.label, self.description = term.slug, term.label, term.description
        self.url = views.urls.href(tag_path(term.slug))

    @property
    def articles(self) -> list:
        self._views.touched.add("@tags")
        return self._views.many(_members(self._views.site)[0].get(self.slug, ()))

    @property
    def count(self) -> int:
        self._views.touched.add("@tags")
        return len(_members(self._views.site)[0].get(self.slug, ()))

    def __repr__(self) -> str:
        return f"<TagView {self.slug}>"


@dataclass(frozen=True, slots=True)
class SeriesView:
    """The series an article belongs to, as that article's page shows it."""

    slug: str
    label: str
    description: str
    articles: list  # ArticleViews, oldest first
    number: int  # this article's place in it, from 1

    @property
    def count(self) -> int:
        return len(self.articles)


def series_of(views, article) -> SeriesView | None:
    """The series of an article (a record), with its articles in date order, or None."""
    term = term_of(views.config.series, article.series)
    if term is None:
        return None
    views.touched.add("@series")
    slugs = _members(views.site)[1][term.slug]
    return SeriesView(term.slug, term.label, term.description, views.many(slugs),
                      slugs.index(article.slug) + 1)


def tags_context(kind: str, path: str, views) -> dict:
    """What tag.html (`tag`) and tags.html (`tags`, by label) receive."""
    config = views.config
    if kind == "tag":
        return {"tag": TagView(term_of(config.tags, path.split("/")[1]), views)}
    views.touched.add("@tags")  # which tags have a page
    return {"tags": sorted((TagView(term, views) for term in used_tags(views.site, config)),
                           key=lambda tag: tag.label.casefold())}
