"""Helpers shared by the unit tests: content files built in tmp_path and parsed in one call."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backstory.content.config import Config
from backstory.content.frontmatter import parse_source
from backstory.content.model import Record
from backstory.content.sources import SourceFile
from backstory.content.terms import Term
from backstory.errors import Diagnostic, Diagnostics
from backstory.text.markdown import make_parser

# The tags the unit tests' articles carry, as a site.yaml would define them.
CONFIG = Config(tags=(Term("belarus", "Belarus"), Term("2023", "2023"), Term("a", "A")))


@pytest.fixture
def source_file(tmp_path: Path):
    """`source_file("actors/x.md", text)`: the file written under tmp_path/content, as sources reads it."""

    def make(relative: str, text: str) -> SourceFile:
        path = tmp_path / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return SourceFile(path=path, shown=f"content/{relative}", type=relative.split("/")[0],
                          slug=Path(relative).stem, text=text,
                          digest=hashlib.sha256(text.encode("utf-8")).hexdigest())

    return make


@pytest.fixture
def parse(source_file):
    """`parse("events/x.md", text)` -> (record or None, every diagnostic, sorted)."""

    def run(relative: str, text: str) -> tuple[Record | None, list[Diagnostic]]:
        diagnostics = Diagnostics()
        record = parse_source(source_file(relative, text), make_parser(), diagnostics, CONFIG)
        return record, diagnostics.sorted()

    return run
