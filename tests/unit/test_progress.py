"""The build's progress bar: only on a terminal, only after a second, never with --quiet."""

from __future__ import annotations

import io

import pytest

from backstory import BuildFailed, build
from backstory.commands.cli import TerminalReporter
from tests.helpers import BASIC_SITE, copy_site


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def reporter(stream, quiet=False):
    clock = Clock()
    return TerminalReporter(quiet, stream, clock), clock


def test_no_bar_in_the_first_second():
    stream = Terminal()
    shown, clock = reporter(stream)
    clock.now += 0.9
    shown.progress("rendering", 5, 100)
    shown.finish()
    assert stream.getvalue() == ""


def test_after_a_second_a_bar_that_redraws_at_most_ten_times_a_second_and_clears():
    stream = Terminal()
    shown, clock = reporter(stream)
    clock.now += 1.5
    shown.progress("rendering", 50, 100)
    assert stream.getvalue() == "\rrendering     [" + "#" * 14 + "-" * 14 + "] 50/100\x1b[K"
    clock.now += 0.05
    shown.progress("rendering", 60, 100)  # too soon: not drawn
    assert stream.getvalue().count("\r") == 1
    shown.progress("rendering", 100, 100)  # the end of a stage is always drawn
    assert stream.getvalue().count("\r") == 2 and "100/100" in stream.getvalue()
    shown.finish()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_no_bar_when_not_a_terminal_or_quiet():
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        shown, clock = reporter(stream, quiet)
        clock.now += 5
        shown.progress("rendering", 1, 2)
        shown.finish()
        assert stream.getvalue() == ""


def test_warnings_start_on_a_clean_line():
    stream = Terminal()
    shown, clock = reporter(stream)
    clock.now += 2
    shown.progress("reading", 0, 1)
    shown.warnings([])
    assert stream.getvalue().count("\r") == 1  # nothing to say: the bar stays


class Recording:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def warnings(self, items) -> None:
        self.events.append(("warnings", len(items)))

    def progress(self, stage: str, done: int, total: int) -> None:
        self.events.append((stage, done, total))

    def finish(self) -> None:
        self.events.append(("finish",))


def test_a_build_reports_each_stage_and_always_finishes(tmp_path):
    site = copy_site(BASIC_SITE, tmp_path / "src")
    seen = Recording()
    result = build(site, tmp_path / "out", reporter=seen)
    stages = [event[0] for event in seen.events]
    reading = [event for event in seen.events if event[0] == "reading"]
    assert stages[0] == "reading" and stages[-1] == "finish"
    assert [event[1] for event in reading] == list(range(6))  # the fixture's six content files
    rendering = [event for event in seen.events if event[0] == "rendering"]
    assert [event[1] for event in rendering] == list(range(result.pages))
    assert {event[2] for event in rendering} == {result.pages}
    assert ("search index", 1, 1) in seen.events
    (site / "content/actors/royal-society.md").write_text("---\nname: x\n---\n")
    failed = Recording()
    with pytest.raises(BuildFailed):
        build(site, tmp_path / "out", reporter=failed)
    assert failed.events[-1] == ("finish",)
