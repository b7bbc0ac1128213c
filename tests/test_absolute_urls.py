"""Every absolute URL a build makes goes through one function (urls.absolute_url): at the root,
under one level of base path and under two, none names the base path twice."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from backstory import build
from backstory.pages.urls import absolute_url

from .helpers import BASIC_SITE, copy_site

BASES = ["https://explainers.test/", "https://explainers.test/suez/",
         "https://news.test/2021/suez/"]  # hosts no fixture links to on its own
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'


@pytest.fixture
def site(tmp_path) -> Path:
    source = copy_site(BASIC_SITE, tmp_path / "src")
    (source / "static" / "images").mkdir(parents=True)
    (source / "static" / "images" / "ada.svg").write_bytes(SVG)
    actor = source / "content" / "actors" / "ada-lovelace.md"
    text = actor.read_text(encoding="utf-8")
    actor.write_text(text.replace("---\n", "---\nimage: images/ada.svg\n", 1), encoding="utf-8")
    return source


@pytest.mark.parametrize("base", BASES)
def test_absolute_url_joins_a_path_under_the_root_once(base):
    path = urlsplit(base).path
    assert absolute_url(base, "") == base
    assert absolute_url(base, "actors/x/") == f"{base}actors/x/"
    assert absolute_url(base, "/images/a.jpg") == f"{base}images/a.jpg"  # as authors write it too
    assert absolute_url(base, "https://other.example/a.jpg") == "https://other.example/a.jpg"
    assert path == "/" or absolute_url(base, "images/a.jpg").count(path) == 1


def urls_in(out: Path) -> list[tuple[str, str]]:
    """(file, URL) for every absolute http(s) URL in the built site's pages, feeds and maps."""
    found = []
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8")
            for url in re.findall(r"https?://[^\s\"'<>)]+", text):
                found.append((path.relative_to(out).as_posix(), url.rstrip(".,")))
    return found


@pytest.mark.parametrize("base", BASES)
def test_every_absolute_url_of_a_site_is_under_its_base_once(site, tmp_path, base):
    out = tmp_path / "out"
    build(site, out, base_url=base)
    path = urlsplit(base).path
    ours = [(page, url) for page, url in urls_in(out) if url.startswith(("https://explainers.test",
                                                                          "https://news.test"))]
    assert len(ours) > 40
    for page, url in ours:
        assert url.startswith(base), (page, url)
        rest = url[len(base):]
        assert not rest.startswith(path.strip("/") + "/") or path == "/", (page, url)
    actor = (out / "actors/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{base}images/ada.svg">' in actor
    assert f'<meta property="og:url" content="{base}actors/ada-lovelace/">' in actor
    assert f'<link rel="canonical" href="{base}actors/ada-lovelace/">' in actor
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', actor,
                                re.S).group(1))
    assert data["image"] == f"{base}images/ada.svg" and data["url"] == f"{base}actors/ada-lovelace/"
    # Within the site, links are paths under the base path; the portrait too.
    assert f'src="{path}images/ada.svg"' in actor
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f'<link rel="self" type="application/atom+xml" href="{base}feed.xml"/>' in feed
    assert f"<id>{base}articles/first-program/</id>" in feed
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}actors/ada-lovelace/</loc>" in sitemap
    assert f"Sitemap: {base}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    # Hover cards carry the portrait as the page links it.
    article = (out / "articles/first-program/index.html").read_text(encoding="utf-8")
    cards = json.loads(re.search(r'<script type="application/json" id="backstory-cards">(.*?)</script>',
                                 article, re.S).group(1))
    assert cards[f"{path}actors/ada-lovelace/"]["image"] == f"{path}images/ada.svg"
