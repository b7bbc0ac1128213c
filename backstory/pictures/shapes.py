"""Each kind of node's shape as geometry: how far it reaches from its centre, and where an arrow
drawn to it stops. Layout keeps room for it, labels keep off it, drawing outlines it."""

from __future__ import annotations

import math

# Half width and half height of each shape: for label boxes and for where arrows stop.
EXTENT = {"circle": (8, 8), "square": (8, 8), "diamond": (10, 10), "triangle": (10, 9),
          "triangle-down": (10, 9), "hexagon": (9, 8), "pill": (13, 7)}
# The shape of a node whose kind names none of its own (network.Node.shape): the default
# kinds' and events'; any other kind a circle.
KIND_SHAPES = {"person": "circle", "organization": "square", "state": "diamond",
               "media": "triangle", "event": "pill"}


def shape_of(node) -> str:
    """The shape a node (network.Node) is drawn as."""
    return node.shape or KIND_SHAPES.get(node.kind, "circle")


def extent(shape: str, scale: float = 1.0) -> tuple[float, float]:
    """Half width and half height of a shape (an unknown one's is a circle's), drawn `scale`
    times its usual size."""
    hw, hh = EXTENT.get(shape, (8, 8))
    return hw * scale, hh * scale


def size_of(node) -> tuple[float, float]:
    """Half width and half height of a node (network.Node) as drawn."""
    return extent(shape_of(node), node.scale)


def scale_for(connections: int) -> float:
    """How much larger than usual a node with this many connections is drawn: the hubs of a
    story stand out, by steps of 0.1 up to 1.8 times (16 connections or more)."""
    return round(min(1.8, 1.0 + 0.2 * math.log2(max(connections, 2) / 2)), 1)


def outline(shape: str, x: float, y: float, scale: float = 1.0) -> list[tuple[float, float]] | None:
    """The corners of a shape drawn as a polygon centred on (x, y); None for a circle or a
    rounded rectangle (square, pill)."""
    hw, hh = extent(shape, scale)
    if shape == "diamond":
        return [(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)]
    if shape == "triangle":
        return [(x, y - hh - 1), (x + hw, y + hh), (x - hw, y + hh)]
    if shape == "triangle-down":
        return [(x - hw, y - hh), (x + hw, y - hh), (x, y + hh + 1)]
    if shape == "hexagon":
        return [(x - hw, y), (x - hw / 2, y - hh), (x + hw / 2, y - hh), (x + hw, y),
                (x + hw / 2, y + hh), (x - hw / 2, y + hh)]
    return None


def arrow_end(start: tuple[float, float], end: tuple[float, float], shape: str,
              scale: float = 1.0) -> tuple[float, float]:
    """Where an arrow from `start` to a `shape` centred on `end` stops: 2 px short of the
    shape's box, so the arrowhead touches the shape without covering it."""
    (x1, y1), (x2, y2) = start, end
    (hw, hh), d = extent(shape, scale), math.hypot(x2 - x1, y2 - y1) or 1.0
    cut = (min(hw * d / (abs(x2 - x1) or 1e-9), hh * d / (abs(y2 - y1) or 1e-9)) + 2) / d
    return x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut
