"""What a build refuses, and how: links out of the site are refused without a word of what they
lead to, outputs that a case-insensitive disk would merge are errors, and no input can make a
build hang or read without end."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from backstory import BuildFailed
from backstory.output import cache
from backstory.pages import deadline
from backstory.pages.render import make_environment
from backstory.pipeline.builder import Builder
from backstory.preview.session import Preview

from .helpers import BASIC_SITE, cache_folder, copy_site, run_cli, tree_digest

SECRET_LINE = "root:$6$SECRET-HASH-4411:20228:0:99999:7:::"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site(BASIC_SITE, tmp_path / "src")


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the site, as /etc/shadow is."""
    path = tmp_path / "outside" / "shadow"
    path.parent.mkdir()
    path.write_text(SECRET_LINE + "\nsecond line\n", encoding="utf-8")
    return path


# Links out of the site -----------------------------------------------------------------------


@pytest.mark.parametrize("place", ["static/notes.txt", "layouts/assets/leak.css", "layouts/leak.html",
                                   "layouts/partials/lists.html", "content/articles/leak.md"])
def test_a_link_out_of_the_site_is_refused_without_quoting_it(site, secret, tmp_path, capsys, place):
    link = site / place
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 1
    assert f"{place}:1:1: error: symbolic link points outside" in err
    assert "SECRET" not in err and "second line" not in err
    assert not (site / "site").exists()  # nothing published, nothing half-made


def test_the_preview_shows_a_refused_link_without_quoting_it(site, secret):
    (site / "static").mkdir()
    (site / "static" / "notes.txt").symlink_to(secret)
    said: list[str] = []
    preview = Preview(site, port=0, say=said.append)
    try:
        preview.start()
        assert preview.last_errors and all("SECRET" not in d.format() for d in preview.last_errors)
        page = (preview.output.root / "index.html")
        body = preview.server.root.joinpath("index.html").read_text() if page.exists() else ""
        assert "SECRET" not in body
        assert not [line for line in said if "SECRET" in line]
    finally:
        preview.close()


def test_a_layout_included_through_a_link_out_of_the_site_is_not_read(site, secret, capsys):
    layouts = site / "layouts"
    layouts.mkdir()
    (layouts / "sneaky.html").symlink_to(secret)
    article = (BASIC_SITE.parents[2].parent / "layouts" / "article.html").read_text(encoding="utf-8")
    (layouts / "article.html").write_text(article.replace(
        "{% block main %}", "{% block main %}{% include 'sneaky.html' %}", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        Builder(site).build()
    text = failed.value.format()
    assert "layouts/sneaky.html:1:1: error: symbolic link points outside layouts/" in text
    assert "SECRET" not in text
    # And the loader itself refuses it, whoever asks.
    env = make_environment(site)
    with pytest.raises(TemplateNotFound):
        env.get_template("sneaky.html")


# Outputs a case-insensitive disk would merge -----------------------------------------------------


@pytest.mark.parametrize(("static", "other", "maker"), [
    ("Index.html", "index.html", "layouts/home.html"),
    ("Actors/notes.txt", "actors", "content/actors/"),
    ("ASSETS/extra.css", "assets", "the default layouts' assets/"),
    ("articles/First-Program/index.html", "articles/first-program",
     "content/articles/first-program.md"),
])
def test_outputs_equal_but_for_case_are_an_error_naming_both(site, capsys, static, other, maker):
    path = site / "static" / static
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("mine", encoding="utf-8")
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 1, err
    assert f"static/{static}:1:1: error: " in err  # at the file the author put there
    assert f"is made by {maker}" in err  # and names what makes the other
    assert "differ only in case" in err and (f" and {other} differ" in err or f" and {other}/ differ" in err)
    assert not (site / "site").exists()


def test_unicode_forms_of_one_name_are_one_file_too(site, capsys):
    (site / "static").mkdir()
    (site / "static" / "caf\u00e9.txt").write_text("composed", encoding="utf-8")
    (site / "static" / "cafe\u0301.txt").write_text("decomposed", encoding="utf-8")
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 1 and "differ only in case" in err


# Inputs that could make a build hang or read without end ------------------------------------------


def _built_twice(site: Path, damage) -> tuple[float, str]:
    """Build with the cache, damage it, build again in a process of its own with a time limit."""
    assert Builder(site, cache=True).build().rewritten is None
    damage(cache.cache_path(cache_folder(site, site / "site")))
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "backstory", "build", "--source", str(site)],
                          capture_output=True, text=True, timeout=120, cwd=site.parent)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started, done.stdout


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _zeros(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("damage", [_fifo, _zeros], ids=["fifo", "dev-zero"])
def test_a_cache_file_that_is_a_fifo_or_a_device_is_no_cache(site, damage):
    _, said = _built_twice(site, damage)
    assert "written or removed" not in said  # a clean build, not one from that cache
    assert Builder(site, cache=True).build().rewritten == 0  # which saved a good cache again


@pytest.mark.slow  # waits out the page time limit
def test_a_layout_that_never_ends_is_an_error_naming_it(site, capsys):
    layouts = site / "layouts"
    layouts.mkdir()
    article = (BASIC_SITE.parents[2].parent / "layouts" / "article.html").read_text(encoding="utf-8")
    (layouts / "article.html").write_text(article.replace(
        "{% block main %}", "{% block main %}{% for i in range(10**12) %}{{ i }}{% endfor %}", 1),
        encoding="utf-8")
    before = tree_digest(site) if (site / "site").exists() else {}
    with pytest.raises(BuildFailed) as failed:
        Builder(site, page_seconds=1).build()
    text = failed.value.format()
    assert "layouts/article.html:3:" in text
    assert "took longer than 1 s (while rendering articles/first-program/index.html)" in text
    assert "a loop in this layout may never end" in text
    assert before == ({} if not (site / "site").exists() else tree_digest(site))


def test_a_page_under_its_limit_is_not_touched_by_it(site):
    """The limit cancels cleanly: pages that finish in time render as without one."""
    with_limit, without = site.parent / "a", site.parent / "b"
    Builder(site, page_seconds=5, keep_record=False).build(with_limit)
    Builder(site, page_seconds=None, keep_record=False).build(without)
    assert tree_digest(with_limit) == tree_digest(without)


def test_a_layout_missing_while_a_page_renders_names_the_page(site):
    """An include whose name is made while rendering can only fail then: the error names the
    layout's line and the page it was making."""
    layouts = site / "layouts"
    layouts.mkdir()
    actor = (BASIC_SITE.parents[2].parent / "layouts" / "actor.html").read_text(encoding="utf-8")
    (layouts / "actor.html").write_text(actor.replace(
        "{% block main %}", "{% block main %}{% include actor.slug ~ '.html' %}", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        Builder(site).build()
    text = failed.value.format()
    assert "layouts/actor.html:" in text and "layout 'ada-lovelace.html' not found" in text
    assert "(while rendering actors/ada-lovelace/index.html)" in text


@pytest.mark.slow  # a 150-article corpus, waiting out the page time limit
def test_a_layout_that_never_ends_on_every_page_costs_the_limit_once_per_process(tmp_path):
    """A loop in a layout every page uses: the pages after the first fail at once, so a site
    of 150 pages does not take 150 times the limit."""
    from benchmarks.corpus import write_corpus

    site = tmp_path / "corpus"
    write_corpus(site, articles=150)
    layouts = site / "layouts"
    layouts.mkdir()
    article = (BASIC_SITE.parents[2].parent / "layouts" / "article.html").read_text(encoding="utf-8")
    (layouts / "article.html").write_text(article.replace(
        "{% block main %}", "{% block main %}{% for i in range(10**12) %}{% endfor %}", 1),
        encoding="utf-8")
    timed: list[str] = []  # the layouts whose pages were given their time
    page = deadline.PageDeadlines.page

    def counted(deadlines, layout):
        if layout not in deadlines._timed_out:
            timed.append(layout)
        return page(deadlines, layout)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(deadline.PageDeadlines, "page", counted)
        with pytest.raises(BuildFailed) as failed:
            Builder(site, page_seconds=1, jobs=1).build(tmp_path / "out")
    text = failed.value.format()
    assert text.count("took longer than 1 s") == 1 and "layouts/article.html:3:" in text
    assert timed.count("article.html") == 1  # of 150 articles, only the first waited its second


def test_a_dot_folder_in_static_is_not_published_and_the_build_says_so(site, capsys):
    (site / "static" / ".well-known").mkdir(parents=True)
    (site / "static" / ".well-known" / "security.txt").write_text("Contact: x\n", encoding="utf-8")
    (site / "static" / ".DS_Store").write_bytes(b"\x00\x00")
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0, err
    assert "static/.well-known:1:1: warning: files in a dot-folder are not published" in err
    assert ".DS_Store" not in err  # a dotfile is litter, said nothing of
    assert not [p for p in (site / "site").rglob(".*")]


def test_a_misspelt_field_of_site_in_a_layout_is_told_the_field_meant(site):
    """`site.title` is set on each SiteView, not on its class: the hint must still know it."""
    (site / "layouts").mkdir(exist_ok=True)
    (site / "layouts/home.html").write_text(
        "{% extends 'base.html' %}{% block main %}<p>{{ site.titel }}</p>{% endblock %}\n",
        encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        Builder(site).build(site.parent / "out")
    [problem] = [d for d in failed.value.diagnostics if "titel" in d.message]
    assert problem.path == "layouts/home.html" and problem.line == 1
    assert problem.message.startswith("site has no field 'titel'")
    assert problem.hint == "did you mean 'title'?"
