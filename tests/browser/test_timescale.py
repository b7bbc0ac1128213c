"""The timeline drawn to scale in a real browser: zoom in and out, the filter by actor over the
drawing, lanes by actor, no JavaScript, a phone's width, and labels that do not collide as drawn."""

from __future__ import annotations

import pytest

from .support import EXAMPLE_ACTOR, PAGE_KINDS, PHONE, horizontal_overflow

pytestmark = pytest.mark.browser

TIMELINE = PAGE_KINDS["timeline"]
SCALED_PAGES = [PAGE_KINDS["timeline"], PAGE_KINDS["actor"], PAGE_KINDS["article"]]

# What the drawing shows now: which view, its ticks, the events whose labels show.
SHOWN_JS = """() => {
  const seen = (m) => m.checkVisibility();
  const views = [...document.querySelectorAll('.ts-view')].filter(v => v.checkVisibility());
  return {
    views: views.map(v => v.id),
    pressed: [...document.querySelectorAll('.ts-zoom-button[aria-pressed=true]')].map(b => b.dataset.view),
    ticks: views.flatMap(v => [...v.querySelectorAll('.ts-tick')].map(t => t.textContent.trim())),
    entries: views.flatMap(v => [...v.querySelectorAll('.ts-entry')].filter(e => e.checkVisibility())
                                  .map(e => e.dataset.event)),
    faded: views.flatMap(v => [...v.querySelectorAll('.ts-mark.ts-filtered')].map(m => m.dataset.event)),
    marks: views.flatMap(v => [...v.querySelectorAll('.ts-mark')]).filter(seen).length,
    laneMarks: views.flatMap(v => [...v.querySelectorAll('.ts-lane-mark')]).filter(seen).length,
  };
}"""

# The boxes of the labels as drawn, and the figure's own box.
BOXES_JS = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  return [...document.querySelectorAll('.ts-view')].filter(v => v.checkVisibility()).map(v => ({
    id: v.id, strip: box(v.querySelector('.ts-strip')),
    labels: [...v.querySelectorAll('.ts-entry')].filter(e => e.checkVisibility()).map(e => ({
      event: e.dataset.event, box: box(e),
      title: box(e.querySelector('.ts-title')), text: e.querySelector('.ts-title').textContent}))}));
}"""


def test_zooming_in_shows_the_busy_day_hour_by_hour_and_zooming_out_the_whole_story(open_page):
    visit = open_page(TIMELINE)
    page = visit.page
    whole = page.evaluate(SHOWN_JS)
    assert whole["views"] == whole["pressed"] == ["ts-all"]
    assert "2020" not in whole["ticks"] and "9 Aug" in whole["ticks"]  # the years are cut out
    page.get_by_role("button", name="Zoom in on 23–24 June 2023").click()
    close = page.evaluate(SHOWN_JS)
    assert close["views"] == close["pressed"] == ["ts-1"]
    hours = [t for t in close["ticks"] if ":" in t]
    assert len(hours) >= 20 and {"06:00", "07:00", "08:00", "12:00", "18:00"} <= set(hours)
    assert "russian-invasion-of-ukraine" not in close["entries"]
    assert "putin-lukashenko-call" in close["entries"]
    page.get_by_role("button", name="Whole story").click()
    assert page.evaluate(SHOWN_JS)["views"] == ["ts-all"]
    assert visit.problems == []


def test_the_filter_by_actor_works_on_the_drawing_too(open_page):
    visit = open_page(TIMELINE)
    page = visit.page
    everyone = page.evaluate(SHOWN_JS)["entries"]
    page.get_by_label("Show events involving").select_option("yevgeny-prigozhin")
    shown = page.evaluate(SHOWN_JS)
    listed = page.evaluate("[...document.querySelectorAll('.timeline-event')]"
                           ".filter(e => e.checkVisibility()).map(e => e.id.replace('event-', ''))")
    # the same events (the drawing is in time order, the list in story order: causes first)
    assert sorted(shown["entries"]) == sorted(listed) and 0 < len(listed) < len(everyone)
    assert sorted(shown["faded"]) == sorted(set(everyone) - set(listed))
    # it holds in a close view, and after clearing nothing is faded
    page.get_by_role("button", name="Zoom in on 23–24 June 2023").click()
    assert set(page.evaluate(SHOWN_JS)["entries"]) <= set(listed)
    page.get_by_role("button", name="Show everyone").click()
    assert page.evaluate(SHOWN_JS)["faded"] == []
    assert visit.problems == []


def test_lanes_by_actor_swap_the_bars_for_one_lane_per_actor(open_page):
    visit = open_page(PAGE_KINDS["actor"])
    page = visit.page
    before = page.evaluate(SHOWN_JS)
    assert before["marks"] > 0 and before["laneMarks"] == 0
    page.get_by_label("Lanes by actor").check()
    after = page.evaluate(SHOWN_JS)
    assert after["marks"] == 0 and after["laneMarks"] >= before["marks"]
    assert page.locator(".ts-view:not([hidden]) .ts-lane-names").is_visible()
    assert visit.problems == []


def test_without_javascript_the_list_and_every_view_show(browser, example_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE, "height": 812})
    try:
        page = context.new_page()
        page.goto(example_site.url(f"{TIMELINE}?actor={EXAMPLE_ACTOR}"))
        events = page.locator(".timeline-event")
        assert events.count() > 1 and all(events.nth(i).is_visible() for i in range(events.count()))
        views = page.locator(".ts-view")
        assert views.count() == 2 and all(views.nth(i).is_visible() for i in range(2))
        assert page.locator(".ts-controls").is_hidden()
        assert page.locator(".ts-lane-mark").first.is_hidden()
        assert horizontal_overflow(page) is None
    finally:
        context.close()


@pytest.mark.parametrize("path", SCALED_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_at_a_phones_width_nothing_overflows_and_no_labels_collide(open_page, path, scheme):
    visit = open_page(path, width=PHONE, scheme=scheme)
    page = visit.page
    assert horizontal_overflow(page) is None
    zooms = page.locator(".ts-zoom-button")
    for index in range(max(zooms.count(), 1)):
        if zooms.count():
            zooms.nth(index).click()
        for view in page.evaluate(BOXES_JS):
            labels = view["labels"]
            assert labels, view["id"]
            for label in labels:  # inside the strip, the title not cut off at either side
                assert view["strip"]["left"] - 0.5 <= label["box"]["left"] < label["box"]["right"] <= PHONE
                assert label["title"]["right"] <= view["strip"]["right"] + 0.5, label
            ordered = sorted(labels, key=lambda item: item["box"]["top"])
            for upper, lower in zip(ordered, ordered[1:], strict=False):
                assert upper["box"]["bottom"] <= lower["box"]["top"] + 0.5, (upper, lower)
        assert horizontal_overflow(page) is None
    assert visit.problems == []


def test_the_scaled_timeline_has_no_accessibility_violations_zoomed_in(open_page):
    visit = open_page(TIMELINE, width=PHONE, scheme="dark")
    visit.page.get_by_role("button", name="Zoom in on 23–24 June 2023").click()
    visit.page.get_by_label("Lanes by actor").check()
    assert visit.run_axe() == []
