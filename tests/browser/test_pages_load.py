"""Every page loads in Chromium without a console error, a script error or a failed request."""

from __future__ import annotations

import pytest

from .support import PAGE_KINDS, StaticServer

pytestmark = pytest.mark.browser

GENERATED_SAMPLE = 30


def _problems_on(open_page, paths, **options) -> list[str]:
    found = []
    for path in paths:
        visit = open_page(path, **options)
        found += [f"{path}: {problem}" for problem in visit.problems]
        visit.close()
    return found


def test_every_example_page_loads_cleanly(open_page, example_site):
    pages = example_site.pages
    kinds = {path.split("?")[0] for path in PAGE_KINDS.values()}  # the search page has a query
    assert kinds <= set(pages), "a page kind the other checks use is missing"
    assert _problems_on(open_page, pages) == []


def test_a_sample_of_generated_pages_loads_cleanly(open_page, generated_site):
    pages = generated_site.pages
    assert len(pages) > GENERATED_SAMPLE
    step = len(pages) / GENERATED_SAMPLE
    sample = sorted({pages[int(i * step)] for i in range(GENERATED_SAMPLE)}
                    | {"/", "/articles/", "/actors/", "/events/", "/404.html"})
    assert _problems_on(open_page, sample, site=generated_site) == []


def test_problems_are_caught(open_page, tmp_path):
    """The gate itself works: a missing stylesheet and a script error on a page are reported."""
    (tmp_path / "broken.html").write_text(
        '<!doctype html><html lang="en"><title>t</title>'
        '<link rel="stylesheet" href="/assets/missing.css">'
        '<script>console.error("boom"); undefinedFunction();</script>', encoding="utf-8")
    server = StaticServer(tmp_path)
    try:
        visit = open_page("/broken.html", site=server)
        problems = "\n".join(visit.problems)
        visit.close()
    finally:
        server.close()
    assert "HTTP 404" in problems and "missing.css" in problems
    assert "console error: boom" in problems
    assert "page error" in problems and "undefinedFunction" in problems
