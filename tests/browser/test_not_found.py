"""The 404 page as hosts show it: 404.html, with status 404, for any missing address at any depth.

A host (Netlify, Cloudflare Pages, GitHub Pages, S3) answers /actors/nobody/ with the site's own
404.html as it is; a GitHub project site answers /repo/actors/nobody/ with /repo/404.html. The
page must look like the site (with JavaScript off too) and its links must lead to real pages,
with or without a base URL, whether the site is at the host's root or under a path.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import threading
from pathlib import Path

import pytest

from backstory import build

from ..helpers import REPO
from .support import DESKTOP

pytestmark = pytest.mark.browser

DEPTHS = ["/nope", "/actors/nobody/", "/a/b/c/d/"]
# Where the site is on the host: its root, a GitHub project site, and one named like a folder
# of the site (so the first "events" in /events/actors/nobody/ is not where the site's own is).
MOUNTS = ["/", "/repo/", "/events/"]
OTHER_SITE = b"<!doctype html><title>Someone else's site</title><p>The host's own page."

# Computed styles that only the site's stylesheet gives: compared with the home page's.
LOOK_JS = """() => {
  const pick = (selector, names) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const style = getComputedStyle(el);
    return Object.fromEntries(names.map(name => [name, style[name]]));
  };
  return {body: pick('body', ['backgroundColor', 'color', 'fontFamily', 'margin']),
          header: pick('.site-header', ['borderBottomWidth', 'backgroundColor']),
          nav: pick('.site-nav ul', ['listStyleType', 'display', 'paddingLeft']),
          skip: pick('.skip-link', ['position']),
          wrap: pick('.wrap', ['maxWidth'])};
}"""


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host with the site at `mount`: files as they are, folders by their index.html,
    and the site's 404.html (status 404) for anything missing under the mount. Outside it sits
    another site whose own /404.html is a plain page. Every answer is noted in `seen`."""

    mount = "/"
    seen: list

    def log_message(self, format, *args):
        pass

    def send_head(self):
        if not self.path.startswith(self.mount):
            path = self.path.split("?", 1)[0]
            return self._answer(200 if path == "/404.html" else 404, OTHER_SITE)
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path[len(self.mount):])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        return self._answer(404, (Path(self.directory) / "404.html").read_bytes())

    def send_response(self, code, message=None):
        self.seen.append((self.path, code))
        super().send_response(code, message)

    def _answer(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


class Host:
    """HostHandler on 127.0.0.1 and a free port, in a daemon thread."""

    def __init__(self, folder: Path, mount: str):
        self.folder, self.mount, self.seen = folder, mount, []
        handler = type("Handler", (HostHandler,), {"mount": mount, "seen": self.seen})
        self._httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        self._httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        """`path` under the site's mount ("/actors/nobody/" -> origin + mount + "actors/nobody/")."""
        return self.origin + self.mount + path.lstrip("/")

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def title_of(folder: Path, page: str) -> str:
    text = (folder / page).read_text(encoding="utf-8")
    return html.unescape(re.search(r"<title>(.*?)</title>", text).group(1))


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    """(mount, with a base URL?) -> a Host serving the example site built for it."""
    found = {}
    plain = tmp_path_factory.mktemp("not-found") / "plain"
    build(REPO, plain)
    for mount in MOUNTS:
        found[mount, False] = Host(plain, mount)
    for mount in ("/", "/repo/"):
        folder = tmp_path_factory.mktemp("not-found") / "absolute"
        folder.mkdir()
        host = found[mount, True] = Host(folder, mount)
        build(REPO, folder, base_url=host.origin + mount)
    yield found
    for host in found.values():
        host.close()


@pytest.fixture
def reference_look(browser, hosts):
    """The computed styles of the home page, which links the stylesheet the ordinary way."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 800})
    page = context.new_page()
    page.goto(hosts["/", False].url("/"))
    look = page.evaluate(LOOK_JS)
    context.close()
    assert look["nav"]["listStyleType"] == "none", "the home page itself is unstyled"
    return look


def open_missing(browser, host: Host, path: str, javascript: bool = True):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 800},
                                  java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    del host.seen[:]
    response = page.goto(host.url(path), wait_until="load")
    assert response.status == 404 and "Page not found" in page.title(), f"{path}: {response.status}"
    if javascript:
        page.wait_for_load_state("networkidle")  # the root is found (probes, if any, answered)
    return context, page


def follow(page, link, host: Host, page_file: str):
    """Click `link`; the page reached must be the real one (status 200, its own title)."""
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.status == 200, f"{page.url}: {response and response.status}"
    assert page.title() == title_of(host.folder, page_file), page.url
    return page.url


def stray_requests(host: Host, path: str) -> list:
    """Requests that got a 404 other than the page itself and the root finder's probes."""
    return [(seen, status) for seen, status in host.seen
            if status == 404 and seen != host.mount + path.lstrip("/") and not seen.endswith("/404.html")]


@pytest.mark.parametrize("path", DEPTHS)
@pytest.mark.parametrize(("mount", "absolute"), [("/", False), ("/repo/", False), ("/events/", False),
                                                 ("/", True), ("/repo/", True)],
                         ids=["root", "repo", "events", "root-base-url", "repo-base-url"])
def test_links_of_the_404_page_lead_to_real_pages(browser, hosts, reference_look, mount, absolute, path):
    host = hosts[mount, absolute]
    context, page = open_missing(browser, host, path)
    try:
        assert page.evaluate(LOOK_JS) == reference_look
        home = follow(page, page.get_by_role("link", name="Go to the front page"), host, "index.html")
        assert home in (host.url("/"), host.url("/index.html"))
        page.go_back(wait_until="load")
        page.wait_for_load_state("networkidle")
        follow(page, page.locator(".site-nav").get_by_role("link", name="Who’s who"), host,
               "actors/index.html")
        assert stray_requests(host, path) == []
        assert page.errors == []
    finally:
        context.close()


@pytest.mark.parametrize("path", DEPTHS)
@pytest.mark.parametrize("mount", ["/", "/repo/"])
def test_the_404_page_looks_like_the_site_with_javascript_off(browser, hosts, reference_look, mount, path):
    host = hosts[mount, False]
    context, page = open_missing(browser, host, path, javascript=False)
    try:
        assert page.evaluate(LOOK_JS) == reference_look
        icon = page.locator('link[rel="icon"]').get_attribute("href")
        assert icon.startswith("data:image/svg+xml,"), icon
        # The page fetched nothing (no stylesheet or icon that could miss at this depth).
        assert host.seen == [(host.mount + path.lstrip("/"), 404)]
    finally:
        context.close()


@pytest.mark.parametrize("mount", ["/", "/repo/"])
def test_search_from_the_404_page_reaches_the_search_page(browser, hosts, mount):
    host = hosts[mount, False]
    context, page = open_missing(browser, host, "/a/b/c/d/")
    try:
        page.locator("#site-search-input").fill("mutiny")
        with page.expect_navigation() as navigation:
            page.locator("#site-search-input").press("Enter")
        assert navigation.value.status == 200
        assert page.title() == title_of(host.folder, "search/index.html")
        assert page.url.startswith(host.url("/search/"))
    finally:
        context.close()


def test_skip_link_stays_on_the_404_page(browser, hosts):
    host = hosts["/repo/", False]
    context, page = open_missing(browser, host, "/actors/nobody/")
    try:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
        assert page.url == host.url("/actors/nobody/#main")
    finally:
        context.close()
