"""Diagnostics: one type for every problem a build finds, and how they print."""

from __future__ import annotations

import difflib
import heapq
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .output.outpaths import leads_inside
from .output.state import read_bounded

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem at a place: `path` is as the user should see it (relative to the site)."""

    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: str = ERROR
    # The text of the offending line, shown under the message when known.
    source_line: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.message)

    def format(self) -> str:
        lines = [f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"]
        if self.source_line is not None and self.line > 0:
            number = str(self.line)
            text, caret_at = _excerpt(self.source_line.rstrip("\r\n"), self.column - 1)
            lines.append(f"  {number} | {text}")
            if caret_at is not None:
                lines.append(f"  {' ' * len(number)} | {' ' * caret_at}^")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        return "\n".join(lines)


# How much of a source line a report shows: a whole ordinary line, a window of a long one.
LINE_SHOWN = 200
BEFORE_CARET = 80


def _excerpt(line: str, at: int) -> tuple[str, int | None]:
    """The part of `line` to show around 0-based column `at`, tabs expanded, and where the
    caret goes in it (None when `at` is past the end). Only that part is copied: a megabyte
    line with thousands of problems must not be copied once for each."""
    at = max(at, 0)
    start = at - BEFORE_CARET if at > LINE_SHOWN - BEFORE_CARET and len(line) > LINE_SHOWN else 0
    window = line[start:start + LINE_SHOWN]
    caret = len(window[:at - start].expandtabs(4)) + (1 if start else 0)
    text = ("…" if start else "") + window.expandtabs(4)
    if start + LINE_SHOWN < len(line):
        text += "…"
    return text, caret if at <= len(line) else None


@dataclass(slots=True)
class Diagnostics:
    """Collects every problem of a build so that all of them are reported at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def error(self, path: str, line: int, column: int, message: str, hint: str | None = None,
              source_line: str | None = None) -> None:
        self.add(Diagnostic(path, line, column, message, hint, ERROR, source_line))

    def warning(self, path: str, line: int, column: int, message: str, hint: str | None = None,
                source_line: str | None = None) -> None:
        self.add(Diagnostic(path, line, column, message, hint, WARNING, source_line))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=Diagnostic.sort_key)


class BuildFailed(Exception):
    """Raised by the pipeline when a stage found errors; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics), key=Diagnostic.sort_key)
        errors = sum(d.is_error for d in self.diagnostics)
        super().__init__(f"build failed with {errors} error{'s' if errors != 1 else ''}")

    def format(self) -> str:
        return format_report(self.diagnostics)


# A file with thousands of problems (a pasted list of links) shows this many, then a count.
SHOWN_PER_FILE = 20


def format_report(diagnostics: list[Diagnostic]) -> str:
    """All diagnostics, at most SHOWN_PER_FILE per file (sorted: the first ones), then a count
    line such as `2 errors, 1 warning in 2 files`."""
    if not diagnostics:
        return ""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    parts = []
    if errors:
        parts.append(f"{errors:,} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings:,} warning{'s' if warnings != 1 else ''}")
    summary = f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"
    return "\n".join(_capped_lines(diagnostics) + [summary])


def _capped_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """Each diagnostic formatted in the order given, but past SHOWN_PER_FILE of one file a
    single line saying how many more that file has."""
    per_file: dict[str, int] = {}
    for d in diagnostics:
        per_file[d.path] = per_file.get(d.path, 0) + 1
    lines, seen = [], dict.fromkeys(per_file, 0)
    for d in diagnostics:
        seen[d.path] += 1
        if seen[d.path] <= SHOWN_PER_FILE:
            lines.append(d.format())
        if seen[d.path] == SHOWN_PER_FILE and per_file[d.path] > SHOWN_PER_FILE:
            more = per_file[d.path] - SHOWN_PER_FILE
            lines.append(f"... and {more:,} more problem{'s' if more != 1 else ''} in {d.path}")
    return lines


def with_source_lines(diagnostics: Iterable[Diagnostic], root: Path) -> list[Diagnostic]:
    """Fill in the offending line of each diagnostic that points into a readable file of the
    site. A file that leads out of it (a link Backstory refused) is never quoted."""
    cache: dict[str, list[str] | None] = {}
    diagnostics = list(diagnostics)
    shown = _shown_in_report(diagnostics)
    result = []
    for d in diagnostics:
        if d.source_line is None and d.line > 0 and (shown is None or d in shown):
            if d.path not in cache:
                path = root / d.path
                inside = leads_inside(path, root)
                data = read_bounded(Path(os.path.realpath(path)), 64 << 20) if inside else None
                try:
                    cache[d.path] = None if data is None else \
                        data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n")
                except UnicodeDecodeError:
                    cache[d.path] = None
            lines = cache[d.path]
            if lines is not None and d.line <= len(lines):
                d = replace(d, source_line=lines[d.line - 1])
        result.append(d)
    return result


def _shown_in_report(diagnostics: list[Diagnostic]) -> set[Diagnostic] | None:
    """The diagnostics a report shows in full (None: all of them); it drops duplicates."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    if all(len(items) <= SHOWN_PER_FILE for items in by_path.values()):
        return None
    return {d for items in by_path.values()
            for d in heapq.nsmallest(SHOWN_PER_FILE, set(items), key=Diagnostic.sort_key)}


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate(s), or None when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=2, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def display_path(path: Path, root: Path) -> str:
    """A path as the user should read it: relative to the site root when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
