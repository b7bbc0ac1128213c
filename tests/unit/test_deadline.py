"""The page time limit (pages/deadline.py) stops a page even if the first stop is swallowed."""

from __future__ import annotations

import time

import pytest

from backstory.pages.deadline import PageDeadlines, PageTimedOut


def test_a_page_that_catches_the_first_stop_is_stopped_again():
    deadlines = PageDeadlines(seconds=0.2)
    caught = 0
    started = time.monotonic()
    try:
        with pytest.raises(PageTimedOut), deadlines.page("loop.html"):
            while time.monotonic() - started < 20:
                try:
                    while time.monotonic() - started < 20:
                        pass
                except PageTimedOut:  # code in the way that carries on regardless
                    caught += 1
                    if caught > 1:
                        raise
    finally:
        deadlines.close()
    assert caught == 2 and time.monotonic() - started < 5


def test_a_page_in_time_is_not_stopped():
    deadlines = PageDeadlines(seconds=1)
    try:
        with deadlines.page("quick.html"):
            time.sleep(0.05)
    finally:
        deadlines.close()
