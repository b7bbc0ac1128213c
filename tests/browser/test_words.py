"""The scripts' words in the page's language: the example's Russian edition, its timeline
filter, map filter and search page saying their words (and plural forms, by Intl.PluralRules)
from their data-words, with no English of their own (pages/words.py)."""

from __future__ import annotations

import re

import pytest

from backstory.errors import Diagnostics
from backstory.pages.render import default_layouts_dir
from backstory.pages.words import catalogue_files, read_catalogues, words_for

from ..helpers import REPO

pytestmark = pytest.mark.browser


def _russian(message_id: str, **values) -> str:
    catalogues = read_catalogues(catalogue_files([default_layouts_dir()]), REPO, Diagnostics())
    return words_for("ru", catalogues, Diagnostics()).text(message_id, **values)


def test_the_timeline_filter_counts_in_russian(open_page):
    visit = open_page("/ru/timeline/")
    page = visit.page
    total = page.locator(".timeline-event").count()
    status = page.locator("#timeline-status")
    assert status.text_content().strip() == _russian("timeline.events", n=total)  # as the page says it
    page.get_by_label("Показать события с участием").select_option("alexander-lukashenko")
    shown = page.locator(".timeline-event:visible").count()
    assert status.text_content().strip() == f"{shown} из {total} событий с участием: Александр Лукашенко"
    page.get_by_role("button", name="Показать всех").click()
    assert status.text_content().strip() == _russian("timeline.events", n=total)
    assert visit.problems == []


def test_the_map_filter_and_the_search_page_speak_russian(open_page):
    visit = open_page("/ru/map/")
    visit.page.get_by_label("Показать связи").select_option("alexander-lukashenko")
    said = visit.page.locator("#map-status").text_content().strip()
    assert re.fullmatch(r"Александр Лукашенко: \d+ связ(ь|и|ей) на этой карте", said), said
    search = open_page("/ru/search/")
    search.page.wait_for_function("document.getElementById('search-status').textContent.includes('Введите')")
    assert search.page.locator("#search-status").text_content().strip() == "Введите слово или имя."
    assert visit.problems == [] and search.problems == []
