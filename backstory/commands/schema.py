"""`backstory schema`: the site's front-matter rules as JSON Schema, printed or written to a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..content.config import load_config
from ..content.frontmatter_schema import front_matter_schema
from ..errors import Diagnostics, format_report, with_source_lines


def schema_text(source: Path, content_type: str | None = None) -> tuple[str | None, Diagnostics]:
    """The schema as JSON text (keys sorted, so that the same settings give the same bytes),
    or None with the problems of site.yaml that stop it."""
    diagnostics = Diagnostics()
    config = load_config(source, diagnostics)
    if diagnostics.has_errors:
        return None, diagnostics
    schema = front_matter_schema(config, content_type)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n", diagnostics


def write_schema(source: Path, out: Path | None, content_type: str | None) -> int:
    """The command: 0 when written (to `out`, or stdout), 1 when site.yaml stops it."""
    if not source.is_dir():
        print(f"{source}:1:1: error: no such folder\n  hint: give the site's folder with --source",
              file=sys.stderr)
        return 1
    text, diagnostics = schema_text(source, content_type)
    if text is None:
        print(format_report(with_source_lines(diagnostics.sorted(), source)), file=sys.stderr)
        print("no schema written", file=sys.stderr)
        return 1
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"{out}:1:1: error: cannot write the schema: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
