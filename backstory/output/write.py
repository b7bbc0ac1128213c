"""Write a build into a staging folder inside the output folder, then swap it in.

A build that fails before its commit leaves the previous output exactly as it was; nothing is
ever written or deleted outside the output folder, and an output folder that holds files
Backstory did not write (or that holds the site's own sources) is refused before a build writes
there. The record of what a build wrote lives outside the output folder (state.py), and the swap
is journaled (journal.py): once it has begun it is finished, by this build or, if it was
stopped, by the next one before anything else.
"""

from __future__ import annotations

import errno
import os
import posixpath
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from ..errors import Diagnostic
from .journal import Plan, commit, is_pending
from .outpaths import is_served_path
from .state import OutputRecord

STAGING_PREFIX = ".backstory-staging-"
_O_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)  # no text mode on Windows
TRASH_PREFIX = ".backstory-trash-"


class UnsafeOutput(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _refuse(out: Path, message: str, hint: str) -> UnsafeOutput:
    return UnsafeOutput(Diagnostic(str(out), 1, 1, message, hint))


def _is_within(path: Path, folder: Path) -> bool:
    return os.path.commonpath([path, folder]) == str(folder)


def check_output_folder(out: Path, source: Path, protected: list[Path]) -> Path:
    """The resolved output folder, or UnsafeOutput when writing there could lose something:
    decided from the paths alone, before anything is made or read there."""
    real = out.resolve()
    source_real = source.resolve()
    home = Path.home().resolve()
    hint = "choose an empty folder of its own, such as site/"
    if real == Path(real.anchor) or real == home or _is_within(home, real):
        raise _refuse(out, f"refusing to write the site into {real}", hint)
    if _is_within(source_real, real):
        raise _refuse(out, "the output folder contains the site's sources", hint)
    for folder in protected:
        folder_real = folder.resolve()
        if _is_within(real, folder_real) or _is_within(folder_real, real):
            raise _refuse(out, f"the output folder overlaps {folder.name}/", hint)
    if real.exists() and not real.is_dir():
        raise _refuse(out, "the output path is a file, not a folder", hint)
    return real


def check_output_contents(out: Path, shown: Path, written: set[str],
                          scanned: dict[str, tuple[int, int]] | None = None,
                          claim: bool = False) -> None:
    """UnsafeOutput when the output folder holds files that no build recorded writing
    (`written`), unless told to `claim` them; `scanned`, when given, receives what scan_output
    found there."""
    if not out.is_dir():
        return
    found = scan_output(out)
    if scanned is not None:
        scanned.update(found)
    foreign = sorted(name for name in found if name not in written)
    if foreign and not claim:
        listed = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise _refuse(shown, f"the output folder holds files Backstory did not write: {listed}",
                      "move them away or choose another folder; Backstory deletes nothing it did "
                      "not write (if this is an earlier build of this site whose record in "
                      ".backstory/ is gone, or a checkout you mean to replace, build with --force)")


def _is_kept(name: str) -> bool:
    """Entries at the top a build never touches: dotfiles (.git, .nojekyll) and a host's CNAME."""
    return name.startswith(".") or name == "CNAME"


def scan_output(out: Path) -> dict[str, tuple[int, int]]:
    """Files and links below out, leaving out what a build never touches (dotfiles and CNAME at
    the top), with their size and time in ns, in one walk:
    the build cache (cache.py) trusts an output folder only as its last build left it."""
    found: dict[str, tuple[int, int]] = {}
    pending = [(str(out), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not prefix and _is_kept(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            found[prefix + entry.name] = (info.st_size, info.st_mtime_ns)
    return found


def safe_join(root: Path, relative: str) -> Path:
    """The path of an output file under root, refusing any that would leave it."""
    path = Path(os.path.normpath(root / _checked(relative)))
    if not _is_within(path, root) or path == root:  # _checked's reasoning, checked again
        raise ValueError(f"unsafe output path {relative!r}")
    return path


def _checked(relative: str) -> str:
    """`relative` when it names a file below the output root that a build may write
    (is_served_path), spelt one way, as in manifests."""
    if (not relative or relative.startswith(("/", "\\")) or "\\" in relative or "\x00" in relative
            or posixpath.normpath(relative) != relative  # no "." or ".." inside, no "//"
            or relative in (".", "..") or relative.startswith("../")):  # the root, or above it
        raise ValueError(f"unsafe output path {relative!r}")
    if not is_served_path(relative):
        raise ValueError(f"output path {relative!r} is reserved")
    return relative


class Staging:
    """A folder inside the output folder that receives one build's files. `record` is where the
    output's bookkeeping lives (None for a private folder, such as `check`'s)."""

    def __init__(self, out: Path, record: OutputRecord | None = None):
        self.out, self.record = out, record
        self.created_out = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        self.root = out / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
        self.root.mkdir()
        self.files: list[str] = []
        self._root = str(self.root)
        self._folders = {self._root}  # made by this process

    def target(self, relative: str) -> Path:
        return safe_join(self.root, relative)

    def write(self, relative: str, data: bytes) -> None:
        self.put(relative, data)
        self.files.append(relative)

    def put(self, relative: str, data: bytes) -> None:
        """Write a file without noting it in `files`: for worker processes, whose notes would
        not reach the parent; the caller notes what they wrote."""
        # Thousands of pages: plain strings and os calls, each page's folder made once.
        # _checked leaves no way out of the staging folder, which the build alone writes in.
        path = f"{self._root}/{_checked(relative)}"
        folder = path.rpartition("/")[0]
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # most pages: one new folder in one that is there
            except FileExistsError:
                pass  # made by another process, or a file in the way: os.open says which
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        # O_EXCL: two pages claiming one path is a bug, never an overwrite.
        write_whole(path, data, os.O_EXCL)

    def adopt(self, relative: str, made: Path) -> None:
        """Move a file made inside the output folder (the search index's) into place: nothing
        copied, nothing left to delete (search.py says why that matters)."""
        path = self.target(relative)
        if os.path.lexists(path):  # as in put(): two sources for one path is a bug
            raise FileExistsError(errno.EEXIST, "written twice", relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, path)
        self.files.append(relative)

    def copy(self, source: Path, relative: str) -> None:
        path = self.target(relative)
        if relative in self.files:  # as in write(): two sources for one path is a bug
            raise FileExistsError(errno.EEXIST, "written twice", relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        copy_whole(source, path)
        self.files.append(relative)

    def commit(self) -> None:
        """Swap the staged build in, top-level entry by entry, and drop what it no longer has;
        journaled, so that a build killed while swapping is finished by the next one."""
        previous = self.record.written_files() if self.record is not None else set()
        trash = f"{TRASH_PREFIX}{uuid.uuid4().hex[:12]}"
        staged = sorted(os.listdir(self.root))
        plan = Plan(moves=[(f"{self.root.name}/{name}", name, f"{trash}/{name}") for name in staged],
                    removals=[(name, f"{trash}/{name}") for name in
                              sorted({n.split("/", 1)[0] for n in previous} - set(staged))
                              if not _is_kept(name)],
                    manifest=list(self.files), cleanup=[self.root.name, trash])
        commit(self.out, plan, self.record)

    def abort(self) -> None:
        """Drop the staged files; the previous output stays exactly as it was. (Unless a commit
        was stopped part way: then its journal and staged files stay for the next build.)"""
        if is_pending(self.record):
            return
        shutil.rmtree(self.root, ignore_errors=True)
        if self.created_out:
            try:
                self.out.rmdir()
            except OSError:
                pass


def write_whole(path: str | Path, data: bytes, exclusive: int = 0) -> None:
    """Write a new file and make sure all of it is there: a short write or a full disk is an
    error (OSError), never a shorter file."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | exclusive | _O_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        if os.fstat(handle).st_size != len(data):
            raise OSError(errno.EIO, "the file is shorter than what was written", str(path))
    finally:
        os.close(handle)  # an error here (some file systems report a full disk late) is raised


def copy_whole(source: Path, path: Path) -> None:
    """copyfile, then the same check as write_whole's: all of the source arrived."""
    size = os.stat(source).st_size
    shutil.copyfile(source, path)
    if os.stat(path).st_size != size:
        raise OSError(errno.EIO, "the copy is not the size of the file copied", str(path))


def clean_leftovers(out: Path) -> None:
    """Remove staging and trash folders that a dead build left behind (ours by name; the caller
    holds the output's lock, so no live build owns them)."""
    if not out.is_dir():
        return
    for entry in os.scandir(out):
        if entry.name.startswith((STAGING_PREFIX, TRASH_PREFIX)) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


class LiveOutput:
    """An output folder whose files are replaced one at a time, each atomically: the dev
    server's own, and a cached build's (pipeline/warm.py).

    With `scratch`, writes and removals wait for commit(): new files go into a folder at the
    top named like a staging folder, and commit() renames them into place (journaled when the
    output has a record), which needs no space, then removes what goes. A full disk fails before
    the output changes, and a build killed part way leaves nothing that the next build does not
    finish or remove. close() removes the scratch folder and anything not committed."""

    def __init__(self, root: Path, scratch: bool = False, record: OutputRecord | None = None):
        self.root, self.record = root, record
        root.mkdir(parents=True, exist_ok=True)
        self.scratch = None
        self._pending: list[tuple[str, str | None]] = []  # (target, new file or None: remove)
        if scratch:
            self.scratch = root / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
            self.scratch.mkdir()

    def pending_files(self) -> dict[str, Path]:
        """Files written since the last commit, by output path: where each waits."""
        return {target: self.root / new for target, new in self._pending if new is not None}

    def commit(self, manifest: Iterable[str] | None = None) -> None:
        """Everything written and removed since the last commit, in place at once; `manifest`,
        when given, is recorded as the output's files with it."""
        plan = Plan(moves=[(new, target, None) for target, new in self._pending if new is not None],
                    removals=[(target, None) for target, new in self._pending if new is None],
                    manifest=sorted(manifest) if manifest is not None else None)
        commit(self.root, plan, self.record)
        self._pending = []

    def close(self) -> None:
        """Drop what was not committed, and the scratch folder (but what a commit stopped part
        way must still move: the next build finishes it)."""
        if self.scratch is not None and not is_pending(self.record):
            shutil.rmtree(self.scratch, ignore_errors=True)
        self._pending = []

    def write(self, relative: str, data: bytes) -> None:
        path = safe_join(self.root, relative)
        name = f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
        if self.scratch is not None:
            temporary = self.scratch / name
            write_whole(temporary, data, os.O_EXCL)
            self._pending.append((relative, temporary.relative_to(self.root).as_posix()))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(name)
        try:
            write_whole(temporary, data, os.O_EXCL)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    def copy(self, source: Path, relative: str) -> None:
        self.write(relative, source.read_bytes())

    def adopt(self, relative: str, made: Path) -> None:
        """write(), for a file made in this output folder (the search index's): moved into
        place, not copied. With scratch, `made` must stay where it is until commit()."""
        path = safe_join(self.root, relative)
        if self.scratch is not None:
            self._pending.append((relative, made.relative_to(self.root).as_posix()))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, path)

    def remove(self, relative: str) -> None:
        path = safe_join(self.root, relative)
        if self.scratch is not None:
            self._pending.append((relative, None))
        else:
            self._remove(path)

    def _remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != self.root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
