"""Image files under static/, read with Pillow: what each is, how big, and its resized copies.

A file is read as a picture only after its header says what it is and how many pixels it holds:
one beyond Pillow's limit (Image.MAX_IMAGE_PIXELS, a "decompression bomb") is refused before a
pixel is decoded, so a hostile file costs bounded time and memory. A broken or non-image file is
a problem told in words (the build reports it where the file is named), never an exception.
Variants are narrower copies (never wider than the original) in WebP and in the original's own
format, without the original's metadata; an SVG is drawn at any size and has none.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from ..content.model import pickled_by_fields

# The widths a variant is made at (CSS pixels of a column, and twice that for dense screens).
WIDTHS = (480, 960, 1600)
# Pillow's format name -> (media type, file suffix) for the pictures a browser shows everywhere.
RASTER_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
                "WEBP": ("image/webp", "webp"), "GIF": ("image/gif", "gif")}
SVG_TYPE = "image/svg+xml"
_SVG_HEAD = 64 * 1024  # an SVG's sizes are in its first tag
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px)?\s*")


@dataclass(frozen=True, slots=True)
class Variant:
    """One resized copy of a picture, as the site publishes it."""

    __reduce__ = pickled_by_fields

    path: str  # output path under the site root
    width: int
    height: int
    media_type: str  # "image/webp", or the original's


@dataclass(frozen=True, slots=True)
class Picture:
    """What a build knows of one image file under static/: its size and its variants, or why
    it cannot be shown."""

    __reduce__ = pickled_by_fields

    path: str  # the original, under the site root: "images/x.jpg"
    media_type: str = ""
    width: int | None = None  # None for an SVG that gives no size
    height: int | None = None
    variants: tuple[Variant, ...] = ()
    problem: str | None = None


class PictureProblem(Exception):
    """Why a file cannot be shown as a picture, in words for the author."""


@dataclass(frozen=True, slots=True)
class Made:
    """A file read and its variants written: what the store keeps of it (pipeline/pictures.py).
    `variants` are (width, height, media type, file name in the store folder)."""

    media_type: str
    width: int | None
    height: int | None
    variants: tuple[tuple[int, int, str, str], ...] = ()


def svg_size(data: bytes) -> tuple[int, int] | None:
    """An SVG's width and height in pixels, from its attributes or its viewBox; None when it
    gives neither. Raises PictureProblem when the bytes hold no <svg> element."""
    found = _SVG_TAG.search(data[:_SVG_HEAD])
    if found is None:
        raise PictureProblem("is not an SVG image (no <svg> element)")
    attributes = {name.decode().lower(): (a or b).decode("utf-8", "replace")
                  for name, a, b in _ATTRIBUTE.findall(found.group())}
    sizes = [_LENGTH.fullmatch(attributes.get(name, "")) for name in ("width", "height")]
    if all(sizes):
        width, height = (float(size.group(1)) for size in sizes)
    else:
        box = attributes.get("viewbox", "").replace(",", " ").split()
        try:
            width, height = float(box[2]), float(box[3])
        except (IndexError, ValueError):
            return None
    return (round(width), round(height)) if width > 0 and height > 0 else None


def make_variants(source: Path, folder: Path) -> Made:
    """Read `source` and write its variants into `folder`. Raises PictureProblem."""
    if source.suffix.lower() == ".svg":
        size = svg_size(source.read_bytes())
        return Made(SVG_TYPE, *(size or (None, None)))
    image = open_checked(source)
    kind = image.format
    media_type, suffix = RASTER_TYPES[kind]
    width, height = image.size
    if kind == "GIF":  # perhaps animated: shown as it is
        return Made(media_type, width, height)
    image = ImageOps.exif_transpose(image)  # as browsers show it
    width, height = image.size
    widths = sorted({w for w in WIDTHS if w < width} | ({width} if width <= WIDTHS[-1] else set()))
    made = []
    for target in widths:
        resized = resize(image, target)
        formats = [("WEBP", "image/webp", "webp")]
        if target < width and kind != "WEBP":  # the original is the widest of its own
            formats.append((kind, media_type, suffix))
        for format_name, format_type, ending in formats:
            file = f"{target}.{ending}"
            _save(resized, format_name, folder / file)
            made.append((resized.width, resized.height, format_type, file))
    return Made(media_type, width, height, tuple(made))


def open_checked(source: Path) -> Image.Image:
    """The picture in `source`, decoded, once its header shows it is one of RASTER_TYPES
    within Pillow's pixel limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source, formats=list(RASTER_TYPES))
            width, height = image.size
            limit = Image.MAX_IMAGE_PIXELS
            if limit and width * height > limit:
                raise PictureProblem(f"is {width:,} × {height:,} pixels, more than the "
                                     f"{limit:,} a build reads (a decompression bomb?)")
            image.load()
    except PictureProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureProblem(f"holds more than the {Image.MAX_IMAGE_PIXELS:,} pixels a build "
                             "reads (a decompression bomb?)") from None
    except Image.UnidentifiedImageError:
        kind = _kind_of_file(source)
        raise PictureProblem(f"is not a JPEG, PNG, WebP or GIF image{kind}") from None
    except Exception as error:  # noqa: BLE001 - Pillow's decoders raise many kinds
        raise PictureProblem(f"cannot be read as a picture: it is damaged or cut short "
                             f"({error})") from None
    return image


def _kind_of_file(source: Path) -> str:
    """What a file that is no picture seems to be, for the message."""
    try:
        head = source.read_bytes()[:512]
    except OSError:
        return ""
    if not head:
        return " (the file is empty)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return ""
    return " (it holds text)"


def resize(image: Image.Image, width: int) -> Image.Image:
    """`image` scaled to `width`, its proportions kept; the same image at its own width."""
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or "A" in image.mode else "RGB")
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, format_name: str, path: Path) -> None:
    """Written to a temporary name first: a store folder never holds half a file."""
    if format_name == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if format_name == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode or "transparency" in image.info else "RGB")
    options = {"JPEG": {"quality": 82, "optimize": True, "progressive": True},
               "WEBP": {"quality": 80, "method": 4},
               "PNG": {"optimize": True}}[format_name]
    # Named for this process: a preview and a build may fill one store at the same time.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")
    image.save(temporary, format_name, **options)
    temporary.replace(path)
