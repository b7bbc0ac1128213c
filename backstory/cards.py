"""Hover cards: what a link to an actor or event previews, shipped inside the page that links.

Each page carries the cards of exactly the actors and events it links to (Views.linked), as
JSON keyed by the href the page writes, so cards work from file:// and on any static host with
no request per hover, and a page's data grows with its links, not with the site.
"""

from __future__ import annotations

from markupsafe import Markup

from .structured import script_json
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
        if slug == subject:
            continue
        view = views.of(slug)  # notes the slug as read, so a change to it re-renders the page
        href = views.urls.href(view.path)
        cards[href] = actor_card(view) if isinstance(view, ActorView) else event_card(view)
    return cards


def cards_json(views: Views, subject: str | None = None) -> Markup:
    """page_cards as JSON safe inside <script type="application/json">; empty when the page
    links to no actor or event, so layouts can leave the data and the script out."""
    cards = page_cards(views, subject)
    return script_json(cards, compact=True) if cards else Markup("")
