"""The relationship map in a real browser: links that navigate, inside the page at phone width,
labels that do not collide, and the current page marked on its own small map."""

from __future__ import annotations

import pytest

from .support import DESKTOP, EXAMPLE_ACTOR, PHONE, horizontal_overflow

pytestmark = pytest.mark.browser

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
    node.locator(".relmap-shape").click()  # the shape, as a reader would (a name may sit apart)
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


# Per visible map: the picked node, the nodes and edges left lit, and the status line.
FILTER_JS = """() => {
  const svg = [...document.querySelectorAll('svg.relmap')].find(s => s.checkVisibility());
  return {
    chosen: [...svg.querySelectorAll('.relmap-chosen')].map(n => n.dataset.node),
    lit: [...svg.querySelectorAll('a.relmap-node.relmap-lit')].map(n => n.dataset.node).sort(),
    litEdges: [...svg.querySelectorAll('.relmap-edge.relmap-lit')].map(e => e.dataset.ends),
    faded: svg.querySelectorAll('a.relmap-node:not(.relmap-lit)').length,
    filtered: svg.classList.contains('relmap-filtered'),
    status: document.getElementById('map-status').textContent,
  };
}"""


def test_picking_an_actor_picks_out_its_connections(open_page):
    page = open_page(f"/map/?focus={EXAMPLE_ACTOR}").page
    state = page.evaluate(FILTER_JS)
    assert state["filtered"] and state["chosen"] == [EXAMPLE_ACTOR]
    # Every lit edge touches the actor, and the lit nodes are exactly its ends.
    ends = {end for pair in state["litEdges"] for end in pair.split(" ")}
    assert state["litEdges"] and all(EXAMPLE_ACTOR in pair.split(" ") for pair in state["litEdges"])
    assert set(state["lit"]) == ends
    assert state["faded"] > 0
    assert state["status"] == (f"Alexander Lukashenko: connected to {len(ends) - 1} others on this map")
    # Another choice from the menu, then everyone again; the address follows.
    page.select_option("#map-focus", "belta")
    assert page.evaluate(FILTER_JS)["chosen"] == ["belta"] and "focus=belta" in page.url
    page.click("#map-clear")
    state = page.evaluate(FILTER_JS)
    assert not state["filtered"] and state["lit"] == [] and state["status"] == ""
    assert "focus=" not in page.url
    assert page.evaluate("document.activeElement.id") == "map-focus"


def test_without_javascript_the_whole_map_shows_and_no_menu(browser, example_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_site.url(f"/map/?focus={EXAMPLE_ACTOR}"))
        assert page.locator("#map-filter").is_hidden()
        assert page.locator("svg.relmap .relmap-lit").count() == 0
    finally:
        context.close()


def test_focusing_a_node_says_what_each_of_its_lines_means(open_page):
    visit = open_page("/events/wagner-mutiny/", width=DESKTOP)
    svg = visit.page.locator("svg.relmap").first
    node = svg.locator('a.relmap-node[data-node="yevgeny-prigozhin"]')
    node.focus()
    said = visit.page.locator("p.relmap-said").first
    text = said.inner_text()
    lines = svg.locator('.relmap-edge[data-ends~="yevgeny-prigozhin"]')
    titles = [lines.nth(i).locator("title").text_content() for i in range(lines.count())]
    assert titles and text == "; ".join(titles)
    assert "Yevgeny Prigozhin in Wagner mutiny: " in text  # the role he took, in words
    lit = svg.locator(".relmap-said-line")
    assert lit.count() == len(titles)
    visit.page.keyboard.press("Shift+Tab")  # the next node back: its own lines
    assert said.inner_text() != text and svg.locator(".relmap-said-line").count() >= 1
    visit.page.evaluate("document.activeElement.blur()")  # focus leaves the map: back as it was
    assert said.inner_text() == "" and svg.locator(".relmap-said-line").count() == 0
    assert visit.problems == []
