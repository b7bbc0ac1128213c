"""What one build leaves for the next: the settings a Builder was made with, and plain state.

Stages are functions over these (load.py, cold.py, warm.py, update.py, patch.py); only they
change it, and nothing here does anything. Three parts, by how long each stays true:
`Reading` is what the last load read (kept even when that build failed), `LastBuild` is the
last good build an update compares against, and `CacheSync` is what the cache on disk holds.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..pages.deadline import PAGE_SECONDS
from ..text.mentions import Mentions

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..content.model import Record
    from ..content.sources import SourceFile
    from ..graph.addresses import Landing
    from ..graph.deps import PageDeps
    from ..pages.plan import PageSpec
    from .load import Loaded


@dataclass(frozen=True, slots=True)
class Settings:
    """How a Builder builds, fixed when it is made."""

    source: Path
    drafts: bool = False
    base_url: str | None = None
    # Pages link assets by names that carry a content hash, so hosts can cache them forever;
    # the preview turns it off, so a stylesheet edit swaps in without a reload.
    hash_assets: bool = True
    # Processes that parse and render (parallel.py); the output is the same for any number.
    jobs: int = 1
    # Keep what a build parsed and what each page read beside the site (output/state.py), and
    # start from it next time (output/cache.py). The CLI's builds do; other callers ask for it.
    cache: bool = False
    # Record what a build wrote, so the next deletes nothing else; off for a private folder
    # that is thrown away (`check`'s).
    keep_record: bool = True
    # The longest a page may take to render before it is an error (pages/deadline.py).
    page_seconds: float | None = PAGE_SECONDS
    # Build into an output folder that holds files no build recorded, replacing them.
    force: bool = False


@dataclass(slots=True)
class Reading:
    """What the last load read, parsed and checked, so the next rereads only what changed."""

    # shown path -> ((digest, raw_html), record or None, its diagnostics, part digests)
    parsed: dict[str, tuple] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)  # shown path -> as last read
    mentions: Mentions = field(default_factory=Mentions)
    # Each translation language's names and linked bodies (translations.py), by code.
    translation_mentions: dict[str, Mentions] = field(default_factory=dict)
    # (digests of the layouts, their environment, its problems): made again when one changes.
    environment: tuple[dict, Environment, list] | None = None
    # Per environment: each layout's closure (deps.layout_closure), and its ids (addresses.py).
    closures: tuple[Environment | None, dict[str, frozenset[str]]] = (None, {})
    # Made with the environment above: each translation language's, with its words, and the
    # warnings its catalogue gave (pipeline/languages.py).
    language_envs: tuple[Environment | None, dict[str, tuple[Environment, list]]] = (None, {})
    layout_ids: tuple[Environment | None, dict] = (None, {})
    # For the fast path (patch.py): every record by slug, each record's valid references, what
    # body addresses may name, and slug -> the records with an #anchor on it.
    index: dict[str, Record] = field(default_factory=dict)
    links: dict[str, list] = field(default_factory=dict)
    landing: Landing | None = None
    anchors_into: dict[str, set[str]] = field(default_factory=dict)
    # A build that keeps no cache keeps its pictures' copies here while the Builder lives
    # (pipeline/pictures.py); deleted with it. Never pickled: a cached build has none.
    picture_folder: tempfile.TemporaryDirectory | None = None


@dataclass(slots=True)
class LastBuild:
    """The last good build: the baseline an update compares against."""

    loaded: Loaded | None = None  # None before a build, or after one that failed
    pages: dict[str, PageDeps] = field(default_factory=dict)  # output -> what it read
    fingerprints: dict[str, tuple] = field(default_factory=dict)
    layouts: dict[str, str] = field(default_factory=dict)  # layout -> digest
    config: tuple | None = None  # deps.config_key; None before any build
    files: dict[str, str] = field(default_factory=dict)  # copied output path -> source digest
    file_sources: dict[str, Path] = field(default_factory=dict)  # copied output path -> source
    specs: dict[str, PageSpec] = field(default_factory=dict)
    # Who read what (incremental.readers_index), made when first needed.
    readers: dict[str, set[str]] | None = None


@dataclass(slots=True)
class CacheSync:
    """What the build cache on disk holds, so that a save writes only what changed."""

    shards: dict[str, tuple[object, str]] = field(default_factory=dict)  # name -> (content, checksum)
    state: dict | None = None
    # Keys (outputs, fingerprint keys) the last update may have changed in the deps shards;
    # None for "any": only their shards need comparing.
    deps_changed: set[str] | None = None


@dataclass(slots=True)
class Memory:
    """Everything a Builder keeps between builds."""

    reading: Reading = field(default_factory=Reading)
    last: LastBuild = field(default_factory=LastBuild)
    cached: CacheSync = field(default_factory=CacheSync)
