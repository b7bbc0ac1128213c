"""Where each node's name goes: wrapped to two lines, at the nearest spot round its shape that
covers no other label, no shape and no line. Geometry only; svg.py writes the text there.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .network import Edge, Node, clean, degrees
from .routes import CELL, Box, Segment, cells_of, crosses
from .shapes import size_of

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
    numbered: bool = False  # a number standing for the name, which the map's caption gives


@functools.lru_cache(maxsize=8192)  # names recur on map after map (wide, tall, and each page's)
def wrap(label: str, chars: int = LINE_CHARS, most: int = 2) -> tuple[str, ...]:
    """At most `most` lines of `chars`; what does not fit ends in an ellipsis."""
    words, lines = label.split(), []
    while words and len(lines) < most:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= chars:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = " ".join([lines[-1], *words])
    return tuple(line[:chars - 1].rstrip() + "…" if len(line) > chars else line
                 for line in lines) or ("",)


def shapes_of_name(label: str) -> list[tuple[str, ...]]:
    """The ways a name may be set: two wide lines, or, to fit between lines, three narrow ones
    (kept only where it says as much: no more cut off)."""
    wide, narrow = wrap(label), wrap(label, NARROW_CHARS, 3)
    cut = sum(len(line.rstrip("…")) for line in wide)
    return [wide] if narrow == wide or sum(len(line.rstrip("…")) for line in narrow) < cut else [wide, narrow]


NARROW_CHARS = 13


def place_labels(nodes: Iterable[Node], edges: Iterable[Edge], positions: Mapping[str, tuple[float, float]],
                 *, width: float, height: float, focus: str | None = None,
                 avoid: Mapping[str, list[Segment]] | None = None,
                 numbers: Mapping[str, str] | None = None) -> dict[str, Label | None]:
    """A label per node id, or None for a node whose name finds no free spot (it stays in its
    link's <title>; a map that can grow grows until none is left, pictures/drawing.py).

    Placed in turn, so earlier ones get the nearer spots: the focus, then events, then the most
    connected. Positions are read to 1 decimal, as they are drawn. `avoid` gives, by node id,
    more pieces of line its name may not cover (ones that could not be bent round it);
    `numbers`, by node id, a number to place instead of a name that found no room."""
    nodes, edges = clean(nodes, edges)
    pos = {n.id: (round(float(positions[n.id][0]), 1), round(float(positions[n.id][1]), 1)) for n in nodes}
    degree = degrees(nodes, edges)
    by_id = {n.id: n for n in nodes}
    priority = sorted(by_id, key=lambda i: (i != focus, by_id[i].kind != "event", -degree[i], i))
    return _place(nodes, edges, pos, priority, width, height, avoid or {}, numbers or {})


def label_box(label: Label, kind: str) -> Box:
    """The box a label's text covers, as the layout estimates it, with a pixel to spare all
    round (what is drawn is rounded to 1 decimal)."""
    w = max(map(len, label.lines)) * CHAR_WIDTH.get(kind, 7.0)
    left = {"middle": label.x - w / 2, "start": label.x, "end": label.x - w}[label.anchor]
    return left - 1, label.top - 1, left + w + 1, label.top + len(label.lines) * LINE_HEIGHT + 1


def _place(nodes: list[Node], edges: list[Edge], pos: dict[str, tuple[float, float]],
           priority: list[str], width: float, height: float,
           avoid: Mapping[str, list[Segment]], numbers: Mapping[str, str]) -> dict[str, Label | None]:
    """Each label, in `priority` order, at a spot round its node (eight directions, a few
    distances) that covers no other label, no shape and none of its own node's lines, and
    stays inside the picture: of those, the one crossing fewest other lines, then the nearest.
    None where there is no such spot. Lines it still crosses are bent round it (routes.py)."""
    by_id = {n.id: n for n in nodes}
    boxes: dict[tuple[int, int], list[Box]] = defaultdict(list)  # shapes and placed labels
    lines: dict[tuple[int, int], list[Segment]] = defaultdict(list)
    own: dict[str, list[Segment]] = defaultdict(list, {i: list(segs) for i, segs in avoid.items()})
    for e in edges:
        seg = (*pos[e.source], *pos[e.target])
        own[e.source].append(seg)
        own[e.target].append(seg)
        for c in cells_of((min(seg[0], seg[2]), min(seg[1], seg[3]), max(seg[0], seg[2]),
                           max(seg[1], seg[3])), CELL):
            lines[c].append(seg)
    centres: dict[tuple[int, int], list[str]] = defaultdict(list)
    for n in nodes:
        (x, y), (hw, hh) = pos[n.id], size_of(n)
        box = (x - hw - 2, y - hh - 2, x + hw + 2, y + hh + 2)
        for c in cells_of(box, CELL):
            boxes[c].append(box)
        centres[(int(x // CELL), int(y // CELL))].append(n.id)

    def astray(b: Box, node_id: str) -> bool:
        """Whether another node is as near the name as its own is (then the name reads as
        that node's), with a few pixels' margin."""
        mine = _distance(b, pos[node_id]) + OWN_MARGIN
        reach = (b[0] - mine, b[1] - mine, b[2] + mine, b[3] + mine)
        return any(other != node_id and _distance(b, pos[other]) < mine
                   for c in cells_of(reach, CELL) for other in centres.get(c, ()))

    def cost(b: Box, node_id: str) -> int | None:
        """Lines of other nodes the box crosses, or None where it may not go at all."""
        if b[0] < 1 or b[1] < 1 or b[2] > width - 1 or b[3] > height - 1:
            return None
        near = list(cells_of(b, CELL))
        if any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]
               for c in near for o in boxes.get(c, ())):
            return None
        if any(crosses(seg, b) for seg in own[node_id]) or astray(b, node_id):
            return None
        return len({seg for c in near for seg in lines.get(c, ()) if crosses(seg, b)})

    placed: dict[str, Label | None] = {}
    for node_id in priority:
        node, (x, y) = by_id[node_id], pos[node_id]
        hw, hh = size_of(node)
        best = None
        texts = [(numbers[node_id],)] if node_id in numbers else shapes_of_name(node.label)
        for w, text in enumerate(texts):
            for g, gap in enumerate(GAPS):
                for s, (tx, ty, anchor) in enumerate(_spots(x, y, hw + gap, hh + gap,
                                                             len(text) * LINE_HEIGHT)):
                    label = Label(round(tx, 1), round(ty, 1), anchor, text, node_id in numbers)
                    box = label_box(label, node.kind)
                    crossed = cost(box, node_id)
                    if crossed is not None and (best is None or (crossed, w, g, s) < best[0]):
                        best = ((crossed, w, g, s), label, box)
                if best is not None and best[0][0] == 0:
                    break  # nothing further out can beat a spot that crosses nothing
            if best is not None and best[0][0] == 0:
                break  # nor a narrower name
        placed[node_id] = best and best[1]
        if best:
            for c in cells_of(best[2], CELL):
                boxes[c].append(best[2])
    return placed


GAPS = (2.0, 7.0, 13.0, 20.0)  # how far from its shape a label may sit, nearest first
OWN_MARGIN = 6.0  # a name is this much nearer its own node than any other


def _distance(box: Box, point: tuple[float, float]) -> float:
    """From a point to the nearest point of a box (0 inside it)."""
    x, y = point
    return ((max(box[0] - x, 0.0, x - box[2])) ** 2 + (max(box[1] - y, 0.0, y - box[3])) ** 2) ** 0.5


def _spots(x: float, y: float, rx: float, ry: float, h: float) -> list[tuple[float, float, str]]:
    """Where a label's anchor may go, `rx`/`ry` out from the node's centre: below, above,
    right, left, then the four corners. Each as (x, top of the first line, text-anchor)."""
    return [(x, y + ry, "middle"), (x, y - ry - h, "middle"), (x + rx + 2, y - h / 2, "start"),
            (x - rx - 2, y - h / 2, "end"), (x + rx, y + ry - 2, "start"), (x - rx, y + ry - 2, "end"),
            (x + rx, y - ry - h + 2, "start"), (x - rx, y - ry - h + 2, "end")]
