"""The one place that orders the stages: load, validate, resolve, render, write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config
from .errors import BuildFailed, Diagnostic, Diagnostics, display_path, with_source_lines
from .frontmatter import parse_source
from .markdown import make_parser
from .model import Site
from .render import ASSETS_DIR, check_layouts, layout_dirs, make_environment, plan_pages, render_page
from .resolve import resolve
from .sources import CONTENT_DIR, is_editor_litter, read_sources
from .write import Staging, UnsafeOutput, check_output_folder, clean_leftovers

STATIC_DIR = "static"
OUTPUT_DIR = "site"


@dataclass(frozen=True, slots=True)
class BuildResult:
    out: Path
    pages: int
    files: int
    seconds: float
    warnings: list[Diagnostic] = field(default_factory=list)


class Reporter:
    """Receives build events; the CLI, the dev server and tests each show them their way."""

    def warnings(self, items: list[Diagnostic]) -> None:
        pass


def load_site(source: Path, diagnostics: Diagnostics, drafts: bool = False,
              base_url: str | None = None):
    """Read and check everything a build needs, before any output is touched."""
    config = load_config(source, diagnostics, base_url)
    md = make_parser(config.raw_html)
    files = read_sources(source, diagnostics)
    records, broken = [], set()
    for file in files:
        record = parse_source(file, md, diagnostics)
        if record is None:
            broken.add(file.slug)
        else:
            records.append(record)
    site = resolve(records, diagnostics, include_drafts=drafts, broken=broken)
    env = make_environment(source)
    check_layouts(env, source, diagnostics)
    return config, site, env


def build(source: str | os.PathLike = ".", out: str | os.PathLike | None = None, *,
          drafts: bool = False, base_url: str | None = None,
          reporter: Reporter | None = None) -> BuildResult:
    """Build the site at `source` into `out` (default: source/site). Raises BuildFailed."""
    started = time.perf_counter()
    source = Path(source)
    out = Path(out) if out is not None else source / OUTPUT_DIR
    reporter = reporter or Reporter()
    try:
        out_real = check_output_folder(out, source, [source / d for d in (CONTENT_DIR, "layouts",
                                                                          STATIC_DIR)])
    except UnsafeOutput as refused:
        raise BuildFailed([refused.diagnostic]) from None

    diagnostics = Diagnostics()
    config, site, env = load_site(source, diagnostics, drafts, base_url)
    if diagnostics.has_errors:
        raise BuildFailed(with_source_lines(diagnostics.items, source))

    clean_leftovers(out_real)
    staging = Staging(out_real)
    try:
        pages = _write_pages(staging, env, site, config, source, diagnostics)
        _copy_files(staging, _asset_files(source), diagnostics, source)
        _copy_files(staging, _static_files(source, diagnostics), diagnostics, source)
        if diagnostics.has_errors:
            raise BuildFailed(diagnostics.items)
        staging.commit()
    except OSError as error:
        staging.abort()
        where = error.filename or out
        raise BuildFailed([Diagnostic(str(where), 1, 1, f"cannot write the site: {error.strerror}",
                                      "check free disk space and permissions")]) from None
    except BaseException:
        staging.abort()
        raise
    warnings = with_source_lines([d for d in diagnostics.sorted() if not d.is_error], source)
    reporter.warnings(warnings)
    return BuildResult(out_real, pages, len(staging.files), time.perf_counter() - started, warnings)


def _write_pages(staging: Staging, env, site: Site, config, source: Path,
                 diagnostics: Diagnostics) -> int:
    failures: dict[tuple, list[str]] = {}
    count = 0
    for spec in plan_pages(site, config):
        result = render_page(env, spec, site, config, source)
        if isinstance(result, Diagnostic):
            # One broken layout line fails many pages: report it once.
            key = (result.path, result.line, result.message.split(" (while rendering")[0])
            failures.setdefault(key, []).append(spec.output)
            if len(failures[key]) == 1:
                diagnostics.add(result)
            continue
        staging.write(spec.output, result.encode("utf-8"))
        count += 1
    return count


def _asset_files(source: Path) -> dict[str, Path]:
    """Files under layouts/assets/, the site's own overriding the defaults file by file."""
    found: dict[str, Path] = {}
    for folder in reversed(layout_dirs(source)):
        assets = folder / ASSETS_DIR
        for path in sorted(assets.rglob("*")) if assets.is_dir() else ():
            if path.is_file() and not is_editor_litter(path.name):
                found[f"{ASSETS_DIR}/{path.relative_to(assets).as_posix()}"] = path
    return found


def _static_files(source: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Files under static/, copied as they are to the site root."""
    static = source / STATIC_DIR
    found: dict[str, Path] = {}
    if not static.is_dir():
        return found
    static_real = static.resolve()
    for path in sorted(static.rglob("*")):
        if is_editor_litter(path.name) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(static_real):
            diagnostics.error(display_path(path, source), 1, 1,
                              "symbolic link points outside static/; not copied")
            continue
        found[path.relative_to(static).as_posix()] = path
    return found


def _copy_files(staging: Staging, files: dict[str, Path], diagnostics: Diagnostics,
                source: Path) -> None:
    taken = set(staging.files)
    for relative, path in files.items():
        if relative in taken:
            diagnostics.error(display_path(path, source), 1, 1,
                              f"{relative} is also written by the build",
                              "rename or move the file")
            continue
        try:
            staging.copy(path, relative)
        except ValueError as error:
            diagnostics.error(display_path(path, source), 1, 1, str(error))
