"""`timeline.json`: the story's events in TimelineJS3's JSON format, so a newsroom's TimelineJS
embed can take Backstory's data (https://timeline.knightlab.com/docs/json-format.html).

Each date says no more than the content knows: a year alone, a month, a day, or a time of day
(hour and minute, as the clock read where it happened: TimelineJS has no zones). What TimelineJS
cannot say (a guess, a part of the day, the zone) is in `display_date`, in Backstory's own
words. Links are those of the views given (render.urls_for): whole URLs with a base_url,
relative to the site root without one. Built from plain data with one json.dumps per build.
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from ..content.when import When
from .dates import format_date, format_range
from .siteview import SiteView
from .views import EventView


def date_object(when: When) -> dict:
    """A TimelineJS date at the precision written: `year` always, then month, day, and hour and
    minute only where a time of day is known; `display_date` in Backstory's words."""
    found: dict = {"year": when.year}
    if when.month is not None:
        found["month"] = when.month
    if when.day is not None:
        found["day"] = when.day
    if when.minute is not None:
        found["hour"], found["minute"] = divmod(when.minute, 60)
    found["display_date"] = format_date(when)
    return found


def _media(event: EventView) -> dict | None:
    picture = event.picture
    if picture is None:
        return None
    media = {"url": picture.url, "alt": picture.alt}
    if picture.caption:
        media["caption"] = str(escape(picture.caption))
    if picture.credit:
        credit = escape(picture.credit)
        media["credit"] = str(Markup('<a href="{}">{}</a>').format(picture.credit_url, credit)
                              if picture.credit_url else credit)
    return media


def event_slide(event: EventView) -> dict:
    """One event as a TimelineJS slide; its headline links to the event's page."""
    slide: dict = {"unique_id": event.slug, "start_date": date_object(event.date)}
    if event.end is not None and event.end != event.date:
        slide["end_date"] = date_object(event.end)
    slide["display_date"] = format_range(event.date, event.end)
    slide["text"] = {"headline": str(Markup('<a href="{}">{}</a>').format(event.url, event.title)),
                     "text": str(escape(event.summary))}
    media = _media(event)
    if media is not None:
        slide["media"] = media
    slide["autolink"] = False  # the text is the summary as written: links are ours alone
    return slide


def timeline_data(site: SiteView) -> dict:
    """The whole timeline: the site as its title slide, every event in story order."""
    return {"title": {"text": {"headline": str(escape(site.title)),
                               "text": str(escape(site.description))}},
            "events": [event_slide(event) for event in site.events],
            "scale": "human"}


def timeline_json(site: SiteView) -> Markup:
    """timeline.json's text, ready for its layout (valid JSON; no HTML escaping applies)."""
    return Markup(json.dumps(timeline_data(site), ensure_ascii=False, indent=1) + "\n")
