"""Where Backstory keeps what one build leaves for the next, away from what readers fetch.

A site's bookkeeping lives in `.backstory/` beside its site.yaml (as Astro's `.astro/`), one
folder per output folder: the list of files the last build wrote there (the manifest, which
lets a build delete its own old files and nothing else), the build cache (cache.py), which holds
drafts, and the journal of a commit under way (journal.py). The output folder itself holds only
the site, so it can be uploaded as it is. Where the site's folder cannot be written (a read-only
checkout), the same layout goes to the user's cache folder instead.

A build into an output folder holds a lock on it (an advisory `flock` on the folder itself, so
nothing is added to what readers fetch): a second build waits for the first instead of taking its
staging folder for leftovers.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]

STATE_DIR = ".backstory"
# A cache directory by the convention backup tools read (https://bford.info/cachedir/).
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# Backstory's build records and cache: rebuilt by `backstory build`.\n")
_IGNORE_ALL = "# made by backstory: nothing here belongs in version control\n*\n"
# What earlier versions kept inside the output folder: taken over once, then removed from it.
LEGACY_MANIFEST = ".backstory-manifest.json"
LEGACY_CACHE = ".backstory-cache"
MAX_RECORD_BYTES = 256 << 20  # a manifest or journal: far above any real site's


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """The bookkeeping of one output folder, in the site's state folder."""

    out: Path  # the output folder, resolved
    folder: Path  # .backstory/outputs/<name>/

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def journal(self) -> Path:
        return self.folder / "journal.json"

    @property
    def cache(self) -> Path:
        return self.folder / "cache"

    def written_files(self) -> set[str]:
        """Every file the last build wrote into the output folder: from the manifest, or from
        the one an earlier version left inside the output folder."""
        for path in (self.manifest, self.out / LEGACY_MANIFEST):
            data = read_json(path)
            if isinstance(data, dict) and isinstance(data.get("files"), list):
                return {str(name) for name in data["files"]}
        return set()

    def save_manifest(self, files) -> None:
        """Record what the build wrote, atomically: the next build deletes nothing else."""
        write_json(self.manifest, {"generator": "backstory", "out": str(self.out),
                                   "files": sorted(files)})
        where = self.folder / "out.txt"  # where the output is, read without the long list
        if not where.exists():
            where.write_text(str(self.out), encoding="utf-8")


def state_folder(source: Path) -> Path:
    """The site's own state folder, made on first use: `.backstory/` beside site.yaml, or the
    user's cache folder when the site's folder cannot be written."""
    own = source.resolve() / STATE_DIR
    try:
        _make_state_folder(own)
        return own
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    fallback = cache_home / "backstory" / "sites" / f"{source.resolve().name}-{digest}"
    _make_state_folder(fallback)
    return fallback


def _make_state_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((".gitignore", _IGNORE_ALL), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        path = folder / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")


def output_record(source: Path, out: Path) -> OutputRecord:
    """The record of builds into `out` (resolved). An output inside the site is named by its
    path there (`site`, `pub%2Fen`), so that moving or renaming the site's folder keeps its
    record; one outside by its name and a digest of its whole path (`public@1a2b3c4d5e6f`).
    Quoting keeps every name apart: no two output folders share a record."""
    source_real, out_real = source.resolve(), out.resolve()
    if out_real.is_relative_to(source_real):
        name = quote(out_real.relative_to(source_real).as_posix(), safe="")
    else:
        digest = hashlib.sha256(str(out_real).encode()).hexdigest()[:12]
        name = f"{quote(out_real.name or 'root', safe='')}@{digest}"
    return OutputRecord(out_real, state_folder(source) / "outputs" / name)


def forget_gone_outputs(record: OutputRecord, source: Path) -> None:
    """Drop the caches of output folders that no longer exist (a test's, one moved aside):
    a cache is trusted only with its output, so theirs can never be used again. Their lists of
    files stay (a few kilobytes): a drive unmounted for now is not a folder forgotten."""
    outputs = record.folder.parent
    try:
        entries = list(os.scandir(outputs))
    except OSError:
        return
    for entry in entries:
        if entry.path == str(record.folder) or not entry.is_dir(follow_symlinks=False):
            continue
        if "@" in entry.name:
            where = read_bounded(Path(entry.path) / "out.txt", 64 << 10)
            out = where.decode("utf-8", "replace") if where else None
        else:
            out = str(source.resolve() / unquote(entry.name))
        if isinstance(out, str) and not os.path.isdir(out):
            shutil.rmtree(Path(entry.path) / "cache", ignore_errors=True)


def read_bounded(path: Path, limit: int = MAX_RECORD_BYTES) -> bytes | None:
    """A regular file's bytes, or None: never waits on a FIFO or a device, never follows a
    link, never reads past `limit` (a cache linked to /dev/zero must not eat the memory)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, left = [], info.st_size
        while left > 0 and (chunk := os.read(handle, min(left, 1 << 24))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks) if left == 0 else None
    except OSError:
        return None
    finally:
        os.close(handle)


def read_json(path: Path):
    data = read_bounded(path)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def write_json(path: Path, value, durable: bool = False) -> None:
    """Write JSON atomically (a temporary file renamed over the old); `durable` also waits for
    the disk, for records a crash must not lose."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(value, handle, indent=0)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the renames in a folder durable (where the system allows it)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextmanager
def output_lock(out: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on the output folder (made if missing) for one build. Another holder makes
    `waiting()` run once, then this waits for it."""
    out.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    handle = os.open(out, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            while True:  # in steps, so that Ctrl+C is seen
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    time.sleep(0.1)
        except OSError as error:  # a file system without locks (some network ones): build anyway
            if error.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL):
                raise
        yield
    finally:
        os.close(handle)  # releases the lock
