"""Words made in Python from the catalogues (pages/placewords.py, words.localized_type,
plan.in_words, figures' credit words): in Russian and French, and in English as Backstory has
always written them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backstory.content.config import Config
from backstory.content.model import PLACE_KINDS
from backstory.content.terms import DEFAULT_ARTICLE_TYPES, Term
from backstory.errors import Diagnostics
from backstory.pages import placewords
from backstory.pages.placewords import ENGLISH, away, coordinates_text, kind_label, kind_within, locator_words
from backstory.pages.plan import PageSpec, in_words
from backstory.pages.render import default_layouts_dir, layout_dirs
from backstory.pages.words import catalogue_files, credit_words, localized_type, read_catalogues, words_for
from backstory.pictures.locator import COMPASS_POINTS, Spot, locate
from backstory.text.figures import credit_start
from backstory.text.markdown import parser_for

SHIPPED = ("en", "ru", "uk", "be", "fr", "de", "es")
MESSAGES = default_layouts_dir() / "messages"
NBSP = "\u00a0"


def words(language: str):
    catalogues = read_catalogues(catalogue_files([default_layouts_dir()]), Path("/x"), Diagnostics())
    return words_for(language, catalogues, Diagnostics())


def catalogue(language: str) -> dict:
    return yaml.safe_load((MESSAGES / f"{language}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_place_kind_type_direction_and_credit_word_has_its_words(language):
    found = catalogue(language)
    ids = ({f"place_kind.{kind}" for kind in PLACE_KINDS}
           | {f"article_type.{term.slug}" for term in DEFAULT_ARTICLE_TYPES}
           | {f"direction.{point.replace('-', '_')}" for point in COMPASS_POINTS} | set(ENGLISH)
           | {"tag.description", "figure.credit_words"})
    assert not ids - found.keys()
    assert {i for i in found if i.startswith(("place_kind.", "article_type.", "direction."))} <= ids
    assert all(found[i].strip() for i in ids)


def test_the_english_in_python_is_the_english_catalogues():
    english = catalogue("en")
    assert ENGLISH == {i: english[i] for i in ENGLISH}
    assert {f"place_kind.{kind}": kind.capitalize() for kind in PLACE_KINDS} == \
        {i: text for i, text in english.items() if i.startswith("place_kind.")}
    assert {f"article_type.{t.slug}": t.label for t in DEFAULT_ARTICLE_TYPES} == \
        {i: text for i, text in english.items() if i.startswith("article_type.")}


def test_place_kinds_and_cards():
    ru, fr = words("ru"), words("fr")
    assert (kind_label("city", ru), kind_label("waterway", fr), kind_label(None, ru)) == \
        ("Город", "Voie navigable", "Место")
    assert kind_within("Город", "Беларусь", ru) == "Город, Беларусь"
    assert kind_within("Ville", None, fr) == "Ville"
    for english in (None, words("en")):
        assert (kind_label("neighbourhood", english), kind_label(None, english)) == ("Neighbourhood", "Place")
        assert kind_within("City", "Russia", english) == "City in Russia"


def test_coordinates_in_each_hemisphere():
    ru, fr, de = words("ru"), words("fr"), words("de")
    assert coordinates_text(-33.8688, 151.2093, ru) == "33,8688° ю. ш., 151,2093° в. д."
    assert coordinates_text(40.7128, -74.006, fr) == "40,7128° N, 74,006° O"
    assert coordinates_text(52.52, 13.405, de) == "52,52° N, 13,405° O"
    assert coordinates_text(53.9, 27.5667, words("be")) == "53,9° паўн. ш., 27,5667° усх. д."
    for english in (None, words("en")):
        assert coordinates_text(-33.86881, -0.5, english) == "33.8688° S, 0.5° W"
        assert coordinates_text(0, 0, english) == "0° N, 0° E"


def test_distances_and_directions_written_by_babel():
    ru, fr, es = words("ru"), words("fr"), words("es")
    assert away(1234, "north-east", ru) == f"1{NBSP}200 км к северо-востоку"
    assert away(680.4, "east", ru) == "680 км к востоку"
    assert away(74, "south", fr) == "à 74 km au sud"
    assert away(15, "west", es) == "a 15 km al oeste"
    assert away(0.2, "west", fr) == "au même endroit"
    for english in (None, words("en")):
        assert away(1234, "north-east", english) == "1,200 km north-east"
        assert away(0.5, "north", english) == "at the same point"


def test_the_map_writes_its_degrees_and_scale_in_the_language():
    moscow, minsk = Spot("moscow", "Moscow", 55.7558, 37.6173), Spot("minsk", "Minsk", 53.9, 27.5667)

    def labels(said) -> tuple[set[str], str]:
        drawn = locate(moscow, [minsk], words=locator_words(said))
        return {line.text for line in drawn.graticule}, drawn.scale.text

    degrees, scale = labels(words("ru"))
    assert "54° с. ш." in degrees and "30° в. д." in degrees and scale == "100 км"
    degrees, scale = labels(words("fr"))
    assert "54° N" in degrees and "35° E" in degrees and scale == "100 km"
    for english in (None, words("en")):
        degrees, scale = labels(english)
        assert "54° N" in degrees and "30° E" in degrees and scale == "100 km"
    assert placewords.degrees("0.5", "S", words("uk")) == "0,5° пд. ш."


def test_a_default_article_type_is_localized_unless_the_site_labels_it():
    explainer = DEFAULT_ARTICLE_TYPES[0]
    ru = words("ru")
    assert localized_type(explainer, ru) == Term("explainer", "Разбор", schema="BackgroundNewsArticle")
    assert localized_type(DEFAULT_ARTICLE_TYPES[-1], words("fr")).label == "Vérification"
    relabelled = Term("explainer", "Backgrounder", schema="BackgroundNewsArticle")
    own = Term("briefing", "Briefing", schema="NewsArticle")
    assert localized_type(relabelled, ru) is relabelled and localized_type(own, ru) is own
    assert localized_type(explainer, None) is explainer
    assert localized_type(explainer, words("en")) == explainer


def test_a_tag_pages_description_when_the_site_gives_none():
    spec = PageSpec("tags/belarus/", "tag.html", "tag", "Belarus", "")
    assert in_words(spec, words("ru")).description == "Статьи с меткой «Belarus»."
    assert in_words(spec, words("fr")).description == "Articles avec le mot-clé « Belarus »."
    assert in_words(spec, words("en")).description == in_words(spec, None).description == \
        "Articles tagged Belarus."
    own = PageSpec("tags/belarus/", "tag.html", "tag", "Belarus", "The country.")
    assert in_words(own, words("ru")) == own


# Figures' credits ------------------------------------------------------------------------------

def figure(body: str, language: str, words_: tuple[str, ...]) -> str:
    config = Config(language="en", credit_words=((language, words_),))
    return parser_for(config, language).render(f'![A chart](/c.png "The caption")\n{body}\n')


def test_a_credit_line_may_start_with_the_languages_words_shown_as_written():
    french = ("Crédit", "Photo", "Graphique")
    assert '<span class="figure-credit">Crédit : AFP</span>' in figure("Crédit : AFP", "fr", french)
    assert f'<span class="figure-credit">Graphique{NBSP}: la rédaction</span>' in \
        figure(f"Graphique{NBSP}: la rédaction", "fr", french)
    assert '<span class="figure-credit">Photo: AFP</span>' in figure("Photo: AFP", "fr", french)
    # `Credit:` is a credit in every language, and left out
    assert '<span class="figure-credit">AFP</span>' in figure("Credit: AFP", "fr", french)
    russian = figure("Фото: ТАСС", "ru", ("Фото", "Графика"))
    assert '<figure class="figure">' in russian and '<span class="figure-credit">Фото: ТАСС</span>' in russian
    # a word of another language, a longer word, or no colon: a line of text, no figure
    for body, language in (("Фото: ТАСС", "fr"), ("Photographie : AFP", "fr"), ("Photo AFP", "fr")):
        made = figure(body, language, french)
        assert "<figure" not in made and "figure-credit" not in made, body


def test_credit_start():
    assert credit_start("Credit: X") == len("Credit:")
    assert credit_start("Фото: X", ("Фото",)) == 0
    assert credit_start("Фото X", ("Фото",)) is None
    assert credit_start("Credit : X") is None  # English's own keyword, as written


def test_credit_words_come_from_the_catalogues_the_sites_over_the_defaults(tmp_path):
    (tmp_path / "layouts" / "messages").mkdir(parents=True)
    (tmp_path / "layouts" / "messages" / "ru.yaml").write_text('figure.credit_words: "Снимок, Фото"\n',
                                                              encoding="utf-8")
    found = dict(credit_words(catalogue_files(layout_dirs(tmp_path)), tmp_path, ("en", "ru", "fr", "eo")))
    assert found["ru"] == ("Снимок", "Фото")
    assert found["en"] == found["eo"] == ("Credit",)  # a language without a catalogue: English's
    assert "Crédit" in found["fr"] and "Photo" in found["fr"]
    # and they are part of what a parse reads: a change re-reads every body
    assert Config(credit_words=(("ru", found["ru"]),)).reading_key != Config().reading_key
