"""No horizontal scrolling on a phone or a desktop, and both colour schemes are readable."""

from __future__ import annotations

import re

import pytest

from .support import (
    BODY_COLORS_JS,
    DESKTOP,
    PAGE_KINDS,
    PHONE,
    contrast_ratio,
    horizontal_overflow,
    relative_luminance,
)

pytestmark = pytest.mark.browser

BODY_TEXT_CONTRAST = 7  # WCAG AAA for body text


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_horizontal_scroll(open_page, kind, width):
    problem = horizontal_overflow(open_page(PAGE_KINDS[kind], width=width).page)
    assert problem is None, f"{kind} at {width}px scrolls sideways: {problem}"


def test_overflow_check_does_catch_a_wide_element(open_page):
    """The gate itself works: something wider than a phone is reported, and named."""
    page = open_page(PAGE_KINDS["article"], width=PHONE).page
    page.evaluate("""() => {
        const wide = document.createElement('pre');
        wide.className = 'too-wide';
        wide.textContent = 'x'.repeat(200);
        document.querySelector('main').append(wide);
    }""")
    problem = horizontal_overflow(page)
    assert problem is not None and "pre.too-wide" in problem, problem


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_light_and_dark_schemes_differ_and_body_text_contrasts(open_page, kind):
    colors = {scheme: open_page(PAGE_KINDS[kind], scheme=scheme).page.evaluate(BODY_COLORS_JS)
              for scheme in ("light", "dark")}
    light, dark = colors["light"], colors["dark"]
    assert light["background"] != dark["background"], f"{kind}: the same background in both schemes"
    assert relative_luminance(light["background"]) > 0.5, f"{kind}: light scheme is dark: {light}"
    assert relative_luminance(dark["background"]) < 0.1, f"{kind}: dark scheme is light: {dark}"
    for scheme, found in colors.items():
        for role in ("text", "prose"):
            if found[role] is None:
                continue
            ratio = contrast_ratio(found[role], found["background"])
            assert ratio >= BODY_TEXT_CONTRAST, (
                f"{kind}, {scheme}: {role} {found[role]} on {found['background']} is {ratio:.2f}:1")


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast_ratio("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("rgba(27, 28, 30, 1)", "rgb(27, 28, 30)") == pytest.approx(1)


# Where the text's last block ends and the causes, timeline and backlinks begin (style.css,
# .with-more): under the text at once, not below a sidebar that runs on past it.
PARTS_JS = """() => {
    const box = (selector) => { const found = document.querySelector(selector);
                                return found && found.getBoundingClientRect(); };
    const text = document.querySelector('.with-sidebar > .prose').lastElementChild.getBoundingClientRect();
    return {text: text.bottom, more: box('.with-sidebar > .connections').top,
            side: (box('.with-sidebar > .sidebar') || {top: null}).top};
}"""


@pytest.mark.parametrize("story", ["example", "suez"])
def test_an_event_or_actor_page_keeps_no_empty_column_under_its_text(open_page, example_site,
                                                                    suez_site, story):
    site = example_site if story == "example" else suez_site
    paths = sorted(re.findall(r'href="(?:\.\./)?((?:actors|events)/[\w-]+/)(?:index\.html)?"',
                              (site.root / "map/index.html").read_text(encoding="utf-8")))
    assert len(set(paths)) >= 15
    for path in sorted(set(paths)):
        wide = open_page("/" + path, width=DESKTOP, site=site).page.evaluate(PARTS_JS)
        # The grid's gap (2.5rem) and the last block's margin: nothing like a sidebar's height.
        assert 0 <= wide["more"] - wide["text"] <= 80, (path, wide)
        narrow = open_page("/" + path, width=PHONE, site=site).page.evaluate(PARTS_JS)
        if narrow["side"] is not None:  # on a phone: the text, the sidebar, then the rest
            assert narrow["text"] <= narrow["side"] < narrow["more"], (path, narrow)
