"""The files a build copies as they are: assets from layouts/assets/ and static/.

Lists them (refusing links that lead out), names assets by their content hash, and decides
which may be copied: a static file may not stand where a page, an asset or a folder the
build makes stands, and no two outputs may differ only in case.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.sources import CONTENT_DIR, STATIC_DIR, is_editor_litter
from ..errors import Diagnostics, display_path
from ..output.outpaths import case_collisions, leads_inside
from ..output.search import SEARCH_DIR
from ..output.write import Staging
from ..pages.plan import PageSpec
from ..pages.render import ASSETS_DIR, layout_dirs

if TYPE_CHECKING:  # load.py lists the files with this module: it comes first
    from .load import Loaded


def asset_files(source: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Files under layouts/assets/, the site's own overriding the defaults file by file; a
    link that leads out of its layouts folder is refused and reported."""
    found: dict[str, Path] = {}
    for folder in reversed(layout_dirs(source)):
        assets = folder / ASSETS_DIR
        for path in _files_below(assets, folder, source, diagnostics):
            found[f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}"] = path
    return found


def static_files(source: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Files under static/, copied as they are to the site root (dotfiles and dot-folders are
    not published: outpaths.is_served_path)."""
    static = source / STATIC_DIR
    if static.is_dir():  # a dot-folder is most likely meant to be published (.well-known/)
        for folder in sorted(static.glob("**/.*/")):
            if folder.is_dir() and folder.name != ".git" and not any(
                    part.startswith(".") for part in folder.relative_to(static).parts[:-1]):
                diagnostics.warning(display_path(folder, source), 1, 1,
                                    "files in a dot-folder are not published",
                                    "hosts and tools keep their own files in dot-folders; "
                                    "serve such files from the host's own settings")
    return {path.relative_to(static).as_posix(): path
            for path in _files_below(static, static, source, diagnostics)}


def _files_below(folder: Path, within: Path, source: Path,
                 diagnostics: Diagnostics) -> list[Path]:
    """The files below `folder` that a build copies: no editor litter, nothing in a dot-folder,
    and no link out of `within` (refused without reading a byte of where it leads)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(is_editor_litter(part) for part in parts) or not path.is_file():
            continue
        if not leads_inside(path, within):
            diagnostics.error(display_path(path, source), 1, 1,
                              f"symbolic link points outside {display_path(within, source)}/; "
                              "not copied", "copy the file into the site instead")
            continue
        found.append(path)
    return found


def asset_links(assets: dict[str, Path], hash_assets: bool) -> dict[str, str]:
    """Each asset's plain output path -> the path pages link: hashed, or the same."""
    return {relative: hashed_name(relative, path.read_bytes()) if hash_assets else relative
            for relative, path in assets.items()}


def hashed_name(relative: str, data: bytes) -> str:
    """assets/style.css -> assets/style.<10 hex digits of its SHA-256>.css"""
    folder, _, name = relative.rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def copied_files(specs: dict[str, PageSpec], loaded: Loaded, source: Path
                 ) -> tuple[dict[str, str], dict[str, Path]]:
    """Assets, static files and pictures' variants: (output path -> digest of the source file it
    copies, output path -> that source file). Problems go to loaded.diagnostics.
    An asset is written under its plain name and, when hashing, its hashed one: pages link
    the hashed copy; the plain one keeps url(...) references between assets working."""
    diagnostics = loaded.diagnostics
    assets = dict(loaded.asset_files)
    assets.update({loaded.assets[rel]: path for rel, path in loaded.asset_files.items()
                   if loaded.assets.get(rel, rel) != rel})
    static = dict(loaded.static_files)
    # A static file may not replace a page or an asset (override assets in layouts/assets/),
    # stand where the build makes a folder (static/assets, the search index's), or inside
    # one of its files.
    taken = set(specs) | set(assets)
    folders = {"/".join(p.split("/")[:i]) for p in taken for i in range(1, p.count("/") + 1)}
    owned = {SEARCH_DIR} if loaded.config.search else set()  # the index's, every file in it
    for relative, path in list(static.items()):
        parents = {"/".join(relative.split("/")[:i]) for i in range(1, relative.count("/") + 1)}
        if relative in taken or relative in folders or parents & (taken | owned) \
                or relative in owned:
            hint = ("to replace a default asset, put the file in layouts/assets/"
                    if relative in assets else "rename or move the file")
            spec = specs.get(relative)
            maker = "" if spec is None else (
                f" (the page of {loaded.site.records[spec.slug].path})"
                if spec.slug in loaded.site.records else f" (the page of layouts/{spec.layout})")
            diagnostics.error(display_path(path, source), 1, 1,
                              f"{relative} is also written by the build{maker}", hint)
            del static[relative]
    # Pictures' variants, from the store (pictures.py), under a folder only the build writes.
    sources = {**loaded.pictures.files, **assets, **static}
    _check_case(specs, loaded, sources, source)
    digests = {rel: hashlib.sha256(path.read_bytes()).hexdigest() for rel, path in sources.items()}
    return digests, sources


def _check_case(specs: dict[str, PageSpec], loaded: Loaded, files: dict[str, Path], source: Path) -> None:
    """Two outputs whose paths differ only in case are one file on macOS and Windows (and
    in a checkout of the site there): an error naming both sources, placed at the one the
    author most likely means to rename (a static file before a page, a page before a layout)."""
    made_by = {output: loaded.site.records[spec.slug].path if spec.slug in loaded.site.records
               else f"layouts/{spec.layout}" for output, spec in specs.items()}
    made_by.update((rel, display_path(path, source) if path.is_relative_to(source)
                    else f"the default layouts' {rel}") for rel, path in files.items())

    def rank(maker: str) -> int:
        return next((n for n, start in enumerate((f"{STATIC_DIR}/", f"{CONTENT_DIR}/", "layouts/"))
                     if maker.startswith(start)), 3)

    for first, first_source, second, second_source in case_collisions(made_by):
        (path, maker), (twin, twin_maker) = sorted(
            [(first, first_source), (second, second_source)], key=lambda item: rank(item[1]))
        what, slash = ("file", "") if path in made_by else ("folder", "/")
        loaded.diagnostics.error(
            maker, 1, 1, f"{path}{slash} and {twin}{slash} differ only in case: on macOS and "
            f"Windows they are one {what}, and one would replace the other ({twin}{slash} is "
            f"made by {twin_maker})", "rename one of them")


def copy_files(staging: Staging, loaded: Loaded, specs: dict[str, PageSpec], source: Path
               ) -> tuple[dict[str, str], dict[str, Path]]:
    """Copy every file a clean build copies into `staging`; what copied_files() gives."""
    digests, sources = copied_files(specs, loaded, source)
    for relative, path in sources.items():
        try:
            staging.copy(path, relative)
        except ValueError as error:
            loaded.diagnostics.error(display_path(path, source), 1, 1, str(error))
    return digests, sources
