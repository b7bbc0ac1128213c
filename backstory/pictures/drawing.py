"""A laid-out map made ready to draw: names placed where they cover nothing (labels.py), lines
routed round the nodes they do not join and the names they would cross (routes.py), and names
moved, or numbered, where a line cannot be routed round them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .labels import Label, label_box, place_labels
from .network import Edge, Node, clean
from .routes import Route, route_edges

MOVES = 3  # times names are moved off lines they cross before numbers stand in for them


@dataclass(frozen=True, slots=True)
class Fitted:
    routes: dict[tuple[str, str, str], Route]
    labels: dict[str, Label | None]


def fit(nodes: list[Node], edges: list[Edge], positions: Mapping[str, tuple[float, float]], *,
        width: float, height: float, focus: str | None = None) -> Fitted:
    """Names placed, and lines routed round them; a name a line cannot be bent round is moved
    off it; where that fails, a number stands in for it (the caption gives the name), and where
    even that fails, the name is left to its node's tooltip rather than hidden under a line.
    Nodes stay where the layout put them: a rename never moves one."""
    nodes, edges = clean(nodes, edges)
    pos = {n.id: (round(float(positions[n.id][0]), 1), round(float(positions[n.id][1]), 1)) for n in nodes}
    kinds = {n.id: n.kind for n in nodes}
    avoid: dict[str, list] = {}
    numbers: dict[str, str] = {}
    for attempt in range(MOVES + 2):
        labels = place_labels(nodes, edges, pos, width=width, height=height, focus=focus, avoid=avoid,
                              numbers=numbers)
        boxes = {i: label_box(label, kinds[i]) for i, label in labels.items() if label is not None}
        routes, crossed = route_edges(nodes, edges, pos, width, height, boxes)
        unnamed = set(crossed) | {i for i, label in labels.items() if label is None}
        if not unnamed or attempt == MOVES + 1:
            break
        for i, pieces in crossed.items():
            avoid.setdefault(i, []).extend(pieces)
        if attempt == MOVES:  # the last try: numbers, in reading order, for names still homeless
            along = sorted(unnamed | set(numbers), key=lambda i: (pos[i][0], pos[i][1], i))
            numbers = {i: str(k) for k, i in enumerate(along, 1)}
    kept = {i: None if i in unnamed else label for i, label in labels.items()}
    # Numbers run 1, 2, 3 in reading order over those kept (one shorter never covers more).
    along = sorted((i for i, label in kept.items() if label is not None and label.numbered),
                   key=lambda i: (pos[i][0], pos[i][1], i))
    kept |= {i: replace(kept[i], lines=(str(k),)) for k, i in enumerate(along, 1)}
    return Fitted(routes, kept)
