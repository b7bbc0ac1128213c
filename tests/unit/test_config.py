"""site.yaml into Config: defaults, every problem placed in the file, and the --base-url override."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from backstory.content.config import Config, load_config
from backstory.content.kinds import Kind
from backstory.content.languages import Language
from backstory.content.terms import Term
from backstory.errors import Diagnostics


def load(tmp_path, text: str | None = None, base_url: str | None = None, encoding: str = "utf-8"):
    if text is not None:
        (tmp_path / "site.yaml").write_text(text, encoding=encoding)
    diagnostics = Diagnostics()
    config = load_config(tmp_path, diagnostics, base_url)
    return config, [(d.path, d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


BASE_URL_HINT = "write it as https://example.org/ or https://example.org/path/"


@pytest.mark.parametrize("text", [None, "", "# nothing yet\n", "title:\nauthor: ~\n"])
def test_defaults_without_settings(tmp_path, text):
    config, problems = load(tmp_path, text)
    assert problems == []
    assert config == Config(title="Backstory", description="", language="en", author="", base_url="",
                            raw_html=True)
    assert config.base_path == ""


def test_settings_are_read_and_trimmed(tmp_path):
    config, problems = load(tmp_path, "title: '  The Wagner mutiny '\ndescription: How it ended.\n"
                                      "language: fr\nauthor: Desk\n")
    assert problems == []
    assert (config.title, config.description, config.language, config.author) == (
        "The Wagner mutiny", "How it ended.", "fr", "Desk")


def test_a_byte_order_mark_is_not_part_of_the_first_key(tmp_path):
    config, problems = load(tmp_path, "title: BOM\n", encoding="utf-8-sig")
    assert problems == [] and config.title == "BOM"


def test_config_is_frozen(tmp_path):
    config, _ = load(tmp_path)
    with pytest.raises(AttributeError):
        config.title = "changed"


def test_unknown_setting_with_did_you_mean(tmp_path):
    config, problems = load(tmp_path, "title: T\ntitel: X\nbaseurl: https://example.org/\n")
    assert problems == [
        ("site.yaml", 2, 1, "unknown setting 'titel'", "did you mean 'title'?"),
        ("site.yaml", 3, 1, "unknown setting 'baseurl'", "did you mean 'base_url'?"),
    ]
    assert config.title == "T" and config.base_url == ""


def test_unknown_setting_with_nothing_close(tmp_path):
    _, problems = load(tmp_path, "zzz: 1\n")
    assert problems == [("site.yaml", 1, 1, "unknown setting 'zzz'", None)]


def test_settings_that_are_not_text(tmp_path):
    config, problems = load(tmp_path, "title: 1984\nauthor: [a, b]\n")
    assert problems == [("site.yaml", 1, 1, "'title' must be text", None),
                        ("site.yaml", 2, 1, "'author' must be text", None)]
    assert config.title == "Backstory"


@pytest.mark.parametrize("text", ["- a\n- b\n", "just some words\n", "42\n"])
def test_site_yaml_must_be_a_mapping(tmp_path, text):
    config, problems = load(tmp_path, text)
    assert problems == [("site.yaml", 1, 1, "site.yaml must be a mapping of settings",
                         "write settings as `title: My explainer`, one per line")]
    assert config == Config()


def test_yaml_errors_are_placed_in_the_file(tmp_path):
    config, problems = load(tmp_path, "title: T\ndescription: Minsk: a refuge\n")
    assert problems == [("site.yaml", 2, 19, "invalid YAML: mapping values are not allowed in this context",
                         'a value containing \': \' must be quoted: description: "Minsk: a refuge"')]
    assert config == Config()


def test_duplicate_setting_is_refused(tmp_path):
    _, problems = load(tmp_path, "title: A\ntitle: B\n")
    assert problems == [("site.yaml", 2, 1, "duplicate key 'title'", "each key may appear once; remove one")]


# base_url --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "kept", "base_path"), [
    ("https://example.org", "https://example.org/", "/"),
    ("https://example.org/", "https://example.org/", "/"),
    ("https://example.org/explainers/wagner", "https://example.org/explainers/wagner/",
     "/explainers/wagner/"),
    ("http://localhost:8000/", "http://localhost:8000/", "/"),
    (" https://example.org/x/ ", "https://example.org/x/", "/x/"),
    ("", "", ""),
])
def test_base_url_ends_in_a_slash(tmp_path, written, kept, base_path):
    config, problems = load(tmp_path, f"base_url: '{written}'\n")
    assert problems == []
    assert (config.base_url, config.base_path) == (kept, base_path)


@pytest.mark.parametrize(("written", "at", "message", "hint"), [
    ("example.org", 0, "base_url must be an absolute http(s) URL, not 'example.org'",
     "write it as https://example.org/"),
    ("//example.org/x/", 0, "base_url must be an absolute http(s) URL, not '//example.org/x/'",
     "write it as https://example.org/x/"),
    ("/explainer/", 0, "base_url must be an absolute http(s) URL, not '/explainer/'", BASE_URL_HINT),
    ("ftp://example.org/", 0, "base_url must be an absolute http(s) URL, not 'ftp://example.org/'",
     BASE_URL_HINT),
    ("javascript:alert(1)", 0, "base_url must be an absolute http(s) URL, not 'javascript:alert(1)'",
     BASE_URL_HINT),
    ("file:///etc/", 0, "base_url must be an absolute http(s) URL, not 'file:///etc/'", BASE_URL_HINT),
    ("https://", 0, "base_url must be an absolute http(s) URL, not 'https://'", BASE_URL_HINT),
    ("https://:80/", 0, "base_url must be an absolute http(s) URL, not 'https://:80/'", BASE_URL_HINT),
    ("https://example.org/?page=1", 20, "base_url cannot have a query (?) or fragment (#)",
     "write it as https://example.org/"),
    ("https://example.org/x/#top", 22, "base_url cannot have a query (?) or fragment (#)",
     "write it as https://example.org/x/"),
    ("https://example.org/x?", 21, "base_url cannot have a query (?) or fragment (#)",
     "write it as https://example.org/x/"),
    ("https://example.org/x/index.html", 22, "base_url must name a folder, not the file 'index.html'",
     "write it as https://example.org/x/"),
    ("https://example.org/v1.2", 20, "base_url must name a folder, not the file 'v1.2'",
     "write it as https://example.org/, or as https://example.org/v1.2/ if 'v1.2' is a folder"),
    ("https://me:secret@example.org/x/", 8,
     "base_url cannot contain a user name or password: every page would publish it",
     "write it as https://example.org/x/"),
    ("https://example.org/a/../b/", 19, "base_url cannot contain . or .. folders",
     "write it as https://example.org/b/"),
    ("https://example.org\\x\\", 19, "base_url uses / between folders, not \\",
     "write it as https://example.org/x/"),
    ("https://exa mple.org/", 11,
     "base_url cannot contain spaces or control characters (write a space as %20)", BASE_URL_HINT),
    ("https://example.org:http/", 0, "base_url is not a valid URL: 'https://example.org:http/'",
     BASE_URL_HINT),
])
def test_base_url_must_be_the_folder_a_site_is_served_from(tmp_path, written, at, message, hint):
    config, problems = load(tmp_path, f"title: T\nbase_url: '{written}'\n")
    assert problems == [("site.yaml", 2, len("base_url: '") + at + 1, message, hint)]
    assert config.base_url == "" and config.title == "T"


def test_a_bad_base_url_is_placed_where_its_text_starts(tmp_path):
    _, problems = load(tmp_path, "base_url:   https://example.org/index.html  # the home page\n")
    assert problems[0][1:3] == (1, len("base_url:   https://example.org/") + 1)


def test_base_url_override_replaces_the_file_setting(tmp_path):
    config, problems = load(tmp_path, "base_url: https://a.example/\n", base_url="https://b.example/sub")
    assert problems == []
    assert (config.base_url, config.base_path) == ("https://b.example/sub/", "/sub/")


def test_base_url_override_without_a_site_yaml(tmp_path):
    config, problems = load(tmp_path, None, base_url="https://b.example/")
    assert problems == [] and config.base_url == "https://b.example/"


def test_empty_base_url_override_means_relative_links(tmp_path):
    config, problems = load(tmp_path, "base_url: https://a.example/\n", base_url="")
    assert problems == [] and config.base_url == "" and config.base_path == ""


def test_invalid_base_url_override_is_reported_and_the_file_setting_kept(tmp_path):
    config, problems = load(tmp_path, "base_url: https://a.example/\n", base_url="b.example")
    assert problems == [("--base-url", 1, 1, "base_url must be an absolute http(s) URL, not 'b.example'",
                         "write it as https://b.example/")]
    assert config.base_url == "https://a.example/"


def test_a_bad_base_url_override_shows_itself_with_a_caret_under_the_problem(tmp_path):
    diagnostics = Diagnostics()
    load_config(tmp_path, diagnostics, "https://example.org/x/index.html")
    assert diagnostics.items[0].format() == (
        "--base-url:1:23: error: base_url must name a folder, not the file 'index.html'\n"
        "  1 | https://example.org/x/index.html\n"
        "    |                       ^\n"
        "  hint: write it as https://example.org/x/")


def test_valid_override_does_not_hide_a_bad_file_setting(tmp_path):
    config, problems = load(tmp_path, "base_url: nope\n", base_url="https://b.example/")
    assert [p[:4] for p in problems] == [("site.yaml", 1, 11,
                                          "base_url must be an absolute http(s) URL, not 'nope'")]
    assert config.base_url == "https://b.example/"


# markdown.raw_html ------------------------------------------------------------------------------


def test_raw_html_is_on_by_default_and_can_be_turned_off(tmp_path):
    config, problems = load(tmp_path, "markdown:\n  raw_html: false\n")
    assert problems == [] and config.raw_html is False
    (tmp_path / "site.yaml").unlink()
    config, problems = load(tmp_path, "markdown:\n  raw_html: true\n")
    assert problems == [] and config.raw_html is True
    config, problems = load(tmp_path, "markdown: {}\n")
    assert problems == [] and config.raw_html is True


@pytest.mark.parametrize("text", ["markdown:\n  raw_html: 'no'\n", "markdown:\n  raw_html:\n",
                                  "markdown:\n  raw_html: false\n  smartypants: true\n",
                                  "markdown: false\n", "markdown: [raw_html]\n"])
def test_markdown_takes_only_raw_html_true_or_false(tmp_path, text):
    config, problems = load(tmp_path, text)
    assert problems == [("site.yaml", 1, 1,
                         "'markdown' takes `raw_html` and `typographer`, each `true` or `false`",
                         "for example `markdown: {typographer: false}`")]
    assert config.raw_html is True


def test_all_problems_are_reported_at_once(tmp_path):
    _, problems = load(tmp_path, "titel: T\nbase_url: nope\nmarkdown: yes\nauthor: 5\n",
                       base_url="also-nope")
    assert [(p[0], p[1]) for p in problems] == [("--base-url", 1), ("site.yaml", 1), ("site.yaml", 2),
                                                ("site.yaml", 3), ("site.yaml", 4)]


ODD = ["99999999999999999999999", ".inf", ".nan", "[[a], {b: c}]", "{a: {b: [c]}}", "2023-02-30",
       "!!binary aGVsbG8=", "!!set {a}", "!!omap [a: 1]", "[null]", "{}", "“a: b”",
       "{content: [x], entries: .inf}", "{raw_html: .nan}", "{entries: 99999999999999999999999}", "'https://u:p@x.org/a.html?q#f'"]


@pytest.mark.parametrize("key", ["title", "base_url", "autolink", "markdown", "feeds", "2023-01-01", "[a]"])
def test_odd_values_in_every_setting_are_problems_never_crashes(tmp_path, key):
    for value in ODD:
        (tmp_path / "site.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
        diagnostics = Diagnostics()
        load_config(tmp_path, diagnostics)  # no exception: that is the test
        for d in diagnostics.items:
            assert d.line >= 1 and d.column >= 1 and d.message and "NoneType" not in d.format()


def test_an_unreadable_site_yaml_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "site.yaml").write_text("title: T\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(tmp_path), "read_text", refuse)
    config, problems = load(tmp_path)
    assert problems == [("site.yaml", 1, 1, "cannot read site.yaml: Permission denied",
                         "check the file's permissions")]
    assert config == Config()


# What a parse reads of the settings (config.reading), and every other field: a new field of
# Config fails the test below until it is put in one or the other.
READ_BY_PARSE = {"raw_html": False, "typographer": False, "language": "ru",
                 "timezone": "Europe/Minsk",
                 "kinds": (*Config().kinds, Kind("ship", "Ship", "Ships", "Vehicle", (), "hexagon")),
                 "tags": (Term("belarus", "Belarus"),), "series": (Term("mutiny", "The mutiny"),),
                 "article_types": Config().article_types[:1],
                 # which files are translations, and the quotes of their prose
                 "languages": (Language("en", "English"), Language("ru", "Русский")),
                 # the words a figure's credit line may start with (the catalogues')
                 "credit_words": (("ru", ("Фото", "Графика")),)}
NOT_READ_BY_PARSE = {"title": "Another", "description": "Another", "author": "Someone",
                     "base_url": "https://example.org/", "autolink": False, "search": False,
                     "feed_content": "summary", "feed_entries": 5,
                     "published_base_url": "https://example.org/",
                     "cms_script": "decap/decap-cms.js", "cms_backend": (("name", "github"),),
                     "cms_workflow": "editorial", "untranslated": "omit",
                     "default_language_prefix": True}


def test_reading_key_follows_every_setting_a_parse_reads_and_only_those():
    """The parse cache keys each entry by config.reading_key: a digest of config.reading, not
    the settings themselves (which copied some sixty objects into every cache entry)."""
    base = Config()
    assert {f.name for f in dataclasses.fields(Config)} == \
        {*READ_BY_PARSE, *NOT_READ_BY_PARSE, "reading_key"}
    keys = {base.reading_key, *(dataclasses.replace(base, **{name: value}).reading_key
                                for name, value in READ_BY_PARSE.items())}
    assert len(keys) == len(READ_BY_PARSE) + 1
    assert {dataclasses.replace(base, **{name: value}).reading_key
            for name, value in NOT_READ_BY_PARSE.items()} == {base.reading_key}
    assert pickle.loads(pickle.dumps(base)).reading_key == base.reading_key
    assert len(base.reading_key) == 64


def test_reading_key_is_the_same_in_every_process():
    """Kept in the build cache, it must not depend on the hash seed of the process that made it
    (a set in the settings would make it so)."""
    import subprocess
    import sys

    code = ("from backstory.content.config import Config; from backstory.content.terms import Term; "
            "print(Config(tags=(Term('a', 'A'), Term('b', 'B')), timezone='Europe/Minsk').reading_key)")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(keys) == 1 and len(keys.pop().strip()) == 64


# languages ------------------------------------------------------------------------------------

LANGUAGES = """\
title: The Wagner mutiny
language: en
languages:
  en: {name: English}
  ru:
    name: Русский
    title: Мятеж Вагнера
    author: Отдел примеров
"""


def test_languages_are_read_in_order_with_the_default_among_them(tmp_path):
    config, problems = load(tmp_path, LANGUAGES + "untranslated: omit\ndefault_language_prefix: true\n")
    assert problems == []
    assert config.languages == (Language("en", "English"),
                                Language("ru", "Русский", "Мятеж Вагнера", None, "Отдел примеров"))
    assert config.translation_languages == ("ru",)
    assert (config.untranslated, config.default_language_prefix) == ("omit", True)
    russian = config.in_language("ru")
    assert (russian.language, russian.title, russian.author, russian.description) == (
        "ru", "Мятеж Вагнера", "Отдел примеров", "")
    assert config.in_language("en") is config


def test_without_languages_a_site_is_in_one_language_as_before(tmp_path):
    config, problems = load(tmp_path, "title: T\nlanguage: ru\n")
    assert problems == []
    assert (config.languages, config.translation_languages) == ((), ())
    assert (config.untranslated, config.default_language_prefix) == ("original", False)
    assert config.reading_key == Config(title="T", language="ru").reading_key


def test_the_default_language_must_be_one_of_the_languages(tmp_path):
    _, problems = load(tmp_path, LANGUAGES.replace("language: en", "language: de"))
    assert problems == [("site.yaml", 2, 1, "the default language 'de' is not one of `languages:` (en, ru)",
                         "`language:` names the originals' language, one of en, ru; or add `de:` "
                         "under `languages:`")]
    _, problems = load(tmp_path, LANGUAGES.replace("language: en\n", "").replace("en: {", "en-GB: {"))
    assert problems == [("site.yaml", 2, 1,
                         "the default language 'en' is not one of `languages:` (en-GB, ru)",
                         "add `language:` naming the originals' language, one of en-GB, ru (the "
                         "default is en)")]


def test_every_wrong_language_setting_is_placed_with_a_hint(tmp_path):
    config, problems = load(tmp_path, """\
language: en
languages:
  en: {name: English, titel: X}
  pt-br: {name: Português}
  uk: Українська
  de: {title: Meuterei}
  123: {name: X}
untranslated: both
default_language_prefix: maybe
""")
    assert problems == [
        ("site.yaml", 3, 23, "unknown setting 'titel' of language 'en'", "did you mean 'title'?"),
        ("site.yaml", 4, 3, "'pt-br' is not a language code", "write it as 'pt-BR'"),
        ("site.yaml", 5, 3, "language 'uk' must be a mapping of settings, not text",
         "write it as `uk: {name: ...}`, the name in that language"),
        ("site.yaml", 6, 3, "language 'de' has no 'name'",
         "add `name:` below it: what the language is called in itself"),
        ("site.yaml", 7, 3, "'123' is not a language code",
         "write a BCP 47 code: a language (en, ru), then a script or a region if needed (sr-Latn, pt-BR)"),
        ("site.yaml", 8, 1, "'untranslated' must be `original` or `omit`, not 'both'",
         "`original` shows a page not translated into a language as it is; `omit` leaves it out"),
        ("site.yaml", 9, 1, "'default_language_prefix' must be `true` or `false`",
         "write `default_language_prefix: false` to turn it off"),
    ]
    # A language without a name is kept, so that its translations are not refused as well.
    assert [lang.code for lang in config.languages] == ["en", "de"]


@pytest.mark.parametrize("text", ["languages: [en, ru]\n", "languages: ru\n", "languages: {}\n"])
def test_languages_must_be_a_mapping(tmp_path, text):
    config, problems = load(tmp_path, text)
    assert [problem[:3] for problem in problems] == [("site.yaml", 1, 1)]
    assert problems[0][3].startswith("'languages' must map language codes to their settings")
    assert config.languages == ()


def test_language_settings_without_languages_are_a_warning(tmp_path):
    diagnostics = Diagnostics()
    (tmp_path / "site.yaml").write_text("untranslated: omit\n", encoding="utf-8")
    config = load_config(tmp_path, diagnostics)
    (warning,) = diagnostics.items
    assert not warning.is_error and warning.message == "'untranslated' does nothing without `languages:`"
    assert config.untranslated == "omit"


def test_a_language_words_the_sites_tags_series_types_and_kinds(tmp_path):
    config, problems = load(tmp_path, (
        "language: en\ntags: {egypt: Egypt}\nseries: {six-days: Six days}\n"
        "kinds: {ship: {plural: Ships, schema: Vehicle}}\n"
        "languages:\n  en: {name: English}\n  fr:\n    name: Français\n"
        "    tags: {egypt: Égypte}\n    series: {six-days: {label: Six jours, description: En six jours.}}\n"
        "    kinds: {ship: {label: Navire, plural: Navires}, person: {plural: Personnes}}\n"
        "    article_types: {explainer: Décryptage}\n"))
    assert problems == []
    french = config.in_language("fr")
    assert [(t.slug, t.label) for t in french.tags] == [("egypt", "Égypte")]
    assert (french.series[0].label, french.series[0].description) == ("Six jours", "En six jours.")
    ship = french.kind("ship")
    assert (ship.label, ship.plural, ship.schema) == ("Navire", "Navires", "Vehicle")  # the rest kept
    assert french.kind("person").plural == "Personnes"
    assert next(t for t in french.article_types if t.slug == "explainer").label == "Décryptage"
    assert config.tags[0].label == "Egypt" and config.kind("ship").plural == "Ships"  # the site's own


def test_a_languages_labels_must_name_what_the_site_has(tmp_path):
    _, problems = load(tmp_path, (
        "language: en\ntags: {egypt: Egypt}\n"
        "languages:\n  en: {name: English}\n  fr:\n    name: Français\n"
        "    tags: {egipt: Égypte}\n    kinds: {ship: {label: Navire, colour: red}}\n    series: [x]\n"))
    assert [problem[1:] for problem in problems] == [
        (7, 12, "'egipt' is not one of the site's tags", "did you mean 'egypt'?"),
        (8, 13, "'ship' under 'kinds' of language 'fr' must be its label, or a mapping of label and "
                "plural", "write `kinds: {slug: {label: ..., plural: ...}}`"),
        (9, 5, "'series' of language 'fr' must map slugs to labels, not a list",
         "write `series: {slug: its label}`")]
