"""Hover card data: each page carries the cards of exactly the actors and events it links to."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from backstory import build
from backstory.pages.maps import EGO_LIMIT
from backstory.pages.structured import script_json

from .helpers import BASIC_SITE, copy_site, plain_assets

CARD_PAGES = ("actors/", "events/")
# Their entries show beside each link what its card would: the layouts leave cards out.
INDEXES = ("actors/index.html", "events/index.html")


class _Page(HTMLParser):
    """The hrefs of a page's links and the text of its card data."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.cards: str | None = None
        self.scripts: list[str] = []
        self._in_cards = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        elif tag == "script":
            self._in_cards = attrs.get("id") == "backstory-cards"
            if attrs.get("src"):
                self.scripts.append(attrs["src"])

    def handle_endtag(self, tag):
        self._in_cards = False

    def handle_data(self, data):
        if self._in_cards:
            self.cards = (self.cards or "") + data


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def linked_entities(page: _Page, own: str, prefix: str) -> set[str]:
    """Hrefs (without fragment) of the page's links to actor and event pages, its own left out."""
    found = set()
    for href in page.hrefs:
        href = href.partition("#")[0]
        target = href.removeprefix(prefix).lstrip("./")
        if target.startswith(CARD_PAGES) and target.count("/") >= 2 and href != own:
            found.add(href)
    return found


def own_href(relative: str, base_path: str | None) -> str:
    """How a page's links to itself are written: "../../actors/x/index.html" or "/story/actors/x/"."""
    if base_path is not None:
        return base_path + relative.removesuffix("index.html")
    return "../" * relative.count("/") + relative


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    def build_with(base_url: str | None) -> Path:
        folder = tmp_path_factory.mktemp("cards")
        site = copy_site(BASIC_SITE, folder / "src")
        actor = site / "content/actors/ada-lovelace.md"
        actor.write_text(actor.read_text().replace("role: Analyst", "role: Analyst\nimage: images/ada.jpg"))
        (site / "static/images").mkdir(parents=True)  # a missing or broken image is an error
        Image.new("RGB", (40, 50), "gray").save(site / "static/images/ada.jpg")
        build(site, folder / "out", base_url=base_url)
        return folder / "out"
    return build_with


@pytest.mark.parametrize("base_url, prefix", [(None, ""), ("https://example.org/story/", "/story/")])
def test_cards_list_exactly_the_actors_and_events_each_page_links_to(built, base_url, prefix):
    out = built(base_url)
    checked = 0
    for path in sorted(out.rglob("*.html")):
        relative = path.relative_to(out).as_posix()
        page = read_page(path)
        expected = linked_entities(page, own_href(relative, prefix if base_url else None), prefix)
        # Embeds have no cards (docs/what-comes-out.md, Embeds).
        if relative in INDEXES or relative.startswith("embed/"):
            expected = set()
        cards = json.loads(page.cards) if page.cards is not None else {}
        assert set(cards) == expected, relative
        if page.cards is not None:  # joined card by card: the text json.dumps gives the whole
            assert page.cards == script_json(cards, compact=True), relative
        # The script comes with the data, and only then.
        assert any(plain_assets(src).endswith("assets/cards.js") for src in page.scripts) \
            == bool(cards), relative
        checked += bool(cards)
    assert checked >= 5


def test_card_fields_under_relative_urls(built):
    page = read_page(built(None) / "articles/first-program/index.html")
    cards = json.loads(page.cards)
    ada = cards["../../actors/ada-lovelace/index.html"]
    assert ada == {
        "kind": "actor", "label": "Ada Lovelace", "role": "Analyst",
        "summary": "A mathematician who wrote the first published program.",
        "when": "born 10 December 1815", "image": ada["image"]}
    # Shown small: the narrowest copy made, a WebP as wide as the 40-pixel original.
    assert re.fullmatch(r"\.\./\.\./assets/pictures/ada\.[0-9a-f]{10}\.40\.webp", ada["image"])
    assert (built(None) / "articles/first-program" / ada["image"]).is_file()
    # No role: the kind, in the singular.
    assert cards["../../actors/royal-society/index.html"]["role"] == "Organization"
    assert cards["../../events/analytical-engine-notes/index.html"] == {
        "kind": "event", "label": "The notes are published", "when": "1 September 1843",
        "summary": "Lovelace’s notes on the engine appear in print.", "place": "London"}


def test_card_fields_under_a_base_url_with_a_path(built):
    page = read_page(built("https://example.org/story/") / "events/engine-remembered/index.html")
    cards = json.loads(page.cards)
    # In the order the page links them: its body names Babbage, then Lovelace; then the sidebar.
    assert list(cards) == ["/story/actors/charles-babbage/", "/story/actors/ada-lovelace/",
                           "/story/events/analytical-engine-notes/"]
    assert cards["/story/events/analytical-engine-notes/"]["when"] == "1 September 1843"


def test_a_page_has_no_card_of_itself(built):
    out = built(None)
    for relative in ("actors/ada-lovelace/index.html", "events/analytical-engine-notes/index.html"):
        cards = json.loads(read_page(out / relative).cards)
        assert "../../" + relative not in cards


def test_links_to_articles_get_no_card(built):
    # Charles Babbage's page links an article in its body, and Ada's page under "mentioned on".
    page = read_page(built(None) / "actors/charles-babbage/index.html")
    cards = json.loads(page.cards)
    assert "../../actors/ada-lovelace/index.html" in cards
    assert not any(href.startswith("../../articles/") for href in cards)


def test_a_map_gives_cards_only_to_the_nodes_it_draws(tmp_path):
    # Ada's page has 14 actors and events within two steps, of which its map draws EGO_LIMIT
    # (12): the others are nowhere on the page, so their cards would only weigh it down.
    site = copy_site(BASIC_SITE, tmp_path / "src")
    guests = [f"guest-{n:02}" for n in range(12)]
    for slug in guests:
        (site / f"content/actors/{slug}.md").write_text(
            f"---\nname: Guest {slug[-2:]}\nkind: person\nsummary: A guest.\n---\n", encoding="utf-8")
    (site / "content/events/salon.md").write_text(
        "---\ntitle: A salon\ndate: 1844-01-01\nsummary: Many guests.\nactors:\n"
        + "".join(f"  - {slug}\n" for slug in ["ada-lovelace", *guests]) + "---\n", encoding="utf-8")
    build(site, tmp_path / "out")
    html = (tmp_path / "out/actors/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert html.count('data-node="') == EGO_LIMIT
    page = read_page(tmp_path / "out/actors/ada-lovelace/index.html")
    cards = json.loads(page.cards)
    drawn = {href for href in page.hrefs if "guest-" in href}
    assert 0 < len(drawn) < len(guests)  # some guests are left off the map, and the page
    assert set(cards) == linked_entities(page, own_href("actors/ada-lovelace/index.html", None), "")
