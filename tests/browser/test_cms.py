"""The browser editor end to end: `backstory cms` on a copy of the example site, Decap CMS at
/admin/ in Chromium with decap-server writing into the site's folder, an actor and then an event
naming it made in the forms, and a build in which their pages link each other (docs/cms.md).

Nothing comes from the internet: Decap CMS and decap-server are installed by the suite from
tests/cms/package-lock.json (tests/cms/tools.py), and the page loads the installed copy, as a
site that vendors Decap does (`cms: {script: decap/decap-cms.js}`).
"""

from __future__ import annotations

import re

import pytest
from PIL import Image

from backstory import build
from backstory.commands.cli import main

from ..cms.tools import require_tools
from ..helpers import copy_example
from .decap_support import WAIT_MS, DecapServer, field, logged_in, point_at, wait_for_change, wait_for_file

pytestmark = pytest.mark.browser

ACTOR, EVENT = "anna-testova", "testova-talks"


def publish(page, collection: str, slug: str) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()
    # Decap opens the entry's own address once decap-server has written the file.
    page.wait_for_url(f"**/#/collections/{collection}/entries/{slug}", timeout=WAIT_MS)


@pytest.fixture
def cms_site(tmp_path):
    """A copy of the example site with the editor written into it and Decap vendored."""
    require_tools()
    site = copy_example(tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("\ncms:\n  script: decap/decap-cms.js\n")
    assert main(["cms", "--source", str(site)]) == 0
    return site


@pytest.fixture
def editor(browser, cms_site, tmp_path):
    """Decap at /admin/ of the built site, logged in to decap-server writing into `cms_site`:
    the page, and the errors its scripts raised, which the test checks at its end."""
    decap = DecapServer(cms_site, tmp_path / "decap-server.log")
    try:
        point_at(cms_site, decap)
        with logged_in(browser, cms_site, decap, tmp_path / "served") as opened:
            yield opened
    finally:
        decap.close()


def add_with_role(page, name: str, role: str) -> None:
    """A new row in an event's Actors: the actor searched by name, then the role typed."""
    from playwright.sync_api import expect
    rows = page.locator('[id^="page_slug-field-"]')
    before = rows.count()
    page.get_by_role("button", name="Add Actor").click()
    expect(rows).to_have_count(before + 1)
    rows.nth(before).fill(name)  # the relation searches actors by name
    page.get_by_text(name, exact=True).last.click()
    if role:
        page.locator('[id^="page_role-field-"]').nth(before).fill(role)


def roles_on_page(event_page: str) -> dict[str, str]:
    """Each actor the built event page lists, with the role shown beside the name."""
    found = re.findall(r'<a class="entity-name" href="\.\./\.\./actors/([a-z0-9-]+)/index\.html">'
                       r'[^<]*</a>\s*(?:<span class="role">([^<]*)</span>)?', event_page)
    return dict(found)


def test_an_actor_and_an_event_made_in_the_cms_link_each_other(editor, cms_site, tmp_path):
    page, url, errors = editor
    portrait = tmp_path / "testova.png"
    Image.new("RGB", (48, 64), (120, 40, 40)).save(portrait)

    page.goto(url("/admin/#/collections/actors/new"))
    field(page, "name").fill("Anna Testova")
    field(page, "kind").click()
    page.get_by_text("Person", exact=True).click()
    field(page, "summary").fill("A mediator made up for this test.")
    field(page, "born").fill("1971-03")
    page.get_by_role("button", name="Choose an image").click()  # Decap's media library
    page.locator('input[type="file"]').set_input_files(portrait)
    page.get_by_role("button", name="Choose selected").click()
    publish(page, "actors", ACTOR)
    actor_file = wait_for_file(cms_site / "content" / "actors" / f"{ACTOR}.md")
    assert "name: Anna Testova\nkind: person\n" in actor_file
    assert "image: /images/testova.png\n" in actor_file  # static/images/, from the root
    assert (cms_site / "static" / "images" / "testova.png").read_bytes() == portrait.read_bytes()

    page.goto(url("/admin/#/collections/events/new"))
    field(page, "title").fill("Testova talks")
    field(page, "date").fill("2023-06-25 morning")
    field(page, "summary").fill("Anna Testova met both sides.")
    add_with_role(page, "Anna Testova", "")
    publish(page, "events", EVENT)
    event_file = wait_for_file(cms_site / "content" / "events" / f"{EVENT}.md")
    assert f"actors:\n  - {ACTOR}\n" in event_file  # no role: the slug alone, as an author writes it
    assert errors == []

    out = tmp_path / "out"
    build(cms_site, out)
    event_page = (out / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    actor_page = (out / "actors" / ACTOR / "index.html").read_text(encoding="utf-8")
    assert f'href="../../actors/{ACTOR}/index.html"' in event_page
    assert f'href="../../events/{EVENT}/index.html"' in actor_page
    assert "<time datetime=\"1971-03\"" in actor_page  # the month, as typed: no day invented
    assert 'src="../../images/testova.png"' in actor_page


def test_an_actor_added_with_a_role_keeps_every_earlier_actor_and_role(editor, cms_site, tmp_path):
    from playwright.sync_api import expect

    page, url, errors = editor
    path = cms_site / "content" / "events" / "wagner-mutiny.md"
    before = path.read_text(encoding="utf-8")
    earlier = {"yevgeny-prigozhin": "leader of the mutiny", "wagner-group": "mutinying force",
               "vladimir-putin": "challenged head of state", "kremlin": "power under challenge",
               "alexander-lukashenko": "mediator"}
    assert "".join(f"  - {slug}: {role}\n" for slug, role in earlier.items()) in before

    page.goto(url("/admin/#/collections/events/entries/wagner-mutiny"))
    # Every actor the file names is a row of the form, with its role.
    roles = page.locator('[id^="page_role-field-"]')
    expect(roles).to_have_count(len(earlier))
    assert [roles.nth(i).input_value() for i in range(len(earlier))] == list(earlier.values())
    for name in ("Yevgeny Prigozhin", "Wagner group", "Vladimir Putin", "The Kremlin",
                 "Alexander Lukashenko"):
        expect(page.get_by_text(name, exact=True).first).to_be_visible()
    add_with_role(page, "Belta", "reported the deal")
    publish(page, "events", "wagner-mutiny")
    after = wait_for_change(path, before)
    wanted = {**earlier, "belta": "reported the deal"}
    assert "actors:\n" + "".join(f"  - {slug}: {role}\n" for slug, role in wanted.items()) in after
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1]  # the body as it was
    assert errors == []

    out = tmp_path / "out"
    build(cms_site, out)
    event_page = (out / "events" / "wagner-mutiny" / "index.html").read_text(encoding="utf-8")
    assert roles_on_page(event_page) == wanted


def test_an_event_saved_with_its_actors_untouched_keeps_them_as_written(editor, cms_site, tmp_path):
    from playwright.sync_api import expect

    page, url, errors = editor
    path = cms_site / "content" / "events" / "lukashenko-mediation.md"
    # Both forms an author writes, a role and none.
    actors = ("actors:\n  - alexander-lukashenko: mediator\n  - yevgeny-prigozhin: party to the deal\n"
              "  - vladimir-putin: party to the deal\n  - belta\n")
    before = path.read_text(encoding="utf-8").replace("  - belta: reporter\n", "  - belta\n")
    assert actors in before
    path.write_text(before, encoding="utf-8")

    page.goto(url("/admin/#/collections/events/entries/lukashenko-mediation"))
    expect(page.locator('[id^="page_slug-field-"]')).to_have_count(4)
    field(page, "title").fill("Lukashenko brokers the end of the mutiny")
    publish(page, "events", "lukashenko-mediation")
    after = wait_for_change(path, before)
    assert "title: Lukashenko brokers the end of the mutiny\n" in after
    assert actors in after

    # A role removed in the form leaves the slug alone; the other rows keep theirs.
    page.locator('[id^="page_role-field-"]').nth(2).fill("")
    publish(page, "events", "lukashenko-mediation")
    last = wait_for_change(path, after)
    assert actors.replace("vladimir-putin: party to the deal", "vladimir-putin") in last
    assert errors == []
