"""Markdown: CommonMark with Backstory's extensions, wiki links recorded in place, bounded time."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from backstory import render_markdown
from backstory.content.model import Position, Ref
from backstory.text.markdown import ResolvedLink, make_parser, parse_body, render_body

FIXTURES = Path(__file__).parent.parent / "fixtures" / "markdown"
SHOWN = "content/events/e.md"

# Pages a resolver knows, as Views.resolve_link would see them from an event page.
KNOWN = {"belarus": ("actors", "Belarus"), "wagner-mutiny": ("events", "Wagner mutiny")}


def resolve_from_event_page(target: str) -> ResolvedLink | None:
    slug, _, fragment = target.partition("#")
    if slug not in KNOWN:
        return None
    kind, label = KNOWN[slug]
    href = f"../../{kind}/{slug}/index.html" + (f"#{fragment}" if fragment else "")
    return ResolvedLink(href, label, f"ref ref-{kind}")


def render_in_site(text: str) -> str:
    md = make_parser()
    return render_body(md, parse_body(md, text, 1, SHOWN), resolve_from_event_page)


RENDERERS: dict[str, Callable[[str], str]] = {
    "commonmark.md": render_markdown,
    "extensions.md": render_markdown,
    "safety.md": render_markdown,
    "raw-html-off.md": lambda text: render_markdown(text, raw_html=False),
    "wikilinks-unresolved.md": render_markdown,
    "wikilinks-resolved.md": render_in_site,
}


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    """(title, markdown, html) of each case: title, `.`, input, `.`, expected, `.`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, at = [], 0
    while at < len(lines):
        if not lines[at].strip():
            at += 1
            continue
        title = lines[at]
        assert lines[at + 1] == ".", f"{path.name}:{at + 2}: expected '.' after the title"
        middle = lines.index(".", at + 2)
        end = lines.index(".", middle + 1)
        cases.append((title, "\n".join(lines[at + 2 : middle]) + "\n",
                      "\n".join(lines[middle + 1 : end]) + "\n"))
        at = end + 1
    return cases


CASES = [pytest.param(path.name, markdown, html, id=f"{path.stem}: {title}")
         for path in sorted(FIXTURES.glob("*.md")) for title, markdown, html in read_cases(path)]


@pytest.mark.parametrize(("file", "markdown", "html"), CASES)
def test_fixture(file, markdown, html):
    assert RENDERERS[file](markdown) == html


def test_every_fixture_file_is_read_and_has_cases():
    files = sorted(path.name for path in FIXTURES.glob("*.md"))
    assert files == sorted(RENDERERS)
    assert all(read_cases(FIXTURES / name) for name in files)


# Wiki links recorded while parsing --------------------------------------------------------------


def links(text: str, first_line: int = 10) -> list[tuple[str, int, int]]:
    body = parse_body(make_parser(), text, first_line, SHOWN)
    assert all(ref.position.path == SHOWN and ref.field == "body" for ref in body.links)
    return [(ref.target, ref.position.line, ref.position.column) for ref in body.links]


def test_a_link_is_recorded_as_a_ref_at_its_file_line():
    body = parse_body(make_parser(), "Intro.\n\nSee [[belarus|the country]].\n", 7, SHOWN)
    assert body.first_line == 7
    assert body.links == (Ref("belarus", Position(SHOWN, 9, 5), "body"),)


def test_several_links_on_one_line_in_order():
    assert links("[[a]] and [[b|B]] and [[a]][[c]].\n") == [("a", 10, 1), ("b", 10, 11), ("a", 10, 23),
                                                         ("c", 10, 28)]


def test_one_slug_with_and_without_text_on_one_line():
    assert links("x [[ab]] [[a|x]] [[a]]\n") == [("ab", 10, 3), ("a", 10, 10), ("a", 10, 18)]


def test_links_on_later_lines_of_a_paragraph_and_after_breaks():
    text = "First line\nthen [[two]]\n  and [[three|3]]  \n[[four]]\\\n[[five]]\n"
    assert links(text) == [("two", 11, 6), ("three", 12, 7), ("four", 13, 1), ("five", 14, 1)]


def test_links_in_table_cells():
    text = "| who | what |\n|---|---|\n| [[a]] | x [[b]] |\n| [[c]] | y |\n"
    assert links(text) == [("a", 12, 3), ("b", 12, 13), ("c", 13, 3)]


def test_the_same_link_in_two_cells_of_a_row_is_placed_in_each():
    """Each cell is looked for after the cells before it: found from the end of the row, the
    first cell's link was reported where the second's is."""
    text = "| a | b | c |\n|---|---|---|\n| [[x]] | [[x]] | see [[x]] |\n| [[y]] | z | [[y]] |\n"
    assert links(text) == [("x", 12, 3), ("x", 12, 11), ("x", 12, 23), ("y", 13, 3), ("y", 13, 15)]


@pytest.mark.parametrize(("row", "columns"), [
    ("| `[[x]]` | [[x]] |", [13]),  # the same text in code before it
    ("| \\[[x]] | [[x]] |", [12]),  # escaped, so no link
    ("| <!-- [[x]] --> | [[x]] |", [20]),  # in a comment
    ("| x \\| [[x]] | [[x]] |", [8, 16]),  # an escaped pipe inside a cell
    ("| a \\| b \\| [[x]] | c |", [13]),  # two of them before the link
    ("[[x]] | [[x]]", [1, 9]),  # a row without its outer pipes
    ("|[[x]]|[[x]]|", [2, 8]),
])
def test_links_in_table_cells_are_placed_between_their_own_pipes(row, columns):
    text = "| a | b |\n|---|---|\n" + row + "\n"
    assert links(text) == [("x", 12, column) for column in columns]


def test_links_in_a_table_in_a_quotation_and_a_list():
    text = "> | a | b |\n> |---|---|\n> | [[x]] | [[x]] |\n\n- item\n\n  | a |\n  |---|\n  | [[y]] |\n"
    assert links(text) == [("x", 12, 5), ("x", 12, 13), ("y", 18, 5)]


def test_links_in_footnotes():
    text = "Claim.[^1]\n\n[^1]: See [[belta|Belta]].\n"
    assert links(text) == [("belta", 12, 11)]


def test_links_in_lists_and_quotes():
    text = "- item [[a]]\n- item\n  [[b]]\n  1. [[c]]\n\n> quoted [[d]]\n"
    assert links(text) == [("a", 10, 8), ("b", 12, 3), ("c", 13, 6), ("d", 15, 10)]


def test_links_in_headings_and_emphasis():
    assert links("# On [[a]]\n\n*[[b]]* **[[c]]**\n") == [("a", 10, 6), ("b", 12, 2), ("c", 12, 11)]


def test_fragment_is_not_part_of_the_target():
    assert links("[[wagner-mutiny#aftermath|after]]\n") == [("wagner-mutiny", 10, 1)]


@pytest.mark.parametrize("text", [
    "`[[a]]` and ``x [[b]]``\n",
    "```\n[[a]]\n```\n",
    "~~~md\n[[a]]\n~~~\n",
    "Paragraph.\n\n    [[a]]\n",
    "<div>\n[[a]]\n</div>\n",
    "\\[[a]]\n",
])
def test_no_links_in_code_or_raw_html_or_when_escaped(text):
    assert links(text) == []


def test_code_does_not_shift_the_links_after_it():
    assert links("```\n[[a]]\n```\n\n    [[b]]\n\n[[after]]\n") == [("after", 16, 1)]


def test_column_skips_the_same_text_in_code_before_it():
    assert links("Write `[[a]]` to link, like [[a]].\n") == [("a", 10, 29)]


def test_link_text_wrapped_over_lines_keeps_later_lines_right():
    text = "x [[a|the long\nname]] and [[b]]\nthen [[c]]\n"
    assert links(text) == [("a", 10, 3), ("b", 11, 12), ("c", 12, 6)]


# Anchors a body gives and addresses it names, recorded while parsing ------------------------------


def addresses(text: str, first_line: int = 10, raw_html: bool = True) -> list[tuple[str, str, int, int]]:
    body = parse_body(make_parser(raw_html), text, first_line, SHOWN)
    assert all(at.path == SHOWN for _, _, at in body.addresses)
    return [(kind, address, at.line, at.column) for kind, address, at in body.addresses]


def test_ids_of_headings_footnotes_and_raw_html_in_page_order():
    text = ("# Career\n\n## Career\n\nA note[^a] and again[^a].\n\n<div id=\"map\">\n\n"
            "Inline <span class='quote' id='q1'>x</span>.\n\n[^a]: The note.\n")
    body = parse_body(make_parser(), text, 1, SHOWN)
    # What the page's HTML holds: each id in it, and nothing else.
    html = render_markdown(text)
    assert body.ids == ("career", "career-1", "fnref1", "fnref1:1", "map", "q1", "notes-title", "fn1")
    assert all(f'id="{i}"' in html or f"id='{i}'" in html for i in body.ids)
    assert html.count(" id=") == len(body.ids)


def test_raw_html_ids_count_only_when_raw_html_is_allowed():
    body = parse_body(make_parser(False), '<a id="x">y</a>\n\n# T\n', 1, SHOWN)
    assert body.ids == ("t",)


def test_links_and_images_in_the_site_are_recorded_where_written():
    text = ("Intro ![map](images/map.png) and [Ada](../../actors/ada/#career).\n\n"
            "> - see [the notes](#notes)\n>   and ![x](/images/y.jpg \"title\")\n\n"
            "| a | b |\n| - | - |\n| [c](c.html) | ![d][pic] |\n\n[pic]: images/d.png\n")
    assert addresses(text) == [
        ("image", "images/map.png", 10, 7), ("link", "../../actors/ada/#career", 10, 34),
        ("link", "#notes", 12, 9), ("image", "/images/y.jpg", 13, 9),
        ("link", "c.html", 17, 3), ("image", "images/d.png", 17, 17)]


@pytest.mark.parametrize("text", [
    "[a](https://example.org/x) ![b](http://example.org/b.png) [c](//cdn.example.org/c)\n",
    "![pixel](data:image/png;base64,iVBORw0KGgo=) [mail](mailto:desk@example.org) <https://x.org>\n",
    "`![a](b.png)` and\n\n    [c](d.html)\n",
])
def test_addresses_outside_the_site_or_in_code_are_not_recorded(text):
    assert addresses(text) == []


def test_a_wiki_link_with_an_anchor_is_a_ref_and_an_address():
    body = parse_body(make_parser(), "See [[belarus#history|its past]] and [[belarus]].\n", 4, SHOWN)
    assert [ref.target for ref in body.links] == ["belarus", "belarus"]
    assert body.addresses == (("wiki", "belarus#history", Position(SHOWN, 4, 5)),)


def test_an_anchor_on_the_same_page_is_no_ref_and_shows_the_heading():
    text = "## The deal's terms\n\nSee [[#the-deals-terms]] or [[#the-deals-terms|below]].\n"
    body = parse_body(make_parser(), text, 1, SHOWN)
    assert body.links == ()
    assert addresses(text, 1) == [("wiki", "#the-deals-terms", 3, 5), ("wiki", "#the-deals-terms", 3, 29)]
    # Outside a site a wiki link shows its text; here the heading's, as it reads on the page.
    assert render_markdown(text).endswith("<p>See The deal's terms or below.</p>\n")


# Rendering ----------------------------------------------------------------------------------------


def test_render_body_resolves_links_to_anchors_with_class_and_href():
    html = render_in_site("[[belarus]] and [[wagner-mutiny|it]] and [[nobody]]\n")
    assert html == ('<p><a class="ref ref-actors" href="../../actors/belarus/index.html">Belarus</a> and '
                    '<a class="ref ref-events" href="../../events/wagner-mutiny/index.html">it</a> and '
                    "nobody</p>\n")


def test_parsed_tokens_render_again_from_another_page():
    md = make_parser()
    body = parse_body(md, "[[belarus]]\n", 1, SHOWN)

    def elsewhere(slug: str) -> ResolvedLink:
        return ResolvedLink("/actors/belarus/", "Belarus", "ref ref-actors")

    first = render_body(md, body, resolve_from_event_page)
    second = render_body(md, body, elsewhere)
    assert first == render_body(md, body, resolve_from_event_page)
    assert second == '<p><a class="ref ref-actors" href="/actors/belarus/">Belarus</a></p>\n'


def test_href_and_class_are_escaped():
    md = make_parser()
    body = parse_body(md, "[[x]]\n", 1, SHOWN)
    html = render_body(md, body, lambda slug: ResolvedLink('/a"b<c>/', "<X>", 'ref "q"'))
    assert 'href="/a&quot;b&lt;c&gt;/"' in html and ">&lt;X&gt;</a>" in html


def test_make_parser_is_shared_per_setting():
    assert make_parser(True) is make_parser(True) and make_parser(False) is make_parser(False)
    assert make_parser(False) is not make_parser(True)


def test_raw_html_setting_only_changes_html():
    text = "*a* <b>b</b>\n"
    assert render_markdown(text) == "<p><em>a</em> <b>b</b></p>\n"
    assert render_markdown(text, raw_html=False) == "<p><em>a</em> &lt;b&gt;b&lt;/b&gt;</p>\n"


def test_heading_id_includes_wiki_link_text():
    assert render_markdown("# About [[a|Luka]]\n") == '<h1 id="about-luka">About Luka</h1>\n'


# Pathological input finishes in bounded time --------------------------------------------------


def timed(text: str) -> tuple[str, float]:
    started = time.perf_counter()
    html = render_markdown(text)
    return html, time.perf_counter() - started


def test_ten_thousand_nested_quotes():
    # markdown-it stops nesting at a fixed depth; what matters is that it returns, quickly.
    html, seconds = timed(">" * 10_000 + " deep\n")
    assert seconds < 5 and 0 < html.count("<blockquote>") == html.count("</blockquote>") <= 100


def test_ten_thousand_open_brackets():
    html, seconds = timed("[" * 10_000 + "x\n")
    assert seconds < 5 and html == "<p>" + "[" * 10_000 + "x</p>\n"


def test_ten_thousand_nested_list_items():
    html, seconds = timed("- " * 10_000 + "x\n")
    assert seconds < 5 and 0 < html.count("<ul>") == html.count("</ul>") <= 100


def test_one_megabyte_line():
    line = ("Lukashenko brokered a deal with [[yevgeny-prigozhin|Prigozhin]] and *Putin*, "
            + "in many words " * 70) * 1_000
    assert len(line) > 1_000_000
    html, seconds = timed(line + "\n")
    assert seconds < 5
    assert html.count("<em>Putin</em>") == 1_000 and "[[" not in html and html.count("\n") == 1


def test_one_megabyte_of_unclosed_backticks():
    html, seconds = timed("a" + "`" * 1_000_000 + "x\n")
    assert seconds < 5 and html == "<p>a" + "`" * 1_000_000 + "x</p>\n"


def test_thousands_of_unclosed_wiki_links():
    html, seconds = timed("[[" * 2_000 + "\n")
    assert seconds < 5 and html == "<p>" + "[[" * 2_000 + "</p>\n"


class CountingText(str):
    """Text that counts the characters its `find` looks at: a measure of the parser's work that,
    unlike the clock on a shared machine, is the same on every run."""

    looked_at = 0

    def find(self, sub, start=0, end=None):
        stop = len(self) if end is None else min(end, len(self))
        found = str.find(self, sub, start, stop)
        CountingText.looked_at += (found + len(sub) if found >= 0 else stop) - start
        return found


def scanned(text: str) -> int:
    md = make_parser()
    CountingText.looked_at = 0
    md.inline.parse(CountingText(text), md, {}, [])
    return CountingText.looked_at


def test_closed_wiki_links_are_scanned_in_linear_time():
    assert scanned("[[x]] " * 1_200) <= 5 * scanned("[[x]] " * 300)


def test_unclosed_wiki_links_are_scanned_in_linear_time():
    # Four times the input may cost about four times the work, not sixteen.
    assert scanned("[[" * 1_200) <= 5 * max(scanned("[[" * 300), 1)
    assert scanned("[[a|" * 1_200) <= 5 * max(scanned("[[a|" * 300), 1)


@pytest.mark.parametrize("text", [
    "a\r\nb\rc\nd", "line\r\n\r\n# Head\r\n", "\r\r\n\n\r", "nul \x00 here\r\n\x00",
    "- item\r  - sub\r\n> quote\r> more", "| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n",
    "```\r\ncode\x00\r\n```\r\n", "plain text, no break at all",
])
def test_line_breaks_and_nuls_are_normalised_as_markdown_it_does(text):
    from markdown_it.rules_core.normalize import normalize

    ours = make_parser.__wrapped__(True)
    theirs = make_parser.__wrapped__(True)
    theirs.core.ruler.at("normalize", normalize)  # markdown-it's own, regex by regex
    assert [t.as_dict() for t in ours.parse(text)] == [t.as_dict() for t in theirs.parse(text)]
    assert ours.render(text) == theirs.render(text)
