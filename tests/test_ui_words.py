"""The default layouts' own words in the site's language: catalogues (layouts/messages/*.yaml),
t() in layouts, plural forms, a site's overrides, and what is reported (pages/words.py)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml

from backstory import BuildFailed, build
from backstory.errors import Diagnostics
from backstory.pages.render import default_layouts_dir, make_environment
from backstory.pages.words import catalogue_files, read_catalogues, used_ids, words_for

from .helpers import BASIC_SITE, REPO, copy_site

SHIPPED = ("en", "ru", "uk", "be", "fr", "de", "es")
MESSAGES = default_layouts_dir() / "messages"


def _catalogue(language: str) -> dict:
    return yaml.safe_load((MESSAGES / f"{language}.yaml").read_text(encoding="utf-8"))


def _used_in_default_layouts() -> set[str]:
    env = make_environment(Path("/nonexistent"))
    found = set()
    for path in default_layouts_dir().rglob("*"):
        if path.suffix in (".html", ".xml") and "assets" not in path.parts:
            found |= {id_ for id_, _ in used_ids(env, path.read_text(encoding="utf-8"))}
    return found


def _words(language: str, root: Path = Path("/nonexistent")):
    diagnostics = Diagnostics()
    catalogues = read_catalogues(catalogue_files([default_layouts_dir()]), root, diagnostics)
    return words_for(language, catalogues, diagnostics), diagnostics


@pytest.mark.parametrize("language", SHIPPED)
def test_every_id_the_default_layouts_use_is_in_every_shipped_catalogue(language):
    used = _used_in_default_layouts()
    assert len(used) > 80
    assert not used - _catalogue(language).keys()
    assert _catalogue(language).keys() == _catalogue("en").keys()  # none stale, none missing
    assert not _words(language)[1].items  # and nothing to warn about


@pytest.mark.parametrize(("count", "text"), [(1, "1 событие"), (2, "2 события"), (5, "5 событий"),
                                             (21, "21 событие"), (0, "0 событий"), (11, "11 событий")])
def test_russian_counts_take_their_plural_form(count, text):
    assert _words("ru")[0]("timeline.events", n=count) == text


def test_ukrainian_and_belarusian_plurals_and_english_numbers():
    assert _words("uk")[0]("timeline.events", n=3) == "3 події"
    assert _words("be")[0]("timeline.events", n=25) == "25 падзей"
    assert _words("en")[0]("timeline.events", n=12345) == "12345 events"  # as it always was


def test_catalogue_text_and_values_are_escaped_but_markup_from_the_layout_is_kept():
    words = _words("en")[0]
    from markupsafe import Markup
    got = words("embed.on_site", page="<b>x</b>", site=Markup("<i>S</i>"))
    assert got == "&lt;b&gt;x&lt;/b&gt; on <i>S</i>"


def test_dates_in_russian_and_german():
    from backstory.content.when import When
    from backstory.pages.dates import format_date, format_range
    ru, de = _words("ru")[0], _words("de")[0]
    assert format_date(When(2023, 6, 24), ru) == "24 июня 2023\u202fг."
    assert format_date(When(2020, 8), de) == "August 2020"
    assert format_range(When(2023, 6, 23), When(2023, 6, 24), de) == "23.–24. Juni 2023"
    assert format_date(When(1994, approximate=True), ru) == "ок. 1994"
    assert format_date(When(2023, 6, 24), None) == "24 June 2023"
    # Parts of one day: the day said once, each language's words for from and until
    morning, evening = When(2023, 6, 24, part="morning"), When(2023, 6, 24, part="evening")
    assert format_range(morning, evening, ru) == "24 июня 2023\u202fг., с утра до вечера"
    assert format_range(morning, evening, _words("fr")[0]) == "24 juin 2023, du matin au soir"
    assert format_range(morning, evening, None) == "morning–evening of 24 June 2023"


def _site(tmp_path: Path, language: str = "en") -> Path:
    site = copy_site(BASIC_SITE, tmp_path / "site")
    config = site / "site.yaml"
    config.write_text(re.sub(r"(?m)^language: .*$", f"language: {language}",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    return site


def test_a_site_overrides_one_message(tmp_path):
    site = _site(tmp_path)
    (site / "layouts" / "messages").mkdir(parents=True)
    (site / "layouts" / "messages" / "en.yaml").write_text("whos_who: The cast\n", encoding="utf-8")
    out = build(site, tmp_path / "out").out
    page = (out / "actors" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="page-title">The cast</h1>' in page
    assert ">Timeline</a>" in page  # every other message is the default's


def test_a_missing_message_warns_at_its_catalogue_once(tmp_path):
    site = _site(tmp_path, "eo")
    (site / "layouts" / "messages").mkdir(parents=True)
    (site / "layouts" / "messages" / "eo.yaml").write_text("whos_who: Kiu estas kiu\n",
                                                          encoding="utf-8")
    result = build(site, tmp_path / "out")
    missing = [w for w in result.warnings if "'timeline'" in w.message]
    assert len(missing) == 1
    assert missing[0].path == "layouts/messages/eo.yaml"
    assert "not translated into 'eo'" in missing[0].message
    assert "English: Timeline" in missing[0].hint
    page = (result.out / "actors" / "index.html").read_text(encoding="utf-8")
    assert "Kiu estas kiu" in page and ">Timeline</a>" in page


def test_an_undefined_message_is_an_error_at_the_layout_line(tmp_path):
    site = _site(tmp_path)
    (site / "layouts").mkdir(exist_ok=True)
    (site / "layouts" / "tags.html").write_text('{% extends "base.html" %}\n{% block main %}\n'
                                                '<p>{{ t("whos_whom") }}</p>\n{% endblock %}\n',
                                                encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    [problem] = [d for d in failed.value.diagnostics if "whos_whom" in d.message]
    assert (problem.path, problem.line, problem.column) == ("layouts/tags.html", 3, 10)
    assert problem.message == "message 'whos_whom' is in no catalogue"
    assert "whos_who" in problem.hint


# English UI phrases of the default layouts that must not be left on another language's pages.
ENGLISH = ["Who’s who", "Timeline", "Skip to content", "Search the site", "Made with Backstory",
           "Who was there", "What led to it", "What it led to", "Before and after", "Just before",
           "Just after", "On the timeline", "In the articles", "Also mentioned on", "Connections",
           "Sources", "Also called", "Country", "Every event", "Show events involving",
           "Show everyone", "Everyone", "Lanes by actor", "Embed this", "Code to paste",
           "Search needs JavaScript", "Search results", "Search articles",
           " of 24 June", "Later reporting", "On this page", "Data:",
           # made in Python: the timescale's, the maps' and the kinds' words, an actor's dates
           "Whole story", " later", "Took part in", "Led to", "drawn as arrows", "Centred on",
           "Showing ", "Who and what", "and its connections", "People", "Born", "24 Jun"]
PAGES = ["articles/how-lukashenko-ended-the-wagner-mutiny/index.html",
         "actors/alexander-lukashenko/index.html",
         "events/wagner-mutiny/index.html", "timeline/index.html", "search/index.html"]


def _ui_text(page: str) -> str:
    """A page's words outside the bodies written in content/ (and outside scripts and SVGs)."""
    page = re.sub(r"<(script|svg|textarea)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<div class="prose">.*?(?=<aside|<div class="connections)', " ", page, flags=re.S)
    page = re.sub(r'<p class="(standfirst|entity-summary)">.*?</p>', " ", page, flags=re.S)
    text = " ".join(re.findall(r'(?:aria-label|title|placeholder)="([^"]*)"', page))
    # TimelineJS is a tool's name (the data-links line), not a word to translate.
    return html.unescape(text + " " + re.sub(r"<[^>]+>", " ", page)).replace("TimelineJS", "")


@pytest.mark.slow  # two whole builds of the example
@pytest.mark.parametrize(("language", "date"), [("ru", "24 июня 2023"), ("de", "24. Juni 2023")])
def test_the_example_in_another_language_has_no_english_ui_words(tmp_path, language, date):
    site = tmp_path / "site"
    site.mkdir()
    # The originals alone, the whole site in one language (the Russian edition beside them is
    # test_words_places.py's)
    shutil.copytree(REPO / "content", site / "content", ignore=shutil.ignore_patterns("*.*.md"))
    shutil.copytree(REPO / "static", site / "static")
    config = (REPO / "site.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^languages:\n(?:[ #].*?\n)*", "", config)
    (site / "site.yaml").write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", config),
                                    encoding="utf-8")
    result = build(site, tmp_path / "out")
    assert not [w for w in result.warnings if "message" in w.message]
    for path in PAGES:
        text = _ui_text((result.out / path).read_text(encoding="utf-8"))
        left = [phrase for phrase in ENGLISH if phrase in text]
        assert not left, f"{path}: {left}"
    event = (result.out / PAGES[2]).read_text(encoding="utf-8")
    assert date in event
