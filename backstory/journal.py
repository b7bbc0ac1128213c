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
from dataclasses import dataclass, field
from pathlib import Path

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
    """Carry out `plan` in `out`. With a record, the plan is journaled first (a kill at any
    point is finished by recover()) and the manifest saved; without one (a private folder,
    such as `check`'s), it is only carried out."""
    if record is not None:
        # What an earlier version kept in the output folder goes: the cache held drafts.
        plan.removals += [(LEGACY_MANIFEST, None), (LEGACY_CACHE, None)]
        write_json(record.journal, plan.as_json(), durable=True)
    _carry_out(out, plan, record)


def recover(record: OutputRecord) -> bool:
    """Finish a commit that a killed build left journaled; whether there was one."""
    data = read_json(record.journal)
    if not isinstance(data, dict) or data.get("version") != VERSION:
        record.journal.unlink(missing_ok=True)  # unreadable: it was never acted on (see commit)
        return False
    try:
        plan = Plan([tuple(move) for move in data["moves"]],
                    [tuple(removal) for removal in data["removals"]],
                    data["manifest"], list(data["cleanup"]))
        for entry in (*plan.moves, *plan.removals, *([c] for c in plan.cleanup)):
            for part in entry:
                _inside(record.out, part)
    except (KeyError, TypeError, ValueError):
        record.journal.unlink(missing_ok=True)
        return False
    _carry_out(record.out, plan, record)
    return True


def _inside(out: Path, relative: str | None) -> Path | None:
    """out/relative, refusing a journal entry that would leave the output folder."""
    if relative is None:
        return None
    if not isinstance(relative, str) or not relative or os.path.isabs(relative) \
            or ".." in relative.replace("\\", "/").split("/"):
        raise ValueError(f"journal entry {relative!r} leaves the output folder")
    return out / relative


def _carry_out(out: Path, plan: Plan, record: OutputRecord | None) -> None:
    for source, target, displaced in plan.moves:
        new = _inside(out, source)
        if not os.path.lexists(new):
            continue  # moved before the build was stopped
        place = _inside(out, target)
        if displaced is not None and os.path.lexists(place):
            aside = _inside(out, displaced)
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(place, aside)
        place.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, place)
    for gone, aside in plan.removals:
        path = _inside(out, gone)
        if not os.path.lexists(path):
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


def _prune(out: Path, folder: Path) -> None:
    """Remove the folders a removal left empty, up to the output folder."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
