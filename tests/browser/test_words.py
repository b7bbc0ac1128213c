"""The scripts' words in the page's language: the example built with `language: ru`, its
timeline filter, map filter and search page saying their words (and plural forms, by
Intl.PluralRules) from their data-words, with no English of their own (pages/words.py)."""

from __future__ import annotations

import re
import shutil

import pytest

from backstory import build
from backstory.errors import Diagnostics
from backstory.pages.render import default_layouts_dir
from backstory.pages.words import catalogue_files, read_catalogues, words_for

from ..helpers import REPO
from .support import StaticServer

pytestmark = pytest.mark.browser


def _russian(message_id: str, **values) -> str:
    catalogues = read_catalogues(catalogue_files([default_layouts_dir()]), REPO, Diagnostics())
    return words_for("ru", catalogues, Diagnostics()).text(message_id, **values)


@pytest.fixture(scope="module")
def russian_site(tmp_path_factory):
    source = tmp_path_factory.mktemp("browser-ru-src")
    for name in ("content", "static"):
        shutil.copytree(REPO / name, source / name)
    config = (REPO / "site.yaml").read_text(encoding="utf-8")
    (source / "site.yaml").write_text(re.sub(r"(?m)^language: .*$", "language: ru", config),
                                      encoding="utf-8")
    out = tmp_path_factory.mktemp("browser-ru") / "site"
    build(source, out)
    server = StaticServer(out)
    yield server
    server.close()


def test_the_timeline_filter_counts_in_russian(open_page, russian_site):
    visit = open_page("/timeline/", site=russian_site)
    page = visit.page
    total = page.locator(".timeline-event").count()
    status = page.locator("#timeline-status")
    assert status.text_content().strip() == _russian("timeline.events", n=total)  # as the page says it
    page.get_by_label("Показать события с участием").select_option("alexander-lukashenko")
    shown = page.locator(".timeline-event:visible").count()
    assert status.text_content().strip() == f"{shown} из {total} событий с участием: Alexander Lukashenko"
    page.get_by_role("button", name="Показать всех").click()
    assert status.text_content().strip() == _russian("timeline.events", n=total)
    assert visit.problems == []


def test_the_map_filter_and_the_search_page_speak_russian(open_page, russian_site):
    visit = open_page("/map/", site=russian_site)
    visit.page.get_by_label("Показать связи").select_option("alexander-lukashenko")
    said = visit.page.locator("#map-status").text_content().strip()
    assert re.fullmatch(r"Alexander Lukashenko: \d+ связ(ь|и|ей) на этой карте", said), said
    search = open_page("/search/", site=russian_site)
    search.page.wait_for_function("document.getElementById('search-status').textContent.includes('Введите')")
    assert search.page.locator("#search-status").text_content().strip() == "Введите слово или имя."
    assert visit.problems == [] and search.problems == []
