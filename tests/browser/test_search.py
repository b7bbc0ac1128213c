"""Search on the example site: the right pages for names in any script, links that navigate,
the keyboard, the header form from any page, a site under a base path, and no JavaScript."""

from __future__ import annotations

import json
import re

import pytest

from backstory import build

from ..helpers import REPO
from .support import (
    DESKTOP,
    PAGE_KINDS,
    PHONE,
    SCHEMES,
    StaticServer,
    contrast_ratio,
    horizontal_overflow,
    parse_color,
)

pytestmark = pytest.mark.browser

TEXT_CONTRAST = 7
RESULTS = "#search-results li"


def _search(visit, found: bool = False) -> list[dict]:
    """Wait for the answer to the page's query (in another language than English, `found`: for
    its first result); each result's title, site path and kind."""
    page = visit.page
    page.wait_for_function("document.querySelector('#search-results li')" if found else
                           "/result|No results/.test(document.getElementById('search-status')"
                           ".textContent)", timeout=10_000)
    return page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(li => {
        const a = li.querySelector('a');
        return {title: a.textContent, path: new URL(a.href).pathname,
                kind: li.querySelector('.search-result-kind')?.textContent,
                excerpt: li.querySelector('.search-result-excerpt').textContent};
    })""")


def _page_path(path: str) -> str:
    return re.sub(r"index\.html$", "", path)


@pytest.mark.parametrize("query, expected, top", [
    ("Лукашенко", "/actors/alexander-lukashenko/", 1),  # an alias in Cyrillic, on his page only
    ("Prigozhin", "/actors/yevgeny-prigozhin/", 1),
    ("mutiny", "/events/wagner-mutiny/", 1),
    ("mutiny", "/articles/how-lukashenko-ended-the-wagner-mutiny/", 3),
])
def test_finds_the_right_pages(open_page, query, expected, top):
    visit = open_page(f"/search/?q={query}")
    results = _search(visit)
    paths = [_page_path(r["path"]) for r in results]
    assert expected in paths[:top], f"{query!r}: {expected} not in the first {top} of {paths}"
    status = visit.page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    text = status.inner_text()
    shown = re.fullmatch(rf"(\d+) results for “{query}”; showing the first (\d+)\.", text)
    if shown:  # more than a page of them: the count, and the first ones listed
        assert int(shown.group(1)) > int(shown.group(2)) == len(results), text
    else:
        assert re.fullmatch(rf"{len(results)} results? for “{query}”\.", text), text
    assert all(r["title"] and r["kind"] and r["excerpt"] for r in results)
    assert visit.problems == []


@pytest.mark.parametrize("query, expected", [
    ("Пригожин", "/ru/actors/yevgeny-prigozhin/"),
    ("мятежа", "/ru/events/wagner-mutiny/"),  # another case of мятеж: Russian stemming
    ("Лукашенко", "/ru/actors/alexander-lukashenko/"),
])
def test_each_language_searches_its_own_pages(open_page, query, expected):
    """Pagefind keeps an index per language: the Russian search page finds Russian pages, and
    the English one English pages, for the same name."""
    paths = [_page_path(r["path"]) for r in _search(open_page(f"/ru/search/?q={query}"), found=True)]
    assert expected in paths[:3], f"{query!r}: {expected} not in the first 3 of {paths}"
    assert all(path.startswith("/ru/") for path in paths), paths
    english = [_page_path(r["path"]) for r in _search(open_page("/search/?q=Prigozhin"))]
    assert english and not any(path.startswith("/ru/") for path in english), english


def test_no_results_says_so(open_page):
    visit = open_page("/search/?q=zzyzzx")
    assert _search(visit) == []
    assert visit.page.locator("#search-status").inner_text() == "No results for “zzyzzx”."
    assert visit.page.locator("#search-results").is_hidden()


def test_a_result_is_a_link_that_navigates(open_page):
    from playwright.sync_api import expect

    visit = open_page("/search/?q=Prigozhin")
    _search(visit)
    visit.page.locator(RESULTS).first.get_by_role("link").click()
    expect(visit.page.locator("h1")).to_have_text("Yevgeny Prigozhin")
    assert visit.problems == []


def test_header_form_from_any_page_then_keyboard_to_a_result(open_page):
    from playwright.sync_api import expect

    visit = open_page(PAGE_KINDS["event"])
    page = visit.page
    field = page.get_by_role("search").get_by_label("Search the site")
    for _ in range(20):  # Tab to the header's field, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-input":
            break
    else:
        pytest.fail("Tab never reached the header's search field")
    page.keyboard.type("Лукашенко")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/(index\.html)?\?q=%D0%9B"))
    results = _search(visit)
    assert _page_path(results[0]["path"]) == "/actors/alexander-lukashenko/"
    expect(field).to_have_count(0)  # the search page has its own form, not a second one
    expect(page.get_by_label("Search articles, people and events")).to_have_value("Лукашенко")
    # From the field: Tab to the button, Tab to the first result, Enter follows it.
    page.get_by_label("Search articles, people and events").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#search-results') !== null")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Alexander Lukashenko")
    assert visit.problems == []


def test_typing_searches_and_keeps_the_query_in_the_address(open_page):
    from playwright.sync_api import expect

    visit = open_page("/search/")
    page = visit.page
    expect(page.locator("#search-status")).to_have_text("Type a word or a name to search.")
    page.get_by_label("Search articles, people and events").fill("Prigozhin")
    results = _search(visit)
    assert _page_path(results[0]["path"]) == "/actors/yevgeny-prigozhin/"
    assert page.url.endswith("?q=Prigozhin")
    assert visit.problems == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_results_are_readable_accessible_and_fit(open_page, scheme, width):
    visit = open_page("/search/?q=mutiny", width=width, scheme=scheme)
    _search(visit)
    page = visit.page
    assert horizontal_overflow(page) is None, horizontal_overflow(page)
    blocking = [v for v in visit.run_axe() if v["impact"] in ("serious", "critical")]
    assert blocking == [], blocking
    colors = page.evaluate("""() => {
        const c = (sel) => { const s = getComputedStyle(document.querySelector(sel));
                             return [s.color, s.backgroundColor]; };
        return {status: c('#search-status'), link: c('#search-results a'),
                excerpt: c('.search-result-excerpt'), kind: c('.search-result-kind'),
                mark: c('.search-result-excerpt mark'), field: c('#search-input'),
                button: c('.search-form button'),
                page: getComputedStyle(document.body).backgroundColor};
    }""")
    background = colors.pop("page")
    for role, (color, own) in colors.items():
        behind = own if parse_color(own)[3] == 1 else background
        ratio = contrast_ratio(color, behind)
        assert ratio >= TEXT_CONTRAST, f"{scheme} {role}: {color} on {behind} is {ratio:.2f}:1"
    visit.screenshot(f"search-results-{width}-{scheme}")


def test_without_javascript_the_page_says_so(page_pool, example_site):
    context = page_pool.browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_site.url("/articles/"))
        page.get_by_label("Search the site").fill("mutiny")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"/search/index\.html\?q=mutiny$"))
        assert "Search needs JavaScript" in page.locator("#search-status").inner_text()
    finally:
        context.close()


def test_while_the_index_loads_the_page_says_it_is_searching(page_pool, example_site):
    """The no-script text is never what a reader with scripts sees while the index loads."""
    context = page_pool.browser.new_context()
    held = []
    try:
        page = context.new_page()
        page.route("**/pagefind/pagefind.js", lambda route: held.append(route))  # held back
        page.goto(example_site.url("/search/?q=mutiny"), wait_until="domcontentloaded")
        page.wait_for_function("document.getElementById('search-status').textContent"
                               ".startsWith('Searching')", timeout=10_000)
        assert page.locator("#search-status").inner_text() == "Searching for “mutiny”…"
        assert held  # the index was asked for and is still on its way
        held[0].continue_()
        page.wait_for_function("/result/.test(document.getElementById('search-status').textContent)",
                               timeout=10_000)
    finally:
        context.close()


@pytest.fixture(scope="module")
def under_a_path(tmp_path_factory):
    """The example site built for https://example.org/explainer/ and served under /explainer/."""
    root = tmp_path_factory.mktemp("search-base-path")
    build(REPO, root / "explainer", base_url="https://example.org/explainer/")
    server = StaticServer(root)
    yield server
    server.close()


def test_results_link_under_a_base_path(open_page, under_a_path):
    from playwright.sync_api import expect

    visit = open_page("/explainer/articles/", site=under_a_path)
    page = visit.page
    page.get_by_label("Search the site").fill("Prigozhin")
    page.get_by_label("Search the site").press("Enter")
    results = _search(visit)
    assert results[0]["path"] == "/explainer/actors/yevgeny-prigozhin/"
    page.locator(RESULTS).first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Yevgeny Prigozhin")
    assert visit.problems == []


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory):
    """The generated corpus indexed in four parts, built for and served under /explainer/."""
    from backstory.output import search
    from benchmarks.corpus import write_corpus

    from .conftest import GENERATED_ARTICLES

    source = tmp_path_factory.mktemp("search-parts-src")
    write_corpus(source, articles=GENERATED_ARTICLES)
    root = tmp_path_factory.mktemp("search-parts")
    default, search.PAGES_PER_PART = search.PAGES_PER_PART, 20
    try:
        build(source, root / "explainer", base_url="https://example.org/explainer/")
    finally:
        search.PAGES_PER_PART = default
    server = StaticServer(root)
    yield server
    server.close()


@pytest.mark.parametrize("query", ["struck", "gained"])  # each on about half the pages
def test_an_index_in_parts_finds_what_one_index_finds(open_page, in_parts, generated_site, query):
    from playwright.sync_api import expect

    from backstory.output import search

    parts = json.loads(in_parts.root.joinpath("explainer/pagefind/parts.json").read_text())
    assert parts["parts"] == ["part-1/", "part-2/", "part-3/"]
    whole = open_page(f"/search/?q={query}", site=generated_site)
    expected = _search(whole)
    visit = open_page(f"/explainer/search/?q={query}", site=in_parts)
    results = _search(visit)
    status = visit.page.locator("#search-status").inner_text()
    assert status == whole.page.locator("#search-status").inner_text()  # as many results
    assert len(results) == len(expected) > 1
    assert all(r["path"].startswith("/explainer/") and r["title"] and r["excerpt"] for r in results)
    pages = [r["path"].removeprefix("/explainer/") + "index.html" for r in results]
    assert len({search._part_number(page, 4) for page in pages}) > 1, (status, pages)
    visit.page.locator(RESULTS).first.get_by_role("link").click()
    expect(visit.page.locator("h1")).to_have_text(results[0]["title"])
    assert visit.problems == [] and whole.problems == []
