"""Typographic quotes, dashes and ellipses in what readers see, in the site's language."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from backstory import build
from backstory.text.markdown import make_parser, render_markdown
from backstory.text.typography import quotes_for, smarten

from .helpers import FIXTURES, REPO, copy_site, keep_as_typed


def test_each_language_gets_its_own_quotation_marks():
    assert render_markdown('He said "no".', language="en-GB") == "<p>He said “no”.</p>\n"
    assert render_markdown('Он сказал "нет".', language="ru") == "<p>Он сказал «нет».</p>\n"
    assert render_markdown('Er sagte "nein".', language="de") == "<p>Er sagte „nein“.</p>\n"
    # French sets guillemets off with narrow no-break spaces.
    assert render_markdown('Il a dit "non".', language="fr") == "<p>Il a dit «\u202fnon\u202f».</p>\n"
    assert quotes_for("xx-YY") == quotes_for("en")  # an unknown language gets the English marks
    # Inner quotes and apostrophes.
    assert render_markdown("""She wrote "he said 'never' twice" and it's true.""", language="en") == \
        "<p>She wrote “he said ‘never’ twice” and it’s true.</p>\n"


def test_dashes_and_ellipses_are_typed_with_the_keyboard():
    html = render_markdown("From 23--24 June --- then... a pause - and more.", language="en")
    assert html == "<p>From 23–24 June — then… a pause – and more.</p>\n"


def test_code_links_and_attributes_keep_what_was_typed():
    html = render_markdown('`a--b "c"` and [a "link"](https://example.org/a--b?q="x") ```', language="en")
    assert "<code>a--b &quot;c&quot;</code>" in html
    assert 'href="https://example.org/a--b?q=%22x%22"' in html
    assert ">a “link”</a>" in html
    fenced = render_markdown('```\nx = "a" -- b...\n```\n', language="en")
    assert 'x = &quot;a&quot; -- b...' in fenced


def test_a_quotation_attributed_with_two_hyphens_keeps_its_caption():
    # The attribution's `--` becomes an en dash before quotations.py looks for it.
    html = render_markdown('> "Done."\n>\n> -- Belta, 24 June 2023\n', language="en")
    assert "<figcaption>– Belta, 24 June 2023</figcaption>" in html and "<p>“Done.”</p>" in html


def test_without_a_language_render_markdown_keeps_straight_quotes():
    assert render_markdown('"as typed" -- here') == "<p>&quot;as typed&quot; -- here</p>\n"


def test_front_matter_text_gets_the_same_punctuation_as_prose():
    md = make_parser(True, quotes_for("en"))
    assert smarten("Belarus's \"deal\" -- 23--24 June...", md) == "Belarus’s “deal” – 23–24 June…"
    assert smarten("plain", make_parser(True, None)) == "plain"


class _VisibleText(HTMLParser):
    """The text a reader sees: not code, scripts, styles or attribute values."""

    # A textarea holds code to copy (the embed snippet), not prose.
    HIDDEN = {"code", "pre", "script", "style", "kbd", "samp", "template", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth, self.text = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.text)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("typography")
    example, suez = root / "example", root / "suez"
    build(REPO, example)
    build(copy_site(FIXTURES / "sites" / "suez", root / "suez-src"), suez)
    return {"example": example, "suez": suez}


@pytest.mark.parametrize("name", ["example", "suez"])
def test_no_page_shows_a_straight_quote_or_a_typed_dash(sites, name):
    pages = sorted(sites[name].rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        for typed in ('"', "'", " -- ", "...", " - "):
            assert typed not in text, (page, typed, text[max(0, text.find(typed) - 60):text.find(typed) + 60])
    assert "’" in visible_text((sites[name] / "index.html").read_text(encoding="utf-8"))


def test_a_site_may_keep_its_quotes_as_typed(tmp_path):
    site = copy_site(FIXTURES / "sites" / "suez", tmp_path / "src")
    keep_as_typed(site)
    build(site, tmp_path / "out")
    article = (tmp_path / "out/articles/how-the-ever-given-blocked-the-suez-canal/index.html")
    article = article.read_text(encoding="utf-8")
    assert "&quot;Ever Given leaves Suez Canal after compensation deal with Egypt&quot;" in article


def test_a_russian_site_quotes_with_guillemets_and_still_links_no_name_inside_them(tmp_path):
    site = tmp_path / "src"
    (site / "content/actors").mkdir(parents=True)
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Мятеж\nlanguage: ru\n", encoding="utf-8")
    (site / "content/actors/belarus.md").write_text(
        "---\nname: Беларусь\nkind: state\nsummary: Государство.\n---\nТекст.\n", encoding="utf-8")
    (site / "content/articles/deal.md").write_text(
        '---\ntitle: "Сделка"\ndate: 2023-06-24\nsummary: "Итог -- сделка."\n---\n'
        'Беларусь помогла. Белта написала: "Беларусь помогла".\n', encoding="utf-8")
    build(site, tmp_path / "out")
    html = (tmp_path / "out/articles/deal/index.html").read_text(encoding="utf-8")
    assert "«Беларусь помогла»" in html  # the quoted name is not a link
    assert html.count('href="../../actors/belarus/index.html"') >= 1
    assert "Итог – сделка." in html


@pytest.mark.parametrize(("language", "quoted"), [
    ("da", "»Egypt helped«"), ("sv", "”Egypt helped”"), ("ja", "「Egypt helped」"),
    ("fr", "«\u202fEgypt helped\u202f»")])
def test_no_name_is_linked_inside_any_language_s_quotation_marks(tmp_path, language, quoted):
    """Every pair of marks typography.py writes is a quotation to mentions.py, including
    those that open with what closes in another language (» in Danish)."""
    site = tmp_path / "src"
    (site / "content/actors").mkdir(parents=True)
    (site / "content/articles").mkdir(parents=True)
    (site / "site.yaml").write_text(f"title: Canal\nlanguage: {language}\n", encoding="utf-8")
    (site / "content/actors/egypt.md").write_text(
        "---\nname: Egypt\nkind: state\nsummary: A state.\n---\nText.\n", encoding="utf-8")
    (site / "content/articles/deal.md").write_text(
        '---\ntitle: Deal\ndate: 2021-07-07\nsummary: S.\n---\nThe agency wrote: "Egypt helped".\n',
        encoding="utf-8")
    build(site, tmp_path / "out")
    html = (tmp_path / "out/articles/deal/index.html").read_text(encoding="utf-8")
    assert f"<p>The agency wrote: {quoted}.</p>" in html  # no link inside the quoted words


def test_every_typed_dash_is_found_before_it_is_replaced():
    """dashes() looks for what _DASHES finds by substring first (_has_dashes): each typed form
    must be found, or it would never be replaced."""
    from backstory.text.typography import _DASH_FOR, _DASHES, _has_dashes

    assert set(_DASH_FOR) == set(_DASHES.pattern.replace("\\", "").split("|"))
    assert all(_has_dashes(f"a{typed}b") for typed in _DASH_FOR)
    assert not _has_dashes("a - b".replace(" - ", "-")) and not _has_dashes("a.. b")
