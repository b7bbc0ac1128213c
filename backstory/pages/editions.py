"""A site in several languages: which pages each language has, where they are, and how each
page names its versions in the others (hreflang alternates and the language switcher).

Every language's pages are the same plan (plan.py) over the site as that language shows it
(graph/localize.py), under the language's prefix: the default language at the root (or under
its own prefix, `default_language_prefix: true`), each other at `<code>/`. A record not
translated into a language is shown there in its original words (`untranslated: original`),
its page naming the original as canonical; or that language has no page of it (`omit`), and
links to it lead to the original's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from ..content.config import Config
from ..content.model import Site
from .embeds import EMBED_KINDS, embed_path
from .plan import NOT_PAGES, PageSpec, plan_pages
from .urls import Edition, Urls, page_path

ROOT_ONLY = ("404", "robots")  # one per site: hosts serve /404.html, crawlers read /robots.txt
LANGUAGES_PAGE = "languages"  # the root page that leads to each language (all prefixed)


def prefix_of(config: Config, code: str, default: str) -> str:
    return "" if code == default and not config.default_language_prefix else f"{code}/"


def edition_of(config: Config, code: str, site: Site) -> Edition:
    """Where language `code`'s pages are, for the site as it shows it. `config` is the
    site's own (its `language` the default)."""
    default = config.language
    elsewhere: set[str] = set()
    if code != default and config.untranslated == "omit":
        for record in site.records.values():
            if not site.is_translated(record.slug):
                elsewhere.add(page_path(record))
                elsewhere.add(embed_path(page_path(record)))
    return Edition(code, prefix_of(config, code, default), prefix_of(config, default, default),
                   frozenset(elsewhere), default)


def plan_editions(sites: Mapping[str, Site], config: Config,
                  editions: Mapping[str, Edition]) -> Iterator[PageSpec]:
    """Every page of every language; `sites` and `editions` by language code."""
    default = config.language
    for language in config.languages:
        code, edition = language.code, editions[language.code]
        for spec in plan_pages(sites[code], config.in_language(code)):
            if spec.kind in ROOT_ONLY:
                if code == default:
                    yield replace(spec, language=code)
            elif spec.path not in edition.elsewhere:
                yield replace(spec, path=edition.prefix + spec.path, language=code,
                              prefix=edition.prefix)
    if config.default_language_prefix:
        yield PageSpec("", "languages.html", LANGUAGES_PAGE, config.title, config.description,
                       language=default)


@dataclass(frozen=True, slots=True)
class Version:
    """The page in one of the site's languages, as the page links it."""

    code: str  # BCP 47
    name: str  # the language's name in itself
    url: str
    whole: str | None  # its whole URL, for hreflang; None without a base_url
    current: bool  # the page being rendered
    translated: bool  # in that language's words (False: the original, shown there)
    default: bool  # the site's default language


def versions(spec: PageSpec, site: Site, config: Config, edition: Edition | None,
             urls: Urls) -> tuple[Version, ...]:
    """The page in each language that has it, the page's own among them; () for a site in
    one language and for what is not a page (feeds, data, embeds, the 404 page)."""
    if edition is None or spec.kind in NOT_PAGES or spec.kind in EMBED_KINDS.values() \
            or spec.kind == LANGUAGES_PAGE:
        return ()
    found = []
    for language in config.languages:
        code = language.code
        translated = spec.slug is None or code == edition.default \
            or site.translation(spec.slug, code) is not None
        if not translated and config.untranslated == "omit":
            continue
        where = prefix_of(config, code, edition.default) + spec.page
        found.append(Version(code, language.name, urls.placed(where), urls.whole(where),
                             code == edition.code,
                             translated, code == edition.default))
    return tuple(found)


def language_homes(config: Config, urls: Urls) -> tuple[Version, ...]:
    """Each language's home page, for the root page of a site whose every language has a
    prefix (`default_language_prefix: true`)."""
    default = config.language
    return tuple(Version(language.code, language.name, urls.placed(prefix_of(config, language.code, default)),
                         urls.whole(prefix_of(config, language.code, default)), False, True,
                         language.code == default) for language in config.languages)
