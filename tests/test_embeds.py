"""Embeds (docs/what-comes-out.md, Embeds): pages for another site's iframe, built from three sites.

Checked on the example (the repo root, no base_url), the Suez story and a generated corpus (each
with a base_url): every actor and event has its embed, an embed has no site chrome, is marked
noindex with its full page as canonical, is in neither the sitemap nor the search index, asks
for nothing outside the site, and each full page's snippet names its own embed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from backstory import build
from backstory.pages.embeds import PLACEHOLDER_ORIGIN
from benchmarks.corpus import write_corpus

from .helpers import FIXTURES, REPO, copy_site

SUEZ = FIXTURES / "sites" / "suez"
BASE_URLS = {"example": "", "suez": "https://example.org/suez/",
             "corpus": "https://news.example/corpus/"}
FULL_PAGES = ("timeline", "map")  # beside every actor and event


def _source(name: str, into: Path) -> Path:
    if name == "example":
        return REPO
    if name == "suez":
        return copy_site(SUEZ, into)
    write_corpus(into, 60)
    return into


@pytest.fixture(scope="module", params=sorted(BASE_URLS))
def built(request, tmp_path_factory) -> tuple[str, Path]:
    """(site name, output) of one site, built once for this module."""
    tmp = tmp_path_factory.mktemp(request.param)
    out = tmp / "out"
    build(_source(request.param, tmp / "src"), out, base_url=BASE_URLS[request.param] or None)
    return request.param, out


class _Page(HTMLParser):
    """What the checks read of a page: each start tag with its attributes, and the text of
    <textarea> and <style> elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {"textarea": [], "style": []}
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in = tag if tag in self.texts else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in:
            self.texts[self._in].append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def meta(self, key: str, value: str) -> list[str]:
        return [attrs.get("content", "") for attrs in self.all("meta") if attrs.get(key) == value]


def _embeds(out: Path) -> dict[str, Path]:
    """Every embed page, by its path under the site root ("embed/actors/x/")."""
    return {page.parent.relative_to(out).as_posix() + "/": page
            for page in sorted((out / "embed").rglob("index.html"))}


def _full_pages(out: Path) -> list[str]:
    pages = [f"{name}/" for name in FULL_PAGES]
    for kind in ("actors", "events"):
        pages += [f"{kind}/{folder.name}/" for folder in sorted((out / kind).iterdir())
                  if (folder / "index.html").is_file()]
    return pages


def _site_path(url: str, page: str, base_url: str) -> str | None:
    """The path under the site root a URL on `page` names, or None when it is elsewhere."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if not base_url or not url.startswith(base_url):
            return None
        return url[len(base_url):]
    if parts.path.startswith("/"):
        base_path = urlsplit(base_url).path
        assert parts.path.startswith(base_path), url
        return parts.path[len(base_path):]
    found = posixpath.normpath(posixpath.join(page, parts.path))
    return None if found.startswith("..") else found


def test_every_actor_and_event_has_an_embed(built):
    name, out = built
    embeds = set(_embeds(out))
    expected = {f"embed/{page}" for page in _full_pages(out)}
    assert len(expected) > len(FULL_PAGES) + 10, name
    assert embeds == expected


def test_an_embed_has_no_chrome_and_links_back_to_its_page(built):
    name, out = built
    base_url = BASE_URLS[name]
    for path, file in _embeds(out).items():
        text = file.read_text(encoding="utf-8")
        page = _Page(text)
        classes = " ".join(attrs.get("class", "") for _, attrs in page.tags)
        for chrome in ("site-header", "site-nav", "site-footer", "skip-link", "site-search"):
            assert chrome not in classes, f"{path}: {chrome}"
        assert not page.all("nav"), path
        full = path.removeprefix("embed/")
        back = [a for a in page.all("a") if "embed-source" in a.get("class", "")]
        assert len(back) == 1 and back[0]["target"] == "_top", path
        assert _site_path(back[0]["href"], path, base_url) in (full, full + "index.html"), path
        assert page.all("base") == [{"target": "_top"}], path  # every other link leaves too
        assert len(page.all("script")) >= 1 and all(s.get("src") for s in page.all("script")), path


def test_an_embed_is_noindex_with_its_full_page_as_canonical(built):
    name, out = built
    base_url = BASE_URLS[name]
    for path, file in _embeds(out).items():
        page = _Page(file.read_text(encoding="utf-8"))
        assert page.meta("name", "robots") == ["noindex"], path
        canonical = [link["href"] for link in page.all("link") if link.get("rel") == "canonical"]
        full = path.removeprefix("embed/")
        assert len(canonical) == 1, path
        if base_url:
            assert canonical[0] == base_url + full, path
        else:
            assert _site_path(canonical[0], path, base_url) == full + "index.html", path
        assert not page.all("script") or all(s.get("type") != "application/ld+json"
                                             for s in page.all("script")), path


def test_embeds_are_in_neither_the_sitemap_nor_the_search_index(built):
    name, out = built
    if BASE_URLS[name]:
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{BASE_URLS[name]}actors/" in sitemap  # the full pages are there
        assert "/embed/" not in sitemap
    else:
        assert not (out / "sitemap.xml").exists()
    index = [gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
             for data in (p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file())]
    assert any(b"/actors/" in data for data in index), "the index holds no actor page at all"
    assert not [data[:200] for data in index if b"/embed/" in data]


def test_an_embed_asks_for_nothing_outside_the_site(built):
    name, out = built
    base_url = BASE_URLS[name]
    for path, file in _embeds(out).items():
        page = _Page(file.read_text(encoding="utf-8"))
        csp = page.meta("http-equiv", "Content-Security-Policy")
        assert len(csp) == 1 and "default-src 'self'" in csp[0], path
        # Inline code never; style attributes (the timeline's positions) alone, which can fetch
        # nothing that default-src 'self' does not allow.
        directives = dict(d.strip().split(" ", 1) for d in csp[0].split(";"))
        assert directives.pop("style-src-attr") == "'unsafe-inline'", path
        assert "unsafe" not in " ".join(directives.values()) and "http" not in csp[0], path
        assert "script-src" not in directives and "img-src" not in directives, path
        # The inline <style> (a site's own kinds' colours) is allowed by its hash, and only it.
        for style in page.texts["style"]:
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp[0], path
        requested = [attrs[key] for tag, attrs in page.tags for key in ("src", "srcset")
                     if key in attrs]
        requested += [attrs["href"] for attrs in page.all("link")
                      if attrs.get("rel") in ("stylesheet", "icon", "preload", "modulepreload")]
        assert requested, path
        for url in (u.strip().split(" ")[0] for entry in requested for u in entry.split(",")):
            assert _site_path(url, path, base_url) is not None, f"{path}: {url}"
    style = next((out / "assets").glob("style*.css")).read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", style)
    if name == "suez":  # its kinds are coloured by an inline <style>
        assert any(_Page(f.read_text(encoding="utf-8")).texts["style"] for f in _embeds(out).values())


def test_each_full_page_offers_the_snippet_of_its_own_embed(built):
    name, out = built
    base_url = BASE_URLS[name]
    for full in _full_pages(out):
        page = _Page((out / full / "index.html").read_text(encoding="utf-8"))
        assert any(a.get("class") == "embed-this" for a in page.all("details")), full
        [code] = page.texts["textarea"]
        snippet = _Page(code)
        [frame] = snippet.all("iframe")
        root = base_url or PLACEHOLDER_ORIGIN + "/"
        assert frame["src"] == f"{root}embed/{full}", full
        assert (out / "embed" / full / "index.html").is_file()
        assert "data-backstory-embed" in frame and frame["title"], full
        assert "event.origin === new URL(frames[i].src).origin" in code, full
        assert "contentWindow === event.source" in code and "backstoryHeight" in code, full
        said = html.unescape("".join(t for t in re.findall(r"<p>(.*?)</p>",
                                                          (out / full / "index.html").read_text())))
        assert (PLACEHOLDER_ORIGIN in said) == (not base_url), full  # says what to fill in
