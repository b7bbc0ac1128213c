"""Where each node of the wide overview goes, as pure geometry: a force simulation from several
seeds, the least tangled kept, remembered by the graph's structure. Positions only; nothing here
draws. (A page's own map and the overview on a phone are columns: arcs.py.)
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .forces import count_tangles, separate, simulate
from .labels import CHAR_WIDTH, LINE_HEIGHT
from .network import Edge, Node, clean
from .shapes import extent, shape_of

MIN_DISTANCE = 34.0  # node centres end at least this far apart whenever the canvas has room
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80.0, 24.0, 40.0  # keeps edge nodes' labels inside the viewBox
# Room kept round a node for its label while laying out, as (characters, lines): a typical label of
# its kind, not its own, so that labels (placed afterwards, labels.place_labels) never move a node.
LABEL_ROOM, ACTOR_ROOM = {"event": (20, 2)}, (16, 1)


@dataclass(frozen=True, slots=True)
class _Structure:
    """All that a layout reads, so also the key of its memo: no labels, hrefs or details."""

    kinds: tuple[str, ...]  # per node, nodes in id order
    shapes: tuple[str, ...]  # per node, as kinds
    scales: tuple[float, ...]  # per node, as kinds
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
    nodes, edges = clean(nodes, edges)
    n = len(nodes)
    if n == 0:
        return {}
    order = order or {}
    index = {node.id: i for i, node in enumerate(nodes)}
    structure = _Structure(
        tuple(node.kind for node in nodes),
        tuple(shape_of(node) for node in nodes),
        tuple(node.scale for node in nodes),
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
    for kind, shape, scale in zip(kinds, structure.shapes, structure.scales, strict=True):
        chars, lines = LABEL_ROOM.get(kind, ACTOR_ROOM)
        sizes.append((chars * CHAR_WIDTH.get(kind, 7.0) / 2 + 3,
                      extent(shape, scale)[1] + 2 + LINE_HEIGHT * lines / 2))
    fit = min(1.0, math.sqrt(0.5 * inner_w * inner_h / sum(4 * a * b for a, b in sizes)))
    half = [(max(a * fit, MIN_DISTANCE / 2), max(b * fit, MIN_DISTANCE / 2)) for a, b in sizes]
    best = None
    for attempt in range(structure.attempts):
        digest = hashlib.sha256(f"{structure.seed}/{attempt}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        xs, ys = simulate(n, links, pins, band, box, rng, structure.steps, stats)
        separate(xs, ys, [(b, a) for a, b in half] if portrait else half, box)
        for i, pin in pins.items():  # pushing apart may not undo time order: back into the band
            xs[i] = min(max(xs[i], pin - band), pin + band)
        score = count_tangles(xs, ys, links) if n <= 150 else 0
        if best is None or score < best[0]:
            best = (score, ys, xs) if portrait else (score, xs, ys)
    _, xs, ys = best
    return tuple((round(x, 1), round(y, 1)) for x, y in zip(xs, ys, strict=True))


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
