"""Decap's editorial workflow end to end (`cms: {workflow: editorial}`, docs/cms.md): a copy of
the example site made a git repository, decap-server in its git mode, an actor made in the form
and saved as a draft, which lives on its own branch and in no build of main, then set Ready and
published through the editor, which merges it into main and so into the build.

Nothing comes from the internet, as in test_cms.py, whose helpers these are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from backstory import build
from backstory.commands.cli import main

from ..cms.tools import require_tools
from ..helpers import copy_example
from .decap_support import WAIT_MS, DecapServer, field, logged_in, point_at, wait_for_file

pytestmark = pytest.mark.browser

ACTOR = "anna-testova"
BRANCH = f"cms/actors/{ACTOR}"  # decap-server's name for the entry's branch: cms/<collection>/<slug>
ACTOR_FILE = f"content/actors/{ACTOR}.md"


def git(site: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(site), *arguments], check=True, capture_output=True,
                          text=True).stdout


def status_of(site: Path) -> str:
    """The workflow status decap-server keeps as the branch's description ("" for none)."""
    found = subprocess.run(["git", "-C", str(site), "config", f"branch.{BRANCH}.description"],
                           capture_output=True, text=True)
    return found.stdout.strip()


def wait_until(question, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not question():
        assert time.monotonic() < deadline, f"decap-server did not {what}"
        time.sleep(0.05)


@pytest.fixture
def workflow_site(tmp_path):
    """A copy of the example site with the editorial workflow on, a git repository on `main`
    holding it and its editor in one commit, as docs/cms.md asks before editing."""
    require_tools()
    if shutil.which("git") is None:
        why = "the editorial workflow keeps drafts on git branches, and there is no git on PATH"
        pytest.fail(why, pytrace=False) if os.environ.get("CI") else pytest.skip(why)
    site = copy_example(tmp_path / "site")
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("\ncms:\n  script: decap/decap-cms.js\n  workflow: editorial\n")
    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "config", "user.name", "Backstory test")
    git(site, "config", "user.email", "test@backstory.invalid")
    git(site, "config", "commit.gpgsign", "false")
    assert main(["cms", "--source", str(site)]) == 0
    return site


@pytest.fixture
def editor(browser, workflow_site, tmp_path):
    decap = DecapServer(workflow_site, tmp_path / "decap-server.log", mode="git")
    try:
        point_at(workflow_site, decap)
        git(workflow_site, "add", "--all")
        git(workflow_site, "commit", "--quiet", "-m", "The site and its editor")
        with logged_in(browser, workflow_site, decap, tmp_path / "served") as opened:
            opened[0].on("dialog", lambda dialog: dialog.accept())  # Publish asks "are you sure?"
            yield opened
    finally:
        decap.close()


def test_a_draft_stays_on_its_branch_until_published(editor, workflow_site, tmp_path):
    from playwright.sync_api import expect

    page, url, errors = editor
    site = workflow_site
    page.goto(url("/admin/#/collections/actors/new"))
    field(page, "name").fill("Anna Testova")
    field(page, "kind").click()
    page.get_by_text("Person", exact=True).click()
    field(page, "summary").fill("A mediator made up for this test.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"**/#/collections/actors/entries/{ACTOR}", timeout=WAIT_MS)
    expect(page.get_by_text("Status: Draft", exact=True)).to_be_visible()

    # Saved, not published: on its own branch, not on main, so not in the folder nor the build.
    wait_until(lambda: status_of(site) == "decap-cms/draft", "keep the draft's status")
    assert git(site, "branch", "--show-current").strip() == "main"
    assert "name: Anna Testova\n" in git(site, "show", f"{BRANCH}:{ACTOR_FILE}")
    assert git(site, "ls-tree", "main", "--", ACTOR_FILE) == ""
    assert not (site / ACTOR_FILE).exists()
    assert git(site, "status", "--porcelain") == ""  # the editor's files are still main's
    draft_build = tmp_path / "draft-build"
    build(site, draft_build)
    assert (draft_build / "actors" / "alexander-lukashenko" / "index.html").is_file()
    assert not (draft_build / "actors" / ACTOR).exists()

    # The Workflow tab lists it; opened again, the form reads it from its branch.
    page.goto(url("/admin/#/workflow"))
    expect(page.get_by_text("Anna Testova").first).to_be_visible()
    page.goto(url(f"/admin/#/collections/actors/entries/{ACTOR}"))
    expect(field(page, "name")).to_have_value("Anna Testova")
    page.get_by_text("Status: Draft", exact=True).click()
    page.get_by_text("Ready", exact=True).click()
    wait_until(lambda: status_of(site) == "decap-cms/pending_publish", "mark the draft ready")
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()

    # Published: merged into main, whose folder and build now have it; the branch is gone.
    assert "name: Anna Testova\n" in wait_for_file(site / ACTOR_FILE)
    assert ACTOR_FILE in git(site, "ls-tree", "-r", "--name-only", "main", "--", "content/actors/")
    assert git(site, "branch", "--list", "cms/*") == ""
    published_build = tmp_path / "published-build"
    build(site, published_build)
    assert "Anna Testova" in (published_build / "actors" / ACTOR / "index.html").read_text("utf-8")
    assert errors == []
