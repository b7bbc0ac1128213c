"""relmap: the relationship map laid out deterministically and drawn as accessible, well-formed SVG."""

from __future__ import annotations

import itertools
import math
import random
import time
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from backstory.pictures import relmap
from backstory.pictures.relmap import Edge, Node, layout, neighbourhood, reduce_for_overview, render_svg

SVG = "{http://www.w3.org/2000/svg}"
W, H = 960, 600


def wagner() -> tuple[list[Node], list[Edge], dict[str, int]]:
    """A small explainer: the mutiny, the call, the deal and what followed."""
    people = {"prigozhin": ("Yevgeny Prigozhin", "person"), "putin": ("Vladimir Putin", "person"),
              "lukashenko": ("Alexander Lukashenko", "person"), "wagner": ("Wagner group", "organization"),
              "belarus": ("Belarus", "state"), "belta": ("Belta", "media")}
    events = {"mutiny": ("Wagner mutiny", 1), "call": ("Putin calls Lukashenko", 2),
              "deal": ("Lukashenko brokers an end to the mutiny", 2), "turn-back": ("Wagner turns back", 2),
              "exile": ("Deal sends Prigozhin to Belarus", 2)}
    nodes = [Node(slug, name, kind, f"/actors/{slug}/", "a role") for slug, (name, kind) in people.items()]
    nodes += [Node(slug, title, "event", f"/events/{slug}/", f"2023-06-2{day + 2}")
              for slug, (title, day) in events.items()]
    cast = {"mutiny": ["prigozhin", "wagner", "putin"], "call": ["putin", "lukashenko"],
            "deal": ["lukashenko", "prigozhin", "putin", "belta"],
            "turn-back": ["wagner", "prigozhin", "belta"], "exile": ["prigozhin", "lukashenko", "belarus"]}
    edges = [Edge(actor, event, "participant", "role") for event, actors in cast.items() for actor in actors]
    edges += [Edge("mutiny", "call", "led_to"), Edge("call", "deal", "led_to"),
              Edge("deal", "turn-back", "led_to"), Edge("deal", "exile", "led_to")]
    return nodes, edges, {slug: day for slug, (_, day) in events.items()}


def explainer(n: int, seed: int = 7, per_event: tuple[int, int] = (2, 4)):
    """n nodes, a third of them events in date order, each with a few actors (some recur a lot)."""
    rng, events = random.Random(seed), n // 3
    kinds = ["person", "person", "organization", "state", "media"]
    nodes = [Node(f"e{i:03d}", f"Event {i} with a longish title", "event", f"/e/{i}/") for i in range(events)]
    nodes += [Node(f"a{i:03d}", f"Actor {i} Surname", kinds[i % 5], f"/a/{i}/") for i in range(n - events)]
    weights, edges = [1 / (1 + i) ** 0.8 for i in range(n - events)], set()
    for i in range(events):
        for a in rng.choices(range(n - events), weights, k=rng.randint(*per_event)):
            edges.add(Edge(f"a{a:03d}", f"e{i:03d}", "participant"))
        if i + 1 < events and rng.random() < 0.5:
            edges.add(Edge(f"e{i:03d}", f"e{min(events - 1, i + rng.randint(1, 4)):03d}", "led_to"))
    for a in range(n - events):
        edges.add(Edge(f"a{a:03d}", f"e{rng.randrange(events):03d}", "participant"))
    order = {f"e{i:03d}": i // 2 for i in range(events)}  # two events a day
    return nodes, sorted(edges, key=lambda e: (e.source, e.target)), order


def random_graph(n: int, m: int, seed: int = 1):
    """Denser and less kind than an explainer: m edges between random actors and events."""
    rng, events = random.Random(seed), n // 3
    nodes = [Node(f"e{i}", f"Event {i}", "event", f"/e/{i}/") for i in range(events)]
    nodes += [Node(f"a{i}", f"Actor {i}", "person", f"/a/{i}/") for i in range(n - events)]
    edges: set[Edge] = set()
    while len(edges) < m:
        edges.add(Edge(f"a{rng.randrange(n - events)}", f"e{rng.randrange(events)}", "participant"))
    return nodes, sorted(edges, key=lambda e: (e.source, e.target)), {f"e{i}": i for i in range(events)}


def draw(nodes, edges, order=None, *, width=W, height=H, focus=None, title="Who and what") -> str:
    positions = layout(nodes, edges, width=width, height=height, order=order)
    return render_svg(nodes, edges, positions, title=title, width=width, height=height, focus=focus)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}g/{SVG}a")


# Determinism


def test_same_graph_in_any_order_gives_byte_identical_svg():
    nodes, edges, order = wagner()
    first = draw(nodes, edges, order, focus="deal")
    for seed in range(4):
        rng = random.Random(seed)
        shuffled_nodes, shuffled_edges = rng.sample(nodes, len(nodes)), rng.sample(edges, len(edges))
        shuffled_order = dict(rng.sample(sorted(order.items()), len(order)))
        assert draw(shuffled_nodes, shuffled_edges, shuffled_order, focus="deal") == first


def test_larger_graph_is_deterministic_too_and_the_seed_matters():
    nodes, edges, order = explainer(120)
    once = layout(nodes, edges, width=1200, height=800, order=order)
    again = layout(list(reversed(nodes)), list(reversed(edges)), width=1200, height=800, order=order)
    assert once == again
    assert layout(nodes, edges, width=1200, height=800, order=order, seed="other") != once


def test_coordinates_are_written_with_one_decimal():
    svg = draw(*wagner())
    numbers = [value for el in parse(svg).iter() for name, value in el.attrib.items()
               if name in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2")]
    assert numbers and all(len(v.partition(".")[2]) <= 1 for v in numbers)


def renamed(nodes: list[Node], slug: str, label: str) -> list[Node]:
    """The same nodes, one of them under another label, link and detail."""
    return [replace(n, label=label, href="/moved/", detail="new") if n.id == slug else n for n in nodes]


@pytest.mark.parametrize(("n", "width", "height"), [(30, 1100, 660), (120, 1100, 720), (200, 1642, 1095)])
def test_a_rename_moves_no_node(n, width, height):
    # stats= bypasses the memo: each layout here is computed afresh, from the structure alone.
    nodes, edges, order = explainer(n)
    before = layout(nodes, edges, width=width, height=height, order=order, stats=[])
    for slug in ("e000", f"a{n - n // 3 - 1:03d}"):
        long = renamed(nodes, slug, "A much, much longer name than before, over two whole lines")
        assert layout(long, edges, width=width, height=height, order=order, stats=[]) == before
    short = renamed(nodes, "a000", "X")
    assert layout(short, edges, width=width, height=height, order=order, stats=[]) == before


def test_a_layout_from_the_memo_equals_a_fresh_one():
    nodes, edges, order = explainer(90)
    relmap._arranged.cache_clear()
    first = layout(nodes, edges, width=1100, height=720, order=order)
    first["e000"] = (0.0, 0.0)  # the caller's own dict: the memo keeps its own copy
    hits = relmap._arranged.cache_info().hits
    shuffled = random.Random(3).sample(renamed(nodes, "a005", "Someone else"), len(nodes))
    again = layout(shuffled, list(reversed(edges)), width=1100, height=720, order=dict(order))
    assert relmap._arranged.cache_info().hits == hits + 1  # same structure: no simulation
    fresh = layout(nodes, edges, width=1100, height=720, order=order, stats=[])
    assert again == fresh and again["e000"] != (0.0, 0.0)
    # Anything that is structure is part of the key: an edge, an order, a size, a seed.
    for changed in ({"edges": [*edges, Edge("a050", "e001", "participant")]},
                    {"order": {**order, "e000": 99}}, {"width": 1000}, {"seed": "other"}):
        misses = relmap._arranged.cache_info().misses
        call = {"nodes": nodes, "edges": edges, "width": 1100, "height": 720, "order": order, **changed}
        assert layout(**call) != fresh
        assert relmap._arranged.cache_info().misses == misses + 1
    assert relmap._arranged.cache_info().maxsize <= 16  # bounded: a few maps' positions


# Layout quality


@pytest.mark.parametrize(("width", "height"), [(960, 600), (360, 760)])
def test_positions_stay_inside_the_viewbox_margins(width, height):
    nodes, edges, order = explainer(60)
    positions = layout(nodes, edges, width=width, height=height, order=order)
    assert set(positions) == {n.id for n in nodes}
    for x, y in positions.values():
        assert relmap.MARGIN_X <= x <= width - relmap.MARGIN_X
        assert relmap.MARGIN_TOP <= y <= height - relmap.MARGIN_BOTTOM


def test_no_two_centres_of_a_30_node_graph_are_too_close():
    nodes, edges, order = explainer(30)
    positions = list(layout(nodes, edges, width=W, height=H, order=order).values())
    closest = min(math.dist(a, b) for a, b in itertools.combinations(positions, 2))
    assert closest >= relmap.MIN_DISTANCE - 0.15  # rounding to 1 decimal


def test_events_read_left_to_right_in_time_and_top_to_bottom_on_a_tall_map():
    nodes, edges, order = wagner()
    wide = layout(nodes, edges, width=W, height=H, order=order)
    # The mutiny comes first; on the same day the call comes before the deal, the deal before its outcomes.
    assert wide["mutiny"][0] < wide["call"][0] < wide["deal"][0] < min(wide["turn-back"][0], wide["exile"][0])
    tall = layout(nodes, edges, width=360, height=760, order=order)
    assert tall["mutiny"][1] < tall["call"][1] < tall["deal"][1] < min(tall["turn-back"][1], tall["exile"][1])


def test_repulsion_work_per_iteration_grows_linearly_not_quadratically():
    per_iteration = {}
    for n in (250, 500):
        nodes, edges, order = explainer(n)
        stats: list[int] = []
        layout(nodes, edges, width=1600, height=1200, order=order, iterations=30, stats=stats)
        assert len(stats) == 30
        per_iteration[n] = sum(stats) / len(stats)
    all_pairs = 500 * 499 / 2
    assert per_iteration[500] < 0.4 * all_pairs
    assert per_iteration[500] / per_iteration[250] < 2.7  # linear is 2, quadratic 4


def test_500_nodes_and_1500_edges_lay_out_and_draw_in_seconds():
    nodes, edges, order = random_graph(500, 1500)
    started = time.perf_counter()
    positions = layout(nodes, edges, width=1600, height=1200, order=order)
    svg = render_svg(nodes, edges, positions, title="Everything", width=1600, height=1200)
    assert time.perf_counter() - started < 10
    assert len(links(parse(svg))) == 500


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
    root = parse(render_svg(nodes, edges, positions, title="t", width=W, height=H))
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


def test_led_to_edges_carry_an_arrowhead_and_participant_edges_do_not():
    root = parse(draw(*wagner()))
    marker = root.find(f"{SVG}defs/{SVG}marker")
    lines = root.findall(f"{SVG}g/{SVG}line")
    causes = [line for line in lines if "relmap-led-to" in line.get("class")]
    others = [line for line in lines if "relmap-participant" in line.get("class")]
    assert len(causes) == 4 and len(others) == 15
    assert all(line.get("marker-end") == f"url(#{marker.get('id')})" for line in causes)
    assert all(line.get("marker-end") is None for line in others)


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


def test_long_labels_are_truncated_with_the_full_label_in_the_tooltip():
    long = "The extraordinarily long and winding title of an event that goes on and on"
    nodes = [Node("e", long, "event", "/e/"), Node("p", "Someone", "person", "/p/")]
    root = parse(draw(nodes, [Edge("p", "e", "participant")]))
    event = next(a for a in links(root) if a.get("href") == "/e/")
    lines = [span.text for span in event.iter(f"{SVG}tspan")]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= relmap.LINE_CHARS for line in lines)
    assert event.find(f"{SVG}title").text == f"{long} (event)"


def label_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    boxes = []
    for text in root.iter(f"{SVG}text"):
        spans = list(text)
        width = max(len(s.text) for s in spans) * 7.8
        x, top = float(spans[0].get("x")), float(spans[0].get("y")) - relmap.FONT
        left = {"middle": x - width / 2, "start": x, "end": x - width}[text.get("text-anchor")]
        boxes.append((left, top, left + width, top + len(spans) * relmap.LINE_HEIGHT))
    return boxes


def test_labels_are_nudged_apart_when_their_nodes_are_close():
    nodes = [Node(f"n{i}", f"Fairly long name {i}", "person", f"/{i}/") for i in range(4)]
    positions = {f"n{i}": (300 + 40 * i, 300.0) for i in range(4)}  # a row: labels below would collide
    root = parse(render_svg(nodes, [], positions, title="t", width=W, height=H))
    boxes = label_boxes(root)
    assert len(boxes) == 4
    for a, b in itertools.combinations(boxes, 2):
        assert min(a[2], b[2]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[1], b[1]) <= 1


def test_labels_stay_inside_the_viewbox():
    root = parse(draw(*wagner()))
    for left, top, right, bottom in label_boxes(root):
        assert left >= 0 and top >= 0 and right <= W and bottom <= H


def test_an_empty_graph_is_still_a_valid_svg():
    assert layout([], [], width=W, height=H) == {}
    root = parse(render_svg([], [], {}, title="Nothing yet", width=W, height=H))
    assert root.find(f"{SVG}desc").text.startswith("0 actors and 0 events")


def test_duplicate_ids_are_refused_and_dangling_edges_ignored():
    with pytest.raises(ValueError, match="duplicate node id 'a'"):
        layout([Node("a", "A", "person", "/a/"), Node("a", "B", "person", "/b/")], [], width=W, height=H)
    nodes = [Node("a", "A", "person", "/a/"), Node("e", "E", "event", "/e/")]
    edges = [Edge("a", "e", "participant"), Edge("a", "ghost", "participant"), Edge("e", "e", "led_to")]
    root = parse(draw(nodes, edges))
    assert len(root.findall(f"{SVG}g/{SVG}line")) == 1


# Choosing what to draw


def test_neighbourhood_takes_the_nodes_within_the_radius():
    nodes, edges, _ = wagner()
    near, near_edges = neighbourhood(nodes, edges, "call")
    assert {n.id for n in near} == {"call", "putin", "lukashenko", "mutiny", "deal"}
    assert all(e.source in {n.id for n in near} and e.target in {n.id for n in near} for e in near_edges)
    assert len(near_edges) == 7  # the call's four, and putin-mutiny, putin-deal, lukashenko-deal
    wider, _ = neighbourhood(nodes, edges, "call", radius=2)
    assert {"prigozhin", "wagner", "belta", "turn-back", "exile"} <= {n.id for n in wider}


def test_neighbourhood_keeps_the_centre_and_the_most_connected_when_capped():
    nodes, edges, _ = wagner()
    kept, kept_edges = neighbourhood(nodes, edges, "deal", radius=2, limit=4)
    ids = {n.id for n in kept}
    assert len(kept) == 4 and "deal" in ids
    # Of the deal's seven neighbours, the four with four links each win; ties go by id.
    assert ids == {"deal", "call", "exile", "prigozhin"}
    assert all(e.source in ids and e.target in ids for e in kept_edges)
    with pytest.raises(KeyError):
        neighbourhood(nodes, edges, "nobody")


def test_reduce_for_overview_keeps_the_most_connected_and_says_what_it_left_out():
    nodes, edges, _ = wagner()
    same_nodes, same_edges, note = reduce_for_overview(nodes, edges, limit=20)
    assert (len(same_nodes), len(same_edges), note) == (11, 19, "")
    kept, kept_edges, note = reduce_for_overview(nodes, edges, limit=6)
    ids = {n.id for n in kept}
    assert ids == {"deal", "call", "exile", "mutiny", "prigozhin", "turn-back"}  # 7 links, then 4 each
    assert all(e.source in ids and e.target in ids for e in kept_edges)
    assert note == "Showing the 6 most connected of 11 actors and events; 5 left out (5 actors, 0 events)."
    svg = render_svg(kept, kept_edges, layout(kept, kept_edges, width=W, height=H), title="All",
                     width=W, height=H, note=note)
    assert parse(svg).find(f"{SVG}desc").text.endswith(note)
