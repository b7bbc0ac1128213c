"""The build cache's content: Memory saved in shards beside an output, and restored from them.

output/cache.py knows the files (format, checksums, what makes a cache stale); this module
knows what goes in them. Parses go in CACHE_SHARDS shards by path, what pages read and
fingerprints in as many again, and only shards whose content changed are written: editing one
article rewrites a 64th of them.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..content.model import Translation
from ..output import cache
from ..output.state import OutputRecord
from ..text.mentions import Mentions
from .memory import Memory, Settings

CACHE_SHARDS = 64


def cache_key(settings: Settings) -> str:
    """The key a cache must carry to be used by a build with these settings (it reads every
    file of Backstory's code: worked out once a build)."""
    return cache.cache_key(settings.source, (settings.drafts, settings.base_url, settings.hash_assets))


def save_cache(settings: Settings, memory: Memory, record: OutputRecord, files: Iterable[str],
               known: dict[str, tuple[int, int]] | None = None,
               written: set[str] = frozenset()) -> None:
    """Keep this build's state with its output's record; a build that cannot is still good.
    `known` is the output as a scan found it before this build wrote `written`."""
    files = set(files)
    # Stat only what this build wrote; the rest is as the scan before it found it.
    fresh = files if known is None else written | (files - known.keys())
    stats = cache.stamps(record.out, sorted(fresh))
    outputs = None if stats is None else {
        name: stats[name] if name in fresh else known[name] for name in sorted(files)}
    folder = record.cache
    if outputs is None:
        cache.discard(folder)
        return
    synced = memory.cached
    shards: dict[str, Any] = {**record_shards(memory), **_deps_shards(memory)}
    changed, unchanged = {}, {}
    dirty = None if synced.deps_changed is None else {
        f"deps-{_shard_of(key)}" for key in synced.deps_changed}
    for name, content in shards.items():
        had = synced.shards.get(name)
        if had is not None and dirty is not None and name.startswith("deps-") \
                and name not in dirty:
            unchanged[name] = had[1]  # no page or print of it changed: as it was
        elif had is not None and _same_shard(had[0], content):
            unchanged[name] = had[1]
        else:
            changed[name] = content
    last = memory.last
    state = {"names": memory.reading.mentions.names(), "layouts": last.layouts,
             "translation_names": {code: found.names() for code, found
                                   in memory.reading.translation_mentions.items()},
             "config": last.config, "files": last.files, "outputs": outputs}
    if not changed and state == synced.state:
        return  # as it was: nothing to write
    try:
        checksums = cache.save(folder, cache_key(settings), state, changed, unchanged)
    except (OSError, pickle.PicklingError):
        cache.discard(folder)
        return
    synced.shards = {name: (content, checksums[name]) for name, content in shards.items()}
    synced.state = state


def record_shards(memory: Memory) -> dict[str, list[tuple]]:
    """The cache's shards of parses: (path, parse entry, mentions entry, source file)."""
    reading = memory.reading
    shards: dict[str, list[tuple]] = {f"records-{n:02}": [] for n in range(CACHE_SHARDS)}
    done = reading.mentions.done()
    translated = {code: found.done() for code, found in reading.translation_mentions.items()}
    for shown, entry in reading.parsed.items():
        # A translation's mentions are its language's (pipeline/translations.py), by the same slug.
        language = getattr(entry[1], "language", None)
        of = translated.get(language, {}) if language else done
        mention = of.get(entry[1].slug) if entry[1] is not None else None
        if mention is not None and mention[0] is not entry[1]:
            mention = None  # another file's record under the same slug: not this one's
        shards[f"records-{_shard_of(shown)}"].append(
            (shown, entry, mention, reading.sources.get(shown)))
    return shards


def _deps_shards(memory: Memory) -> dict[str, dict]:
    """The cache's shards of what each page read and each record's fingerprint."""
    shards = {f"deps-{n:02}": {"pages": {}, "prints": {}} for n in range(CACHE_SHARDS)}
    for output, deps in memory.last.pages.items():
        shards[f"deps-{_shard_of(output)}"]["pages"][output] = deps
    for key, value in memory.last.fingerprints.items():
        shards[f"deps-{_shard_of(key)}"]["prints"][key] = value
    return shards


def save_shard_task(key: str, folder: Path, name: str, content: list) -> Callable[[], tuple]:
    """Writing one shard of parses into `folder` (the cache's incoming shards) under the cache
    key `key`, as side work for the render's worker processes: the parses do not change while
    pages render. Gives (name, checksum or None)."""
    def save() -> tuple:
        try:
            return name, cache.save_shard(folder, key, name, content)
        except (OSError, pickle.PicklingError):
            return name, None  # save_cache tries again, or goes without a cache
    return save


def restore(memory: Memory, state: dict, shards: dict[str, Any], checksums: dict[str, str]) -> None:
    """Memory as save_cache() left it, from the cache's state and shards."""
    records = [item for name, shard in shards.items() if name.startswith("records-")
               for item in shard]
    deps = [shard for name, shard in shards.items() if name.startswith("deps-")]
    records.sort(key=lambda item: item[0])  # any stable order: looked up by path
    reading, last = memory.reading, memory.last
    reading.sources = {shown: source for shown, _, _, source in records}
    reading.parsed = {shown: entry for shown, entry, _, _ in records}
    reading.mentions.restore(state["names"], {mention[0].slug: mention for _, _, mention, _ in records
                                              if mention and not isinstance(mention[0], Translation)})
    reading.translation_mentions = {}
    for code, names in state.get("translation_names", {}).items():
        found = reading.translation_mentions[code] = Mentions()
        found.restore(names, {mention[0].slug: mention for _, _, mention, _ in records
                              if mention and getattr(mention[0], "language", None) == code})
    last.pages = {output: page for shard in deps for output, page in shard["pages"].items()}
    last.fingerprints = {key: value for shard in deps for key, value in shard["prints"].items()}
    last.layouts, last.config, last.files = state["layouts"], state["config"], state["files"]
    memory.cached.shards = {name: (shard, checksums[name]) for name, shard in shards.items()}
    memory.cached.state = state


def _same_shard(old, new) -> bool:
    """Whether a cache shard holds what it held. Parses and mentions are kept as the very same
    objects while their files and the site's names stay the same: compared by identity."""
    if isinstance(old, dict):
        return old == new
    return len(old) == len(new) and all(
        a[0] == b[0] and a[1][0] == b[1][0] and a[1][1] is b[1][1] and a[2] is b[2]
        and a[3] == b[3] for a, b in zip(old, new, strict=True))


def _shard_of(key: str) -> str:
    return f"{zlib.crc32(key.encode()) % CACHE_SHARDS:02}"
