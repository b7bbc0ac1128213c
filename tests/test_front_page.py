"""The front page leads with the newest article and says each thing once (docs/what-comes-out.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from backstory import build

from .helpers import FIXTURES, REPO, copy_site, originals
from .test_typography import visible_text


@pytest.fixture(scope="module", params=["example", "suez"])
def site(request, tmp_path_factory) -> tuple[Path, Path]:
    """(source, output) of each story."""
    root = tmp_path_factory.mktemp(request.param)
    source = REPO if request.param == "example" else copy_site(FIXTURES / "sites" / "suez", root / "src")
    build(source, root / "out")
    return source, root / "out"


def read(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def newest_article(source: Path) -> tuple[str, dict]:
    """The slug and front matter of the newest published article."""
    found = {}
    for path in originals(source / "content/articles"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        if not front.get("draft"):
            found[path.stem] = front
    slug = max(found, key=lambda s: (str(found[s]["date"]), s))
    return slug, found[slug]


def test_the_newest_article_leads_under_its_own_headline(site):
    source, out = site
    slug, _ = newest_article(source)
    home = read(out, "")
    heading = re.search(r'<h1 id="page-title"><a href="([^"]+)">(.*?)</a></h1>', home)
    article = read(out, f"articles/{slug}")
    assert heading and heading.group(1) == f"articles/{slug}/index.html"
    assert heading.group(2) == re.search(r'<h1 id="page-title"[^>]*>(.*?)</h1>', article).group(1)
    # Its opening is the article's first paragraph, word for word.
    first = re.search(r'<div class="prose">\s*(?:<figure.*?</figure>\s*)?<p>(.*?)</p>', article, re.S)
    opening = re.search(r'<p class="front-opening">(.*?)</p>', home, re.S)
    assert first and opening
    assert visible_text(opening.group(1)) == visible_text(first.group(1))


def test_each_sentence_is_said_once(site):
    source, out = site
    _, front = newest_article(source)
    config = yaml.safe_load((source / "site.yaml").read_text(encoding="utf-8"))
    home = visible_text(read(out, ""))
    summary = visible_text(re.search(r'<p class="standfirst">(.*?)</p>', read(out, ""), re.S).group(1))
    assert summary.startswith(front["summary"][:20].replace("'", "’"))
    assert home.count(summary) == 1
    assert config["title"] not in visible_text(read(out, "").split("<main", 1)[1])  # the masthead has it
    for page in ("", "actors/", "timeline/"):  # no page's footer repeats the description
        footer = read(out, page).split('<footer class="site-footer">', 1)[1]
        assert config["description"][:30].replace("'", "’") not in visible_text(footer)


def test_who_is_who_shows_a_picture_initials_or_the_kind_of_each(site):
    _, out = site
    home = read(out, "")
    people = re.findall(r'<li class="person">(.*?)</li>', home, re.S)
    assert len(people) == 8
    for person in people:
        assert re.search(r'<a class="entity-name" href="actors/[\w-]+/index\.html">', person)
        assert ('class="person-picture person-initials"' in person) + ('relmap-swatch' in person) \
            + ('<img' in person) == 1, person
        assert '<span class="role">' in person
    if "Suez" in home:  # the ship has a picture in the Suez story
        assert any("<img" in person for person in people)


def test_latest_events_are_the_last_in_story_order_and_the_lead_is_drawn_to_scale(site):
    _, out = site
    home = read(out, "")
    story = re.findall(r'id="event-([\w-]+)"', read(out, "timeline"))
    latest = home.split('id="events-title"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="entity-name" href="events/([\w-]+)/', latest) == story[::-1][:5]
    drawn = home.split('id="scale-title"', 1)[1].split("</section>", 1)[0]
    assert 'class="ts"' in drawn and len(re.findall(r'class="ts-title" href="events/', drawn)) >= 5


def test_without_articles_the_site_title_and_description_lead(tmp_path):
    site = tmp_path / "src"
    (site / "content/actors").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Canal\ndescription: What blocked the canal.\n", encoding="utf-8")
    (site / "content/actors/egypt.md").write_text("---\nname: Egypt\nkind: state\nsummary: S.\n---\nT.\n",
                                                  encoding="utf-8")
    build(site, tmp_path / "out")
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert '<h1 id="page-title">Canal</h1>' in home
    assert '<p class="standfirst">What blocked the canal.</p>' in home
