"""pictures/raster.py: a picture's size, its variants (never wider than it), and every broken
file a problem in words, a decompression bomb refused from its header in bounded time."""

from __future__ import annotations

import io
import resource
import struct
import time
import zlib

import pytest
from PIL import Image

from backstory.pictures.raster import PictureProblem, make_variants, svg_size


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims `width` × `height` pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def test_a_wide_photo_gets_three_narrower_copies_in_webp_and_its_own_format(tmp_path):
    source = tmp_path / "wide.jpg"
    Image.new("RGB", (2000, 1000), "olive").save(source, quality=90)
    made = make_variants(source, tmp_path)
    assert (made.media_type, made.width, made.height) == ("image/jpeg", 2000, 1000)
    assert [(w, h, kind) for w, h, kind, _ in made.variants] == [
        (480, 240, "image/webp"), (480, 240, "image/jpeg"), (960, 480, "image/webp"),
        (960, 480, "image/jpeg"), (1600, 800, "image/webp"), (1600, 800, "image/jpeg")]
    for width, height, _, name in made.variants:
        with Image.open(tmp_path / name) as copy:
            assert copy.size == (width, height)
            assert "exif" not in copy.info


def test_a_small_picture_is_never_made_larger(tmp_path):
    source = tmp_path / "small.png"
    Image.new("RGBA", (600, 300), (0, 0, 0, 0)).save(source)
    made = make_variants(source, tmp_path)
    assert [(w, kind) for w, _, kind, _ in made.variants] == [
        (480, "image/webp"), (480, "image/png"), (600, "image/webp")]
    assert all(width <= 600 for width, _, _, _ in made.variants)


def test_a_gif_and_an_svg_are_shown_as_they_are(tmp_path):
    gif = tmp_path / "a.gif"
    Image.new("P", (700, 100)).save(gif)
    assert make_variants(gif, tmp_path).variants == ()
    svg = tmp_path / "a.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360">'
                   "</svg>\n")
    made = make_variants(svg, tmp_path)
    assert (made.media_type, made.width, made.height, made.variants) == ("image/svg+xml", 640, 360, ())


@pytest.mark.parametrize(("text", "size"), [
    (b'<svg width="320" height="200px" viewBox="0 0 10 10">', (320, 200)),
    (b"<svg viewBox='0,0,64.4,32'>", (64, 32)),
    (b'<svg width="100%" height="100%">', None),
    (b"<svg>", None),
])
def test_an_svg_gives_its_size_from_its_attributes_or_its_view_box(text, size):
    assert svg_size(text + b"</svg>") == size


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("notes.jpg", b"These are notes.\n", "is not a JPEG, PNG, WebP or GIF image (it holds text)"),
    ("empty.png", b"", "is not a JPEG, PNG, WebP or GIF image (the file is empty)"),
    ("picture.tif", None, "is not a JPEG, PNG, WebP or GIF image"),
    ("map.svg", b"<html>no svg here</html>", "is not an SVG image (no <svg> element)"),
])
def test_a_file_that_is_no_picture_is_a_problem_in_words(tmp_path, name, content, problem):
    path = tmp_path / name
    if content is None:
        Image.new("RGB", (4, 4)).save(path, "TIFF")
    else:
        path.write_bytes(content)
    with pytest.raises(PictureProblem) as raised:
        make_variants(path, tmp_path)
    assert str(raised.value) == problem


def test_a_file_cut_short_is_damaged(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(PictureProblem, match="^cannot be read as a picture: it is damaged or cut short"):
        make_variants(path, tmp_path)


@pytest.mark.parametrize(("width", "height"), [(100_000, 100_000), (10_000, 10_000)])
def test_a_decompression_bomb_is_refused_from_its_header(tmp_path, width, height):
    """Beyond Pillow's limit, however far: refused before decoding, in a blink and with no
    memory to speak of (the 10,000 × 10,000 one would take 300 MB decoded)."""
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(width, height))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(PictureProblem, match="decompression bomb"):
        make_variants(path, tmp_path)
    assert time.perf_counter() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert list(tmp_path.iterdir()) == [path]  # nothing written
