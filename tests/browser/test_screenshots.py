"""Full-page screenshots of every kind of page, for a person to look at.

They land in test-artifacts/screenshots/ (git-ignored) as <kind>-<width>-<scheme>.png; the
terminal summary names the folder.
"""

from __future__ import annotations

import pytest

from .support import DESKTOP, PAGE_KINDS, PHONE

pytestmark = pytest.mark.browser

VARIANTS = [(PHONE, "light"), (DESKTOP, "light"), (PHONE, "dark")]


@pytest.mark.parametrize(("width", "scheme"), VARIANTS, ids=[f"{w}-{s}" for w, s in VARIANTS])
def test_screenshot_every_page_kind(open_page, screenshot_dir, width, scheme):
    for kind, path in PAGE_KINDS.items():
        visit = open_page(path, width=width, scheme=scheme)
        shot = visit.screenshot(f"{kind}-{width}-{scheme}")
        assert shot.parent == screenshot_dir and shot.stat().st_size > 1000, shot
        visit.close()
