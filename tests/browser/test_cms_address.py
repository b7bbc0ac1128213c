"""Decap 3.16.3 loads an entry when its editor opens, not when only the address moves on to
another entry: the form then shows the new entry's fields with the old entry's values and body,
and saving would write them into the old entry's file (Decap's own behaviour: it does the same
without Backstory's scripts). entryguard.js refuses that save; Back to the entry the form holds
saves as usual (docs/cms.md)."""

from __future__ import annotations

import pytest

from . import test_cms
from .decap_support import field, wait_for_change

# test_cms.py's fixtures (a copy of the example site, Decap logged in to decap-server), and Publish.
cms_site, editor, publish = test_cms.cms_site, test_cms.editor, test_cms.publish

pytestmark = pytest.mark.browser

BELTA_BODY = "Belta is the official news agency of [[belarus]]"


def test_a_save_after_only_the_address_changed_is_refused_and_writes_nothing(editor, cms_site):
    from playwright.sync_api import expect

    page, url, errors = editor
    actor = cms_site / "content" / "actors" / "belta.md"
    event = cms_site / "content" / "events" / "wagner-mutiny.md"
    actor_before, event_before = actor.read_text(encoding="utf-8"), event.read_text(encoding="utf-8")

    page.goto(url("/admin/#/collections/actors/entries/belta"))
    expect(field(page, "name")).to_have_value("Belta")
    page.goto(url("/admin/#/collections/events/entries/wagner-mutiny"))  # the hash alone: same page
    # Decap's form: the event's fields, the actor's body (the preview shows it too).
    expect(page.get_by_text("Writing in Events collection")).to_be_visible()
    expect(page.get_by_text(BELTA_BODY).first).to_be_visible()
    # What an author would do, seeing the event's title and date empty: type them, and save.
    page.get_by_label("Title", exact=True).fill("The Wagner mutiny")
    page.get_by_label("Date", exact=True).fill("2023-06-24")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()
    expect(page.get_by_text("the address names events/wagner-mutiny, but the form holds actors/belta",
                            exact=False)).to_be_visible()
    page.wait_for_timeout(1000)  # decap-server would have written by now
    assert actor.read_text(encoding="utf-8") == actor_before  # without the guard: title and date in it
    assert event.read_text(encoding="utf-8") == event_before

    # Decap rejects its save's promise with the failure it dispatched (an object), as for any
    # save that fails; nothing catches it.
    assert errors == ["Object"]
    errors.clear()
    # The page reloaded, Decap loads the entry the address names, and a save writes it.
    page.goto("about:blank")
    page.goto(url("/admin/#/collections/actors/entries/belta"))
    field(page, "summary").fill("Belarus's state news agency.")
    publish(page, "actors", "belta")
    after = wait_for_change(actor, actor_before)
    assert "summary: Belarus's state news agency.\n" in after and "title:" not in after
    assert BELTA_BODY in after
    assert errors == []
