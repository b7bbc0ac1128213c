"""network: the nodes and edges a map shows: cleaned, a page's neighbourhood, the overview's most
connected, and the note on what was left out."""

from __future__ import annotations

import pytest
from mapgraphs import SVG, H, W, draw, parse, picture, wagner

from backstory.pictures.layout import layout
from backstory.pictures.network import Edge, Node, neighbourhood, reduce_for_overview


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
    svg = picture(kept, kept_edges, layout(kept, kept_edges, width=W, height=H), title="All", note=note)
    assert parse(svg).find(f"{SVG}desc").text.endswith(note)


def _star():
    """A mediator in two events with the man he negotiated with, and in three with others, each
    of whom is in more events elsewhere: by connections alone the negotiator would lose."""
    people = ["mediator", "negotiator", "a", "b", "c"]
    events = ["talks", "deal", "summit", "visit", "vote", "x1", "x2", "x3", "x4", "x5", "x6"]
    nodes = [Node(p, p, "person", f"/{p}/") for p in people]
    nodes += [Node(e, e, "event", f"/{e}/") for e in events]
    edges = [Edge("mediator", e, "participant") for e in ("talks", "deal", "summit", "visit", "vote")]
    edges += [Edge("negotiator", e, "participant") for e in ("talks", "deal")]
    edges += [Edge(p, e, "participant") for p, e in (("a", "summit"), ("b", "visit"), ("c", "vote"),
                                                       ("a", "x1"), ("a", "x2"), ("b", "x3"), ("b", "x4"),
                                                       ("c", "x5"), ("c", "x6"))]
    return nodes, edges


def test_two_steps_away_what_is_tied_to_more_of_the_nearer_nodes_comes_first():
    nodes, edges = _star()
    kept, _ = neighbourhood(nodes, edges, "mediator", radius=2, limit=7)
    # The centre and its five events, then the negotiator (two shared events) before a, b or c
    # (one each), though each of them has more connections (three) than he has (two).
    assert {n.id for n in kept} == {"mediator", "talks", "deal", "summit", "visit", "vote", "negotiator"}


def test_around_an_event_the_events_nearest_it_in_time_come_first():
    nodes = [Node(i, i, "event", f"/{i}/") for i in ("mutiny", "turn-back", "years-later")]
    nodes += [Node("leader", "leader", "person", "/leader/")]
    edges = [Edge("leader", e, "participant") for e in ("mutiny", "turn-back", "years-later")]
    edges += [Edge("years-later", "x", "led_to")]  # more connected, were there an x
    day = 1440
    spans = {"mutiny": (100 * day, 101 * day), "turn-back": (101 * day, 101 * day + 60),
             "years-later": (900 * day, 900 * day)}
    kept, _ = neighbourhood(nodes, edges, "mutiny", radius=2, limit=3, spans=spans)
    assert {n.id for n in kept} == {"mutiny", "leader", "turn-back"}
    later = {**spans, "turn-back": (2000 * day, 2000 * day)}
    kept, _ = neighbourhood(nodes, edges, "mutiny", radius=2, limit=3, spans=later)
    assert {n.id for n in kept} == {"mutiny", "leader", "years-later"}
