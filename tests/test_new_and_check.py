"""`backstory new` makes a starter site that builds and checks clean; `backstory check` finds
broken internal links in a private build, reports them at a place, and touches no output."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import BASIC_SITE, REPO, copy_site, run_cli, tree_digest

STARTER_FILES = [
    ".gitignore",
    "content/actors/mara-quinn.md",
    "content/articles/why-the-river-bridge-closed.md",
    "content/events/river-bridge-closes.md",
    "site.yaml",
]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_creates_exactly_the_starter_files_and_they_build_and_check_clean(tmp_path, capsys):
    folder = tmp_path / "explainer"
    code, out, err = run_cli(["new", str(folder)], capsys)
    assert (code, err) == (0, "")
    assert _files(folder) == STARTER_FILES
    assert " serve --source " in out and "content/actors/mara-quinn.md" in out
    assert not (folder / "layouts").exists()  # the installed defaults are used, not copied

    code, out, err = run_cli(["check", "--source", str(folder)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("checked 18 pages")  # timeline.json, graph.json, search/names.json, 4 embeds
    assert not (folder / "site").exists()  # check publishes nothing

    code, out, err = run_cli(["build", "--source", str(folder)], capsys)
    assert (code, err) == (0, "")
    article = (folder / "site/articles/why-the-river-bridge-closed/index.html").read_text()
    # The starter shows off an automatic link, a wiki link, an attributed quote, a note, sources.
    assert 'class="ref ref-actors autolink" href="../../actors/mara-quinn/index.html"' in article
    assert 'href="../../events/river-bridge-closes/index.html"' in article
    assert "<figcaption" in article and "footnote" in article and "Sources" in article


def suggested(out: str, command: str) -> list[str]:
    """The command line `new` suggests for `command` (serve, check, build), split as a shell would."""
    (line,) = [line for line in out.splitlines() if f" {command} --source " in line]
    return shlex.split(line, comments=True)


def test_new_suggests_commands_that_run_as_typed(tmp_path):
    """`python -m backstory new` suggests `PYTHON -m backstory ...`, which runs from a shell
    whose PATH has no `backstory` (the README's install puts it in .venv/bin/ only)."""
    env = {**os.environ, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    new = subprocess.run([sys.executable, "-m", "backstory", "new", "my explainer"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    assert new.returncode == 0, new.stderr
    line = suggested(new.stdout, "check")
    assert line[-3:] == ["check", "--source", "my explainer"] and "backstory" in line
    check = subprocess.run(line + ["-j", "1"], cwd=tmp_path, env=env, capture_output=True,
                           text=True, timeout=120)
    assert check.returncode == 0 and check.stdout.startswith("checked "), check.stderr


def test_new_accepts_an_empty_folder_and_one_holding_only_git(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "repo/.git").mkdir(parents=True)
    assert run_cli(["new", str(tmp_path / "empty")], capsys)[0] == 0
    assert run_cli(["new", str(tmp_path / "repo")], capsys)[0] == 0
    assert (tmp_path / "repo/site.yaml").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", ".env", "content/"])
def test_new_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path, capsys, existing):
    folder = tmp_path / "mine"
    target = folder / existing
    if existing.endswith("/"):
        target.mkdir(parents=True)
    else:
        folder.mkdir()
        target.write_text("mine")
    before = tree_digest(folder)
    code, out, err = run_cli(["new", str(folder)], capsys)
    assert code == 1 and out == ""
    assert f"{folder}:1:1: error: the folder is not empty: {existing.rstrip('/')}" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert tree_digest(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == [existing.rstrip("/")]


def test_new_refuses_a_file_and_a_folder_inside_a_sites_content(tmp_path, capsys):
    (tmp_path / "a-file").write_text("x")
    code, _, err = run_cli(["new", str(tmp_path / "a-file")], capsys)
    assert code == 1 and "error: the path is a file, not a folder" in err

    site = copy_site(BASIC_SITE, tmp_path / "site-src")
    before = tree_digest(site)
    code, _, err = run_cli(["new", str(site / "content" / "actors" / "nested")], capsys)
    assert code == 1 and "inside the content/ folder of the site" in err
    assert tree_digest(site) == before


def test_check_passes_on_a_good_site_and_leaves_its_output_alone(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    assert run_cli(["build", "--source", str(site)], capsys)[0] == 0
    before = tree_digest(site)
    code, out, err = run_cli(["check", "--source", str(site), "--drafts", "--base-url",
                              "https://example.org/sub/"], capsys)
    assert (code, err) == (0, "")
    assert "no problems" in out and " ms" in out
    assert tree_digest(site) == before


def test_check_reports_a_layout_link_to_a_missing_page_at_its_place(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "layouts").mkdir(exist_ok=True)
    (site / "layouts/404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>Lost? <a href="missing/">Try here</a>.</p>\n'
        "{% endblock %}\n")
    code, out, err = run_cli(["check", "--source", str(site)], capsys)
    assert code == 1 and out == ""
    first = err.splitlines()[0]
    assert first.startswith("site/404.html:") and "error: broken link 'missing/': no such file" in first
    assert "hint: the page is made from layout 404.html" in err
    assert "check failed; nothing was published" in err and "Traceback" not in err
    assert not (site / "site").exists()


def test_check_reports_a_static_html_file_at_its_source_line(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "static").mkdir(exist_ok=True)
    (site / "static/about.html").write_text(
        "<!doctype html>\n<title>About</title>\n<p>See <a href=\"actors/nobody/\">nobody</a>\n"
        "and <a href=\"index.html#no-such-id\">this</a>.</p>\n")
    code, _, err = run_cli(["check", "--source", str(site)], capsys)
    assert code == 1
    assert "static/about.html:3:8: error: broken link 'actors/nobody/': no such file" in err
    assert "static/about.html:4:5: error: broken link 'index.html#no-such-id': no element with " \
           "id 'no-such-id'" in err
    assert "  3 | <p>See <a href" in err  # the source line, as for every other error


def test_check_reports_content_errors_like_build(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    (site / "content/actors/royal-society.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    code, _, err = run_cli(["check", "--source", str(site)], capsys)
    assert code == 1 and err.startswith("content/actors/royal-society.md:2:8: error: invalid YAML")


def test_check_of_a_missing_folder_is_an_error_for_people(tmp_path, capsys):
    code, _, err = run_cli(["check", "--source", str(tmp_path / "nowhere")], capsys)
    assert code == 1 and "error: no such folder" in err and "Traceback" not in err
