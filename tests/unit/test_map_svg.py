"""svg: the map drawn as accessible, well-formed SVG, the same for the same graph in any order,
each name where labels.py placed it and each arrow stopping at its target's shape."""

from __future__ import annotations

import math
import random

from mapgraphs import SVG, H, W, draw, links, parse, picture, wagner

from backstory.pictures.labels import Label
from backstory.pictures.layout import layout
from backstory.pictures.network import Edge, Node
from backstory.pictures.shapes import arrow_end
from backstory.pictures.svg import render_svg

# Determinism


def test_same_graph_in_any_order_gives_byte_identical_svg():
    nodes, edges, order = wagner()
    first = draw(nodes, edges, order, focus="deal")
    for seed in range(4):
        rng = random.Random(seed)
        shuffled_nodes, shuffled_edges = rng.sample(nodes, len(nodes)), rng.sample(edges, len(edges))
        shuffled_order = dict(rng.sample(sorted(order.items()), len(order)))
        assert draw(shuffled_nodes, shuffled_edges, shuffled_order, focus="deal") == first


def test_coordinates_are_written_with_one_decimal():
    svg = draw(*wagner())
    numbers = [value for el in parse(svg).iter() for name, value in el.attrib.items()
               if name in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2")]
    assert numbers and all(len(v.partition(".")[2]) <= 1 for v in numbers)


# The SVG


def test_svg_is_labelled_described_and_keyboard_reachable():
    nodes, edges, order = wagner()
    root = parse(draw(nodes, edges, order, focus="lukashenko", title="The deal"))
    # No role: "img" would hide the links inside, and the Nu checker refuses "group" on <svg>.
    assert root.get("role") is None and root.get("aria-labelledby", "").endswith("-title")
    assert root.get("viewBox") == f"0 0 {W} {H}"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id") and title.text == "The deal"
    assert root.get("aria-describedby") == desc.get("id")
    assert desc.text == ("6 actors and 5 events; 15 participations and 4 causal links, drawn as arrows "
                         "from cause to effect. Centred on Alexander Lukashenko.")
    anchors = links(root)
    assert len(anchors) == len(nodes)
    for a in anchors:  # links are focusable by default; each names its node in its <title>
        assert a.get("href").startswith("/") and a.get("tabindex") is None
        assert a.find(f"{SVG}title").text
    focused = [a for a in anchors if "relmap-focus" in a.get("class").split()]
    assert [a.get("href") for a in focused] == ["/actors/lukashenko/"]
    assert focused[0].get("aria-current") == "page"
    tooltip = focused[0].find(f"{SVG}title").text
    assert tooltip == "Alexander Lukashenko (person): a role"


def test_tab_order_follows_the_time_axis():
    nodes, edges, order = wagner()
    positions = layout(nodes, edges, width=W, height=H, order=order)
    root = parse(picture(nodes, edges, positions, title="t"))
    slugs = [a.get("href").strip("/").split("/")[1] for a in links(root)]
    assert [positions[s][0] for s in slugs] == sorted(positions[s][0] for s in slugs)


def test_each_kind_has_its_own_shape():
    root = parse(draw(*wagner()))
    shapes = {a.get("class").split()[1]: a[1] for a in links(root)}
    assert shapes["relmap-person"].tag == f"{SVG}circle"
    assert (shapes["relmap-organization"].tag, shapes["relmap-organization"].get("rx")) == (f"{SVG}rect", "3")
    assert (shapes["relmap-event"].tag, shapes["relmap-event"].get("rx")) == (f"{SVG}rect", "7")
    assert shapes["relmap-state"].tag == shapes["relmap-media"].tag == f"{SVG}polygon"
    assert len(shapes["relmap-state"].get("points").split()) == 4
    assert len(shapes["relmap-media"].get("points").split()) == 3


def edges_of(root) -> list:
    """Every line of a map: straight (<line>) or bent round a node (<path>)."""
    return [e for e in root.iter() if "relmap-edge" in (e.get("class") or "").split()]


def test_led_to_edges_carry_an_arrowhead_and_participant_edges_do_not():
    root = parse(draw(*wagner()))
    marker = root.find(f"{SVG}defs/{SVG}marker")
    lines = edges_of(root)
    causes = [line for line in lines if "relmap-led-to" in line.get("class")]
    others = [line for line in lines if "relmap-participant" in line.get("class")]
    assert len(causes) == 4 and len(others) == 15
    assert all(line.get("marker-end") == f"url(#{marker.get('id')})" for line in causes)
    assert all(line.get("marker-end") is None for line in others)


def test_each_line_says_on_hover_what_it_means():
    nodes, edges, order = wagner()
    names = {n.id: n.label for n in nodes}
    root = parse(draw(nodes, edges, order))
    lines = edges_of(root)
    said = {line.get("data-ends"): line.find(f"{SVG}title").text for line in lines}
    assert said["mutiny call"] == f"{names['mutiny']} led to {names['call']}"
    role = next(e for e in edges if e.kind == "participant")
    expected = f"{names[role.source]} in {names[role.target]}: {role.label}"
    assert said[f"{role.source} {role.target}"] == expected
    assert len(said) == 19


def test_an_arrow_stops_just_short_of_its_targets_shape():
    assert arrow_end((100.0, 100.0), (300.0, 100.0), "pill") == (285.0, 100.0)  # half width 13, 2 px gap
    x, y = arrow_end((30.0, 40.0), (0.0, 0.0), "circle")  # meets the 16 px square at (6, 8), stops 2 px out
    assert math.isclose(x, 7.2) and math.isclose(y, 9.6)


def test_names_are_drawn_where_their_labels_were_placed():
    nodes = [Node("a", "Ada Lovelace", "person", "/a/"), Node("b", "Charles Babbage", "person", "/b/")]
    positions = {"a": (100.0, 100.0), "b": (300.0, 100.0)}
    placed = {"a": Label(120.0, 90.0, "start", ("Ada", "Lovelace")), "b": None}  # b's name: tooltip only
    a, b = links(parse(render_svg(nodes, [], positions, placed, title="t", width=W, height=H)))
    text = a.find(f"{SVG}text")
    assert text.get("text-anchor") == "start"  # each line's baseline 0.9 em below its top
    assert [(s.get("x"), s.get("y"), s.text) for s in text] == [("120.0", "100.8", "Ada"),
                                                                ("120.0", "114.8", "Lovelace")]
    assert b.find(f"{SVG}text") is None and b.find(f"{SVG}title").text == "Charles Babbage (person)"


def test_colours_come_from_classes_and_css_variables():
    svg = draw(*wagner())
    style = parse(svg).find(f"{SVG}style").text
    assert "var(--map-event,#a1261d)" in style and "prefers-color-scheme:dark" in style
    assert "fill=" not in svg and "stroke=" not in svg


def test_every_text_is_escaped():
    nasty = '<script>alert("x")</script> & Sons'
    nodes = [Node("a", nasty, "person", '/actors/a/?x="1"&y=<2>', detail="<b>boss</b> & co"),
             Node("e", "Tom & Jerry's \x07fight", "event", "/events/e/")]
    edges = [Edge("a", "e", "participant", "<i>")]
    svg = draw(nodes, edges, title="Maps & <legends>", focus="a")
    assert "<script>" not in svg and "<b>" not in svg and "<legends>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Maps & <legends>"
    anchors = {a.find(f"{SVG}title").text.split(" (")[0]: a for a in links(root)}
    assert set(anchors) == {nasty, "Tom & Jerry's fight"}  # control characters are dropped
    assert anchors[nasty].get("href") == '/actors/a/?x="1"&y=<2>'
    assert anchors[nasty].find(f"{SVG}title").text.endswith(": <b>boss</b> & co")


def test_an_empty_graph_is_still_a_valid_svg():
    assert layout([], [], width=W, height=H) == {}
    root = parse(picture([], [], {}, title="Nothing yet"))
    assert root.find(f"{SVG}desc").text.startswith("0 actors and 0 events")
