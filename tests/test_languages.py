"""A site in several languages: each language's pages at its prefix, linked to each other by
hreflang and the switcher, the untranslated shown as the original or left out, backlinks from
each language's own prose, and sitemaps, feeds and search per language. Checked on a small
site, on the example (English and Russian) and on the second story (English and French)."""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backstory.pipeline.builder import Builder

from .helpers import BASIC_SITE, FIXTURES, REPO, cache_folder, copy_site, tree_digest

pytestmark = pytest.mark.slow

BASE_URL = "https://example.org/story/"
LANGUAGES = "languages:\n  en: {name: English}\n  ru: {name: Русский, title: Пример}\n"
ADA_RU = ("---\nname: Ада Лавлейс\naliases: [Ада]\n---\n"
          "Ада работала с [[charles-babbage|Бэббиджем]]; её заметки читали в [[royal-society]].\n")
NOTES_RU = ("---\ntitle: Заметки опубликованы\nsummary: Заметки Ады выходят в печать.\n"
            "roles: {ada-lovelace: автор}\n---\nАда и [[charles-babbage]].\n")
ARTICLE_RU = "---\ntitle: Первая программа\n---\nАда написала первую программу.\n"


def small_site(tmp_path: Path, extra: str = "") -> Path:
    """The basic site with Russian translations of Ada, the notes and the article (Charles
    Babbage, the Royal Society and the other event untranslated)."""
    site = copy_site(BASIC_SITE, tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(LANGUAGES + extra)
    (site / "content/actors/ada-lovelace.ru.md").write_text(ADA_RU, encoding="utf-8")
    (site / "content/events/analytical-engine-notes.ru.md").write_text(NOTES_RU, encoding="utf-8")
    (site / "content/articles/first-program.ru.md").write_text(ARTICLE_RU, encoding="utf-8")
    return site


def build(site: Path, out: Path, **settings) -> Builder:
    builder = Builder(site, jobs=1, **settings)
    builder.build(out)
    return builder


class _Head(HTMLParser):
    """A page's language, canonical, alternates, switcher links and lang-marked elements."""

    def __init__(self):
        super().__init__()
        self.lang, self.canonical, self.alternates, self.switcher = None, None, {}, []
        self.marked: list[tuple[str, str]] = []  # (tag, lang) of elements below <html>
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "nav" and "site-languages" in (a.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append((a["hreflang"], a["href"], a.get("aria-current") == "page"))
        elif "lang" in a:
            self.marked.append((tag, a["lang"]))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def head(out: Path, path: str) -> _Head:
    parsed = _Head()
    parsed.feed((out / path).read_text(encoding="utf-8"))
    return parsed


def page_of(url: str) -> str:
    """An output file from a link under BASE_URL: a whole URL, or a path from the host."""
    path = url.removeprefix(BASE_URL).removeprefix("/story/")
    return path + "index.html" if path == "" or path.endswith("/") else path


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("small")
    site = small_site(root)
    build(site, root / "out", base_url=BASE_URL)
    return site, root / "out"


def test_each_language_has_its_pages_at_its_prefix_and_the_default_keeps_its_own(small, tmp_path):
    plain = copy_site(BASIC_SITE, tmp_path / "plain")
    build(plain, tmp_path / "plain-out", base_url=BASE_URL)
    _, out = small
    def pages(folder: Path) -> set[str]:  # what the build renders: not assets, pictures, search
        return {p for p in tree_digest(folder) if p.endswith((".html", ".xml", ".json", ".txt"))
                and not p.startswith(("pagefind/", "assets/", "images/"))}

    english, built = pages(tmp_path / "plain-out"), pages(out)
    assert english <= built  # the default language's pages stay where they were
    russian = {p.removeprefix("ru/") for p in built - english}
    # Every page again under ru/, but the 404 page and robots.txt (one per site)
    assert russian == english - {"404.html", "robots.txt"}
    ada = (out / "ru/actors/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in ada and ">Ада Лавлейс</h1>" in ada
    assert "Ада работала с" in ada
    notes = (out / "ru/events/analytical-engine-notes/index.html").read_text(encoding="utf-8")
    assert ">автор<" in notes and "Заметки опубликованы" in notes
    # The layouts' own words in Russian, the site's title as languages: gives it
    assert "Кто есть кто" in ada and "<title>Ада Лавлейс · Пример</title>" in ada


def test_hreflang_alternates_name_each_other_both_ways_with_x_default(small):
    _, out = small
    pages = [p.relative_to(out).as_posix() for p in out.rglob("index.html")]
    linked = 0
    for path in pages:
        page = head(out, path)
        if not page.alternates:
            continue
        linked += 1
        assert set(page.alternates) >= {"en", "x-default"}, path
        assert page.alternates["x-default"] == page.alternates["en"]
        assert page_of(page.alternates[page.lang]) == path  # itself among them
        for language, url in page.alternates.items():
            other = head(out, page_of(url))
            assert other.lang == (language if language != "x-default" else "en")
            assert other.alternates == page.alternates, (path, url)  # the same set, both ways
    assert linked >= 20
    # Translated in both: each names the other
    ada = head(out, "actors/ada-lovelace/index.html")
    assert ada.alternates == {"en": BASE_URL + "actors/ada-lovelace/", "x-default": BASE_URL +
                              "actors/ada-lovelace/", "ru": BASE_URL + "ru/actors/ada-lovelace/"}


def test_the_switcher_keeps_the_reader_on_the_same_page(small):
    _, out = small
    for path in ("actors/ada-lovelace/index.html", "ru/actors/ada-lovelace/index.html",
                 "ru/timeline/index.html", "events/index.html", "ru/actors/charles-babbage/index.html"):
        page = head(out, path)
        assert [(code, current) for code, _, current in page.switcher] == [
            ("en", page.lang == "en"), ("ru", page.lang == "ru")], path
        for code, href, _ in page.switcher:
            assert page_of(href) == ("ru/" if code == "ru" else "") + path.removeprefix("ru/")


def test_an_untranslated_page_shows_the_original_marked_and_names_it_canonical(small):
    site, out = small
    babbage = head(out, "ru/actors/charles-babbage/index.html")
    assert babbage.lang == "ru"  # the page's own words: its headings, navigation
    assert ("h1", "en") in babbage.marked and ("div", "en") in babbage.marked  # the original's
    assert babbage.canonical == BASE_URL + "actors/charles-babbage/"
    assert babbage.alternates == {}  # not a translation: no hreflang names it
    html = (out / "ru/actors/charles-babbage/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html  # not indexed as Russian
    sitemap = (out / "ru/sitemap.xml").read_text(encoding="utf-8")
    assert "ru/actors/ada-lovelace/" in sitemap and "ru/actors/charles-babbage/" not in sitemap
    # In a Russian list, Babbage's English name is marked as English; Ada's is not marked
    notes = (out / "ru/events/analytical-engine-notes/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*ru/actors/charles-babbage/" lang="en">Charles Babbage<', notes)
    assert re.search(r'href="[^"]*ru/actors/ada-lovelace/">Ада Лавлейс<', notes)


def test_omit_leaves_the_untranslated_out_and_links_lead_to_the_original(tmp_path):
    site = small_site(tmp_path, "untranslated: omit\n")
    build(site, tmp_path / "out")  # links relative to each page, so the check follows them on disk
    out = tmp_path / "out"
    assert not (out / "ru/actors/charles-babbage").exists()
    assert not (out / "ru/embed/actors/charles-babbage").exists()
    assert (out / "ru/actors/ada-lovelace/index.html").is_file()
    notes = (out / "ru/events/analytical-engine-notes/index.html").read_text(encoding="utf-8")
    assert 'href="../../../actors/charles-babbage/index.html" lang="en">Charles Babbage<' in notes
    babbage = head(out, "actors/charles-babbage/index.html")
    assert babbage.switcher == [] and babbage.alternates == {}  # one language has it
    from backstory.output.linkcheck import check_site
    assert [d.format() for d in check_site(out)] == []


def test_each_language_lists_what_its_own_prose_links(small):
    _, out = small
    # Only the Russian Ada links the Royal Society: its Russian page lists her, its English not.
    russian = (out / "ru/actors/royal-society/index.html").read_text(encoding="utf-8")
    english = (out / "actors/royal-society/index.html").read_text(encoding="utf-8")
    assert 'href="/story/ru/actors/ada-lovelace/">Ада Лавлейс<' in russian
    assert "ada-lovelace" not in english


def test_feeds_sitemaps_and_robots_per_language(small):
    _, out = small
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert robots.endswith(f"Sitemap: {BASE_URL}sitemap.xml\nSitemap: {BASE_URL}ru/sitemap.xml\n")
    feed = (out / "ru/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ru"' in feed and f"<id>{BASE_URL}ru/feed.xml</id>" in feed
    assert re.findall(r"<entry>\s*<id>([^<]*)</id>", feed) == [BASE_URL + "ru/articles/first-program/"]
    events = (out / "ru/events/feed.xml").read_text(encoding="utf-8")
    # Only the translated event: the other is in English, which the English feed carries
    assert re.findall(r"<entry>\s*<id>([^<]*)</id>", events) == [
        BASE_URL + "ru/events/analytical-engine-notes/"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<url>\s*<loc>" + re.escape(BASE_URL + "actors/ada-lovelace/") + r"</loc>.*?</url>",
                      sitemap, re.S).group(0)
    assert f'hreflang="ru" href="{BASE_URL}ru/actors/ada-lovelace/"' in entry
    assert f'hreflang="x-default" href="{BASE_URL}actors/ada-lovelace/"' in entry


def test_search_indexes_each_language_apart(small):
    _, out = small
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    # Russian: Ada, the notes and the article (untranslated pages are not indexed as Russian)
    assert entry["languages"]["ru"]["page_count"] == 3
    assert entry["languages"]["en"]["page_count"] == 6
    names = json.loads((out / "ru/search/names.json").read_text(encoding="utf-8"))
    assert "Ада Лавлейс" in json.dumps(names, ensure_ascii=False)


def test_an_edited_translation_rewrites_only_its_language(tmp_path):
    site = small_site(tmp_path)
    out = tmp_path / "out"
    Builder(site, cache=True, jobs=1).build(out)
    def digests(folder: Path) -> dict[str, str]:  # the search index is made again, not compared
        return {p: d for p, d in tree_digest(folder).items() if not p.startswith("pagefind/")}

    before = digests(out)
    (site / "content/actors/ada-lovelace.ru.md").write_text(
        ADA_RU.replace("Ада Лавлейс", "Августа Ада Лавлейс"), encoding="utf-8")
    again = Builder(site, cache=True, jobs=1).build(out)
    after = digests(out)
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    assert again.rewritten and "ru/actors/ada-lovelace/index.html" in changed
    assert all(path.startswith("ru/") for path in changed), changed
    Builder(site, jobs=1).build(tmp_path / "clean")  # the same as a clean build
    assert digests(tmp_path / "clean") == after


def test_every_language_prefixed_puts_a_chooser_at_the_root(tmp_path):
    site = small_site(tmp_path, "default_language_prefix: true\n")
    build(site, tmp_path / "out", base_url=BASE_URL)
    out = tmp_path / "out"
    assert (out / "en/actors/ada-lovelace/index.html").is_file()
    assert not (out / "actors").exists()
    assert (out / "404.html").is_file() and (out / "robots.txt").is_file()
    root = head(out, "index.html")
    assert root.alternates == {"en": BASE_URL + "en/", "ru": BASE_URL + "ru/", "x-default": BASE_URL}
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="/story/ru/" hreflang="ru" lang="ru">Русский<' in html
    assert "location.replace" in html  # a browser asking for Russian goes there
    ada = head(out, "en/actors/ada-lovelace/index.html")
    assert ada.alternates["x-default"] == BASE_URL + "en/actors/ada-lovelace/"


@pytest.mark.parametrize("story, language", [(REPO, "ru"), (FIXTURES / "sites" / "suez", "fr")])
def test_both_explainers_in_two_languages_link_only_to_what_exists(story, language, tmp_path):
    from backstory.output.linkcheck import check_site
    site = copy_site(story, tmp_path / "site") if story != REPO else REPO
    out = tmp_path / "out"
    build(site, out)  # links relative to each page, so the check follows them on disk
    assert [d.format() for d in check_site(out)] == []
    prefix = f"{language}/"
    pages = [p.relative_to(out).as_posix() for p in (out / language).rglob("index.html")
             if "embed" not in p.parts]
    assert len(pages) > 20
    for path in pages:
        page = head(out, path)
        assert page.lang == language, path
        if page.switcher:  # every page but the search page's data: each language's version
            assert [current for _, _, current in page.switcher].count(True) == 1
            for code, href, _ in page.switcher:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
                assert head(out, target).lang == code, (path, href)
                assert target.removeprefix(prefix) == path.removeprefix(prefix)


def test_the_preview_follows_translations_added_edited_and_removed(tmp_path):
    """What `backstory serve` does after each edit (Builder.update) equals a clean build."""
    from backstory.output.search import SEARCH_DIR
    from backstory.output.write import LiveOutput

    site = small_site(tmp_path)
    builder = Builder(site, hash_assets=False)
    live = LiveOutput(tmp_path / "live")
    builder.update(live)

    def same_as_clean(step: str) -> None:
        clean = tmp_path / f"clean-{step}"
        Builder(site, hash_assets=False, jobs=1).build(clean)
        expected = {n: d for n, d in tree_digest(clean).items() if not n.startswith(f"{SEARCH_DIR}/")}
        assert tree_digest(live.root) == expected, step

    babbage = site / "content/actors/charles-babbage.ru.md"
    ada = site / "content/actors/ada-lovelace.ru.md"
    steps = [
        ("edit a translation", lambda: ada.write_text(ADA_RU.replace("работала", "трудилась"),
                                                      encoding="utf-8")),
        ("translate a page", lambda: babbage.write_text("---\nname: Чарльз Бэббидж\n---\nИзобретатель.\n",
                                                        encoding="utf-8")),
        ("rename an original", lambda: (site / "content/actors/royal-society.md").write_text(
            (site / "content/actors/royal-society.md").read_text(encoding="utf-8").replace(
                "name: Royal Society", "name: The Royal Society"), encoding="utf-8")),
        ("remove a translation", babbage.unlink),
        ("leave the untranslated out", lambda: (site / "site.yaml").write_text(
            (site / "site.yaml").read_text(encoding="utf-8") + "untranslated: omit\n", encoding="utf-8")),
    ]
    for step, change in steps:
        change()
        result = builder.update(live)
        assert result.written or result.removed, step
        same_as_clean(step)
    ada_page = (live.root / "ru/actors/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert ada_page.count("трудилась") == 1
    assert not (live.root / "ru/actors/charles-babbage").exists()


def test_forms_of_a_name_link_prose_but_are_not_listed_as_other_names(tmp_path):
    site = small_site(tmp_path)
    (site / "content/actors/ada-lovelace.ru.md").write_text(
        "---\nname: Ада Лавлейс\naliases: [Ада]\nforms: [Ады, Аде]\n---\nО ней.\n", encoding="utf-8")
    (site / "content/articles/first-program.ru.md").write_text(
        "---\ntitle: Первая программа\n---\nЗаметки Ады вышли в 1843 году.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(site, out)
    article = (out / "ru/articles/first-program/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="ref ref-actors autolink" href="[^"]*ru/actors/ada-lovelace/[^"]*">Ады</a>',
                     article)
    ada = (out / "ru/actors/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert '<span class="alias">Ада</span></dd>' in ada and '<span class="alias">Ады' not in ada


def test_a_warm_build_of_an_unchanged_site_in_two_languages_rewrites_nothing(tmp_path):
    """Translations come from the cache as they went in: linked again only where something
    changed, so the cache is not written again (it was, every build, with every body parsed)."""
    site = small_site(tmp_path)
    out = tmp_path / "out"
    Builder(site, cache=True, jobs=1).build(out)
    cache = cache_folder(site, out)
    saved = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in cache.rglob("*") if p.is_file()}
    again = Builder(site, cache=True, jobs=1).build(out)
    assert again.rewritten == 0
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in cache.rglob("*") if p.is_file()} == saved


def test_the_sites_own_labels_in_each_language(tmp_path):
    """site.yaml's kinds, tags, series and article types, worded per language (the second
    story's French), the site's own elsewhere."""
    site = copy_site(FIXTURES / "sites" / "suez", tmp_path / "site")
    out = tmp_path / "out"
    build(site, out)
    french, english = (out / "fr/actors/index.html").read_text(encoding="utf-8"), \
        (out / "actors/index.html").read_text(encoding="utf-8")
    assert ">Navires<" in french and ">Tribunaux<" in french and ">Ships<" not in french
    assert ">Ships<" in english and ">Courts<" in english
    article = (out / "fr/articles/how-the-ever-given-blocked-the-suez-canal/index.html").read_text(
        encoding="utf-8")
    assert "Six jours dans le canal de Suez, partie 2 sur 2" in article
    assert ">Transport maritime<" in (out / "fr/tags/index.html").read_text(encoding="utf-8")


def test_every_link_to_an_untranslated_page_says_its_language(tmp_path):
    """On a French page, the title of a page shown in English carries lang="en" wherever the
    layouts link it: lists, the timeline, neighbours, the article it follows (not yet inside
    the maps' drawings: SVG)."""
    site = copy_site(FIXTURES / "sites" / "suez", tmp_path / "site")
    out = tmp_path / "out"
    build(site, out)
    untranslated = {"ever-given-in-numbers", "uk-pi-club", "lloyds-list", "ever-given-sails",
                    "settlement-signed", "port-said"}
    unmarked, marked = [], 0
    for page in (out / "fr").rglob("index.html"):
        html = re.sub(r"<svg\b.*?</svg>", "", page.read_text(encoding="utf-8"), flags=re.S)
        # A link named by the page's title or name (not a body's link, whose words and language
        # are its prose's, nor a sentence around a name)
        for before, href, after, text in re.findall(r'<a ([^>]*?)href="([^"]+)"([^>]*)>([^<]+)</a>', html):
            slug = href.rstrip("/").removesuffix("/index.html").rsplit("/", 1)[-1]
            attributes = before + after
            if slug not in untranslated or "/fr/" not in href or "ref " in attributes \
                    or "hreflang=" in attributes or " sur " in text:
                continue
            if 'lang="en"' in attributes:
                marked += 1
            else:
                unmarked.append((page.relative_to(out).as_posix(), href, text))
    assert unmarked == [] and marked > 50
