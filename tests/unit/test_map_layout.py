"""layout: where each node goes, as geometry: from the graph's structure alone, whatever its order,
remembered, inside the margins, centres apart, time running one way, at a cost that grows linearly."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from mapgraphs import H, W, explainer, links, parse, picture, random_graph, renamed, wagner

from backstory.pages.maps import OVERVIEW_LIMIT
from backstory.pictures.layout import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MIN_DISTANCE, _arranged, layout
from backstory.pictures.network import Edge, reduce_for_overview
from tests.mapgeometry import problems

# Determinism


def test_larger_graph_is_deterministic_too_and_the_seed_matters():
    nodes, edges, order = explainer(120)
    once = layout(nodes, edges, width=1200, height=800, order=order)
    again = layout(list(reversed(nodes)), list(reversed(edges)), width=1200, height=800, order=order)
    assert once == again
    assert layout(nodes, edges, width=1200, height=800, order=order, seed="other") != once


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
    _arranged.cache_clear()
    first = layout(nodes, edges, width=1100, height=720, order=order)
    first["e000"] = (0.0, 0.0)  # the caller's own dict: the memo keeps its own copy
    hits = _arranged.cache_info().hits
    shuffled = random.Random(3).sample(renamed(nodes, "a005", "Someone else"), len(nodes))
    again = layout(shuffled, list(reversed(edges)), width=1100, height=720, order=dict(order))
    assert _arranged.cache_info().hits == hits + 1  # same structure: no simulation
    fresh = layout(nodes, edges, width=1100, height=720, order=order, stats=[])
    assert again == fresh and again["e000"] != (0.0, 0.0)
    # Anything that is structure is part of the key: an edge, an order, a size, a seed.
    for changed in ({"edges": [*edges, Edge("a050", "e001", "participant")]},
                    {"order": {**order, "e000": 99}}, {"width": 1000}, {"seed": "other"}):
        misses = _arranged.cache_info().misses
        call = {"nodes": nodes, "edges": edges, "width": 1100, "height": 720, "order": order, **changed}
        assert layout(**call) != fresh
        assert _arranged.cache_info().misses == misses + 1
    assert _arranged.cache_info().maxsize <= 16  # bounded: a few maps' positions


# Layout quality


@pytest.mark.parametrize(("width", "height"), [(960, 600), (360, 760)])
def test_positions_stay_inside_the_viewbox_margins(width, height):
    nodes, edges, order = explainer(60)
    positions = layout(nodes, edges, width=width, height=height, order=order)
    assert set(positions) == {n.id for n in nodes}
    for x, y in positions.values():
        assert MARGIN_X <= x <= width - MARGIN_X
        assert MARGIN_TOP <= y <= height - MARGIN_BOTTOM


def test_no_two_centres_of_a_30_node_graph_are_too_close():
    nodes, edges, order = explainer(30)
    positions = list(layout(nodes, edges, width=W, height=H, order=order).values())
    closest = min(math.dist(a, b) for a, b in itertools.combinations(positions, 2))
    assert closest >= MIN_DISTANCE - 0.15  # rounding to 1 decimal


def test_events_read_left_to_right_in_time_and_top_to_bottom_on_a_tall_map():
    nodes, edges, order = wagner()
    wide = layout(nodes, edges, width=W, height=H, order=order)
    # The mutiny comes first; on the same day the call comes before the deal, the deal before its outcomes.
    assert wide["mutiny"][0] < wide["call"][0] < wide["deal"][0] < min(wide["turn-back"][0], wide["exile"][0])
    tall = layout(nodes, edges, width=360, height=760, order=order)
    assert tall["mutiny"][1] < tall["call"][1] < tall["deal"][1] < min(tall["turn-back"][1], tall["exile"][1])


# Cost


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


def test_a_500_node_network_is_drawn_as_its_60_most_connected_and_nothing_in_it_lies():
    nodes, edges, order = random_graph(500, 1500)
    nodes, edges, note = reduce_for_overview(nodes, edges, OVERVIEW_LIMIT)
    assert OVERVIEW_LIMIT == 60 and "60 most connected of 500" in note
    positions = layout(nodes, edges, width=1100, height=1020, order=order)
    svg = picture(nodes, edges, positions, title="Everything", width=1100, height=1020)
    assert len(links(parse(svg))) == 60
    assert problems(svg) == []
