"""Pictures in the browser editor: an actor's `image:` written as text or as a mapping is saved
as it was read when another field is edited, and a credit typed into the form is written into
the mapping (picture.js; tests/cms/test_picture_script.py has the cases without a browser). A
place's coordinates written as a mapping are kept too (Decap's own list)."""

from __future__ import annotations

import pytest

from . import test_cms
from .decap_support import field, wait_for_change

# test_cms.py's fixtures (a copy of the example site, Decap logged in to decap-server), and Publish.
cms_site, editor, publish = test_cms.cms_site, test_cms.editor, test_cms.publish

pytestmark = pytest.mark.browser

MAPPING = "image:\n  src: /images/belta.png\n  alt: Belta's logo\n  credit: Belta\n"
TEXT = "image: /images/prigozhin.jpg\n"


def with_front_matter_line(path, line: str) -> str:
    """The file given `line` at the end of its front matter; its new text."""
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    text = f"{head}\n{line}---\n{body}"
    path.write_text(text, encoding="utf-8")
    return text


def edit_summary_and_publish(page, url, collection: str, slug: str, path, before: str) -> str:
    page.goto(url(f"/admin/#/collections/{collection}/entries/{slug}"))
    field(page, "summary").fill("Changed in the form.")
    publish(page, collection, slug)
    return wait_for_change(path, before)


def test_pictures_as_text_and_as_mappings_are_saved_as_read(editor, cms_site):
    page, url, errors = editor
    actors = cms_site / "content" / "actors"
    belta = with_front_matter_line(actors / "belta.md", MAPPING)
    after = edit_summary_and_publish(page, url, "actors", "belta", actors / "belta.md", belta)
    assert "summary: Changed in the form.\n" in after and MAPPING in after

    page.goto("about:blank")  # a fresh editor: Decap loads an entry only when its editor opens
    prigozhin = with_front_matter_line(actors / "yevgeny-prigozhin.md", TEXT)
    after = edit_summary_and_publish(page, url, "actors", "yevgeny-prigozhin",
                                     actors / "yevgeny-prigozhin.md", prigozhin)
    assert "summary: Changed in the form.\n" in after and TEXT in after

    page.goto("about:blank")
    minsk = cms_site / "content" / "places" / "minsk.md"
    text = minsk.read_text(encoding="utf-8").replace("coordinates: [53.9, 27.5667]",
                                                     "coordinates: {latitude: 53.9, longitude: 27.5667}")
    minsk.write_text(text, encoding="utf-8")
    after = edit_summary_and_publish(page, url, "places", "minsk", minsk, text)
    assert "coordinates:\n  latitude: 53.9\n  longitude: 27.5667\n" in after
    assert errors == []


def test_a_credit_typed_into_the_form_is_written_into_the_mapping(editor, cms_site):
    page, url, errors = editor
    path = cms_site / "content" / "actors" / "belta.md"
    before = with_front_matter_line(path, MAPPING)
    page.goto(url("/admin/#/collections/actors/entries/belta"))
    assert field(page, "alt").input_value() == "Belta's logo"
    field(page, "credit").fill("Belta, the agency's own")
    publish(page, "actors", "belta")
    after = wait_for_change(path, before)
    assert MAPPING.replace("credit: Belta", "credit: Belta, the agency's own") in after

    # A portrait written as text, given a credit, becomes a mapping whose alt text is the name.
    page.goto("about:blank")
    path = cms_site / "content" / "actors" / "yevgeny-prigozhin.md"
    before = with_front_matter_line(path, TEXT)
    page.goto(url("/admin/#/collections/actors/entries/yevgeny-prigozhin"))
    field(page, "credit").fill("Press service")
    publish(page, "actors", "yevgeny-prigozhin")
    after = wait_for_change(path, before)
    assert ("image:\n  src: /images/prigozhin.jpg\n  alt: Yevgeny Prigozhin\n  credit: Press service\n"
            in after)
    assert errors == []
