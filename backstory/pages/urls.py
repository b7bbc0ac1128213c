"""Where each page is written, and how one page links to another."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from ..content.config import Config
from ..content.model import Record

INDEX = "index.html"
# The site's own pages beside the records', relative to the site root.
TIMELINE_PATH = "timeline/"
MAP_PATH = "map/"
PLACES_PATH = "places/"
SEARCH_PATH = "search/"
FEED_PATH = "feed.xml"
EVENTS_FEED_PATH = "events/feed.xml"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
# Data for other tools (timelinejs.py, graphjson.py).
TIMELINE_JSON_PATH = "timeline.json"
GRAPH_JSON_PATH = "graph.json"
# The names search.js offers as "Did you mean …?" (searchnames.py).
SEARCH_NAMES_PATH = "search/names.json"


def absolute_url(base_url: str, path: str) -> str:
    """The one way Backstory makes a whole URL: `path` under the site's root ("", "actors/x/",
    "images/x.jpg", as urls.href takes it, never an href already made) joined to base_url (which
    ends in "/", with any base path in it); a URL that is whole already stays as it is."""
    if "://" in path:
        return path
    return base_url + path.lstrip("/")


# What a language has pages of, each at its own prefix (Edition): folders and files that are
# pages; everything else (assets, pictures, static files, the search bundle) is the site's,
# linked at one address from every language.
PAGE_FOLDERS = frozenset({"actors", "events", "articles", "places", "timeline", "map", "search",
                          "tags", "embed"})
PAGE_FILES = frozenset({"", FEED_PATH, EVENTS_FEED_PATH, TIMELINE_JSON_PATH, GRAPH_JSON_PATH,
                        SITEMAP_PATH, SEARCH_NAMES_PATH})


def is_page(path: str) -> bool:
    """Whether `path` (under the site root, unprefixed) is a page a language has its own of."""
    return path in PAGE_FILES or path.endswith("/") and path.split("/", 1)[0] in PAGE_FOLDERS


@dataclass(frozen=True, slots=True)
class Edition:
    """Where one language's pages are: its pages under `prefix` ("ru/", or "" for the default
    language at the root); those it leaves out (`untranslated: omit`), the default's."""

    code: str
    prefix: str
    default_prefix: str
    elsewhere: frozenset[str] = frozenset()  # unprefixed page paths this language has not
    default: str = ""  # the default language's code

    def place(self, path: str) -> str:
        """`path` under the site root as this language links it."""
        if not is_page(path):
            return path
        return (self.default_prefix if path in self.elsewhere else self.prefix) + path


def page_path(record: Record) -> str:
    """The output folder of a record's page, relative to the site root: `actors/<slug>/`."""
    return f"{record.type}/{record.slug}/"


class Urls:
    """Links from one page. Without a base URL every link is relative and names index.html,
    so the site also works opened from disk; with one, links are absolute paths under it."""

    def __init__(self, config: Config, current: str, edition: Edition | None = None):
        self.config = config
        self.current = current  # path of the page being rendered, e.g. "ru/actors/belta/"
        self.prefix = "../" * current.count("/")
        self.edition = edition  # the page's language's; None for a site in one language
        # The page as its language's own pages name it: "actors/belta/".
        self.page = current.removeprefix(edition.prefix) if edition else current
        # What makes two pages' links to the same path the same (fragments.py): their depth,
        # whether links are whole URLs, and their language.
        self.manner = (type(self), self.prefix, edition.code if edition else None)

    def href(self, path: str) -> str:
        """`path` is relative to the site root: "" for home, "actors/x/", "assets/style.css";
        a page is linked in the page's language."""
        return self.placed(self.edition.place(path) if self.edition is not None else path)

    def placed(self, path: str) -> str:
        """A link to `path` under the site root as it is, whatever the page's language."""
        if self.config.base_url:
            return self.config.base_path + path
        if path == "" or path.endswith("/"):
            path += INDEX
        return self.prefix + path

    def absolute(self, path: str) -> str | None:
        """`path` (under the site root) as a whole URL; None without a base_url."""
        return self.whole(self.edition.place(path) if self.edition else path)

    def whole(self, path: str) -> str | None:
        """`path` under the site root, as it is, as a whole URL; None without a base_url."""
        return absolute_url(self.config.base_url, path) if self.config.base_url else None


class AbsoluteUrls(Urls):
    """Links as whole URLs under base_url, for outputs read away from the site: feeds (a feed
    reader resolves a relative link against the feed, or not at all) and the sitemap."""

    def placed(self, path: str) -> str:
        return absolute_url(self.config.base_url, path)


def site_path(path: str, page: str) -> str | None:
    """The path under the site root ("images/x.jpg", "" for the root) that a link's path
    names on `page` ("articles/x/"): from the page's folder, or from the site root when it
    starts with `/`; None when it leads out of the site."""
    path = unquote(path)
    if not path:
        return page.rstrip("/")
    path = path[1:] if path.startswith("/") else page + path
    if _escapes(path):
        return None
    return posixpath.normpath("/" + path).strip("/")


def _escapes(path: str) -> bool:
    """Whether `path` climbs above the site root on the way (`../../../x` from `articles/y/`)."""
    depth = 0
    for part in path.split("/"):
        depth += -1 if part == ".." else 0 if part in ("", ".") else 1
        if depth < 0:
            return True
    return False
