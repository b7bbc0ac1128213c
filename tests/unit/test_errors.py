"""How diagnostics print: the source line with a caret under the column, and reports that stay
readable when one file has thousands of problems."""

from __future__ import annotations

from backstory.errors import SHOWN_PER_FILE, Diagnostic, format_report, with_source_lines


def shown(diagnostic: Diagnostic) -> tuple[str, str]:
    """The quoted source line and the caret line, without the gutter."""
    _, text, caret = diagnostic.format().split("\n")[:3]
    return text.split(" | ", 1)[1], caret.split(" | ", 1)[1]


def test_the_caret_stands_under_the_column():
    text, caret = shown(Diagnostic("a.md", 3, 7, "m", source_line="kind: club"))
    assert text == "kind: club" and caret == "      ^"


def test_tabs_before_the_column_move_the_caret_as_they_move_the_text():
    text, caret = shown(Diagnostic("a.md", 1, 3, "m", source_line="\t\tx: y"))
    assert text == "        x: y"
    assert caret.index("^") == text.index("x")


def test_a_long_line_shows_a_window_around_the_column_with_the_caret_in_it():
    line = "".join(f"[[n{i:05}]] " for i in range(10_000))  # 120,000 characters
    column = line.index("[[n05000]]") + 1
    text, caret = shown(Diagnostic("a.md", 6, column, "m", source_line=line))
    assert len(text) <= 202 and text.startswith("…") and text.endswith("…")
    assert text[caret.index("^"):].startswith("[[n05000]]")


def test_the_start_of_a_long_line_is_shown_from_its_first_character():
    line = "x" * 50 + "!" + "y" * 1000
    text, caret = shown(Diagnostic("a.md", 1, 51, "m", source_line=line))
    assert text == line[:200] + "…" and caret.index("^") == 50


def test_a_column_past_the_end_of_the_line_has_no_caret():
    assert Diagnostic("a.md", 1, 40, "m", source_line="short").format().split("\n") == [
        "a.md:1:40: error: m", "  1 | short"]


def _problems(path: str, count: int) -> list[Diagnostic]:
    return [Diagnostic(path, 1 + n // 10, 1 + n % 10, f"problem {n}") for n in range(count)]


def test_a_report_shows_the_first_problems_of_a_file_then_how_many_more():
    items = sorted(_problems("a.md", 3) + _problems("b.md", 1234), key=Diagnostic.sort_key)
    lines = format_report(items).split("\n")
    assert [line for line in lines if line.startswith("b.md")] == [
        d.format() for d in items if d.path == "b.md"][:SHOWN_PER_FILE]
    more = lines.index(f"... and {1234 - SHOWN_PER_FILE:,} more problems in b.md")
    assert lines[more - 1] == items[3 + SHOWN_PER_FILE - 1].format()
    assert len([line for line in lines if line.startswith("a.md")]) == 3
    assert lines[-1] == "1,237 errors in 2 files"


def test_a_file_with_just_the_shown_number_of_problems_has_no_more_line():
    lines = format_report(_problems("a.md", SHOWN_PER_FILE)).split("\n")
    assert len(lines) == SHOWN_PER_FILE + 1 and not any(line.startswith("...") for line in lines)


def test_source_lines_are_filled_in_for_the_problems_a_report_shows(tmp_path):
    (tmp_path / "a.md").write_text("".join(f"line {n}\n" for n in range(1, 200)), encoding="utf-8")
    items = list(reversed(_problems("a.md", 500)))  # not in order: the first by place are shown
    filled = with_source_lines(items, tmp_path)
    quoted = sorted(d.sort_key() for d in filled if d.source_line is not None)
    assert quoted == sorted(d.sort_key() for d in items)[:SHOWN_PER_FILE]
    assert all(d.source_line == f"line {d.line}" for d in filled if d.source_line is not None)
