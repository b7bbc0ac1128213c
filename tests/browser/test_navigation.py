"""A reader clicks from the front page to an article, an actor and an event, then goes back."""

from __future__ import annotations

import re

import pytest

from .support import EXAMPLE_ACTOR, EXAMPLE_ARTICLE

pytestmark = pytest.mark.browser

ACTOR_NAME = "Alexander Lukashenko"


def _at(site, path: str) -> re.Pattern:
    """The page's URL: without a base URL, links name the index.html file itself."""
    return re.compile(re.escape(site.url(path)) + r"(index\.html)?$")


def test_click_through_article_actor_event_and_back(open_page, example_site):
    from playwright.sync_api import expect  # here: without Playwright the fixtures skip or fail

    visit = open_page("/")
    page = visit.page
    h1 = page.locator("h1")

    article_link = page.locator(".front-lead h1 a")  # the front page leads with the newest article
    article_title = article_link.inner_text().strip()
    article_link.click()
    expect(page).to_have_url(_at(example_site, f"/articles/{EXAMPLE_ARTICLE}/"))
    expect(h1).to_have_text(article_title)
    article_url = page.url

    page.locator("aside.sidebar").get_by_role("link", name=ACTOR_NAME, exact=True).click()
    expect(page).to_have_url(_at(example_site, f"/actors/{EXAMPLE_ACTOR}/"))
    expect(h1).to_have_text(ACTOR_NAME)
    actor_url = page.url

    event_link = page.locator("section[aria-labelledby='events-title'] a.entity-name").first
    event_title = event_link.inner_text().strip()
    event_slug = re.search(r"events/([a-z0-9-]+)/", event_link.get_attribute("href")).group(1)
    event_link.click()
    expect(page).to_have_url(_at(example_site, f"/events/{event_slug}/"))
    expect(h1).to_have_text(event_title)

    page.go_back()
    expect(page).to_have_url(actor_url)
    expect(h1).to_have_text(ACTOR_NAME)
    page.go_back()
    expect(page).to_have_url(article_url)
    expect(h1).to_have_text(article_title)
    assert visit.problems == []
