"""`backstory check`: build into a private temporary folder and check every internal link.

Nothing is published: the site's own output folder is never read or written. Problems in a
built page are reported at their place in the page, with the source and layout that made it.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..content.sources import STATIC_DIR
from ..errors import BuildFailed, Diagnostic, with_source_lines
from ..output.linkcheck import check_site
from ..pages.plan import plan_pages
from ..pipeline.builder import Builder


@dataclass(frozen=True, slots=True)
class CheckResult:
    pages: int
    html_files: int  # every page plus static HTML: all had their links checked
    build_seconds: float
    check_seconds: float
    warnings: list[Diagnostic]


def check(source: str | os.PathLike, *, drafts: bool = False,
          base_url: str | None = None, jobs: int | None = None) -> CheckResult:
    """Build and link-check the site at `source`. Raises BuildFailed with every problem."""
    source = Path(source)
    # A private folder, thrown away: no record of it in the site's .backstory/.
    builder = Builder(source, drafts=drafts, base_url=base_url, jobs=jobs, keep_record=False)
    with tempfile.TemporaryDirectory(prefix="backstory-check-") as scratch:
        out = Path(scratch) / "site"
        result = builder.build(out)
        started = time.perf_counter()
        loaded = builder.load()  # cached parses: cheap, and it names each page's source
        problems = check_site(out, loaded.config.base_path)
        checked = sum(1 for _ in out.rglob("*.html"))
        if problems:
            origins = {spec.output: spec for spec in plan_pages(loaded.site, loaded.config)}
            records = loaded.site.records
            raise BuildFailed([_placed(p, origins, records, source) for p in problems])
        seconds = time.perf_counter() - started
    return CheckResult(result.pages, checked, result.seconds, seconds,
                       result.warnings)


def _placed(problem: Diagnostic, origins: dict, records: dict, source: Path) -> Diagnostic:
    """A problem in a built file, pointed back at what the person edits."""
    spec = origins.get(problem.path)
    if spec is None:
        static = source / STATIC_DIR / problem.path
        if static.is_file():  # copied as it is: the same line and column in the source
            placed = replace(problem, path=f"{STATIC_DIR}/{problem.path}")
            return with_source_lines([placed], source)[0]
        return replace(problem, hint=f"in the built file {problem.path}")
    record = records.get(spec.slug) if spec.slug else None
    made_from = f"{record.path} through layout {spec.layout}" if record else f"layout {spec.layout}"
    # The line is the built page's: `backstory build` writes that very file to site/.
    return replace(problem, path=f"site/{problem.path}",
                   hint=f"the page is made from {made_from}")
