"""The search page's "Did you mean …?": a typo or another transliteration of a name that finds
little is offered the name as the site writes it, in the live region, as a link that searches
for it. On the example and on the Suez story; and the excerpts a profile's result shows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .support import DESKTOP, PHONE, contrast_ratio, horizontal_overflow, parse_color

pytestmark = pytest.mark.browser

STATUS = "#search-status"
TEXT_CONTRAST = 7


def _answer(visit) -> dict:
    """Wait for the answer to the page's query: the status's text, the names it offers (each
    with the query its link searches for), and the results' titles, paths and excerpts."""
    page = visit.page
    page.wait_for_function(f"/result|No results/.test(document.querySelector('{STATUS}')"
                           ".textContent)", timeout=10_000)
    answer = page.evaluate("""(status) => ({
        status: document.querySelector(status).textContent,
        offered: [...document.querySelectorAll(status + ' a')].map(a => [a.textContent, a.href]),
        results: [...document.querySelectorAll('#search-results li')].map(li => ({
            title: li.querySelector('a').textContent,
            path: new URL(li.querySelector('a').href).pathname.replace(/index\\.html$/, ''),
            excerpt: li.querySelector('.search-result-excerpt').textContent})),
    })""", STATUS)
    answer["offered"] = [(name, parse_qs(urlsplit(href).query)["q"][0])
                         for name, href in answer["offered"]]
    return answer


@pytest.mark.parametrize("site, query, name, page", [
    ("example", "Prigozin", "Yevgeny Prigozhin", "/actors/yevgeny-prigozhin/"),  # a typo
    ("example", "Lukashenka", "Alexander Lukashenko", "/actors/alexander-lukashenko/"),  # Belarusian
    ("example", "Prigojine", "Yevgeny Prigozhin", "/actors/yevgeny-prigozhin/"),  # French
    ("example", "Yevgeny Prigozin", "Yevgeny Prigozhin", "/actors/yevgeny-prigozhin/"),
    ("suez", "Berdovsky", "Peter Berdowski", "/actors/peter-berdowski/"),
    ("suez", "Port Sayid", "Port Said", "/places/port-said/"),
    ("suez", "Evrgreen", "Evergreen Marine", "/actors/evergreen-marine/"),
])
def test_a_name_misspelt_is_offered_as_the_site_writes_it(open_page, suez_site, site, query,
                                                          name, page):
    from playwright.sync_api import expect

    visit = open_page(f"/search/?q={query}", site=suez_site if site == "suez" else None)
    answer = _answer(visit)
    assert answer["offered"] == [(name, name)], answer
    assert answer["status"].endswith(f"for “{query}”. Did you mean {name}?") \
        or re.search(rf"“{query}”; showing the first \d+\. Did you mean {name}\?$",
                     answer["status"]), answer["status"]
    # The link searches for the name, on this page; the keyboard stays in the field.
    visit.page.locator(STATUS).get_by_role("link", name=name).click()
    expect(visit.page.locator(STATUS)).to_have_text(re.compile(rf"results? for “{name}”"))
    after = _answer(visit)
    assert after["offered"] == [] and after["results"][0]["path"] == page, after
    assert visit.page.url.endswith("?q=" + name.replace(" ", "+"))
    assert visit.page.evaluate("document.activeElement.id") == "search-input"
    assert visit.problems == []


@pytest.mark.parametrize("query", ["Prigozhin", "Лукашенко", "mutiny", "Vladimir Putin"])
def test_a_name_written_as_the_site_writes_it_is_offered_nothing(open_page, query):
    answer = _answer(open_page(f"/search/?q={query}"))
    assert answer["results"] and answer["offered"] == [], answer


def test_nothing_close_is_offered_nothing(open_page):
    answer = _answer(open_page("/search/?q=zzyzzx"))
    assert answer == {"status": "No results for “zzyzzx”.", "offered": [], "results": []}


@pytest.mark.parametrize("query, name", [
    ("Evgeny Prigozhin", "Yevgeny Prigozhin"), ("Jewgeni Prigoschin", "Yevgeny Prigozhin"),
    ("Пригожин", "Yevgeny Prigozhin"), ("Poutine", "Vladimir Putin"),
    ("Alexandre Loukachenko", "Alexander Lukashenko"), ("Dmitri Peskof", "Dmitry Peskov"),
    ("Moskva", "Moscow"), ("Minks", "Minsk"), ("wagner rebelion", "Wagner mutiny"),
])
def test_transliterations_and_typos_meet_the_name(open_page, query, name):
    """suggest.js on its own, over the example's names.json, as if the query found nothing."""
    visit = open_page("/search/")
    offered = visit.page.evaluate("""async (query) => {
        const script = document.getElementById('search-script');
        const { suggestions } = await import(new URL(script.dataset.suggest, document.baseURI));
        const names = (await (await fetch(new URL(script.dataset.names, document.baseURI))).json()).names;
        return suggestions(query, names, 0).map((entry) => entry.name);
    }""", query)
    assert offered == [name]


def test_a_profiles_excerpt_is_its_prose_not_its_facts(open_page):
    """Aliases are searchable, but as metadata: the excerpt of a result found by one is the
    profile's opening, and a result found by its name quotes prose, not "Born … Also called"."""
    by_alias = _answer(open_page("/search/?q=Lukashenka"))["results"]
    assert [r["path"] for r in by_alias] == ["/actors/alexander-lukashenko/"]
    assert by_alias[0]["excerpt"].startswith("Alexander Lukashenko. President of Belarus. "
                                             "The president of Belarus since 1994")
    by_year = _answer(open_page("/search/?q=1961"))["results"]  # Prigozhin's "Born 1961"
    assert "/actors/yevgeny-prigozhin/" in [r["path"] for r in by_year]
    for query in ("Prigozhin", "Лукашенко", "Belarus"):
        site = open_page(f"/search/?q={query}")
        for result in _answer(site)["results"]:
            assert not re.search(r"Also called|Born \d|Country [A-Z]", result["excerpt"]), result


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_an_offer_is_readable_accessible_and_fits(open_page, screenshot_dir, width):
    visit = open_page("/search/?q=Prigozin", width=width)
    _answer(visit)
    page = visit.page
    assert horizontal_overflow(page) is None, horizontal_overflow(page)
    blocking = [v for v in visit.run_axe() if v["impact"] in ("serious", "critical")]
    assert blocking == [], blocking
    color, background = page.evaluate(f"""() => [
        getComputedStyle(document.querySelector('{STATUS} a')).color,
        getComputedStyle(document.body).backgroundColor]""")
    assert parse_color(background)[3] == 1
    assert contrast_ratio(color, background) >= TEXT_CONTRAST
    assert visit.screenshot(f"search-did-you-mean-{width}").parent == screenshot_dir


def test_an_offer_beside_results_in_the_dark(open_page, screenshot_dir):
    visit = open_page("/search/?q=Lukashenka", width=PHONE, scheme="dark")
    answer = _answer(visit)
    assert answer["results"] and answer["offered"] == [("Alexander Lukashenko",) * 2]
    assert visit.screenshot("search-did-you-mean-375-dark-with-a-result").parent == screenshot_dir
