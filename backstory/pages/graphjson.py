"""`graph.json`: the story as data, `{"nodes": [...], "edges": [...]}` (docs/what-comes-out.md,
"Data for other tools").

A node for every actor, event, place and article, keyed by its slug (`id`; slugs are unique
across a site); an edge for every relation the front matter and prose make: an actor's part in
an event (`participant`, with its role), `led_to`, an event's `place`, a place `within` a place
or a state, and an article's `references`. Nodes come by type (actors, events, places,
articles), actors, places and articles by slug, events in story order; edges in the order of the
nodes they leave from. The same sources give the same bytes. Links are those of the views given
(render.urls_for): whole URLs with a base_url, relative to the site root without one.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..content.when import When
from .dates import format_date, format_range
from .siteview import SiteView

VERSION = 1


def _date(when: When | None) -> str | None:
    return when.isoformat() if when is not None else None


def graph_data(site: SiteView) -> dict:
    """Plain data: the nodes, then the edges between them."""
    actors = sorted(site.actors, key=lambda a: a.slug)
    places = sorted(site.places, key=lambda p: p.slug)
    articles = sorted(site.articles, key=lambda a: a.slug)
    nodes: list[dict] = []
    edges: list[dict] = []
    for actor in actors:
        nodes.append({"id": actor.slug, "type": "actor", "name": actor.name, "kind": actor.kind,
                      "kind_label": actor.kind_singular, "role": actor.role, "url": actor.url})
    for event in site.events:
        place = event.place_page
        nodes.append({"id": event.slug, "type": "event", "title": event.title,
                      "start": _date(event.date), "end": _date(event.end),
                      "approximate": event.date.approximate,
                      "date_text": format_range(event.date, event.end),
                      "place": event.place, "url": event.url})
        edges.extend({"source": p.actor.slug, "target": event.slug, "type": "participant",
                      "role": p.role} for p in event.participants)
        edges.extend({"source": event.slug, "target": later.slug, "type": "led_to"}
                     for later in event.led_to)
        if place is not None:
            edges.append({"source": event.slug, "target": place.slug, "type": "place"})
    for place in places:
        nodes.append({"id": place.slug, "type": "place", "name": place.name, "kind": place.kind,
                      "latitude": place.latitude, "longitude": place.longitude, "url": place.url})
        if place.within is not None:
            edges.append({"source": place.slug, "target": place.within.slug, "type": "within"})
    for article in articles:
        nodes.append({"id": article.slug, "type": "article", "title": article.title,
                      "date": _date(article.date), "updated": _date(article.updated),
                      "date_text": format_date(article.date), "url": article.url})
        edges.extend({"source": article.slug, "target": target.slug, "type": "references"}
                     for target in article.actors + article.events)
    return {"version": VERSION, "title": site.title, "nodes": nodes, "edges": edges}


def graph_json(site: SiteView) -> Markup:
    """graph.json's text, ready for its layout (valid JSON; no HTML escaping applies): a node or
    an edge a line, compact, which json's C encoder writes (indented, Python's own encoder took
    a tenth of a second per thousand articles)."""
    data = graph_data(site)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = {key: value for key, value in data.items() if key not in ("nodes", "edges")}
    parts = [encode(head)[:-1]]  # without its closing brace: head is never empty (version)
    for key in ("nodes", "edges"):
        items = ",\n".join(map(encode, data[key]))
        parts.append(f',\n"{key}":[\n{items}\n]' if items else f',\n"{key}":[]')
    return Markup("".join(parts) + "}\n")
