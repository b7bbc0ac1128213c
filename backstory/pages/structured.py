"""Structured data for each page: schema.org JSON-LD and Open Graph / Twitter card tags.

Built from the same views the layouts get, so it says what the page shows. Without a base
URL there are no absolute addresses to give, so `url`, `sameAs` of pages and `og:url` are
left out rather than made relative (crawlers resolve neither from file://).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..content.kinds import SCHEMA_DATES
from .siteview import SiteView
from .urls import Urls
from .views import ActorView, ArticleView, EventView, RecordView

SCHEMA = "https://schema.org"


def _actor(actor: ActorView, urls: Urls, full: bool) -> dict:
    schema = actor.kind_info.schema
    data = {"@type": schema, "name": actor.name}
    if url := urls.absolute(actor.path):
        data["url"] = url
    if full:
        data["description"] = actor.summary
        if actor.aliases:
            data["alternateName"] = actor.aliases
        if actor.role and schema == "Person":
            data["jobTitle"] = actor.role
        # ISO 8601 at the precision known (1954, 2023-08-23), under the names its type has.
        for name, when in zip(SCHEMA_DATES.get(schema, (None, None)), actor.life_dates, strict=True):
            if name is not None and when is not None:
                data[name] = when.isoformat()
        if actor.country and schema == "Person":
            data["nationality"] = {"@type": "Country", "name": actor.country}
        if actor.links:
            data["sameAs"] = [url for _, url in actor.links]
        if actor.picture and (image := actor.picture.absolute):
            data["image"] = image
    return data


def _event(event: EventView, urls: Urls, full: bool) -> dict:
    data = {"@type": "Event", "name": event.title, "startDate": event.date.isoformat()}
    if url := urls.absolute(event.path):
        data["url"] = url
    if full:
        data["endDate"] = (event.end or event.date).isoformat()
        data["description"] = event.summary
        place = event.place_page
        if place is not None:
            data["location"] = _place(place, urls, False)
        elif event.place:  # where it happened, as written; with no place, no location at all
            data["location"] = {"@type": "Place", "name": event.place}
        if event.participants:
            data["attendee"] = [_actor(p.actor, urls, False) for p in event.participants]
        if event.aliases:
            data["alternateName"] = event.aliases
        if event.picture and (image := event.picture.absolute):
            data["image"] = image
    return data


def _place(place: RecordView, urls: Urls, full: bool) -> dict:
    """A place as schema.org's Place, with `geo` where its coordinates are known, inside the
    larger place (or the state's Country) it lies in."""
    if isinstance(place, ActorView):  # a state actor, as `within:` may name one
        return _actor(place, urls, False)
    data = {"@type": "Place", "name": place.name}
    if url := urls.absolute(place.path):
        data["url"] = url
    if place.latitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.latitude,
                       "longitude": place.longitude}
    if full:
        data["description"] = place.summary
        if place.aliases:
            data["alternateName"] = place.aliases
        if place.within is not None:
            data["containedInPlace"] = _place(place.within, urls, False)
        if place.picture and (image := place.picture.absolute):
            data["image"] = image
    return data


def _article(article: ArticleView, site: SiteView, urls: Urls) -> dict:
    author = {"@type": "Organization", "name": site.author or site.title}
    data = {"@type": article.article_type.schema, "headline": article.title[:110],
            "description": article.summary, "datePublished": article.date.isoformat(),
            "dateModified": (article.updated or article.date).isoformat(),
            "author": author, "publisher": {"@type": "Organization", "name": site.title},
            "inLanguage": site.language}
    if url := urls.absolute(article.path):
        data["url"] = data["mainEntityOfPage"] = url
    if article.actors:
        data["about"] = [_actor(actor, urls, False) for actor in article.actors]
    if article.events:
        data["mentions"] = [_event(event, urls, False) for event in article.events]
    if article.picture and (image := article.picture.absolute):
        data["image"] = image
    if article.tags:
        data["keywords"] = ", ".join(tag.label for tag in article.tags)
    if article.sources:
        data["citation"] = [{"@type": "CreativeWork", "name": source.title,
                             **({"url": source.url} if source.url else {}),
                             **({"publisher": {"@type": "Organization", "name": source.publisher}}
                                if source.publisher else {}),
                             **({"datePublished": source.date.isoformat()} if source.date else {})}
                            for source in article.sources]
    return data


def json_ld(kind: str, subject, site: SiteView, urls: Urls) -> Markup | None:
    """The page's JSON-LD, safe to place inside <script type="application/ld+json">."""
    if kind == "actor":
        data = _actor(subject, urls, True)
    elif kind == "event":
        data = _event(subject, urls, True)
    elif kind == "article":
        data = _article(subject, site, urls)
    elif kind == "place":
        data = _place(subject, urls, True)
    elif kind == "home":
        data = {"@type": "WebSite", "name": site.title, "description": site.description,
                "inLanguage": site.language}
        if url := urls.absolute(""):
            data["url"] = url
    else:
        return None
    return script_json({"@context": SCHEMA, **data})


def script_json(data, compact: bool = False) -> Markup:
    """JSON safe to place inside a <script> element, whatever text it carries."""
    return script_safe(json.dumps(data, ensure_ascii=False, sort_keys=False,
                                  separators=(",", ":") if compact else None))


def script_safe(text: str) -> Markup:
    """JSON text with nothing that could close the script element or start markup in it."""
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# Open Graph wants language_TERRITORY. A site's bare language gets the territory its speakers
# most live in (CLDR's likely subtags); one not here gets no og:locale rather than a wrong one.
LIKELY_TERRITORY = {"en": "US", "ru": "RU", "uk": "UA", "be": "BY", "fr": "FR", "de": "DE",
                    "es": "ES", "it": "IT", "pt": "BR", "pl": "PL", "nl": "NL", "sv": "SE",
                    "fi": "FI", "da": "DK", "nb": "NO", "cs": "CZ", "et": "EE", "lv": "LV",
                    "lt": "LT", "ka": "GE", "kk": "KZ", "tr": "TR", "ar": "SA", "he": "IL",
                    "ja": "JP", "zh": "CN", "ko": "KR"}


def og_locale(language: str) -> str | None:
    """`en-GB` -> `en_GB`; `en` -> `en_US`; None where the territory is unknown."""
    parts = language.replace("_", "-").split("-")
    lang = parts[0].lower()
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    territory = territory or LIKELY_TERRITORY.get(lang)
    return f"{lang}_{territory}" if territory and lang.isalpha() else None


OG_TYPES = {"article": "article", "actor": "profile", "event": "website", "home": "website"}


def open_graph(kind: str, subject, title: str, description: str, site: SiteView,
               urls: Urls, canonical: str | None) -> list[tuple[str, str]]:
    """(property, content) pairs for Open Graph and Twitter card meta tags."""
    tags = [("og:type", OG_TYPES.get(kind, "website")), ("og:title", title),
            ("og:description", description), ("og:site_name", site.title),
            *([("og:locale", locale)] if (locale := og_locale(site.language)) else [])]
    if canonical:
        tags.append(("og:url", canonical))
    picture = subject.picture if kind in ("actor", "event", "article", "place") else None
    image = picture.absolute if picture else None  # a whole URL, or none without a base_url
    if image:
        tags.append(("og:image", image))
        if picture.alt:
            tags.append(("og:image:alt", picture.alt))
    if kind == "article":
        tags.append(("article:published_time", subject.date.isoformat()))
        if subject.updated:
            tags.append(("article:modified_time", subject.updated.isoformat()))
        tags += [("article:tag", tag.label) for tag in subject.tags]
    tags.append(("twitter:card", "summary_large_image" if image else "summary"))
    return tags
