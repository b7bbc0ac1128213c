"""/timeline/: filtering by actor with no server, its state in the URL, the keyboard, no JS."""

from __future__ import annotations

import re

import pytest

from ..helpers import REPO, originals
from .support import ACTIVE_ELEMENT_JS, EXAMPLE_ACTOR, PAGE_KINDS, PHONE, focus_indicator_problem

pytestmark = pytest.mark.browser

TIMELINE = PAGE_KINDS["timeline"]
ONE_YEAR_ACTOR = "yevgeny-prigozhin"  # every one of his events is in 2023

# What the page shows now: the ids of visible events and years, and the status text.
SHOWN_JS = """() => ({
  events: [...document.querySelectorAll('.timeline-event')].filter(e => e.checkVisibility()).map(e => e.id),
  years: [...document.querySelectorAll('.timeline-year')].filter(y => y.checkVisibility())
           .map(y => y.querySelector('h2').textContent.trim()),
  status: document.getElementById('timeline-status').textContent.trim(),
  choice: document.getElementById('timeline-actor') && document.getElementById('timeline-actor').value,
})"""

# What the server rendered: every event's id, year and actors.
ALL_JS = """() => [...document.querySelectorAll('.timeline-event')].map(e => ({
  id: e.id, actors: e.dataset.actors.split(' '),
  year: e.closest('.timeline-year').querySelector('h2').textContent.trim()}))"""


def expected_for(page, slug: str) -> tuple[list[str], list[str], int]:
    everything = page.evaluate(ALL_JS)
    matching = [e for e in everything if slug in e["actors"]]
    return [e["id"] for e in matching], list(dict.fromkeys(e["year"] for e in matching)), len(everything)


def test_choosing_an_actor_shows_only_their_events_and_says_so(open_page):
    visit = open_page(TIMELINE)
    page = visit.page
    ids, years, total = expected_for(page, EXAMPLE_ACTOR)
    assert 0 < len(ids) < total
    page.get_by_label("Show events involving").select_option(EXAMPLE_ACTOR)
    shown = page.evaluate(SHOWN_JS)
    assert shown["events"] == ids and shown["years"] == years
    assert shown["status"] == f"{len(ids)} of {total} events involve Alexander Lukashenko"
    assert page.get_by_role("status").text_content().strip() == shown["status"]
    assert re.search(rf"/timeline/(index\.html)?\?actor={EXAMPLE_ACTOR}$", page.url), page.url
    assert visit.problems == []


def test_years_without_a_matching_event_are_hidden(open_page):
    page = open_page(TIMELINE).page
    ids, years, _ = expected_for(page, ONE_YEAR_ACTOR)
    all_years = page.evaluate(SHOWN_JS)["years"]
    assert len(years) == 1 < len(all_years)
    page.get_by_label("Show events involving").select_option(ONE_YEAR_ACTOR)
    shown = page.evaluate(SHOWN_JS)
    assert shown["events"] == ids and shown["years"] == years


def test_the_url_restores_the_filter_and_back_undoes_it(open_page):
    visit = open_page(f"{TIMELINE}?actor={ONE_YEAR_ACTOR}")
    page = visit.page
    ids, _, total = expected_for(page, ONE_YEAR_ACTOR)
    shown = page.evaluate(SHOWN_JS)
    assert shown["choice"] == ONE_YEAR_ACTOR and shown["events"] == ids
    assert shown["status"].startswith(f"{len(ids)} of {total} events involve Yevgeny Prigozhin")

    page.get_by_label("Show events involving").select_option(EXAMPLE_ACTOR)
    assert page.evaluate(SHOWN_JS)["choice"] == EXAMPLE_ACTOR
    page.go_back()
    shown = page.evaluate(SHOWN_JS)
    assert page.url.endswith(f"?actor={ONE_YEAR_ACTOR}")
    assert shown["choice"] == ONE_YEAR_ACTOR and shown["events"] == ids
    assert visit.problems == []


def test_an_unknown_actor_in_the_url_shows_everything(open_page):
    page = open_page(f"{TIMELINE}?actor=nobody-at-all").page
    shown = page.evaluate(SHOWN_JS)
    assert shown["choice"] == "" and len(shown["events"]) == len(page.evaluate(ALL_JS))


def test_show_everyone_clears_the_filter(open_page):
    page = open_page(f"{TIMELINE}?actor={EXAMPLE_ACTOR}").page
    total = len(page.evaluate(ALL_JS))
    page.get_by_role("button", name="Show everyone").click()
    shown = page.evaluate(SHOWN_JS)
    assert shown["choice"] == "" and len(shown["events"]) == total
    assert shown["status"] == f"{total} events"
    assert "?actor" not in page.url
    assert page.get_by_role("button", name="Show everyone").is_hidden()
    assert page.evaluate("document.activeElement.id") == "timeline-actor"  # focus not lost


def test_the_filter_works_from_the_keyboard(open_page):
    page = open_page(TIMELINE).page
    page.evaluate("document.getElementById('main').focus()")  # where the skip link leads
    page.keyboard.press("Tab")  # the standfirst's link to the index of events
    assert page.evaluate("document.activeElement.textContent") == "The index of events"
    page.keyboard.press("Tab")  # then the filter
    focused = page.evaluate(ACTIVE_ELEMENT_JS)
    assert focused["elementId"] == "timeline-actor", focused
    background = page.evaluate("getComputedStyle(document.querySelector('.timeline-filter'))"
                               ".backgroundColor")
    assert focus_indicator_problem(focused, background) is None
    page.keyboard.press("ArrowDown")  # the first actor in the list
    shown = page.evaluate(SHOWN_JS)
    assert shown["choice"] != "" and " of " in shown["status"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "timeline-clear"
    page.keyboard.press("Enter")
    assert page.evaluate(SHOWN_JS)["choice"] == ""


def test_a_filtered_timeline_has_no_accessibility_violations(open_page):
    visit = open_page(f"{TIMELINE}?actor={ONE_YEAR_ACTOR}", width=PHONE, scheme="dark")
    assert visit.run_axe() == []


def test_the_actor_page_links_to_its_filtered_timeline(open_page):
    page = open_page(PAGE_KINDS["actor"]).page
    page.get_by_role("link", name="Alexander Lukashenko on the full timeline").click()
    page.wait_for_url(re.compile(rf"/timeline/(index\.html)?\?actor={EXAMPLE_ACTOR}$"))
    assert page.evaluate(SHOWN_JS)["choice"] == EXAMPLE_ACTOR


def test_without_javascript_every_event_shows_and_the_filter_does_not(browser, example_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_site.url(f"{TIMELINE}?actor={EXAMPLE_ACTOR}"))
        total = len(originals(REPO / "content" / "events"))
        events = page.locator(".timeline-event")
        assert events.count() == total and all(events.nth(i).is_visible() for i in range(total))
        years = page.locator(".timeline-year")
        assert years.count() > 1 and all(years.nth(i).is_visible() for i in range(years.count()))
        assert page.get_by_label("Show events involving").is_hidden()
        assert page.get_by_role("status").text_content().strip() == f"{total} events"
    finally:
        context.close()
