"""A build's output appears whole or not at all: two builds into one folder, a build killed
part way, a search indexer that leaves broken files, a disk that fills up."""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backstory import BuildFailed
from backstory.output import write
from backstory.pipeline import parallel
from backstory.pipeline.builder import Builder
from benchmarks.corpus import write_corpus

from .fakes import FakePagefind
from .helpers import BASIC_SITE, copy_site, tree_digest

pytestmark = pytest.mark.slow  # worker processes made to fail mid-build

ARTICLE = "content/articles/first-program.md"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site(BASIC_SITE, tmp_path / "src")


def edit(site: Path) -> None:
    article = site / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace(
        "annotated a paper", "translated and annotated a paper"), encoding="utf-8")


def start_build(site: Path, env: dict | None = None, *extra: str) -> subprocess.Popen:
    """`backstory build` in a process of its own (and its own group, to kill it whole)."""
    return subprocess.Popen([sys.executable, "-m", "backstory", "build", "--source", str(site), *extra],
                            cwd=site.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def clean_build(site: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / f"clean-{time.monotonic_ns()}"
    Builder(site, keep_record=False).build(out)
    return tree_digest(out)


def in_place(out: Path) -> dict[str, str]:
    """The output as a reader would find it while a build is under way: all but its staging."""
    return {name: digest for name, digest in tree_digest(out).items()
            if not name.startswith(write.STAGING_PREFIX)}


def published(out: Path) -> dict[str, str]:
    """The output as a reader gets it; asserts it holds nothing else (no dotfile at all)."""
    found = tree_digest(out)
    assert not [name for name in found if name.startswith(".") or "/." in name], sorted(found)
    return found


# Two builds into one folder ---------------------------------------------------------------------


def test_a_second_build_into_the_same_folder_waits_for_the_first(site, tmp_path):
    fake = FakePagefind(tmp_path / "fake")
    first = start_build(site, fake.environment())
    try:
        fake.wait_until_started()  # the first build is in its search step: its staging folder is full
        staging = [p for p in (site / "site").iterdir() if p.name.startswith(write.STAGING_PREFIX)]
        assert staging
        second = start_build(site)
        line = second.stderr.readline()
        assert "another build is writing" in line and "waiting" in line
        time.sleep(0.5)
        assert second.poll() is None  # still waiting, and the first one's files are untouched
        assert all(path.is_dir() for path in staging)
        fake.release()
        assert first.wait(120) == 0, first.stderr.read()
        assert second.wait(120) == 0, second.stderr.read()
    finally:
        fake.release()
        for process in (first,):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    assert published(site / "site") == clean_build(site, tmp_path)


# Killed builds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_build_killed_while_indexing_changes_nothing_and_the_next_one_is_whole(site, tmp_path, warm):
    """Pages and search index go in together: a build killed before its commit leaves the last
    output exactly as it was, the edited page included (a warm build used to put pages in first)."""
    assert start_build(site).wait(120) == 0
    before = published(site / "site")
    edit(site)
    fake = FakePagefind(tmp_path / "fake")
    killed = start_build(site, fake.environment(), *(() if warm else ("--no-cache",)))
    try:
        fake.wait_until_started()
        assert in_place(site / "site") == before  # nothing in place while the index is made
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(30)
    assert in_place(site / "site") == before
    again = start_build(site)
    assert again.wait(120) == 0, again.stderr.read()
    assert published(site / "site") == clean_build(site, tmp_path)


# Files that are not whole -----------------------------------------------------------------------


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
@pytest.mark.parametrize(("mode", "said"), [("empty", "is empty"), ("truncate", "is not whole")])
def test_a_search_index_of_broken_files_fails_the_build_and_keeps_the_last_output(
        site, tmp_path, warm, mode, said):
    """Pagefind on a full disk wrote every file empty and exited 0; the build shipped them and
    said it had succeeded. Every file it makes is now checked whole before anything goes in."""
    assert start_build(site).wait(120) == 0
    before = published(site / "site")
    edit(site)
    fake = FakePagefind(tmp_path / "fake", mode=mode)
    broken = start_build(site, fake.environment(), *(() if warm else ("--no-cache",)))
    _, err = broken.communicate(timeout=120)
    assert broken.returncode == 1
    assert f"the Pagefind search indexer wrote a file that {said}" in err and "pagefind/" in err
    assert "hint: check that the disk has free space" in err
    assert tree_digest(site / "site") == before
    again = start_build(site)  # and the next build does all its work again, from the cache or not
    assert again.wait(120) == 0, again.stderr.read()
    assert published(site / "site") == clean_build(site, tmp_path)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    write_corpus(folder, articles=150)
    return folder


def test_a_page_that_cannot_be_written_in_a_worker_process_is_a_disk_error(corpus, tmp_path, monkeypatch):
    """A full disk in a forked worker is reported as what it is, not as a dead worker."""
    out = tmp_path / "out"
    Builder(corpus, jobs=1).build(out)
    before = tree_digest(out)
    real = write.write_whole
    parent = os.getpid()

    def full_disk(path, data, exclusive=0):
        if os.getpid() != parent and "/articles/" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, exclusive)

    monkeypatch.setattr(write, "write_whole", full_disk)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # this process has the browser's threads
    with pytest.raises(BuildFailed) as failed:
        Builder(corpus, jobs=2, cache=False).build(out)
    text = failed.value.format()
    assert "cannot write the site: No space left on device" in text and "worker" not in text
    assert tree_digest(out) == before


def test_a_write_that_leaves_a_shorter_file_is_an_error(tmp_path, monkeypatch):
    """Some file systems take a write and keep less of it: write_whole checks the size."""
    real = os.fstat

    class Short:
        def __init__(self, info):
            self.st_size = info.st_size - 1

    monkeypatch.setattr(write.os, "fstat", lambda handle: Short(real(handle)))
    with pytest.raises(OSError, match="shorter than what was written"):
        write.write_whole(tmp_path / "page.html", b"<p>whole</p>")


# A disk that really fills up --------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A file system of its own, small enough to fill (tmpfs; the tests run as root in CI)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"a tmpfs is needed for this test (run as root): {done.stderr}"
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def used_bytes(folder: Path) -> int:
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if not path.is_symlink())


def fill(disk: Path, leave: int) -> Path:
    """A file taking all of the disk's free space but `leave` bytes."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        handle.truncate(0)
        os.posix_fallocate(handle.fileno(), 0, max(free - leave, 0))
    return filler


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_disk_that_fills_while_indexing_fails_the_build_and_keeps_the_last_output(
        site, tmp_path, small_disk, warm):
    out = small_disk / "site"
    assert start_build(site, None, "--out", str(out)).wait(120) == 0
    before = published(out)
    pages = used_bytes(out) - used_bytes(out / "pagefind")
    edit(site)
    # Room for the new pages (a cold build stages all of them) and a little of the index.
    filler = fill(small_disk, pages + 64 * 1024 if not warm else 96 * 1024)
    full = start_build(site, None, "--out", str(out), *(() if warm else ("--no-cache",)))
    _, err = full.communicate(timeout=120)
    assert full.returncode == 1, err
    assert "space" in err and "Traceback" not in err
    assert tree_digest(out) == before  # no staging folder or half-made index left either
    filler.unlink()
    again = start_build(site, None, "--out", str(out))
    assert again.wait(120) == 0, again.stderr.read()
    # Pagefind numbers pages in the order the disk lists them, which on a tmpfs is the order
    # they were made: its files are compared by what they hold, the pages byte for byte.
    clean = clean_build(site, tmp_path)
    assert without_index(published(out)) == without_index(clean)
    assert "translated" in indexed_text(out) and len(list((out / "pagefind").rglob("*.pf_fragment"))) == 6


def without_index(files: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in files.items() if not name.startswith("pagefind/")}


def indexed_text(out: Path) -> str:
    """What the search index's fragments hold (each is whole: gzip checks it)."""
    return "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
                     for path in sorted((out / "pagefind").rglob("*.pf_fragment")))
