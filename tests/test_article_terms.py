"""Tags with pages and labels, series, article types and what an article updates: read from
site.yaml and front matter, checked where written, and shown on the Suez story, the example and
the generated corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backstory import BuildFailed, build
from backstory.content.config import Config
from backstory.content.terms import DEFAULT_ARTICLE_TYPES, Term
from backstory.output.search import SEARCH_DIR
from backstory.output.write import LiveOutput
from backstory.pipeline.builder import Builder

from .helpers import FIXTURES, REPO, copy_site, parsed, settings_of, tree_digest
from .helpers import json_ld_of as json_ld
from .helpers import page_html as page

pytestmark = pytest.mark.slow  # whole builds of the Suez story, the example and a corpus

SUEZ = FIXTURES / "sites" / "suez"
LONG = "how-the-ever-given-blocked-the-suez-canal"
NUMBERS = "ever-given-in-numbers"


def load(tmp_path, text: str):
    return settings_of(tmp_path, text)


def test_terms_are_read_with_labels_and_descriptions(tmp_path):
    config, problems = load(tmp_path, "tags:\n  belarus: Belarus\n  wagner: {label: Wagner  Group, "
                                      "description: The company.}\nseries:\n  aftermath: After it\n"
                                      "article_types:\n  briefing: Briefing\n"
                                      "  update: {label: Latest, schema: NewsArticle}\n")
    assert problems == []
    assert config.tags == (Term("belarus", "Belarus"), Term("wagner", "Wagner Group", "The company."))
    assert config.series == (Term("aftermath", "After it"),)
    types = {term.slug: term for term in config.article_types}
    assert types["briefing"] == Term("briefing", "Briefing", schema="NewsArticle")
    assert types["update"] == Term("update", "Latest", schema="NewsArticle")  # a default, changed
    assert types["explainer"] == DEFAULT_ARTICLE_TYPES[0]


@pytest.mark.parametrize("text, expected", [
    ("tags: [belarus]\n", (1, 1, "'tags' must map each slug to a label, not a list")),
    ("tags:\n  Belarus: Belarus\n", (2, 3, "'Belarus' must be lowercase letters, digits and single "
                                           "hyphens", "write it as 'belarus', and the label after it")),
    ("series:\n  aftermath:\n", (2, 3, "'aftermath' needs a label")),
    ("tags:\n  belarus: {label: B, colour: red}\n",
     (2, 23, "unknown setting 'colour' of 'belarus'", "write label and description")),
    ("article_types:\n  briefing: {label: B, schema: NewsArtikle}\n",
     (2, 24, "'NewsArtikle' is not a schema.org type of article",
      "did you mean 'NewsArticle' or 'ReviewNewsArticle'?")),
])
def test_a_mistake_in_a_term_is_reported_where_it_is_written(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert [p[:len(expected)] for p in problems] == [expected]


def parse_article(tmp_path, front: str, config: Config):
    return parsed(tmp_path, "articles/a.md", f"---\ntitle: A\ndate: 2024-01-01\nsummary: S\n{front}---\n",
                  config)


CONFIG = Config(tags=(Term("belarus", "Belarus"), Term("russia", "Russia")),
                series=(Term("aftermath", "After it"),))


def test_an_article_names_the_sites_terms(tmp_path):
    record, problems = parse_article(tmp_path, "type: analysis\ntags: [russia, belarus]\n"
                                               "series: aftermath\nupdates: older\n", CONFIG)
    assert problems == []
    assert (record.article_type, record.tags, record.series) == ("analysis", ("russia", "belarus"),
                                                                  "aftermath")
    assert [(ref.target, ref.field, ref.expects) for ref in record.refs] == [("older", "updates", "articles")]
    record, problems = parse_article(tmp_path, "", CONFIG)
    assert (record.article_type, record.tags, record.series, record.updates) == ("explainer", (), None, ())


def test_an_unknown_term_is_an_error_at_its_place(tmp_path):
    _, problems = parse_article(tmp_path, "type: analisys\ntags: [russia, belarsu, russia]\n"
                                          "series: afermath\n", CONFIG)
    assert problems == [
        (5, 7, "unknown type of article 'analisys'", "did you mean 'analysis'? Or add it to site.yaml "
                                                     "under `article_types:` (`analisys: Its label`)"),
        (6, 16, "unknown tag 'belarsu'", "did you mean 'belarus'? Or add it to site.yaml under "
                                         "`tags:` (`belarsu: Its label`)"),
        (6, 25, "'russia' is listed twice in 'tags'", "remove one of them"),
        (7, 9, "unknown series 'afermath'", "did you mean 'aftermath'? Or add it to site.yaml "
                                            "under `series:` (`afermath: Its label`)"),
    ]
    _, problems = parse_article(tmp_path, "tags: [ukraine]\n", Config())
    assert problems == [(5, 8, "unknown tag 'ukraine'", "Add it to site.yaml under `tags:` "
                                                        "(`ukraine: Its label`)")]


def test_an_article_cannot_update_itself_or_nothing(tmp_path):
    site = copy_site(SUEZ, tmp_path / "src")
    article = site / "content" / "articles" / f"{LONG}.md"
    article.write_text(article.read_text().replace(f"updates: {NUMBERS}", f"updates: {LONG}"))
    numbers = site / "content" / "articles" / f"{NUMBERS}.md"
    numbers.write_text(numbers.read_text().replace("series: six-days",
                                                   "series: six-days\nupdates: ever-given"))
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    report = failed.value.format()
    assert f"content/articles/{LONG}.md:6:10: error: an article cannot update itself" in report
    assert f"content/articles/{NUMBERS}.md:6:10: error: 'ever-given' is an actor, not an article" in report
    assert "hint: 'updates' names the earlier article this one follows" in report


@pytest.fixture(scope="module")
def suez(tmp_path_factory) -> dict[str, Path]:
    source = copy_site(SUEZ, tmp_path_factory.mktemp("suez-terms") / "src")
    outs = {}
    for name, options in {"plain": {}, "drafts": {"drafts": True},
                          "base": {"base_url": "https://example.org/suez/"}}.items():
        outs[name] = source.parent / name
        build(source, outs[name], **options)
    return outs




def test_each_tag_an_article_carries_has_a_page_with_its_label(suez):
    site = suez["plain"]
    assert sorted(p.name for p in (site / "tags").iterdir()) == ["egypt", "index.html", "salvage",
                                                                  "shipping", "suez-canal"]
    html = page(site, f"articles/{LONG}")
    assert re.findall(r'<a class="tag" href="([^"]*)" rel="tag">([^<]*)</a>', html) == [
        ("../../tags/shipping/index.html", "Shipping"), ("../../tags/egypt/index.html", "Egypt"),
        ("../../tags/suez-canal/index.html", "Suez Canal"), ("../../tags/salvage/index.html", "Salvage")]
    tag = page(site, "tags/suez-canal")
    assert '<h1 id="page-title">Suez Canal</h1>' in tag
    assert "The waterway between the Mediterranean and the Red Sea" in tag
    listed = re.findall(r'class="entity-name" href="../../articles/([^/]*)/', tag)
    assert listed == [LONG, NUMBERS]  # newest first
    # The draft is tagged `shipping` too, and nowhere in a build without drafts.
    assert "who-was-to-blame" not in page(site, "tags/shipping")
    assert "who-was-to-blame" in page(suez["drafts"], "tags/shipping")
    index = page(site, "tags")
    assert re.findall(r'>([^<]*)</a> <span class="entity-meta">(\d+) articles?', index) == [
        ("Egypt", "1"), ("Salvage", "1"), ("Shipping", "2"), ("Suez Canal", "2")]
    assert json_ld(html)["keywords"] == "Shipping, Egypt, Suez Canal, Salvage"
    sitemap = (suez["base"] / "sitemap.xml").read_text()
    assert "<loc>https://example.org/suez/tags/suez-canal/</loc>" in sitemap
    assert "<loc>https://example.org/suez/tags/</loc>" in sitemap


def test_an_articles_type_is_its_kicker_and_its_schema(suez):
    numbers = page(suez["plain"], f"articles/{NUMBERS}")
    assert '<p class="kicker" data-pagefind-ignore>In numbers · ' in numbers
    assert 'data-pagefind-meta="kind:In numbers"' in numbers
    assert json_ld(numbers)["@type"] == "AnalysisNewsArticle"
    assert json_ld(page(suez["plain"], f"articles/{LONG}"))["@type"] == "BackgroundNewsArticle"


def test_a_series_is_shown_in_order_on_each_of_its_articles(suez):
    for slug, number in ((NUMBERS, 1), (LONG, 2)):
        html = page(suez["plain"], f"articles/{slug}")
        assert f"Six days in the Suez Canal, part {number} of 2</span>" in html
        series = html.split('<nav class="series"', 1)[1].split("</nav>", 1)[0]
        parts = re.findall(r"<li>(.*?)</li>", series, re.S)
        assert len(parts) == 2 and '<span aria-current="page">' in parts[number - 1]
        assert "The Ever Given in numbers" in parts[0] and "How one ship closed" in parts[1]


def test_what_an_article_updates_is_linked_both_ways(suez):
    newer = page(suez["plain"], f"articles/{LONG}")
    assert (f'This explainer follows <a href="../../articles/{NUMBERS}/index.html">The Ever Given in '
            "numbers</a> (10 July 2021).") in newer
    older = page(suez["plain"], f"articles/{NUMBERS}")
    assert f'There is newer reporting: <a href="../../articles/{LONG}/index.html">' in older
    assert 'id="updates-title">Later reporting</h2>' in older
    # The draft follows the long article: only in a build with drafts.
    assert "Later reporting" not in page(suez["plain"], f"articles/{LONG}")
    assert "who-was-to-blame/index.html" in page(suez["drafts"], f"articles/{LONG}").split(
        'id="updates-title"')[1]


def test_the_example_tags_have_labels(tmp_path):
    out = tmp_path / "site"
    build(REPO, out)
    html = page(out, "articles/how-lukashenko-ended-the-wagner-mutiny")
    assert '>Wagner group</a>' in html and "tags/wagner/index.html" in html
    assert (out / "tags" / "mediation" / "index.html").is_file()


def test_the_generated_corpus_has_a_page_per_tag(tmp_path):
    from benchmarks.corpus import WORDS, write_corpus

    write_corpus(tmp_path / "src", articles=60)
    build(tmp_path / "src", tmp_path / "site")
    pages = {p.name for p in (tmp_path / "site" / "tags").iterdir() if p.is_dir()}
    assert pages and pages <= set(WORDS)
    for tag in pages:
        listed = re.findall(r'class="entity-name" href="../../articles/(article-\d+)/',
                            page(tmp_path / "site", f"tags/{tag}"))
        assert listed and all(f", {tag}" in (tmp_path / "src/content/articles" / f"{slug}.md").read_text()
                              or f"[{tag}," in (tmp_path / "src/content/articles" / f"{slug}.md").read_text()
                              for slug in listed)


def test_a_new_tag_on_an_article_updates_the_tag_pages(tmp_path):
    site = copy_site(SUEZ, tmp_path / "src")
    builder, live = Builder(site), LiveOutput(tmp_path / "live")
    builder.update(live)
    article = site / "content" / "articles" / f"{NUMBERS}.md"
    article.write_text(article.read_text().replace("tags: [shipping, suez-canal]",
                                                   "tags: [shipping, suez-canal, salvage]"))
    builder.update(live, {f"content/articles/{NUMBERS}.md"})
    assert NUMBERS in page(live.root, "tags/salvage")
    assert "Salvage</a> <span class=\"entity-meta\">2 articles" in page(live.root, "tags")
    clean = tmp_path / "clean"
    build(site, clean)
    assert tree_digest(live.root) == {k: v for k, v in tree_digest(clean).items()
                                      if not k.startswith(f"{SEARCH_DIR}/")}


def test_an_article_updates_only_an_earlier_one(tmp_path):
    site = copy_site(SUEZ, tmp_path / "src")
    numbers = site / "content" / "articles" / f"{NUMBERS}.md"  # 10 July; the long one is 14 July
    numbers.write_text(numbers.read_text().replace("series: six-days",
                                                   f"series: six-days\nupdates: {LONG}"))
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out")
    assert [(d.path, d.line, d.column, d.message, d.hint) for d in failed.value.diagnostics] == [
        (f"content/articles/{NUMBERS}.md", 6, 10,
         f"'{LONG}' (2021-07-14) is later than this article (2021-07-10)",
         f"an article updates or follows an earlier one: write `updates: {NUMBERS}` in '{LONG}' "
         "instead")]
