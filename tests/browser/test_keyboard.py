"""Keyboard only: the skip link comes first and works, Tab reaches every link, focus shows."""

from __future__ import annotations

import pytest

from .support import (
    ACTIVE_ELEMENT_JS,
    DESKTOP,
    LABEL_LINKS_JS,
    PAGE_KINDS,
    PHONE,
    focus_indicator_problem,
    inside_viewport,
    tab_walk,
)

pytestmark = pytest.mark.browser


def _unmarked_links(page) -> list[str]:
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    links = page.evaluate(LABEL_LINKS_JS)
    # Enough presses for every link and every other stop (zoom buttons, the map's nodes, menus).
    stops = page.evaluate("document.querySelectorAll('a[href], button, input, select, textarea, "
                          "summary, [tabindex]').length")
    focused = tab_walk(page, presses=stops + 5)
    problems = []
    if not focused or "skip-link" not in focused[0]["classes"]:
        problems.append(f"the first Tab reached {focused[:1]}, not the skip link")
    reached = {info["id"] for info in focused}
    problems += [f"Tab never reached {link}" for link in links if link["id"] not in reached]
    for info in focused:
        problem = focus_indicator_problem(info, background) if info["tag"] == "a" else None
        if problem:
            problems.append(f"{info['text']!r} ({info['href']}): {problem}")
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["article", "actor"])
def test_tab_reaches_every_link_with_visible_focus(open_page, kind, scheme):
    page = open_page(PAGE_KINDS[kind], scheme=scheme).page
    assert page.evaluate(LABEL_LINKS_JS), f"{kind}: no visible links"
    problems = _unmarked_links(page)
    assert problems == [], f"{kind}, {scheme}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", ["article", "actor"])
def test_skip_link_shows_on_focus_and_moves_focus_to_main(open_page, kind, width):
    page = open_page(PAGE_KINDS[kind], width=width).page
    page.keyboard.press("Tab")
    skip = page.evaluate(ACTIVE_ELEMENT_JS)
    assert skip is not None and "skip-link" in skip["classes"], f"{kind}: first Tab focused {skip}"
    assert inside_viewport(skip), f"{kind} at {width}px: the focused skip link is off screen: {skip}"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'",
                           timeout=2_000)
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('main') !== null")
    assert inside, f"{kind}: after the skip link, Tab left <main>: {page.evaluate(ACTIVE_ELEMENT_JS)}"


def test_keyboard_checks_do_catch_problems(open_page):
    """The gate itself works: hidden focus, an unreachable link and no skip link are reported."""
    page = open_page(PAGE_KINDS["actor"]).page
    page.evaluate("""() => {
        document.querySelector('.skip-link').remove();
        document.querySelector('main a[href]').tabIndex = -1;
        const style = document.createElement('style');
        style.textContent = 'a:focus-visible { outline: none !important; box-shadow: none !important }';
        document.head.append(style);
    }""")
    problems = "\n".join(_unmarked_links(page))
    assert "not the skip link" in problems
    assert "Tab never reached" in problems
    assert "no outline" in problems
