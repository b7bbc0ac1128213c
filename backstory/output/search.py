"""The search bundle: which pages Pagefind indexes, in which parts, and the files it made for them.

Pagefind splits its index into small hashed fragments, so a query in the browser downloads only
the few that hold its words, whatever the size of the site. Its binary (from the `pagefind-bin`
wheel) runs once per part of the index (one part for up to PAGES_PER_PART pages), each into a
scratch folder of Backstory's inside the folder it indexes (named like a staging folder, so a
killed build's is cleaned up). Backstory moves the files it ships from there into place like
any other output (safe_join, staging, manifest), and removes the scratch folder. Moved, not
copied and deleted: on ext4 without a journal, each inode freed makes creating files slower for
the next five minutes, and a part is thousands of files.

Running the binary is pagefind.py's; keeping a preview's bundle fresh is
preview/background_search.py's.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
import uuid
import zlib
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..content.config import Config
from ..content.languages import CODE
from ..pages.urls import INDEX
from . import pagefind
from .pagefind import SearchFailed
from .write import STAGING_PREFIX

SEARCH_DIR = "pagefind"  # the bundle's folder under the site root; search.js looks for it here
SEARCHABLE_FOLDERS = ("actors", "events", "articles", "places")  # list pages, search and 404 are not indexed
ENTRY = "pagefind-entry.json"
PARTS_FILE = "parts.json"  # Backstory's own: the parts search.js merges, and how they were made
# Pagefind holds a run's whole index in memory, about 110 KB a page (1.3 GB for 12,000 pages),
# and cannot update one page of it. So a big site is indexed in parts of about this many pages,
# each one run, which search.js merges in the browser: a run needs a few hundred MB, and an
# edit indexes again only the part that holds the page. Smaller parts would cost readers a
# request more per part and query.
PAGES_PER_PART = 2000
_PART_PREFIX = "part-"
# Of a part after the first, the browser reads only its index: the script and WebAssembly that
# search with it are the first part's.
_MERGED_PART_FILES = ("index/", "fragment/", "filter/")
# Pagefind's own UI kits: the search page has its own markup (layouts/search.html), so not shipped.
_UNUSED_PREFIXES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.",
                    "pagefind-highlight.", "playground/")


def is_searchable(name: str) -> bool:
    """Whether an output file (a path under the site root) is a page the index holds: a
    record's page, in the default language or under a language's prefix (`ru/actors/x/`)."""
    parts = name.split("/")
    if len(parts) == 4 and CODE.fullmatch(parts[0]):
        parts = parts[1:]
    return len(parts) == 3 and parts[0] in SEARCHABLE_FOLDERS and parts[2] == INDEX


def searchable_pages(folder: Path, config: Config | None = None) -> list[str]:
    """The pages to index, as paths under the site root: every actor, event and article page,
    in each of the site's languages."""
    prefixes = {""} | {f"{language.code}/" for language in config.languages} if config else {""}
    pages = []
    for prefix, kind in ((prefix, kind) for prefix in sorted(prefixes) for kind in SEARCHABLE_FOLDERS):
        try:
            entries = list(os.scandir(folder / prefix / kind))
        except (FileNotFoundError, NotADirectoryError):
            continue
        pages.extend(f"{prefix}{kind}/{entry.name}/{INDEX}" for entry in entries
                     if entry.is_dir(follow_symlinks=False)
                     and os.path.isfile(os.path.join(entry.path, INDEX)))
    return sorted(pages)


def split_into_parts(pages: list[str]) -> list[list[str]]:
    """Pages into parts of about PAGES_PER_PART. A page stays in its part from one build to the
    next (a hash of its path picks it) until the number of parts changes."""
    count = max(1, -(-len(pages) // PAGES_PER_PART))
    while True:
        parts: list[list[str]] = [[] for _ in range(count)]
        for page in pages:
            parts[_part_number(page, count)].append(page)
        if count == 1 or all(parts):  # Pagefind makes no index of no pages
            return parts
        count -= 1  # (only a small site can hash no page into a part)


def _part_number(page: str, count: int) -> int:
    return zlib.crc32(page.encode("utf-8")) % count


def part_folder(number: int) -> str:
    """Where a part's files go: the first in SEARCH_DIR itself, the others in folders below it."""
    return SEARCH_DIR if number == 0 else f"{SEARCH_DIR}/{_PART_PREFIX}{number}"


def part_of(name: str) -> int | None:
    """The part a bundle file (a path under the site root) belongs to; None for PARTS_FILE."""
    rest = name.removeprefix(SEARCH_DIR + "/")
    if rest == PARTS_FILE:
        return None
    head, slash, _ = rest.partition("/")
    number = head.removeprefix(_PART_PREFIX)
    return int(number) if slash and head != number and number.isdigit() else 0


@dataclass(frozen=True)
class Bundle:
    """A search bundle: files to put in place (paths under the site root, each to the file made
    for it in the scratch folder), and files of the bundle before it that stay as they are (the
    parts whose pages did not change). Closing it removes the scratch folder, and with it what
    was not moved out."""
    files: dict[str, Path]
    kept: frozenset[str] = frozenset()
    scratch: Path | None = None

    @property
    def names(self) -> set[str]:
        return set(self.files) | self.kept

    def in_order(self) -> list[tuple[str, Path]]:
        """The files to put in place, fragments first, then each part's entry file, the list of
        parts last: a browser that reads a new entry or list finds the files they name."""
        return sorted(self.files.items(),
                      key=lambda item: (item[0].endswith(PARTS_FILE), item[0].endswith(ENTRY), item[0]))

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_index(folder: Path, config: Config, *,
                changed: Collection[str] | None = None, previous: Collection[str] = (),
                pending: Mapping[str, Path] | None = None, removed: Collection[str] = (),
                stop: threading.Event | None = None) -> Bundle:
    """The search bundle for the pages rendered into folder.

    One run of the Pagefind binary per part, each into the bundle's scratch folder in `folder`
    (see the module's doc). `previous` names the files of the bundle already in folder, and
    `changed` the pages written or removed since it was made: the parts none of whose pages
    changed are kept. Without `changed`, every part is indexed. `pending` and `removed` are the
    pages of a build not yet in folder (output path -> where the new file waits) and the pages it
    removes: the site indexed is folder as that build will leave it (_mirror), so that pages and
    index go in together. Every file made is checked whole (_check_made). Raises SearchFailed,
    with a message for people, when the binary is missing or fails. With `stop`, it is the
    preview's run in the background (pagefind.py): SearchStopped when `stop` is set while it runs.
    """
    binary = pagefind.find_binary()
    pages = searchable_pages(folder, config)
    if pending is not None:
        pages = sorted((set(pages) - set(removed)) | {page for page in pending if is_searchable(page)})
    parts = split_into_parts(pages) if pages else []  # a site of no pages yet: no index
    # One index, stemmed in the site's language; for a site in several, one per language
    # (Pagefind reads each page's <html lang>, and search.js loads the reader's page's).
    options = [] if config.languages else ["--force-language", config.language]
    if not config.base_url:
        options.append("--keep-index-url")  # relative links name index.html (urls.py)
    redo = _parts_to_index(binary, folder, len(parts), options, changed, previous)
    scratch = folder / f"{STAGING_PREFIX}search-{uuid.uuid4().hex[:12]}"
    scratch.mkdir()
    try:
        site = folder
        if pending is not None:
            site = scratch / "site"
            _mirror([page for number in redo for page in parts[number]], folder, pending, site)
        # What search.js merges into the first part's results; and what the parts were made with.
        listed = scratch / PARTS_FILE
        listed.write_text(json.dumps({
            "parts": [f"{_PART_PREFIX}{number}/" for number in range(1, len(parts))],
            "empty": not parts, "indexed_with": options}, sort_keys=True), encoding="utf-8")
        files = {f"{SEARCH_DIR}/{PARTS_FILE}": listed}
        # Two runs at a time: one leaves a core idle while it reads and writes files (2 cores, 6
        # parts: 11-13 s where one after another took 20-28 s, and one run of all pages 14-19 s).
        with ThreadPoolExecutor(max_workers=2) as runs:
            for made in runs.map(lambda number: _index_part(
                    binary, site, options, number, parts[number], scratch, stop),
                    redo):
                files.update(made)
        kept = {name for name in previous
                if (number := part_of(name)) is not None and number < len(parts)
                and number not in redo}
        # Pagefind names most files by a hash of their contents: a part made again for one page
        # holds thousands of files already in folder byte for byte, and those stay as they are.
        for name in set(files) & set(previous):
            if _holds(folder / name, files[name]):
                kept.add(name)
                del files[name]
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return Bundle(files, frozenset(kept), scratch)


def _mirror(pages: list[str], folder: Path, pending: Mapping[str, Path], into: Path) -> None:
    """The pages as the build will leave them, linked (not copied) into `into` for Pagefind to
    read: each page's new file where it waits, or the one in folder that stays."""
    for page in pages:
        target = into / page
        target.parent.mkdir(parents=True, exist_ok=True)
        source = pending.get(page) or folder / page
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links: a copy reads the same
            shutil.copyfile(source, target)


# Pagefind writes these compressed; the rest (its scripts, the entry file) as they are.
_GZIPPED = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")


def _check_made(files: dict[str, Path]) -> None:
    """SearchFailed unless every file of a part is whole. Pagefind has been seen to exit 0 on a
    full disk, leaving files of 0 bytes: each must be non-empty, each compressed one must
    decompress (gzip checks its length and CRC), and the entry file must be JSON."""
    for name, path in files.items():
        problem = None
        try:
            data = path.read_bytes()
            if not data:
                problem = "is empty"
            elif name.endswith(_GZIPPED):
                gzip.decompress(data)
            elif name.endswith(".json"):
                json.loads(data)
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as error:
            problem = f"is not whole ({error})"
        if problem:
            raise SearchFailed(f"the Pagefind search indexer wrote a file that {problem}: {name}",
                               "check that the disk has free space, then build again")


def _holds(there: Path, made: Path) -> bool:
    """Whether the file there has the bytes of the one made (no stat cache, unlike filecmp's:
    a preview runs for hours)."""
    try:
        return there.stat().st_size == made.stat().st_size and there.read_bytes() == made.read_bytes()
    except OSError:
        return False


def _parts_to_index(binary: Path, folder: Path, count: int, options: list[str],
                    changed: Collection[str] | None, previous: Collection[str]) -> list[int]:
    """The parts whose pages changed; every part when the earlier parts cannot be trusted to be
    what indexing their pages again would give."""
    everything = list(range(count))
    entries = {part_of(name) for name in previous if name.endswith("/" + ENTRY)}
    if changed is None or entries != set(everything):
        return everything  # a first run, or another number of parts: pages moved between parts
    try:
        made = json.loads((folder / SEARCH_DIR / PARTS_FILE).read_bytes())
        version = json.loads((folder / SEARCH_DIR / ENTRY).read_bytes())["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return everything
    if made.get("indexed_with") != options or version != pagefind.version_of(binary):
        return everything
    return sorted({_part_number(page, count) for page in changed if is_searchable(page)})


def _index_part(binary: Path, folder: Path, options: list[str], number: int,
                pages: list[str], scratch: Path,
                stop: threading.Event | None = None) -> dict[str, Path]:
    """One Pagefind run: the given pages into part `number`'s files, made in `scratch`."""
    place = scratch / f"{_PART_PREFIX}{number}"
    place.mkdir()
    return _bundle_files(pagefind.index_pages(binary, folder, pages, options, place, stop), number)


def _bundle_files(folder: Path, number: int) -> dict[str, Path]:
    """Part `number`'s files in Pagefind's output folder, by their paths under the site root."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() or not path.is_file() or relative.startswith(_UNUSED_PREFIXES):
            continue  # (a link would be moved as a link, to wherever it points)
        if number == 0 or relative == ENTRY or relative.endswith(".pf_meta") \
                or relative.startswith(_MERGED_PART_FILES):
            files[f"{part_folder(number)}/{relative}"] = path
    if f"{part_folder(number)}/{ENTRY}" not in files:
        raise SearchFailed("the Pagefind search indexer wrote no index", None)
    _check_made(files)
    _languages_in_order(files[f"{part_folder(number)}/{ENTRY}"])
    return files


def _languages_in_order(entry: Path) -> None:
    """Pagefind lists a site's languages in its entry file in any order from one run to the
    next: in the order of their names, two builds of the same pages are the same bytes."""
    data = json.loads(entry.read_bytes())
    if isinstance(data.get("languages"), dict) and len(data["languages"]) > 1:
        data["languages"] = dict(sorted(data["languages"].items()))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
