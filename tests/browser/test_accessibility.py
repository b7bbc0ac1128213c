"""axe-core finds no serious or critical accessibility problem on any kind of page."""

from __future__ import annotations

import pytest

from .support import PAGE_KINDS, SCHEMES

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_serious_violation(open_page, kind, scheme):
    violations = open_page(PAGE_KINDS[kind], scheme=scheme).run_axe()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    report = "\n".join(f"  {v['impact']} {v['id']}: {v['help']}\n    at {', '.join(v['targets'][:8])}"
                       for v in blocking)
    assert blocking == [], f"axe-core on {kind} ({scheme}):\n{report}"


def test_axe_does_catch_problems(open_page):
    """The gate itself works: an image without alt text on a real page is reported."""
    visit = open_page(PAGE_KINDS["home"])
    visit.page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.querySelector('main').append(img);
    }""")
    assert "image-alt" in {v["id"] for v in visit.run_axe() if v["impact"] in BLOCKING}
