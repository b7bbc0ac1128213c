"""`search/names.json`: every name the search page can offer as "Did you mean …?".

Each actor's, event's and place's name and each article's title, with the aliases its front
matter gives and the URL of its page: `{"version": 1, "names": [{"name", "aliases", "url"}]}`.
When a query finds nothing (a typo, "Prigozin", or another transliteration, "Lukashenka"),
search.js compares it with these (assets/suggest.js) and offers the closest. Only what the site
publishes is here: the views are of the published records (drafts only with --drafts). Links
are relative to this file without a base_url, so search.js resolves them against its address.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .siteview import SiteView

VERSION = 1


def search_names(site: SiteView) -> dict:
    """Plain data: actors, events, places, then articles, each by slug (the same sources give
    the same bytes); `aliases` only where there are some."""
    named = [*site.actors, *site.events, *site.places]
    names = []
    for view in sorted(named, key=lambda v: (v.type != "actor", v.type != "event", v.slug)):
        entry = {"name": view.label, "url": view.url}
        if view.aliases:
            entry["aliases"] = view.aliases
        names.append(entry)
    names.extend({"name": article.title, "url": article.url}
                 for article in sorted(site.articles, key=lambda a: a.slug))
    return {"version": VERSION, "names": names}


def search_names_json(site: SiteView) -> Markup:
    """names.json's text, ready for its layout (valid JSON; no HTML escaping applies): compact,
    one name a line, so that a change reads as a change of lines."""
    data = search_names(site)
    lines = ",\n".join(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
                       for entry in data["names"])
    return Markup(f'{{"version":{data["version"]},"names":[\n{lines}\n]}}\n')
