"""The relationship map in a real browser: links that navigate, inside the page at phone width,
labels that do not collide, and the current page marked on its own small map."""

from __future__ import annotations

import pytest

from .support import DESKTOP, EXAMPLE_ACTOR, PHONE, horizontal_overflow

MAP_PAGES = ("/map/", f"/actors/{EXAMPLE_ACTOR}/", "/events/wagner-mutiny/")

# Per visible map: nodes outside the viewBox, and pairs of labels whose boxes overlap.
GEOMETRY_JS = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('svg.relmap')) {
    if (!svg.checkVisibility()) continue;
    const box = svg.viewBox.baseVal;
    const outside = [...svg.querySelectorAll('.relmap-shape')].filter(s => {
      const b = s.getBBox();
      return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
          || b.y + b.height > box.y + box.height;
    }).length;
    const labels = [...svg.querySelectorAll('.relmap-label')]
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    const overlaps = [];
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
      const [a, ra] = labels[i], [b, rb] = labels[j];
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 2 && h > 2) overlaps.push(a + ' / ' + b);
    }
    found.push({nodes: svg.querySelectorAll('a.relmap-node').length, outside, overlaps,
                fontPx: labels.length ? parseFloat(getComputedStyle(svg).fontSize)
                        * svg.getBoundingClientRect().width / box.width : null});
  }
  return found;
}"""


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("path", MAP_PAGES)
def test_maps_fit_the_window_keep_nodes_inside_and_labels_apart(open_page, path, width):
    visit = open_page(path, width=width)
    assert horizontal_overflow(visit.page) is None
    maps = visit.page.evaluate(GEOMETRY_JS)
    assert len(maps) == 1, "exactly one variant of the map is shown"
    for drawn in maps:
        assert drawn["nodes"] >= 2 and drawn["outside"] == 0
        assert drawn["overlaps"] == []
        assert drawn["fontPx"] >= 9, "labels too small to read"
    assert visit.problems == []


def test_a_node_is_a_link_that_navigates(open_page, example_site):
    visit = open_page("/map/")
    node = visit.page.locator("svg.relmap a.relmap-node", has_text="Alexander Lukashenko").first
    node.click()
    visit.page.wait_for_url("**/actors/alexander-lukashenko/**")
    assert example_site.path_of(visit.page.url).startswith(f"/actors/{EXAMPLE_ACTOR}/")
    assert visit.problems == []


def test_node_links_have_names_and_the_current_page_is_marked(open_page):
    visit = open_page(f"/actors/{EXAMPLE_ACTOR}/")
    svg = visit.page.locator(".map-section svg.relmap")
    names = svg.locator("a.relmap-node").evaluate_all(
        "links => links.map(a => a.querySelector('title').textContent)")
    assert names and all(names)
    current = svg.locator('a[aria-current="page"]')
    assert current.count() == 1 and "Alexander Lukashenko" in current.text_content()
    visit.page.keyboard.press("Tab")
    current.focus()
    outline = current.evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline != "none"
