"""What each of a site's languages renders its pages from: the site in its words
(graph/localize.py), its settings, its layouts' words and where its pages are.

Made after every original and translation is loaded and checked; a site in one language has
none, and renders as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from ..content.config import Config
from ..content.model import Site
from ..errors import Diagnostics
from ..graph.localize import localize
from ..pages.editions import edition_of
from ..pages.render import layout_dirs, make_environment
from ..pages.urls import Edition
from ..pages.words import catalogue_files, read_catalogues, words_for
from .memory import Reading


@dataclass(frozen=True, slots=True)
class InLanguage:
    """One language's pages' sources."""

    site: Site  # the site as the language shows it: translated records in its words
    config: Config  # the site's settings in it (its title, description, author, `language`)
    env: Environment  # the layouts, with the language's words
    edition: Edition  # where its pages are
    # slug -> digests standing for what pages read of each record in this language
    # (graph/deps.py): a translated record's are its translation's and its original's
    digests: dict[str, tuple[str, str]]


def in_languages(site: Site, config: Config, env: Environment, digests: dict[str, tuple[str, str]],
                 source: Path, reading: Reading, diagnostics: Diagnostics) -> dict[str, InLanguage]:
    """Every language's, the default's (`site`, `env`, as loaded) among them; {} for a site in
    one language."""
    if not config.languages:
        return {}
    envs = _environments(config, env, source, reading, diagnostics)
    found = {}
    for language in config.languages:
        code = language.code
        shown = site if code == config.language else localize(site, code, reading.links)
        found[code] = InLanguage(shown, config.in_language(code), envs.get(code, env),
                                 edition_of(config, code, shown), _digests(site, code, digests, reading))
    return found


def _digests(site: Site, code: str, digests: dict[str, tuple[str, str]], reading: Reading
             ) -> dict[str, tuple[str, str]]:
    found = dict(digests)
    for (_, slug, language), translation in site.translations.items():
        if language == code:
            # The translation's parse key: its bytes and its original's, as load read them.
            key = repr(reading.parsed[translation.path][0])
            found[slug] = (key, key)
    return found


def _environments(config: Config, env: Environment, source: Path, reading: Reading,
                  diagnostics: Diagnostics) -> dict[str, Environment]:
    """An environment per translation language, with its words: made again only when the
    default's is (a layout or a catalogue changed)."""
    if reading.language_envs[0] is not env:
        reading.language_envs = (env, {})
    known = reading.language_envs[1]
    for code in config.translation_languages:
        if code not in known:
            problems = Diagnostics()
            messages = read_catalogues(catalogue_files(layout_dirs(source)), source, problems)
            known[code] = (make_environment(source, words_for(code, messages, problems)),
                           [d for d in problems.items if not d.is_error])
        diagnostics.extend(known[code][1])
    return {code: made for code, (made, _) in known.items()}
