"""Atom feeds, sitemap.xml and robots.txt: valid, absolute, deterministic, and only with a base_url."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from backstory import BuildFailed, build

from .helpers import BASIC_SITE, copy_site

BASE = "https://example.org/my-explainer/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds")
    site = copy_site(BASIC_SITE, tmp / "src")
    out = tmp / "out"
    build(site, out, base_url=BASE)
    return out


def _build(tmp_path, yaml: str | None = None, base_url: str | None = BASE, static=None):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    if yaml is not None:
        (site / "site.yaml").write_text(yaml, encoding="utf-8")
    for relative, text in (static or {}).items():
        (site / "static" / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / relative).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(site, out, base_url=base_url)
    return out


def check_atom(out, relative: str) -> ET.Element:
    """RFC 4287's requirements of a feed and its entries (4.1.1, 4.1.2)."""
    feed = ET.parse(out / relative).getroot()
    assert feed.tag == f"{ATOM}feed"

    def one(parent, name):
        found = parent.findall(f"{ATOM}{name}")
        assert len(found) == 1, f"{name}: {len(found)}"
        return found[0]

    def check_iri(text):
        parts = urlsplit(text)
        assert parts.scheme == "https" and parts.netloc, text

    check_iri(one(feed, "id").text)
    assert one(feed, "title").text
    assert RFC3339.match(one(feed, "updated").text)
    author = one(feed, "author")
    assert one(author, "name").text
    links = {link.get("rel", "alternate"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == BASE + relative
    check_iri(links["self"])
    check_iri(links["alternate"])
    ids = []
    updated = []
    for entry in feed.findall(f"{ATOM}entry"):
        check_iri(one(entry, "id").text)
        ids.append(one(entry, "id").text)
        assert one(entry, "title").text
        assert RFC3339.match(one(entry, "updated").text)
        assert RFC3339.match(one(entry, "published").text)
        updated.append(one(entry, "updated").text)
        alternates = [link for link in entry.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1
        check_iri(alternates[0].get("href"))
        assert alternates[0].get("href").startswith(BASE)
        content = entry.find(f"{ATOM}content")
        # 4.1.1.1: an entry without content needs an alternate link (it has one) or a summary.
        assert content is not None or entry.find(f"{ATOM}summary") is not None
    assert len(ids) == len(set(ids))
    assert updated == sorted(updated, reverse=True)  # newest first
    assert one(feed, "updated").text == max(updated, default=one(feed, "updated").text)
    return feed


def test_articles_feed_is_valid_atom_with_absolute_urls(built):
    feed = check_atom(built, "feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}id").text == BASE + "articles/first-program/"
    assert entry.find(f"{ATOM}title").text == "The first program: <em>not</em> what you think"
    assert entry.find(f"{ATOM}updated").text == "2024-01-15T00:00:00Z"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Test Desk"
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.get("{http://www.w3.org/XML/1998/namespace}base") == BASE + "articles/first-program/"
    html = content.text  # unescaped once by the parser: the body's HTML
    assert f'href="{BASE}actors/ada-lovelace/"' in html
    assert 'href="../' not in html and "index.html" not in html


def test_events_feed_lists_the_latest_event_first(built):
    feed = check_atom(built, "events/feed.xml")
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert ids == [BASE + "events/engine-remembered/", BASE + "events/analytical-engine-notes/"]
    assert feed.find(f"{ATOM}updated").text == "1991-11-29T00:00:00Z"


def test_pages_link_their_feeds(built):
    html = (built / "actors/ada-lovelace/index.html").read_text()
    assert ('<link rel="alternate" type="application/atom+xml" title="Test Explainer: articles" '
            'href="/my-explainer/feed.xml">') in html
    assert 'href="/my-explainer/events/feed.xml"' in html


def test_sitemap_lists_every_page_once_under_the_base_url(built):
    root = ET.parse(built / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(BASE) for loc in locs)
    # Every page but the 404 and the embeds (made for other sites' iframes, noindex).
    pages = {BASE + p.relative_to(built).as_posix().removesuffix("index.html")
             for p in built.rglob("*.html") if p.name != "404.html"}
    embeds = {page for page in pages if page.startswith(BASE + "embed/")}
    assert len(embeds) == 7 and set(locs) == pages - embeds
    lastmods = {u.find(f"{SITEMAP}loc").text: u.findtext(f"{SITEMAP}lastmod")
                for u in root.findall(f"{SITEMAP}url")}
    assert all(W3C_DATE.match(m) for m in lastmods.values() if m is not None)
    assert lastmods[BASE + "articles/first-program/"] == "2024-01-15"
    assert lastmods[BASE + "events/analytical-engine-notes/"] == "1843-09-01"
    assert lastmods[BASE + "events/"] == "1991-11-29"
    assert lastmods[BASE] == "2024-01-15"


def test_robots_txt_points_to_the_sitemap(built):
    assert (built / "robots.txt").read_text() == (
        "# Every page may be crawled; the sitemap lists them all.\n"
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/my-explainer/sitemap.xml\n")


def test_without_base_url_there_are_no_feeds_sitemap_or_robots(tmp_path):
    out = _build(tmp_path, base_url=None)
    for name in ("feed.xml", "events/feed.xml", "sitemap.xml", "robots.txt"):
        assert not (out / name).exists()
    assert "application/atom+xml" not in (out / "index.html").read_text()


def test_own_robots_txt_wins(tmp_path):
    out = _build(tmp_path, static={"robots.txt": "User-agent: *\nDisallow: /private/\n"})
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"
    assert (out / "sitemap.xml").is_file()


def test_feed_settings_summary_only_and_a_cap(tmp_path):
    out = _build(tmp_path, "title: T\nfeeds:\n  content: summary\n  entries: 1\n")
    feed = check_atom(out, "events/feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1 and entries[0].find(f"{ATOM}content") is None
    assert entries[0].find(f"{ATOM}summary").text.startswith("A working difference engine")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "T"  # the title when there is no author


@pytest.mark.parametrize("setting, message", [
    ("feeds:\n  content: excerpt\n", "'feeds.content' must be `full` or `summary`, not 'excerpt'"),
    ("feeds:\n  entries: 0\n", "'feeds.entries' must be a whole number above 0, not '0'"),
    ("feeds: yes\n", "'feeds' takes two settings: `content` and `entries`"),
])
def test_bad_feed_settings_are_errors_with_a_place(tmp_path, setting, message):
    with pytest.raises(BuildFailed) as failed:
        _build(tmp_path, "title: T\n" + setting)
    diagnostic = failed.value.diagnostics[0]
    assert (diagnostic.path, diagnostic.line, diagnostic.message) == ("site.yaml", 2, message)


def test_drafts_stay_out_of_feeds_and_sitemap(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "content/articles/secret.md").write_text(
        "---\ntitle: Secret\ndate: 2030-01-01\nsummary: Not yet.\ndraft: true\n---\nHidden.\n")
    out = tmp_path / "out"
    build(site, out, base_url=BASE)
    for name in ("feed.xml", "sitemap.xml"):
        assert "secret" not in (out / name).read_text()


def test_builds_are_byte_identical(tmp_path, built):
    out = _build(tmp_path)
    for name in ("feed.xml", "events/feed.xml", "sitemap.xml", "robots.txt"):
        assert (out / name).read_bytes() == (built / name).read_bytes()
