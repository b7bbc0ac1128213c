"""Walk content/ and return its source files; refuse what is unsafe or misplaced."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Diagnostics, did_you_mean, display_path
from .model import CONTENT_TYPES, pickled_by_fields
from .translatedfiles import language_folder, pair_translations, translation_name

CONTENT_DIR = "content"
STATIC_DIR = "static"  # copied as it is to the site root
MARKDOWN_SUFFIXES = (".md", ".markdown")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 120


@dataclass(frozen=True, slots=True)
class SourceFile:
    __reduce__ = pickled_by_fields

    path: Path
    shown: str  # path relative to the site root, for messages
    type: str  # "actors", "events", "articles" or "places"
    slug: str
    text: str | None  # None once parsed: the record holds what a build needs
    digest: str
    stamp: tuple = ()  # (mtime_ns, size, inode): unchanged means unchanged bytes, to skip a read
    # A translation (`x.ru.md`): its language, and the shown path of its original (`x.md`).
    language: str | None = None
    original: str | None = None


def is_editor_litter(name: str) -> bool:
    """Swap, backup and lock files that editors leave beside the files being edited."""
    return (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".bak"))
            or name in ("4913",))  # vim's probe file


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_SLUG_LENGTH] or "page"


def read_sources(root: Path, diagnostics: Diagnostics,
                 known: dict[str, SourceFile] | None = None,
                 reread: set[str] | frozenset = frozenset(), *,
                 defer: bool = False, languages: tuple[str, ...] = ()) -> list[SourceFile]:
    """Every content file under root/content, in a stable order.

    Files in `known` whose size, time and inode are unchanged are not read again, unless their
    shown path is in `reread` (what a watcher reported: mtimes can be coarse). With `defer`,
    files not in `known` are listed unread (`unread()`), for whoever parses them to read.
    `languages` are the site's codes, the default first (none for a site in one language): a
    file named `x.ru.md` translates `x.md` beside it (translated.py has the rules).
    """
    content = root / CONTENT_DIR
    if not content.is_dir():
        diagnostics.error(CONTENT_DIR, 1, 1, f"no {CONTENT_DIR}/ folder in {root}",
                          "run `backstory new DIR` to start a site, or pass --source")
        return []
    root_real = root.resolve()
    files: list[SourceFile] = []
    # Paths below content/ as strings: pathlib's relative_to was most of a rebuild's walk.
    prefix = str(content) + os.sep
    for path in _walk(content, root, root_real, diagnostics):  # strings: Path() was a third of it
        relative = tuple(path.removeprefix(prefix).split(os.sep))
        shown = f"{CONTENT_DIR}/{'/'.join(relative)}"
        if len(relative) < 2:
            diagnostics.error(shown, 1, 1, "content files belong in content/actors/, "
                              "content/events/, content/articles/ or content/places/",
                              f"move it to content/articles/{relative[-1]} if it is an article")
            continue
        folder = relative[0]
        if languages and language_folder(relative, languages, diagnostics, shown):
            continue
        if folder not in CONTENT_TYPES:
            diagnostics.error(shown, 1, 1, f"unknown content folder '{folder}'",
                              did_you_mean(folder, CONTENT_TYPES)
                              or "content folders are actors/, events/, articles/ and places/")
            continue
        slug, suffix = os.path.splitext(relative[-1])
        if suffix.lower() not in MARKDOWN_SUFFIXES:
            diagnostics.warning(shown, 1, 1, "not a Markdown file; ignored",
                                "images and other files belong in static/")
            continue
        language = None
        if "." in slug:
            slug, language = translation_name(slug, suffix, path, languages, diagnostics, shown)
            if slug is None:
                continue
        if not SLUG_PATTERN.fullmatch(slug) or len(slug) > MAX_SLUG_LENGTH:
            diagnostics.error(shown, 1, 1, f"'{slug}' cannot be a slug: use lowercase letters, "
                              "digits and single hyphens",
                              f"rename it to '{slugify(slug)}{'.' + language if language else ''}{suffix}'")
            continue
        previous = known.get(shown) if known else None
        if previous is not None and (previous.language, previous.slug) != (language, slug):
            previous = None  # the site's languages changed: the name means something else
        if previous is not None and shown not in reread:
            try:
                if previous.stamp == _stamp(path):
                    files.append(previous)
                    continue
            except OSError:  # gone since the folder was listed
                continue
        if defer and previous is None:
            files.append(SourceFile(Path(path), shown, folder, slug, None, "", (), language))
            continue
        file = _read(Path(path), shown, folder, slug, diagnostics, language)
        if file is not None:
            files.append(file)
    if languages or any(file.language for file in files):
        files = pair_translations(files, diagnostics)
    return files


def unread(file: SourceFile) -> bool:
    """Listed by read_sources(defer=True) and not read since: no digest yet."""
    return not file.digest


def reread(file: SourceFile, diagnostics: Diagnostics) -> SourceFile | None:
    """A known content file read again, or None when it is gone or unreadable (reported)."""
    found = _read(file.path, file.shown, file.type, file.slug, diagnostics, file.language)
    return found if found is None or file.original is None else replace(found, original=file.original)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _stamp(path: Path | str) -> tuple:
    return _stamp_of(os.stat(path))


def _stamp_of(info: os.stat_result) -> tuple:
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _read_bytes(path: Path | str) -> tuple[bytes, tuple]:
    """The file's bytes and its stamp, taken before reading: a write racing the read makes
    the next stamp differ. Plain os calls: a build reads every file, most of them small."""
    handle = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(handle)
        chunks, size = [], info.st_size + 1  # one byte more: the end shows in one read
        while chunk := os.read(handle, size):
            chunks.append(chunk)
            size = 1 << 16  # it grew while read
    finally:
        os.close(handle)
    return b"".join(chunks), _stamp_of(info)


def _read(path: Path, shown: str, folder: str, slug: str, diagnostics: Diagnostics,
          language: str | None = None) -> SourceFile | None:
    try:
        data, stamp = _read_bytes(path)
    except OSError:
        return None
    text = _decode(data, shown, diagnostics)
    if text is None:
        return None
    return SourceFile(path, shown, folder, slug, text, hashlib.sha256(data).hexdigest(), stamp,
                      language)


def _walk(folder: Path, root: Path, root_real: Path, diagnostics: Diagnostics,
          visited: set[str] | None = None):
    """Files below folder; links are followed only within the site, and never round a loop."""
    visited = visited if visited is not None else {os.path.realpath(folder)}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        diagnostics.error(display_path(folder, root), 1, 1, f"cannot read folder: {error.strerror}")
        return
    for entry in entries:
        if is_editor_litter(entry.name):
            continue
        symlink = entry.is_symlink()
        if not symlink and entry.is_file(follow_symlinks=False):
            yield entry.path  # a plain file in a folder already checked: nothing to resolve
            continue
        path = Path(entry.path)
        real = os.path.realpath(path)  # never raises, even for a link that points at itself
        if symlink:
            if not os.path.exists(real):
                diagnostics.error(display_path(path, root), 1, 1,
                                  "symbolic link leads nowhere (missing target or a loop)")
                continue
            if os.path.commonpath([real, root_real]) != str(root_real):
                diagnostics.error(display_path(path, root), 1, 1,
                                  "symbolic link points outside the site; not followed",
                                  "copy the file into the site instead")
                continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if real in visited:
                diagnostics.error(display_path(path, root), 1, 1,
                                  "symbolic link leads back into a folder already read (a loop)",
                                  "remove the link")
                continue
            yield from _walk(path, root, root_real, diagnostics, visited | {real})
        elif entry.is_file():
            yield entry.path


def _decode(data: bytes, shown: str, diagnostics: Diagnostics) -> str | None:
    if b"\x00" in data:
        diagnostics.error(shown, 1, 1, "binary file in content/; expected Markdown text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        diagnostics.error(shown, line, column, "not valid UTF-8 text",
                          "save the file as UTF-8 in your editor")
        return None
    # One line-ending convention from here on, so line numbers match what editors show.
    return text.replace("\r\n", "\n").replace("\r", "\n")
