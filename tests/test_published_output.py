"""The output folder is what users upload as it is: it holds only what a reader may fetch.
No draft, no cache, no bookkeeping, after any build, cold or warm, with or without the cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from backstory.output.state import LEGACY_CACHE, LEGACY_MANIFEST, STATE_DIR
from benchmarks.corpus import write_corpus

from .helpers import BASIC_SITE, FIXTURES, REPO, copy_site, originals, run_cli

pytestmark = pytest.mark.slow  # every kind of build of four sites, a generated corpus among them

SECRET = "EMBARGOED-7c1e9a: the minister resigns on Friday"


def example(into: Path) -> Path:
    shutil.copytree(REPO / "content", into / "content")
    shutil.copytree(REPO / "static", into / "static")  # the pictures the example shows
    shutil.copy(REPO / "site.yaml", into / "site.yaml")
    return into


def corpus(into: Path) -> Path:
    write_corpus(into, articles=80)
    return into


SITES = {"example": example, "basic": lambda into: copy_site(BASIC_SITE, into), "corpus": corpus}
SECOND_STORY = FIXTURES / "sites" / "suez"
if SECOND_STORY.is_dir():
    SITES["suez"] = lambda into: copy_site(SECOND_STORY, into)


def add_draft(site: Path, name: str = "embargoed") -> Path:
    draft = site / "content" / "articles" / f"{name}.md"
    draft.write_text(f"---\ntitle: Embargoed story\ndate: 2024-01-05\nsummary: Not yet.\n"
                     f"draft: true\n---\n{SECRET}\n", encoding="utf-8")
    return draft


def files_holding(folder: Path, text: str) -> list[str]:
    """Every file below folder, dotfiles and dot-folders included, whose bytes hold text."""
    needle = text.encode()
    found = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if needle in path.read_bytes():
                found.append(path.relative_to(folder).as_posix())
    return found


def dotfiles(folder: Path) -> list[str]:
    return [str(path.relative_to(folder)) for path in folder.rglob(".*")]


@pytest.mark.parametrize("name", list(SITES))
def test_a_draft_is_in_no_file_of_the_output_after_any_build(name, tmp_path, capsys):
    site = SITES[name](tmp_path / "src")
    add_draft(site)
    out = site / "site"
    for args in ([], [], ["--no-cache"], []):  # cold with the cache, warm, no cache, cold again
        code, _, err = run_cli(["build", "--source", str(site), *args], capsys)
        assert code == 0, err
        assert files_holding(out, SECRET) == [] and dotfiles(out) == []
        assert files_holding(out, "Embargoed story") == []
        if args == []:  # edit something, so the next build is a warm one that writes
            page = originals(site / "content" / "actors")[0]
            page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    # The build's records and cache are beside the site, where git ignores them.
    state = site / STATE_DIR
    assert (state / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (state / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    # --drafts publishes it, on purpose, and only then.
    code, _, err = run_cli(["build", "--source", str(site), "--drafts"], capsys)
    assert code == 0, err
    # Its page, and the front page where it leads as the newest article (with its opening).
    holding = files_holding(out, SECRET)
    assert "articles/embargoed/index.html" in holding
    # In each language (the example's Russian, the second story's French), the same two pages.
    assert {re.sub(r"^(ru|fr)/", "", page) for page in holding} <= {"articles/embargoed/index.html",
                                                                   "index.html"}


def test_the_state_folder_is_ignored_by_git_in_this_repository_and_in_a_new_site(tmp_path, capsys):
    assert ".backstory/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    code, _, err = run_cli(["new", str(tmp_path / "mine")], capsys)
    assert code == 0, err
    assert "/.backstory/" in (tmp_path / "mine" / ".gitignore").read_text(encoding="utf-8").splitlines()
    code, _, err = run_cli(["build", "--source", str(tmp_path / "mine")], capsys)
    assert code == 0, err
    done = subprocess.run(["git", "init", "-q", str(tmp_path / "mine")], check=True)
    listed = subprocess.run(["git", "-C", str(tmp_path / "mine"), "status", "--porcelain",
                             "--untracked-files=all"], capture_output=True, text=True, check=True)
    assert done.returncode == 0 and listed.stdout
    assert not [line for line in listed.stdout.splitlines() if ".backstory" in line or "site/" in line]


def test_an_output_an_older_version_left_is_taken_over_and_its_cache_removed(tmp_path, capsys):
    """Sites built before the cache moved have `.backstory-cache/` (drafts and all) and
    `.backstory-manifest.json` in site/: the next build takes the manifest over and removes both."""
    site = copy_site(BASIC_SITE, tmp_path / "src")
    out = site / "site"
    code, _, _ = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    shutil.rmtree(site / STATE_DIR)  # as an older version had it: its record inside the output
    (out / LEGACY_MANIFEST).write_text(json.dumps({"generator": "backstory", "files": written}),
                                       encoding="utf-8")
    (out / LEGACY_CACHE).mkdir()
    (out / LEGACY_CACHE / "build.pickle").write_text(SECRET, encoding="utf-8")
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0, err
    assert dotfiles(out) == [] and files_holding(out, SECRET) == []


def test_without_its_record_an_old_output_is_refused_with_a_way_out(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    code, _, _ = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0
    shutil.rmtree(site / STATE_DIR)
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 1 and "the output folder holds files Backstory did not write" in err
    assert "build with --force" in err


def test_a_checkout_of_a_published_branch_is_replaced_when_asked(tmp_path, capsys):
    """A gh-pages checkout in site/ (its .git, an earlier deploy's files, no record of them in a
    fresh CI runner's .backstory/): refused, then replaced with --force, .git and CNAME kept."""
    site = copy_site(BASIC_SITE, tmp_path / "src")
    out = site / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (out / "CNAME").write_text("explainer.example.org\n", encoding="utf-8")
    (out / "old-page").mkdir()
    (out / "old-page" / "index.html").write_text("<p>last year's deploy</p>", encoding="utf-8")
    (out / "index.html").write_text("<p>old home</p>", encoding="utf-8")
    code, _, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 1 and "index.html, old-page/index.html" in err
    assert (out / "old-page" / "index.html").is_file()  # refused: nothing touched
    code, _, err = run_cli(["build", "--source", str(site), "--force"], capsys)
    assert code == 0, err
    assert not (out / "old-page").exists() and "old home" not in (out / "index.html").read_text()
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (out / "CNAME").read_text() == "explainer.example.org\n"
    code, _, err = run_cli(["build", "--source", str(site)], capsys)  # and it is the build's now
    assert code == 0, err


def test_a_site_whose_folder_cannot_be_written_keeps_its_records_in_the_user_cache(
        tmp_path, capsys, monkeypatch):
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse it another way
        monkeypatch.setattr("backstory.output.state._make_state_folder", _refusing(tmp_path / "src"))
    site = copy_site(BASIC_SITE, tmp_path / "src")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    site.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, _, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "out")],
                               capsys)
        assert code == 0, err
        code, out, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "out")],
                                 capsys)
        assert code == 0 and "0 written or removed" in out, err  # its cache, found again
    finally:
        site.chmod(stat.S_IRWXU)
    assert not (site / STATE_DIR).exists()
    kept = list((tmp_path / "cache-home" / "backstory" / "sites").iterdir())
    assert len(kept) == 1 and (kept[0] / "outputs").is_dir()
    assert dotfiles(tmp_path / "out") == []


def _refusing(site: Path):
    from backstory.output import state

    real = state._make_state_folder

    def make(folder: Path) -> None:
        if folder.is_relative_to(site.resolve()):
            raise PermissionError(13, "Permission denied", str(folder))
        real(folder)
    return make


def test_an_empty_site_builds_and_its_search_says_there_is_nothing_yet(tmp_path, capsys):
    site = tmp_path / "empty"
    (site / "content").mkdir(parents=True)
    code, out, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0, err
    assert "built 13 pages" in out  # timeline.json, graph.json, search/names.json, two embeds too
    listed = (site / "site" / "pagefind" / "parts.json").read_text(encoding="utf-8")
    assert '"empty": true' in listed and '"parts": []' in listed
    # and a first article later makes a real index, from the cache
    (site / "content" / "articles").mkdir()
    (site / "content" / "articles" / "first.md").write_text(
        "---\ntitle: First\ndate: 2024-01-01\nsummary: The first.\n---\nHello.\n", encoding="utf-8")
    code, out, err = run_cli(["build", "--source", str(site)], capsys)
    assert code == 0 and "written or removed" in out, err
    assert (site / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert '"empty": false' in (site / "site" / "pagefind" / "parts.json").read_text(encoding="utf-8")


def test_the_module_runs_as_a_command_without_leaving_anything_in_the_output(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    add_draft(site)
    done = subprocess.run([sys.executable, "-m", "backstory", "build", "--source", str(site)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert dotfiles(site / "site") == [] and files_holding(site / "site", SECRET) == []


def test_the_caches_of_output_folders_that_are_gone_are_dropped(tmp_path, capsys):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    for name in ("a", "b"):
        code, _, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / name)], capsys)
        assert code == 0, err
    records = site / STATE_DIR / "outputs"
    assert sorted(folder.name.split("@")[0] for folder in records.iterdir()) == ["a", "b"]
    shutil.rmtree(tmp_path / "a")
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(tmp_path / "b")], capsys)
    assert code == 0, err
    caches = {folder.name.split("@")[0]: (folder / "cache").is_dir() for folder in records.iterdir()}
    assert caches == {"a": False, "b": True}  # a's list of files stays: it may come back


def test_moving_the_site_keeps_the_records_of_all_its_outputs(tmp_path, capsys):
    """An output inside the site is recorded by its path there: after the site's folder moves,
    building another of its outputs must not forget the first (it would then be refused)."""
    site = copy_site(BASIC_SITE, tmp_path / "src")
    for out in ("site", "public"):
        code, _, err = run_cli(["build", "--source", str(site), "--out", str(site / out)], capsys)
        assert code == 0, err
    moved = site.rename(tmp_path / "moved")
    for out in ("site", "public", "site"):
        code, _, err = run_cli(["build", "--source", str(moved), "--out", str(moved / out)], capsys)
        assert code == 0, err


def test_two_output_folders_never_share_a_record(tmp_path, capsys):
    """`pub/en` and `pub-en` are two folders: each keeps its own list of files and cache."""
    site = copy_site(BASIC_SITE, tmp_path / "src")
    add_draft(site)
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(site / "pub" / "en"),
                            "--drafts"], capsys)
    assert code == 0, err
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(site / "pub-en")], capsys)
    assert code == 0, err
    code, _, err = run_cli(["build", "--source", str(site), "--out", str(site / "pub" / "en"),
                            "--drafts"], capsys)
    assert code == 0, err  # its draft page is still its own
    names = sorted(folder.name for folder in (site / STATE_DIR / "outputs").iterdir())
    assert names == ["pub%2Fen", "pub-en"]
