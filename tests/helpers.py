"""Shared helpers for the site-level tests."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from backstory.commands.cli import main
from backstory.output.state import output_record

# An asset's name as pages link it, with its content hash: assets/style.1a2b3c4d5e.css
HASHED_ASSET = re.compile(r"(assets/[\w.-]+?)\.[0-9a-f]{10}(\.\w+)\b")


def plain_assets(text: str) -> str:
    """The text with each hashed asset name put back to its plain one."""
    return HASHED_ASSET.sub(r"\1\2", text)


TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
BASIC_SITE = FIXTURES / "sites" / "basic"


def copy_site(source: Path, into: Path) -> Path:
    """A copy of a fixture site (without its expected output) to build in isolation."""
    shutil.copytree(source, into, ignore=shutil.ignore_patterns("expected", "expected.txt", "site"))
    return into


def copy_example(into: Path) -> Path:
    """The example site (content, layouts, static, site.yaml) copied to `into`, to build or edit."""
    into.mkdir()
    for name in ("content", "layouts", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, into / name)
    shutil.copy(REPO / "site.yaml", into / "site.yaml")
    return into


def keep_as_typed(site: Path) -> None:
    """Turn typographic quotes and dashes off in a copied site, for tests of text that must
    arrive exactly as typed (hostile markup with `--` in it)."""
    config = site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nmarkdown:\n  typographer: false\n",
                      encoding="utf-8")


def overlay(case: Path, site: Path) -> None:
    """Lay a case's files over a site copy: each file replaces or adds one."""
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if path.is_file() and relative.as_posix() != "expected.txt":
            target = site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def manifest_of(source: Path, out: Path) -> list[str]:
    """The files the last build into `out` recorded writing (state.py keeps the record)."""
    record = output_record(source, out)
    return json.loads(record.manifest.read_text(encoding="utf-8"))["files"]


def cache_folder(source: Path, out: Path) -> Path:
    """Where the build cache of builds from `source` into `out` lives."""
    return output_record(source, out).cache


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder (dotfiles included) with the hash of its bytes."""
    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def page_html(site: Path, path: str) -> str:
    """The page at `path` ("actors/x") of a built site."""
    return (site / path / "index.html").read_text(encoding="utf-8")


def json_ld_of(html: str) -> dict:
    """A page's schema.org data."""
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def settings_of(folder: Path, text: str):
    """site.yaml written in `folder` as `text`, read: (Config, [(line, column, message, hint)])."""
    from backstory.content.config import load_config
    from backstory.errors import Diagnostics

    (folder / "site.yaml").write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    config = load_config(folder, diagnostics)
    return config, [(d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


def parsed(folder: Path, relative: str, text: str, config):
    """content/`relative` written in `folder` as `text` and parsed under `config`:
    (record, [(line, column, message, hint)])."""
    from backstory.content.frontmatter import parse_source
    from backstory.content.sources import SourceFile
    from backstory.errors import Diagnostics
    from backstory.text.markdown import make_parser

    path = folder / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    file = SourceFile(path=path, shown=f"content/{relative}", type=relative.split("/")[0],
                      slug=Path(relative).stem, text=text, digest="d")
    diagnostics = Diagnostics()
    record = parse_source(file, make_parser(), diagnostics, config)
    return record, [(d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


def originals(folder: Path, recursive: bool = False) -> list[Path]:
    """The content files in `folder` that are originals, not translations (`x.ru.md`)."""
    found = folder.rglob("*.md") if recursive else folder.glob("*.md")
    return sorted(path for path in found if "." not in path.stem)
