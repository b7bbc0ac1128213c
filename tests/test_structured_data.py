"""JSON-LD, Open Graph and canonical URLs: present, parseable, typed, and safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backstory import build

from .helpers import BASIC_SITE, REPO, copy_site, keep_as_typed

BASE = "https://example.org/explainer/"


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    data = json.loads(found[0])
    assert data["@context"] == "https://schema.org"
    return data


def meta(html: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for key, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html):
        tags.setdefault(key, []).append(content)
    return tags


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("structured") / "site"
    build(REPO, out, base_url=BASE)
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_actor_pages_are_people_or_organisations_with_same_as(site):
    person = json_ld(page(site, "actors/alexander-lukashenko"))
    assert person["@type"] == "Person" and person["name"] == "Alexander Lukashenko"
    assert person["url"] == BASE + "actors/alexander-lukashenko/"
    assert person["sameAs"] and all(u.startswith("https://") for u in person["sameAs"])
    assert "Лукашенко" in person["alternateName"]
    wagner = json_ld(page(site, "actors/wagner-group"))
    assert wagner["@type"] == "Organization"
    assert json_ld(page(site, "actors/belta"))["@type"] == "NewsMediaOrganization"


def test_event_pages_are_events_with_dates_place_and_participants(site):
    event = json_ld(page(site, "events/wagner-mutiny"))
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2023-06-23", "2023-06-24")
    assert event["location"]["@type"] == "Place" and event["location"]["name"]
    names = {a["name"] for a in event["attendee"]}
    assert {"Yevgeny Prigozhin", "Alexander Lukashenko"} <= names
    assert all(a["url"].startswith(BASE + "actors/") for a in event["attendee"])


def test_article_is_a_news_article_with_what_it_is_about(site):
    article = json_ld(page(site, "articles/how-lukashenko-ended-the-wagner-mutiny"))
    assert article["@type"] == "BackgroundNewsArticle"  # an explainer (docs/writing.md, types of article)
    for required in ("headline", "datePublished", "dateModified", "author", "publisher",
                     "description", "mainEntityOfPage"):
        assert article[required], required
    assert article["datePublished"] == "2023-09-25"
    assert {"@type": "Person", "name": "Vladimir Putin",
            "url": BASE + "actors/vladimir-putin/"} in article["about"]
    assert any(m["@type"] == "Event" and m["name"] for m in article["mentions"])
    assert article["citation"][0]["datePublished"] == "2023-09-22"


def test_open_graph_twitter_and_canonical(site):
    html = page(site, "articles/how-lukashenko-ended-the-wagner-mutiny")
    tags = meta(html)
    assert tags["og:type"] == ["article"] and tags["og:url"] == [
        BASE + "articles/how-lukashenko-ended-the-wagner-mutiny/"]
    assert tags["article:published_time"] == ["2023-09-25"]
    # Its lead image, as a whole URL: a large card.
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:image"] == [BASE + "images/mutiny-timeline.png"]
    assert json_ld(html)["image"] == BASE + "images/mutiny-timeline.png"
    assert meta(page(site, "actors/belta"))["twitter:card"] == ["summary"]  # no picture
    assert f'<link rel="canonical" href="{BASE}articles/how-lukashenko-ended-the-wagner-mutiny/">' in html
    assert meta(page(site, "actors/belta"))["og:type"] == ["profile"]
    assert json_ld(page(site, ""))["@type"] == "WebSite"
    not_found = (site / "404.html").read_text()
    assert "canonical" not in not_found and "ld+json" not in not_found


def test_without_base_url_no_relative_addresses_pretend_to_be_absolute(tmp_path):
    out = tmp_path / "out"
    build(copy_site(BASIC_SITE, tmp_path / "src"), out)
    html = (out / "actors/ada-lovelace/index.html").read_text()
    person = json_ld(html)
    assert "url" not in person and person["sameAs"] == ["https://en.wikipedia.org/wiki/Ada_Lovelace"]
    assert "og:url" not in meta(html) and "canonical" not in html


def test_hostile_text_cannot_close_the_script(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    actor = site / "content/actors/ada-lovelace.md"
    actor.write_text(actor.read_text().replace(
        "summary: A mathematician who wrote the first published program.",
        "summary: '</script><script>alert(1)</script> & <!--'"))
    keep_as_typed(site)  # the hostile text arrives whole, its `--` not made a dash
    out = tmp_path / "out"
    build(site, out)
    html = (out / "actors/ada-lovelace/index.html").read_text()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and ">" not in script
    assert json.loads(script)["description"] == "</script><script>alert(1)</script> & <!--"
    assert "<script>alert(1)" not in html


def test_an_event_with_no_place_claims_none(tmp_path):
    source = copy_site(BASIC_SITE, tmp_path / "src")
    out = tmp_path / "out"
    build(source, out)
    with_place = json_ld((out / "events/analytical-engine-notes/index.html").read_text(encoding="utf-8"))
    assert with_place["location"] == {"@type": "Place", "name": "London"}  # as written
    unplaced = json_ld((out / "events/engine-remembered/index.html").read_text(encoding="utf-8"))
    assert "location" not in unplaced  # never an invented "Unspecified"


@pytest.mark.parametrize(("language", "locale"), [
    ("en", "en_US"), ("en-GB", "en_GB"), ("ru", "ru_RU"), ("be", "be_BY"), ("pt-PT", "pt_PT"),
    ("sr-Latn-RS", "sr_RS"), ("xx", None)])
def test_og_locale_is_language_and_territory(language, locale):
    from backstory.pages.structured import og_locale

    assert og_locale(language) == locale


def test_the_example_says_its_locale_as_open_graph_wants_it(site):
    assert meta(page(site, "actors/belta"))["og:locale"] == ["en_GB"]  # site.yaml: en-GB
