"""Where each line runs: straight from node to node, or, where a straight line would pass
through a node it does not join (and so read as a chain through it), a curve bent round it.
Geometry only: svg.py draws the routes, labels.py keeps names off them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .network import Edge, Node
from .shapes import size_of

PAD = 3.0  # a line keeps this far from the shapes it passes
CELL = 48.0  # the grid that finds the shapes near a line
PIECES = 16  # a curve is checked, and kept off labels, as this many straight pieces
# How far a curve may bow out from the straight line, tried in turn, each on both sides.
BOWS = (14.0, 24.0, 36.0, 52.0, 72.0, 100.0, 140.0, 190.0, 250.0)

Segment = tuple[float, float, float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass(frozen=True, slots=True)
class Route:
    """A line from one node's centre to another's: straight, or a Bezier curve through one
    control point (quadratic) or two (cubic)."""

    start: tuple[float, float]
    end: tuple[float, float]
    controls: tuple[tuple[float, float], ...] = ()

    def segments(self) -> list[Segment]:
        if not self.controls:
            return [(*self.start, *self.end)]
        (ax, ay), (bx, by) = self.start, self.end
        if len(self.controls) == 1:
            ((cx, cy),) = self.controls
            points = [((1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t * t * bx,
                       (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t * t * by) for t in _STEPS]
        else:
            (cx, cy), (dx, dy) = self.controls
            points = [((1 - t) ** 3 * ax + 3 * (1 - t) ** 2 * t * cx + 3 * (1 - t) * t * t * dx + t ** 3 * bx,
                       (1 - t) ** 3 * ay + 3 * (1 - t) ** 2 * t * cy + 3 * (1 - t) * t * t * dy + t ** 3 * by)
                      for t in _STEPS]
        return [(*a, *b) for a, b in zip(points, points[1:], strict=False)]


_STEPS = [k / PIECES for k in range(PIECES + 1)]


def trimmed(route: Route, box: Box) -> Route:
    """The part of a route before it enters `box` (an arrow's target: its shape's box and a
    gap): the same curve cut short (de Casteljau), so that what is drawn is what was routed."""
    points = [route.start, *route.controls, route.end]

    def inside(p: tuple[float, float]) -> bool:
        return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]

    lo, hi = 0.0, 1.0
    # The last t outside the box, from the start, to a millionth of t: no visible change from
    # finer cuts, as the picture is written to a tenth of a pixel.
    for _ in range(20):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if inside(_split(points, mid)[-1]) else (mid, hi)
    left = _split(points, lo)  # the first point of each level: the curve's part before t
    return Route(route.start, left[-1], tuple(left[:-1]))


def _split(points: list[tuple[float, float]], t: float) -> list[tuple[float, float]]:
    firsts = []
    while len(points) > 1:
        points = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                  for a, b in zip(points, points[1:], strict=False)]
        firsts.append(points[0])
    return firsts


def crosses(segment: Segment, box: Box) -> bool:
    """Whether a straight segment passes through a box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = segment
    left, top, right, bottom = box
    t0, t1, dx, dy = 0.0, 1.0, x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def cells_of(box: Box, cell: float) -> Iterable[tuple[int, int]]:
    for gx in range(int(box[0] // cell), int(box[2] // cell) + 1):
        for gy in range(int(box[1] // cell), int(box[3] // cell) + 1):
            yield gx, gy


def route_edges(nodes: list[Node], edges: list[Edge], pos: Mapping[str, tuple[float, float]],
                width: float, height: float, labels: Mapping[str, Box] | None = None,
                ) -> tuple[dict[tuple[str, str, str], Route], dict[str, list[Segment]]]:
    """A route per edge, keyed (source, target, kind): straight where that passes no other
    node and no name (`labels`: the box of each node's name), else the least bowed curve that
    passes none and stays inside the picture, else whichever passes fewest. Also returns, by
    node id, the pieces of line that still cross that node's name."""
    boxes: dict[object, Box] = {}
    grid: dict[tuple[int, int], list[object]] = defaultdict(list)
    for n in nodes:
        (x, y), (hw, hh) = pos[n.id], size_of(n)
        boxes[n.id] = (x - hw - PAD, y - hh - PAD, x + hw + PAD, y + hh + PAD)
    for node_id, box in (labels or {}).items():
        boxes[("label", node_id)] = box
    for key, box in boxes.items():
        for c in cells_of(box, CELL):
            grid[c].append(key)

    def blocked(route: Route, ends: tuple[str, str]) -> set[object]:
        hit: set[object] = set()
        for seg in route.segments():
            box = (min(seg[0], seg[2]), min(seg[1], seg[3]), max(seg[0], seg[2]), max(seg[1], seg[3]))
            for c in cells_of(box, CELL):
                for other in grid.get(c, ()):
                    if other not in ends and other not in hit and crosses(seg, boxes[other]):
                        hit.add(other)
        return hit

    routes: dict[tuple[str, str, str], Route] = {}
    crossed: dict[str, list[Segment]] = defaultdict(list)
    for e in edges:
        start, end = pos[e.source], pos[e.target]
        straight = Route(start, end)
        best, least = straight, blocked(straight, (e.source, e.target))
        if least:
            for curve in _curves(start, end):
                if not _inside(curve, width, height):
                    continue
                hit = blocked(curve, (e.source, e.target))
                if _badness(hit) < _badness(least):
                    best, least = curve, hit
                if not least:
                    break
        routes[(e.source, e.target, e.kind)] = best
        for key in least:
            if isinstance(key, tuple):
                crossed[key[1]] += [seg for seg in best.segments() if crosses(seg, boxes[key])]
    return routes, dict(crossed)


def _curves(start: tuple[float, float], end: tuple[float, float]) -> Iterator[Route]:
    """Curves from start to end, least bowed first, on either side: an even bow (quadratic),
    then bows fuller near one end or the other (cubic), to pass a node close to an end."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length

    def point(along: float, out: float) -> tuple[float, float]:
        return (round(x1 + (x2 - x1) * along + nx * out, 1), round(y1 + (y2 - y1) * along + ny * out, 1))

    for bow in BOWS:
        for side in (bow, -bow):
            yield Route(start, end, (point(0.5, 2 * side),))  # a quadratic reaches half way
        for side in (bow, -bow):
            yield Route(start, end, (point(1 / 3, 2.2 * side), point(2 / 3, 0.4 * side)))
            yield Route(start, end, (point(1 / 3, 0.4 * side), point(2 / 3, 2.2 * side)))


def _badness(hit: set[object]) -> tuple[int, int]:
    """Passing through a node is worse than crossing names: it reads as a chain through it."""
    names = sum(isinstance(key, tuple) for key in hit)
    return len(hit) - names, names


def _inside(route: Route, width: float, height: float) -> bool:
    return all(2 <= x <= width - 2 and 2 <= y <= height - 2
               for seg in route.segments() for x, y in (seg[:2], seg[2:]))
