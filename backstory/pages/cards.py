"""Hover cards: what a link to an actor, event or place previews, shipped inside the page that
links.

Each page carries the cards of exactly the actors and events it links to (Views.linked), as
JSON keyed by the href the page writes, so cards work from file:// and on any static host with
no request per hover, and a page's data grows with its links, not with the site.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .structured import script_safe
from .views import ActorView, EventView, RecordView, Views


def actor_card(actor: ActorView) -> dict:
    card = {"kind": "actor", "label": actor.name, "role": actor.role or actor.kind_singular,
            "summary": actor.summary}
    if actor.lifespan:  # `1961 – 23 August 2023`, `born 1954`
        card["when"] = actor.lifespan
    if actor.picture:  # shown small: the narrowest copy made of it
        card["image"] = actor.picture.smallest
    return card


def event_card(event: EventView) -> dict:
    card = {"kind": "event", "label": event.title, "when": event.when, "summary": event.summary}
    if event.place:
        card["place"] = event.place
    return card


def place_card(place: RecordView) -> dict:
    """A place's card: its kind and the larger place it lies in (`City in Russia`), in the
    page's language (placeview.PlaceView.card_role)."""
    return {"kind": "place", "label": place.name, "role": place.card_role, "summary": place.summary}


def cards_json(views: Views, subject: str | None = None) -> Markup:
    """The card of every actor and event the page has linked to so far, by href (no fragment),
    as JSON safe inside <script type="application/json">; empty when the page links to no actor
    or event, so layouts can leave the data and the script out. The page's own subject has
    none, since a card about the page you are on tells nothing. Each card's JSON text is made
    once for the build's pages at one depth, when the page shares pieces (fragments.py)."""
    fragments = views.fragments
    members = [fragments.piece(views, ("card", slug), lambda slug=slug: _member(views, slug))
               if fragments is not None else _member(views, slug)
               for slug in list(views.linked) if slug != subject]  # list(): views are made below
    return script_safe("{" + ",".join(members) + "}") if members else Markup("")


def _member(views: Views, slug: str) -> str:
    """`"href":{card}` as json.dumps writes a member of the whole object, compact."""
    view = views.of(slug)  # notes the slug as read, so a change to it re-renders the page
    card = (actor_card(view) if isinstance(view, ActorView) else
            event_card(view) if isinstance(view, EventView) else place_card(view))
    return json.dumps({views.urls.href(view.path): card}, ensure_ascii=False,
                      separators=(",", ":"))[1:-1]
