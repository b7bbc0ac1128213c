"""The repo's own explainer builds, every actor and event has a page, and links go both ways."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from backstory import build
from backstory.output.linkcheck import check_site

from .helpers import REPO, originals

ACTORS = ["alexander-lukashenko", "yevgeny-prigozhin", "vladimir-putin", "dmitry-peskov",
          "wagner-group", "belta"]
EVENTS = {"wagner-mutiny": ("2023-06-23", "2023-06-24"), "lukashenko-mediation": ("2023-06-24", None),
          "russian-invasion-of-ukraine": ("2022-02-24", None),
          "belarus-presidential-election-2020": ("2020-08-09", None)}
ARTICLE = "how-lukashenko-ended-the-wagner-mutiny"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = build(REPO, out)
    assert result.warnings == []
    return out


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_every_content_file_has_a_page(site):
    for folder in ("actors", "events", "articles"):
        for source in originals(REPO / "content" / folder):
            assert (site / folder / source.stem / "index.html").is_file(), source
    for slug in ACTORS:
        assert (site / "actors" / slug / "index.html").is_file()
    for slug in EVENTS:
        assert (site / "events" / slug / "index.html").is_file()


def test_required_events_have_their_dates(site):
    for slug, (start, end) in EVENTS.items():
        html = page(site, f"events/{slug}")
        assert f'datetime="{start}"' in html
        source = (REPO / "content" / "events" / f"{slug}.md").read_text(encoding="utf-8")
        assert f"date: {start}" in source
        if end:
            assert f"end: {end}" in source


def test_event_and_actor_pages_link_both_ways(site):
    for slug in EVENTS:
        event_html = page(site, f"events/{slug}")
        for href in hrefs(event_html):
            match = re.fullmatch(r"\.\./\.\./actors/([a-z0-9-]+)/index\.html", href)
            if match and "entity-name" in event_html.split(f'href="{href}"')[0][-40:]:
                actor_html = page(site, f"actors/{match.group(1)}")
                assert f"../../events/{slug}/index.html" in actor_html, (slug, match.group(1))


def test_mediation_names_its_mediator_and_causes(site):
    html = page(site, "events/lukashenko-mediation")
    who = html.split('id="who-title"')[1].split("</section>")[0]
    assert "../../actors/alexander-lukashenko/index.html" in who
    assert re.search(r"Alexander Lukashenko</a>\s*<span class=\"role\">[^<]*mediator", who)
    before = html.split('id="before-title"')[1].split("</section>")[0]
    assert "../../events/putin-lukashenko-call/index.html" in before
    after = html.split('id="after-title"')[1].split("</section>")[0]
    assert "../../events/prigozhin-leaves-for-belarus/index.html" in after


def test_article_backlinks_from_every_actor_and_event_it_references(site):
    article = page(site, f"articles/{ARTICLE}")
    for slug in ACTORS:
        assert f"../../actors/{slug}/index.html" in article
        assert f"../../articles/{ARTICLE}/index.html" in page(site, f"actors/{slug}")
    for slug in EVENTS:
        assert f"../../articles/{ARTICLE}/index.html" in page(site, f"events/{slug}")


def test_actor_timeline_is_in_date_order(site):
    html = page(site, "actors/alexander-lukashenko")
    events = html.split('id="events-title"')[1].split("</section>")[0]
    dates = re.findall(r'datetime="([0-9-]+)"', events)
    assert len(dates) >= 3 and dates == sorted(dates)


def test_indexes_group_and_order(site):
    actors = page(site, "actors")
    assert actors.index(">People<") < actors.index(">Organizations<") < actors.index(">Media<")
    events = page(site, "events")
    dates = re.findall(r'<span class="when"><time datetime="([0-9-]+)"', events)  # each start
    assert dates == sorted(dates) and len(dates) == len(originals(REPO / "content/events"))


def test_every_internal_link_resolves(site):
    assert [d.format() for d in check_site(site)] == []


def test_pages_are_accessible_shells(site):
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        # site.yaml's language, or the language whose prefix the page is under
        language = "ru" if html_file.relative_to(site).parts[0] == "ru" else "en-GB"
        assert html.startswith(f"<!doctype html>\n<html lang=\"{language}\">"), html_file
        # An embed has nothing before its <main> to skip (docs/what-comes-out.md, Embeds).
        embed = "embed" in html_file.relative_to(site).parts[:2]  # embed/..., ru/embed/...
        assert embed or '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), f"duplicate ids in {html_file}"
        # No third-party requests: stylesheets, scripts and images are all local.
        for tag_src in re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="([^"]+)"', html):
            assert "://" not in tag_src, (html_file, tag_src)


def map_nodes(html: str) -> set[str]:
    """The slugs a page's small map draws."""
    section = html.split('class="map-section"', 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'data-node="([^"]+)"', section))


def test_a_pages_map_shows_who_and_what_matter_most_to_it(site):
    # Lukashenko negotiated with Prigozhin: two events apart, his map still shows him.
    assert {"yevgeny-prigozhin", "vladimir-putin", "lukashenko-mediation"} <= map_nodes(
        page(site, "actors/alexander-lukashenko"))
    # The mutiny's map shows the turn-back that ended it, the same evening.
    mutiny = map_nodes(page(site, "events/wagner-mutiny"))
    assert {"wagner-turns-back", "yevgeny-prigozhin", "putin-lukashenko-call"} <= mutiny
    assert len(mutiny) <= 12


def test_no_name_is_linked_inside_quoted_words(site):
    # Belta's words, quoted ("the most acute phase of the situation in Russia", "a bloody
    # massacre in Russia") are what Belta said: no name inside them is a link, on any page.
    checked = 0
    for file in sorted(site.rglob("index.html")):
        for paragraph in re.findall(r"<p>(.*?)</p>", file.read_text(encoding="utf-8"), re.S):
            quoted = re.findall(r"“(.*?)”", paragraph, re.S)  # typographic marks (typography.py)
            checked += len(quoted)
            assert not [q for q in quoted if "<a " in q], file
    assert checked > 20
    assert "massacre in Russia”" in page(site, "actors/belta")


def test_the_who_s_who_files_people_by_family_name(site):
    html = page(site, "actors")
    people = html[html.index(">People<"):]
    people = people[:people.index("</ul>")]
    names = re.findall(r'class="entity-name"[^>]*>([^<]+)<', people)
    # Alexander, Dmitry, Vladimir, Yevgeny by first name; by family name:
    assert names == ["Alexander Lukashenko", "Dmitry Peskov", "Yevgeny Prigozhin", "Vladimir Putin"]


def visible_text(html: str) -> str:
    """What a reader sees of a page: no scripts, styles or markup, entities decoded."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_no_page_talks_to_the_reader_about_a_document_they_cannot_see(site):
    # The reporting is named and cited (Belta, the two governments, the report in Sources),
    # never "our source", and no copy-editing note is published.
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        text = visible_text(file.read_text(encoding="utf-8")).lower()
        for phrase in ("the source", "our source", "source article", "editing slip"):
            assert phrase not in text, (file.relative_to(site), phrase)


def test_the_article_cites_the_report_with_its_date_and_no_invented_publisher(site):
    section = page(site, f"articles/{ARTICLE}").split('id="sources-title"')[1].split("</section>")[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == 2
    report, statement = (" ".join(item.split()) for item in items)
    # The untitled report by its opening words, its date, and nothing between them.
    assert report.startswith("<cite>Leader Alexander Lukashenko’s surprise mediation"), report
    assert report.endswith('</cite>, <time datetime="2023-09-22">22 September 2023</time>'), report
    # Belta's statement, quoted in that report, is Belta's, dated the day of the deal.
    assert statement.endswith(', Belta, <time datetime="2023-06-24">24 June 2023</time>'), statement
