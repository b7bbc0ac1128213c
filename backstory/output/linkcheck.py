"""Check a built site: every internal href, src and #fragment must resolve to a file and id."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Diagnostic

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
                    "iframe": "src", "video": "src", "audio": "src"}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])
        wanted = _LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted) is not None:
            line, column = self.getpos()
            self.links.append((values[wanted], line, column + 1))


def check_site(out: Path, base_path: str = "") -> list[Diagnostic]:
    """Broken internal links of the site in `out`, as diagnostics on the built files."""
    out = out.resolve()
    scans: dict[Path, _PageScan] = {}
    for path in sorted(out.rglob("*.html")):
        scan = _PageScan()
        scan.feed(path.read_text(encoding="utf-8", errors="replace"))
        scans[path] = scan
    problems: list[Diagnostic] = []
    for page, scan in scans.items():
        shown = page.relative_to(out).as_posix()
        for href, line, column in scan.links:
            problem = _problem(href, page, out, base_path, scans)
            if problem:
                problems.append(Diagnostic(shown, line, column, problem))
    return problems


def _problem(href: str, page: Path, out: Path, base_path: str, scans: dict) -> str | None:
    try:
        parts = urlsplit(href)
    except ValueError:
        return f"link '{href}' is not a valid URL"
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None  # external: not ours to check offline
    if not parts.path:
        target = page
    else:
        path = unquote(parts.path)
        if path.startswith("/"):
            if base_path and not path.startswith(base_path):
                return f"link '{href}' points outside the site's base path {base_path}"
            target = out / path[len(base_path or "/"):]
        else:
            target = page.parent / path
        target = Path(os.path.normpath(target))
        if os.path.commonpath([target, out]) != str(out):
            return f"link '{href}' points outside the site"
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            return f"broken link '{href}': no such file"
    if parts.fragment and target.suffix == ".html":
        scan = scans.get(target)
        if scan is not None and unquote(parts.fragment) not in scan.ids:
            return f"broken link '{href}': no element with id '{parts.fragment}'"
    return None
