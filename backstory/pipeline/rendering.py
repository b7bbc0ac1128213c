"""Rendering: which pages a site has, and each page rendered into a sink, noting what it read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..content.sources import STATIC_DIR
from ..errors import Diagnostic
from ..graph.deps import PageDeps, in_language
from ..pages.deadline import PageDeadlines
from ..pages.editions import plan_editions
from ..pages.fragments import Fragments
from ..pages.plan import PageSpec, plan_pages
from ..pages.render import render_page
from ..pages.urls import ROBOTS_PATH
from .load import Loaded, closure_of
from .memory import Reading, Settings
from .parallel import run_shared
from .results import Reporter

Sink = Callable[[str, bytes], None]


def plan(loaded: Loaded, source: Path) -> dict[str, PageSpec]:
    """Every page to render by output path. A robots.txt in static/ is the site's own
    word to crawlers: the built one yields to it rather than fail the build."""
    own_robots = (source / STATIC_DIR / ROBOTS_PATH).is_file()
    languages = loaded.languages
    specs = plan_editions({code: shown.site for code, shown in languages.items()}, loaded.config,
                          {code: shown.edition for code, shown in languages.items()}) \
        if languages else plan_pages(loaded.site, loaded.config)
    return {spec.output: spec for spec in specs if not (own_robots and spec.output == ROBOTS_PATH)}


def render_pages(settings: Settings, reading: Reading, loaded: Loaded, specs: Iterable[PageSpec],
                 sink: Sink, reporter: Reporter | None = None, jobs: int = 1,
                 side: list[Callable] = ()) -> tuple[dict[str, PageDeps], list]:
    """Render pages into sink, noting what each read; errors go to loaded.diagnostics.
    With jobs > 1, sink runs in worker processes too: it must write, not collect.
    `side` is other work for the same processes, done last: its results come second."""
    specs = list(specs)
    fragments = Fragments()  # each process fills its own copy
    deadlines = PageDeadlines(settings.page_seconds)

    def render_one(n: int) -> frozenset[str] | Diagnostic | OSError:
        if n >= len(specs):
            return side[n - len(specs)]()
        spec = specs[n]
        site, config, env, edition = loaded.for_page(spec)
        result = render_page(env, spec, site, config, settings.source, loaded.assets, fragments,
                             deadlines, loaded.pictures.shown, edition)
        if isinstance(result, Diagnostic):
            return result
        touched = result.touched
        if edition is not None and edition.code != edition.default:
            touched = in_language(touched, edition.code)
        try:
            sink(spec.output, result.html.encode("utf-8"))
        except OSError as error:  # a full disk: the build fails, in whichever process
            return OSError(error.errno, error.strerror, spec.output)
        return touched

    def progress(done: int, total: int) -> None:
        if reporter is not None:
            reporter.progress("rendering", done, total)

    closures: dict[str, frozenset[str]] = {}
    failures: set[tuple] = set()
    rendered: dict[str, PageDeps] = {}
    try:
        results = run_shared(len(specs) + len(side), render_one, jobs, progress=progress)
    finally:
        deadlines.close()
    for spec, result in zip(specs, results, strict=False):
        if isinstance(result, OSError):
            raise result
        if isinstance(result, Diagnostic):
            # One broken layout line fails many pages: report it once.
            key = (result.path, result.line, result.message.split(" (while rendering")[0])
            if key not in failures:
                failures.add(key)
                loaded.diagnostics.add(result)
            continue
        if spec.layout not in closures:
            closures[spec.layout] = closure_of(reading, loaded.env, spec.layout)
        rendered[spec.output] = PageDeps(closures[spec.layout], result)
    return rendered, results[len(specs):]
