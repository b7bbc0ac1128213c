"""What the 404 page needs to look and link right at whatever address a host shows it.

A host answers a missing address (/actors/nobody/, /repo/a/b/) with the site's 404.html as it
is, so without a base URL its relative links would point below that address. The default
404.html (layouts/404.html) therefore carries its stylesheet and icon inline, and a small script
that finds the site's root from the site's own top-level folders and a token only this site's
404 page contains (docs/deployment.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from urllib.parse import quote

import jinja2
from jinja2 import Environment, pass_environment
from markupsafe import Markup

from ..content.config import Config
from ..content.model import Site

NOT_FOUND_PAGE = "404.html"  # its output path
# The assets the 404 page carries inline; their bytes are part of its dependencies.
INLINE_ASSETS = ("assets/style.css", "assets/favicon.svg")
INLINE_KEY = "inline:"  # the dependency key of an inlined asset's text: "inline:assets/style.css"


def not_found_context(site: Site, config: Config, folders: Iterable[str], touched: set[str]) -> dict:
    """The names layouts/404.html receives besides the usual ones (docs/layouts.md)."""
    touched.update(("@actors", "@events", "@articles"))  # the token names the site's records

    @pass_environment
    def inline_asset(env: Environment, name: str) -> Markup | None:
        touched.add(f"{INLINE_KEY}assets/{name}")
        text = asset_text(env, f"assets/{name}")
        # Nothing in a stylesheet needs "</"; escaped, it cannot end the <style> element.
        return None if text is None else Markup(text.replace("</", "<\\/"))

    @pass_environment
    def inline_asset_url(env: Environment, name: str) -> str | None:
        touched.add(f"{INLINE_KEY}assets/{name}")
        text = asset_text(env, f"assets/{name}")
        return None if text is None else "data:image/svg+xml," + quote(text, safe="")

    return {"site_folders": sorted(set(folders)), "site_token": site_token(site, config),
            "inline_asset": inline_asset, "inline_asset_url": inline_asset_url}


def site_token(site: Site, config: Config) -> str:
    """A name for this site that another site's 404 page will not contain by chance."""
    slugs = [slug for records in (site.actors, site.events, site.articles) for slug in sorted(records)]
    text = "\0".join((config.title, config.description, config.language, *slugs))
    return "backstory-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def asset_text(env: Environment, path: str) -> str | None:
    """An asset's text as the layouts' loader finds it (the site's own before the default),
    or None when there is none or it is not UTF-8 text."""
    try:
        return env.loader.get_source(env, path)[0]
    except (jinja2.TemplateNotFound, UnicodeDecodeError):
        return None


def inline_asset_prints(env: Environment) -> dict[str, tuple]:
    """The fingerprint of each inlinable asset's text, so that an edit re-renders the 404 page
    even where asset names carry no content hash (the preview)."""
    prints = {}
    for path in INLINE_ASSETS:
        text = asset_text(env, path)
        digest = None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()
        prints[f"{INLINE_KEY}{path}"] = (digest,)
    return prints
