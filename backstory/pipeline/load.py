"""Loading: read, parse, link names and resolve every source into a checked Site.

Files whose bytes did not change since the last load are not parsed again; the rest are
parsed across the cores. Layouts are compiled and checked here too, so that every mistake in
content or layouts is known before a single page renders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment

from ..content.config import Config, load_config
from ..content.frontmatter import parse_source
from ..content.model import NAMED_TYPES, Record, Site
from ..content.sources import SourceFile, read_sources, reread, unread
from ..errors import Diagnostics
from ..graph.addresses import anchors_into, check_addresses, landing
from ..graph.deps import layout_closure, layout_digests, message_digests
from ..graph.resolve import resolve
from ..pages.plan import PageSpec
from ..pages.render import check_layouts, layout_dirs, layout_files, make_environment
from ..pages.urls import Edition
from ..pages.words import catalogue_files, check_used_ids, credit_words, read_catalogues, words_for
from ..text.markdown import parser_for
from .files import asset_files, asset_links, static_files
from .languages import InLanguage, in_languages
from .memory import Memory, Reading, Settings
from .parallel import run_shared
from .pictures import Pictures, picture_store, pictures_of
from .results import Reporter
from .translations import attach_translations, load_translations


@dataclass(slots=True)
class Loaded:
    """A loaded site: everything a render needs, and every problem found while loading."""

    config: Config
    site: Site
    env: Environment
    digests: dict[str, tuple[str, str]]  # slug -> digests of its front matter and its body
    diagnostics: Diagnostics
    # Each asset's plain output path -> the path pages link (with a content hash, or the same).
    assets: dict[str, str] = field(default_factory=dict)
    # The files the build copies, listed once per load: output path -> source file.
    asset_files: dict[str, Path] = field(default_factory=dict)
    static_files: dict[str, Path] = field(default_factory=dict)
    # The files under static/ pages show as pictures, and their variants (pictures.py).
    pictures: Pictures = field(default_factory=Pictures)
    # A site in several languages: what each language's pages render from, by code (the
    # default's among them); {} for a site in one language (languages.py).
    languages: dict[str, InLanguage] = field(default_factory=dict)

    def for_page(self, spec: PageSpec) -> tuple[Site, Config, Environment, Edition | None]:
        """What the page renders from: its language's site, settings, layouts and paths."""
        shown = self.languages.get(spec.language) if spec.language else None
        if shown is None:
            return self.site, self.config, self.env, None
        return shown.site, shown.config, shown.env, shown.edition


def load(settings: Settings, memory: Memory, changed: set[str] = frozenset(),
         reporter: Reporter | None = None) -> Loaded:
    """Read and check everything a build needs; reparse only files whose bytes changed.

    `changed` names files (relative to the source) to read again whatever their stamps say.
    """
    reading = memory.reading
    diagnostics = Diagnostics()
    config = load_config(settings.source, diagnostics, settings.base_url)
    # Bodies read the words their figures' credits may start with from the catalogues.
    config = replace(config, credit_words=credit_words(
        catalogue_files(layout_dirs(settings.source)), settings.source,
        (config.language, *config.translation_languages)))
    md = parser_for(config)
    # Files new to this Builder (all of them, in a clean build) are read where they are
    # parsed: in the worker processes, most of them.
    files = read_sources(settings.source, diagnostics, reading.sources, changed, defer=True,
                         languages=tuple(lang.code for lang in config.languages))
    # Actors and events first: their names are what every body is matched against. Then
    # each body is matched and compiled as soon as it is parsed, and its tokens dropped;
    # articles, most of the work, spread over the cores (parallel.py).
    # Translations (translations.py) after every original: they are checked against them.
    named = [i for i, file in enumerate(files) if file.type in NAMED_TYPES and file.language is None]
    others = [i for i, file in enumerate(files) if file.type not in NAMED_TYPES and file.language is None]
    entries: list[tuple] = [()] * len(files)  # each file's parse cache entry
    found: list[Record | None] = [None] * len(files)

    def reading_progress(before: int) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            if reporter is not None:
                reporter.progress("reading", before + done, len(files))
        return progress

    todo = []
    for i in named:
        cached = cached_entry(reading, files[i], config)
        if cached is not None:
            entries[i] = cached
        else:
            todo.append(i)

    def parse(n: int) -> tuple[SourceFile, tuple]:
        return parsed_entry(reading, files[todo[n]], config, md)

    for i, (file, entry) in zip(todo, run_shared(len(todo), parse, settings.jobs,
                                                 progress=reading_progress(len(named) - len(todo))),
                                strict=True):
        files[i], entries[i] = file, entry
    naming = Diagnostics()
    named_records = {r.slug: r for r in (entries[i][1] for i in named)
                     if r is not None and (settings.drafts or not r.draft)}
    reading.mentions.begin(named_records, config.autolink, naming)
    for i in named:
        entries[i], found[i] = _linked(reading, entries[i], md)

    # Files parsed before need no worker: their records are linked here (cheaply, unless
    # names changed), and only the rest are parsed, by all the cores.
    unparsed = []
    for i in others:
        cached = cached_entry(reading, files[i], config)
        if cached is not None:
            entries[i], found[i] = _linked(reading, cached, md)
        else:
            unparsed.append(i)

    def parse_and_link(n: int) -> tuple:
        file, entry = parsed_entry(reading, files[unparsed[n]], config, md)
        entry, record = _linked(reading, entry, md)
        return file, entry, record, reading.mentions.hand_over(record)

    for i, (file, entry, record, mentioned) in zip(
            unparsed, run_shared(len(unparsed), parse_and_link, settings.jobs,
                                 progress=reading_progress(len(files) - len(unparsed))),
            strict=True):
        files[i], entries[i], found[i] = file, entry, record
        if mentioned is not None:
            reading.mentions.adopt(mentioned)  # found here or in a worker process
    reading.mentions.end([record.slug for record in found if record is not None])
    translated = load_translations(reading, config, files, entries, named_records, settings.jobs,
                                   naming)
    reading.sources = {file.shown: file if file.text is None else replace(file, text=None)
                       for file in files}
    reading.parsed = {file.shown: entry for file, entry in zip(files, entries, strict=True)}
    broken = {file.slug for file, entry in zip(files, entries, strict=True)
              if entry[1] is None and file.language is None}
    digests = {r.slug: entry[3] for r, entry in zip(found, entries, strict=True) if r is not None}
    for entry in entries:
        diagnostics.extend(entry[2])
    diagnostics.extend(naming.items)
    records = [record for record in found if record is not None]
    reading.links = {}
    site = resolve(records, diagnostics, include_drafts=settings.drafts, broken=broken,
                   links=reading.links)
    index = {record.slug: record for record in reversed(records)}
    site = attach_translations(site, translated, index, diagnostics, broken)
    reading.index = index
    env = layouts_environment(settings.source, memory, diagnostics, config.language)
    # Anchors, links and images in bodies, checked where they are written (addresses.py).
    if reading.layout_ids[0] is not env:  # layouts changed: a new environment
        reading.layout_ids = (env, {})
    assets = asset_files(settings.source, diagnostics)
    static = static_files(settings.source, diagnostics)
    pictures = pictures_of(lambda: picture_store(settings.source, settings.cache, reading), site,
                           static, settings.jobs, None if reporter is None
                           else lambda done, total: reporter.progress("pictures", done, total))
    reading.landing = landing(site, config, env, static, assets,
                              lambda env, layout: closure_of(reading, env, layout),
                              reading.layout_ids[1], pictures.shown)
    reading.anchors_into = anchors_into(check_addresses(site, reading.landing, diagnostics))
    languages = in_languages(site, config, env, digests, settings.source, reading, diagnostics)
    return Loaded(config, site, env, digests, diagnostics,
                  asset_links(assets, settings.hash_assets), assets, static, pictures, languages)


def cached_entry(reading: Reading, file: SourceFile, config: Config) -> tuple | None:
    """The file's parse cache entry while its bytes and the settings it reads are the same."""
    cached = reading.parsed.get(file.shown)
    return cached if cached is not None and cached[0] == parse_key(file, config) else None


def parsed_entry(reading: Reading, file: SourceFile, config: Config, md) -> tuple[SourceFile, tuple]:
    """The file as read (without its text), and its parse cache entry: (cache key, record as
    parsed or None, its diagnostics, digests of its two parts), from the cache while the
    file's bytes and the Markdown settings are the same."""
    cached = cached_entry(reading, file, config)
    if cached is not None:
        return file, cached
    own = Diagnostics()
    if file.text is None:  # listed unread, or kept without its text since it was parsed
        file = reread(file, own if unread(file) else Diagnostics()) or file
    key = parse_key(file, config)
    record = parse_source(file, md, own, config) if file.text is not None else None
    entry = (key, record, tuple(own.items), part_digests(file.text or "", record))
    return (file if file.text is None else replace(file, text=None)), entry


def parse_key(file: SourceFile, config: Config) -> tuple:
    """What a parse depends on: the file's bytes and the settings that change how it reads."""
    return file.digest, config.reading_key


def _linked(reading: Reading, entry: tuple, md) -> tuple[tuple, Record | None]:
    """The cache entry holding the record without tokens, and the record as linked."""
    if entry[1] is None:
        return entry, None
    kept, linked = reading.mentions.link(entry[1], md)
    return (entry[0], kept, *entry[2:]), linked


def part_digests(text: str, record: Record | None) -> tuple[str, str] | None:
    """Digests of a source's front matter and body, apart: what pages read of it (deps.py)."""
    if record is None:
        return None
    body = record.body.source
    front = text[: len(text) - len(body)] if body and text.endswith(body) else text
    return (hashlib.sha256(front.encode()).hexdigest(), hashlib.sha256(body.encode()).hexdigest())


def closure_of(reading: Reading, env: Environment, layout: str) -> frozenset[str]:
    """deps.layout_closure, remembered while the layouts stay the same (it parses them)."""
    if reading.closures[0] is not env:  # layouts changed: a new environment
        reading.closures = (env, {})
    known = reading.closures[1]
    if layout not in known:
        known[layout] = layout_closure(env, layout)
    return known[layout]


def layouts_environment(source: Path, memory: Memory, diagnostics: Diagnostics,
                        language: str = "en") -> Environment:
    """The Jinja environment, with the words of `language` (pages/words.py), made and checked
    again only when a layout or a message catalogue changed."""
    reading = memory.reading
    refused = Diagnostics()  # links out of layouts/: reported by every build, not used
    layouts = layout_files(source, refused)
    catalogues = catalogue_files(layout_dirs(source))
    digests = layout_digests(layouts) | message_digests(catalogues, language)
    diagnostics.extend(refused.items)
    if reading.environment is None or reading.environment[0] != digests:
        problems = Diagnostics()
        messages = read_catalogues(catalogues, source, problems)
        env = make_environment(source, words_for(language, messages, problems))
        # The very layouts the last good build (the cache's) compiled without a problem are
        # not checked again: each is compiled when a page needs it, most never in a small update.
        if reading.environment is not None or digests != memory.last.layouts:
            check_layouts(env, source, problems)
            check_used_ids(env, layouts, source, messages, problems)
        reading.environment = (digests, env, problems.items)
    diagnostics.extend(reading.environment[2])
    return reading.environment[1]
