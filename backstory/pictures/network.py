"""The relationship map's network as plain data: nodes and edges, cleaned, and the choice of which
of them a map shows (a page's neighbourhood, the overview's most connected), said in words.

No positions here: layout.py places these nodes, labels.py their names, svg.py draws them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: str  # an actor's kind (person, organization, state, media or a site's own) or event
    href: str
    detail: str = ""  # a role or a date, shown in the tooltip
    shape: str = ""  # what it is drawn as (shapes.EXTENT), or "" for its kind's default
    kind_label: str = ""  # its kind as the tooltip names it, or "" for `kind` itself
    scale: float = 1.0  # drawn this many times its shape's usual size (shapes.scale_for)


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    kind: str  # "participant" (actor and event) or "led_to" (cause -> effect)
    label: str = ""  # a participant's role


def clean(nodes: Iterable[Node], edges: Iterable[Edge]) -> tuple[list[Node], list[Edge]]:
    """Nodes by id; edges sorted, one per (source, target, kind), between known nodes only."""
    ordered = sorted(nodes, key=lambda n: n.id)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.id == b.id:
            raise ValueError(f"duplicate node id {a.id!r}")
    known, kept = {n.id for n in ordered}, {}
    for e in sorted(edges, key=lambda e: (e.source, e.target, e.kind, e.label)):
        if e.source != e.target and e.source in known and e.target in known:
            kept.setdefault((e.source, e.target, e.kind), e)
    return ordered, list(kept.values())


def degrees(nodes: list[Node], edges: list[Edge]) -> dict[str, int]:
    """Edges per node id."""
    ends = Counter(end for e in edges for end in (e.source, e.target))
    return {n.id: ends[n.id] for n in nodes}


def neighbourhood(nodes: Iterable[Node], edges: Iterable[Edge], centre: str, radius: int = 1,
                  limit: int = 40, spans: Mapping[str, tuple[int, int]] | None = None,
                  ) -> tuple[list[Node], list[Edge]]:
    """The small map for one page: nodes within `radius` hops of `centre`, nearest first; of
    those as far, first what is tied to the most of the nearer ones (the man a mediator
    negotiated with, through two events they shared), then, around an event, the events
    nearest it in time (`spans`: each event's first and last minute; the turn-back that ended
    a mutiny before what came days later), then the most connected."""
    nodes, edges = clean(nodes, edges)
    if centre not in {n.id for n in nodes}:
        raise KeyError(centre)
    adjacent: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        adjacent[e.source].append(e.target)
        adjacent[e.target].append(e.source)
    hops, queue = {centre: 0}, deque([centre])
    while queue:
        here = queue.popleft()
        for there in adjacent[here] if hops[here] < radius else ():
            if there not in hops:
                hops[there] = hops[here] + 1
                queue.append(there)
    degree = degrees(nodes, edges)
    ties = {i: len({j for j in adjacent[i] if hops.get(j) == hops[i] - 1}) for i in hops}
    spans = spans or {}
    here = spans.get(centre)

    def apart(i: str) -> float:  # minutes between an event and the event at the centre
        if here is None or i not in spans:
            return math.inf
        (start, end), (first, last) = spans[i], here
        return max(0, start - last, first - end)

    keep = set(sorted(hops, key=lambda i: (hops[i], -ties[i], apart(i), -degree[i], i))[:max(limit, 1)])
    return [n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep]


@dataclass(frozen=True, slots=True)
class MapWords:
    """What a map says in words (its description, its lines' tooltips, what it leaves out),
    English unless the page gives its language's (pages/maps.py)."""

    # (3, "actor") -> "3 actors"; also "event", "participation" and "causal link"
    count: Callable[[int, str], str]
    summary: Callable[[str, str, str, str], str]  # actors, events, participations, causal links
    centred: Callable[[str], str]
    led_to: Callable[[str, str], str]
    took_part: Callable[[str, str, str], str]  # who, in what, as what ("" for no role)
    overview_left_out: Callable[[int, int, int, str, str], str]  # shown, of, left out, actors, events


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


ENGLISH = MapWords(
    count=_count,
    summary=lambda actors, events, participations, causes: (
        f"{actors} and {events}; {participations} and {causes}, drawn as arrows from cause to effect."),
    centred=lambda name: f"Centred on {name}.",
    led_to=lambda source, target: f"{source} led to {target}",
    took_part=lambda source, target, role: f"{source} in {target}" + (f": {role}" if role else ""),
    overview_left_out=lambda limit, total, dropped, actors, events: (
        f"Showing the {limit} most connected of {total} actors and events; {dropped} left out "
        f"({actors}, {events})."),
)


def reduce_for_overview(nodes: Iterable[Node], edges: Iterable[Edge],
                        limit: int = 500, words: MapWords = ENGLISH) -> tuple[list[Node], list[Edge], str]:
    """At most `limit` nodes, the most connected; the note says what was left out ("" if nothing)."""
    nodes, edges = clean(nodes, edges)
    if len(nodes) <= limit:
        return nodes, edges, ""
    degree = degrees(nodes, edges)
    keep = set(sorted(degree, key=lambda i: (-degree[i], i))[:limit])
    dropped = [n for n in nodes if n.id not in keep]
    events = sum(n.kind == "event" for n in dropped)
    note = words.overview_left_out(limit, len(nodes), len(dropped),
                                   words.count(len(dropped) - events, "actor"), words.count(events, "event"))
    return ([n for n in nodes if n.id in keep], [e for e in edges if e.source in keep and e.target in keep],
            note)


def describe(nodes: list[Node], edges: list[Edge], focus: str | None = None, note: str = "",
             words: MapWords = ENGLISH) -> str:
    """The map in words: its <desc>, and a caption a page may show beside it."""
    events, causes = sum(n.kind == "event" for n in nodes), sum(e.kind == "led_to" for e in edges)
    count = words.count
    text = words.summary(count(len(nodes) - events, "actor"), count(events, "event"),
                         count(len(edges) - causes, "participation"), count(causes, "causal link"))
    centre = next((n.label for n in nodes if n.id == focus), None)
    return " ".join(part for part in (text, centre and words.centred(centre), note) if part)
