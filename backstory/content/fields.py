"""Reading typed fields out of one front-matter mapping, each problem reported where it stands."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Diagnostics, did_you_mean
from .datefields import FORMS, DateProblem, read_when
from .model import Position
from .sources import SourceFile
from .values import control_character, http_url_problem, kind_of
from .when import When
from .yamlhints import CURLY_MESSAGE, curly_hint, curly_quoted
from .yamlpos import Positions


class Fields:
    """Reads typed fields out of one front-matter mapping, reporting each problem in place."""

    def __init__(self, file: SourceFile, first_line: int, data: dict, positions: Positions,
                 diagnostics: Diagnostics, default_zone: str | None = None):
        """`first_line`: the file's line where the YAML starts, as positions count from it;
        `default_zone`: site.yaml's `timezone:`, the zone of times written without one."""
        self.file, self.first_line, self.data = file, first_line, data
        self.default_zone = default_zone
        self.positions, self.diagnostics = positions, diagnostics
        self.lines = file.text.split("\n")

    def position(self, path: tuple, of_key: bool = False) -> Position:
        line, column = self.positions.key(path) if of_key else self.positions.get(path, (0, 0))
        return Position(self.file.shown, self.first_line + line, column + 1)

    def error(self, path: tuple, message: str, hint: str | None = None, of_key: bool = False) -> None:
        at = self.position(path, of_key)
        source_line = self.lines[at.line - 1] if 0 < at.line <= len(self.lines) else None
        self.diagnostics.error(at.path, at.line, at.column, message, hint, source_line)

    def written(self, path: tuple) -> str | None:
        """The value at path exactly as the author typed it (a plain scalar on one line)."""
        at = self.position(path)
        if not 0 < at.line <= len(self.lines):
            return None
        text = self.lines[at.line - 1][at.column - 1 :]
        return text.split(" #", 1)[0].strip() or None

    def missing(self, key: str, example: str) -> None:
        self.diagnostics.error(self.file.shown, 1, 1, f"missing required field '{key}'",
                               f"add a line such as `{key}: {example}` to the front matter",
                               self.lines[0])

    def text(self, key: str, required: str | None = None) -> str | None:
        """A text field; `required` is an example value used in the hint when it is absent."""
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required is not None:
                if key in self.data:
                    self.error((key,), f"'{key}' is empty", f"write it as `{key}: {required}`")
                else:
                    self.missing(key, required)
            return None
        if not isinstance(value, str):
            if not self.curly((key,), value):
                hint = None
                if isinstance(value, (int, float, bool, dt.date)):
                    written = self.written((key,)) or str(value)
                    hint = f'quote it: {key}: "{written}"'
                self.error((key,), f"'{key}' must be text, not {kind_of(value)}", hint)
            return None
        return self.plain((key,), value)

    def plain(self, path: tuple, value: str) -> str | None:
        """Text with runs of spaces folded to one; None (reported) with a control character."""
        control = control_character(value)
        if control:
            self.error(path, f"'{path[0]}' contains the invisible control character {control}",
                       "delete it (it often comes with pasted text)")
            return None
        return " ".join(value.split())

    def curly(self, path: tuple, value: Any) -> bool:
        """Reports a mapping that is text in curly quotes (`- “PMC: Wagner”`); whether it was."""
        fixed = curly_quoted(self.written(path) or "") if isinstance(value, dict) else None
        if fixed is not None:
            self.error(path, CURLY_MESSAGE, curly_hint(f"- {fixed}" if isinstance(path[-1], int)
                                                       else f"{path[-1]}: {fixed}"))
        return fixed is not None

    def date(self, key: str, required: str | None = None) -> When | None:
        """A date at the precision written (content/datefields.py), or None after an error;
        `required` is an example value used in the hint when it is absent."""
        value = self.data.get(key)
        if value is None or isinstance(value, str) and not value.strip():  # `end: ""` as a form
            if required is not None:  # leaves a field it was given: no date, as with text fields
                if value is not None:
                    self.error((key,), f"'{key}' is empty", f"write it as `{key}: {required}`")
                else:
                    self.missing(key, required)
            return None
        if self.curly((key,), value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads 0570 as octal and 9:30 as a count of minutes: a number that was not
            # written as four digits is not a year.
            written = self.written((key,))
            if written is not None and not (re.fullmatch(r"[0-9]{4}", written) and int(written) == value):
                self.error((key,), f"'{key}' must be a date like 2023-06-24, not '{written}'",
                           f"YAML reads {written} as the number {value}; write a year as four "
                           f"digits, or put the value in quotes; accepted forms: {FORMS}")
                return None
        try:
            return read_when(value, self.default_zone)
        except DateProblem as problem:
            self.error((key,), f"'{key}' {problem.message}", problem.hint)
            return None

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error((key,), f"'{key}' must be true or false")
            return False
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        return tuple(text for text, _ in self.placed_list(key))

    def placed_list(self, key: str) -> tuple[tuple[str, Position], ...]:
        """A list of texts, each with where it is written."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            example = value if isinstance(value, str) else "first, second"
            self.error((key,), f"'{key}' must be a list, not {kind_of(value)}",
                       f"write it as `{key}: [{example}]`")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                text = self.plain((key, index), str(item))
                if text is not None:
                    items.append((text, self.position((key, index))))
            elif item is None or isinstance(item, str):
                self.error((key, index), f"an entry of '{key}' is empty", "remove it or fill it in")
            elif not self.curly((key, index), item):
                self.error((key, index), f"each of '{key}' must be text, not {kind_of(item)}")
        return tuple(items)

    def url(self, path: tuple, value: Any) -> str | None:
        if not isinstance(value, str) or http_url_problem(value.strip()):
            self.error(path, "links must be http:// or https:// URLs",
                       "write the whole address, e.g. https://en.wikipedia.org/wiki/Belarus")
            return None
        return value.strip()

    def check_known(self, known: tuple[str, ...], type_name: str) -> None:
        for key in self.data:
            if str(key) in known:
                continue
            hint = did_you_mean(str(key), known)
            if hint is None and key in _USED_ELSEWHERE:
                hint = _USED_ELSEWHERE[key].get(type_name)
            self.error((str(key),), f"unknown field '{key}' for {type_name}",
                       hint or f"{type_name} take: {', '.join(known)}", of_key=True)


_USED_ELSEWHERE = {
    "title": {"actors": "actors have a 'name', not a 'title'",
              "places": "places have a 'name', not a 'title'"},
    **{axis: {"places": "write both under `coordinates: [latitude, longitude]`"}
       for axis in ("latitude", "longitude", "lat", "lon", "lng", "geo", "location")},
    "country": {"places": "write `within:` and the slug of the place or state it lies in"},
    "name": {"events": "events have a 'title', not a 'name'",
             "articles": "articles have a 'title', not a 'name'"},
}



def names_of(f: Fields, key: str, name: str | None) -> tuple[tuple[tuple[str, Position], ...],
                                                         tuple[str, ...], tuple[str, ...]]:
    """What a record is known by: its name (or title) and aliases, `forms:` last, each where it
    is written; the aliases with the forms; the forms alone (linked, not listed as names)."""
    own = ((name, f.position((key,))),) if name else ()
    aliases, forms = f.placed_list("aliases"), f.placed_list("forms")
    return (own + aliases + forms, tuple(text for text, _ in aliases + forms),
            tuple(text for text, _ in forms))
