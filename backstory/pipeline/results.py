"""What a build tells its caller: the result of a build or an update, a failure to write, and
the events a reporter receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildFailed, Diagnostic
from ..output.journal import is_pending
from ..output.state import OutputRecord


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)
    # From the cache (warm.py): how many files the build wrote again; None for a clean build.
    rewritten: int | None = None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What one incremental update did."""

    written: list[str]  # outputs rendered or copied again
    removed: list[str]
    seconds: float
    styles_only: bool  # only stylesheets changed: a browser can swap them without reloading
    warnings: list[Diagnostic] = field(default_factory=list)
    patched: bool = False  # took the fast path (patch.py) rather than a full load


class Reporter:
    """Receives build events; the CLI, the dev server and tests each show them their way."""

    def warnings(self, items: list[Diagnostic]) -> None:
        pass

    def progress(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` steps of a stage ("reading", "rendering", ...); called often."""

    def finish(self) -> None:
        """The build ended, well or not: nothing more will be reported."""

    def waiting(self, message: str) -> None:
        """The build waits for something outside it (another build into the same folder)."""


def write_failed(error: OSError, out: Path, record: OutputRecord | None = None) -> BuildFailed:
    """A write that failed, as the error a person reads."""
    hint = "check free disk space and permissions"
    if is_pending(record):  # stopped while putting files in place: not the last output any more
        hint += "; the next build finishes putting this one in place before anything else"
    return BuildFailed([Diagnostic(str(error.filename or out), 1, 1,
                                   f"cannot write the site: {error.strerror or error}", hint)])
