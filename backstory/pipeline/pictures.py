"""The pictures a site shows: the files under static/ that its pages name as images, each read
once and its variants made once (pictures/raster.py).

What a file gave is kept by the digest of its bytes in the site's state folder
(`.backstory/pictures/`, beside the build cache), so a later build, or another output folder's,
reads and resizes nothing it did before: it only finds the stored variants and copies them. The
variants are published under `assets/pictures/`, never written into static/.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from PIL import __version__ as PILLOW_VERSION

from ..content.model import Record, Site
from ..output.state import read_json, state_folder, write_json
from ..pages.render import ASSETS_DIR
from ..pages.urls import page_path, site_path
from ..pictures import raster
from ..pictures.raster import Picture, PictureProblem, Variant
from ..version import __version__
from .parallel import run_shared

STORE = "pictures"
# What the store's entries depend on besides the file: a change of either makes them again.
STORE_FORMAT = f"1/{__version__}/{PILLOW_VERSION}"
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
VARIANTS_DIR = f"{ASSETS_DIR}/pictures"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Pictures:
    """The pictures of one load: by path under the site root, and the variant files to publish
    (output path -> the file in the store)."""

    shown: dict[str, Picture] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def prints(self) -> dict[str, tuple]:
        """A fingerprint per picture ("picture:<path>"), for the pages that show it (deps.py)."""
        return {f"picture:{path}": (p.width, p.height, p.variants, p.problem)
                for path, p in self.shown.items()}


def named_pictures(records: Iterable[Record]) -> set[str]:
    """Paths under the site root that the records name as images (front matter and bodies),
    whether or not a file is there."""
    found = set()
    for record in records:
        if record.image is not None and "://" not in record.image.src:
            found.add(record.image.src)
        for kind, address, _ in record.body.addresses:
            if kind == "image":
                landed = site_path(urlsplit(address).path, page_path(record))
                if landed:
                    found.add(landed)
    return found


def picture_store(source: Path, cache: bool, reading) -> Path:
    """Where a build keeps the sizes and copies it makes: beside the cache, or, for a build
    that keeps no cache (`--no-cache`, `check`, the preview), in a folder of the system's
    temporary files that lives as long as the Builder (`reading.picture_folder`)."""
    if cache:
        return state_folder(source) / STORE
    if reading.picture_folder is None:
        reading.picture_folder = tempfile.TemporaryDirectory(prefix="backstory-pictures-")
    return Path(reading.picture_folder.name)


def pictures_of(store_of: Callable[[], Path], site: Site, static: dict[str, Path], jobs: int = 1,
                progress: Callable[[int, int], None] | None = None) -> Pictures:
    """Every picture the site names that is a file under static/, read (or found in the
    store `store_of()` gives, asked only when there are pictures)."""
    named = sorted(path for path in named_pictures(site.records.values())
                   if path in static and path.lower().endswith(PICTURE_SUFFIXES))
    if not named:
        return Pictures()
    store = store_of()
    digests = {path: hashlib.sha256(static[path].read_bytes()).hexdigest() for path in named}
    stored = {path: _stored(store / _entry(digests[path])) for path in named}
    # One file per digest: two paths with the same bytes share an entry, made once.
    todo = list({digests[path]: path for path in named if stored[path] is None}.values())

    def make(n: int) -> dict:
        path = todo[n]
        return _make(static[path], store / _entry(digests[path]))

    made = {digests[path]: info for path, info in
            zip(todo, run_shared(len(todo), make, jobs, progress=progress), strict=True)}
    stored = {path: info if info is not None else made[digests[path]] for path, info in stored.items()}
    shown, files = {}, {}
    for path in named:
        picture, variants = _picture(path, digests[path], stored[path])
        shown[path] = picture
        files.update((variant.path, store / _entry(digests[path]) / name) for variant, name in variants)
    return Pictures(shown, files)


def _entry(digest: str) -> str:
    return f"{digest[:2]}/{digest}"


def _stored(folder: Path) -> dict | None:
    """What the store holds of a file, while it is whole and made by this format."""
    info = read_json(folder / "info.json")
    if not isinstance(info, dict) or info.get("format") != STORE_FORMAT:
        return None
    if any(not (folder / variant[3]).is_file() for variant in info.get("variants", ())):
        return None
    return info


def _make(source: Path, folder: Path) -> dict:
    """Read `source`, write its variants into `folder`, and note what it gave there last."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        made = raster.make_variants(source, folder)
        info = {"format": STORE_FORMAT, "media_type": made.media_type, "width": made.width,
                "height": made.height, "variants": [list(v) for v in made.variants]}
    except PictureProblem as problem:
        info = {"format": STORE_FORMAT, "problem": str(problem)}
    write_json(folder / "info.json", info)
    return info


def _picture(path: str, digest: str, info: dict) -> tuple[Picture, list[tuple[Variant, str]]]:
    """The picture as pages show it, and its variants with their names in the store."""
    if info.get("problem"):
        return Picture(path, problem=info["problem"]), []
    stem = _UNSAFE.sub("-", PurePosixPath(path).stem).strip("-") or "picture"
    variants = []
    for width, height, media_type, name in info["variants"]:
        suffix = name.rpartition(".")[2]
        output = f"{VARIANTS_DIR}/{stem}.{digest[:10]}.{width}.{suffix}"
        variants.append((Variant(output, width, height, media_type), name))
    picture = Picture(path, info["media_type"], info["width"], info["height"],
                      tuple(variant for variant, _ in variants))
    return picture, variants
