"""Where each node's name goes: wrapped to two lines, at the one of eight spots around its shape
that covers least of other labels, shapes and lines. Geometry only; svg.py writes the text there.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .network import Edge, Node, clean, degrees
from .shapes import extent, shape_of

FONT, LINE_HEIGHT, LINE_CHARS = 12.0, 14.0, 22  # labels: two lines of at most LINE_CHARS characters
CHAR_WIDTH = {"event": 7.8}  # estimated; event labels are bold


@dataclass(frozen=True, slots=True)
class Label:
    """A node's name as placed: its lines, the top of the first, and x as `anchor` reads it
    (SVG's text-anchor: start, middle or end)."""

    x: float
    top: float
    anchor: str
    lines: tuple[str, ...]


@functools.lru_cache(maxsize=8192)  # names recur on map after map (wide, tall, and each page's)
def wrap(label: str) -> tuple[str, ...]:
    """At most two lines of LINE_CHARS; what does not fit ends in an ellipsis."""
    words, lines = label.split(), []
    while words and len(lines) < 2:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= LINE_CHARS:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = " ".join([lines[-1], *words])
    return tuple(line[:LINE_CHARS - 1].rstrip() + "…" if len(line) > LINE_CHARS else line
                 for line in lines) or ("",)


def place_labels(nodes: Iterable[Node], edges: Iterable[Edge], positions: Mapping[str, tuple[float, float]],
                 *, width: float, height: float, focus: str | None = None) -> dict[str, Label | None]:
    """A label per node id, or None for a node whose name is left to its link's <title>.

    Placed in turn, so earlier ones get the clearer spots: the focus, then events, then the most
    connected. Positions are read to 1 decimal, as they are drawn."""
    nodes, edges = clean(nodes, edges)
    by_id = {n.id: n for n in nodes}
    pos = {n.id: (round(float(positions[n.id][0]), 1), round(float(positions[n.id][1]), 1)) for n in nodes}
    degree = degrees(nodes, edges)
    priority = sorted(by_id, key=lambda i: (i != focus, by_id[i].kind != "event", -degree[i], i))
    return _place(nodes, edges, pos, priority, width, height)


def _place(nodes: list[Node], edges: list[Edge], pos: dict[str, tuple[float, float]],
           priority: list[str], width: float, height: float) -> dict[str, Label | None]:
    """Each label, in `priority` order, at the one of eight spots around its node that covers
    least of other labels, shapes and lines. On dense overviews, a label that would cover much of
    other labels and shapes goes to the spot that covers least of them, lines or not, and where
    all are crowded, it is left out: the name stays in the link's <title>."""
    by_id, boxes = {n.id: n for n in nodes}, []
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    # Points every 6 px along each edge, so labels keep off lines, and arrows most: in rows 16 px
    # high, sorted by x, so that a label box finds those under it by bisection.
    rows: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for e in edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        steps, weight = int(math.hypot(x2 - x1, y2 - y1) // 6) + 1, 100 if e.kind == "led_to" else 25
        run, rise = x2 - x1, y2 - y1
        for t in range(1, steps):
            x, y = x1 + run * t / steps, y1 + rise * t / steps
            rows[int(y // 16)].append((x, y, weight))
    for row in rows.values():
        row.sort()
    row_xs = {r: [x for x, _, _ in row] for r, row in rows.items()}

    def on_lines(b0, b1, b2, b3):
        found = 0
        for r in range(int(b1 // 16), int(b3 // 16) + 1):
            xs = row_xs.get(r)
            if xs:
                for _, py, weight in rows[r][bisect.bisect_left(xs, b0):bisect.bisect_right(xs, b2)]:
                    if b1 <= py <= b3:
                        found += weight
        return found

    def cells(b):
        return [(gx, gy) for gx in range(int(b[0] // 64), int(b[2] // 64) + 1)
                for gy in range(int(b[1] // 64), int(b[3] // 64) + 1)]

    few = len(nodes) <= 24  # then looking at every box is quicker than keeping a grid of them

    def add(b):
        boxes.append(b)
        for c in () if few else cells(b):
            grid[c].append(len(boxes) - 1)

    for n in nodes:
        (x, y), (hw, hh) = pos[n.id], extent(shape_of(n))
        add((x - hw - 2, y - hh - 2, x + hw + 2, y + hh + 2))
    placed: dict[str, Label | None] = {}
    dense = len(nodes) > 60
    for node_id in priority:
        node, (x, y) = by_id[node_id], pos[node_id]
        (hw, hh), lines = extent(shape_of(node)), wrap(node.label)
        w, h = max(map(len, lines)) * CHAR_WIDTH.get(node.kind, 7.0), len(lines) * LINE_HEIGHT
        spots = [(x, y + hh + 2, "middle"), (x, y - hh - 3 - h, "middle"), (x + hw + 4, y - h / 2, "start"),
                 (x - hw - 4, y - h / 2, "end"), (x + hw, y + hh, "start"), (x - hw, y + hh, "end"),
                 (x + hw, y - hh - h, "start"), (x - hw, y - hh - h, "end")]
        # Every spot lies in this box (with a pixel to spare): only boxes that meet it can
        # be covered, so each spot looks at those, in the same order, not at all of them.
        r0, r1, r2, r3 = x - hw - 4 - w - 1, y - hh - 3 - h - 1, x + hw + 4 + w + 1, y + hh + 2 + h + 1
        near = [o for o in (boxes if few else [boxes[i] for i in sorted(
                    {i for c in cells((r0, r1, r2, r3)) for i in grid[c]})])
                if r0 < o[2] and o[0] < r2 and r1 < o[3] and o[1] < r3]
        best = clearest = None
        for tx, ty, anchor in spots:
            b0 = tx - w / 2 if anchor == "middle" else tx if anchor == "start" else tx - w
            b1, b2, b3 = ty, b0 + w, ty + h
            outside = b0 < 0 or b1 < 0 or b2 > width or b3 > height
            covered = 0.0
            for o0, o1, o2, o3 in near:
                if b0 < o2 and o0 < b2 and b1 < o3 and o1 < b3:  # else it adds 0
                    covered += (min(b2, o2) - max(b0, o0)) * (min(b3, o3) - max(b1, o1))
            if dense and not outside and (clearest is None or covered < clearest[0] - 0.01):
                clearest = (covered, (tx, ty, anchor), (b0, b1, b2, b3))
            if best is not None and covered >= best[0] - 0.01:
                continue  # lines and edges only add to the cost: this spot cannot win
            cost = covered + on_lines(b0, b1, b2, b3) + 50 * w * h * outside
            if best is None or cost < best[0] - 0.01:
                best = (cost, (tx, ty, anchor), (b0, b1, b2, b3), covered)
            if cost == 0:  # nothing beats a free spot, and earlier spots win ties
                break
        if dense and best[3] > 0.2 * w * h and clearest is not None and clearest[0] < 0.01:
            best = (clearest[0], clearest[1], clearest[2], clearest[0])  # over lines, but legible
        crowded = dense and best[3] > 0.2 * w * h and node_id != priority[0]
        placed[node_id] = None if crowded else Label(*best[1], lines)
        if not crowded:
            add(best[2])
    return placed
