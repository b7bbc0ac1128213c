"""Events of one day read in the order the story happened, on every page and feed that lists them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backstory import build

from .helpers import FIXTURES, REPO, copy_site

# What the source says of 24 June 2023: Putin's morning call opened the talks, Lukashenko brokered
# the deal, Prigozhin then ordered his men back, the deal sent him to Belarus, and the Kremlin
# thanked Lukashenko for it afterwards.
TWENTY_FOURTH_OF_JUNE = ["putin-lukashenko-call", "lukashenko-mediation", "wagner-turns-back",
                         "prigozhin-leaves-for-belarus", "kremlin-thanks-lukashenko"]


def listed(html: str, slugs: list[str], link: str = 'href="') -> list[str]:
    """The slugs whose event pages `html` links (in links that start with `link`), in the order
    it first links them."""
    found = re.findall(re.escape(link) + r'[^"]*events/([\w-]+)/(?:index\.html)?"', html)
    return [slug for slug in dict.fromkeys(found) if slug in slugs]


def section(html: str, title_id: str) -> str:
    start = html.index(f'id="{title_id}"')
    return html[start:html.index("</section>", start)]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    build(REPO, out, base_url="https://example.org/wagner/")
    return out


def test_the_timeline_tells_the_24th_of_june_in_order(example):
    html = (example / "timeline/index.html").read_text(encoding="utf-8")
    ids = re.findall(r'id="event-([\w-]+)"', html)
    assert [slug for slug in ids if slug in TWENTY_FOURTH_OF_JUNE] == TWENTY_FOURTH_OF_JUNE
    assert ids.index("wagner-mutiny") < ids.index("putin-lukashenko-call")


def test_the_events_page_and_an_actors_timeline_follow_the_story(example):
    # Lukashenko took no part in Wagner's turning back: his own timeline leaves it out.
    for page, expected in [("events/index.html", TWENTY_FOURTH_OF_JUNE),
                           ("actors/alexander-lukashenko/index.html",
                            [e for e in TWENTY_FOURTH_OF_JUNE if e != "wagner-turns-back"])]:
        html = (example / page).read_text(encoding="utf-8")
        assert listed(html, TWENTY_FOURTH_OF_JUNE, 'class="entity-name" href="') == expected, page


def test_what_the_deal_led_to_reads_in_order(example):
    html = (example / "events/lukashenko-mediation/index.html").read_text(encoding="utf-8")
    assert listed(section(html, "after-title"), TWENTY_FOURTH_OF_JUNE) == TWENTY_FOURTH_OF_JUNE[2:]


def test_before_and_after_names_only_what_the_causes_and_consequences_do_not(example):
    html = (example / "events/wagner-turns-back/index.html").read_text(encoding="utf-8")
    # The deal led to the turning back: "What led to it" names it, so "Before and after" does not.
    assert listed(section(html, "before-title"), TWENTY_FOURTH_OF_JUNE) == ["lukashenko-mediation"]
    start = html.index('id="neighbours-title"')
    around = html[start:html.index("</nav>", start)]
    assert listed(around, TWENTY_FOURTH_OF_JUNE) == ["prigozhin-leaves-for-belarus"]
    assert 'rel="next"' in around and 'rel="prev"' not in around


@pytest.fixture(scope="module")
def suez(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("suez")
    build(copy_site(FIXTURES / "sites" / "suez", out / "src"), out / "site")
    return out / "site"


@pytest.mark.parametrize("site_name", ["example", "suez"])
def test_an_event_page_names_each_event_around_it_once_and_keeps_its_neighbours(site_name, request):
    """What led to it, what it led to, and the events just before and after in story order:
    each named once under the text, and neither neighbour lost when the chain omits it."""
    site = request.getfixturevalue(site_name)
    story = re.findall(r'id="event-([\w-]+)"', (site / "timeline/index.html").read_text(encoding="utf-8"))
    assert len(story) >= 8
    for index, slug in enumerate(story):
        html = (site / f"events/{slug}/index.html").read_text(encoding="utf-8")
        start = html.index('class="connections stacked"')
        end = html.find('id="articles-title"', start)
        region = html[start:end if end != -1 else html.index("<aside", start)]
        named = re.findall(r'<a (?:class="entity-name" )?href="[^"]*events/([\w-]+)/(?:index\.html)?"',
                           region)
        assert len(named) == len(set(named)), (slug, named)
        neighbours = set(story[max(index - 1, 0):index] + story[index + 1:index + 2])
        assert neighbours <= set(named), (slug, neighbours, named)


def test_the_events_feed_gives_the_latest_first(example):
    feed = (example / "events/feed.xml").read_text(encoding="utf-8")
    entries = listed(feed, TWENTY_FOURTH_OF_JUNE, '<link rel="alternate" type="text/html" href="')
    assert entries == TWENTY_FOURTH_OF_JUNE[::-1]


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def event_file(title: str, led_to: str = "[]") -> str:
    return f"---\ntitle: {title}\ndate: 2021-03-29\nsummary: S.\nled_to: {led_to}\n---\nText.\n"


# A day whose alphabetical order is the wrong order: the tug crews worked the ship free, traffic
# resumed, and the queue of ships cleared last; no event led to another, so only the article knows.
CANAL = {
    "site.yaml": "title: Canal\n",
    "content/events/ship-refloated.md": event_file("Ship refloated"),
    "content/events/canal-reopens.md": event_file("Canal reopens"),
    "content/events/backlog-clears.md": event_file("Backlog clears"),
    "content/articles/the-week.md": "---\ntitle: The week\ndate: 2021-04-01\nsummary: S.\n"
                                    "events: [ship-refloated]\n---\nFirst [[ship-refloated]], then "
                                    "[[canal-reopens]], and at last [[backlog-clears]].\n",
}
CANAL_ORDER = ["ship-refloated", "canal-reopens", "backlog-clears"]


def test_a_day_no_led_to_orders_reads_as_the_article_tells_it(tmp_path):
    site = write(tmp_path / "src", CANAL)
    build(site, tmp_path / "out")
    html = (tmp_path / "out/timeline/index.html").read_text(encoding="utf-8")
    assert re.findall(r'id="event-([\w-]+)"', html) == CANAL_ORDER
    middle = (tmp_path / "out/events/canal-reopens/index.html").read_text(encoding="utf-8")
    assert listed(section(middle, "neighbours-title"), CANAL_ORDER) == ["ship-refloated", "backlog-clears"]


def test_a_led_to_list_orders_its_consequences_before_the_article_does(tmp_path):
    files = dict(CANAL)
    files["content/events/tugs-arrive.md"] = event_file(
        "Tugs arrive", "[ship-refloated, canal-reopens, backlog-clears]").replace("date: 2021-03-29",
                                                                                 "date: 2021-03-28")
    files["content/articles/the-week.md"] = files["content/articles/the-week.md"].replace(
        "events: [ship-refloated]", "events: [backlog-clears, canal-reopens, ship-refloated]")
    site = write(tmp_path / "src", files)
    build(site, tmp_path / "out")
    html = (tmp_path / "out/events/tugs-arrive/index.html").read_text(encoding="utf-8")
    assert listed(section(html, "after-title"), CANAL_ORDER) == CANAL_ORDER
