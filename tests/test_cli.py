"""The command line and the Python API: building, refusing unsafe output, keeping what is not ours."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import backstory
from backstory.output import write
from backstory.output.write import Staging

from .helpers import BASIC_SITE, REPO, copy_site, run_cli, tree_digest


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site(BASIC_SITE, tmp_path / "src")


def build(site: Path, capsys, *extra: str) -> tuple[int, str, str]:
    return run_cli(["build", "--source", str(site), *extra], capsys)


def test_build_py_builds_its_own_folder(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "layouts", "static"):
        shutil.copytree(REPO / name, project / name)
    for name in ("site.yaml", "build.py"):
        shutil.copyfile(REPO / name, project / name)
    # Run from another folder: build.py still builds the folder it lives in.
    run = subprocess.run([sys.executable, str(project / "build.py")], cwd=tmp_path,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    # In English and Russian: timeline.json, graph.json, names.json and embeds among them
    assert "built 115 pages" in run.stdout
    assert (project / "site" / "actors" / "belta" / "index.html").is_file()


def test_backstory_with_no_command_builds_the_current_folder(site, capsys, monkeypatch):
    """Bare `backstory`, and `backstory` with only build options, is `backstory build --source .`."""
    monkeypatch.chdir(site)
    code, out, err = run_cli([], capsys)
    assert (code, err) == (0, "") and out.startswith("built ") and " into site in " in out
    assert (site / "site" / "index.html").is_file()
    code, out, err = run_cli(["--base-url", "https://example.org/x/", "-j", "1"], capsys)
    assert (code, err) == (0, "") and out.startswith("built ")
    assert 'href="https://example.org/x/' in (site / "site" / "index.html").read_text(encoding="utf-8")


def test_module_entry_point_reports_errors_without_traceback(site):
    (site / "content" / "actors" / "royal-society.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "backstory", "build", "--source", str(site)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("content/actors/royal-society.md:2:8: error: invalid YAML")


def test_default_output_is_site_folder_and_rebuilds_cleanly(site, capsys):
    assert build(site, capsys)[0] == 0
    first = tree_digest(site / "site")
    assert build(site, capsys)[0] == 0
    assert tree_digest(site / "site") == first


def test_deleted_and_renamed_pages_disappear(site, capsys):
    build(site, capsys)
    (site / "content/actors/royal-society.md").unlink()
    text = (site / "content/articles/first-program.md").read_text(encoding="utf-8")
    (site / "content/articles/first-program.md").write_text(
        text.replace("The [[royal-society]] is mentioned too.", ""), encoding="utf-8")
    os.rename(site / "content/articles/first-program.md", site / "content/articles/the-program.md")
    babbage = site / "content/actors/charles-babbage.md"
    babbage.write_text(babbage.read_text().replace("[[first-program#", "[[the-program#"))
    code, _, err = build(site, capsys)
    assert code == 0, err
    assert not (site / "site/actors/royal-society").exists()
    assert not (site / "site/articles/first-program").exists()
    assert (site / "site/articles/the-program/index.html").is_file()


def test_dotfiles_and_cname_in_output_are_kept(site, capsys):
    build(site, capsys)
    (site / "site/.git").mkdir()
    (site / "site/.git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / "site/CNAME").write_text("explainer.example.org\n")
    assert build(site, capsys)[0] == 0
    assert (site / "site/.git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / "site/CNAME").is_file()


@pytest.mark.parametrize("out", [".", "content", "content/actors", "layouts", "..", "/"])
def test_refuses_dangerous_output_folders(site, capsys, out):
    (site / "layouts").mkdir(exist_ok=True)
    before = tree_digest(site)
    target = site / out if out != "/" else Path("/")
    code, _, err = build(site, capsys, "--out", str(target))
    assert code == 1
    assert "error: " in err and "Traceback" not in err
    assert tree_digest(site) == before


def test_refuses_home_folder(site, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    (tmp_path / "home").mkdir()
    code, _, err = build(site, capsys, "--out", str(tmp_path / "home"))
    assert code == 1 and "refusing to write the site into" in err


def test_refuses_folder_with_files_it_did_not_write(site, capsys, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    code, _, err = build(site, capsys, "--out", str(out))
    assert code == 1
    assert "holds files Backstory did not write: thesis.docx" in err
    assert (out / "thesis.docx").read_text() == "years of work"


def test_refuses_file_added_inside_a_built_folder(site, capsys):
    build(site, capsys)
    (site / "site/actors/notes.txt").write_text("mine")
    code, _, err = build(site, capsys)
    assert code == 1 and "actors/notes.txt" in err
    assert (site / "site/actors/notes.txt").read_text() == "mine"


def test_failed_write_leaves_previous_output(site, capsys, monkeypatch):
    build(site, capsys)
    before = tree_digest(site / "site")
    calls = []

    def full_disk(self, relative, data):
        calls.append(relative)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, "No space left on device", relative)
        return original(self, relative, data)

    original = Staging.put
    monkeypatch.setattr(Staging, "put", full_disk)
    code, _, err = build(site, capsys, "--no-cache")
    assert code == 1 and "No space left on device" in err
    assert tree_digest(site / "site") == before
    assert not [p for p in (site / "site").iterdir() if p.name.startswith(".backstory-staging")]


def test_failed_write_from_the_cache_leaves_previous_output(site, capsys, monkeypatch):
    build(site, capsys)
    article = site / "content/articles/first-program.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    before = tree_digest(site / "site")
    calls = []

    def full_disk(path, data, exclusive=0):  # the first write of the build: the edited page
        calls.append(path)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(write, "write_whole", full_disk)
    code, _, err = build(site, capsys)
    monkeypatch.undo()
    assert code == 1 and "No space left on device" in err
    assert calls and ".backstory-staging" in str(calls[0])  # it did try, from the cache
    assert tree_digest(site / "site") == before
    assert not [p for p in (site / "site").iterdir() if p.name.startswith(".backstory-staging")]
    code, out, _ = build(site, capsys)  # and the next build is whole again
    assert code == 0


def test_leftovers_of_a_killed_build_are_cleaned(site, capsys):
    build(site, capsys)
    leftover = site / "site" / ".backstory-staging-deadbeef0000"
    leftover.mkdir()
    (leftover / "index.html").write_text("half")
    assert build(site, capsys)[0] == 0
    assert not leftover.exists()


def test_site_layout_overrides_default_file_by_file(site, capsys):
    (site / "layouts").mkdir()
    (site / "layouts/actor.html").write_text(
        '{% extends "base.html" %}{% block main %}<p class="custom">{{ actor.name }}</p>{% endblock %}')
    (site / "layouts/assets").mkdir()
    (site / "layouts/assets/extra.css").write_text("p { color: red }")
    assert build(site, capsys)[0] == 0
    actor = (site / "site/actors/ada-lovelace/index.html").read_text()
    assert '<p class="custom">Ada Lovelace</p>' in actor and '<a class="skip-link"' in actor
    event = (site / "site/events/analytical-engine-notes/index.html").read_text()
    assert 'data-pagefind-weight="10">The notes are published</h1>' in event
    assert (site / "site/assets/extra.css").is_file() and (site / "site/assets/style.css").is_file()


def test_static_files_are_copied_and_cannot_shadow_pages(site, capsys):
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/ada.png").write_bytes(b"\x89PNG")
    assert build(site, capsys)[0] == 0
    assert (site / "site/images/ada.png").read_bytes() == b"\x89PNG"
    (site / "static/index.html").write_text("<p>shadow</p>")
    code, _, err = build(site, capsys)
    assert code == 1 and "static/index.html:1:1: error: index.html is also written by the build" in err


def test_symlink_out_of_the_site_is_refused(site, capsys, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Secret\nkind: person\nsummary: x\n---\n")
    os.symlink(secret, site / "content/actors/secret.md")
    code, _, err = build(site, capsys)
    assert code == 1
    assert "content/actors/secret.md:1:1: error: symbolic link points outside the site" in err


def test_warnings_print_but_do_not_fail(site, capsys):
    event = site / "content/events/engine-remembered.md"
    event.write_text(event.read_text().replace("summary:", "led_to: [analytical-engine-notes]\nsummary:"))
    code, out, err = build(site, capsys)
    assert code == 0, err
    assert "warning: 'analytical-engine-notes' (1843-09-01) is earlier than this event" in err
    assert out.startswith("built ")


def test_drafts_are_left_out_unless_asked(site, capsys):
    path = site / "content/events/engine-remembered.md"
    path.write_text(path.read_text().replace("summary:", "draft: true\nsummary:"))
    notes = site / "content/events/analytical-engine-notes.md"
    notes.write_text(notes.read_text().replace("led_to: [engine-remembered]\n", ""))
    assert build(site, capsys)[0] == 0
    assert not (site / "site/events/engine-remembered").exists()
    assert "engine-remembered" not in (site / "site/events/index.html").read_text()
    assert build(site, capsys, "--drafts")[0] == 0
    assert (site / "site/events/engine-remembered/index.html").is_file()


def test_python_api(site, tmp_path):
    result = backstory.build(site, tmp_path / "api-out")
    assert result.pages == 24 and (tmp_path / "api-out/index.html").is_file()
    (site / "content/actors/royal-society.md").write_text("---\nname: x\n---\n")
    with pytest.raises(backstory.BuildFailed) as failed:
        backstory.build(site, tmp_path / "api-out")
    assert [d.message for d in failed.value.diagnostics] == [
        "missing required field 'kind'", "missing required field 'summary'"]
    html = backstory.render_markdown("*Hi* [[ada-lovelace|Ada]] `[[x]]`")
    assert html == "<p><em>Hi</em> Ada <code>[[x]]</code></p>\n"


def test_base_url_makes_links_absolute_under_its_path(site, capsys):
    assert build(site, capsys, "--base-url", "https://example.org/story")[0] == 0
    html = (site / "site/actors/ada-lovelace/index.html").read_text()
    assert re.search(r'href="/story/assets/style\.[0-9a-f]{10}\.css"', html)
    assert 'href="/story/events/analytical-engine-notes/"' in html
    assert '<link rel="canonical" href="https://example.org/story/actors/ada-lovelace/">' in html
    code, _, err = build(site, capsys, "--base-url", "example.org")
    assert code == 1 and "base_url must be an absolute http(s) URL" in err


def test_static_file_cannot_replace_a_default_asset(site, capsys):
    (site / "static/assets").mkdir(parents=True)
    (site / "static/assets/style.css").write_text("body { color: red }")
    code, _, err = build(site, capsys)
    assert code == 1
    assert "static/assets/style.css:1:1: error: assets/style.css is also written by the build" in err
    assert "put the file in layouts/assets/" in err
