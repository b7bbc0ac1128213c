"""Sample networks for the relationship map's unit tests (test_map_*.py), and how they draw:
laid out, labelled and rendered, as the site's maps are (pages/maps.py)."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from dataclasses import replace

from backstory.pictures.drawing import fit
from backstory.pictures.layout import layout
from backstory.pictures.network import Edge, Node
from backstory.pictures.svg import render_svg

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


def renamed(nodes: list[Node], slug: str, label: str) -> list[Node]:
    """The same nodes, one of them under another label, link and detail."""
    return [replace(n, label=label, href="/moved/", detail="new") if n.id == slug else n for n in nodes]


def draw(nodes, edges, order=None, *, width=W, height=H, focus=None, title="Who and what") -> str:
    positions = layout(nodes, edges, width=width, height=height, order=order)
    return picture(nodes, edges, positions, title=title, width=width, height=height, focus=focus)


def picture(nodes, edges, positions, *, title: str, width=W, height=H, focus=None, note="") -> str:
    """The SVG of nodes at these positions, their names placed and lines routed as a site's
    overview places and routes them."""
    drawn = fit(nodes, edges, positions, width=width, height=height, focus=focus)
    return render_svg(nodes, edges, positions, drawn.labels, routes=drawn.routes, title=title,
                      width=width, height=height, focus=focus, note=note)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def links(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{SVG}g/{SVG}a")
