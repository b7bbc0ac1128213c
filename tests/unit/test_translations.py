"""Translations (`x.ru.md` beside `x.md`): which files they are, what they may say, what they
take from their originals, and the names their prose links."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from backstory.content.config import Config
from backstory.content.fieldtable import translatable_fields
from backstory.content.languages import Language
from backstory.content.sources import read_sources
from backstory.content.translatedfields import parse_translation
from backstory.errors import Diagnostics
from backstory.pipeline.builder import Builder
from backstory.text.markdown import parser_for

CONFIG = Config(language="en", languages=(Language("en", "English"), Language("ru", "Русский"),
                                          Language("uk", "Українська")))
CODES = ("en", "ru", "uk")
ACTOR = "---\nname: Alexander Lukashenko\nkind: person\nsummary: President of Belarus.\nborn: 1954\n" \
        "aliases: [Lukashenko]\n---\nHe ruled Belarus.\n"
EVENT = "---\ntitle: The mediation\ndate: 2023-06-24\nplace: Belarus and Russia\nsummary: A deal.\n" \
        "actors:\n  - alexander-lukashenko: mediator\n  - yevgeny-prigozhin\nled_to: [turn-back]\n" \
        "image: {src: /images/deal.svg, alt: Who called whom, caption: The day.}\n---\nLukashenko called.\n"


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(diagnostics: Diagnostics) -> list[tuple]:
    return [(d.path, d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


def sources(tmp_path: Path, files: dict[str, str], languages=CODES):
    write(tmp_path, files)
    diagnostics = Diagnostics()
    found = read_sources(tmp_path, diagnostics, languages=languages)
    return {file.shown: (file.slug, file.language, file.original) for file in found}, problems(diagnostics)


# Which files are translations ---------------------------------------------------------------


def test_a_translation_is_paired_with_the_original_beside_it(tmp_path):
    found, problems_ = sources(tmp_path, {
        "content/actors/alexander-lukashenko.md": ACTOR,
        "content/actors/alexander-lukashenko.ru.md": "---\nname: Лукашенко\n---\n",
        "content/events/x/mediation.md": EVENT, "content/events/x/mediation.uk.md": "---\n---\n"})
    assert problems_ == []
    assert found == {
        "content/actors/alexander-lukashenko.md": ("alexander-lukashenko", None, None),
        "content/actors/alexander-lukashenko.ru.md": ("alexander-lukashenko", "ru",
                                                      "content/actors/alexander-lukashenko.md"),
        "content/events/x/mediation.md": ("mediation", None, None),
        "content/events/x/mediation.uk.md": ("mediation", "uk", "content/events/x/mediation.md")}


def test_translations_without_an_original_or_a_language_of_the_site_are_refused(tmp_path):
    found, problems_ = sources(tmp_path, {
        "content/actors/alexander-lukashenko.md": ACTOR,
        "content/actors/alexander-lukashenko.de.md": "---\n---\n",
        "content/actors/alexander-lukashenko.RU.md": "---\n---\n",
        "content/actors/alexander-lukashenko.en.md": "---\n---\n",
        "content/actors/alexander-lukashenk.ru.md": "---\n---\n",
        "content/actors/sub/alexander-lukashenko.uk.md": "---\n---\n",
        "content/places/nowhere.ru.md": "---\n---\n"})
    assert list(found) == ["content/actors/alexander-lukashenko.md"]
    at = "content/actors/"
    assert problems_ == [
        (at + "alexander-lukashenk.ru.md", 1, 1, "no original for this translation: "
         "content/actors/alexander-lukashenk.md does not exist",
         "did you mean 'alexander-lukashenko'? rename it to alexander-lukashenko.ru.md"),
        (at + "alexander-lukashenko.RU.md", 1, 1, "'RU' is not one of the site's languages (en, ru, uk)",
         "write the name as alexander-lukashenko.ru.md"),
        (at + "alexander-lukashenko.de.md", 1, 1, "'de' is not one of the site's languages (en, ru, uk)",
         "translations are in ru, uk; add 'de' under `languages:` in site.yaml to translate into it"),
        (at + "alexander-lukashenko.en.md", 1, 1, "'en' is the site's default language, the language of "
         "content/actors/alexander-lukashenko.md itself",
         "write the text in content/actors/alexander-lukashenko.md, or remove this file"),
        (at + "sub/alexander-lukashenko.uk.md", 1, 1, "a translation sits beside its original, and "
         "content/actors/alexander-lukashenko.md is in another folder",
         "move it to content/actors/alexander-lukashenko.uk.md"),
        ("content/places/nowhere.ru.md", 1, 1, "no original for this translation: "
         "content/places/nowhere.md does not exist",
         "write the original first: a translation is of a page the site has"),
    ]


@pytest.mark.parametrize(("relative", "fixed"), [
    ("content/ru/actors/alexander-lukashenko.md", "content/actors/alexander-lukashenko.ru.md"),
    ("content/actors/ru/alexander-lukashenko.md", "content/actors/alexander-lukashenko.ru.md"),
    ("content/events/2023/uk/mediation.md", "content/events/2023/mediation.uk.md"),
    ("content/ru/x.md", "content/actors/<slug>.ru.md"),
])
def test_a_folder_per_language_is_refused_with_the_path_to_write(tmp_path, relative, fixed):
    code = next(part for part in relative.split("/") if part in CODES)
    found, problems_ = sources(tmp_path, {relative: "---\n---\n"})
    assert found == {}
    assert problems_ == [(relative, 1, 1, f"'{code}/' is a folder per language: a translation sits "
                          "beside its original, named with its language", f"write it as {fixed}, beside "
                          "its original (see docs/writing.md, Translations)")]


def test_a_folder_named_like_the_default_language_holds_originals(tmp_path):
    found, problems_ = sources(tmp_path, {"content/actors/en/alexander-lukashenko.md": ACTOR})
    assert problems_ == [] and list(found) == ["content/actors/en/alexander-lukashenko.md"]


def test_in_a_site_of_one_language_a_translation_says_what_it_needs(tmp_path):
    found, problems_ = sources(tmp_path, {"content/actors/alexander-lukashenko.md": ACTOR,
                                          "content/actors/alexander-lukashenko.ru.md": "---\n---\n",
                                          "content/actors/notes.ru.md": "---\n---\n"}, languages=())
    assert list(found) == ["content/actors/alexander-lukashenko.md"]
    assert problems_ == [
        ("content/actors/alexander-lukashenko.ru.md", 1, 1, "'alexander-lukashenko.ru' cannot be a slug: "
         "use lowercase letters, digits and single hyphens", "to translate content/actors/"
         "alexander-lukashenko.md, list 'ru' under `languages:` in site.yaml (see docs/writing.md, "
         "Translations)"),
        ("content/actors/notes.ru.md", 1, 1, "'notes.ru' cannot be a slug: use lowercase letters, digits "
         "and single hyphens", "rename it to 'notes-ru.md'"),  # as before languages
    ]


# What a translation may say -----------------------------------------------------------------


@pytest.fixture
def translate(source_file):
    """`translate("actors/x.md", original, "ru", text)` -> (translation, problems)."""

    def make(relative: str, original: str, language: str, text: str):
        theirs = source_file(relative, original)
        mine = source_file(relative.replace(".md", f".{language}.md"), text)
        mine = replace(mine, slug=theirs.slug, language=language, original=theirs.shown)
        diagnostics = Diagnostics()
        found = parse_translation(mine, replace(theirs, text=None), parser_for(CONFIG, language),
                                  diagnostics, CONFIG)
        return found, problems(diagnostics)

    return make


def test_a_translation_keeps_its_text_fields_with_their_places(translate):
    found, problems_ = translate("actors/alexander-lukashenko.md", ACTOR, "ru", (
        "---\nname: Александр Лукашенко\nsummary: '\"Президент\" Беларуси.'\naliases: [Лукашенко]\n"
        "role: президент\n---\nОн правит.\n"))
    assert problems_ == []
    assert found.texts == (("name", "Александр Лукашенко"), ("summary", "«Президент» Беларуси."),
                           ("role", "президент"))
    assert found.aliases == ("Лукашенко",) and found.label == "Александр Лукашенко"
    assert found.position("summary").line == 3 and found.position("name").column == 7
    assert [text for text, _ in found.name_places] == ["Александр Лукашенко", "Лукашенко"]
    assert (found.type, found.slug, found.language) == ("actors", "alexander-lukashenko", "ru")
    assert found.body.text == "Он правит.\n"


def test_structure_repeated_as_the_original_has_it_is_allowed(translate):
    _, problems_ = translate("actors/alexander-lukashenko.md", ACTOR, "ru",
                             "---\nname: Лукашенко\nkind: person\nborn: 1954\ndraft: false\n---\n")
    assert problems_ == []


def test_structure_that_differs_from_the_original_is_an_error_quoting_it(translate):
    _, problems_ = translate("actors/alexander-lukashenko.md", ACTOR, "ru",
                             "---\nname: Лукашенко\nkind: organization\nborn: 1955\ncountry: Беларусь\n"
                             "links: {Wiki: https://example.org/}\nautolink: false\n---\n")
    hint = "structural fields come from the original; remove this line"
    original = "content/actors/alexander-lukashenko.md"
    assert problems_ == [
        ("content/actors/alexander-lukashenko.ru.md", 3, 7,
         f"'kind' contradicts the original ({original}:3: person)", hint),
        ("content/actors/alexander-lukashenko.ru.md", 4, 7,
         f"'born' contradicts the original ({original}:5: 1954)", hint),
        ("content/actors/alexander-lukashenko.ru.md", 6, 8,
         f"'links' contradicts the original ({original} has no 'links')", hint),
        ("content/actors/alexander-lukashenko.ru.md", 7, 11,
         f"'autolink' contradicts the original ({original} has no 'autolink')", hint),
    ]


def test_an_events_roles_translate_only_the_originals_actors(translate):
    found, problems_ = translate("events/mediation.md", EVENT, "ru", (
        "---\ntitle: Посредничество\nroles:\n  alexander-lukashenko: посредник\n"
        "  yevgeny-prigozhin: сторона сделки\n  alexander-lukashenk: x\n  vladimir-putin: y\n---\n"))
    assert found.roles == (("alexander-lukashenko", "посредник"), ("yevgeny-prigozhin", "сторона сделки"))
    assert problems_ == [
        ("content/events/mediation.ru.md", 6, 3, "'alexander-lukashenk' is not one of the original's actors",
         "did you mean 'alexander-lukashenko'?"),
        ("content/events/mediation.ru.md", 7, 3, "'vladimir-putin' is not one of the original's actors",
         "roles translate those of the original's actors: alexander-lukashenko, yevgeny-prigozhin"),
    ]


def test_an_events_place_is_translated_only_when_it_is_free_text(translate):
    found, problems_ = translate("events/mediation.md", EVENT, "ru",
                                 "---\nplace: Беларусь и Россия\nled_to: [turn-back]\n---\n")
    assert problems_ == [] and found.text("place") == "Беларусь и Россия"
    _, problems_ = translate("events/mediation.md", EVENT.replace("Belarus and Russia", "minsk"), "uk",
                             "---\nplace: Мінськ\n---\n")
    assert problems_ == [("content/events/mediation.uk.md", 2, 8,
                          "'place' contradicts the original (content/events/mediation.md:4: minsk)",
                          "structural fields come from the original; remove this line")]


def test_an_images_words_are_translated_and_its_picture_is_the_originals(translate):
    found, problems_ = translate("events/mediation.md", EVENT, "ru", (
        "---\nimage:\n  src: /images/deal.svg\n  alt: Кто кому звонил\n  caption: День.\n"
        "  credit: Отдел\n---\n"))
    assert problems_ == []
    assert found.texts == (("image.alt", "Кто кому звонил"), ("image.caption", "День."),
                           ("image.credit", "Отдел"))
    _, problems_ = translate("events/mediation.md", EVENT, "uk",
                             "---\nimage: {src: /images/other.svg, alt: Хто, width: 3}\n---\n")
    assert problems_ == [
        ("content/events/mediation.uk.md", 2, 14, "'image.src' contradicts the original "
         "(content/events/mediation.md:10: /images/deal.svg)",
         "structural fields come from the original; remove this line"),
        ("content/events/mediation.uk.md", 2, 43, "unknown field 'image.width'",
         "an image has: src, alt, caption, credit, credit_url"),
    ]


def test_unknown_fields_are_reported_as_in_an_original(translate):
    _, problems_ = translate("articles/a.md", "---\ntitle: A\ndate: 2023-01-01\nsummary: S.\n---\n",
                             "ru", "---\ntitel: А\nroles: {a: b}\n---\n")
    assert [problem[3] for problem in problems_] == ["unknown field 'titel' for articles",
                                                      "unknown field 'roles' for articles"]


def test_the_field_table_says_what_each_type_translates():
    assert [spec.name for spec in translatable_fields("actors")] == [
        "name", "summary", "aliases", "forms", "role", "country", "image", "sort_name"]
    assert [spec.name for spec in translatable_fields("events")] == [
        "title", "place", "summary", "aliases", "forms", "image", "roles"]
    assert [spec.name for spec in translatable_fields("articles")] == ["title", "summary", "image"]
    assert [spec.name for spec in translatable_fields("places")] == [
        "name", "summary", "aliases", "forms", "image"]


# Loaded with the site -----------------------------------------------------------------------

SITE_YAML = "title: T\nlanguage: en\nlanguages:\n  en: {name: English}\n  ru: {name: Русский}\n"
SITE = {
    "site.yaml": SITE_YAML,
    "content/actors/alexander-lukashenko.md": ACTOR,
    "content/actors/alexander-lukashenko.ru.md": (
        "---\nname: Александр Лукашенко\naliases: [Лукашенко]\n---\nОн правит Беларусью.\n"),
    "content/actors/yevgeny-prigozhin.md": (
        "---\nname: Yevgeny Prigozhin\nkind: person\nsummary: Wagner's founder.\naliases: [Prigozhin]\n"
        "---\nHe led the mutiny.\n"),
    "content/events/mediation.md": EVENT.replace("led_to: [turn-back]\n", "").replace(
        "image: {src: /images/deal.svg, alt: Who called whom, caption: The day.}\n", ""),
    "content/events/mediation.ru.md": (
        "---\nsummary: Сделка.\n---\nЛукашенко позвонил. Prigozhin согласился.\n"),
    "content/articles/how.md": (
        "---\ntitle: How it ended\ndate: 2023-06-25\nsummary: The story.\n---\n"
        "Лукашенко and Lukashenko talked to Prigozhin.\n"),
    "content/articles/how.ru.md": "---\ntitle: Как всё закончилось\n---\nЛукашенко и Lukashenko говорили.\n",
}


def mentioned(record) -> list[str]:
    return [ref.target for ref in record.body.mentions]


def test_each_languages_prose_links_the_names_it_has(tmp_path):
    loaded = Builder(write(tmp_path, SITE), jobs=1).load()
    assert problems(loaded.diagnostics) == []
    site = loaded.site
    russian = site.translation("how", "ru")
    # «Лукашенко» is a Russian alias: it links Russian prose, and «Lukashenko» does not there.
    assert mentioned(russian) == ["alexander-lukashenko"]
    (spot,) = russian.body.autolinks
    assert spot[-1] == "alexander-lukashenko" and spot[2] == 0  # the first word, «Лукашенко»
    # In English prose, the Russian-only alias is no name: the mention is «Lukashenko»'s.
    article = site.articles["how"]
    assert sorted(mentioned(article)) == ["alexander-lukashenko", "yevgeny-prigozhin"]
    assert article.body.autolinks[0][2] == len("Лукашенко and ")
    # A record with no Russian translation is known in Russian prose by its original's names.
    assert mentioned(site.translation("mediation", "ru")) == ["alexander-lukashenko", "yevgeny-prigozhin"]


def test_the_english_prose_does_not_match_a_russian_alias(tmp_path):
    site = dict(SITE)
    site["content/articles/how.md"] = (
        "---\ntitle: How\ndate: 2023-06-25\nsummary: S.\n---\nЛукашенко spoke.\n")
    loaded = Builder(write(tmp_path, site), jobs=1).load()
    assert problems(loaded.diagnostics) == []
    assert mentioned(loaded.site.articles["how"]) == []


def test_required_texts_a_translation_leaves_out_are_the_originals(tmp_path):
    site = Builder(write(tmp_path, SITE), jobs=1).load().site
    actor = site.translation("alexander-lukashenko", "ru")
    assert actor.texts == (("name", "Александр Лукашенко"), ("summary", "President of Belarus."))
    assert actor.position("summary") is None  # not written in the translation
    event = site.translation("mediation", "ru")
    assert event.texts == (("title", "The mediation"), ("summary", "Сделка."))
    assert set(site.translations) == {("actors", "alexander-lukashenko", "ru"), ("events", "mediation", "ru"),
                                      ("articles", "how", "ru")}


def test_two_translations_claiming_a_name_are_an_error_in_the_translations(tmp_path):
    site = dict(SITE)
    site["content/actors/yevgeny-prigozhin.ru.md"] = (
        "---\nname: Евгений Пригожин\naliases: [Лукашенко]\n---\n")
    loaded = Builder(write(tmp_path, site), jobs=1).load()
    assert [(d.path, d.line, d.message) for d in loaded.diagnostics.sorted()] == [
        ("content/actors/alexander-lukashenko.ru.md", 3, "'Лукашенко' also names "
         "content/actors/yevgeny-prigozhin.ru.md; a name can link to one page only"),
        ("content/actors/yevgeny-prigozhin.ru.md", 3, "'Лукашенко' also names "
         "content/actors/alexander-lukashenko.ru.md; a name can link to one page only")]


def test_a_translations_wiki_links_are_checked_and_a_drafts_translations_left_out(tmp_path):
    site = dict(SITE)
    site["content/articles/how.ru.md"] = "---\ntitle: Как\n---\nСм. [[alexander-lukashenk]].\n"
    site["content/actors/yevgeny-prigozhin.md"] = SITE["content/actors/yevgeny-prigozhin.md"].replace(
        "aliases", "draft: true\naliases")
    site["content/actors/yevgeny-prigozhin.ru.md"] = "---\nname: Евгений Пригожин\n---\n"
    site["content/events/mediation.md"] = SITE["content/events/mediation.md"].replace(
        "  - yevgeny-prigozhin\n", "")
    site["content/articles/how.md"] = SITE["content/articles/how.md"].replace(" to Prigozhin", "")
    loaded = Builder(write(tmp_path, site), jobs=1).load()
    assert problems(loaded.diagnostics) == [
        ("content/articles/how.ru.md", 4, 5, "unknown page 'alexander-lukashenk'",
         "did you mean 'alexander-lukashenko'?")]
    assert ("actors", "yevgeny-prigozhin", "ru") not in loaded.site.translations
