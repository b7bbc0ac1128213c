"""Fixtures for the real-browser quality gate: Chromium through Playwright, built sites served
over HTTP, and `open_page` to look at one of their pages at a width and colour scheme.

One browser per session; one context per (width, height, colour scheme), shared by every test;
each test's pages are closed when it ends. Writing a new check is usually:

    def test_something(open_page):
        visit = open_page("/actors/", width=375, scheme="dark")
        visit.page.click(...)
        assert visit.problems == []
"""

from __future__ import annotations

import os

import pytest

from backstory import build
from benchmarks.corpus import write_corpus

from ..helpers import FIXTURES, REPO, copy_site
from .support import (
    AXE_SCRIPT,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    SCREENSHOT_DIR,
    PagePool,
    StaticServer,
    Visit,
    screenshots_taken,
)

GENERATED_ARTICLES = 60


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright's sync API, for the whole session.

    The one place that decides what happens when a tool is missing: a skip naming it, or a
    failure when the CI environment variable is set (CI must never skip the browser gate).
    """
    problems = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        problems.append("Playwright is not installed (pip install -e '.[test]')")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if AXE_SCRIPT is None or not AXE_SCRIPT.is_file():
        problems.append("axe-core is missing: axe-playwright-python is not installed "
                        "(pip install -e '.[test]')")
    playwright = launched = None
    if not problems:
        try:
            playwright = sync_playwright().start()
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - any launch failure means "no browser"
            problems.append(f"Chromium at {CHROMIUM} did not start: {error}".splitlines()[0])
            if playwright is not None:
                playwright.stop()
    if problems:
        if os.environ.get("CI"):
            pytest.fail("browser tests cannot run in CI: " + "; ".join(problems), pytrace=False)
        pytest.skip("browser tests need: " + "; ".join(problems))
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture(scope="session")
def page_pool(browser):
    """The session's contexts (one per width, height and colour scheme) and reusable tabs."""
    pool = PagePool(browser)
    yield pool
    pool.close()


def _serve(tmp_path_factory, name: str, source) -> StaticServer:
    out = tmp_path_factory.mktemp(name) / "site"
    build(source, out)
    return StaticServer(out)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The repository's example site, freshly built and served over HTTP."""
    server = _serve(tmp_path_factory, "browser-example", REPO)
    yield server
    server.close()


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory):
    """The benchmark corpus (60 articles), built and served over HTTP."""
    source = tmp_path_factory.mktemp("browser-generated-src")
    write_corpus(source, articles=GENERATED_ARTICLES)
    server = _serve(tmp_path_factory, "browser-generated", source)
    yield server
    server.close()


@pytest.fixture(scope="session")
def suez_site(tmp_path_factory):
    """The second story (tests/fixtures/sites/suez), copied out of tests/, built and served."""
    source = copy_site(FIXTURES / "sites" / "suez", tmp_path_factory.mktemp("browser-suez-src") / "src")
    server = _serve(tmp_path_factory, "browser-suez", source)
    yield server
    server.close()


@pytest.fixture
def open_page(page_pool, example_site):
    """`open_page(path, width=1280, scheme="light", height=None, site=example_site)`: a Visit.

    The page is loaded (the "load" event fired). The Visit records console errors and
    warnings, page errors, failed requests and HTTP errors in `.problems` from the moment the
    tab opens, through clicks and navigations, until it is closed.
    """
    opened: list[Visit] = []

    def open_(path: str = "/", *, width: int = DESKTOP, scheme: str = "light",
              height: int | None = None, site: StaticServer | None = None) -> Visit:
        site = site or example_site
        key, page = page_pool.acquire(width, scheme, height)
        visit = Visit(page, path, width, scheme, _release=lambda: page_pool.release(key, page))
        opened.append(visit)
        visit.watch()
        response = page.goto(site.url(path), wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return visit

    yield open_
    for visit in opened:
        visit.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """test-artifacts/screenshots/, emptied of earlier runs' PNGs once per session."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOT_DIR.glob("*.png"):
        old.unlink()
    return SCREENSHOT_DIR


def pytest_terminal_summary(terminalreporter):
    if screenshots_taken:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(screenshots_taken)} screenshots for a person to look at: "
                                    f"{SCREENSHOT_DIR}")

