"""Each kind of node's shape as geometry: how far it reaches from its centre, and where an arrow
drawn to it stops. Layout keeps room for it, labels keep off it, drawing outlines it."""

from __future__ import annotations

import math

# Half width and half height of each kind's shape: for label boxes and for where arrows stop.
EXTENT = {"person": (8, 8), "organization": (8, 8), "state": (10, 10), "media": (10, 9), "event": (13, 7)}


def extent(kind: str) -> tuple[int, int]:
    """Half width and half height of a kind's shape (an unknown kind's is a person's)."""
    return EXTENT.get(kind, (8, 8))


def arrow_end(start: tuple[float, float], end: tuple[float, float], kind: str) -> tuple[float, float]:
    """Where an arrow from `start` to a `kind` shape centred on `end` stops: 2 px short of the
    shape's box, so the arrowhead touches the shape without covering it."""
    (x1, y1), (x2, y2) = start, end
    (hw, hh), d = extent(kind), math.hypot(x2 - x1, y2 - y1) or 1.0
    cut = (min(hw * d / (abs(x2 - x1) or 1e-9), hh * d / (abs(y2 - y1) or 1e-9)) + 2) / d
    return x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut
