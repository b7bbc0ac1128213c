"""A commit of a build into its output folder that happens whole or not at all.

Every file of a build is made first where readers do not see it (a staging folder inside the
output). Committing moves them into place, which takes many renames: a build killed halfway
through them would leave a site half old and half new. So the renames are first written down in
a journal, on disk before the first of them (state.OutputRecord.journal); the next build finds a
journal left behind and finishes it before anything else. Each step is written so that doing it
again does no harm: a move is made only while its source is still there.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .outpaths import leads_inside
from .state import LEGACY_CACHE, LEGACY_MANIFEST, OutputRecord, read_json, write_json

VERSION = 1


@dataclass(slots=True)
class Plan:
    """What one commit does, in order, with paths relative to the output folder."""

    # (new file or folder, where it goes, where what is there goes first, or None: replaced)
    moves: list[tuple[str, str, str | None]] = field(default_factory=list)
    # (what goes, where it goes, or None: deleted, and the folders it leaves empty with it)
    removals: list[tuple[str, str | None]] = field(default_factory=list)
    manifest: list[str] | None = None  # every file of the output once committed
    cleanup: list[str] = field(default_factory=list)  # folders removed once all is in place

    def as_json(self) -> dict:
        return {"version": VERSION, "moves": self.moves, "removals": self.removals,
                "manifest": self.manifest, "cleanup": self.cleanup}


def commit(out: Path, plan: Plan, record: OutputRecord | None) -> None:
    """Carry out `plan` in `out`. With a record, the plan is journaled first and the manifest
    saved: from then on the commit is decided. Ctrl+C waits for it to end; a failure part way
    (OSError) leaves the journal and what it moves from for the next build to finish (callers
    must not delete them: is_pending()). Without a record (a private folder, such as
    `check`'s), it is only carried out."""
    if record is None:
        _carry_out(out, plan, None)
        return
    # What an earlier version kept in the output folder goes: the cache held drafts.
    plan.removals += [(LEGACY_MANIFEST, None), (LEGACY_CACHE, None)]
    write_json(record.journal, plan.as_json(), durable=True)
    with _interrupts_deferred():
        _carry_out(out, plan, record)


def is_pending(record: OutputRecord | None) -> bool:
    """Whether a journaled commit is unfinished: its sources must stay for recover()."""
    return record is not None and record.journal.exists()


def recover(record: OutputRecord) -> bool:
    """Finish a commit that a stopped build left journaled; whether there was one."""
    data = read_json(record.journal)
    try:
        if data.get("version") != VERSION:
            raise ValueError("another version's journal")
        plan = Plan([_entry(move, 3) for move in data["moves"]],
                    [_entry(removal, 2) for removal in data["removals"]],
                    data["manifest"], [str(folder) for folder in data["cleanup"]])
        for entry in (*plan.moves, *plan.removals, *([c] for c in plan.cleanup)):
            for part in entry:
                _inside(record.out, part)
    except (AttributeError, KeyError, TypeError, ValueError):
        record.journal.unlink(missing_ok=True)  # unreadable: never acted on (see commit)
        return False
    _carry_out(record.out, plan, record)
    return True


def _entry(value, size: int) -> tuple:
    if not isinstance(value, list) or len(value) != size:
        raise ValueError(f"not a journal entry: {value!r}")
    return tuple(value)


def _inside(out: Path, relative: str | None) -> Path | None:
    """out/relative, refusing a journal entry that would leave the output folder, by its
    spelling or through a link in a folder on the way."""
    if relative is None:
        return None
    if not isinstance(relative, str) or not relative or os.path.isabs(relative) \
            or ".." in relative.replace("\\", "/").split("/"):
        raise ValueError(f"journal entry {relative!r} leaves the output folder")
    path = out / relative
    if not leads_inside(path.parent, out):
        raise ValueError(f"journal entry {relative!r} leads out through a link")
    return path


def _carry_out(out: Path, plan: Plan, record: OutputRecord | None) -> None:
    removed = {gone for gone, _ in plan.removals}
    for source, target, displaced in plan.moves:
        new = _inside(out, source)
        if not os.path.lexists(new):
            continue  # moved before the build was stopped
        place = _inside(out, target)
        if displaced is not None and os.path.lexists(place):
            aside = _inside(out, displaced)
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(place, aside)
        _clear_way(out, target, removed)
        place.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, place)
    # What the moves put in place is not removed, nor the folders it is in.
    placed = {"/".join(target.split("/")[:end]) for _, target, _ in plan.moves
              for end in range(1, target.count("/") + 2)}
    for gone, aside in plan.removals:
        path = _inside(out, gone)
        if gone in placed or not os.path.lexists(path):
            continue
        if aside is not None:
            _inside(out, aside).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, _inside(out, aside))
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
            _prune(out, path.parent)
    if record is not None:
        if plan.manifest is not None:
            record.save_manifest(plan.manifest)
        record.journal.unlink(missing_ok=True)
    for folder in plan.cleanup:
        shutil.rmtree(_inside(out, folder), ignore_errors=True)


def _clear_way(out: Path, target: str, removed: set[str]) -> None:
    """Before a file goes to `target`: a file the plan removes where one of its folders must go
    (a static file became a folder), or a folder of files the plan removes where it must go
    (a folder became a file), goes first."""
    parts = target.split("/")
    for end in range(1, len(parts)):
        folder = "/".join(parts[:end])
        path = out / folder
        if folder in removed and os.path.lexists(path) and not path.is_dir():
            path.unlink()
    place = out / target
    if place.is_dir() and not place.is_symlink() and all(
            f"{target}/{path.relative_to(place).as_posix()}" in removed
            for path in place.rglob("*") if not path.is_dir() or path.is_symlink()):
        shutil.rmtree(place)


def _prune(out: Path, folder: Path) -> None:
    """Remove the folders a removal left empty, up to the output folder."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl+C and a plain kill wait for the end of a commit once it has begun: stopping it part
    way would leave the site half new until the next build. (Only the main thread receives
    signals; a commit in another thread is not stopped by them anyway.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {number: signal.signal(number, lambda got, frame: caught.append(got))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
