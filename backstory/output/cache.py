"""The build cache: what the last `backstory build` parsed and what each page read, on disk, so
that the next build parses only changed files and renders only the pages a change affects.

It lives with the output folder's record in the site's state folder (state.py:
`.backstory/outputs/<output>/cache/`), never in the output folder: it holds drafts, and the output
folder is what users upload. It is trusted only when everything matches: its format,
Backstory's own code, Python, the build's settings, a checksum of its bytes, and every file of
the output folder as the last build left it (size and time). Anything else, or a file that
does not unpickle, and the build is a clean one, which writes a fresh cache.

It is a pickle, so it is as trusted as the site's own folder: whoever can write there can
already change the published site. It is read only as a regular file of bounded size (a FIFO or
a link to a device there is no cache, not a build that hangs). `backstory build --no-cache`
neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..version import __version__
from .state import read_bounded

FORMAT = 2  # bump when what is pickled changes shape
_MAGIC = b"backstory-cache\n"

MAX_BYTES = 8 << 30  # one cache file: far above a 50,000-article site's shards
Stamps = dict[str, tuple[int, int]]  # output path -> (size, mtime in ns)


def cache_key(source: Path, settings: tuple) -> str:
    """Everything a cached build depends on besides the sources: a change of any starts over."""
    digest = hashlib.sha256()
    for part in (FORMAT, __version__, sys.version, sys.implementation.cache_tag,
                 str(source.resolve()), settings):
        digest.update(repr(part).encode() + b"\0")
    digest.update(_code_digest())
    return digest.hexdigest()


def _code_digest() -> bytes:
    """Backstory's own code: an edited checkout must not reuse what older code made."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # backstory/, every folder of it
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def cache_path(folder: Path, name: str = "build") -> Path:
    return folder / f"{name}.pickle"


INCOMING = "incoming"


def incoming(folder: Path) -> Path:
    """An empty folder for shards written while a build renders (save_shard), moved into the
    cache by the next save() once the build has succeeded: until then the cache is as it was."""
    drop_incoming(folder)
    path = folder / INCOMING
    path.mkdir(parents=True)
    return path


def drop_incoming(folder: Path) -> None:
    shutil.rmtree(folder / INCOMING, ignore_errors=True)


def save(folder: Path, key: str, state: Any, shards: dict[str, Any],
         unchanged: dict[str, str]) -> dict[str, str]:
    """Write the changed shards, then the state naming the checksum of every shard (changed
    ones and `unchanged`, name -> checksum, some of them waiting in the incoming folder): a
    reader finds the old state with the old shards, or the new with the new, never a mix.
    Returns every shard's checksum."""
    folder.mkdir(parents=True, exist_ok=True)
    waiting = folder / INCOMING
    if waiting.is_dir():
        for path in sorted(waiting.iterdir()):
            if path.suffix == ".pickle":
                os.replace(path, folder / path.name)
        drop_incoming(folder)
    checksums = dict(unchanged)
    for name, value in shards.items():
        checksums[name] = _write(folder, name, key, value)
    _write(folder, "build", key, {"shards": checksums, "state": state})
    return checksums


def save_shard(folder: Path, key: str, name: str, value: Any) -> str:
    """Write one shard ahead of save(), which must then name it among `unchanged`."""
    folder.mkdir(parents=True, exist_ok=True)
    return _write(folder, name, key, value)


def _write(folder: Path, name: str, key: str, value: Any) -> str:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.sha256(payload).hexdigest()
    temporary = folder / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(_MAGIC + key.encode() + b"\n" + checksum.encode() + b"\n")
            handle.write(payload)
        os.replace(temporary, folder / f"{name}.pickle")
    finally:
        temporary.unlink(missing_ok=True)
    return checksum


def load(folder: Path, key: str, trusted: Callable[[Any], bool] = lambda state: True
         ) -> tuple[Any, dict[str, Any], dict[str, str]] | None:
    """(state, shards by name, their checksums) saved under this key, or None: missing, for
    other code or settings, damaged, its shards not the ones it was saved with, or a state that
    `trusted` refuses (asked before the shards, most of the cache, are read)."""
    main = _read(cache_path(folder), key)
    if main is None:
        return None
    try:
        checksums, state = main[1]["shards"], main[1]["state"]
        if not trusted(state):
            return None
        shards = {}
        for name, checksum in checksums.items():
            shard = _read(cache_path(folder, name), key)
            if shard is None or shard[0] != checksum:
                return None
            shards[name] = shard[1]
    except (TypeError, KeyError, AttributeError):
        return None
    return state, shards, checksums


def _read(path: Path, key: str) -> tuple[str, Any] | None:
    data = read_bounded(path, MAX_BYTES)
    if data is None or not data.startswith(_MAGIC):
        return None
    header_end = data.find(b"\n", data.find(b"\n", len(_MAGIC)) + 1)
    if header_end < 0:
        return None
    saved_key, _, checksum = data[len(_MAGIC):header_end].partition(b"\n")
    payload = memoryview(data)[header_end + 1:]
    if saved_key != key.encode() or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        return checksum.decode(), pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a cache that does not load is no cache
        return None


def discard(folder: Path) -> None:
    """Forget the cache: the output changed in a way it does not describe. (Its shards mean
    nothing without the state that names them.)"""
    try:
        cache_path(folder).unlink(missing_ok=True)
    except OSError:
        pass


def stamps(out: Path, files: list[str]) -> Stamps | None:
    """Size and time of each output file; None when one is missing."""
    found: Stamps = {}
    root = str(out)  # no Path per file: a build may have written tens of thousands
    for relative in files:
        try:
            info = os.stat(f"{root}/{relative}")
        except OSError:
            return None
        found[relative] = (info.st_size, info.st_mtime_ns)
    return found
