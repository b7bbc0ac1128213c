"""What the preview watches: only what a build reads, no litter, and polling when inotify runs out."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import time
import warnings
from pathlib import Path

import pytest
from watchdog.observers import inotify_c

from backstory import build

from .helpers import BASIC_SITE, copy_site
from .test_serve import Running

pytestmark = pytest.mark.slow  # a real file watcher, waiting for its events


def eventually(condition, timeout: float = 15) -> bool:
    """Whether condition() holds within timeout seconds (for changes seen by polling)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def watched_inodes() -> set[tuple[int, int]]:
    """(device, inode) of every folder this process has an inotify watch on, from the kernel's
    own list (/proc/self/fdinfo), whatever watchdog believes."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != "anon_inode:inotify":
                continue
            lines = Path(f"/proc/self/fdinfo/{fd}").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            if match := re.match(r"inotify wd:\S+ ino:([0-9a-f]+) sdev:([0-9a-f]+)", line):
                found.add(int(match[1], 16))
    return found


def folders(*roots: Path) -> set[int]:
    return {os.stat(p).st_ino for root in roots for p in [root, *root.rglob("*")] if p.is_dir()}


def test_only_what_the_build_reads_is_watched(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    for i in range(300):  # a big site/ from an earlier build, and the build's records
        (site / f"site/articles/a-{i}").mkdir(parents=True)
        (site / f"site/articles/a-{i}/index.html").write_text("old")
    (site / ".backstory/outputs/site/cache").mkdir(parents=True)
    before = watched_inodes()
    running = Running(tmp_path, site)
    try:
        site = running.site
        watched = watched_inodes() - before
        # The site's folder itself (for site.yaml and top folders made later) and content/.
        assert watched == folders(site / "content") | {os.stat(site).st_ino}
        assert not watched & folders(site / "site", site / ".backstory")
        assert running.preview.watcher.watched() == [(str(site.resolve()), False),
                                                     (str((site / "content").resolve()), True)]
        # layouts/ and static/ made later are watched too, and so is an atomic site.yaml save.
        layouts, static = site / "layouts", site / "static"
        running.change(lambda: layouts.mkdir() or (layouts / "404.html").write_text(
            "{% extends 'base.html' %}{% block main %}<p>Nothing here.</p>{% endblock %}"))
        assert "Nothing here." in running.get("no/such/page")[2].decode()
        running.change(lambda: static.mkdir() or (static / "note.txt").write_text("one"))
        assert running.get("note.txt")[2] == b"one"
        running.edit("static/note.txt", "one", "two")
        assert running.get("note.txt")[2] == b"two"
        running.edit("layouts/404.html", "Nothing here.", "Still nothing.")
        assert "Still nothing." in running.get("no/such/page")[2].decode()

        def save_config_atomically():
            temporary = site / ".site.yaml.tmp"
            temporary.write_text((site / "site.yaml").read_text().replace("Test Explainer", "Retitled"))
            os.replace(temporary, site / "site.yaml")

        running.change(save_config_atomically)
        assert "Retitled" in running.page("")
        watched = watched_inodes() - before
        assert watched == folders(site / "content", layouts, static) | {os.stat(site).st_ino}
    finally:
        running.close()


def test_a_top_folder_renamed_away_and_back_is_watched_again(tmp_path, running):
    site = running.site
    running.change(lambda: (site / "content").rename(site / "content-away"))
    assert running.preview.last_errors  # no content/: the build says so
    # Edits in the folder that went away are not the site's any more.
    before = running.preview.rebuilds
    (site / "content-away/articles/first-program.md").write_text("gone")
    time.sleep(0.6)
    assert running.preview.rebuilds == before
    running.change(lambda: (site / "content-away").rename(site / "content"))
    assert running.preview.watcher.watched()[1] == (str((site / "content").resolve()), True)
    running.edit("content/articles/first-program.md", "gone", "---\ntitle: Back\ndate: 1843-09-01\n"
                 "summary: S.\n---\n## Background\n\nBack again.\n")  # charles-babbage links here
    assert "Back again." in running.page("articles/first-program/")


def test_building_into_the_watched_folder_warns_and_rebuilds_nothing(running):
    before = running.preview.rebuilds
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            build(running.site)  # into site/ and .backstory/, beside the watched sources
        time.sleep(0.6)
    assert [str(w.message)[:120] for w in caught] == []
    assert running.preview.rebuilds == before
    assert running.lines[1:] == []


LITTER = ["content/events/sedAkcPD1", "content/events/4913", "content/events/5036",
          "content/events/.#x.md", "content/events/x.md~", "content/events/.x.md.swp",
          "content/events/x.tmp", "layouts/sedQ1w2E3",
          "layouts/base.html___jb_tmp___", "static/.x.css.swp", "static/x.css~"]


def test_editor_and_tool_litter_never_rebuilds_and_is_never_named(running):
    running.change(lambda: (running.site / "layouts").mkdir() or (running.site / "static").mkdir())
    before = running.preview.rebuilds
    for relative in LITTER:
        path = running.site / relative
        path.write_text("scratch")
        path.unlink()
    time.sleep(0.6)
    assert running.preview.rebuilds == before
    target = running.site / "content/articles/first-program.md"

    def sed_in_place():  # `sed -i`: a temporary sedXXXXXX beside the file, renamed over it
        temporary = target.with_name("sedAkcPD1")
        temporary.write_text(target.read_text().replace("annotated", "edited"))
        os.replace(temporary, target)

    running.change(sed_in_place)
    # The article, and the front page that shows the newest article's opening.
    assert re.search(r" content/articles/first-program\.md: 2 pages written", running.lines[-1])
    assert "edited" in running.page("articles/first-program/")
    # A file the build reports is not litter: it rebuilds, and the report shows it.
    notes = running.site / "content/events/notes.txt"
    running.change(lambda: notes.write_text("not Markdown"))
    assert "content/events/notes.txt:1:1: warning: not a Markdown file" in "\n".join(running.lines)


def _fail_with(code: int):
    def fail(*args):
        ctypes.set_errno(code)
        return -1
    return fail


def _polling_lines(running: Running) -> list[str]:
    return [line for line in running.lines if "polling" in line]


def test_no_inotify_instance_left_falls_back_to_polling(tmp_path, monkeypatch):
    monkeypatch.setattr(inotify_c, "inotify_init", _fail_with(errno.EMFILE))
    running = Running(tmp_path)
    try:
        [line] = _polling_lines(running)
        assert "inotify instance limit reached" in line
        assert "sudo sysctl fs.inotify.max_user_instances=512" in line
        running.edit("content/articles/first-program.md", "annotated", "polled")
        assert "polled" in running.page("articles/first-program/")
    finally:
        running.close()


def test_no_inotify_watch_left_at_start_falls_back_to_polling(tmp_path, monkeypatch):
    monkeypatch.setattr(inotify_c, "inotify_add_watch", _fail_with(errno.ENOSPC))
    running = Running(tmp_path)
    try:
        [line] = _polling_lines(running)
        assert "inotify watch limit reached" in line and "max_user_watches" in line
        running.edit("content/actors/ada-lovelace.md", "name: Ada Lovelace", "name: Ada King")
        assert "Ada King" in running.page("actors/ada-lovelace/")
    finally:
        running.close()


def test_no_inotify_watch_left_for_a_new_folder_falls_back_to_polling(running, monkeypatch):
    real = inotify_c.inotify_add_watch

    def add_watch(fd, path, mask):  # the limit is reached when the new folder is watched
        return _fail_with(errno.ENOSPC)() if b"/deep" in path else real(fd, path, mask)

    monkeypatch.setattr(inotify_c, "inotify_add_watch", add_watch)
    deep = running.site / "content/articles/deep"
    deep.mkdir()
    (deep / "later.md").write_text("---\ntitle: Later\ndate: 2024-02-01\nsummary: S.\n---\nFirst.\n")
    assert eventually(lambda: running.get("articles/later/")[0] == 200)
    time.sleep(0.3)  # the edit below is a change of its own, after the folder's first rebuild
    (deep / "later.md").write_text("---\ntitle: Later\ndate: 2024-02-01\nsummary: S.\n---\nSecond.\n")
    assert eventually(lambda: "Second." in running.page("articles/later/"))
    [line] = _polling_lines(running)  # said once
    assert "inotify watch limit reached" in line and "max_user_watches" in line


@pytest.fixture
def running(tmp_path):
    session = Running(tmp_path)
    yield session
    session.close()
