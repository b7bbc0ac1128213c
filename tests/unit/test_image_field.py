"""content/images.py: `image:` as text or as `{src, alt, caption, credit, credit_url}`, and
text/markdown.py's check that every image in a body has alt text."""

from __future__ import annotations

import pytest

from backstory.content.model import Image, Position
from backstory.errors import Diagnostics
from backstory.text.markdown import make_parser, parse_body

EVENT = "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n{image}---\nBody.\n"
ARTICLE = "---\ntitle: T\ndate: 2023-06-24\nsummary: S\n{image}---\nBody.\n"
ACTOR = "---\nname: Yevgeny Prigozhin\nkind: person\nsummary: S\n{image}---\n"


def found(problems) -> list[tuple]:
    return [(d.line, d.column, d.message, d.hint) for d in problems]


def test_a_mapping_gives_every_part(parse):
    record, problems = parse("articles/a.md", ARTICLE.format(image=(
        "image:\n  src: /images/route.png\n  alt: Route of the column\n"
        "  caption: The column turned back 200 km from Moscow\n"
        "  credit: 'Graphic: Backstory example desk'\n  credit_url: https://example.org/desk\n")))
    assert problems == []
    assert record.image == Image("images/route.png", "Route of the column",
                                 Position("content/articles/a.md", 6, 3),
                                 "The column turned back 200 km from Moscow",
                                 "Graphic: Backstory example desk", "https://example.org/desk")


def test_events_take_a_lead_image_and_a_whole_url_stays_whole(parse):
    record, problems = parse("events/e.md", EVENT.format(
        image="image: {src: 'https://example.org/x.jpg', alt: A map}\n"))
    assert problems == [] and (record.image.src, record.image.alt) == ("https://example.org/x.jpg", "A map")


def test_empty_alt_marks_a_decorative_picture(parse):
    record, problems = parse("articles/a.md", ARTICLE.format(image='image: {src: rule.svg, alt: ""}\n'))
    assert problems == [] and record.image.alt == ""


def test_a_portrait_as_text_is_described_by_the_actors_name(parse):
    record, problems = parse("actors/p.md", ACTOR.format(image="image: images/p.jpg\n"))
    assert problems == [] and (record.image.src, record.image.alt) == ("images/p.jpg", "Yevgeny Prigozhin")
    record, problems = parse("actors/p.md", ACTOR.format(
        image="image: {src: images/p.jpg, alt: 'Prigozhin in Rostov', credit: Desk}\n"))
    assert problems == [] and (record.image.alt, record.image.credit) == ("Prigozhin in Rostov", "Desk")


def test_a_lead_image_as_text_needs_alt_text(parse):
    record, problems = parse("articles/a.md", ARTICLE.format(image="image: /images/x.png\n"))
    assert found(problems) == [(5, 8, "'image' needs alt text: what the picture shows, for readers who "
                                      "cannot see it",
                                "write it as `image: {src: images/x.png, alt: \"What it shows\"}` "
                                "(`alt: \"\"` for a decorative picture)")]
    assert record.image is None


@pytest.mark.parametrize(("image", "expected"), [
    ("image:\n  alt: A map\n", [(6, 3, "'image' has no 'src'",
                                 "add `src: /images/picture.jpg` for static/images/picture.jpg, or a "
                                 "whole https:// URL")]),
    ("image:\n  src: x.png\n", [(6, 3, "'image' has no 'alt': say what the picture shows, for readers "
                                       "who cannot see it",
                                 'add `alt: "What it shows"` (`alt: ""` for a decorative picture)')]),
    ("image:\n  src: x.png\n  alt:\n", [(7, 7, "'alt' of 'image' is empty",
                                         'write `alt: "What it shows"` (`alt: ""` for a decorative '
                                         'picture)')]),
    ("image:\n  src: x.png\n  alt: A\n  capton: B\n", [(8, 3, "unknown field 'capton' in 'image'",
                                                       "did you mean 'caption'?")]),
    ("image:\n  src: ../x.png\n  alt: A\n", [(6, 8, "'image' must be a file under static/ or an "
                                                    "http(s) URL: a path cannot go up with ..",
                                               "write `src: /images/portrait.jpg` for "
                                               "static/images/portrait.jpg, or a whole URL such as "
                                               "`src: https://example.org/portrait.jpg`")]),
    ("image:\n  src: x.png\n  alt: A\n  credit: C\n  credit_url: javascript:alert(1)\n",
     [(9, 15, "links must be http:// or https:// URLs",
       "write the whole address, e.g. https://en.wikipedia.org/wiki/Belarus")]),
    ("image:\n  src: x.png\n  alt: 1917\n", [(7, 8, "'alt' of 'image' must be text, not a number",
                                             'quote it: alt: "1917"')]),
])
def test_each_mistake_in_the_mapping_is_told_where_it_stands(parse, image, expected):
    record, problems = parse("articles/a.md", ARTICLE.format(image=image))
    assert found(problems) == expected
    assert record is not None  # the rest of the file is still read


def test_an_image_in_a_body_needs_alt_text_unless_marked_decorative():
    diagnostics = Diagnostics()
    body = parse_body(make_parser(), 'Intro.\n\n![](/images/a.png)\n\nA ![""](/images/rule.svg) b '
                      "![ ](https://example.org/x.png)\n", 10, "content/articles/a.md", diagnostics)
    assert [(d.line, d.column, d.message) for d in diagnostics.sorted()] == [
        (12, 1, "image '/images/a.png' has no alt text"),
        (14, 29, "image 'https://example.org/x.png' has no alt text")]
    assert diagnostics.sorted()[0].hint == (
        "say what it shows for readers who cannot see it: ![What it shows](/images/a.png); for a "
        'decorative image write ![""](/images/a.png)')
    assert [kind for kind, _, _ in body.addresses] == ["image", "image"]


@pytest.mark.parametrize("image, expected", [
    ('image: {src: "", alt: A map, credit: Desk}\n', (5, 14, "'src' of 'image' is empty",
                                                      "write `src: /images/picture.jpg`")),
    ("image: {src: null, alt: A map, credit: Desk}\n", (5, 14, "'src' of 'image' is empty",
                                                        "write `src: /images/picture.jpg`")),
    ('image: {src: x.png, alt: "   ", credit: Desk}\n',
     (5, 26, "'alt' of 'image' is empty",
      'write `alt: "What it shows"` (`alt: ""` for a decorative picture)')),
])
def test_a_blank_src_or_alt_is_an_error_never_a_picture_gone_quietly(parse, image, expected):
    record, problems = parse("articles/a.md", ARTICLE.format(image=image))
    assert found(problems) == [expected] and record.image is None
