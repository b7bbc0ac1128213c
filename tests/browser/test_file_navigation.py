"""Without a base URL every link is relative, so site/ works opened straight from disk.

Chromium opens the example site's index.html through file:// (no server), then a reader clicks
to an article, an actor, an event and the timeline and back; every page keeps its stylesheet
and logs no error, and hover cards work too, since their data is inline in each page.
"""

from __future__ import annotations

import pytest

from backstory import build

from ..helpers import REPO
from .support import DESKTOP, EXAMPLE_ACTOR, EXAMPLE_ARTICLE, Visit

pytestmark = pytest.mark.browser

# A custom property that only layouts/assets/style.css sets: computed, it proves the sheet loaded.
STYLED_JS = "() => getComputedStyle(document.documentElement).getPropertyValue('--paper').trim()"


@pytest.fixture(scope="module")
def example_on_disk(tmp_path_factory):
    out = tmp_path_factory.mktemp("file-example") / "site"
    build(REPO, out)
    return out


def test_the_example_site_works_from_disk(page_pool, example_on_disk):
    from playwright.sync_api import expect  # here: without Playwright the fixtures skip or fail

    key, page = page_pool.acquire(DESKTOP)
    visit = Visit(page, "/", DESKTOP, "light", _release=lambda: page_pool.release(key, page))
    visit.watch()
    try:
        home = (example_on_disk / "index.html").as_uri()
        page.goto(home, wait_until="load")
        h1 = page.locator("h1")

        def arrived(path: str) -> None:
            expect(page).to_have_url((example_on_disk / path / "index.html").as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate(STYLED_JS), f"{path}: the stylesheet is not applied"

        arrived("")
        page.locator(".front-lead h1 a").click()  # the lead headline
        arrived(f"articles/{EXAMPLE_ARTICLE}")
        article_title = h1.inner_text()

        # A hover card: its data is in the page, so no request is needed even from disk.
        page.locator(f'.prose a.ref-actors[href*="actors/{EXAMPLE_ACTOR}/"]').first.hover()
        page.wait_for_selector("#backstory-card", state="visible", timeout=3_000)
        page.mouse.move(2, 2)

        page.locator("aside.sidebar").get_by_role("link", name="Alexander Lukashenko",
                                                  exact=True).click()
        arrived(f"actors/{EXAMPLE_ACTOR}")
        page.locator("section[aria-labelledby='events-title'] a.entity-name").first.click()
        event_url = page.url
        assert "/events/" in event_url
        page.wait_for_load_state("load")
        assert page.evaluate(STYLED_JS)

        page.locator("nav.site-nav a[href$='timeline/index.html']").click()
        arrived("timeline")

        page.go_back()
        expect(page).to_have_url(event_url)
        page.go_back()
        arrived(f"actors/{EXAMPLE_ACTOR}")
        page.go_back()
        arrived(f"articles/{EXAMPLE_ARTICLE}")
        expect(h1).to_have_text(article_title)
        assert visit.problems == []
    finally:
        visit.close()
