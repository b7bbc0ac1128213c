"""Loading translations: each parsed with its language's parser and checked against its
original (content/translatedfields.py), its prose's names matched against that language's
names, and kept on the Site by (type, slug, language) with the published record it translates.

Each language has its own names: a record's translation into it gives its name (or title) and
aliases there; a record not translated into it is known by its original's. A Russian alias
links Russian prose only, and the original's aliases the default language's. Nothing here is
rendered: pages read Site.translations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..content.config import Config
from ..content.model import NAMED_TYPES, Event, Record, Site, Translation
from ..content.sources import SourceFile, reread, unread
from ..content.translatedfields import parse_translation, with_fallbacks
from ..errors import Diagnostics
from ..graph.resolve import links_from
from ..text.markdown import parser_for
from ..text.mentions import Mentions
from .memory import Reading
from .parallel import run_shared


def translation_key(file: SourceFile, original: SourceFile | None, config: Config) -> tuple:
    """What a translation's parse depends on: its bytes, its original's (which it is checked
    against), and the settings that change how files read."""
    return (file.digest, original.digest if original is not None else ""), config.reading_key


def load_translations(reading: Reading, config: Config, files: list[SourceFile], entries: list[tuple],
                      named: dict[str, Record], jobs: int, diagnostics: Diagnostics
                      ) -> dict[tuple[str, str, str], Translation]:
    """Every translation among `files` parsed (or taken from the cache) and linked: their parse
    cache entries go into `entries` (by index, as load.py keeps them) and their files, read,
    into `files`. `named` are the published records prose may name, as parsed. Gives the
    linked translations by (type, slug, language)."""
    by_shown = {file.shown: file for file in files}
    parsers = {code: parser_for(config, code) for code in config.translation_languages}
    todo = [i for i, file in enumerate(files) if file.language is not None]
    first = [i for i in todo if files[i].type in NAMED_TYPES]  # their names are the language's
    rest = [i for i in todo if files[i].type not in NAMED_TYPES]

    def entry(i: int) -> tuple[SourceFile, tuple]:
        file = files[i]
        return translated_entry(reading, file, by_shown.get(file.original), config, parsers[file.language])

    _parse(first, entry, files, entries, jobs)
    mentions = {code: reading.translation_mentions.get(code) or Mentions()
                for code in config.translation_languages}
    reading.translation_mentions = mentions
    own_paths = {files[i].shown for i in todo}
    for code, matcher in mentions.items():
        translated = {entries[i][1].slug: entries[i][1] for i in first
                      if files[i].language == code and entries[i][1] is not None}
        naming = Diagnostics()
        matcher.begin(names_in_language(named, translated), config.autolink, naming)
        # A name two originals claim is reported once, by the default language's round.
        diagnostics.extend(d for d in naming.items if d.path in own_paths)
    linked: dict[tuple[str, str, str], Translation] = {}

    def link(i: int) -> None:
        file, parsed = files[i], entries[i]
        if parsed[1] is not None:
            kept, done = mentions[file.language].link(parsed[1], parsers[file.language])
            entries[i] = (parsed[0], kept, *parsed[2:])
            linked[(file.type, file.slug, file.language)] = done

    for i in first:
        link(i)

    # Files parsed before need no worker (whose results would come back as copies, new to
    # the cache): they are linked here, and only the rest parsed, by all the cores.
    unparsed = []
    for i in rest:
        cached = cached_translation(reading, files[i], by_shown.get(files[i].original), config)
        if cached is not None:
            entries[i] = cached
            link(i)
        else:
            unparsed.append(i)

    def parse_and_link(n: int) -> tuple:
        file, parsed = entry(unparsed[n])
        if parsed[1] is None:
            return file, parsed, None, None
        matcher = mentions[file.language]
        kept, done = matcher.link(parsed[1], parsers[file.language])
        return file, (parsed[0], kept, *parsed[2:]), done, matcher.hand_over(done)

    for i, (file, parsed, done, handed) in zip(unparsed, run_shared(len(unparsed), parse_and_link, jobs),
                                               strict=True):
        files[i], entries[i] = file, parsed
        if done is not None:
            linked[(file.type, file.slug, file.language)] = done
            mentions[file.language].adopt(handed)
    for code, matcher in mentions.items():
        matcher.end(sorted(slug for kind, slug, language in linked if language == code))
    return linked


def cached_translation(reading: Reading, file: SourceFile, original: SourceFile | None,
                       config: Config) -> tuple | None:
    """The translation's parse cache entry while neither it nor its original changed."""
    cached = reading.parsed.get(file.shown)
    return cached if cached is not None and cached[0] == translation_key(file, original, config) else None


def translated_entry(reading: Reading, file: SourceFile, original: SourceFile | None, config: Config,
                     md) -> tuple[SourceFile, tuple]:
    """The translation as read (without its text) and its parse cache entry, as
    load.parsed_entry gives an original's: from the cache while neither it nor its original
    changed."""
    cached = cached_translation(reading, file, original, config)
    if cached is not None:
        return file, cached
    own = Diagnostics()
    if file.text is None:
        file = reread(file, own if unread(file) else Diagnostics()) or file
    key = translation_key(file, original, config)
    record = parse_translation(file, original, md, own, config) if file.text is not None else None
    return (file if file.text is None else replace(file, text=None)), (key, record, tuple(own.items), None)


def names_in_language(named: dict[str, Record], translated: dict[str, Translation]) -> dict[str, Record]:
    """The records prose in a language can name, each under the names it has there: its
    translation's name (or title) and aliases, placed in the translation; the original's where
    it has no translation into the language."""
    found = {}
    for slug, record in named.items():
        translation = translated.get(slug)
        if translation is None or translation.type != record.type:
            found[slug] = record
            continue
        label = "title" if isinstance(record, Event) else "name"
        found[slug] = replace(record, path=translation.path, aliases=translation.aliases,
                              name_places=translation.name_places,
                              **{label: translation.text(label) or record.label})
    return found


def attach_translations(site: Site, linked: dict[tuple[str, str, str], Translation],
                        index: dict[str, Record], diagnostics: Diagnostics,
                        broken: set[str] = frozenset()) -> Site:
    """The site with the translations of its published records, each required text it leaves
    out taken from the original; the links in their bodies checked as the originals' are."""
    if not linked:
        return site
    kept = {}
    for key in sorted(linked):
        translation = linked[key]
        original = site.records.get(translation.slug)
        if original is None or original.type != translation.type:
            continue  # a draft, or a file that failed: its translations go with it
        links_from(translation, index, site.records, diagnostics, broken)
        kept[key] = with_fallbacks(translation, original)
    return replace(site, translations=kept)


def _parse(todo: list[int], entry: Callable[[int], tuple], files: list[SourceFile], entries: list[tuple],
           jobs: int) -> None:
    for i, (file, parsed) in zip(todo, run_shared(len(todo), lambda n: entry(todo[n]), jobs), strict=True):
        files[i], entries[i] = file, parsed
