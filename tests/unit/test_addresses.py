"""addresses.py: anchors, links and images in bodies checked at the place they are written."""

from __future__ import annotations

import pytest

from backstory.content.config import Config
from backstory.content.model import Actor, Article, Image, Position
from backstory.content.when import When
from backstory.errors import Diagnostics
from backstory.graph.addresses import Landing, check_addresses, landing
from backstory.graph.deps import layout_closure
from backstory.graph.resolve import resolve
from backstory.pages.render import make_environment
from backstory.pages.urls import site_path
from backstory.pictures.raster import Picture
from backstory.text.markdown import make_parser, parse_body

ACTOR_PAGE_IDS = frozenset({"page-title", "map-title", "events-title", "main"})


def actor(slug: str, body: str = "", image: str | None = None) -> Actor:
    path = f"content/actors/{slug}.md"
    return Actor(slug, path, slug.title(), "person", "S.", parse_body(make_parser(), body, 6, path),
                 image=Image(image.lstrip("/"), slug, Position(path, 4, 8)) if image else None)


def article(slug: str, body: str) -> Article:
    path = f"content/articles/{slug}.md"
    return Article(slug, path, slug.title(), When(2023, 6, 26), "S.",
                   parse_body(make_parser(), body, 6, path))


def problems(records, pictures=None, static=("images/map.png",), pages=()) -> list:
    diagnostics = Diagnostics()
    site = resolve(records, diagnostics)
    assert diagnostics.items == []
    files = {f"{r.type}/{r.slug}/index.html" for r in records} | set(static) | set(pages)
    pictures = pictures or {path: Picture(path, "image/png", 10, 10) for path in static}
    check_addresses(site, Landing(frozenset(files), frozenset(static), {"actors": ACTOR_PAGE_IDS},
                                  pictures), diagnostics)
    return [(d.path, d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


LUKASHENKO = actor("lukashenko", "## Career\n\nText.\n\n## The 2020 election\n")


def test_anchors_of_headings_and_of_the_layout_are_found():
    text = "[[lukashenko#career]], [[lukashenko#the-2020-election]], [[lukashenko#map-title]]\n"
    assert problems([LUKASHENKO, article("a", text)]) == []


def test_an_unknown_anchor_is_reported_where_written_with_did_you_mean():
    found = problems([LUKASHENKO, article("a", "Intro.\n\nHis [[lukashenko#Career|career]].\n")])
    assert found == [("content/articles/a.md", 8, 5, "no anchor '#Career' on 'lukashenko'",
                      "did you mean '#career'?")]


def test_an_anchor_far_from_any_lists_the_headings():
    found = problems([LUKASHENKO, article("a", "[[lukashenko#zzz]]\n")])
    assert found[0][3:] == ("no anchor '#zzz' on 'lukashenko'",
                            "its headings' anchors: #career, #the-2020-election")


def test_an_anchor_on_the_same_page():
    body = "## What happened\n\nSee [[#what-happened]] and [[#what-hapened]].\n"
    assert problems([article("a", body)]) == [
        ("content/articles/a.md", 8, 28, "no anchor '#what-hapened' on this page",
         "did you mean '#what-happened'?")]


def test_an_anchor_to_an_unknown_page_is_left_to_resolve():
    diagnostics = Diagnostics()
    site = resolve([article("a", "[[nobody#x]]\n")], diagnostics)
    check_addresses(site, Landing(frozenset(), frozenset(), {}, {}), diagnostics)
    assert [d.message for d in diagnostics.items] == ["unknown page 'nobody'"]


def test_markdown_links_to_pages_and_their_anchors():
    body = ("[a](../../actors/lukashenko/) [b](../../actors/lukashenko/index.html#career) "
            "[c](../../actors/lukashenko#career) [d](#notes) [e](../../actors/lukashenko/#carer)\n")
    found = problems([LUKASHENKO, article("a", body)])
    assert [(f[2], f[3], f[4]) for f in found] == [
        (body.index("[d]") + 1, "no anchor '#notes' on this page",
         "an anchor is a heading's id: its text in lower case, spaces as hyphens"),
        (body.index("[e]") + 1, "no anchor '#carer' on 'lukashenko'", "did you mean '#career'?")]


def test_an_image_relative_to_the_page_must_be_there():
    found = problems([article("a", "![Map](images/map.png)\n")])
    assert found == [("content/articles/a.md", 6, 1, "image 'images/map.png' names nothing in the site: "
                      "from this page it is /articles/a/images/map.png",
                      "static/images/map.png is '/images/map.png' from any page")]
    assert problems([article("a", "![Map](../../images/map.png) ![Map](/images/map.png)\n")]) == []


def test_a_misspelt_image_gets_the_closest_file():
    found = problems([article("a", "![Map](../../images/mpa.png)\n")])
    assert found[0][3:] == ("image '../../images/mpa.png' names nothing in the site: from this page "
                            "it is /images/mpa.png",
                            "static/images/map.png is '/images/map.png' from any page")


def test_an_address_from_the_root_is_read_from_the_site_root_whatever_the_base_path():
    """`/images/map.png` is static/images/map.png: each page writes it as it reaches it
    (under base_url's path when published), so the base path is never part of it."""
    body = "![a](/images/map.png)\n![b](/suez/images/map.png)\n![c](../../images/map.png)\n"
    found = problems([article("a", body)])
    assert found == [("content/articles/a.md", 7, 1, "image '/suez/images/map.png' names nothing in "
                      "the site: from this page it is /suez/images/map.png",
                      "static/images/map.png is '/images/map.png' from any page")]


@pytest.mark.parametrize(("problem", "message"), [
    ("is not a JPEG, PNG, WebP or GIF image (it holds text)",
     "image '/images/map.png': static/images/map.png is not a JPEG, PNG, WebP or GIF image (it holds text)"),
])
def test_a_picture_that_cannot_be_read_is_reported_where_each_page_names_it(problem, message):
    pictures = {"images/map.png": Picture("images/map.png", problem=problem)}
    found = problems([article("a", "Intro.\n\n![Map](/images/map.png)\n"),
                      actor("b", image="images/map.png")], pictures)
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [
        ("content/actors/b.md", 4, 8, message.replace("'/images", "'images")),
        ("content/articles/a.md", 8, 1, message)]
    assert found[0][4].startswith("open it in an image editor")


def test_a_file_that_is_no_picture_is_not_an_image():
    found = problems([article("a", "![Notes](/files/notes.pdf)\n")], static=("files/notes.pdf",),
                     pictures={"x": Picture("x")})
    assert found[0][3:] == ("image '/files/notes.pdf' is not a picture: static/files/notes.pdf",
                            "name a .jpg, .png, .webp, .gif or .svg file")


def test_climbing_above_the_site_is_reported():
    found = problems([article("a", "![x](../../../images/map.png)\n")])
    assert found[0][3] == "image '../../../images/map.png' leads outside the site"


def test_an_actors_image_field_names_a_static_file():
    assert problems([actor("a", image="images/map.png"), actor("b", image="/images/map.png"),
                     actor("c", image="https://example.org/x.png")]) == []
    assert problems([actor("d", image="images/mapp.png")]) == [
        ("content/actors/d.md", 4, 8, "image 'images/mapp.png' is not a file under static/",
         "did you mean 'images/map.png'?")]


@pytest.mark.parametrize(("path", "page", "landed"), [
    ("images/x.jpg", "articles/a/", "articles/a/images/x.jpg"),
    ("../../images/x.jpg", "articles/a/", "images/x.jpg"),
    ("/images/x.jpg", "articles/a/", "images/x.jpg"),
    ("/suez/images/x.jpg", "articles/a/", "suez/images/x.jpg"),
    ("/", "articles/a/", ""),
    ("/../x", "articles/a/", None),
    ("../../../x", "articles/a/", None),
    ("../a/../../../x", "articles/a/", None),
    ("", "articles/a/", "articles/a"),
    ("my%20map.png", "events/e/", "events/e/my map.png"),
])
def test_site_path_reads_an_address_from_the_page_or_the_site_root(path, page, landed):
    assert site_path(path, page) == landed


def test_landing_reads_literal_ids_from_the_page_layout_and_what_it_extends(tmp_path):
    env = make_environment(tmp_path)  # the default layouts
    records = [LUKASHENKO, article("a", "x")]
    site = resolve(records, Diagnostics())
    found = landing(site, Config(title="T", base_url="https://x.org/suez/"), env, ["images/map.png"],
                    ["assets/style.css"], layout_closure)
    # actor.html and base.html, which it extends; article.html for articles.
    assert {"page-title", "map-title", "events-title", "main"} <= found.layout_ids["actors"]
    assert "sources-title" in found.layout_ids["articles"]
    assert "after-title" not in found.layout_ids["articles"]  # event.html's
    assert not any("{" in i for ids in found.layout_ids.values() for i in ids)
    assert {"actors/lukashenko/index.html", "images/map.png", "assets/style.css", "index.html"} <= found.files
    assert found.pictures == {}
