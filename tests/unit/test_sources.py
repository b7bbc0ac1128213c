"""Walking content/: what is read, what is skipped, what is refused."""

from __future__ import annotations

import os

from backstory.content.sources import _read_bytes, _stamp, read_sources, slugify
from backstory.errors import Diagnostics

FRONT = "---\nname: X\nkind: person\nsummary: s\n---\n"


def write(root, relative, data):
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read(root):
    diagnostics = Diagnostics()
    files = read_sources(root, diagnostics)
    return files, [d.format() for d in diagnostics.sorted()]


def test_bom_and_crlf_are_normalised(tmp_path):
    write(tmp_path, "actors/x.md", b"\xef\xbb\xbf" + FRONT.replace("\n", "\r\n").encode())
    files, problems = read(tmp_path)
    assert problems == []
    assert files[0].text == FRONT and files[0].slug == "x" and files[0].type == "actors"


def test_nested_folders_keep_the_file_name_as_slug(tmp_path):
    write(tmp_path, "articles/2023/june/the-deal.md", FRONT)
    files, problems = read(tmp_path)
    assert problems == [] and [f.slug for f in files] == ["the-deal"]
    assert files[0].shown == "content/articles/2023/june/the-deal.md"


def test_editor_litter_is_ignored(tmp_path):
    for name in (".x.md.swp", "x.md~", ".#x.md", "#x.md#", ".DS_Store", "4913"):
        write(tmp_path, f"actors/{name}", "junk")
    write(tmp_path, "actors/x.md", FRONT)
    files, problems = read(tmp_path)
    assert problems == [] and [f.slug for f in files] == ["x"]


def test_binary_and_invalid_utf8_are_reported_with_position(tmp_path):
    write(tmp_path, "actors/bin.md", b"\x89PNG\x00\x00")
    write(tmp_path, "actors/latin.md", b"---\nname: Caf\xe9\n")
    files, problems = read(tmp_path)
    assert files == []
    assert problems == [
        "content/actors/bin.md:1:1: error: binary file in content/; expected Markdown text",
        "content/actors/latin.md:2:10: error: not valid UTF-8 text\n"
        "  hint: save the file as UTF-8 in your editor",
    ]


def test_misplaced_files_and_bad_slugs_get_hints(tmp_path):
    write(tmp_path, "actor/x.md", FRONT)
    write(tmp_path, "loose.md", FRONT)
    write(tmp_path, "events/Wagner Mutiny!.md", FRONT)
    write(tmp_path, "events/photo.jpg", b"\xff\xd8")
    _, problems = read(tmp_path)
    assert problems == [
        "content/actor/x.md:1:1: error: unknown content folder 'actor'\n"
        "  hint: did you mean 'actors'?",
        "content/events/Wagner Mutiny!.md:1:1: error: 'Wagner Mutiny!' cannot be a slug: use lowercase "
        "letters, digits and single hyphens\n  hint: rename it to 'wagner-mutiny.md'",
        "content/events/photo.jpg:1:1: warning: not a Markdown file; ignored\n"
        "  hint: images and other files belong in static/",
        "content/loose.md:1:1: error: content files belong in content/actors/, content/events/, "
        "content/articles/ or content/places/\n"
        "  hint: move it to content/articles/loose.md if it is an article",
    ]


def test_links_inside_the_site_are_followed_and_outside_refused(tmp_path):
    write(tmp_path, "actors/real.md", FRONT)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "y.md").write_text(FRONT)
    os.symlink(tmp_path / "drafts" / "y.md", tmp_path / "content" / "actors" / "y.md")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    os.symlink(outside, tmp_path / "content" / "events")
    files, problems = read(tmp_path)
    assert sorted(f.slug for f in files) == ["real", "y"]
    assert problems == ["content/events:1:1: error: symbolic link points outside the site; not "
                        "followed\n  hint: copy the file into the site instead"]


def test_missing_content_folder(tmp_path):
    files, problems = read(tmp_path)
    assert files == [] and problems[0].startswith("content:1:1: error: no content/ folder")


def test_slugify_suggests_ascii_slugs():
    assert slugify("Лукашенко and Café Ü!") == "and-cafe-u"
    assert slugify("Wagner_Mutiny 2023") == "wagner-mutiny-2023"


def test_deferred_files_are_listed_unread_and_known_ones_kept(tmp_path):
    """A clean build lists files and leaves reading to whoever parses them (its workers);
    a file known from the last build with the same stamp is that build's, unread too."""
    from backstory.content.sources import reread, unread

    write(tmp_path, "actors/x.md", FRONT)
    write(tmp_path, "actors/y.md", b"\xff\xfe not UTF-8")
    diagnostics = Diagnostics()
    listed = read_sources(tmp_path, diagnostics, defer=True)
    assert [f.slug for f in listed] == ["x", "y"] and all(unread(f) for f in listed)
    assert diagnostics.items == []  # nothing read, nothing to report yet
    read_now = reread(listed[0], diagnostics)
    assert read_now.text == FRONT and not unread(read_now)
    assert reread(listed[1], diagnostics) is None
    assert [d.path for d in diagnostics.items] == ["content/actors/y.md"]
    again = read_sources(tmp_path, Diagnostics(), {"content/actors/x.md": read_now}, defer=True)
    assert again[0] is read_now and unread(again[1])


def test_a_file_is_read_whole_with_the_stamp_it_had(tmp_path):
    for size in (0, 1, 4096, 200_000):  # empty, small, and more than one read's worth
        path = tmp_path / f"f{size}.md"
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        data, stamp = _read_bytes(path)
        assert data == path.read_bytes()
        assert stamp == _stamp(path)
