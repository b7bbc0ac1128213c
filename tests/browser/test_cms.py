"""The browser editor end to end: `backstory cms` on a copy of the example site, Decap CMS at
/admin/ in Chromium with decap-server writing into the site's folder, an actor and then an event
naming it made in the forms, and a build in which their pages link each other (docs/cms.md).

Nothing comes from the internet: Decap CMS and decap-server are installed by the suite from
tests/cms/package-lock.json (tests/cms/tools.py), and the page loads the installed copy, as a
site that vendors Decap does (`cms: {script: decap/decap-cms.js}`).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from backstory import build
from backstory.commands.cli import main

from ..cms.tools import DECAP_DIST, DECAP_SERVER, require_tools
from ..helpers import copy_example
from .support import StaticServer

pytestmark = pytest.mark.browser

WAIT_MS = 30_000  # for any one thing Decap shows; it is usually there within a second
ACTOR, EVENT = "anna-testova", "testova-talks"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DecapServer:
    """decap-server in its folder mode, writing into `site`, on 127.0.0.1 and a free port; its
    process group is killed by close()."""

    def __init__(self, site: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        env = {**os.environ, "PORT": str(self.port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(site), "LOG_LEVEL": "info"}
        self.log = log.open("w")
        self.process = subprocess.Popen(["node", str(DECAP_SERVER)], cwd=site, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        request = urllib.request.Request(self.url, data=json.dumps({"action": "info"}).encode(),
                                         headers={"Content-Type": "application/json"})
        while True:
            assert self.process.poll() is None, f"decap-server ended: {self.process.returncode}"
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    assert json.load(response)["type"] == "local_fs"
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # the port opens once Node has loaded express: no event to wait on

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def wait_for_file(path: Path, seconds: float = 10) -> str:
    """The file's text once decap-server has written it (Decap has already said it saved)."""
    deadline = time.monotonic() + seconds
    while not path.is_file():
        assert time.monotonic() < deadline, f"decap-server wrote no {path}"
        time.sleep(0.05)
    return path.read_text(encoding="utf-8")


def wait_for_change(path: Path, before: str, seconds: float = 10) -> str:
    """The file's text once decap-server has written it over `before`."""
    deadline = time.monotonic() + seconds
    while (text := path.read_text(encoding="utf-8")) == before:
        assert time.monotonic() < deadline, f"decap-server did not write {path}"
        time.sleep(0.05)
    return text


def field(page, name: str):
    """A field of Decap's form by its name: Decap gives each control the id `<name>-field-<n>`."""
    return page.locator(f'[id^="{name}-field-"]').first


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
    # The local backend at decap-server's port (Decap's default, 8081, may be taken here).
    config = cms_site / "static" / "admin" / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "local_backend: true", f"local_backend:\n  url: {decap.url}"), encoding="utf-8")
    served = tmp_path / "served"
    build(cms_site, served)
    (served / "admin" / "decap").symlink_to(DECAP_DIST, target_is_directory=True)
    server = StaticServer(served)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        decap.wait_until_ready()
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url("/admin/"))
        page.get_by_role("button", name="Login").click()  # the local backend asks no password
        yield page, server.url, errors
    finally:
        context.close()
        server.close()
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
