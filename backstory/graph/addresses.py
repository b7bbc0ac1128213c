"""Addresses written in bodies, checked where the author wrote them: the pure step after resolve.

A `[[slug#anchor]]`, `[[#anchor]]`, Markdown link or image in a body, and an `image:` in front
matter, must name something the build makes: a page and one of its ids (one its body gives, or one
its layout writes literally), a file under static/ or an asset; and a picture must be one a build
can read (pipeline/pictures.py). A relative address is read from the page's own folder
(`articles/<slug>/`); one that starts with `/` from the site root, whatever base_url's path:
each page writes it as that page reaches it (text/figures.py).
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, TemplateNotFound
from mdit_py_plugins.anchors.index import slugify as heading_slug

from ..content.config import Config
from ..content.model import Image, Position, Record, Site
from ..content.sources import STATIC_DIR
from ..errors import Diagnostics
from ..pages.plan import plan_pages, record_page
from ..pages.urls import INDEX, page_path, site_path
from ..pictures.raster import Picture
from ..text.anchors import is_external
from .deps import ALL_LAYOUTS

# A literal id in a layout; one made by the template ({{ ... }}) differs from page to page.
_LAYOUT_ID = re.compile(r"""\sid\s*=\s*(?:"([^"{}%]*)"|'([^'{}%]*)')""")
# Did-you-mean over thousands of static files is slow: only the first problems of a run get one.
HINTED_FILES = 20


@dataclass(frozen=True, slots=True)
class Landing:
    """What an address can land on, from one load of the site."""

    files: frozenset[str]  # every output path: pages, static files, assets
    static: frozenset[str]  # files under static/: what an `image:` may name
    # record type -> ids its page's layout writes; None when the layout cannot be read (an
    # error of its own), so anchors to such pages are not reported as well.
    layout_ids: dict[str, frozenset[str] | None]
    # files under static/ named as pictures -> what a build read of each (its problem, if any)
    pictures: dict[str, Picture]


def landing(site: Site, config: Config, env: Environment, static: Iterable[str],
            assets: Iterable[str], closure: Callable[[Environment, str], frozenset[str]],
            known: dict[str, frozenset[str] | None] | None = None,
            pictures: dict[str, Picture] | None = None) -> Landing:
    """`static` and `assets`: output paths of the files the build copies; `closure` gives the
    layouts a layout uses (deps.layout_closure); `known` keeps each layout's ids while the
    layouts stay the same (reading them again was a tenth of a second of every build);
    `pictures`: the files named as pictures, as read."""
    static = frozenset(static)
    pages = {spec.output for spec in plan_pages(site, config)}
    layouts = {record.type: record_page(record).layout
               for records in (site.actors, site.events, site.articles, site.places)
               for record in list(records.values())[:1]}
    known = {} if known is None else known
    for layout in layouts.values():
        if layout not in known:
            known[layout] = _layout_ids(env, layout, closure)
    ids = {kind: known[layout] for kind, layout in layouts.items()}
    return Landing(frozenset(pages | static | set(assets)), static, ids, pictures or {})


def _layout_ids(env: Environment, layout: str,
                closure: Callable[[Environment, str], frozenset[str]]) -> frozenset[str] | None:
    """The literal ids in a layout and those it uses (every layout when one is chosen at render
    time); None when they cannot be read."""
    try:
        names = closure(env, layout)
    except (UnicodeDecodeError, RecursionError, SyntaxError):
        return None  # check_layouts reports it
    if ALL_LAYOUTS in names:
        names = frozenset(env.list_templates())
    found: set[str] = set()
    for name in names:
        try:
            source = env.loader.get_source(env, name)[0]
        except TemplateNotFound:
            continue  # reported as a layout problem
        except UnicodeDecodeError:
            return None
        found.update(a or b for a, b in _LAYOUT_ID.findall(source))
    return frozenset(found)


def check_addresses(site: Site, landing: Landing, diagnostics: Diagnostics,
                    only: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Report every address in a published body, and every `image:`, that lands nowhere;
    with `only`, those of these records alone (an edit's: anchors_into says whose anchors an
    edited page's ids can break). Gives each checked record's anchor targets: slug -> slugs of
    the pages its addresses name an #anchor on."""
    check = _Checker(site, landing, diagnostics)
    records = (site.records.values() if only is None else
               [record for slug in only if (record := site.get(slug)) is not None])
    anchored: dict[str, set[str]] = {}
    for record in records:
        check.targets = anchored[record.slug] = set()
        for kind, address, at in record.body.addresses:
            check.address(record, kind, address, at)
        if record.image is not None:
            check.image_field(record.image)
    return anchored


def anchors_into(anchored: dict[str, set[str]]) -> dict[str, set[str]]:
    """check_addresses' targets turned round: slug -> the records whose anchors land on it."""
    into: dict[str, set[str]] = {}
    for source, targets in anchored.items():
        for target in targets:
            into.setdefault(target, set()).add(source)
    return into


class _Checker:
    """Checks one site's addresses, reporting each problem where it is written."""

    def __init__(self, site: Site, landing: Landing, diagnostics: Diagnostics):
        self.site, self.landing, self.diagnostics = site, landing, diagnostics
        self.hinted = 0
        self.targets: set[str] = set()  # the pages the current record names an anchor on

    def address(self, record: Record, kind: str, address: str, at: Position) -> None:
        if kind == "wiki":
            slug, _, fragment = address.partition("#")
            target = self.site.get(slug) if slug else record
            if target is not None and fragment:  # an unknown slug is reported by resolve
                self.anchor(record, target, fragment, at)
            return
        page = page_path(record)
        parts = urlsplit(address)
        landed = site_path(parts.path, page)
        what = "image" if kind == "image" else "link"
        if landed is None:
            self.error(at, f"{what} '{address}' leads outside the site",
                       self.file_hint(parts.path, page, kind))
            return
        output = self.output_of(landed, parts.path.endswith("/") or not parts.path)
        if output is None:
            slash = "/" if landed and parts.path.endswith("/") else ""
            self.error(at, f"{what} '{address}' names nothing in the site: from this page it "
                       f"is /{landed}{slash}", self.file_hint(parts.path, page, kind))
            return
        if kind == "image":
            self.picture(address, output, at)
        target = self.record_at(output)
        if parts.fragment and target is not None:
            self.anchor(record, target, unquote(parts.fragment), at)

    def output_of(self, landed: str, folder: bool) -> str | None:
        """The output file a path under the site root names, a folder by its index.html."""
        files = self.landing.files
        index = posixpath.join(landed, INDEX) if landed else INDEX
        if not folder and landed in files:
            return landed
        return index if index in files else None

    def record_at(self, output: str) -> Record | None:
        """The record whose page is `output` ("events/x/index.html"), if any."""
        kind, _, rest = output.partition("/")
        slug, _, name = rest.partition("/")
        record = self.site.get(slug) if name == INDEX else None
        return record if record is not None and record.type == kind else None

    def anchor(self, record: Record, target: Record, fragment: str, at: Position) -> None:
        self.targets.add(target.slug)
        given = self.landing.layout_ids.get(target.type, frozenset())
        ids = set(target.body.ids) | (given or set())
        if fragment in ids or given is None:
            return
        where = "this page" if target is record else f"'{target.slug}'"
        self.error(at, f"no anchor '#{fragment}' on {where}", _anchor_hint(fragment, ids, target))

    def image_field(self, image: Image) -> None:
        src, at = image.src, image.position
        if is_external(src):
            return
        if src in self.landing.static:
            self.picture(src, src, at)
            return
        close = difflib.get_close_matches(src, sorted(self.landing.static), n=1, cutoff=0.6)
        hint = (f"did you mean '{close[0]}'?" if close else
                f"put the file at {STATIC_DIR}/{src}, or give a full https:// URL")
        self.error(at, f"image '{src}' is not a file under {STATIC_DIR}/", hint)

    def picture(self, address: str, output: str, at: Position) -> None:
        """A file named as a picture must be one a build can read."""
        picture = self.landing.pictures.get(output)
        if picture is None and output in self.landing.static:
            self.error(at, f"image '{address}' is not a picture: {STATIC_DIR}/{output}",
                       "name a .jpg, .png, .webp, .gif or .svg file")
        elif picture is not None and picture.problem:
            self.error(at, f"image '{address}': {STATIC_DIR}/{output} {picture.problem}",
                       "open it in an image editor and save it again as JPEG, PNG or WebP, "
                       "a few thousand pixels wide at most")

    def file_hint(self, path: str, page: str, kind: str) -> str | None:
        """The address that would work from this page: the same path read from the site root,
        or the closest file the site has."""
        from_root = posixpath.normpath("/" + unquote(path)).lstrip("/")
        found = self.output_of(from_root, path.endswith("/"))
        if found is None and kind != "image":
            return "link a page as [[slug]] or [[slug#anchor]]: right from any page, and checked"
        if found is None and self.hinted < HINTED_FILES:
            self.hinted += 1
            close = difflib.get_close_matches(from_root, sorted(self.landing.static), n=1, cutoff=0.6)
            found = close[0] if close else None
        if found is None:
            return (f"files under {STATIC_DIR}/ are read from the site root: "
                    f"{STATIC_DIR}/images/x.jpg is '/images/x.jpg' from any page")
        shown = found.removesuffix(INDEX) if found.endswith("/" + INDEX) or found == INDEX else found
        source = f"{STATIC_DIR}/{found}" if found in self.landing.static else found
        return f"{source} is '/{shown}' from any page"

    def error(self, at: Position, message: str, hint: str | None) -> None:
        self.diagnostics.error(at.path, at.line, at.column, message, hint)


def _anchor_hint(fragment: str, ids: set[str], target: Record) -> str:
    wanted = heading_slug(fragment)
    same = [i for i in sorted(ids) if i.lower() == fragment.lower() or i == wanted]
    close = same or difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
    if close:
        return f"did you mean '#{close[0]}'?"
    headings = [i for i in target.body.ids if not i.startswith(("fn", "notes-title"))][:6]
    if headings:
        return "its headings' anchors: " + ", ".join(f"#{i}" for i in headings)
    return "an anchor is a heading's id: its text in lower case, spaces as hyphens"
