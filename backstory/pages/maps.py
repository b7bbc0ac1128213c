"""The relationship maps layouts receive: the content graph turned into the map's nodes and edges.

pictures/ lays out (layout.py, labels.py) and draws (svg.py); this module only decides what goes on
which map, and notes what each page read (views.touched) so live preview re-renders a map when a
neighbour changes. Views reach page_map only through the callable render.py gives them
(Views.map_of): maps are drawn from views, so views never import maps.
"""

from __future__ import annotations

import functools
from collections import defaultdict, deque
from dataclasses import dataclass

from markupsafe import Markup

from ..content.model import Site
from ..pictures.arcs import column_map
from ..pictures.drawing import fit
from ..pictures.layout import layout
from ..pictures.network import ENGLISH as ENGLISH_MAP
from ..pictures.network import Edge, MapWords, Node, describe, neighbourhood, reduce_for_overview
from ..pictures.shapes import scale_for
from ..pictures.svg import render_svg, swatch
from .dates import format_range, is_local
from .urls import page_path
from .views import Views
from .words import Words, localized_kind

# The site-wide map: up to OVERVIEW_LIMIT nodes, the most connected, so that it reads whole
# without scrolling (beyond, a reader picks a node and goes to its own map); a column for phones.
OVERVIEW_LIMIT, TALL_WIDTH = 60, 360
# A page's map: two hops round the page, at most EGO_LIMIT nodes, so hubs stay readable.
EGO_RADIUS, EGO_LIMIT, EGO_WIDTH = 2, 12, 400
# What the legend calls what is not a kind of actor, in the order it lists them after those.
LEGEND_OTHERS = (("event", "Event"), ("participant", "Took part in"), ("led_to", "Led to"))
# Their message ids (layouts/messages/*.yaml), the same words in the page's language.
LEGEND_IDS = {"event": "map.legend.event", "participant": "map.legend.took_part_in",
              "led_to": "map.legend.led_to"}


@dataclass(frozen=True, slots=True, eq=False)
class Graph:
    """Every actor and event as slugs: what a map can show, built once per site."""

    nodes: dict[str, tuple[str, str, str]]  # slug -> (label, kind, detail)
    edges: tuple[Edge, ...]
    adjacent: dict[str, tuple[str, ...]]
    outgoing: dict[str, tuple[Edge, ...]]  # each edge once, under its source
    order: dict[str, float]  # event slug -> its rank in story order: the time axis
    spans: dict[str, tuple[int, int]]  # event slug -> its first and last minute (When.span)


@functools.lru_cache(maxsize=1)  # a Site is compared by identity: one graph per build
def site_graph(site: Site) -> Graph:
    nodes = {slug: (a.name, a.kind, a.role or "") for slug, a in site.actors.items()}
    nodes |= {slug: (e.title, "event", format_range(e.date, e.end)) for slug, e in site.events.items()}
    edges = [Edge(ref.target, slug, "participant", ref.role or "")
             for slug, e in site.events.items() for ref in e.actors if ref.target in nodes]
    edges += [Edge(slug, ref.target, "led_to") for slug, e in site.events.items()
              for ref in e.led_to if ref.target in nodes]
    adjacent: dict[str, set[str]] = defaultdict(set)
    outgoing: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        adjacent[edge.source].add(edge.target)
        adjacent[edge.target].add(edge.source)
        outgoing[edge.source].append(edge)
    story = sorted(site.events, key=site.chronology.get)
    return Graph(nodes, tuple(edges), {slug: tuple(sorted(near)) for slug, near in adjacent.items()},
                 {slug: tuple(found) for slug, found in outgoing.items()},
                 {slug: float(rank) for rank, slug in enumerate(story)},
                 {slug: (e.date.span[0], (e.end or e.date).span[1]) for slug, e in site.events.items()})


@dataclass(frozen=True, slots=True)
class RelationshipMap:
    """One map as a layout receives it (docs/layouts.md)."""

    wide: Markup  # the SVG
    tall: Markup | None  # a variant laid out for narrow screens, or None when `wide` serves both
    description: str  # the map in words, also the SVG's <desc>
    left_out: str  # what the map does not show, or ""
    shown: int  # nodes drawn
    total: int  # nodes it could have drawn
    # (slug, label, href of its own map or "" where this map draws it) of every actor and event,
    # by label: what /map/'s "show the connections of" offers
    choices: tuple[tuple[str, str, str], ...] = ()
    # (kind, name, shape) of each kind of node and line drawn: what the legend names
    keys: tuple[tuple[str, str, str], ...] = ()
    # (number, name, href) of each node the wide map numbers for want of room for its name
    numbered: tuple[tuple[str, str, str], ...] = ()

    @property
    def legend(self) -> list[tuple[str, Markup]]:
        """(name, small SVG of its shape or line) per kind of node and line the map draws."""
        return [(name, Markup(swatch(kind, shape or None))) for kind, name, shape in self.keys]


def _keys(views: Views, nodes: list[Node], edges) -> tuple[tuple[str, str, str], ...]:
    """The legend of a map of these nodes and edges: the site's kinds in its order, then
    events and the two kinds of line, each only where drawn."""
    drawn = {n.kind for n in nodes} | {e.kind for e in edges}
    kinds = [(k.name, localized_kind(k, views.words).label, k.shape) for k in views.config.kinds
             if k.name in drawn]
    words = views.words
    return tuple(kinds + [(kind, words.text(LEGEND_IDS[kind]) if words else name, "")
                          for kind, name in LEGEND_OTHERS if kind in drawn])


def _nodes(views: Views, graph: Graph, slugs) -> list[Node]:
    """Map nodes for these slugs, each noted as read: which of them a map shows depends on
    them all. Only those it shows are links (_linked)."""
    found = []
    for slug in slugs:
        record = views.record(slug)
        label, kind, detail = graph.nodes[slug]
        info = views.config.kind(kind)
        kind_label = localized_kind(info, views.words).label.lower() if info else ""
        if kind == "event" and is_local(views.words):  # the graph's dates are English, once per site
            detail = format_range(record.date, record.end, views.words)
            kind_label = views.words.text(LEGEND_IDS["event"]).lower()
        found.append(Node(slug, label, kind, views.urls.href(page_path(record)), detail,
                          info.shape if info else "", kind_label,
                          scale_for(len(graph.adjacent.get(slug, ())))))
    return found


def _linked(views: Views, nodes: list[Node]) -> None:
    """The nodes a map draws are links: each gets a hover card like any other. Those it left
    out are nowhere on the page, so they get none."""
    for node in nodes:
        views.note_linked(views.site.get(node.id))


def _within(graph: Graph, centre: str, radius: int) -> list[str]:
    hops, queue = {centre: 0}, deque([centre])
    while queue:
        here = queue.popleft()
        for there in graph.adjacent.get(here, ()) if hops[here] < radius else ():
            if there not in hops:
                hops[there] = hops[here] + 1
                queue.append(there)
    return sorted(hops)


def page_map(views: Views, slug: str) -> RelationshipMap | None:
    """The small map on an actor or event page, or None when the page has no connections."""
    graph = site_graph(views.site)
    near = _within(graph, slug, EGO_RADIUS)
    if len(near) < 2:
        return None
    candidates = _nodes(views, graph, near)
    kept = set(near)
    edges = [e for source in near for e in graph.outgoing.get(source, ()) if e.target in kept]
    nodes, edges = neighbourhood(candidates, edges, slug, EGO_RADIUS, EGO_LIMIT, graph.spans)
    _linked(views, nodes)
    drawn = column_map(nodes, edges, width=EGO_WIDTH, order=graph.order)
    label, words = graph.nodes[slug][0], views.words
    said = map_words(words)
    left_out = ""
    if len(nodes) < len(near):
        left_out = (f"Showing {len(nodes)} of the {len(near)} actors and events within two steps of "
                    f"{label}." if words is None else
                    words.text("map.ego_left_out", n=len(nodes), total=len(near), name=label))
    title = f"{label} and its connections" if words is None else words.text("map.title_of", name=label)
    svg = render_svg(nodes, edges, drawn.positions, drawn.labels, routes=drawn.routes,
                     title=title, width=drawn.width, height=drawn.height,
                     focus=slug, note=left_out, styled=False, time_runs="down", words=said)
    return RelationshipMap(Markup(svg), None, describe(nodes, edges, slug, left_out, said), left_out,
                           len(nodes), len(near), keys=_keys(views, nodes, edges))


def overview_map(views: Views) -> RelationshipMap:
    """The network for /map/: the most connected OVERVIEW_LIMIT nodes, wide, and as a column
    for phones. Every other node is one choice away: its own page's map."""
    graph = site_graph(views.site)
    views.touched |= {"@actors", "@events"}
    everyone = _nodes(views, graph, sorted(graph.nodes))
    said = map_words(views.words)
    title = "Who and what is connected" if views.words is None else views.words.text("map.title")
    nodes, edges, left_out = reduce_for_overview(everyone, graph.edges, OVERVIEW_LIMIT, said)
    _linked(views, nodes)
    width, height = 1100, max(420, 12 * len(nodes) + 300)  # 60 nodes: 1100 x 1020
    wide, numbered = _drawn(nodes, edges, graph, width, height, left_out, title, said)
    tall = _column(nodes, edges, graph, left_out, title, said)
    drawn = {n.id for n in nodes}
    # A node this map leaves out is chosen by going to its own map (the page's #map-title).
    choices = tuple(sorted(((n.id, n.label, "" if n.id in drawn else f"{n.href}#map-title")
                            for n in everyone if n.id in drawn or graph.adjacent.get(n.id)),
                           key=lambda c: (c[1].casefold(), c[0])))
    return RelationshipMap(wide, tall, describe(nodes, edges, None, left_out, said), left_out,
                           len(nodes), len(graph.nodes), choices, _keys(views, nodes, edges), numbered)


def map_words(words: Words | None) -> MapWords:
    """What maps say (pictures/network.py's MapWords) in the page's language."""
    if words is None:
        return ENGLISH_MAP
    return MapWords(
        count=lambda n, unit: words.text(f"map.count.{unit.replace(' ', '_')}", n=n),
        summary=lambda actors, events, participations, causes: words.text(
            "map.summary", actors=actors, events=events, participations=participations, causes=causes),
        centred=lambda name: words.text("map.centred", name=name),
        led_to=lambda source, target: words.text("map.led_to", source=source, target=target),
        took_part=lambda source, target, role: words.text(
            "map.took_part_as" if role else "map.took_part", source=source, target=target, role=role),
        overview_left_out=lambda limit, total, dropped, actors, events: words.text(
            "map.overview_left_out", n=dropped, limit=limit, total=total, actors=actors, events=events))


def _column(nodes, edges, graph: Graph, note: str, title: str, said: MapWords) -> Markup:
    """The overview for a phone: a column (pictures/arcs.py), read downwards."""
    drawn = column_map(nodes, edges, width=TALL_WIDTH, order=graph.order)
    return Markup(render_svg(nodes, edges, drawn.positions, drawn.labels, routes=drawn.routes,
                             title=title, width=drawn.width, height=drawn.height, note=note,
                             styled=False, time_runs="down", words=said))


def _drawn(nodes, edges, graph: Graph, width: int, height: int, note: str, title: str,
           said: MapWords) -> tuple[Markup, tuple[tuple[str, str, str], ...]]:
    positions = layout(nodes, edges, width=width, height=height, order=graph.order)
    drawn = fit(nodes, edges, positions, width=width, height=height)
    svg = render_svg(nodes, edges, positions, drawn.labels, routes=drawn.routes,
                     title=title, width=width, height=height, note=note, styled=False, words=said)
    numbered = sorted(((label.lines[0], n.label, n.href) for n in nodes
                       if (label := drawn.labels[n.id]) is not None and label.numbered),
                      key=lambda entry: int(entry[0]))
    return Markup(svg), tuple(numbered)
