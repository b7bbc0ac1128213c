"""load_yaml: safe loading, 0-based positions of keys and values, and hostile input refused."""

from __future__ import annotations

import os
import time

import pytest
import yaml

from backstory.content.yamlpos import YamlProblem, load_yaml

FRONT = """\
title: The deal
actors:
  - alexander-lukashenko: mediator
  - yevgeny-prigozhin
links:
  Wikipedia: https://en.wikipedia.org/
sources:
  - title: Report
    url: https://example.org/r
"""


def problem_of(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text)
    return raised.value


# Positions ------------------------------------------------------------------------------------


def test_data_is_plain_python():
    data, _ = load_yaml(FRONT)
    assert data == {
        "title": "The deal",
        "actors": [{"alexander-lukashenko": "mediator"}, "yevgeny-prigozhin"],
        "links": {"Wikipedia": "https://en.wikipedia.org/"},
        "sources": [{"title": "Report", "url": "https://example.org/r"}],
    }


def test_value_positions_are_zero_based_line_and_column():
    _, positions = load_yaml(FRONT)
    assert positions[()] == (0, 0)
    assert positions[("title",)] == (0, 7)
    assert positions[("actors", 0)] == (2, 4)
    assert positions[("actors", 0, "alexander-lukashenko")] == (2, 26)
    assert positions[("actors", 1)] == (3, 4)
    assert positions[("links", "Wikipedia")] == (5, 13)
    assert positions[("sources", 0)] == (7, 4)
    assert positions[("sources", 0, "title")] == (7, 11)
    assert positions[("sources", 0, "url")] == (8, 9)


def test_key_positions_are_where_each_key_stands():
    _, positions = load_yaml(FRONT)
    assert positions.key(("title",)) == (0, 0)
    assert positions.key(("actors",)) == (1, 0)
    assert positions.key(("actors", 0, "alexander-lukashenko")) == (2, 4)
    assert positions.key(("links", "Wikipedia")) == (5, 2)
    assert positions.key(("sources", 0, "url")) == (8, 4)


def test_key_of_a_list_item_falls_back_to_the_item_and_unknown_paths_to_the_start():
    _, positions = load_yaml(FRONT)
    assert positions.key(("actors", 1)) == (3, 4)
    assert positions.key(("nowhere",)) == (0, 0)


def test_flow_collections_have_positions_too():
    _, positions = load_yaml("aliases: [one, 'two', three]\nlinks: {a: b}\n")
    assert [positions[("aliases", i)] for i in range(3)] == [(0, 10), (0, 15), (0, 22)]
    assert positions[("links", "a")] == (1, 11)
    assert positions.key(("links", "a")) == (1, 8)


def test_empty_and_comment_only_documents_are_none():
    for text in ("", "# only a comment\n", "\n\n"):
        data, positions = load_yaml(text)
        assert data is None and dict(positions) == {}


# Duplicate keys ---------------------------------------------------------------------------


def test_duplicate_key_is_refused_where_the_second_one_stands():
    problem = problem_of("title: a\nsummary: s\ntitle: b\n")
    assert (problem.line, problem.column) == (2, 0)
    assert problem.message == "duplicate key 'title'"
    assert problem.hint == "each key may appear once; remove one"


def test_duplicate_key_in_a_nested_mapping_is_refused_with_its_position():
    problem = problem_of("sources:\n  - title: a\n    url: https://x.org/\n    title: b\n")
    assert (problem.line, problem.column, problem.message) == (3, 4, "duplicate key 'title'")


def test_quoted_and_plain_spellings_of_one_key_are_duplicates():
    problem = problem_of("title: a\n'title': b\n")
    assert (problem.line, problem.message) == (1, "duplicate key 'title'")


def test_one_key_in_two_mappings_is_not_a_duplicate():
    data, _ = load_yaml("a: {title: x}\nb: {title: y}\n")
    assert data == {"a": {"title": "x"}, "b": {"title": "y"}}


def test_keys_equal_as_yaml_values_are_duplicates():
    with pytest.raises(YamlProblem, match="duplicate key"):
        load_yaml("true: a\nTrue: b\n")


# Code and hostile input ------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system",
                                 "!!python/name:os.system", "!!python/module:os"])
def test_python_tags_are_refused_and_nothing_runs(tag, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    marker = tmp_path / "ran"
    problem = problem_of(f"title: ok\nx: {tag} ['touch {marker}']\n")
    assert problem.message == f"YAML tag '{tag}' is not allowed: front matter is data, never code"
    assert (problem.line, problem.column) == (1, 3)
    assert calls == [] and not marker.exists()


def test_billion_laughs_is_refused_before_it_expands():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        bomb += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    started = time.perf_counter()
    problem = problem_of(bomb)
    elapsed = time.perf_counter() - started
    assert "expands too much" in problem.message
    assert elapsed < 0.5  # expanded, it would be 9**9 strings


def test_a_bomb_inside_a_key_is_refused_too():
    levels = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefgh", "abcdefg", strict=True):
        levels.append(f"&{name} [{', '.join([f'*{previous}'] * 9)}]")
    # Anchors and aliases all inside a key, which is not walked for positions.
    assert "expands too much" in problem_of(f"? [{', '.join(levels)}]\n: value\n").message


def test_a_huge_document_without_aliases_is_refused():
    problem = problem_of("items: [" + ", ".join(["x"] * 20_001) + "]\n")
    assert "too large" in problem.message


def test_a_few_honest_aliases_are_fine():
    data, _ = load_yaml("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}


@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "- &a [x, *a]\n"])
def test_self_referencing_anchors_are_refused(text):
    started = time.perf_counter()
    problem = problem_of(text)
    assert "expands too much" in problem.message
    assert time.perf_counter() - started < 0.5


def test_undefined_alias_is_a_problem_with_a_hint():
    problem = problem_of("a: 1\nb: *nope\n")
    assert (problem.line, problem.column) == (1, 3)
    assert problem.message == "invalid YAML: found undefined alias"
    assert problem.hint == ("anchors (&name) must be defined before an alias (*name) uses them; "
                            "to write text starting with *, quote it")


@pytest.mark.parametrize("text", ["[" * 5000, "{" * 5000, "a: " + "[" * 5000, "- " * 5000 + "x"])
def test_deep_nesting_is_a_problem_not_a_crash(text):
    problem = problem_of(text)
    assert "nest" in problem.message
    assert problem.line == 0


@pytest.mark.parametrize("depth", [900, 990])  # within libyaml's limit of 1000, past Python's
def test_nesting_deep_enough_for_python_recursion_is_a_problem_not_a_crash(depth):
    try:
        data, _ = load_yaml("a: " + "[" * depth + "]" * depth)
    except YamlProblem as problem:
        assert problem.message == "YAML is nested too deeply"
    else:  # a loader that does not recurse may load it: then it must be right
        value = data["a"]
        for _ in range(depth - 1):
            value = value[0]
        assert value == []


def test_more_than_one_document_is_refused():
    problem = problem_of("a: 1\n---\nb: 2\n")
    assert problem.line == 1 and "expected a single document" in problem.message


@pytest.mark.parametrize("text", ["n: !!int abc\n", "n: !!float abc\n", "b: !!bool maybe\n",
                                  "t: !!timestamp nope\n"])
def test_values_that_cannot_be_constructed_are_problems(text):
    problem = problem_of(text)
    assert problem.line == 0
    assert problem.message == f"'{text.split()[-1]}' is not a valid {text.split()[1]} value"


@pytest.mark.parametrize("text", ["date: 2023-02-30\n", "date: 2023-13-01\n", "date: 2023-06-24T25:00:00\n",
                                  "a: &d 2023-02-30\ndate: *d\n"])
def test_a_date_that_is_no_day_is_kept_as_its_text_for_the_field_to_report(text):
    """Not a problem of the whole document: the rest of the file is still read and checked."""
    data, _ = load_yaml(text)
    assert data["date"] == text.split()[-1].replace("*d", "2023-02-30")


# Syntax errors and their hints ----------------------------------------------------------------


def test_colon_in_an_unquoted_value_gets_the_quoting_hint():
    problem = problem_of("title: Minsk: a refuge\n")
    assert (problem.line, problem.column) == (0, 12)  # the second colon
    assert problem.message == "invalid YAML: mapping values are not allowed in this context"
    assert problem.hint == 'a value containing \': \' must be quoted: title: "Minsk: a refuge"'


def test_tab_indentation_gets_the_spaces_hint():
    problem = problem_of("actors:\n\t- a\n")
    assert (problem.line, problem.column) == (1, 0)
    assert problem.hint == "YAML indents with spaces, not tabs"


def told(text: str) -> tuple:
    """(1-based line, 1-based column, message, hint) of the problem in `text`, read as a front
    matter whose first line is line 2 of its file."""
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text, first_line=2)
    problem = raised.value
    return (problem.line + 2, problem.column + 1, problem.message, problem.hint)


@pytest.mark.parametrize("next_line", ["summary: Prigozhin's men", 'summary: "Wagner" PMC', "summary: x"])
def test_an_unclosed_list_is_named_where_it_starts_whatever_the_next_line_holds(next_line):
    """Was: an apostrophe or quote on the line where YAML gave up made the hint blame a quote."""
    assert told(f"name: Wagner Group\naliases: [Wagner, PMC Wagner\n{next_line}\n") == (
        3, 10, "the [ list that starts on line 3 is not closed",
        "end it with ] after its last entry, e.g. aliases: [Wagner, PMC Wagner]")


def test_an_unclosed_mapping_is_named_where_it_starts():
    assert told("links: {Wikipedia: https://example.org/\nsummary: It's here\n") == (
        2, 8, "the { mapping that starts on line 2 is not closed",
        "end it with } after its last entry, e.g. links: {Wikipedia: https://example.org/}")


def test_an_unclosed_list_over_several_lines_gets_no_one_line_example():
    line, column, message, hint = told("aliases: [Wagner,\n  PMC Wagner,\n  Orchestra\nsummary: x\n")
    assert (line, column, message) == (2, 10, "the [ list that starts on line 2 is not closed")
    assert hint == "end it with ] after its last entry"


def test_a_mapping_left_open_inside_a_list_is_named():
    assert told("aliases: [a, {b: c]\n")[1:] == (14, "the { mapping is not closed before the ]",
                                                 "close it with }")


def test_an_apostrophe_in_plain_text_with_a_colon_gets_the_quoting_hint_not_a_quote_hint():
    assert told("title: Lukashenko's deal: the end\n") == (
        2, 25, "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted: title: \"Lukashenko's deal: the end\"")


def test_an_apostrophe_inside_single_quotes_ends_them():
    assert told("title: 'Lukashenko's deal'\n") == (
        2, 20, "text after the closing ' of a quoted value",
        "inside '...' write an apostrophe twice (''), or use double quotes: "
        "title: \"Lukashenko's deal\"")


def test_text_after_a_double_quoted_word():
    assert told('title: "Refloated" the ship\n') == (
        2, 20, 'text after the closing " of a quoted value',
        "inside \"...\" write a quote as \\\", or quote the whole value with ': "
        "title: '\"Refloated\" the ship'")


@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ("‘", "’"), ("„", "“"), ("«", "»")])
def test_curly_quotes_are_not_quotes(opening, closing):
    assert told(f"date: 2021-03-29\ntitle: {opening}Refloated: the ship moves{closing}\n") == (
        3, 8, "curly quotes (“ ” ‘ ’ „ « ») are not YAML quotes",
        'use straight quotes " or \': title: "Refloated: the ship moves"')


def test_an_unclosed_quote_is_named_where_it_opens():
    assert told('title: "Refloated\nsummary: The ship moves.\n') == (
        2, 8, "this quoted text is not closed",
        'add the closing " at its end: YAML read on to line 4 looking for it')


def test_a_line_indented_under_a_field_with_a_value():
    assert told("title: Refloated\n  date: 2021-03-29\n")[3] == (
        "this line is indented more than line 2, so YAML reads it as more of that line's value; "
        "line it up with the field above")


@pytest.mark.parametrize("line", ["title", "title:Refloated"])
def test_a_line_that_is_no_field_followed_by_one(line):
    assert told(f"{line}\ndate: 2021-03-29\n")[3] == (
        "line 2 is not a field (`key: value`, with a space after the colon), so YAML reads this "
        "line as more of it")


def test_a_line_of_text_among_fields():
    assert told("title: T\nsome words\ndate: 2021-03-29\n")[:3] == (3, 1, "this line is not a field")


def test_list_entries_that_do_not_line_up():
    assert told("actors:\n  - a\n - b\n")[3] == (
        "this line is indented 1 space and line 3 2 spaces: the entries of one list or mapping "
        "line up, and what belongs to a `key:` is indented more than it")


def test_a_list_entry_under_a_field_with_a_value():
    assert told("title: T\n- a\n")[3] == "a list entry belongs under a `key:` line, indented more than it"


def test_a_bracket_that_closes_nothing():
    assert told("aliases: [a, b]]\n")[1:] == (
        16, "invalid YAML: did not find expected key (while parsing a block mapping)",
        "this ] closes nothing; remove it")


@pytest.mark.parametrize("value", ["@wagner", "`code`", "%x", "& x", "* x", "]x"])
def test_a_value_starting_with_a_reserved_character_gets_a_quoted_line(value):
    assert told(f"title: {value}\n")[3] == f"a YAML value cannot start with {value[0]}; quote it: " \
                                           f'title: "{value}"'


def test_a_block_scalar_indicator_with_text_after_it():
    assert told("title: |x\n")[3] == ("| and > start a block of text on the lines below, indented; to "
                                      'write text on this line, quote it: title: "|x"')


def test_a_backslash_in_double_quotes():
    assert "write \\\\ for a backslash" in told('title: "C:\\qwe"\n')[3]


def test_an_invisible_control_character_is_placed_and_named():
    assert told("title: T\nsummary: a\x07b\n") == (
        3, 11, "character U+0007 is not allowed in YAML",
        "delete it: most editors do not show it (it often comes with pasted text)")


def test_a_list_as_a_key_is_a_problem_not_a_crash():
    assert told("actors:\n  - {[a]: b}\n")[::3] == (
        3, "a key is text, not a [ list ] or { mapping }; quote it if the brackets are part of the text")


HOSTILE = ["aliases: [Wagner, PMC Wagner\nsummary: Prigozhin's men\n", "title: 'It's'\n",
           "title: “a: b”\n", 'title: "a\n', "title: x\n\tdate: y\n", "a: [b, {c: d]\n", "title: @\n",
           "actors:\n  - a\n - b\n", "title\nx: y\n", "- a\nb: c\n", "a: b\n- c\n", "a: 'b' 'c'\n", "[\n",
           "{\n", "'\n", '"\n', "a: |\n b\nc\n", "? a\n: b\n: c\n", "a: !!int x\n", "\x00\n"]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_hint_blames_a_quote_by_counting_quotes_and_every_problem_is_placed(text):
    line, column, message, hint = told(text)
    assert line >= 2 and column >= 1 and message
    assert hint is None or "quote on this line is not closed" not in hint


# Line endings and byte order mark ----------------------------------------------------------


def test_crlf_and_lone_cr_count_as_one_line_break():
    lf, lf_positions = load_yaml("title: a\nsummary: b\n")
    for text in ("title: a\r\nsummary: b\r\n", "title: a\rsummary: b\r"):
        data, positions = load_yaml(text)
        assert data == lf == {"title": "a", "summary": "b"}
        assert dict(positions) == dict(lf_positions) and positions.keys_at == lf_positions.keys_at


def test_a_byte_order_mark_is_neither_data_nor_a_column():
    data, positions = load_yaml("\ufefftitle: a\r\nsummary: b\r\n")
    assert data == {"title": "a", "summary": "b"}
    assert positions[("title",)] == (0, 7) and positions.key(("title",)) == (0, 0)
    assert positions[("summary",)] == (1, 9)


# The one-pass builder of plain documents ------------------------------------------------------

PLAIN_DOCUMENTS = [
    FRONT,
    "date: 2023-06-24\nwhen: 2023-06-24 10:30:00+03:00\nnaive: 2001-12-14t21:59:43.10\n",
    "flags: [yes, No, TRUE, off, on, n, y]\nnulls: [~, null, Null, '', ]\nempty:\n",
    "ints: [0, -7, +12, 0x1F, 0o17, 017, 1_000, 0b101, 190:20:30]\n",
    "floats: [1.5, -.5, 6.8523015e+5, .inf, -.Inf, 1_000.5, 190:20:30.15]\n",
    "nan: .nan\n",
    "1: one\n2.5: two and a half\ntrue: yes\n~: nothing\n2023-01-01: a date key\n",
    "quoted: \"yes\"\nsingle: '2023-06-24'\ntagged: !!str 12\nlong: !!int '42'\n",
    "nested:\n  - a: [1, {b: c}]\n    d:\n      - - deep\n  - []\n  - {}\n",
    "text: |\n  kept\n  lines\nfolded: >\n  one\n  line\n",
    "scalar alias: &name Minsk\nagain: *name\n",
    "unicode: Лукашенко — «посредник»\n",
    "- just\n- a list\n",
    "plain text at the top",
]


def typed(value):
    """A value with every type spelled out: True == 1 and 1.0 == 1 must not pass for equal."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


@pytest.mark.parametrize("text", PLAIN_DOCUMENTS)
def test_plain_documents_are_built_as_pyyaml_builds_them(text):
    from backstory.content.yamlpos import SafeLoader, _built

    loader = SafeLoader(text)
    node = loader.get_single_node()
    ours = _built(node, loader)  # the fast path itself, not a fallback
    assert typed(ours) == typed(SafeLoader(text).get_single_data())
    assert typed(load_yaml(text)[0]) == typed(ours)


@pytest.mark.parametrize("text", [
    "base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2\n",  # alias of a mapping: not a plain document
    "inline:\n  <<: {a: 1}\n  c: 2\n",                 # a merge key without an alias
    "=: the value key\n",
    "s: !!set {a, b}\n", "o: !!omap [a: 1, b: 2]\n", "p: !!pairs [a: 1, a: 2]\n",
    "bin: !!binary aGVsbG8=\n",
])
def test_other_tags_and_keys_are_left_to_pyyaml(text):
    from backstory.content.yamlpos import SafeLoader, _built, _Unusual

    loader = SafeLoader(text)
    with pytest.raises(_Unusual):
        _built(loader.get_single_node(), loader)
    try:
        theirs = SafeLoader(text).get_single_data()
    except yaml.YAMLError:  # `=` as a key: PyYAML's own constructor refuses it
        problem_of(text)
    else:
        assert typed(load_yaml(text)[0]) == typed(theirs)
