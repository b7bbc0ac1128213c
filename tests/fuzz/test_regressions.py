"""Minimal inputs for the bugs the fuzzing (and probing around it) found, one test each.

Each was written as xfail(strict=True) while its bug stood; all have been fixed since, so
they are plain tests now. A new bug found by tests/fuzz goes here the same way: minimised,
marked xfail(strict=True, reason="BUG: ...") until fixed, then unmarked.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from backstory import BuildFailed, build
from backstory.commands.cli import main

from ..helpers import BASIC_SITE, copy_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(BASIC_SITE, tmp_path / "src")


def build_or_failure(site: Path) -> BuildFailed | None:
    """Build into a sibling folder; only BuildFailed may come out."""
    try:
        build(site, site.parent / "out")
    except BuildFailed as failed:
        return failed
    return None


def write(site: Path, relative: str, data: bytes | str) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


# Crashes: an exception other than BuildFailed ------------------------------------------------

def test_symlink_loop_file_in_content_is_reported(site):
    """Was: a symlink in content/ that points at itself raises RuntimeError('Symlink loop') from
    Path.resolve() in sources._walk"""
    os.symlink("loop.md", site / "content/actors/loop.md")
    failed = build_or_failure(site)  # skipped like a dangling link, or reported
    if failed is not None:
        assert [d.path for d in failed.diagnostics] == ["content/actors/loop.md"]


def test_symlinked_folder_loop_in_content_is_reported(site):
    """Was: a symlinked folder in content/ that leads back up (up -> ..) is walked 40 levels deep,
    then entry.is_dir() raises OSError(ELOOP) out of sources._walk"""
    os.symlink("..", site / "content/actors/up")
    failed = build_or_failure(site)  # the loop reported, or followed once (duplicate slugs)
    assert failed is not None
    assert all(d.path.startswith("content/actors/") for d in failed.diagnostics), failed.diagnostics
    assert any(d.path.startswith("content/actors/up") for d in failed.diagnostics)


def test_binary_asset_in_layouts_is_copied(site):
    """Was: deps.layout_digests reads every file under layouts/ as UTF-8 text through the Jinja
    loader; a binary asset raises UnicodeDecodeError after the site was already swapped in (CLI:
    exit 70)"""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    write(site, "layouts/assets/logo.png", png)
    build(site, site.parent / "out")
    assert (site.parent / "out/assets/logo.png").read_bytes() == png


def test_editor_swap_file_in_layouts_is_ignored(site):
    """Was: deps.layout_digests also reads editor litter in layouts/: vim's binary swap file
    crashes the build with UnicodeDecodeError"""
    write(site, "layouts/.actor.html.swp", b"b0VIM 9.0\x00\x00\xff\xfe")
    build(site, site.parent / "out")


def test_layout_that_is_not_utf8_is_reported(site):
    """Was: a layout that is not UTF-8 raises UnicodeDecodeError from the Jinja loader
    (check_layouts catches only TemplateSyntaxError)"""
    write(site, "layouts/actor.html", b"{{ actor.name }} \xe9t\xe9\n")
    failed = build_or_failure(site)
    assert failed is not None
    assert [d.path for d in failed.diagnostics] == ["layouts/actor.html"]


def test_deeply_nested_layout_expression_is_reported(site):
    """Was: an expression nested 1000 deep in a layout raises RecursionError from Jinja's parser in
    check_layouts"""
    write(site, "layouts/actor.html", "{{ " + "(" * 1000 + "1" + ")" * 1000 + " }}\n")
    failed = build_or_failure(site)
    assert failed is not None
    assert [d.path for d in failed.diagnostics] == ["layouts/actor.html"]


@pytest.mark.parametrize("layout", [
    "{% for x in [1] %}" * 21 + "{% endfor %}" * 21,
    "{% if 1 %}" * 99 + "{% endif %}" * 99,
], ids=["21-for", "99-if"])
def test_layout_nested_past_python_limits_is_reported(site, layout):
    """Was: Jinja compiles a layout to Python: 21 nested {% for %} (or 99 nested {% if %}) make
    compile() raise SyntaxError ('too many statically nested blocks', IndentationError) out of
    render.check_layouts"""
    write(site, "layouts/actor.html", layout)
    failed = build_or_failure(site)
    assert failed is not None
    assert [d.path for d in failed.diagnostics] == ["layouts/actor.html"]


def test_long_chain_of_same_day_events_builds(site):
    """Was: resolve.chronology's depth_of recurses once per same-day led_to link (two frames each):
    a chain of ~450 events on one day raises RecursionError"""
    # e0001 led to e0000, e0002 to e0001, ...: the first event by slug ends the whole chain.
    for k in range(500):
        led_to = f"led_to: [e{k - 1:04d}]\n" if k else ""
        write(site, f"content/events/e{k:04d}.md",
              f"---\ntitle: Step {k}\ndate: 2020-01-01\nsummary: One step.\n{led_to}---\n")
    build(site, site.parent / "out")
    assert (site.parent / "out/events/e0000/index.html").is_file()


INVALID_URL = "https://[::1"  # urlsplit() raises ValueError("Invalid IPv6 URL")


def test_invalid_link_url_is_reported(site):
    """Was: frontmatter._Fields.url calls urlsplit() unguarded: a link like https://[::1 raises
    ValueError('Invalid IPv6 URL')"""
    write(site, "content/actors/x.md",
          f'---\nname: X\nkind: person\nsummary: s\nlinks: {{W: "{INVALID_URL}"}}\n---\n')
    failed = build_or_failure(site)
    assert failed is not None
    assert [(d.path, d.line) for d in failed.diagnostics] == [("content/actors/x.md", 5)]


def test_invalid_source_url_is_reported(site):
    """Was: the same unguarded urlsplit() for a source's url"""
    write(site, "content/events/x.md", "---\ntitle: X\ndate: 2020-01-01\nsummary: s\nsources:\n"
          f'  - title: T\n    url: "{INVALID_URL}"\n---\n')
    failed = build_or_failure(site)
    assert failed is not None
    assert [(d.path, d.line) for d in failed.diagnostics] == [("content/events/x.md", 7)]


def test_invalid_base_url_in_site_yaml_is_reported(site):
    """Was: config._base_url_problem calls urlsplit() unguarded: base_url: https://[::1 in
    site.yaml raises ValueError"""
    write(site, "site.yaml", f'title: T\nbase_url: "{INVALID_URL}"\n')
    failed = build_or_failure(site)
    assert failed is not None
    assert [(d.path, d.line) for d in failed.diagnostics] == [("site.yaml", 2)]


def test_invalid_base_url_option_is_a_clean_error(site, capsys):
    """Was: the same for --base-url: `backstory build --base-url https://[::1` ends in 'internal
    error', exit 70"""
    code = main(["build", "--source", str(site), "--out", str(site.parent / "out"),
                 "--base-url", INVALID_URL])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "internal error" not in err


# Diagnostics that name no input file --------------------------------------------------------

def test_static_file_in_place_of_an_output_folder_is_reported(site):
    """Was: a static file where the build writes a folder (static/assets, static/actors) fails with
    OSError 'Is a directory', reported at the staging folder's path (already deleted), not at
    the static file"""
    write(site, "static/assets", b"not a folder")
    failed = build_or_failure(site)
    assert failed is not None
    assert [d.path for d in failed.diagnostics] == ["static/assets"]


def test_missing_include_is_reported_where_it_is(site):
    """Was: a missing include in the site's base.html is reported once per page layout
    (layouts/404.html, layouts/actor.html, ...: files the site does not have), at line 1,
    instead of at base.html's line"""
    write(site, "layouts/base.html", "<!doctype html>\n{% include 'nope.html' %}\n")
    failed = build_or_failure(site)
    assert failed is not None
    assert {(d.path, d.line) for d in failed.diagnostics} == {("layouts/base.html", 2)}


# Hangs: time that grows with the square of the input ----------------------------------------

ACTOR = "---\nname: Long\nkind: person\nsummary: A long profile.\n---\n"


def build_seconds(site: Path, body: str, name: str) -> float:
    write(site, "content/actors/long.md", ACTOR + body)
    started = time.perf_counter()
    build(site, site.parent / name)
    return time.perf_counter() - started


def test_repeated_headings_take_linear_time(site):
    """Was: markdown._heading_ids numbers a repeated heading by trying -1, -2, ... from 1 each
    time: quadratic; 20,000 '# a' lines (80 KB) take about 30 s"""
    distinct = build_seconds(site, "".join(f"# a{i}\n" for i in range(6000)), "distinct")
    repeated = build_seconds(site, "# a\n" * 6000, "repeated")
    assert repeated < 3 * distinct + 0.5, (repeated, distinct)


def test_wiki_links_on_one_line_take_linear_time(site):
    """Was: markdown._place scans the whole line (rfind, count from offset 0) for each wiki link:
    quadratic in links per line; 16,000 links on one line take about 5 s, 32,000 about 20 s"""
    per_line = build_seconds(site, "[[ada-lovelace]]\n" * 16000, "per-line")
    one_line = build_seconds(site, "[[ada-lovelace]] " * 16000, "one-line")
    assert one_line < 2 * per_line + 0.3, (one_line, per_line)


# Wrong positions in diagnostics --------------------------------------------------------------

def test_line_separator_in_front_matter_keeps_positions(site):
    """Was: libyaml counts U+2028 (and U+0085, U+2029) as line breaks, Backstory counts only \\n:
    every position after one is a line late, and can lie past the end of the file"""
    write(site, "content/actors/sep.md",
          '---\nname: "a\u2028b"\nkind: person\nsummary: s\nborn: nope\n---\n')
    failed = build_or_failure(site)
    assert failed is not None
    [born] = [d for d in failed.diagnostics if "born" in d.message]
    assert (born.line, born.column) == (5, 7)
    assert born.source_line == "born: nope"


def test_source_line_shown_is_the_line_reported(site):
    """Was: errors.with_source_lines splits files with str.splitlines(), which also breaks at \\f,
    \\x1c-\\x1e, U+0085, U+2028, U+2029: the line shown under a message is not the line it names"""
    write(site, "content/actors/ff.md", "---\nname: A\nkind: person\nsummary: s\n---\n\f\n\n[[nope]]\n")
    failed = build_or_failure(site)
    assert failed is not None
    [unknown] = failed.diagnostics
    assert (unknown.line, unknown.column) == (8, 1)
    assert unknown.source_line == "[[nope]]"


def test_role_error_points_at_the_role(site):
    """Was: frontmatter.refs looks up the position of `- 1: [x]` by the int key 1, positions are
    keyed by the text '1': the error points at line 2, column 1"""
    write(site, "content/events/roles.md",
          "---\ntitle: T\ndate: 2020-01-01\nsummary: s\nactors:\n  - 1: [x]\n---\n")
    failed = build_or_failure(site)
    assert failed is not None
    [role] = [d for d in failed.diagnostics if "role" in d.message]
    assert role.line == 6
