"""Hover cards: what a link to an actor or event previews, shipped inside the page that links.

Each page carries the cards of exactly the actors and events it links to (Views.linked), as
JSON keyed by the href the page writes, so cards work from file:// and on any static host with
no request per hover, and a page's data grows with its links, not with the site.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .structured import script_json, script_safe
from .views import ActorView, EventView, Views

# One actor's kind, for the card line when the actor has no role.
KIND_NAMES = {"person": "Person", "organization": "Organization", "state": "State",
              "media": "Media"}


def actor_card(actor: ActorView) -> dict:
    card = {"kind": "actor", "label": actor.name, "role": actor.role or KIND_NAMES[actor.kind],
            "summary": actor.summary}
    if actor.image:
        card["image"] = actor.image
    return card


def event_card(event: EventView) -> dict:
    card = {"kind": "event", "label": event.title, "when": event.when, "summary": event.summary}
    if event.place:
        card["place"] = event.place
    return card


def page_cards(views: Views, subject: str | None = None) -> dict[str, dict]:
    """The card of every actor and event the page has linked to so far, by href (no fragment);
    the page's own subject has none, since a card about the page you are on tells nothing."""
    cards: dict[str, dict] = {}
    for slug in list(views.linked):  # list(): making views below must not disturb the loop
        if slug != subject:
            href, card = _card(views, slug)
            cards[href] = card
    return cards


def cards_json(views: Views, subject: str | None = None) -> Markup:
    """page_cards as JSON safe inside <script type="application/json">; empty when the page
    links to no actor or event, so layouts can leave the data and the script out."""
    if views.fragments is None:
        cards = page_cards(views, subject)
        return script_json(cards, compact=True) if cards else Markup("")
    # Each card's JSON text made once for the build's pages at one depth (fragments.py).
    members = [views.fragments.piece(views, ("card", slug), lambda slug=slug: _member(views, slug))
               for slug in list(views.linked) if slug != subject]
    return script_safe("{" + ",".join(members) + "}") if members else Markup("")


def _card(views: Views, slug: str) -> tuple[str, dict]:
    view = views.of(slug)  # notes the slug as read, so a change to it re-renders the page
    card = actor_card(view) if isinstance(view, ActorView) else event_card(view)
    return views.urls.href(view.path), card


def _member(views: Views, slug: str) -> str:
    """`"href":{card}` as json.dumps writes a member of the whole object, compact."""
    return json.dumps(dict([_card(views, slug)]), ensure_ascii=False, separators=(",", ":"))[1:-1]
