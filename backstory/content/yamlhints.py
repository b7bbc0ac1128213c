"""Why a text is not YAML, told in the author's terms: what to change, and where.

PyYAML names the token it could not place ("did not find expected key"); an author needs to
hear that a list is not closed, that a quote ends too early, or that curly quotes are not
quotes. Each explanation looks at the error's own structure (its problem, its context, where
each stands) and at the line, never at counts that other text on the line can upset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

# Quotes a word processor types; YAML only knows the straight " and '.
CURLY_QUOTES = "“”‘’„‚«»‹›"
_OPENING_CURLY = "“‘„‚«‹”’»"
# Where the value of a line starts: after its indentation, list dashes and `key: `. A key does
# not start with a quote, so `- “Report: x”` is a value, not a key.
_VALUE_START = re.compile(r"[ \t]*(?:-[ \t]+)*(?:[^\s:#'\"" + CURLY_QUOTES + r"][^:]*?:[ \t]+)?")
_FIELD = re.compile(r"[^\s#][^:]*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Explained:
    line: int  # 0-based, within the parsed text
    column: int
    message: str
    hint: str | None = None


Where = Callable[[object], tuple[int, int]]


def explain(error: yaml.MarkedYAMLError, text: str, first_line: int, where: Where) -> Explained:
    """The error as an author should read it; `first_line` is the file's line of the text's
    first line (hints name lines of the file)."""
    lines = text.split("\n")
    line, column = where(error.problem_mark or error.context_mark)
    current = lines[line] if 0 <= line < len(lines) else ""
    started = where(error.context_mark) if error.context_mark is not None else None
    plain = Explained(line, column, describe(error))
    if "could not determine a constructor" in (error.problem or ""):
        return plain  # a tag: the message says it all
    for explainer in (_curly, _unclosed_quote, _text_after_quote, _unclosed_flow, _colon_in_value,
                      _tab, _not_a_field, _misplaced, _reserved_start, _undefined_alias,
                      _unusable_key):
        found = explainer(error, plain, current, started, lines, first_line)
        if found is not None:
            return found
    return plain


def describe(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    if "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[-1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return f"YAML tag '{tag}' is not allowed: front matter is data, never code"
    if problem and context:
        return f"invalid YAML: {problem} ({context})"
    return f"invalid YAML: {problem or context or 'cannot parse'}"


def quoted(value: str) -> str:
    """`value` as YAML reads back exactly: double quotes unless it holds " or \\."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def curly_quoted(written: str) -> str | None:
    """`written` (a value as typed) with its curly quotes made straight, when it starts with
    one; None when it does not."""
    written = written.strip()
    if not written or written[0] not in _OPENING_CURLY:
        return None
    closing = max(written.rfind(q) for q in CURLY_QUOTES)
    inner, rest = (written[1:closing], written[closing + 1:]) if closing > 0 else (written[1:], "")
    return quoted(inner) + rest


CURLY_MESSAGE = "curly quotes (“ ” ‘ ’ „ « ») are not YAML quotes"


def curly_hint(fixed: str) -> str:
    return f"use straight quotes \" or ': {fixed}"


# Each explainer: (error, the plain explanation, the error's line, where the context started,
# all lines, first line number) -> a better Explained, or None when it does not apply.


def _curly(error, plain, current, started, lines, first_line) -> Explained | None:
    start = _VALUE_START.match(current).end()
    fixed = curly_quoted(current[start:])
    if fixed is None:
        return None
    return Explained(plain.line, start, CURLY_MESSAGE, curly_hint(_field_line(current[:start], fixed)))


def _unclosed_quote(error, plain, current, started, lines, first_line) -> Explained | None:
    if "quoted scalar" not in (error.context or ""):
        return None
    problem = error.problem or ""
    if "escape" in problem:
        return replace_hint(plain, 'inside "..." a backslash starts an escape such as \\n; write '
                                   "\\\\ for a backslash, or quote the value with ' instead")
    if started is None or not ("end of stream" in problem or "document" in problem):
        return None
    opening = lines[started[0]][started[1]:started[1] + 1] or '"'
    return Explained(*started, "this quoted text is not closed",
                     f"add the closing {opening} at its end: YAML read on to line "
                     f"{first_line + plain.line} looking for it")


def _text_after_quote(error, plain, current, started, lines, first_line) -> Explained | None:
    """`title: 'Lukashenko's deal'`: the quote closes at the apostrophe; the rest is stray."""
    column = plain.column
    before = current[:column].rstrip()
    if not before or before[-1] not in "'\"" or column >= len(current) or current[column] in ",]}:#":
        return None
    quote = before[-1]
    start = _VALUE_START.match(current).end()
    value = _without_comment(current[start:])
    fix = ""
    if value[:1] == quote:  # the value is one quoted text, not an entry of a [ list
        inner = value[1:-1] if len(value) > 1 and value[-1] == quote else value
        fix = ": " + _field_line(current[:start], quoted(inner))
    if quote == "'":
        hint = "inside '...' write an apostrophe twice (''), or use double quotes"
    else:
        hint = "inside \"...\" write a quote as \\\", or quote the whole value with '"
    return Explained(plain.line, column, f"text after the closing {quote} of a quoted value",
                     hint + fix)


def _unclosed_flow(error, plain, current, started, lines, first_line) -> Explained | None:
    context, problem = error.context or "", error.problem or ""
    if "flow node" in context and not current.strip():  # `aliases: [` and then nothing
        above = _line_above(lines, plain.line)
        opened = lines[above].rstrip() if above is not None else ""
        if opened[-1:] in ("[", "{", ","):
            at = max(opened.rfind("["), opened.rfind("{"))
            what, closer = ("[ list", "]") if opened[at] == "[" else ("{ mapping", "}")
            return Explained(above, at, f"the {what} that starts on line {first_line + above} is "
                                        "not closed", f"end it with {closer} after its last entry")
    if "flow" not in context or not problem.startswith("did not find expected ','") \
            or started is None:
        return None
    what, closer = ("[ list", "]") if "sequence" in context else ("{ mapping", "}")
    opening_line = lines[started[0]]
    if started[0] != plain.line:
        example = ""
        following = _line_below(lines, started[0])
        one_line = following is None or _FIELD.match(lines[following].lstrip()) and \
            _indent(lines[following]) <= _indent(opening_line)
        if one_line and _without_comment(opening_line[started[1] + 1:]):  # entries, unclosed
            example = f", e.g. {_without_comment(opening_line)}{closer}"
        return Explained(*started, f"the {what} that starts on line {first_line + started[0]} "
                                   "is not closed", f"end it with {closer} after its last entry"
                                                    f"{example}")
    if plain.column < len(current) and current[plain.column] in "]}":
        return Explained(*started, f"the {what} is not closed before the {current[plain.column]}",
                         f"close it with {closer}")
    return replace_hint(plain, f"separate the entries of the {what} with commas")


def _colon_in_value(error, plain, current, started, lines, first_line) -> Explained | None:
    if "mapping values are not allowed" not in (error.problem or ""):
        return None
    start = _VALUE_START.match(current).end()
    if start and start <= plain.column:  # `key: value: more`: the value holds ': '
        fixed = _field_line(current[:start], quoted(_without_comment(current[start:])))
        return replace_hint(plain, f"a value containing ': ' must be quoted: {fixed}")
    above = _line_above(lines, plain.line)
    if above is None:
        return None
    if _FIELD.match(lines[above].lstrip()) and _indent(current) > _indent(lines[above]):
        return replace_hint(plain, f"this line is indented more than line {first_line + above}, so "
                                   "YAML reads it as more of that line's value; line it up with "
                                   "the field above")
    return replace_hint(plain, f"line {first_line + above} is not a field (`key: value`, with a "
                               "space after the colon), so YAML reads this line as more of it")


def _tab(error, plain, current, started, lines, first_line) -> Explained | None:
    if "tab" in (error.problem or "") or "\t" in current[:_indent(current, tabs=True)]:
        return replace_hint(plain, "YAML indents with spaces, not tabs")
    return None


def _not_a_field(error, plain, current, started, lines, first_line) -> Explained | None:
    """A line of plain text among fields: YAML looks for its ':' on the next line."""
    if "simple key" not in (error.context or "") or started is None:
        return None
    return Explained(*started, "this line is not a field",
                     "write it as `key: value` (a space after the colon), indent it under the "
                     "field it belongs to, or remove it")


def _misplaced(error, plain, current, started, lines, first_line) -> Explained | None:
    """Something a mapping or list cannot hold where it stands: usually indentation."""
    problem = error.problem or ""
    if "expected '-' indicator" in problem:
        return replace_hint(plain, "the lines above are list entries (- ...): this line must be "
                                   "one too, or belong to a `key:` line")
    if "expected key" not in problem and "<block end>" not in problem:
        return None
    here = current[plain.column:plain.column + 1]
    if here in ("]", "}"):
        return replace_hint(plain, f"this {here} closes nothing; remove it")
    above = _line_above(lines, plain.line)
    if above is None:
        return None
    indent, above_indent = _indent(current), _indent(lines[above])
    if indent == above_indent and here == "-":
        return replace_hint(plain, "a list entry belongs under a `key:` line, indented more "
                                   "than it")
    if indent == above_indent:
        return replace_hint(plain, "this line is not a field: write it as `key: value` (a space "
                                   "after the colon), or remove it")
    return replace_hint(plain, f"this line is indented {_spaces(indent)} and line "
                               f"{first_line + above} {_spaces(above_indent)}: the entries of one "
                               "list or mapping line up, and what belongs to a `key:` is "
                               "indented more than it")


def _reserved_start(error, plain, current, started, lines, first_line) -> Explained | None:
    problem, context = error.problem or "", error.context or ""
    if not ("cannot start any token" in problem or "expected node content" in problem
            or "anchor" in context or "alias" in context or "block scalar" in context):
        return None
    start = _VALUE_START.match(current).end()
    value = _without_comment(current[start:])
    if "block scalar" in context:
        return replace_hint(plain, "| and > start a block of text on the lines below, indented; "
                                   f"to write text on this line, quote it: "
                                   f"{_field_line(current[:start], quoted(value))}")
    at = plain.column - 1 if "scanning an a" in context else plain.column  # after the & or *
    first = current[at:at + 1]
    if not first.strip():  # the end of the text: something left open, not a character
        return None
    if start != at or not value:  # inside a [ list, say: no line to offer
        return replace_hint(plain, f"a YAML value cannot start with {first}; quote it")
    return replace_hint(plain, f"a YAML value cannot start with {first}; quote it: "
                               f"{_field_line(current[:start], quoted(value))}")


def _undefined_alias(error, plain, current, started, lines, first_line) -> Explained | None:
    if "found undefined alias" not in (error.problem or ""):
        return None
    return replace_hint(plain, "anchors (&name) must be defined before an alias (*name) uses "
                               "them; to write text starting with *, quote it")


def _unusable_key(error, plain, current, started, lines, first_line) -> Explained | None:
    if "unhashable key" not in (error.problem or ""):
        return None
    return replace_hint(plain, "a key is text, not a [ list ] or { mapping }; quote it if the "
                               "brackets are part of the text")


def replace_hint(plain: Explained, hint: str) -> Explained:
    return Explained(plain.line, plain.column, plain.message, hint)


def _field_line(prefix: str, value: str) -> str:
    """`key: value` as a hint shows it: the line's key (or dash), then the value."""
    prefix = prefix.strip()
    return f"{prefix} {value}" if prefix else value


def _without_comment(value: str) -> str:
    """A plain value without its ` # comment`, as YAML reads it."""
    return value.split(" #", 1)[0].strip()


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _line_above(lines: list[str], line: int) -> int | None:
    """The nearest line above `line` with something on it besides a comment."""
    for index in range(min(line, len(lines)) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _line_below(lines: list[str], line: int) -> int | None:
    """The nearest line below `line` with something on it besides a comment."""
    for index in range(line + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def _indent(line: str, tabs: bool = False) -> int:
    return len(line) - len(line.lstrip(" \t" if tabs else " "))
