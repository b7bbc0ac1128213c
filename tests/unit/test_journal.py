"""The journaled commit: a build stopped after any of its renames is finished by the next, and
the output is then exactly what the whole commit would have made."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest

from backstory.output import journal
from backstory.output.journal import recover
from backstory.output.state import LEGACY_CACHE, LEGACY_MANIFEST, output_record
from backstory.output.write import LiveOutput, Staging

FIRST = {"index.html": b"home", "actors/a/index.html": b"a", "actors/b/index.html": b"b",
         "old/index.html": b"old"}
SECOND = {"index.html": b"home 2", "actors/a/index.html": b"a 2", "new/index.html": b"new"}


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


class Killed(BaseException):
    """What a kill -9 does to a build, as far as the output folder can tell."""


def stopping_after(monkeypatch, steps: int, error: BaseException | type = Killed) -> list[int]:
    """os.replace, as the journal's commit calls it, raising `error` after `steps` renames."""
    done = [0]
    real = os.replace

    def replace(source, target):
        if done[0] == steps:
            raise error
        done[0] += 1
        real(source, target)

    # Only the journal's own renames: the journal itself is written (durably) before them.
    monkeypatch.setattr(journal, "os", SimpleNamespace(**{**vars(os), "replace": replace}))
    return done


def staged(site: Path, files: dict[str, bytes]) -> Staging:
    staging = Staging(site / "site", output_record(site, site / "site"))
    for relative, data in files.items():
        staging.write(relative, data)
    return staging


def count_renames(site: Path, monkeypatch) -> int:
    """How many renames a commit of SECOND over FIRST takes."""
    staged(site, FIRST).commit()
    done = stopping_after(monkeypatch, 10_000)
    staged(site, SECOND).commit()
    monkeypatch.undo()
    return done[0]


def test_a_swap_stopped_after_any_rename_is_finished_by_the_next_build(tmp_path, monkeypatch):
    total = count_renames(tmp_path / "probe", monkeypatch)
    assert total >= 6  # three entries aside, three in, one gone
    for steps in range(total):
        site = tmp_path / f"site-{steps}"
        staged(site, FIRST).commit()
        (site / "site" / LEGACY_MANIFEST).write_text("{}")  # what an older version left there
        stopping_after(monkeypatch, steps)
        with pytest.raises(Killed):
            staged(site, SECOND).commit()
        monkeypatch.undo()
        record = output_record(site, site / "site")
        assert record.journal.is_file()
        assert recover(record)
        assert tree(site / "site") == SECOND, f"stopped after {steps} renames"
        assert record.written_files() == set(SECOND)
        assert not record.journal.exists()
        assert sorted(os.listdir(site / "site")) == ["actors", "index.html", "new"]


def test_a_live_commit_stopped_after_any_rename_is_finished_by_the_next_build(tmp_path, monkeypatch):
    for steps in range(3):  # three files moved in, then one removed
        site = tmp_path / f"site-{steps}"
        staged(site, FIRST).commit()
        record = output_record(site, site / "site")
        output = LiveOutput(site / "site", scratch=True, record=record)
        output.write("index.html", b"home 2")
        output.write("actors/c/index.html", b"c")
        output.write("actors/a/index.html", b"a 2")
        output.remove("actors/b/index.html")
        stopping_after(monkeypatch, steps)
        with pytest.raises(Killed):
            output.commit(manifest=["index.html", "actors/a/index.html", "actors/c/index.html",
                                    "old/index.html"])
        monkeypatch.undo()
        assert recover(record)
        output.close()
        assert tree(site / "site") == {"index.html": b"home 2", "actors/a/index.html": b"a 2",
                                       "actors/c/index.html": b"c", "old/index.html": b"old"}
        assert not (site / "site" / "actors" / "b").exists()  # its folder went with it


def test_a_commit_takes_away_what_an_older_version_kept_in_the_output(tmp_path):
    site = tmp_path / "site-src"
    out = site / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_bytes(b"old home")
    (out / LEGACY_MANIFEST).write_text('{"generator": "backstory", "files": ["index.html"]}')
    (out / LEGACY_CACHE).mkdir()
    (out / LEGACY_CACHE / "build.pickle").write_bytes(b"EMBARGOED draft text")
    record = output_record(site, out)
    assert record.written_files() == {"index.html"}  # the old record is taken over
    staged(site, {"index.html": b"home"}).commit()
    assert tree(out) == {"index.html": b"home"}
    assert record.written_files() == {"index.html"}


@pytest.mark.parametrize("entry", ["../escape", "/etc/passwd", "a/../../b"])
def test_a_journal_that_points_outside_the_output_is_not_acted_on(tmp_path, entry):
    site = tmp_path / "site-src"
    staged(site, FIRST).commit()
    record = output_record(site, site / "site")
    victim = tmp_path / "victim"
    victim.write_text("mine")
    record.journal.write_text(json.dumps({"version": 1, "moves": [[entry, "index.html", None]],
                                          "removals": [], "manifest": None, "cleanup": []}))
    assert not recover(record)
    assert victim.read_text() == "mine" and tree(site / "site") == FIRST
    assert not record.journal.exists()


def test_a_commit_that_fails_part_way_is_finished_by_the_next_build(tmp_path, monkeypatch):
    """An error while files go in place (a disk that fails): the staged files and the journal
    stay, whatever the failed build cleans up, and the next build finishes the commit."""
    for steps in range(count_renames(tmp_path / "probe", monkeypatch)):
        site = tmp_path / f"site-{steps}"
        staged(site, FIRST).commit()
        staging = staged(site, SECOND)
        stopping_after(monkeypatch, steps, OSError(5, "Input/output error"))
        with pytest.raises(OSError):
            staging.commit()
        monkeypatch.undo()
        staging.abort()  # as the pipeline does on any error
        record = output_record(site, site / "site")
        assert staging.root.is_dir() and recover(record)
        assert tree(site / "site") == SECOND, f"failed after {steps} renames"


def test_ctrl_c_during_a_commit_waits_for_its_end(tmp_path, monkeypatch):
    site = tmp_path / "site-src"
    staged(site, FIRST).commit()
    real, done = os.replace, [0]

    def interrupted(source, target):
        done[0] += 1
        if done[0] == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C, in the middle of the swap
        real(source, target)

    monkeypatch.setattr(journal, "os", SimpleNamespace(**{**vars(os), "replace": interrupted}))
    staged(site, SECOND).commit()  # no KeyboardInterrupt: the commit ran to its end
    monkeypatch.undo()
    assert tree(site / "site") == SECOND and not output_record(site, site / "site").journal.exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize(("before", "after"), [({"notes": b"a file"}, {"notes/a.txt": b"in a folder"}),
                                               ({"notes/a.txt": b"in a folder"}, {"notes": b"a file"})])
def test_a_live_commit_turns_a_file_into_a_folder_and_back(tmp_path, before, after):
    site = tmp_path / "site-src"
    staged(site, {"index.html": b"home", **before}).commit()
    record = output_record(site, site / "site")
    output = LiveOutput(site / "site", scratch=True, record=record)
    for relative in before:
        output.remove(relative)
    for relative, data in after.items():
        output.write(relative, data)
    output.commit(manifest=["index.html", *after])
    output.close()
    assert tree(site / "site") == {"index.html": b"home", **after}


def test_a_journal_is_not_followed_through_a_link_in_the_output(tmp_path):
    site = tmp_path / "site-src"
    staged(site, FIRST).commit()
    record = output_record(site, site / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site's")
    shutil.rmtree(site / "site" / "old")
    (site / "site" / "old").symlink_to(elsewhere, target_is_directory=True)
    record.journal.write_text(json.dumps({"version": 1, "moves": [], "removals": [
        ["old/index.html", None]], "manifest": None, "cleanup": []}))
    assert not recover(record)
    assert (elsewhere / "index.html").read_text() == "not the site's"
