"""Hover cards: hover, focus or tap a link to an actor or event and a card previews it.

The card (#backstory-card, role "tooltip") must show the right text, stay inside the viewport,
move nothing on the page, close with Escape, work by touch, and pass axe; without JavaScript
the links simply work.
"""

from __future__ import annotations

import pytest

from backstory import build

from ..helpers import BASIC_SITE, copy_site
from .support import DESKTOP, PAGE_KINDS, PHONE, SCHEMES, StaticServer, contrast_ratio

pytestmark = pytest.mark.browser

ARTICLE = PAGE_KINDS["article"]
CARD = "#backstory-card"
# Alexander Lukashenko, as content/actors/alexander-lukashenko.md describes him.
ACTOR_LINK = '.prose a.ref-actors[href*="actors/alexander-lukashenko/"]'
ACTOR_NAME = "Alexander Lukashenko"
ACTOR_ROLE = "President of Belarus"
ACTOR_META = f"{ACTOR_ROLE} · born 1954"  # the role, then the dates it has (born: 1954)
ACTOR_SUMMARY = ("The president of Belarus since 1994, who brokered the deal that ended the "
                 "Wagner mutiny on 24 June 2023.")

# Where the card is, and the size of the window it must stay in.
CARD_BOX_JS = """() => {
  const r = document.getElementById('backstory-card').getBoundingClientRect();
  return {top: r.top, left: r.left, bottom: r.bottom, right: r.right,
          width: document.documentElement.clientWidth, height: document.documentElement.clientHeight};
}"""

# Every element of the page's own content, with where it is: what a layout shift would move.
LAYOUT_JS = """() => {
  const doc = document.documentElement;
  const boxes = [...document.querySelectorAll('body *:not(#backstory-card, #backstory-card *)')]
    .map(el => { const r = el.getBoundingClientRect();
                 return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(','); });
  return {boxes, scrollWidth: doc.scrollWidth, scrollHeight: doc.scrollHeight};
}"""


def card_text(page) -> dict:
    card = page.locator(CARD)
    return {"title": card.locator(".hovercard-title").inner_text(),
            "meta": card.locator(".hovercard-meta").text_content(),
            "summary": card.locator(".hovercard-summary").inner_text()}


def hover_and_wait(page, link) -> None:
    link.hover()
    page.wait_for_selector(CARD, state="visible", timeout=3_000)


def assert_inside_viewport(page, where: str) -> None:
    box = page.evaluate(CARD_BOX_JS)
    assert box["top"] >= 0 and box["left"] >= 0, f"{where}: card sticks out top/left: {box}"
    assert box["right"] <= box["width"] and box["bottom"] <= box["height"], \
        f"{where}: card sticks out right/bottom: {box}"


def test_hovering_an_actor_link_shows_its_card(open_page):
    visit = open_page(ARTICLE)
    page = visit.page
    link = page.locator(ACTOR_LINK).first
    hover_and_wait(page, link)
    assert card_text(page) == {"title": ACTOR_NAME, "meta": ACTOR_META, "summary": ACTOR_SUMMARY}
    assert page.get_by_role("tooltip").count() == 1
    assert link.get_attribute("aria-describedby") == "backstory-card"
    # The pointer may travel into the card without it closing, and the card links on.
    page.locator(f"{CARD} .hovercard-open").hover()
    page.wait_for_timeout(600)
    assert page.locator(CARD).is_visible()
    page.mouse.move(2, 2)
    page.wait_for_selector(CARD, state="hidden", timeout=3_000)
    assert link.get_attribute("aria-describedby") is None
    assert visit.problems == []


def test_hovering_an_event_link_shows_date_and_place(open_page):
    page = open_page(ARTICLE).page
    hover_and_wait(page, page.locator('.sidebar a[href*="events/wagner-mutiny/"]').first)
    text = card_text(page)
    assert text["title"] == "Wagner mutiny"
    # The mutiny runs from the evening of 23 June to the evening of 24 June (its front matter).
    assert text["meta"] == "evening of 23 June – evening of 24 June 2023 · Russia"
    assert text["summary"].startswith("Yevgeny Prigozhin’s Wagner fighters mutinied")
    assert page.locator(f"{CARD} img").count() == 0


def test_moving_from_one_link_to_another_shows_the_other_card(open_page):
    page = open_page(ARTICLE).page
    hover_and_wait(page, page.locator(ACTOR_LINK).first)
    page.locator('.prose a.ref-events[href*="events/wagner-mutiny/"]').first.hover()
    page.wait_for_function("document.querySelector('#backstory-card .hovercard-title')"
                           ".textContent === 'Wagner mutiny'", timeout=3_000)
    assert page.locator(CARD).is_visible()


def test_a_pointer_passing_over_a_link_shows_nothing(open_page):
    page = open_page(ARTICLE).page
    page.locator(ACTOR_LINK).first.hover()
    page.mouse.move(2, 2)
    page.wait_for_timeout(700)
    assert page.locator(CARD).is_hidden()


def test_keyboard_focus_shows_the_card_and_escape_hides_it(open_page):
    visit = open_page(ARTICLE)
    page = visit.page
    link = page.locator(ACTOR_LINK).first
    # Focus the link before it, then Tab: a real keyboard focus on the actor link.
    link.evaluate("""el => {
      const links = [...document.querySelectorAll('a[href]')];
      links[links.indexOf(el) - 1].focus();
    }""")
    page.keyboard.press("Tab")
    assert link.evaluate("el => el === document.activeElement")
    page.wait_for_selector(CARD, state="visible", timeout=3_000)
    assert card_text(page)["title"] == ACTOR_NAME
    assert link.get_attribute("aria-describedby") == "backstory-card"
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="hidden", timeout=3_000)
    assert link.evaluate("el => el === document.activeElement"), "Escape moved focus"
    assert link.get_attribute("aria-describedby") is None
    # Tab on: the next card link shows its own card.
    page.keyboard.press("Tab")
    assert visit.problems == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_card_stays_inside_the_viewport_near_the_right_edge_and_the_bottom(open_page, width):
    page = open_page(ARTICLE, width=width).page
    links = page.locator(".prose a.ref")
    # The link that starts furthest right: its card must be pulled back into the window.
    lefts = links.evaluate_all("els => els.map(el => el.getClientRects()[0].left)")
    rightmost = links.nth(lefts.index(max(lefts)))
    rightmost.scroll_into_view_if_needed()
    hover_and_wait(page, rightmost)
    assert_inside_viewport(page, f"{width}px, right edge")
    page.mouse.move(1, 1)
    page.wait_for_selector(CARD, state="hidden", timeout=3_000)

    # A link on the last line of the window (the body's last, so the page can scroll there):
    # the card goes above it.
    link = links.last
    link.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - innerHeight + 2)")
    assert link.evaluate("el => innerHeight - el.getBoundingClientRect().bottom") < 40
    hover_and_wait(page, link)
    assert_inside_viewport(page, f"{width}px, bottom")
    card_bottom = page.evaluate(CARD_BOX_JS)["bottom"]
    assert card_bottom <= link.evaluate("el => el.getBoundingClientRect().top"), "not above the link"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_showing_a_card_moves_nothing_on_the_page(open_page, width):
    page = open_page(ARTICLE, width=width).page
    link = page.locator(ACTOR_LINK).first
    link.scroll_into_view_if_needed()
    page.mouse.move(1, 1)
    before = page.evaluate(LAYOUT_JS)
    hover_and_wait(page, link)
    after = page.evaluate(LAYOUT_JS)
    assert after["scrollWidth"] == before["scrollWidth"]
    assert after["scrollHeight"] == before["scrollHeight"]
    moved = [i for i, (a, b) in enumerate(zip(before["boxes"], after["boxes"], strict=True)) if a != b]
    assert moved == [], f"{len(moved)} elements moved when the card showed"


def test_without_javascript_the_link_simply_works(browser, example_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": DESKTOP, "height": 800})
    try:
        page = context.new_page()
        page.goto(example_site.url(ARTICLE))
        with page.expect_navigation():
            page.locator(ACTOR_LINK).first.click()
        assert example_site.path_of(page.url).startswith("/actors/alexander-lukashenko/")
        assert page.locator(CARD).count() == 0
    finally:
        context.close()


def test_touch_first_tap_shows_the_card_second_tap_follows_the_link(browser, example_site):
    context = browser.new_context(has_touch=True, is_mobile=True,
                                  viewport={"width": PHONE, "height": 812})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(example_site.url(ARTICLE))
        link = page.locator(ACTOR_LINK).first
        link.scroll_into_view_if_needed()
        link.tap()
        page.wait_for_selector(CARD, state="visible", timeout=3_000)
        assert example_site.path_of(page.url) == ARTICLE, "the first tap navigated"
        assert card_text(page)["title"] == ACTOR_NAME
        # A tap elsewhere closes it; the next tap on the link opens it again.
        page.locator("h1").tap()
        page.wait_for_selector(CARD, state="hidden", timeout=3_000)
        link.tap()
        page.wait_for_selector(CARD, state="visible", timeout=3_000)
        with page.expect_navigation():
            link.tap()
        assert example_site.path_of(page.url).startswith("/actors/alexander-lukashenko/")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_card_passes_axe_and_its_text_contrast_is_at_least_7(open_page, scheme):
    visit = open_page(ARTICLE, scheme=scheme)
    page = visit.page
    hover_and_wait(page, page.locator(ACTOR_LINK).first)
    colors = page.evaluate("""() => {
      const card = document.getElementById('backstory-card');
      const bg = getComputedStyle(card).backgroundColor;
      return [...card.querySelectorAll('p, a')].map(el => [el.className, getComputedStyle(el).color, bg]);
    }""")
    low = [(name, round(contrast_ratio(fg, bg), 2)) for name, fg, bg in colors
           if contrast_ratio(fg, bg) < 7]
    assert low == [], f"{scheme}: card text below 7:1: {low}"
    assert visit.run_axe() == []
    assert page.locator(CARD).is_visible(), "the card closed while axe ran"
    assert visit.problems == []


PORTRAIT = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
            '<rect width="8" height="8" fill="#9bb0c8"/></svg>')


@pytest.fixture(scope="module")
def site_with_portrait(tmp_path_factory):
    """The basic fixture site, with a portrait of Ada Lovelace, served from a subfolder (/story/)."""
    folder = tmp_path_factory.mktemp("cards-portrait")
    site = copy_site(BASIC_SITE, folder / "src")
    actor = site / "content/actors/ada-lovelace.md"
    actor.write_text(actor.read_text().replace("role: Analyst", "role: Analyst\nimage: images/ada.svg"))
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/ada.svg").write_text(PORTRAIT)
    build(site, folder / "out" / "story")
    server = StaticServer(folder / "out")
    yield server
    server.close()


@pytest.mark.parametrize("path", ["/story/articles/first-program/", "/story/events/analytical-engine-notes/"])
def test_an_actor_card_shows_the_portrait_with_alt_text(open_page, site_with_portrait, path):
    visit = open_page(path, site=site_with_portrait)
    page = visit.page
    hover_and_wait(page, page.locator('main a[href*="actors/ada-lovelace/"]').first)
    image = page.locator(f"{CARD} img")
    assert image.get_attribute("alt") == "Ada Lovelace"
    page.wait_for_function("document.querySelector('#backstory-card img').complete")
    assert image.evaluate("img => img.naturalWidth") > 0, "the portrait did not load"
    assert card_text(page)["title"] == "Ada Lovelace"
    assert visit.problems == []
