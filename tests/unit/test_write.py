"""Writing the site: which output folders are refused, and staging that swaps a build in whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backstory.output.state import LEGACY_MANIFEST, output_record
from backstory.output.write import (
    STAGING_PREFIX,
    TRASH_PREFIX,
    Staging,
    UnsafeOutput,
    check_output_contents,
    check_output_folder,
    clean_leftovers,
)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site folder with content/ and layouts/, and a home folder that is not its parent."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    source = tmp_path / "work" / "site-src"
    for folder in ("content/actors", "layouts"):
        (source / folder).mkdir(parents=True)
    (source / "content" / "actors" / "x.md").write_text("---\n---\n")
    return source


def check(out: Path, source: Path) -> Path:
    real = check_output_folder(out, source, [source / "content", source / "layouts"])
    check_output_contents(real, out, output_record(source, real).written_files())
    return real


def refusal(out: Path, source: Path) -> str:
    with pytest.raises(UnsafeOutput) as refused:
        check(out, source)
    assert refused.value.diagnostic.path == str(out) and refused.value.diagnostic.is_error
    return refused.value.diagnostic.message


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below folder, dotfiles included, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def manifest(out: Path) -> dict:
    """The record of what the last build wrote into out (kept beside the site, out's parent)."""
    return json.loads(output_record(out.parent, out).manifest.read_text(encoding="utf-8"))


def build(out: Path, files: dict[str, bytes]) -> Staging:
    """A build of these files into out, whose site is out's parent."""
    staging = Staging(out, output_record(out.parent, out))
    for relative, data in files.items():
        staging.write(relative, data)
    return staging


FIRST = {"index.html": b"home", "actors/a/index.html": b"a", "actors/b/index.html": b"b",
         "old/index.html": b"old", "assets/style.css": b"css"}
SECOND = {"index.html": b"home 2", "actors/a/index.html": b"a 2", "assets/style.css": b"css"}


# Refused output folders ---------------------------------------------------------------------


def test_refuses_the_source_folder_itself(site):
    assert refusal(site, site) == "the output folder contains the site's sources"


def test_refuses_a_parent_of_the_source_folder(site):
    assert refusal(site.parent, site) == "the output folder contains the site's sources"


def test_refuses_the_home_folder(site):
    home = Path.home()
    assert refusal(home, site) == f"refusing to write the site into {home.resolve()}"


def test_refuses_a_parent_of_the_home_folder(site):
    assert refusal(Path.home().parent, site).startswith("refusing to write the site into")


def test_refuses_the_root_folder(site):
    assert refusal(Path("/"), site) == "refusing to write the site into /"


@pytest.mark.parametrize(("inside", "name"), [("content", "content"), ("content/actors/out", "content"),
                                              ("layouts", "layouts"), ("layouts/site", "layouts")])
def test_refuses_a_folder_inside_content_or_layouts(site, inside, name):
    assert refusal(site / inside, site) == f"the output folder overlaps {name}/"


def test_refuses_a_symbolic_link_to_the_sources(site, tmp_path):
    link = tmp_path / "out-link"
    link.symlink_to(site / "content", target_is_directory=True)
    assert refusal(link, site) == "the output folder overlaps content/"


def test_refuses_a_file(site):
    (site / "site").write_text("not a folder")
    assert refusal(site / "site", site) == "the output path is a file, not a folder"


def test_refuses_a_folder_with_files_backstory_did_not_write(site):
    out = site / "site"
    (out / "drafts").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "drafts" / "idea.md").write_text("mine")
    assert refusal(out, site) == ("the output folder holds files Backstory did not write: "
                                  "drafts/idea.md, notes.txt")
    assert (out / "notes.txt").read_text() == "mine"


def test_names_five_foreign_files_and_counts_the_rest(site):
    out = site / "site"
    out.mkdir()
    for n in range(8):
        (out / f"f{n}.txt").write_text("x")
    assert refusal(out, site).endswith("f0.txt, f1.txt, f2.txt, f3.txt, f4.txt and 3 more")


def test_refuses_a_file_added_inside_a_previous_build(site):
    out = site / "site"
    build(out, FIRST).commit()
    (out / "actors" / "a" / "notes.txt").write_text("mine")
    assert refusal(out, site) == ("the output folder holds files Backstory did not write: "
                                  "actors/a/notes.txt")


def test_a_corrupt_manifest_claims_nothing(site):
    out = site / "site"
    build(out, FIRST).commit()
    output_record(site, out).manifest.write_text("{not json")
    assert refusal(out, site).startswith("the output folder holds files Backstory did not write: "
                                         "actors/a/index.html, actors/b/index.html")


# Accepted output folders --------------------------------------------------------------------


def test_accepts_a_missing_folder_without_creating_it(site):
    out = site / "site"
    assert check(out, site) == out.resolve() and not out.exists()


def test_accepts_an_empty_folder_outside_the_site(site, tmp_path):
    out = tmp_path / "public"
    out.mkdir()
    assert check(out, site) == out.resolve()


def test_accepts_a_previous_build(site):
    out = site / "site"
    build(out, FIRST).commit()
    assert check(out, site) == out.resolve()


def test_accepts_dotfiles_and_cname_of_a_host(site):
    out = site / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / ".nojekyll").write_text("")
    (out / "CNAME").write_text("example.org\n")
    assert check(out, site) == out.resolve()


# Staging and committing ------------------------------------------------------------------


def test_commit_puts_the_files_in_place_with_a_manifest(site):
    out = site / "site"
    staging = build(out, FIRST)
    assert staging.root.parent == out and staging.root.name.startswith(STAGING_PREFIX)
    assert not (out / "index.html").exists()  # nothing is in place before the commit
    staging.commit()
    assert tree(out) == FIRST  # the record of it is beside the site, not in what is uploaded
    assert manifest(out) == {"generator": "backstory", "out": str(out.resolve()),
                             "files": sorted(FIRST)}
    assert sorted(os.listdir(out)) == sorted(["actors", "assets", "index.html", "old"])


def test_commit_replaces_the_old_output_and_drops_what_is_no_longer_written(site):
    out = site / "site"
    build(out, FIRST).commit()
    check(out, site)
    build(out, SECOND).commit()
    assert tree(out) == SECOND
    assert not (out / "old").exists() and not (out / "actors" / "b").exists()
    assert manifest(out)["files"] == sorted(SECOND)
    assert not [n for n in os.listdir(out) if n.startswith((STAGING_PREFIX, TRASH_PREFIX))]


def test_commit_keeps_dotfiles_and_cname(site):
    out = site / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_bytes(b"ref: refs/heads/gh-pages\n")
    (out / ".nojekyll").write_bytes(b"")
    (out / "CNAME").write_bytes(b"example.org\n")
    build(out, FIRST).commit()
    build(out, SECOND).commit()
    kept = tree(out)
    assert kept[".git/HEAD"] == b"ref: refs/heads/gh-pages\n"
    assert kept[".nojekyll"] == b"" and kept["CNAME"] == b"example.org\n"


def test_abort_leaves_the_previous_output_byte_identical(site):
    out = site / "site"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_bytes(b"ref\n")
    (out / "CNAME").write_bytes(b"example.org\n")
    build(out, FIRST).commit()
    before = tree(out)
    staging = build(out, SECOND)
    staging.write("new/index.html", b"new")
    staging.abort()
    assert tree(out) == before
    assert sorted(os.listdir(out)) == sorted([".git", "CNAME", "actors", "assets", "index.html", "old"])


def test_abort_of_a_first_build_removes_the_folder_it_created(site):
    out = site / "site"
    build(out, FIRST).abort()
    assert not out.exists()


def test_abort_keeps_an_empty_folder_that_was_there(site):
    out = site / "site"
    out.mkdir()
    build(out, FIRST).abort()
    assert out.is_dir() and list(out.iterdir()) == []


def test_clean_leftovers_removes_only_staging_and_trash(site):
    out = site / "site"
    build(out, FIRST).commit()
    (out / f"{STAGING_PREFIX}dead").mkdir()
    (out / f"{STAGING_PREFIX}dead" / "index.html").write_text("x")
    (out / f"{TRASH_PREFIX}dead").mkdir()
    (out / ".git").mkdir()
    before = tree(out)
    clean_leftovers(out)
    assert sorted(os.listdir(out)) == sorted([".git", "actors", "assets", "index.html", "old"])
    assert tree(out) == {k: v for k, v in before.items() if not k.startswith(STAGING_PREFIX)}


# Output paths --------------------------------------------------------------------------------


@pytest.mark.parametrize("relative", ["../x", "a/../../x", "index.html/../..", "/etc/passwd", "\\x",
                                      "a\\b.html", "a\x00b.html", "", "."])
def test_target_refuses_paths_that_leave_the_folder(site, relative):
    staging = Staging(site / "site")
    with pytest.raises(ValueError, match="unsafe output path"):
        staging.target(relative)
    with pytest.raises(ValueError, match="unsafe output path"):
        staging.put(relative, b"x")  # pages are written by put(), which checks on its own path
    assert tree(site / "site") == {}  # nothing written, inside the staging folder or out of it
    staging.abort()


@pytest.mark.parametrize("relative", [".git/config", ".nojekyll", "CNAME", LEGACY_MANIFEST, ".htaccess",
                                      f"{STAGING_PREFIX}x/index.html", "assets/.hidden/x.css",
                                      "actors/x/.index.html.1234abcd.tmp"])
def test_target_refuses_reserved_names(site, relative):
    staging = Staging(site / "site")
    with pytest.raises(ValueError, match="is reserved"):
        staging.target(relative)
    with pytest.raises(ValueError, match="is reserved"):
        staging.put(relative, b"x")
    assert tree(site / "site") == {}
    staging.abort()


def test_put_writes_the_whole_file_in_new_folders_and_never_overwrites(site):
    staging = Staging(site / "site")
    data = bytes(range(256)) * 4096  # 1 MB: more than one write() may take
    staging.put("actors/x/index.html", data)
    staging.put("actors/y/index.html", b"\r\n")  # bytes as given, on any system
    assert (staging.root / "actors" / "x" / "index.html").read_bytes() == data
    assert (staging.root / "actors" / "y" / "index.html").read_bytes() == b"\r\n"
    with pytest.raises(FileExistsError):
        staging.put("actors/x/index.html", b"again")
    assert (staging.root / "actors" / "x" / "index.html").read_bytes() == data
    with pytest.raises(NotADirectoryError):  # a file where a folder must go is no folder
        staging.put("actors/x/index.html/deeper.html", b"x")
    staging.abort()


def test_target_is_inside_the_staging_folder(site):
    staging = Staging(site / "site")
    assert staging.target("actors/x/index.html") == staging.root / "actors" / "x" / "index.html"
    staging.abort()


def test_two_writes_to_one_path_raise(site):
    staging = Staging(site / "site")
    staging.write("index.html", b"first")
    with pytest.raises(FileExistsError):
        staging.write("index.html", b"second")
    assert (staging.root / "index.html").read_bytes() == b"first"
    assert staging.files == ["index.html"]
    staging.abort()


def test_copy_writes_the_file_and_records_it(site, tmp_path):
    source = tmp_path / "logo.svg"
    source.write_bytes(b"<svg/>")
    staging = Staging(site / "site")
    staging.copy(source, "assets/logo.svg")
    staging.commit()
    assert (site / "site" / "assets" / "logo.svg").read_bytes() == b"<svg/>"


def test_copy_to_a_path_already_written_raises(site, tmp_path):
    source = tmp_path / "index.html"
    source.write_bytes(b"static")
    staging = Staging(site / "site")
    staging.write("index.html", b"page")
    try:
        with pytest.raises(FileExistsError):
            staging.copy(source, "index.html")
        assert (staging.root / "index.html").read_bytes() == b"page"
    finally:
        staging.abort()


@pytest.mark.parametrize("relative", ["a//b.html", "c/../d.html", "e/./f.html"])
def test_a_build_never_refuses_its_own_output(site, relative):
    out = site / "site"
    staging = Staging(out)
    try:
        staging.write(relative, b"x")
    except ValueError:
        staging.abort()  # refusing the path is a fine fix too
        return
    staging.commit()
    assert check(out, site) == out.resolve()
