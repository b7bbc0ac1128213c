"""A map drawn as a column: one node a row, its name beside it, and every line an arc to the
left of the column. Events run down in story order and each actor sits among the events it
took part in. Nothing can cover anything: names have their own rows and the side of the column
no line reaches, and each arc bows out just far enough to clear every shape between its ends.

It is the page's own map (a few nodes, in a narrow column) and the overview's on a phone: a
force layout squeezed into 360 px puts names on lines; a column does not, and it reads down
as the page does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .labels import CHAR_WIDTH, LINE_CHARS, LINE_HEIGHT, Label, wrap
from .network import Edge, Node, clean
from .routes import PAD, Route
from .shapes import size_of

TOP, BOTTOM, SIDE = 16.0, 16.0, 8.0  # margins
ROW_GAP, LABEL_GAP = 8.0, 7.0  # between rows; between a shape and its name


@dataclass(frozen=True, slots=True)
class Column:
    positions: dict[str, tuple[float, float]]
    routes: dict[tuple[str, str, str], Route]
    labels: dict[str, Label | None]
    width: float
    height: float


def column_map(nodes: list[Node], edges: list[Edge], *, width: float,
               order: Mapping[str, float] | None = None) -> Column:
    """Positions, arcs and names for a column map at least `width` wide (wider where names and
    arcs need it: the picture is drawn at its container's width)."""
    nodes, edges = clean(nodes, edges)
    order = order or {}
    rows = _rows(nodes, edges, order)
    sizes = {n.id: size_of(n) for n in nodes}
    texts = {n.id: wrap(n.label) for n in nodes}
    reach = max((hw for hw, _ in sizes.values()), default=8.0)
    ys, y = {}, TOP
    for node_id in rows:
        # Two lines' room, whatever the name says: a rename moves nothing.
        half = max(sizes[node_id][1], LINE_HEIGHT)
        ys[node_id] = y + half
        y += 2 * half + ROW_GAP
    height = y - ROW_GAP + BOTTOM
    pitch = min((ys[b] - ys[a] for a, b in zip(rows, rows[1:], strict=False)), default=1.0)
    # The column as far right as the names allow, and each arc bowed out in proportion to the
    # rows it spans, into the room left of the column (more than it needs: arcs apart read
    # apart), but never less than it needs to clear the shapes between its ends.
    # Room for the widest name a map may have, not this map's: a rename never moves a node.
    name_room = reach + LABEL_GAP + LINE_CHARS * CHAR_WIDTH["event"] + SIDE
    spans = {(e.source, e.target, e.kind): abs(ys[e.target] - ys[e.source]) for e in edges}
    need = max((_bow(span, pitch, reach) for span in spans.values()), default=0.0)
    x = max(SIDE + 0.75 * need + reach + 2, float(width) - name_room)
    width = x + name_room
    longest = max(spans.values(), default=1.0) or 1.0
    room = (x - reach - 2 - SIDE) / 0.75  # the farthest a control point may go
    pos = {i: (round(x, 1), round(ys[i], 1)) for i in rows}
    routes = {}
    for e in edges:
        span = spans[(e.source, e.target, e.kind)]
        bow = 0.0 if span <= pitch * 1.5 else max(_bow(span, pitch, reach), room * span / longest)
        (_, y1), (_, y2) = pos[e.source], pos[e.target]
        routes[(e.source, e.target, e.kind)] = (
            Route(pos[e.source], pos[e.target], ((round(x - bow, 1), y1), (round(x - bow, 1), y2)))
            if bow else Route(pos[e.source], pos[e.target]))
    labels = {}
    for n in nodes:
        (hw, _), lines = sizes[n.id], texts[n.id]
        labels[n.id] = Label(round(x + hw + LABEL_GAP, 1),
                             round(pos[n.id][1] - len(lines) * LINE_HEIGHT / 2, 1), "start", lines)
    return Column(pos, routes, labels, round(width), round(height))


def _rows(nodes: list[Node], edges: list[Edge], order: Mapping[str, float]) -> list[str]:
    """Top to bottom: events in story order; each actor just after the middle of its events."""
    events = sorted((n.id for n in nodes if n.kind == "event"), key=lambda i: (order.get(i, 0.0), i))
    rank = {e: r for r, e in enumerate(events)}
    joined: dict[str, list[int]] = defaultdict(list)
    for e in edges:
        for one, other in ((e.source, e.target), (e.target, e.source)):
            if one not in rank and other in rank:
                joined[one].append(rank[other])
    middle = (len(events) - 1) / 2

    def place(n: Node) -> tuple[float, int, str]:
        if n.id in rank:
            return rank[n.id], 0, n.id
        found = sorted(joined[n.id])
        return (found[(len(found) - 1) // 2] if found else middle) + 0.5, 1, n.id

    return [n.id for n in sorted(nodes, key=place)]


def _bow(span: float, pitch: float, reach: float) -> float:
    """How far left of the column a cubic arc over `span` px must reach (its control points;
    the curve itself reaches 3/4 of that) to pass the shapes a row `pitch` from its ends.

    On a cubic whose controls sit level with its ends, x is 3c t(1-t) out and y has gone
    3t^2 - 2t^3 of the way: solved for the first row in, plus room for the shape."""
    if span <= pitch * 1.5:
        return 0.0  # next rows: a straight line passes nothing
    f, lo, hi = pitch / span, 0.0, 0.5
    for _ in range(40):  # bisection for t where 3t^2 - 2t^3 = f
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if 3 * mid * mid - 2 * mid ** 3 < f else (lo, mid)
    t = (lo + hi) / 2
    return (reach + PAD + 2) / (3 * t * (1 - t))
