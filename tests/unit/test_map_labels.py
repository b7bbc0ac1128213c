"""labels: each name wrapped to two lines and placed, as geometry, where it covers no other label
and stays inside the drawing."""

from __future__ import annotations

import itertools

from mapgraphs import SVG, H, W, draw, links, parse, wagner

from backstory.pictures.drawing import fit
from backstory.pictures.labels import LINE_CHARS, LINE_HEIGHT, Label, place_labels
from backstory.pictures.layout import layout
from backstory.pictures.network import Edge, Node


def test_long_labels_are_truncated_with_the_full_label_in_the_tooltip():
    long = "The extraordinarily long and winding title of an event that goes on and on"
    nodes = [Node("e", long, "event", "/e/"), Node("p", "Someone", "person", "/p/")]
    root = parse(draw(nodes, [Edge("p", "e", "participant")]))
    event = next(a for a in links(root) if a.get("href") == "/e/")
    lines = [span.text for span in event.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= LINE_CHARS for line in lines)
    assert event.find(f"{SVG}title").text == f"{long} (event)"


def label_box(label: Label) -> tuple[float, float, float, float]:
    """Left, top, right and bottom of a placed label, wider than placing reckoned (bold text's 7.8 px
    a character for every kind), so that labels are apart even as a browser sets them."""
    width = max(map(len, label.lines)) * 7.8
    left = {"middle": label.x - width / 2, "start": label.x, "end": label.x - width}[label.anchor]
    return left, label.top, left + width, label.top + len(label.lines) * LINE_HEIGHT


def test_labels_are_nudged_apart_when_their_nodes_are_close():
    nodes = [Node(f"n{i}", f"Fairly long name {i}", "person", f"/{i}/") for i in range(4)]
    positions = {f"n{i}": (300 + 90 * i, 300.0) for i in range(4)}  # a row: labels below would collide
    placed = place_labels(nodes, [], positions, width=W, height=H)
    boxes = [label_box(label) for label in placed.values() if label is not None]
    assert len(boxes) == 4
    for a, b in itertools.combinations(boxes, 2):
        assert min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1


def test_labels_stay_inside_the_viewbox():
    nodes, edges, order = wagner()
    positions = layout(nodes, edges, width=W, height=H, order=order)
    placed = fit(nodes, edges, positions, width=W, height=H).labels
    assert all(label is not None for label in placed.values())  # a name, or a number for one
    for label in placed.values():
        left, top, right, bottom = label_box(label)
        assert left >= 0 and top >= 0 and right <= W and bottom <= H


def test_a_name_is_never_nearer_another_node_than_its_own():
    # Four nodes 40 px apart in a row: a 126 px name over one of the middle two would sit as
    # near a neighbour as its own node, so only the two at the ends are named, outwards.
    nodes = [Node(f"n{i}", f"Fairly long name {i}", "person", f"/{i}/") for i in range(4)]
    positions = {f"n{i}": (300 + 40 * i, 300.0) for i in range(4)}
    placed = place_labels(nodes, [], positions, width=W, height=H)
    assert placed["n1"] is None and placed["n2"] is None
    assert placed["n0"].anchor == "end" and placed["n3"].anchor == "start"
