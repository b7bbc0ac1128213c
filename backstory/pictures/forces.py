"""The overview map's force simulation: nodes repel (every pair on small maps; near pairs exactly
and far ones through a coarse grid's centres of mass on large ones), edges pull, footprints are
pushed apart until none overlap, and a finished attempt is scored by its tangles.

Plain lists of coordinates in and out; layout.py builds them from the graph and picks the attempt.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Sequence

FAR = 8  # beyond FAR * FAR nodes, far-field repulsion acts from the centres of mass of a FAR x FAR grid
_FORWARD = ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1))  # each pair of neighbouring grid cells once
_AROUND = tuple((x, y) for x in (-1, 0, 1) for y in (-1, 0, 1) if x or y)  # a cell's eight neighbours


def simulate(n: int, links: list[tuple[int, int]], pins: dict[int, float], band: float,
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


def separate(xs: list[float], ys: list[float], half: list[tuple[float, float]],
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


def count_tangles(xs: list[float], ys: list[float], links: list[tuple[int, int]]) -> int:
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

