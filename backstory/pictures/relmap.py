"""The relationship map: actors and events as a network, laid out at build time, drawn as static SVG.

Pure functions over plain data. The same nodes and edges, in any order, give byte-identical SVG:
inputs are sorted, randomness comes from a seed string, coordinates are written to 1 decimal.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import math
import random
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MIN_DISTANCE = 34.0  # node centres end at least this far apart whenever the canvas has room
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80.0, 24.0, 40.0  # keeps edge nodes' labels inside the viewBox
FONT, LINE_HEIGHT, LINE_CHARS = 12.0, 14.0, 22  # labels: two lines of at most LINE_CHARS characters
CHAR_WIDTH = {"event": 7.8}  # estimated; event labels are bold
# Room kept round a node for its label while laying out, as (characters, lines): a typical label of
# its kind, not its own, so that labels (placed afterwards, _place_labels) never move a node.
LABEL_ROOM, ACTOR_ROOM = {"event": (20, 2)}, (16, 1)
FAR = 8  # beyond FAR * FAR nodes, far-field repulsion acts from the centres of mass of a FAR x FAR grid
# Half width and half height of each kind's shape: for label boxes and for where arrows stop.
EXTENT = {"person": (8, 8), "organization": (8, 8), "state": (10, 10), "media": (10, 9), "event": (13, 7)}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_FORWARD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))  # each pair of neighbouring grid cells once
_AROUND = tuple((x, y) for x in (-1, 0, 1) for y in (-1, 0, 1) if x or y)  # a cell's eight neighbours


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: str  # person, organization, state, media or event
    href: str
    detail: str = ""  # a role or a date, shown in the tooltip


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str  # "participant" (actor and event) or "led_to" (cause -> effect)
    label: str = ""  # a participant's role


def _clean(nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[list[Node], list[Edge]]:
    """Nodes by id; edges sorted, one per (source, target, kind), between known nodes only."""
    ordered = sorted(nodes, key=lambda n: n.id)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.id == b.id:
            raise ValueError(f"duplicate node id {a.id!r}")
    known, kept = {n.id for n in ordered}, {}
    for e in sorted(edges, key=lambda e: (e.source, e.target, e.kind, e.label)):
        if e.source != e.target and e.source in known and e.target in known:
            kept.setdefault((e.source, e.target, e.kind), e)
    return ordered, list(kept.values())


def _degrees(nodes: list[Node], edges: list[Edge]) -> dict[str, int]:
    ends = Counter(end for e in edges for end in (e.source, e.target))
    return {n.id: ends[n.id] for n in nodes}


def _columns(times: tuple[float | None, ...], links: tuple[tuple[int, int, str], ...], left: float,
             width: float) -> tuple[dict[int, float], float]:
    """Target x per node index, timed nodes in rank order left to right, and how far they may stray."""
    depth = {i: 0 for i, time in enumerate(times) if time is not None}
    if not depth:
        return {}, 0.0
    chained = [(a, b) for a, b, kind in links if kind == "led_to" and a in depth and b in depth
               and times[a] == times[b]]
    for _ in range(len(depth)):  # same-day events spread along their led_to chain; bounded for cycles
        late = [(a, b) for a, b in chained if depth[b] <= depth[a]]
        for a, b in late:
            depth[b] = max(depth[b], depth[a] + 1)
        if not late:
            break
    ranks = {key: r for r, key in enumerate(sorted({(times[i], depth[i]) for i in depth}))}
    last = max(len(ranks) - 1, 1)
    spread = 0.88 if len(ranks) > 1 else 0.0
    return ({i: left + width * (0.5 - spread / 2 + spread * ranks[(times[i], depth[i])] / last)
             for i in depth}, 0.3 * spread * width / last)


def _repel(xs: list[float], ys: list[float], k: float, dx: list[float], dy: list[float],
           box: tuple[float, float, float, float]) -> int:
    """Fruchterman-Reingold repulsion. Small maps: every pair. Larger: exact within 2k, found on a grid,
    and from the centres of mass of coarse cells beyond, so each iteration is O(n). Returns evaluations."""
    if len(xs) <= FAR * FAR:
        return _repel_pairs(xs, ys, k * k, dx, dy, range(len(xs)), (), math.inf)
    return _repel_near(xs, ys, k, dx, dy) + _repel_far(xs, ys, k * k, dx, dy, box)


def _repel_pairs(xs: list[float], ys: list[float], k2: float, dx: list[float], dy: list[float],
                 group: Sequence[int], rest: Sequence[int], reach2: float) -> int:
    """Repulsion within sqrt(reach2) between each node of `group` and the nodes after it in `group`
    and in `rest`. Returns the pairs looked at."""
    looked = 0
    for pos, i in enumerate(group):
        xi, yi, fx, fy = xs[i], ys[i], 0.0, 0.0
        others = [*group[pos + 1:], *rest]
        for j in others:
            ddx, ddy = xi - xs[j], yi - ys[j]
            d2 = ddx * ddx + ddy * ddy
            if d2 < reach2:
                if d2 < 1e-6:  # coincident: part them along a direction fixed by their indices
                    ddx, ddy, d2 = 0.01 * (1 + (i - j) % 5), 0.01, 1e-4
                f = k2 / d2
                fx, fy = fx + ddx * f, fy + ddy * f
                dx[j], dy[j] = dx[j] - ddx * f, dy[j] - ddy * f
        dx[i], dy[i] = dx[i] + fx, dy[i] + fy
        looked += len(others)
    return looked


def _repel_near(xs: list[float], ys: list[float], k: float, dx: list[float], dy: list[float]) -> int:
    """Exact repulsion between nodes within 2k of each other, found on a grid of 2k cells."""
    cell, looked = 2 * k, 0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid[(int(x // cell), int(y // cell))].append(i)
    for (gx, gy), members in grid.items():
        rest = [j for ox, oy in _FORWARD[1:] for j in grid.get((gx + ox, gy + oy), ())]
        looked += _repel_pairs(xs, ys, k * k, dx, dy, members, rest, 4 * k * k)
    return looked


def _repel_far(xs: list[float], ys: list[float], k2: float, dx: list[float], dy: list[float],
               box: tuple[float, float, float, float]) -> int:
    """Repulsion from the centres of mass of a FAR x FAR grid's cells: node by node from the cells
    round a node's own, and cell by cell (felt alike by all its nodes) from those further away."""
    left, top, right, bottom = box
    cw, ch = (right - left) / FAR + 1e-9, (bottom - top) / FAR + 1e-9
    home = [(min(int((x - left) / cw), FAR - 1), min(int((y - top) / ch), FAR - 1))
            for x, y in zip(xs, ys, strict=True)]
    mass: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for cell, x, y in zip(home, xs, ys, strict=True):
        m = mass[cell]
        m[0], m[1], m[2] = m[0] + 1, m[1] + x, m[2] + y
    cells = sorted(mass)
    count = [mass[cell][0] for cell in cells]
    cx = [mass[cell][1] / mass[cell][0] for cell in cells]
    cy = [mass[cell][2] / mass[cell][0] for cell in cells]
    fx, fy = [0.0] * len(cells), [0.0] * len(cells)
    for a, (ax, ay) in enumerate(cells):  # each pair of cells once
        x, y, count_a = cx[a], cy[a], count[a]
        for b in range(a + 1, len(cells)):
            if -1 <= cells[b][0] - ax <= 1 and -1 <= cells[b][1] - ay <= 1:
                continue  # neighbours: felt node by node, below
            ddx, ddy = x - cx[b], y - cy[b]
            d2 = ddx * ddx + ddy * ddy
            f = k2 / (d2 if d2 > k2 else k2)
            fx[a], fy[a] = fx[a] + ddx * f * count[b], fy[a] + ddy * f * count[b]
            fx[b], fy[b] = fx[b] - ddx * f * count_a, fy[b] - ddy * f * count_a
    index = {cell: c for c, cell in enumerate(cells)}
    around = [[(count[b], cx[b], cy[b]) for ox, oy in _AROUND
               if (b := index.get((gx + ox, gy + oy))) is not None] for gx, gy in cells]
    looked = len(cells) * (len(cells) - 1) // 2
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        c = index[home[i]]
        gx, gy = fx[c], fy[c]
        for n, mx, my in around[c]:
            ddx, ddy = x - mx, y - my
            d2 = ddx * ddx + ddy * ddy
            f = k2 * n / (d2 if d2 > k2 else k2)
            gx, gy = gx + ddx * f, gy + ddy * f
        dx[i], dy[i] = dx[i] + gx, dy[i] + gy
        looked += len(around[c])
    return looked


def _separate(xs: list[float], ys: list[float], half: list[tuple[float, float]],
              box: tuple[float, float, float, float]) -> None:
    """Push apart nodes whose footprints (shape and label, half width and height) overlap, along the
    axis that overlaps less, in passes until none do."""
    left, top, right, bottom = box
    hx, hy = [h[0] for h in half], [h[1] for h in half]
    cw, ch = 2 * max(hx), 2 * max(hy)  # cells so large that only neighbours' footprints can overlap
    for _ in range(40):
        moved = False
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            grid[(int(x // cw), int(y // ch))].append(i)
        for (gx, gy), members in grid.items():
            rest = [j for ox, oy in _FORWARD[1:] for j in grid.get((gx + ox, gy + oy), ())]
            for pos, i in enumerate(members):
                for j in [*members[pos + 1:], *rest]:
                    ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
                    px, py = hx[i] + hx[j] - abs(ddx), hy[i] + hy[j] - abs(ddy)
                    if px > 0 and py > 0:
                        apart, moved = ddx if px < py else ddy, True
                        shift = (1 if apart > 0 or (apart == 0 and i < j) else -1) * (min(px, py) / 2 + 0.05)
                        if px < py:
                            xs[i], xs[j] = xs[i] + shift, xs[j] - shift
                        else:
                            ys[i], ys[j] = ys[i] + shift, ys[j] - shift
        for i in range(len(xs)):
            xs[i], ys[i] = min(max(xs[i], left), right), min(max(ys[i], top), bottom)
        if not moved:
            return


def _force(n: int, links: list[tuple[int, int]], pins: dict[int, float], band: float,
           box: tuple[float, float, float, float], rng: random.Random, steps: int,
           stats: list[int] | None) -> tuple[list[float], list[float]]:
    """Fruchterman-Reingold with cooling, gravity to the middle, and timed nodes held to their columns."""
    left, top, right, bottom = box
    inner_w, inner_h = right - left, bottom - top
    k = 0.75 * math.sqrt(inner_w * inner_h / n)
    xs = [pins.get(i, left + rng.random() * inner_w) for i in range(n)]
    ys = [top + rng.random() * inner_h for _ in range(n)]
    near: dict[int, list[float]] = defaultdict(list)
    for a, b in links + [(b, a) for a, b in links]:  # unpinned nodes start by their pinned neighbours
        if b in pins and a not in pins:
            near[a].append(pins[b])
    for i, columns in sorted(near.items()):
        xs[i] = sum(columns) / len(columns) + rng.uniform(-k, k) / 2
    start, cx, cy, pull = max(inner_w, inner_h) / 8, left + inner_w / 2, top + inner_h / 2, 0.04 * k / 30
    pinned = [pins.get(i) for i in range(n)]
    for step in range(steps):
        dx, dy = [0.0] * n, [0.0] * n
        pairs = _repel(xs, ys, k, dx, dy, box)
        if stats is not None:
            stats.append(pairs)
        for a, b in links:
            ddx, ddy = xs[a] - xs[b], ys[a] - ys[b]
            f = math.hypot(ddx, ddy) / k
            dx[a], dy[a], dx[b], dy[b] = dx[a] - ddx * f, dy[a] - ddy * f, dx[b] + ddx * f, dy[b] + ddy * f
        temperature = start * (1 - step / steps) + 1.0
        for i, pin in enumerate(pinned):
            mx, my = dx[i] + (cx - xs[i]) * pull, dy[i] + (cy - ys[i]) * pull
            d = math.hypot(mx, my)
            scale = temperature / d if d > temperature else 1.0  # a step of at most `temperature`
            x, y = xs[i] + mx * scale, ys[i] + my * scale
            if pin is not None and abs(x - pin) > band:  # a band, not a line: same-day events stagger
                x += (pin + math.copysign(band, x - pin) - x) * 0.6
            xs[i] = left if x < left else right if x > right else x
            ys[i] = top if y < top else bottom if y > bottom else y
    return xs, ys


def _tangle(xs: list[float], ys: list[float], links: list[tuple[int, int]]) -> int:
    """Edge crossings, and nodes lying on edges not their own (worse: they look connected)."""
    def turn(a: int, b: int, c: int) -> bool:
        return (xs[b] - xs[a]) * (ys[c] - ys[a]) > (ys[b] - ys[a]) * (xs[c] - xs[a])

    # Only edges whose boxes overlap can cross, and only nodes near an edge's box lie on it:
    # edges sorted by their left end, nodes by x, so each edge looks at its few neighbours.
    spans = sorted((min(xs[a], xs[b]), max(xs[a], xs[b]), min(ys[a], ys[b]), max(ys[a], ys[b]), a, b)
                   for a, b in links)
    by_x = sorted(range(len(xs)), key=lambda i: (xs[i], i))
    sorted_x = [xs[i] for i in by_x]
    score = 0
    for p, (x0, x1, y0, y1, a, b) in enumerate(spans):
        for u0, _, v0, v1, c, d in spans[p + 1:]:
            if u0 > x1:
                break
            if v0 <= y1 and y0 <= v1 and len({a, b, c, d}) == 4:
                score += turn(a, b, c) != turn(a, b, d) and turn(c, d, a) != turn(c, d, b)
        ux, uy = xs[b] - xs[a], ys[b] - ys[a]
        length2 = ux * ux + uy * uy or 1.0
        for i in by_x[bisect.bisect_left(sorted_x, x0 - 13):bisect.bisect_right(sorted_x, x1 + 13)]:
            if i != a and i != b and y0 - 13 <= ys[i] <= y1 + 13:
                t = min(1.0, max(0.0, ((xs[i] - xs[a]) * ux + (ys[i] - ys[a]) * uy) / length2))
                score += 3 * (math.hypot(xs[a] + t * ux - xs[i], ys[a] + t * uy - ys[i]) < 12)
    return score


@dataclass(frozen=True, slots=True)
class _Structure:
    """All that a layout reads, so also the key of its memo: no labels, hrefs or details."""

    kinds: tuple[str, ...]  # per node, nodes in id order
    links: tuple[tuple[int, int, str], ...]  # (source, target, kind) as node indices
    times: tuple[float | None, ...]  # per node: its place on the time axis, or None
    width: float
    height: float
    seed: str
    steps: int
    attempts: int


def layout(nodes: Iterable[Node], edges: Iterable[Edge], *, width: float, height: float,
           seed: str = "backstory", order: Mapping[str, float] | None = None,
           iterations: int | None = None, attempts: int | None = None,
           stats: list[int] | None = None) -> dict[str, tuple[float, float]]:
    """Positions by node id, inside the viewBox less its margins, rounded to 1 decimal.

    `order` (say, event dates as ordinals) puts those nodes in columns by rank, so the map reads in
    time order: left to right, or top to bottom when the canvas is taller than wide (phones). Maps of
    up to 150 nodes are laid out from several seeds and the least tangled kept. Positions depend on
    the graph's structure only (ids, kinds, edges, order), never on labels, and are remembered: a
    rename, or a second layout of the same structure, costs no simulation. `stats`, when given,
    receives the pair evaluations of each iteration (and bypasses the memo).
    """
    nodes, edges = _clean(nodes, edges)
    n = len(nodes)
    if n == 0:
        return {}
    order = order or {}
    index = {node.id: i for i, node in enumerate(nodes)}
    structure = _Structure(
        tuple(node.kind for node in nodes),
        tuple((index[e.source], index[e.target], e.kind) for e in edges),
        tuple(float(order[node.id]) if node.id in order else None for node in nodes),
        float(width), float(height), seed,
        # Maps over 150 nodes (one attempt) read as well after 60 steps as after 100: as many
        # labels shown and overlapping, 2% more crossings in a hairball; smaller ones take 100.
        iterations if iterations is not None else 100 if n <= 150 else 60,
        attempts or (4 if n <= 40 else 2 if n <= 150 else 1))
    placed = _arrange(structure, stats) if stats is not None else _arranged(structure)
    return {node.id: xy for node, xy in zip(nodes, placed, strict=True)}


# A small memo, keyed on an immutable _Structure: live preview draws /map/ again on each rename,
# whose structure is unchanged. Bounded: a site's wide and tall maps and a few more, each about
# 0.2 MB at 500 nodes (key and positions).
@functools.lru_cache(maxsize=8)
def _arranged(structure: _Structure) -> tuple[tuple[float, float], ...]:
    return _arrange(structure, None)


def _arrange(structure: _Structure, stats: list[int] | None) -> tuple[tuple[float, float], ...]:
    """Positions per node index for the structure: the least tangled of its attempts."""
    kinds, n = structure.kinds, len(structure.kinds)
    width, height = structure.width, structure.height
    left, top = MARGIN_X, MARGIN_TOP
    right, bottom = max(width - MARGIN_X, left + 1), max(height - MARGIN_BOTTOM, top + 1)
    portrait = height > width  # lay out transposed, swap back at the end
    box = (top, left, bottom, right) if portrait else (left, top, right, bottom)
    inner_w, inner_h = box[2] - box[0], box[3] - box[1]
    links = [(a, b) for a, b, _ in structure.links]
    pins, band = _columns(structure.times, structure.links, box[0], inner_w)
    # Footprints: a node and room for its label, shrunk to fit crowded canvases, never below
    # MIN_DISTANCE.
    sizes = []
    for kind in kinds:
        chars, lines = LABEL_ROOM.get(kind, ACTOR_ROOM)
        sizes.append((chars * CHAR_WIDTH.get(kind, 7.0) / 2 + 3,
                      EXTENT.get(kind, (8, 8))[1] + 2 + LINE_HEIGHT * lines / 2))
    fit = min(1.0, math.sqrt(0.5 * inner_w * inner_h / sum(4 * a * b for a, b in sizes)))
    half = [(max(a * fit, MIN_DISTANCE / 2), max(b * fit, MIN_DISTANCE / 2)) for a, b in sizes]
    best = None
    for attempt in range(structure.attempts):
        digest = hashlib.sha256(f"{structure.seed}/{attempt}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        xs, ys = _force(n, links, pins, band, box, rng, structure.steps, stats)
        _separate(xs, ys, [(b, a) for a, b in half] if portrait else half, box)
        score = _tangle(xs, ys, links) if n <= 150 else 0
        if best is None or score < best[0]:
            best = (score, ys, xs) if portrait else (score, xs, ys)
    _, xs, ys = best
    return tuple((round(x, 1), round(y, 1)) for x, y in zip(xs, ys, strict=True))


EGO_STEP, EGO_GAP = 54.0, 44.0  # small maps: rows of events, and the least gap between side nodes


def _stack(wanted: list[float], gap: float, top: float) -> list[float]:
    """Ys as near as possible to `wanted` (sorted), at least `gap` apart and not above `top`."""
    out: list[float] = []
    for y in wanted:
        out.append(max(y, top, out[-1] + gap if out else top))
    for k in range(len(out) - 2, -1, -1):  # pull the stack back up half of what it was pushed down
        out[k] = max(min(out[k], out[k + 1] - gap), top) if out[k + 1] - out[k] < gap else out[k]
    return out


def ego_size(nodes: Iterable[Node], width: float) -> tuple[float, float]:
    """The canvas ego_layout needs: one row per event, or per pair of actors, whichever is more."""
    nodes = list(nodes)
    events = sum(n.kind == "event" for n in nodes)
    rows = max(events, (len(nodes) - events + 1) // 2, 1)
    return width, MARGIN_TOP + 12 + (rows + 0.5) * EGO_STEP + MARGIN_BOTTOM


def ego_layout(nodes: Iterable[Node], edges: Iterable[Edge], *, width: float, height: float,
               order: Mapping[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Positions for one page's small map, without a simulation (a page's map must cost well under
    a millisecond): events down the middle in time order, zigzagging so that arrows between them
    miss the events between; actors in two side columns, each level with the events it joined,
    alternately left and right so their edges fan out rather than cross."""
    nodes, edges = _clean(nodes, edges)
    order = order or {}
    kinds = {n.id: n.kind for n in nodes}
    events = sorted((n.id for n in nodes if n.kind == "event"), key=lambda i: (order.get(i, 0.0), i))
    top, cx = MARGIN_TOP + 12, width / 2
    pos = {e: (cx + (0, 0.09 * width, -0.09 * width)[r % 3] if len(events) > 2 else cx, top + r * EGO_STEP)
           for r, e in enumerate(events)}
    joined: dict[str, list[float]] = defaultdict(list)
    for e in edges:
        for actor, event in ((e.source, e.target), (e.target, e.source)):
            if kinds[actor] != "event" and event in pos:
                joined[actor].append(pos[event][1])
    middle = top + (len(events) - 1) * EGO_STEP / 2 if events else (height - MARGIN_BOTTOM + top) / 2
    actors = sorted((n.id for n in nodes if n.kind != "event"),
                    key=lambda i: (sum(joined[i]) / len(joined[i]) if joined[i] else middle, i))
    sides = (actors[0::2], actors[1::2])
    for side, column in zip(sides, (width * 0.15, width * 0.85), strict=True):
        # Half a row below their events, so actor and event labels take turns rather than meet.
        wanted = [(sum(joined[i]) / len(joined[i]) if joined[i] else middle) + EGO_STEP / 2 for i in side]
        for i, y in zip(side, _stack(wanted, EGO_GAP, top), strict=True):
            pos[i] = (column, y)
    bottom = max(height - MARGIN_BOTTOM, top)
    return {n.id: (round(pos[n.id][0], 1), round(min(pos[n.id][1], bottom), 1)) for n in nodes}


@functools.lru_cache(maxsize=8192)  # names and ids recur on map after map
def _esc(text: str) -> str:
    return html.escape(_CONTROL.sub("", text), quote=True)


@functools.lru_cache(maxsize=8192)  # placing and drawing labels both ask, map after map
def _wrap(label: str) -> tuple[str, ...]:
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


def _place_labels(nodes: list[Node], edges: list[Edge], pos: dict[str, tuple[float, float]],
                  priority: list[str], width: float, height: float) -> dict[str, tuple | None]:
    """(x, top of first line, text-anchor) per node at the one of eight spots around it that covers
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
        (x, y), (hw, hh) = pos[n.id], EXTENT.get(n.kind, (8, 8))
        add((x - hw - 2, y - hh - 2, x + hw + 2, y + hh + 2))
    placed: dict[str, tuple | None] = {}
    dense = len(nodes) > 60
    for node_id in priority:
        node, (x, y) = by_id[node_id], pos[node_id]
        (hw, hh), lines = EXTENT.get(node.kind, (8, 8)), _wrap(node.label)
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
        placed[node_id] = None if crowded else best[1]
        if not crowded:
            add(best[2])
    return placed


_KINDS = {"person": ("#1f4f8f", "#8db8f2"), "organization": ("#2e6f5e", "#6cc4a8"),
          "state": ("#8a5a00", "#e0b050"), "media": ("#6b4c9a", "#c4a8f0"), "event": ("#a1261d", "#f07a6a")}
_STYLE = (  # class-based defaults; a site themes the map by setting --map-* (or its own --ink/--paper)
    ".relmap{width:100%;height:auto;font:12px var(--sans,system-ui,sans-serif)}"
    ".relmap-edge{stroke:var(--map-edge,#a7a298);stroke-width:1.2}.relmap-near{stroke-width:2}"
    ".relmap-led-to{stroke:var(--map-cause,#a1261d);stroke-width:1.8}.relmap-arrow{fill:var(--map-cause,#a1261d)}"
    ".relmap-shape{stroke:var(--map-paper,var(--paper,#fbfaf7));stroke-width:1.5}"
    + "".join(f".relmap-{k} .relmap-shape{{fill:var(--map-{k},{light})}}" for k, (light, _) in _KINDS.items())
    + ".relmap-label{fill:var(--map-ink,var(--ink,#1b1c1e));stroke:var(--map-paper,var(--paper,#fbfaf7));"
    "stroke-width:3px;stroke-linejoin:round;paint-order:stroke}"
    ".relmap-event .relmap-label{font-weight:600}.relmap-focus .relmap-label{font-weight:700}"
    ".relmap-focus .relmap-shape{stroke:var(--map-ink,var(--ink,#1b1c1e));stroke-width:3}"
    ".relmap-node:hover .relmap-label,.relmap-node:focus .relmap-label{text-decoration:underline}"
    ".relmap-node:focus-visible{outline:3px solid var(--focus,#1f6feb)}"
    "@media (prefers-color-scheme:dark){.relmap-edge{stroke:var(--map-edge,#5d6068)}"
    ".relmap-led-to{stroke:var(--map-cause,#f07a6a)}.relmap-arrow{fill:var(--map-cause,#f07a6a)}"
    + "".join(f".relmap-{k} .relmap-shape{{fill:var(--map-{k},{dark})}}" for k, (_, dark) in _KINDS.items())
    + "}"
)


def _shape(kind: str, x: float, y: float) -> str:
    hw, hh = EXTENT.get(kind, (8, 8))
    if kind == "person":
        return f'<circle class="relmap-shape" cx="{x:.1f}" cy="{y:.1f}" r="{hw}"/>'
    if kind in ("state", "media"):
        corners = ([(x, y - hh), (x + hw, y), (x, y + hh), (x - hw, y)] if kind == "state"
                   else [(x, y - hh - 1), (x + hw, y + hh), (x - hw, y + hh)])
        return f'<polygon class="relmap-shape" points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in corners)}"/>'
    return (f'<rect class="relmap-shape" x="{x - hw:.1f}" y="{y - hh:.1f}" width="{2 * hw}" '
            f'height="{2 * hh}" rx="{3 if kind == "organization" else hh}"/>')


def swatch(kind: str) -> str:
    """A node's shape or an edge's line alone, for a legend; decorative, as the legend names it."""
    if kind == "led_to":
        inner = ('<line class="relmap-edge relmap-led-to" x1="-13" y1="0" x2="7" y2="0"/>'
                 '<path class="relmap-arrow" d="M4,-4L13,0L4,4z"/>')
    elif kind == "participant":
        inner = '<line class="relmap-edge relmap-participant" x1="-13" y1="0" x2="13" y2="0"/>'
    else:
        inner = f'<g class="relmap-{_esc(kind)}">{_shape(kind, 0, 0)}</g>'
    return (f'<svg class="relmap-swatch" viewBox="-14 -11 28 22" width="28" height="22" '
            f'aria-hidden="true" focusable="false">{inner}</svg>')


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe(nodes: list[Node], edges: list[Edge], focus: str | None = None, note: str = "") -> str:
    """The map in words: its <desc>, and a caption a page may show beside it."""
    events, causes = sum(n.kind == "event" for n in nodes), sum(e.kind == "led_to" for e in edges)
    text = (f"{_count(len(nodes) - events, 'actor')} and {_count(events, 'event')}; "
            f"{_count(len(edges) - causes, 'participation')} and {_count(causes, 'causal link')}, "
            "drawn as arrows from cause to effect.")
    centre = next((n.label for n in nodes if n.id == focus), None)
    return " ".join(part for part in (text, centre and f"Centred on {centre}.", note) if part)


def render_svg(nodes: Iterable[Node], edges: Iterable[Edge], positions: Mapping[str, tuple[float, float]],
               *, title: str, width: float, height: float, focus: str | None = None, note: str = "",
               styled: bool = True) -> str:
    """The map as an inline SVG string: one link per node, in reading order (along the time axis).

    `styled=False` leaves out the <style> defaults, for a page whose stylesheet styles .relmap-*."""
    nodes, edges = _clean(nodes, edges)
    by_id = {n.id: n for n in nodes}
    pos = {n.id: (round(float(positions[n.id][0]), 1), round(float(positions[n.id][1]), 1)) for n in nodes}
    # Unique per picture, so two variants of one map (wide, tall) can share a page.
    named = "\0".join([title, f"{width:g}x{height:g}", *by_id])
    uid = "relmap-" + hashlib.sha256(named.encode()).hexdigest()[:8]
    degree = _degrees(nodes, edges)
    priority = sorted(by_id, key=lambda i: (i != focus, by_id[i].kind != "event", -degree[i], i))
    labels = _place_labels(nodes, edges, pos, priority, width, height)
    # No role: role="img" would hide the node links inside (axe: nested-interactive), and the
    # Nu checker rejects role="group" on <svg>; its own role (graphics-document) fits.
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="relmap" viewBox="0 0 {width:g} {height:g}" '
           f'width="{width:g}" height="{height:g}" aria-labelledby="{uid}-title" '
           f'aria-describedby="{uid}-desc">', f'<title id="{uid}-title">{_esc(title)}</title>',
           f'<desc id="{uid}-desc">{_esc(describe(nodes, edges, focus, note))}</desc>',
           *([f"<style>{_STYLE}</style>"] if styled else []),
           f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
           'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
           '<path class="relmap-arrow" d="M0,1L10,5L0,9z"/></marker></defs>', '<g class="relmap-edges">']
    for e in sorted(edges, key=lambda e: (e.kind != "participant", e.source, e.target)):
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        if e.kind == "led_to":  # stop the arrow at the edge of the target's shape
            (hw, hh), d = EXTENT.get(by_id[e.target].kind, (8, 8)), math.hypot(x2 - x1, y2 - y1) or 1.0
            cut = (min(hw * d / (abs(x2 - x1) or 1e-9), hh * d / (abs(y2 - y1) or 1e-9)) + 2) / d
            x2, y2 = x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut
        kind = "led-to" if e.kind == "led_to" else "participant"
        near = " relmap-near" if focus in (e.source, e.target) else ""
        arrow = f' marker-end="url(#{uid}-arrow)"' if e.kind == "led_to" else ""
        out.append(f'<line class="relmap-edge relmap-{kind}{near}" data-ends="{_esc(e.source)} '
                   f'{_esc(e.target)}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{arrow}/>')
    out.append('</g><g class="relmap-nodes">')
    along = (lambda i: (pos[i][1], pos[i][0], i)) if height > width else (lambda i: (*pos[i], i))
    for node_id in sorted(by_id, key=along):
        n, (x, y), spot = by_id[node_id], pos[node_id], labels[node_id]
        current = ' relmap-focus" aria-current="page' if node_id == focus else ""
        tip = f"{n.label} ({n.kind})" + (f": {n.detail}" if n.detail else "")
        text = ""
        if spot:
            tx, ty, anchor = spot
            text = "".join(f'<tspan x="{tx:.1f}" y="{ty + 0.9 * FONT + i * LINE_HEIGHT:.1f}">'
                           f"{_esc(part)}</tspan>" for i, part in enumerate(_wrap(n.label)))
            text = f'<text class="relmap-label" text-anchor="{anchor}">{text}</text>'
        out.append(f'<a href="{_esc(n.href)}" class="relmap-node relmap-{_esc(n.kind)}{current}" '
                   f'data-node="{_esc(node_id)}">'
                   f"<title>{_esc(tip)}</title>{_shape(n.kind, x, y)}{text}</a>")
    return "\n".join([*out, "</g></svg>"]) + "\n"


def neighbourhood(nodes: Iterable[Node], edges: Iterable[Edge], centre: str, radius: int = 1,
                  limit: int = 40) -> tuple[list[Node], list[Edge]]:
    """The small map for one page: nodes within `radius` hops of `centre`, nearest then most connected."""
    nodes, edges = _clean(nodes, edges)
    if centre not in {n.id for n in nodes}:
        raise KeyError(centre)
    adjacent: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        adjacent[e.source].append(e.target)
        adjacent[e.target].append(e.source)
    hops, queue = {centre: 0}, deque([centre])
    while queue:
        here = queue.popleft()
        for there in adjacent[here] if hops[here] < radius else ():
            if there not in hops:
                hops[there] = hops[here] + 1
                queue.append(there)
    degree = _degrees(nodes, edges)
    keep = set(sorted(hops, key=lambda i: (hops[i], -degree[i], i))[:max(limit, 1)])
    return [n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep]


def reduce_for_overview(nodes: Iterable[Node], edges: Iterable[Edge],
                        limit: int = 500) -> tuple[list[Node], list[Edge], str]:
    """At most `limit` nodes, the most connected; the note says what was left out ("" if nothing)."""
    nodes, edges = _clean(nodes, edges)
    if len(nodes) <= limit:
        return nodes, edges, ""
    degree = _degrees(nodes, edges)
    keep = set(sorted(degree, key=lambda i: (-degree[i], i))[:limit])
    dropped = [n for n in nodes if n.id not in keep]
    events = sum(n.kind == "event" for n in dropped)
    note = (f"Showing the {limit} most connected of {len(nodes)} actors and events; {len(dropped)} left out "
            f"({_count(len(dropped) - events, 'actor')}, {_count(events, 'event')}).")
    return ([n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep],
            note)
