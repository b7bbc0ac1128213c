"""Hover cards for keyboard users, with the page's smooth scrolling on (no reduced motion).

Tab scrolls a link below the fold into view, smoothly; its card must show beside it once it is
there, and still close when the reader scrolls away, moves focus or presses Escape.
"""

from __future__ import annotations

import pytest

from backstory import build

from ..helpers import FIXTURES, copy_site
from .support import DESKTOP, PAGE_KINDS, StaticServer

pytestmark = pytest.mark.browser

CARD = "#backstory-card"
FIXTURE_SITES = sorted(p.parent.name for p in (FIXTURES / "sites").glob("*/site.yaml"))
GAP = 6  # px cards.js keeps between a link and its card
NEAR = GAP + 4  # px: how far from the link's box the card's box may be

# Numbers every link that has a card (as cards.js matches them: by address without the hash),
# and says where each is on the page before anything scrolls.
CARD_LINKS_JS = """() => {
  const data = JSON.parse(document.getElementById('backstory-cards').textContent);
  const plain = href => { const u = new URL(href, location.href); u.hash = ''; return u.href; };
  const keys = new Set(Object.keys(data).map(plain));
  return [...document.querySelectorAll('a[href]')]
    .filter(a => keys.has(plain(a.getAttribute('href'))) && a.getClientRects().length)
    .map((a, n) => { a.dataset.cardLink = n;
                     return {n, top: a.getBoundingClientRect().top + scrollY, text: a.textContent.trim()}; });
}"""

# Resolves once the page has not scrolled for ten frames in a row: smooth scrolling is over.
SCROLL_SETTLED_JS = """() => new Promise(resolve => {
  let last = scrollY, still = 0;
  const tick = () => {
    if (scrollY !== last) { last = scrollY; still = 0; } else if (++still >= 10) return resolve(scrollY);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""

# The focused card link (its number, or null) and where it and the card are in the window.
FOCUS_AND_CARD_JS = """() => {
  const a = document.activeElement, card = document.getElementById('backstory-card');
  const box = el => { const r = el.getBoundingClientRect();
                      return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return {link: a && a.dataset.cardLink !== undefined ? Number(a.dataset.cardLink) : null,
          linkBox: a ? box(a) : null, cardBox: card ? box(card) : null,
          shown: !!card && !card.hidden && getComputedStyle(card).visibility === 'visible',
          title: card && card.querySelector('.hovercard-title')?.textContent,
          width: document.documentElement.clientWidth, height: document.documentElement.clientHeight};
}"""


def card_problem(state: dict) -> str | None:
    """Why the card of the focused link is not where a reader would see it, or None."""
    if not state["shown"]:
        return "no card shown"
    card, link = state["cardBox"], state["linkBox"]
    if card["top"] < 0 or card["left"] < 0 or card["bottom"] > state["height"] \
            or card["right"] > state["width"]:
        return f"card outside the window: {card}"
    below, above = card["top"] - link["bottom"], link["top"] - card["bottom"]
    if not (0 <= below <= NEAR or 0 <= above <= NEAR):
        return f"card not beside the link vertically: card {card}, link {link}"
    if card["right"] <= link["left"] or card["left"] >= link["right"]:
        return f"card not beside the link horizontally: card {card}, link {link}"
    return None


@pytest.fixture
def smooth_page(browser):
    """`smooth_page(url)`: a tab at 1280x800 with smooth scrolling on (prefers no reduced motion)."""
    contexts = []

    def open_(url: str):
        context = browser.new_context(viewport={"width": DESKTOP, "height": 800},
                                      reduced_motion="no-preference", device_scale_factor=1)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(url, wait_until="load")
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def fixture_servers(tmp_path_factory):
    """Each fixture site in tests/fixtures/sites/, built and served, by name."""
    servers = {}
    for name in FIXTURE_SITES:
        folder = tmp_path_factory.mktemp(f"card-focus-{name}")
        build(copy_site(FIXTURES / "sites" / name, folder / "src"), folder / "out")
        servers[name] = StaticServer(folder / "out")
    yield servers
    for server in servers.values():
        server.close()


def article_url(site: str, example_site, fixture_servers) -> str:
    if site == "example":
        return example_site.url(PAGE_KINDS["article"])
    server = fixture_servers[site]
    article = min(p for p in server.pages if p.startswith("/articles/") and p != "/articles/")
    return server.url(article)


def below_the_fold(page) -> list[dict]:
    """The card links that start below the window; with none at 800 px (a short page), the
    window is made short enough that every one does, so that Tab must scroll to each."""
    links = page.evaluate(CARD_LINKS_JS)
    assert links, "the page has no card links"
    height = page.viewport_size["height"]
    if all(link["top"] < height for link in links):
        height = max(200, int(min(link["top"] for link in links)) - 40)
        page.set_viewport_size({"width": DESKTOP, "height": height})
    return [link for link in links if link["top"] >= height]


def tab_to(page, number: int, presses: int = 400) -> dict:
    """Press Tab until card link `number` has focus; where things are once scrolling stopped."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        page.evaluate(SCROLL_SETTLED_JS)
        state = page.evaluate(FOCUS_AND_CARD_JS)
        if state["link"] == number:
            return state
    raise AssertionError(f"Tab never reached card link {number}")


@pytest.mark.parametrize("site", ["example", *FIXTURE_SITES])
def test_tab_to_every_card_link_shows_its_card_beside_it(smooth_page, example_site,
                                                         fixture_servers, site):
    page = smooth_page(article_url(site, example_site, fixture_servers))
    below = below_the_fold(page)
    assert below, f"{site}: no card link below the fold to test"
    links = page.evaluate("document.querySelectorAll('[data-card-link]').length")
    problems, scrolled = [], 0
    for _ in range(400):  # Tab through the whole page, checking each card link it reaches
        start = page.evaluate("scrollY")
        page.keyboard.press("Tab")
        page.evaluate(SCROLL_SETTLED_JS)
        state = page.evaluate(FOCUS_AND_CARD_JS)
        # A scroll by any Tab counts: a stop before a card link (a zoom button, a source) may
        # be what brought it into view, and its card is checked all the same, after the scroll.
        scrolled += page.evaluate("scrollY") != start
        if state["link"] is None:
            if page.evaluate("document.activeElement === document.body"):
                break  # Tab went past the last link
            continue
        problem = card_problem(state)
        if problem:
            problems.append(f"card link {state['link']}: {problem}")
        if state["link"] == links - 1:
            break
    assert scrolled, f"{site}: no Tab scrolled the page: the test proved nothing"
    assert problems == [], f"{site}:\n  " + "\n  ".join(problems)
    assert page.errors == []


def test_a_card_opened_by_focus_still_closes_on_scroll_away_escape_and_focus_move(
        smooth_page, example_site):
    page = smooth_page(example_site.url(PAGE_KINDS["article"]))
    target = below_the_fold(page)[0]["n"]
    state = tab_to(page, target)
    assert card_problem(state) is None, card_problem(state)

    # The reader scrolls away with the wheel: the link leaves the window, the card closes.
    page.mouse.move(2, 2)
    page.mouse.wheel(0, -page.viewport_size["height"] * 3)
    page.wait_for_selector(CARD, state="hidden", timeout=3_000)
    assert page.evaluate(FOCUS_AND_CARD_JS)["link"] == target, "the wheel moved focus"

    # Back to the link by keyboard: the card shows again; Escape closes it for good.
    page.keyboard.press("Shift+Tab")
    state = tab_to(page, target)
    assert card_problem(state) is None, card_problem(state)
    page.keyboard.press("Escape")
    page.wait_for_selector(CARD, state="hidden", timeout=3_000)
    page.evaluate(SCROLL_SETTLED_JS)
    assert page.locator(CARD).is_hidden(), "the card came back after Escape"

    # Focus moves on to the next card link: its card replaces this one.
    state = tab_to(page, target + 1)
    assert card_problem(state) is None, card_problem(state)
    assert page.errors == []
