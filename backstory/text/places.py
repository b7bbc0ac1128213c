"""Where an offset into a block's inline text is in the file: line and column, for the wiki
links, links and images parse_body records (markdown.py).

markdown-it gives a block its first line (`map`) but not its column, and its inline text is the
source without container markers (`> `, `- `, indentation): each line of it ends the source line
it came from. A table cell's text is one of several on its line, cut out at unescaped pipes as
markdown-it's `escapedSplit` cuts it, with `\\|` read as `|`.
"""

from __future__ import annotations

import bisect
import re

_NEWLINE = re.compile("\n")


class Places:
    """Line (0-based, in the body) and column (1-based) of offsets into a block's inline text.
    Work is done once per line, so a paragraph of thousands of links stays linear."""

    def __init__(self, content: str, first: int, lines: list[str]):
        self.content, self.first, self.lines = content, first, lines
        self.starts = [0] + [match.end() for match in _NEWLINE.finditer(content)]
        self.bases: dict[int, int] = {}

    def of(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[index]
        if index not in self.bases:
            end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.content)
            piece = self.content[start:end]
            line = self.first + index
            source = self.lines[line] if line < len(self.lines) else ""
            self.bases[index] = source.rfind(piece) if piece else -1
        base = self.bases[index]
        return self.first + index, (base + offset - start + 1) if base >= 0 else 1


class CellPlaces:
    """Places in the text of a table row's `cell`-th cell (0-based), found between the pipes
    that bound it: looked for in the whole row, the same text in two cells was placed in one."""

    def __init__(self, content: str, line: int, lines: list[str], cell: int):
        self.line = line
        source = lines[line] if line < len(lines) else ""
        self.start, self.escapes = _cell_text(source, cell, content)

    def of(self, offset: int) -> tuple[int, int]:
        if self.start < 0:
            return self.line, 1
        # Each `\|` before the offset is one character more in the source than in the text.
        shift = bisect.bisect_right(self.escapes, offset)
        return self.line, self.start + offset + shift + 1


def _cell_text(source: str, cell: int, content: str) -> tuple[int, list[int]]:
    """Where the cell's text starts in its source line (-1 if it is not found there), and the
    offsets in that text of the pipes written escaped."""
    bounds, last = [], 0
    for position, char in enumerate(source):
        if char == "|" and (position == 0 or source[position - 1] != "\\"):
            bounds.append((last, position))
            last = position + 1
    bounds.append((last, len(source)))
    # A row that opens with a pipe (after any `> ` of a quotation) has an empty first column,
    # which markdown-it drops.
    opens = bool(bounds) and not source[bounds[0][0]:bounds[0][1]].strip(" \t>")
    index = cell + (1 if opens and len(bounds) > 1 else 0)
    if index >= len(bounds):
        return -1, []
    start, end = bounds[index]
    raw = source[start:end]
    if raw.replace("\\|", "|").strip() != content:
        return -1, []
    text_start = start + len(raw) - len(raw.lstrip())
    escapes, seen = [], 0
    for match in re.finditer(r"\\\|", source[text_start:end]):
        escapes.append(match.start() - seen)  # where the `|` is in the text
        seen += 1
    return text_start, escapes
