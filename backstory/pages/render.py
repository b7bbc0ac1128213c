"""The Jinja environment, and rendering one page through its layout (which pages there are is
plan.py's)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from jinja2.loaders import split_template_path
from markupsafe import Markup

from ..content.config import Config
from ..content.model import Site
from ..content.sources import is_editor_litter
from ..errors import Diagnostic, Diagnostics, did_you_mean, display_path
from ..output.outpaths import leads_inside
from ..output.search import SEARCH_DIR
from ..pictures.raster import Picture
from .cards import actor_card, cards_json, event_card
from .dates import format_date, format_range, group_by_year
from .deadline import PageDeadlines, PageTimedOut
from .editions import LANGUAGES_PAGE, Version, language_homes, versions
from .embeds import FULL_KINDS, Snippet, content_security_policy, full_path, snippet
from .feeds import publishing_context
from .fragments import Fragments, cached
from .graphjson import graph_json
from .maps import overview_map, page_map
from .notfound import not_found_context
from .placeview import PlaceView, place_groups
from .plan import ABSOLUTE_KINDS, DATA_KINDS, PageSpec, in_words, plan_pages
from .searchnames import search_names_json
from .siteview import SiteView, actor_choices, actor_groups
from .structured import json_ld, open_graph
from .terms import tags_context
from .timelinejs import timeline_json
from .timescales import time_scale
from .urls import (
    SEARCH_NAMES_PATH,
    AbsoluteUrls,
    Edition,
    Urls,
)
from .views import ActorView, ArticleView, EventView, Views
from .words import FoldedWords, Words, catalogue_files, english_words

LAYOUTS_DIR = "layouts"
MORE_VIEWS = {"places": PlaceView}  # views.Views makes the others itself
ASSETS_DIR = "assets"


def default_layouts_dir() -> Path:
    """The default look: packaged in wheels, the repo's own layouts/ in a checkout."""
    packaged = Path(__file__).parents[1] / "default_layouts"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / LAYOUTS_DIR


def layout_dirs(root: Path) -> list[Path]:
    """The site's own layouts first, so each of its files overrides the default of that name."""
    dirs = [root / LAYOUTS_DIR, default_layouts_dir()]
    unique: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    return unique


def _escapes(name: str | None) -> bool:
    """HTML's escaping is XML's too (&#39; included); plain text (robots.txt) is not markup."""
    return name is None or not name.endswith(".txt")


class _ContainedLoader(FileSystemLoader):
    """A folder's layouts, refusing any that is a link out of the folder: a layout is read and
    its text can reach the page, so it must be the site's own."""

    def get_source(self, environment: Environment, template: str):
        folder = Path(self.searchpath[0])
        candidate = folder.joinpath(*split_template_path(template))
        if candidate.exists() and not leads_inside(candidate, folder):
            raise jinja2.TemplateNotFound(template)  # refused before a byte of it is read
        return super().get_source(environment, template)


def make_environment(root: Path, words: Words | None = None) -> Environment:
    """The layouts' environment, in the language of `words` (English without): one per
    language, since macros in imported layouts see the environment's names, not the page's."""
    words = words or english_words(catalogue_files(layout_dirs(root)), root)
    folders = layout_dirs(root)
    if not (root / LAYOUTS_DIR).exists():  # assets read through the loader may be added there later
        folders.insert(0, root / LAYOUTS_DIR)
    env = Environment(
        loader=ChoiceLoader([_ContainedLoader(folder) for folder in folders]),
        autoescape=_escapes,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build makes a new environment when a layout's bytes change (pipeline/load.py): no
        # need for Jinja to stat every layout a page uses, page after page.
        auto_reload=False,
        extensions=[FoldedWords],  # t("id") of a plain message compiled in as its text
    )
    env.filters["date"] = partial(_date, words=words)
    env.filters["daterange"] = partial(_daterange, words=words)
    env.globals["t"] = words  # t("id", n=3): the words of the page's language (words.py)
    env.globals["script_words"] = words.for_scripts  # the words a script says, for data-words
    env.globals["cached"] = cached  # a global, so macros in imported layouts have it too
    return env


def _date(value, words: Words) -> str:
    return format_date(value, words)


def _daterange(start, end, words: Words) -> str:
    return format_range(start, end, words)


LAYOUT_SUFFIXES = (".html", ".xml", ".txt", ".json")


def layout_files(root: Path, diagnostics: Diagnostics | None = None) -> dict[str, Path]:
    """Each layout name and the file it comes from, the site's own before the defaults.
    Assets and editor litter are not layouts; a link out of its layouts folder is refused
    (reported when `diagnostics` is given), never read."""
    found: dict[str, Path] = {}
    for folder in layout_dirs(root):
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if (path.is_file() and name.endswith(LAYOUT_SUFFIXES) and name not in found
                    and not name.startswith(ASSETS_DIR + "/")
                    and not any(is_editor_litter(part) for part in name.split("/"))):
                if not leads_inside(path, folder):
                    if diagnostics is not None:
                        diagnostics.error(display_path(path, root), 1, 1, "symbolic link points "
                                          "outside layouts/; not used",
                                          "copy the layout into the site instead")
                    continue
                found[name] = path
    return found


def check_layouts(env: Environment, root: Path, diagnostics: Diagnostics) -> None:
    """Compile every layout once, so all syntax errors are reported together."""
    for name, path in layout_files(root).items():
        shown = display_path(path, root)
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            diagnostics.add(_layout_diagnostic(error, root, error.filename, error.lineno, name))
        except UnicodeDecodeError:
            diagnostics.error(shown, 1, 1, "layout is not valid UTF-8 text",
                              "save it as UTF-8 in your editor")
        except (RecursionError, SyntaxError):  # Python's own limits on nesting, met in compile()
            diagnostics.error(shown, 1, 1, "layout is nested too deeply to compile",
                              "move the inner part into a macro or an included layout")


@dataclass(frozen=True, slots=True)
class PageInfo:
    kind: str
    title: str
    description: str
    url: str
    canonical: str | None
    json_ld: Markup | None = None  # schema.org data, ready for <script type="application/ld+json">
    meta: tuple[tuple[str, str], ...] = ()  # Open Graph and Twitter card (property, content)
    embed: Snippet | None = None  # what to paste to embed this page elsewhere (embeds.py)
    # The page in each of the site's languages that has it, its own among them (editions.py);
    # () for a site in one language.
    versions: tuple[Version, ...] = ()

    @property
    def alternates(self) -> tuple[Version, ...]:
        """The versions in their languages' own words, for hreflang; () on a page showing the
        original's words in another language (its canonical is the original's page)."""
        found = tuple(version for version in self.versions if version.translated)
        return found if len(found) > 1 and any(version.current for version in found) else ()


@dataclass(frozen=True, slots=True)
class RenderedPage:
    html: str
    touched: frozenset[str]  # what the page read, for deps.py


def page_context(spec: PageSpec, site: Site, config: Config, views: Views | None = None,
                 assets: Mapping[str, str] | None = None) -> dict:
    """What a layout receives; docs/layouts.md documents each name.

    `assets` maps each asset's plain output path ("assets/style.css") to the one pages link
    ("assets/style.1a2b3c4d5e.css" when names carry a content hash)."""
    urls = views.urls if views is not None else urls_for(config, spec)
    views = views or Views(site, config, urls, map_of=page_map, more_views=MORE_VIEWS)
    spec = in_words(spec, views.words)
    site_view = SiteView(config, views)
    subject = views.of(spec.slug) if spec.slug is not None else None
    # An embed shows what its full page shows, and names that page as the one to index.
    full_kind = FULL_KINDS.get(spec.kind, spec.kind)
    shown = full_path(spec.page) if full_kind != spec.kind else spec.page
    canonical = urls.absolute(shown) if spec.kind != "404" else None
    edition = urls.edition
    if spec.kind == LANGUAGES_PAGE:  # the site's root, before any language's prefix
        canonical = urls.whole("")
    if edition is not None and subject is not None and subject.language:
        # The original's words shown in another language: the original's page is the one to index.
        canonical = urls.whole(edition.default_prefix + shown)
    context: dict = {
        "site": site_view,
        "page": PageInfo(spec.kind, spec.title, spec.description, urls.href(spec.page), canonical,
                         json_ld(spec.kind, subject, site_view, urls),
                         tuple(open_graph(spec.kind, subject, spec.title, spec.description,
                                          site_view, urls, canonical)),
                         snippet(spec.kind, shown, spec.title, config, spec.prefix),
                         versions(spec, site, config, edition, urls)),
        "asset_url": lambda name: _asset_url(name, urls, views, assets or {}),
        # Called at the end of base.html, once the page has made every link it will make.
        "hover_cards": lambda: cards_json(views, spec.slug),
    }
    if full_kind != spec.kind:
        context["full_page"] = canonical or urls.href(shown)
        context["csp"] = content_security_policy([site_view.kind_style])
        if subject is not None:  # what its hover card shows (cards.py)
            context["card"] = actor_card(subject) if full_kind == "actor" else event_card(subject)
    if spec.kind == "search":
        # Where search.js finds Pagefind's bundle, and the root its result URLs are under.
        context["search_bundle"] = urls.href(f"{SEARCH_DIR}/pagefind.js")
        context["search_root"] = config.base_path or urls.prefix or "./"
        # The names it offers when a query finds little (searchnames.py, assets/suggest.js).
        context["search_names"] = urls.href(SEARCH_NAMES_PATH)
    if spec.kind == "timeline-json":
        context["timeline_json"] = timeline_json(site_view)
    elif spec.kind == "graph-json":
        context["graph_json"] = graph_json(site_view)
    elif spec.kind == "search-names":
        context["search_names_json"] = search_names_json(site_view)
    elif spec.kind in ABSOLUTE_KINDS:
        context.update(publishing_context(spec.kind, site, config, site_view, views))
    elif spec.kind == LANGUAGES_PAGE:
        context["languages"] = language_homes(config, urls)
    elif subject is not None:
        context[full_kind] = subject
    elif spec.kind == "home":
        articles = site_view.articles
        context["lead_article"] = articles[0] if articles else None  # the newest leads the page
        context["latest_articles"] = articles[1:10]
        context["key_actors"] = sorted(site_view.actors, key=lambda a: (-a.connections, a.name))[:8]
        context["recent_events"] = sorted(site_view.events, key=lambda e: e.order, reverse=True)[:5]
    elif spec.kind == "actors":
        context["groups"] = actor_groups(site_view.actors, config, views.words)
    elif full_kind == "map":
        context["map"] = overview_map(views)
    elif spec.kind in ("tag", "tags"):
        context.update(tags_context(spec.kind, spec.page, views))
    elif spec.kind == "places":
        context["groups"] = place_groups(site_view.places)
    elif spec.kind == "404":
        context.update(not_found_context(site, config, _top_level_folders(site, config), views.touched))
    elif spec.kind == "events":
        context["years"] = group_by_year(site_view.events, lambda e: e.date)
    elif full_kind == "timeline":
        context["years"] = group_by_year(site_view.events, lambda e: e.date)
        context["actor_choices"] = actor_choices(site_view.events, site_view.actors)
        context["time_scale"] = time_scale(site_view.events, words=views.words)
    return context


def _top_level_folders(site: Site, config: Config) -> set[str]:
    """The folders a build makes at the site's root: how the 404 page tells the root apart."""
    pages = {spec.path.split("/")[0] for spec in plan_pages(site, config) if "/" in spec.path}
    prefixes = {language.code for language in config.languages  # each language's own folder
                if language.code != config.language or config.default_language_prefix}
    return pages | prefixes | {ASSETS_DIR} | ({SEARCH_DIR} if config.search else set())


def urls_for(config: Config, spec: PageSpec, edition: Edition | None = None) -> Urls:
    whole = spec.kind in ABSOLUTE_KINDS or (spec.kind in DATA_KINDS and config.base_url)
    return (AbsoluteUrls if whole else Urls)(config, spec.path, edition)


def _asset_url(name: str, urls, views: Views, assets: Mapping[str, str]) -> str:
    plain = f"{ASSETS_DIR}/{name}"
    views.touched.add(f"asset:{plain}")  # a new content hash is a new name: re-render the page
    return urls.href(assets.get(plain, plain))


def render_page(env: Environment, spec: PageSpec, site: Site, config: Config,
                root: Path, assets: Mapping[str, str] | None = None,
                fragments: Fragments | None = None,
                deadlines: PageDeadlines | None = None,
                pictures: Mapping[str, Picture] | None = None,
                edition: Edition | None = None) -> RenderedPage | Diagnostic:
    """The page's HTML and what it read, or a diagnostic naming the layout and line that failed.
    `fragments` holds pieces made for the build's earlier pages (fragments.py); `deadlines`
    limits the time the page may take (deadline.py); `pictures`, the files under static/ shown
    as pictures (pipeline/pictures.py); `edition`, where the page's language's pages are
    (None for a site in one language): `site`, `config` and `env` are that language's."""
    try:
        template = env.get_template(spec.layout)
        views = Views(site, config, urls_for(config, spec, edition), fragments, map_of=page_map,
                      pictures=pictures, more_views=MORE_VIEWS, words=env.globals.get("t"))
        try:
            with deadlines.page(spec.layout) if deadlines is not None else nullcontext():
                html = template.render(page_context(spec, site, config, views, assets))
        finally:
            views.forget()  # views refer to each other: a cycle that would keep the site alive
        return RenderedPage(html, frozenset(views.touched))
    except PageTimedOut as error:
        filename, line = error.args[0] if error.args else _innermost_template_frame(error)
        deadlines.ran_out(spec.layout, (filename, line))
        return _layout_diagnostic(
            error, root, filename, line, spec.layout,
            f"rendering a page took longer than {deadlines.seconds:g} s (while rendering "
            f"{spec.output})",
            "a loop in this layout may never end (or run far too often): check the line shown")
    except jinja2.TemplateNotFound as error:
        # Missing at the top (no actor.html) or from inside a layout ({% include 'x.html' %}).
        filename, line = _innermost_template_frame(error)
        if filename is None:
            return Diagnostic(f"{LAYOUTS_DIR}/{spec.layout}", 1, 1,
                              f"layout '{error.name}' not found (needed for {spec.output})",
                              f"add {LAYOUTS_DIR}/{error.name}, or remove the reference to it")
        return _layout_diagnostic(error, root, filename, line, spec.layout,
                                  f"layout '{error.name}' not found (while rendering {spec.output})",
                                  hint=f"add {LAYOUTS_DIR}/{error.name}, or remove the reference")
    except jinja2.TemplateSyntaxError as error:
        return _layout_diagnostic(error, root, error.filename, error.lineno, spec.layout)
    except Exception as error:  # noqa: BLE001 - any failure inside a layout is the layout's
        filename, line = _innermost_template_frame(error)
        message = f"{error} (while rendering {spec.output})"
        if isinstance(error, jinja2.UndefinedError):
            message = f"{error.message} (while rendering {spec.output})"
        return _layout_diagnostic(error, root, filename, line, spec.layout, message)


def _innermost_template_frame(error: BaseException) -> tuple[str | None, int]:
    """Jinja rewrites tracebacks so template frames carry the layout's file and line."""
    filename, line = None, 1
    tb = error.__traceback__
    while tb is not None:
        code_file = tb.tb_frame.f_code.co_filename
        if tb.tb_frame.f_globals.get("__jinja_template__") is not None or (
                code_file.endswith((".html", ".xml", ".txt", ".json")) and Path(code_file).is_file()):
            filename, line = code_file, tb.tb_lineno
        tb = tb.tb_next
    return filename, line


def _layout_diagnostic(error: BaseException, root: Path, filename: str | None, line: int | None,
                       layout: str, message: str | None = None,
                       hint: str | None = None) -> Diagnostic:
    path = display_path(Path(filename), root) if filename else f"{LAYOUTS_DIR}/{layout}"
    source_line = None
    if filename and line:
        try:
            source_line = Path(filename).read_text(encoding="utf-8").split("\n")[line - 1]
        except (OSError, IndexError, UnicodeDecodeError):
            source_line = None
    text = message or getattr(error, "message", None) or str(error) or type(error).__name__
    name = None
    if isinstance(error, jinja2.UndefinedError):
        text, hint, name = _explain_undefined(text)
    elif isinstance(error, jinja2.TemplateSyntaxError):
        text = f"layout syntax error: {text}"
    column = 1
    if source_line is not None:
        found = source_line.find(name) if name else -1
        column = found + 1 if found >= 0 else len(source_line) - len(source_line.lstrip()) + 1
    return Diagnostic(path, line or 1, column, text, hint, "error", source_line)


def _explain_undefined(message: str) -> tuple[str, str | None, str | None]:
    """Jinja's "'x.EventView object' has no attribute 'venue'" in a layout author's words."""
    views = {"ActorView": ("actor", ActorView), "EventView": ("event", EventView),
             "ArticleView": ("article", ArticleView), "SiteView": ("site", SiteView),
             "PlaceView": ("place", PlaceView),
             "PageInfo": ("page", PageInfo)}
    match = re.match(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'(.*)", message)
    if match and match.group(1) in views:
        owner, name, rest = match.groups()
        shown, view = views[owner]
        fields = sorted({n for n in dir(view) if not n.startswith("_")}
                        | {n for n in getattr(view, "__annotations__", {}) if not n.startswith("_")})
        hint = did_you_mean(name, fields) or f"{shown} has: {', '.join(fields)}"
        return f"{shown} has no field '{name}'{rest}", hint, name
    match = re.match(r"'([^']+)' is undefined", message)
    name = match.group(1) if match else None
    return message, "see docs/layouts.md for the names each layout receives", name

