"""What a relationship map claims, checked on the SVG a build wrote, as a reader would read it:
read back from the markup (positions, shapes, lines, label boxes), never from the layout code.

`problems(svg)` lists each way the picture says something untrue or hides something:
- "clipped": a shape or a label reaching outside the viewBox;
- "labels overlap": two names drawn over each other;
- "label on shape": a name drawn over a node's shape;
- "backwards": an arrow (led_to) pointing against time, which runs the way the picture's
  data-time says: right across a wide overview, down a column;
- "edge through node": a line crossing the shape of a node it does not join;
- "label on line": a name drawn over a line (straight, or a curve routed round a node);
- "label astray": a name as near another node's centre as its own node's (it reads as the
  other's).
Label boxes use the estimate the layout uses (pictures/labels.py: 7 px a character, 7.8 for
bold event names, 14 px a line).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from backstory.pictures.labels import CHAR_WIDTH, FONT, LINE_HEIGHT

SVG = "{http://www.w3.org/2000/svg}"
MAPS = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" class="relmap".*?</svg>', re.S)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (self.left < other.right - slack and other.left < self.right - slack
                and self.top < other.bottom - slack and other.top < self.bottom - slack)


def maps_in(html: str) -> list[str]:
    return MAPS.findall(html)


def _shape_box(shape: ET.Element) -> tuple[float, float, Box]:
    tag = shape.tag.removeprefix(SVG)
    if tag == "circle":
        x, y, r = (float(shape.get(a)) for a in ("cx", "cy", "r"))
        return x, y, Box(x - r, y - r, x + r, y + r)
    if tag == "rect":
        x, y, w, h = (float(shape.get(a)) for a in ("x", "y", "width", "height"))
        return x + w / 2, y + h / 2, Box(x, y, x + w, y + h)
    points = [tuple(map(float, p.split(","))) for p in shape.get("points").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = Box(min(xs), min(ys), max(xs), max(ys))
    return (box.left + box.right) / 2, (box.top + box.bottom) / 2, box


def _label_box(text: ET.Element, kind: str) -> Box:
    anchor = text.get("text-anchor", "start")
    spans = text.findall(f"{SVG}tspan")
    width = max(len(s.text or "") for s in spans) * CHAR_WIDTH.get(kind, 7.0)
    x = float(spans[0].get("x"))
    first = float(spans[0].get("y")) - 0.9 * FONT
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, first, left + width, first + len(spans) * LINE_HEIGHT)


def _segments(line: ET.Element) -> list[tuple[float, float, float, float]]:
    """A line, or a path of straight (L), quadratic (Q) and cubic (C) pieces, as short straight
    segments."""
    if line.tag.removeprefix(SVG) == "line":
        return [tuple(float(line.get(a)) for a in ("x1", "y1", "x2", "y2"))]
    words = re.findall(r"[MLQC]|-?[\d.]+", line.get("d"))
    points, i = [], 0
    while i < len(words):
        count = {"M": 1, "L": 1, "Q": 2, "C": 3}[words[i]]
        given = [(float(words[i + 1 + 2 * k]), float(words[i + 2 + 2 * k])) for k in range(count)]
        if count == 1:
            points.append(given[0])
        else:
            start = points[-1]
            for step in range(1, 33):
                t, curve = step / 32, [start, *given]
                while len(curve) > 1:
                    curve = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                             for a, b in zip(curve, curve[1:], strict=False)]
                points.append(curve[0])
        i += 1 + 2 * count
    return [(a[0], a[1], b[0], b[1]) for a, b in zip(points, points[1:], strict=False)]


def _crosses(x1: float, y1: float, x2: float, y2: float, box: Box, inset: float = 1.5) -> bool:
    """Whether the segment passes through the box shrunk by `inset` (a line grazing a shape's
    edge does not read as passing through it)."""
    b = Box(box.left + inset, box.top + inset, box.right - inset, box.bottom - inset)
    if b.left >= b.right or b.top >= b.bottom:
        return False
    t0, t1, dx, dy = 0.0, 1.0, x2 - x1, y2 - y1
    for p, q in ((-dx, x1 - b.left), (dx, b.right - x1), (-dy, y1 - b.top), (dy, b.bottom - y1)):
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


def problems(svg: str) -> list[tuple[str, str]]:
    """(what, which) for every untrue or hidden thing in one map's SVG."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    # Which way time runs, as the picture says: down a column, across a wide overview.
    down = {"down": True, "right": False}[root.get("data-time")]
    nodes: dict[str, tuple[float, float, Box]] = {}
    labels: dict[str, Box] = {}
    for link in root.iter(f"{SVG}a"):
        node_id = link.get("data-node")
        kind = next(c for c in link.get("class").split() if c.startswith("relmap-") and c not in (
            "relmap-node", "relmap-focus")).removeprefix("relmap-")
        shape = next(c for c in link if c.get("class") == "relmap-shape")
        nodes[node_id] = _shape_box(shape)
        text = link.find(f"{SVG}text")
        if text is not None:
            labels[node_id] = _label_box(text, kind)
    found: list[tuple[str, str]] = []

    def inside(b: Box) -> bool:
        return b.left >= -0.5 and b.top >= -0.5 and b.right <= width + 0.5 and b.bottom <= height + 0.5

    for node_id, (_, _, box) in nodes.items():
        if not inside(box):
            found.append(("clipped", node_id))
    for node_id, box in labels.items():
        if not inside(box):
            found.append(("clipped", f"label {node_id}"))
    def distance(b: Box, x: float, y: float) -> float:
        return (max(b.left - x, 0, x - b.right) ** 2 + max(b.top - y, 0, y - b.bottom) ** 2) ** 0.5

    for node_id, box in labels.items():
        own = distance(box, *nodes[node_id][:2])
        if any(other != node_id and distance(box, x, y) <= own for other, (x, y, _) in nodes.items()):
            found.append(("label astray", node_id))
    ids = sorted(labels)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if labels[a].overlaps(labels[b]):
                found.append(("labels overlap", f"{a} / {b}"))
        for node_id, (_, _, box) in nodes.items():
            if node_id != a and labels[a].overlaps(box):
                found.append(("label on shape", f"{a} on {node_id}"))
    for line in (*root.iter(f"{SVG}line"), *root.iter(f"{SVG}path")):
        if "relmap-edge" not in line.get("class", "").split():
            continue  # an arrowhead's path
        source, target = line.get("data-ends").split()
        if "relmap-led-to" in line.get("class", ""):
            (sx, sy, _), (tx, ty, _) = nodes[source], nodes[target]
            if (ty < sy - 0.5) if down else (tx < sx - 0.5):
                found.append(("backwards", f"{source} -> {target}"))
        pieces = _segments(line)
        for node_id, (_, _, box) in nodes.items():
            if node_id not in (source, target) and any(_crosses(*p, box) for p in pieces):
                found.append(("edge through node", f"{source}-{target} through {node_id}"))
        for node_id, box in labels.items():
            if any(_crosses(*p, box, inset=0.5) for p in pieces):
                found.append(("label on line", f"{node_id} on {source}-{target}"))
    return found


def summary(found: list[tuple[str, str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for what, _ in found:
        counts[what] = counts.get(what, 0) + 1
    return counts

