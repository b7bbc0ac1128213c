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


def test_an_actor_and_an_event_made_in_the_cms_link_each_other(browser, cms_site, tmp_path):
    decap = DecapServer(cms_site, tmp_path / "decap-server.log")
    # The local backend at decap-server's port (Decap's default, 8081, may be taken here).
    config = cms_site / "static" / "admin" / "config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "local_backend: true", f"local_backend:\n  url: {decap.url}"), encoding="utf-8")
    served = tmp_path / "served"
    build(cms_site, served)
    (served / "admin" / "decap").symlink_to(DECAP_DIST, target_is_directory=True)
    server = StaticServer(served)
    portrait = tmp_path / "testova.png"
    Image.new("RGB", (48, 64), (120, 40, 40)).save(portrait)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        decap.wait_until_ready()
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url("/admin/"))
        page.get_by_role("button", name="Login").click()  # the local backend asks no password

        page.goto(server.url("/admin/#/collections/actors/new"))
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

        page.goto(server.url("/admin/#/collections/events/new"))
        field(page, "title").fill("Testova talks")
        field(page, "date").fill("2023-06-25 morning")
        field(page, "summary").fill("Anna Testova met both sides.")
        field(page, "actors").fill("Testova")  # the relation searches actors by name
        page.get_by_text("Anna Testova", exact=True).click()
        publish(page, "events", EVENT)
        event_file = wait_for_file(cms_site / "content" / "events" / f"{EVENT}.md")
        assert f"actors:\n  - {ACTOR}\n" in event_file
        assert errors == []
    finally:
        context.close()
        server.close()
        decap.close()

    out = tmp_path / "out"
    build(cms_site, out)
    event_page = (out / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    actor_page = (out / "actors" / ACTOR / "index.html").read_text(encoding="utf-8")
    assert f'href="../../actors/{ACTOR}/index.html"' in event_page
    assert f'href="../../events/{EVENT}/index.html"' in actor_page
    assert "<time datetime=\"1971-03\"" in actor_page  # the month, as typed: no day invented
    assert 'src="../../images/testova.png"' in actor_page
