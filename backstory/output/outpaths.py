"""Rules for the paths of an output folder: what a reader may fetch, and what two sources may not
both claim, on any disk a site is checked out or served from."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path


def is_served_path(relative: str) -> bool:
    """Whether a path under an output folder ("actors/x/index.html") names something a build
    publishes and a reader may fetch: the one rule for what a build writes and records and what
    the preview serves. No dotfile or dot-folder anywhere (staging folders, editors' and hosts'
    files), no host's CNAME at the top, one spelling per file."""
    return (bool(relative) and "\\" not in relative and "\x00" not in relative
            and relative != "CNAME" and not relative.startswith("CNAME/")
            and all(part and not part.startswith(".") for part in relative.split("/")))


def leads_inside(path: str | Path, folder: str | Path) -> bool:
    """Whether `path`, with every link on the way resolved, is `folder` or below it: the test
    for a link out (commonpath, never startswith: /site-leak is not inside /site)."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    try:
        return os.path.commonpath([real, root]) == root
    except ValueError:  # another drive (Windows)
        return False


def folded(path: str) -> str:
    """A path as a case-insensitive disk sees it (macOS, Windows): case and Unicode
    normalisation (APFS does not tell NFC from NFD) set aside. lower(), not casefold(): those
    disks fold case one letter at a time, so "ß" and "ss" stay two names."""
    return unicodedata.normalize("NFC", path).lower()


def case_collisions(outputs: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """Pairs of output paths (files, or the folders they make) that differ only in case or
    normalisation, as (path, its source, other path, its source): on a case-insensitive disk,
    one would silently replace the other. `outputs` maps each output file to what makes it.
    Below two folders that collide, nothing more is reported."""
    made: dict[str, str] = {}  # every file and folder -> the first source that makes it
    for path in sorted(outputs):
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            made.setdefault("/".join(parts[:end]), outputs[path])
    spellings: dict[str, list[str]] = {}
    for path in made:  # each folder once, not once per file in it
        spellings.setdefault(folded(path), []).append(path)
    found = []
    for names in spellings.values():
        if len(names) < 2:
            continue
        first, other = sorted(names)[:2]
        parent = first.rpartition("/")[0]
        if parent and len(spellings[folded(parent)]) > 1:
            continue  # its folder collides already: that is the one to fix
        found.append((first, made[first], other, made[other]))
    return sorted(found)
