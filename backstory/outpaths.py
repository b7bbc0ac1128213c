"""Rules for the paths of an output folder: what a reader may fetch, and what two sources may not
both claim, on any disk a site is checked out or served from."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping


def is_served_path(relative: str) -> bool:
    """Whether a path under an output folder ("actors/x/index.html") names something a build
    publishes and a reader may fetch: the one rule for what a build writes and records and what
    the preview serves. No dotfile or dot-folder anywhere (staging folders, editors' and hosts'
    files), no host's CNAME at the top, one spelling per file."""
    return (bool(relative) and "\\" not in relative and "\x00" not in relative
            and relative != "CNAME" and not relative.startswith("CNAME/")
            and all(part and not part.startswith(".") for part in relative.split("/")))


def folded(path: str) -> str:
    """A path as a case-insensitive disk sees it (macOS, Windows): case and Unicode
    normalisation (APFS does not tell NFC from NFD) set aside."""
    return unicodedata.normalize("NFC", path).casefold()


def case_collisions(outputs: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """Pairs of output paths (files, or the folders they make) that differ only in case or
    normalisation, as (path, its source, other path, its source): on a case-insensitive disk,
    one would silently replace the other. `outputs` maps each output file to what makes it."""
    first: dict[str, tuple[str, str]] = {}  # folded path -> (path as written, its source)
    found: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for path in sorted(outputs):
        source = outputs[path]
        parts = path.split("/")
        for end in range(1, len(parts) + 1):
            prefix = "/".join(parts[:end])
            key = folded(prefix)
            seen = first.setdefault(key, (prefix, source))
            if seen[0] != prefix:
                pair = (seen[0], prefix) if seen[0] < prefix else (prefix, seen[0])
                found.setdefault(pair, (seen[0], seen[1], prefix, source))
                break  # the folders below collide with it: one report is enough
    return [found[pair] for pair in sorted(found)]
