"""Places built, as a reader finds them: the example's Moscow and Minsk and the Suez story's canal,
each with its page, locator map, events in story order, links both ways, structured data, cards,
search and sitemap; a site without places shows no trace of them; edits rebuild what they touch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backstory import build
from backstory.output.search import is_searchable

from .helpers import BASIC_SITE, FIXTURES, REPO, copy_site
from .test_incremental import Session
from .test_structured_data import json_ld

pytestmark = pytest.mark.slow  # whole builds of the example and the Suez story, then edits

BASE = "https://example.org/explainer/"
SUEZ = FIXTURES / "sites" / "suez"


def read(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def cards(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="backstory-cards">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else {}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("places") / "site"
    build(REPO, out, base_url=BASE)
    return out


@pytest.fixture(scope="module")
def suez(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("suez-places") / "site"
    build(copy_site(SUEZ, out.parent / "src"), out)  # never into the fixture's own folder
    return out


def test_each_place_has_its_page_in_the_larger_place_it_lies_in(example):
    moscow = main_of(read(example, "places/moscow"))
    assert '<h1 id="page-title" data-pagefind-meta="title" data-pagefind-weight="10">Moscow</h1>' in moscow
    assert '<p class="role-line place-chain">In <a href="/explainer/actors/russia/">Russia</a></p>' in moscow
    assert "Places</a> · City</p>" in moscow
    assert "55.7558° N, 37.6173° E" in moscow and "Москва" in moscow
    minsk = main_of(read(example, "places/minsk"))
    assert 'In <a href="/explainer/actors/belarus/">Belarus</a>' in minsk
    assert "What happened here" not in minsk  # the source places no event in Minsk


def test_a_places_page_lists_what_happened_there_and_the_articles_that_name_it(example):
    moscow = main_of(read(example, "places/moscow"))
    happened = moscow.split('id="events-title"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'class="entity-name" href="([^"]+)"', happened) == [
        "/explainer/events/kremlin-thanks-lukashenko/"]
    articles = moscow.split('id="articles-title"', 1)[1].split("</section>", 1)[0]
    assert "/explainer/articles/how-lukashenko-ended-the-wagner-mutiny/" in articles
    # Prose that names Moscow links it, and the page says where it was named.
    mentions = moscow.split('id="mentions-title"', 1)[1].split("</section>", 1)[0]
    assert "/explainer/actors/kremlin/" in mentions and "/explainer/places/minsk/" in mentions
    kremlin = main_of(read(example, "actors/kremlin"))
    assert 'href="/explainer/places/moscow/">Moscow</a>' in kremlin


def test_the_locator_map_is_drawn_here_from_coordinates_and_says_what_it_leaves_out(example):
    moscow = read(example, "places/moscow")
    svg = moscow.split('<svg xmlns="http://www.w3.org/2000/svg" class="locmap"', 1)[1].split("</svg>", 1)[0]
    assert "<title" in svg and "Also shown: Minsk, 680 km west." in svg
    assert '<a href="/explainer/places/minsk/" class="locmap-place" data-place="minsk">' in svg
    assert re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg) is None  # no tiles, no requests
    assert "<image" not in svg and "xlink:href" not in svg
    assert "there are no coastlines, rivers or borders" in main_of(moscow)
    assert "/explainer/places/minsk/" in cards(moscow)  # the map's link previews like any other


def test_an_event_links_its_place_and_its_structured_data_names_it(example):
    event = read(example, "events/kremlin-thanks-lukashenko")
    assert '· <a href="/explainer/places/moscow/">Moscow</a></p>' in main_of(event)
    location = json_ld(event)["location"]
    assert location == {"@type": "Place", "name": "Moscow", "url": f"{BASE}places/moscow/",
                        "geo": {"@type": "GeoCoordinates", "latitude": 55.7558, "longitude": 37.6173}}
    # Free text stays as it was written.
    mutiny = read(example, "events/wagner-mutiny")
    assert json_ld(mutiny)["location"] == {"@type": "Place", "name": "Russia"}
    assert '· Russia</p>' in main_of(mutiny)


def test_a_place_is_a_schema_org_place_inside_its_state(example):
    data = json_ld(read(example, "places/moscow"))
    assert data["@type"] == "Place" and data["url"] == f"{BASE}places/moscow/"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 55.7558, "longitude": 37.6173}
    assert data["containedInPlace"] == {"@type": "Country", "name": "Russia", "url": f"{BASE}actors/russia/"}
    assert data["alternateName"] == ["Москва"]


def test_the_list_of_places_sitemap_search_and_cards_include_them(example):
    listing = main_of(read(example, "places"))
    assert listing.index(">Belarus</h2>") < listing.index("/explainer/places/minsk/") \
        < listing.index(">Russia</h2>") < listing.index("/explainer/places/moscow/")
    sitemap = (example / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("places/", "places/moscow/", "places/minsk/"):
        assert f"<loc>{BASE}{path}</loc>" in sitemap
    assert is_searchable("places/moscow/index.html")
    assert '<li><a href="/explainer/places/">Places</a></li>' in read(example, "articles")
    card = cards(read(example, "events/kremlin-thanks-lukashenko"))["/explainer/places/moscow/"]
    assert card == {"kind": "place", "label": "Moscow", "role": "City in Russia",
                    "summary": "The Russian capital, seat of the Kremlin, towards which Wagner’s "
                               "fighters advanced during the mutiny of 23–24 June 2023."}


def test_a_place_lists_what_happened_in_the_places_inside_it_in_story_order(suez):
    canal = main_of(read(suez, "places/suez-canal"))
    happened = canal.split('id="events-title"', 1)[1].split("</section>", 1)[0]
    slugs = re.findall(r'href="\.\./\.\./events/([^/]+)/index\.html"', happened)
    assert slugs == ["ever-given-runs-aground", "suez-canal-blockage", "salvage-team-called-in",
                     "stern-pulled-free", "ever-given-refloated", "canal-reopens", "backlog-cleared",
                     "ever-given-sails"]
    assert '<span class="role">at Great Bitter Lake</span>' in happened  # where inside it
    lake = main_of(read(suez, "places/great-bitter-lake"))
    assert ('In <a href="../../places/suez-canal/index.html">Suez Canal</a>, '
            '<a href="../../actors/egypt/index.html">Egypt</a>') in lake
    listing = main_of(read(suez, "places"))
    inner = listing.split("/places/suez-canal/index.html", 1)[1]
    assert inner.index('<ul class="entity-list place-tree">') < inner.index("great-bitter-lake")


def test_the_suez_canals_map_shows_the_places_along_it(suez):
    canal = read(suez, "places/suez-canal")
    shown = re.findall(r'data-place="([^"]+)"', canal)
    assert set(shown) == {"suez-canal", "great-bitter-lake", "ismailia", "port-said", "suez"}


def test_a_site_without_places_shows_no_trace_of_them(tmp_path):
    out = tmp_path / "site"
    build(copy_site(BASIC_SITE, tmp_path / "src"), out)
    assert not (out / "places").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Places" not in home and "places/" not in home


def test_wiki_links_and_names_in_prose_link_a_place_and_it_lists_the_article(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "content/places").mkdir()
    (site / "content/places/london.md").write_text(NEW_PLACE, encoding="utf-8")
    article = site / "content/articles/first-program.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nPrinted in [[london|the capital]].\n",
                       encoding="utf-8")
    actor = site / "content/actors/charles-babbage.md"
    actor.write_text(actor.read_text(encoding="utf-8") + "\nHe worked in London.\n", encoding="utf-8")
    out = tmp_path / "site"
    build(site, out)
    assert '<a class="ref ref-places" href="../../places/london/index.html">the capital</a>' \
        in read(out, "articles/first-program")
    assert '<a class="ref ref-places autolink" href="../../places/london/index.html">London</a>' \
        in read(out, "actors/charles-babbage")
    london = main_of(read(out, "places/london"))
    assert "../../articles/first-program/index.html" in london.split('id="articles-title"', 1)[1]
    assert "../../actors/charles-babbage/index.html" in london.split('id="mentions-title"', 1)[1]


@pytest.fixture(params=["told", "scan"])
def session(tmp_path, request) -> Session:
    """The basic site kept by a Builder across edits, each update compared with a clean build."""
    return Session(tmp_path, told=request.param == "told")


NEW_PLACE = ("---\nname: London\nkind: city\ncoordinates: [51.5072, -0.1276]\n"
             "summary: Where the notes were printed.\n---\nBabbage lived here.\n")


def test_adding_a_place_then_renaming_it_renders_what_shows_it(session: Session):
    (session.site / "content/places").mkdir()
    (session.site / "content/places/london.md").write_text(NEW_PLACE, encoding="utf-8")
    session.edit("content/events/analytical-engine-notes.md", "place: London", "place: london")
    written = set(session.update().written)  # a new file: the full path; compared with a clean build
    assert {"places/index.html", "places/london/index.html", "index.html",
            "events/analytical-engine-notes/index.html"} <= written  # every page's menu links it
    session.edit("content/places/london.md", "name: London", "name: City of London")
    result = session.update()
    assert result.patched == session.told
    written = set(result.written)
    assert {"places/london/index.html", "places/index.html",
            "events/analytical-engine-notes/index.html"} <= written
    assert "actors/royal-society/index.html" not in written
    page = (session.live.root / "events/analytical-engine-notes/index.html").read_text(encoding="utf-8")
    assert '<a href="../../places/london/index.html">City of London</a>' in page


def test_moving_an_event_to_another_place_and_a_place_within_another(session: Session):
    (session.site / "content/places").mkdir()
    (session.site / "content/places/london.md").write_text(NEW_PLACE, encoding="utf-8")
    (session.site / "content/places/england.md").write_text(
        NEW_PLACE.replace("London", "England").replace("city", "country")
        .replace("[51.5072, -0.1276]", "[52.5, -1.5]"), encoding="utf-8")
    session.edit("content/events/analytical-engine-notes.md", "place: London", "place: london")
    session.update()
    session.edit("content/events/analytical-engine-notes.md", "place: london", "place: england")
    written = set(session.update().written)
    assert {"places/london/index.html", "places/england/index.html"} <= written
    session.edit("content/places/london.md", "kind: city", "kind: city\nwithin: england")
    result = session.update()  # `within:` changed: the full path checks for circles
    assert not result.patched
    assert {"places/london/index.html", "places/england/index.html", "places/index.html"} \
        <= set(result.written)
