"""What layouts see of records: actor, event and article views, made for one page.

Layouts never get the internal records, so the model can change without breaking them.
Every view is bound to the page being rendered, so `.url` is right wherever it is used, and
what the page reads and links through its views is noted (for deps.py and cards.py). The
views themselves are recordviews.py's; the site as a whole is siteview.py's; how dates read,
dates.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from markupsafe import Markup

from ..content.config import Config
from ..content.model import Record, Site
from ..text.markdown import ResolvedLink, parser_for, render_body
from .figures import place_in_body
from .recordviews import ActorView, ArticleView, EventView, Participation, RecordView
from .urls import Urls, page_path
from .words import Words

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
                 map_of: Callable[[Views, str], object], pictures=None,
                 more_views: dict[str, type] | None = None, words: Words | None = None):
        self.site, self.config, self.urls = site, config, urls
        self.words = words  # the page's language's words (words.py); None: English
        self.pictures = pictures or {}  # path under static/ -> raster.Picture
        self.fragments = fragments  # fragments.Fragments shared by a build's pages, or None
        # The small map of a record's page (maps.page_map), given by whoever makes the views:
        # maps are drawn from views, so views cannot import them.
        self.map_of = map_of
        # View classes of record types defined beside this module (placeview.PlaceView), by type.
        self.more_views = more_views or {}
        self._made: dict[str, RecordView] = {}
        self._md = parser_for(config)
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
        original = self.site.originals.get(record.slug) if fragment else None
        if original is not None and fragment not in record.body.ids and fragment in original.body.ids:
            # An anchor only the original's words give (an untranslated page's link to a heading
            # the translation words differently): the original's page has it.
            href = self.urls.placed(self.urls.edition.default_prefix + path) + f"#{fragment}"
            return ResolvedLink(href, record.label, f"ref ref-{record.type}")
        # An anchor on the page itself stays on it, without loading the page again.
        href = f"#{fragment}" if fragment and path == self.urls.page \
            else self.urls.href(path) + (f"#{fragment}" if fragment else "")
        return ResolvedLink(href, record.label, f"ref ref-{record.type}")

    def language_of(self, record: Record) -> str | None:
        """The language of the record's words when it is not the page's (the original's, shown
        in a language it has no translation into); None when it is."""
        edition = self.urls.edition
        if edition is None or self.site.is_translated(record.slug):
            return None
        return edition.default

    def note_linked(self, record: Record) -> None:
        if record.type in CARD_TYPES:
            self.linked.setdefault(record.slug, None)

    def body_html(self, record: Record) -> Markup:
        # The HTML comes from markdown-it, which escapes text; raw HTML follows the site setting.
        self.touched.add(f"body:{record.slug}")
        page = page_path(record)
        return Markup(render_body(self._md, record.body,
                                  lambda target: self.resolve_link(target, record),
                                  lambda slot: place_in_body(slot, page, self.urls, self.pictures,
                                                             self.touched)))

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


# The record views are recordviews.py's; pages import them from here, beside Views.
__all__ = ["ActorView", "ArticleView", "CARD_TYPES", "EventView", "Noted", "Participation",
           "RecordView", "Views"]
