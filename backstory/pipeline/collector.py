"""Python's cycle collector during a build: paused while the load allocates, kept to new
objects while pages render. Only the build's own objects are involved; nothing here changes
what a build makes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """A build allocates millions of long-lived objects (tokens, records), and Python's cycle
    collector would walk them all again and again: 40% of a 10,000-article load. Reference
    counting still frees what a build drops; see also collect_only_new()."""
    was_enabled, was_frozen, thresholds = gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not was_frozen:
            # What the build allocated sits in the youngest generation, where the first
            # collection would walk all of it (0.5 s at 10,000 articles): move it to the oldest.
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def collect_only_new() -> None:
    """Once the site is loaded: rendering makes cyclic garbage (each page's views refer to one
    another), 400 MB of it at 10,000 articles if never collected. Freezing what the load made
    keeps the collector off it, so collecting the rest costs next to nothing. Most of a page's
    cycles die young; collecting the oldest generation (all that rendering keeps, walked again
    and again: 0.25 s of a 10,000-article build) is put off until the build is done, holding
    what few reach it (15 MB there). collector_paused() restores the thresholds."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000)
    gc.enable()
