"""Plain helpers for the browser tests: the static server, an opened page, colour maths, JS.

Fixtures live in conftest.py; everything here is importable and free of pytest state.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..helpers import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"


def installed_axe_script() -> Path | None:
    """axe-core's axe.min.js as the axe-playwright-python package ships it; None if not installed.

    Only the script is taken: Visit.run_axe injects it and trims the results its own way.
    """
    spec = importlib.util.find_spec("axe_playwright_python")  # finds it without importing it
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "axe.min.js"


AXE_SCRIPT = installed_axe_script()

PHONE, DESKTOP = 375, 1280
HEIGHTS = {PHONE: 812, DESKTOP: 800}
SCHEMES = ("light", "dark")

# One page of each kind on the example site; what the layout, accessibility and screenshot
# checks walk. Add a kind here and every per-kind check covers it.
EXAMPLE_ARTICLE = "how-lukashenko-ended-the-wagner-mutiny"
EXAMPLE_ACTOR = "alexander-lukashenko"
EXAMPLE_EVENT = "wagner-mutiny"
PAGE_KINDS = {
    "home": "/",
    "articles": "/articles/",
    "article": f"/articles/{EXAMPLE_ARTICLE}/",
    "actors": "/actors/",
    "actor": f"/actors/{EXAMPLE_ACTOR}/",
    "events": "/events/",
    "event": f"/events/{EXAMPLE_EVENT}/",
    "timeline": "/timeline/",
    "map": "/map/",
    "places": "/places/",
    "place": "/places/moscow/",
    "404": "/404.html",
    "search": "/search/?q=mutiny",  # results come a moment after "load"; test_search.py waits
    # Embeds, opened on their own here (test_embeds.py opens them inside a host's iframe).
    "embed-actor": f"/embed/actors/{EXAMPLE_ACTOR}/",
    "embed-event": "/embed/events/lukashenko-mediation/",  # it has a picture, with a credit
    "embed-timeline": "/embed/timeline/",
    "embed-map": "/embed/map/",
    # The Russian edition: its own words, its translations, and an original shown untranslated
    # nowhere (every page is translated); the layouts' words in Russian throughout.
    "ru-home": "/ru/",
    "ru-article": f"/ru/articles/{EXAMPLE_ARTICLE}/",
    "ru-actor": f"/ru/actors/{EXAMPLE_ACTOR}/",
    "ru-event": f"/ru/events/{EXAMPLE_EVENT}/",
    "ru-timeline": "/ru/timeline/",
    "ru-map": "/ru/map/",
    "ru-search": "/ru/search/?q=мятеж",
}

# Console message types that count as a problem on a page.
BAD_CONSOLE_TYPES = ("error", "warning")

# Screenshots written in this session (the terminal summary names the folder when non-empty).
screenshots_taken: list[Path] = []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class StaticServer:
    """A built site served over HTTP on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, root: Path):
        self.root = Path(root)
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        host, port = self._httpd.server_address[:2]
        self.base_url = f"http://{host}:{port}/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name=f"serve-{port}",
                                        daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        return self.base_url + path.lstrip("/")

    def path_of(self, url: str) -> str:
        """The site path ("/actors/x/") of a URL on this server."""
        assert url.startswith(self.base_url), f"{url} is not on {self.base_url}"
        return "/" + url[len(self.base_url):]

    @functools.cached_property
    def pages(self) -> list[str]:
        """Every page of the built site as a URL path: "/", "/actors/x/", "/404.html"."""
        paths = []
        for file in sorted(self.root.rglob("*.html")):
            relative = file.relative_to(self.root).as_posix()
            if relative == "index.html":
                paths.append("/")
            elif relative.endswith("/index.html"):
                paths.append("/" + relative[: -len("index.html")])
            else:
                paths.append("/" + relative)
        return paths

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class PagePool:
    """One browser context per (width, height, colour scheme), and idle tabs in each to reuse.

    Opening a fresh tab costs more than loading one of these small pages, so a Visit's tab
    goes back to the pool when the Visit closes, blank and with its listeners removed.
    """

    def __init__(self, browser):
        self.browser = browser
        self._contexts: dict[tuple[int, int, str], object] = {}
        self._idle: dict[tuple[int, int, str], list] = {}

    def context(self, width: int, scheme: str = "light", height: int | None = None):
        key = (width, height or HEIGHTS.get(width, 800), scheme)
        if key not in self._contexts:
            context = self.browser.new_context(viewport={"width": key[0], "height": key[1]},
                                               color_scheme=scheme, reduced_motion="reduce",
                                               device_scale_factor=1)
            context.set_default_timeout(10_000)
            self._contexts[key] = context
            self._idle[key] = []
        return key, self._contexts[key]

    def acquire(self, width: int, scheme: str = "light", height: int | None = None):
        key, context = self.context(width, scheme, height)
        idle = self._idle[key]
        while idle:
            page = idle.pop()
            if not page.is_closed():
                return key, page
        return key, context.new_page()

    def release(self, key, page) -> None:
        if page.is_closed():
            return
        expected = {"width": key[0], "height": key[1]}
        try:
            page.goto("about:blank")
            page.mouse.move(0, 0)
        except Exception:  # noqa: BLE001 - a tab in a bad state is simply not reused
            page.close()
            return
        if page.viewport_size != expected or len(self._idle[key]) >= 2:
            page.close()
        else:
            self._idle[key].append(page)

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()


@dataclass
class Visit:
    """A page opened by `open_page`, with every problem the browser reported while it was open.

    Call `close()` when done with it inside a loop; `open_page` closes the rest after the
    test. A test that changes the tab's settings (page.emulate_media, routes, ...) should
    call `page.close()` itself, so that the tab is not reused (a changed viewport is noticed).
    """

    page: object  # playwright.sync_api.Page
    path: str
    width: int
    scheme: str
    problems: list[str] = field(default_factory=list)
    _release: object = None
    _handlers: list = field(default_factory=list)

    def watch(self) -> None:
        handlers = {
            "console": lambda m: m.type in BAD_CONSOLE_TYPES and self.problems.append(
                f"console {m.type}: {m.text} at {m.location.get('url')}:"
                f"{m.location.get('lineNumber')}"),
            "pageerror": lambda error: self.problems.append(f"page error: {error}"),
            # A click that leaves the page aborts what it was still fetching (the icon, say):
            # that is navigation, not a broken request, which shows as a status >= 400 below.
            "requestfailed": lambda request: request.failure != "net::ERR_ABORTED"
            and self.problems.append(f"request failed: {request.url} ({request.failure})"),
            "response": lambda response: response.status >= 400 and self.problems.append(
                f"HTTP {response.status}: {response.url}"),
        }
        for event, handler in handlers.items():
            self.page.on(event, handler)
            self._handlers.append((event, handler))

    def screenshot(self, name: str) -> Path:
        """A full-page PNG in test-artifacts/screenshots/ (the folder is git-ignored)."""
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOT_DIR / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True, animations="disabled")
        screenshots_taken.append(target)
        return target

    def run_axe(self) -> list[dict]:
        """axe-core's violations on the page as it is now."""
        # Evaluated rather than added as a <script>: an embed's CSP refuses inline scripts.
        self.page.evaluate(f"() => {{ {_axe_source()}\n }}")
        return self.page.evaluate(AXE_JS)

    def close(self) -> None:
        """Stop watching and hand the tab back (idempotent)."""
        if self._release is None:
            return
        for event, handler in self._handlers:
            if not self.page.is_closed():
                self.page.remove_listener(event, handler)
        self._handlers.clear()
        release, self._release = self._release, None
        release()


@functools.cache
def _axe_source() -> str:
    assert AXE_SCRIPT is not None, "the browser fixture skips or fails before this"
    return AXE_SCRIPT.read_text(encoding="utf-8")


# --- colours ----------------------------------------------------------------------------------

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_color(css: str) -> tuple[float, float, float, float]:
    """A computed CSS colour ("rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)") as (r, g, b, alpha)."""
    match = _RGB.fullmatch(css.strip())
    assert match, f"cannot read the computed colour {css!r}"
    r, g, b, alpha = match.groups()
    if alpha is None:
        a = 1.0
    elif alpha.endswith("%"):
        a = float(alpha[:-1]) / 100
    else:
        a = float(alpha)
    return float(r), float(g), float(b), a


def relative_luminance(css: str) -> float:
    """WCAG 2 relative luminance of an opaque computed colour."""
    r, g, b, alpha = parse_color(css)
    assert alpha == 1, f"{css} is not opaque; composite it before measuring"

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two opaque computed colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- checks shared by the tests (and by their self-tests) -----------------------------------

FOCUS_CONTRAST = 3  # WCAG 2.2, 1.4.11: a focus outline against what surrounds it


def horizontal_overflow(page) -> str | None:
    """Why the page scrolls sideways, or None when it does not."""
    size = page.evaluate(OVERFLOW_JS)
    # clientWidth leaves out a classic scrollbar, so this is at least as strict as innerWidth.
    if size["scrollWidth"] <= size["clientWidth"] <= size["innerWidth"]:
        return None
    return (f"{size['scrollWidth']}px of content in a {size['clientWidth']}px wide window; "
            f"sticking out: {size['culprits']}")


def tab_walk(page, presses: int) -> list[dict]:
    """Press Tab up to `presses` times from where focus is, until focus comes back to where
    the walk started; each focused element once, in order (see ACTIVE_ELEMENT_JS)."""
    focused: list[dict] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        info = page.evaluate(ACTIVE_ELEMENT_JS)
        if info is None:  # focus left the document after its last element
            continue
        if focused and info["id"] == focused[0]["id"]:
            break
        focused.append(info)
    return focused


def focus_indicator_problem(info: dict, background: str) -> str | None:
    """Why a focused element (ACTIVE_ELEMENT_JS) shows no visible focus indicator, or None."""
    if info["outlineStyle"] != "none" and info["outlineWidth"] > 0:
        color = info["outlineColor"]
        if parse_color(color)[3] == 1 and contrast_ratio(color, background) < FOCUS_CONTRAST:
            return f"outline {color} barely differs from the background {background}"
        return None
    if info["boxShadow"] not in ("", "none"):
        return None
    return f"no outline ({info['outlineStyle']} {info['outlineWidth']}px) and no box-shadow"


def inside_viewport(info: dict) -> bool:
    """Whether a focused element (ACTIVE_ELEMENT_JS) is wholly on screen."""
    rect, viewport = info["rect"], info["viewport"]
    return (rect["width"] > 0 and rect["height"] > 0 and rect["top"] >= 0 and rect["left"] >= 0
            and rect["bottom"] <= viewport["height"] and rect["right"] <= viewport["width"])


# --- scripts run in the page ------------------------------------------------------------------

AXE_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""

# The innermost elements that reach past the right edge of the window, or whose content spills
# past it: the culprits of a horizontal scroll.
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const spills = el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'visible';
    const right = Math.max(r.right, spills ? r.left + el.scrollWidth : 0);
    if (r.width && right > width + 0.5) found.push([el, right]);
  }
  const culprits = found
    .filter(([el]) => !found.some(([other]) => other !== el && el.contains(other)))
    .map(([el, right]) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
         + [...el.classList].map(c => '.' + c).join('') + ` (right edge ${Math.round(right)}px)`);
  return {scrollWidth: doc.scrollWidth, clientWidth: width, innerWidth: window.innerWidth,
          culprits: culprits.slice(0, 10)};
}"""

# Numbers every visible link (<a href>) so that the Tab walk can say which ones it reached.
LABEL_LINKS_JS = """() => {
  window.__tabIds = window.__tabIds || new WeakMap();
  window.__tabNext = window.__tabNext || 0;
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const r = a.getBoundingClientRect();
    if (!a.checkVisibility({visibilityProperty: true}) || !r.width || !r.height) continue;
    if (!window.__tabIds.has(a)) window.__tabIds.set(a, ++window.__tabNext);
    links.push({id: window.__tabIds.get(a), href: a.getAttribute('href'),
                text: a.textContent.trim().slice(0, 60)});
  }
  return links;
}"""

# The focused element, numbered like LABEL_LINKS_JS, with what its focus indicator looks like.
ACTIVE_ELEMENT_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  window.__tabIds = window.__tabIds || new WeakMap();
  window.__tabNext = window.__tabNext || 0;
  if (!window.__tabIds.has(el)) window.__tabIds.set(el, ++window.__tabNext);
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    id: window.__tabIds.get(el), tag: el.tagName.toLowerCase(), elementId: el.id,
    classes: [...el.classList],
    href: el.getAttribute('href'), text: el.textContent.trim().slice(0, 60),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor, boxShadow: s.boxShadow,
    focusVisible: el.matches(':focus-visible'),
    rect: {top: r.top, left: r.left, bottom: r.bottom, right: r.right, width: r.width, height: r.height},
    viewport: {width: document.documentElement.clientWidth, height: window.innerHeight},
  };
}"""

BODY_COLORS_JS = """() => {
  const body = getComputedStyle(document.body);
  const prose = document.querySelector('.prose');
  return {background: body.backgroundColor, text: body.color,
          prose: prose ? getComputedStyle(prose).color : null};
}"""
