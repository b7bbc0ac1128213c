"""Words made in Python on another language's pages, read from the built example (Russian) and
the second story (French): article types, the who's who's headings, places' kinds, coordinates
and locator maps, the events feed's title, tag pages' descriptions and figures' credits; and
the English pages of both as they were."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backstory import build

from .helpers import FIXTURES, REPO, copy_site
from .test_ui_words import ENGLISH, _ui_text

pytestmark = pytest.mark.slow  # whole builds of the example and the Suez story

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return build(REPO, tmp_path_factory.mktemp("example") / "out",
                 base_url="https://example.org/story/").out


@pytest.fixture(scope="module")
def suez(tmp_path_factory) -> Path:
    site = copy_site(FIXTURES / "sites" / "suez", tmp_path_factory.mktemp("suez") / "site")
    return build(site, site.parent / "out", base_url="https://example.org/suez/").out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html" if not path.endswith((".html", ".xml")) else out / path
            ).read_text(encoding="utf-8")


def kicker(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="kicker"[^>]*>(.*?)</p>', html, re.S).group(1))


def cards(html: str) -> dict:
    return json.loads(re.search(r'id="backstory-cards">(.*?)</script>', html, re.S).group(1))


def svg(html: str) -> str:
    return re.search(r"<svg [^>]*class=\"locmap\".*?</svg>", html, re.S).group(0)


# 1. Article types -----------------------------------------------------------------------------

def test_a_default_article_type_is_in_the_pages_language(example, suez):
    assert kicker(page(example, "ru")).startswith("Разбор · ")
    article = page(example, "ru/articles/how-lukashenko-ended-the-wagner-mutiny")
    assert kicker(article) == "Разбор"
    assert 'data-pagefind-meta="kind:Разбор"' in article
    french = page(suez, "fr/articles/how-the-ever-given-blocked-the-suez-canal")
    assert kicker(french).startswith("Décryptage · ")
    # English as it was
    assert kicker(page(example, "")).startswith("Explainer · ")
    assert kicker(page(suez, "articles/how-the-ever-given-blocked-the-suez-canal")).startswith(
        "Explainer · ")


def test_schema_org_keeps_the_types_schema_and_a_sites_own_type_keeps_its_label(example, suez):
    article = page(example, "ru/articles/how-lukashenko-ended-the-wagner-mutiny")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', article,
                                re.S).group(1))
    assert data["@type"] == "BackgroundNewsArticle"
    # The site's own type: its label as site.yaml words it for French (`in-numbers: En chiffres`)
    own = page(suez, "fr/articles/ever-given-in-numbers")
    assert kicker(own).startswith("En chiffres")
    assert '"@type": "AnalysisNewsArticle"' in own


# 2. The who's who's headings -----------------------------------------------------------------

def test_the_default_kinds_head_the_whos_who_in_the_pages_language(example, suez):
    headings = re.findall(r'<h2 id="group-\d+">([^<]*)', page(example, "ru/actors"))
    assert headings == ["Люди", "Организации", "Государства", "СМИ"]
    french = re.findall(r'<h2 id="group-\d+">([^<]*)', page(suez, "fr/actors"))
    # The story renames media (Publications) and adds ships and courts: the site's own words,
    # as its languages: gives them in French.
    assert "Personnes" in french and "Organisations" in french and "États" in french
    assert "Publications" in french and "Navires" in french and "Tribunaux" in french
    assert re.findall(r'<h2 id="group-\d+">([^<]*)', page(example, "actors")) == [
        "People", "Organizations", "States", "Media"]


# 3. Places' kinds --------------------------------------------------------------------------

def test_places_kinds_and_cards_are_in_the_pages_language(example, suez):
    assert re.findall(r'class="role">([^<]*)', page(example, "ru/places")) == ["Город", "Город"]
    assert kicker(page(example, "ru/places/minsk")) == "Места · Город"
    roles = {card["label"]: card["role"] for card in cards(page(example, "ru/actors/belta")).values()
             if card["kind"] == "place"}
    assert roles["Минск"] == "Город, Беларусь"
    french = re.findall(r'class="role">([^<]*)', page(suez, "fr/places"))
    assert {"Voie navigable", "Lac", "Ville", "Port"} <= set(french)
    canal = cards(page(suez, "fr/articles/how-the-ever-given-blocked-the-suez-canal"))
    assert {c["role"] for c in canal.values() if c["label"] == "Canal de Suez"} == {"Voie navigable, Égypte"}
    # English as it was
    assert kicker(page(example, "places/minsk")) == "Places · City"
    english = cards(page(suez, "articles/how-the-ever-given-blocked-the-suez-canal"))
    assert {c["role"] for c in english.values() if c["label"] == "Suez Canal"} == {"Waterway in Egypt"}


# 4. Coordinates and the locator map ---------------------------------------------------------

def test_a_locator_map_and_coordinates_in_russian(example):
    minsk = page(example, "ru/places/minsk")
    assert "<dt>Координаты</dt> <dd>53,9° с. ш., 27,5667° в. д.</dd>" in minsk
    drawn = svg(minsk)
    assert "<title id=\"locmap-" in drawn and "Минск на карте</title>" in drawn
    assert ("Минск: 53,9° с. ш., 27,5667° в. д. Также на карте: Москва, 680 км к востоку. "
            "Нарисовано только по координатам") in drawn
    assert "<title>Москва: 680 км к востоку</title>" in drawn
    assert ">53° с. ш.</text>" in drawn and ">30° в. д.</text>" in drawn and ">100 км</text>" in drawn
    assert '<figcaption class="locmap-note">Нарисовано только по координатам' in minsk
    assert not re.search(r"\b(km|Where|Also shown|Drawn|north|east|[0-9]° [NE])\b", drawn)


def test_a_locator_map_and_coordinates_in_french(suez):
    ismailia = page(suez, "fr/places/ismailia")
    assert "<dd>30,5833° N, 32,2667° E</dd>" in ismailia
    drawn = svg(ismailia)
    assert "Où se trouve Ismaïlia</title>" in drawn
    assert "Ismaïlia : 30,5833° N, 32,2667° E. Également sur la carte : Canal de Suez, à 15 km au " \
           "nord-est ; Suez, à 74 km au sud ;" in drawn
    assert "<title>Suez : à 74 km au sud</title>" in drawn
    assert ">30,5° N</text>" in drawn and ">50 km</text>" in drawn
    assert "Dessinée d’après les seules coordonnées" in drawn
    assert not re.search(r"\b(Where|Also shown|Drawn|north|south)\b", drawn)


def test_the_english_locator_map_is_as_it_was(example, suez):
    drawn = svg(page(example, "places/minsk"))
    assert "Where Minsk is</title>" in drawn
    assert "Minsk, at 53.9° N, 27.5667° E. Also shown: Moscow, 680 km east. Drawn from " \
           "coordinates alone" in drawn
    assert ">53° N</text>" in drawn and ">100 km</text>" in drawn
    assert "Ismailia, at 30.5833° N, 32.2667° E. Also shown: Suez Canal, 15 km north-east; " \
        in svg(page(suez, "places/ismailia"))


# 5. The events feed and tag pages -----------------------------------------------------------

def test_the_events_feeds_title_is_in_its_language(example, suez):
    assert "<title>Мятеж «Вагнера» и человек, который его остановил: события</title>" in \
        page(example, "ru/events/feed.xml")
    assert "<title>Six jours dans le canal de Suez : événements</title>" in page(suez, "fr/events/feed.xml")
    assert "<title>The Wagner mutiny and the man who ended it: events</title>" in \
        page(example, "events/feed.xml")


def test_a_tag_pages_own_description_or_the_languages_words(example, suez):
    def described(out: Path, path: str) -> tuple[str, str]:
        html = page(out, path)
        meta = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        return meta, re.search(r'<p class="standfirst">([^<]*)', html).group(1)

    # The tag's label as the language words it (site.yaml's languages:), in the language's words
    assert described(example, "ru/tags/belarus") == ("Статьи с меткой «Беларусь».",) * 2
    assert described(suez, "fr/tags/egypt") == ("Articles avec le mot-clé « Égypte ».",) * 2
    # a description site.yaml gives is the site's own words, in French as languages: gives it
    assert described(suez, "fr/tags/suez-canal")[1].startswith("La voie d’eau entre")
    assert described(suez, "tags/suez-canal")[1].startswith("The waterway between")
    assert described(example, "tags/belarus") == ("Articles tagged Belarus.",) * 2


# 6. Figures' credits ------------------------------------------------------------------------

def test_a_translations_credit_line_in_its_own_words_is_a_credit(example, suez):
    russian = page(example, "ru/articles/how-lukashenko-ended-the-wagner-mutiny")
    assert '<span class="figure-credit">Графика: редакция примеров Backstory</span></figcaption>' in russian
    assert "<p>Графика:" not in russian
    french = page(suez, "fr/articles/how-the-ever-given-blocked-the-suez-canal")
    assert f'<span class="figure-credit">Dessin{NBSP}: Backstory test desk</span>' in french
    assert re.search(f'<span class="figure-credit">Graphique{NBSP}: <a [^>]*href="https://example.org/desk"',
                     french)
    # English: `Credit:` left out, as it always was
    english = page(example, "articles/how-lukashenko-ended-the-wagner-mutiny")
    assert '<span class="figure-credit">Graphic: Backstory example desk</span>' in english


# All of it --------------------------------------------------------------------------------------

# Besides test_ui_words.ENGLISH: the words this file's tests follow, as English pages say them.
MADE_IN_PYTHON = ["Explainer", "Organizations", "States", "City", "Where ", "Also shown", " km",
                  "Drawn from", "at the same point", "° N", "° E", "Articles tagged", ": events"]


def test_no_english_ui_words_on_any_russian_page(example):
    for path in sorted((example / "ru").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        text = _ui_text(html) + " ".join(re.findall(r"<(?:title|desc|text)\b[^>]*>([^<]*)", html))
        left = [phrase for phrase in ENGLISH + MADE_IN_PYTHON if phrase in text]
        assert not left, f"{path.relative_to(example)}: {left}"
