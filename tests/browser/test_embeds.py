"""Embeds inside a host page's iframes, as a newsroom's CMS would show them: the iframe's height
follows the embed's content (also after the host's width changes), the messages carry the
height alone, links leave for the top window, nothing is asked of another origin, nothing
complains in the console, and the keyboard reaches in.

The host is a plain page written into this module's own copy of the built example, served from
the same static server as the embeds, with the host script the "Embed this" snippet carries.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest

from .support import DESKTOP, EXAMPLE_ACTOR, PHONE, StaticServer

pytestmark = pytest.mark.browser

EMBEDS = {"map": "/embed/map/", "actor": f"/embed/actors/{EXAMPLE_ACTOR}/",
          "event": "/embed/events/lukashenko-mediation/", "timeline": "/embed/timeline/"}
HOST = "/host.html"

# Every iframe's height against its document's content height (CSS px), and whether it scrolls.
HEIGHTS_JS = """() => [...document.querySelectorAll('iframe')].map(frame => {
  const doc = frame.contentDocument.documentElement;
  return {src: frame.getAttribute('src'), frame: frame.getBoundingClientRect().height,
          content: Math.ceil(doc.getBoundingClientRect().height),
          scrolls: doc.scrollHeight > doc.clientHeight || doc.scrollWidth > doc.clientWidth};
})"""
# True once every iframe is as tall as what it shows (within a pixel of rounding).
FITTED_JS = """() => [...document.querySelectorAll('iframe')].every(frame => {
  const doc = frame.contentDocument && frame.contentDocument.documentElement;
  if (!doc || frame.contentDocument.readyState !== 'complete') return false;
  const content = Math.ceil(doc.getBoundingClientRect().height);
  return Math.abs(frame.getBoundingClientRect().height - content) <= 1 && content > 200;
})"""


def _host_page(snippet_script: str) -> str:
    frames = "\n<p>Some of the story, in the host's own words.</p>\n".join(
        f'<iframe data-backstory-embed src="{path}" title="{name}" height="150" '
        f'style="display:block;width:100%;border:0"></iframe>' for name, path in EMBEDS.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A newsroom's story</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>body {{ max-width: 44rem; margin: 0 auto; padding: 1rem; font: 17px/1.5 serif; }}</style>
</head><body>
<h1>A newsroom's story</h1>
<p>The host page's first paragraph.</p>
<a href="#first" id="host-link">A link of the host's own</a>
{frames}
<p>The end.</p>
<script>
window.messages = [];
window.addEventListener("message", (event) => window.messages.push(event.data));
</script>
{snippet_script}
</body></html>"""


@pytest.fixture(scope="module")
def host_site(example_site, tmp_path_factory):
    """A copy of the built example with a host page in it, served on its own port."""
    root = tmp_path_factory.mktemp("embed-host") / "site"
    shutil.copytree(example_site.root, root)
    # The host script as the actor page's snippet gives it (it takes the origin from the src).
    actor = (root / "actors" / EXAMPLE_ACTOR / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", actor, re.S).group(1))
    script = code[code.index("<script>"):]
    server = StaticServer(root)
    (root / HOST.lstrip("/")).write_text(_host_page(script), encoding="utf-8")
    yield server
    server.close()


def _open_host(open_page, host_site, width: int, scheme: str = "light"):
    visit = open_page(HOST, width=width, scheme=scheme, site=host_site)
    visit.page.wait_for_function(FITTED_JS, timeout=30_000)
    return visit


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_iframe_is_as_tall_as_its_embed_and_follows_the_width(open_page, host_site, scheme):
    visit = _open_host(open_page, host_site, DESKTOP, scheme)
    page = visit.page
    wide = {f["src"]: f for f in page.evaluate(HEIGHTS_JS)}
    assert set(wide) == set(EMBEDS.values())
    assert not [f for f in wide.values() if f["scrolls"]], wide
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.wait_for_function(FITTED_JS, timeout=30_000)
    narrow = {f["src"]: f for f in page.evaluate(HEIGHTS_JS)}
    assert not [f for f in narrow.values() if f["scrolls"]], narrow
    # Narrower, the text wraps into more lines: every embed of text grew, and its iframe with it
    # (a map is a picture that scales with the width: its frame only has to follow it).
    for src, before in wide.items():
        if src != EMBEDS["map"]:
            assert narrow[src]["frame"] > before["frame"], (src, before, narrow[src])
        assert narrow[src]["frame"] != before["frame"], (src, before, narrow[src])
    assert visit.problems == []
    page.close()  # its viewport changed: not to be reused


def test_messages_carry_the_height_alone(open_page, host_site):
    visit = _open_host(open_page, host_site, DESKTOP)
    messages = visit.page.evaluate("window.messages")
    assert len(messages) >= len(EMBEDS)
    for message in messages:
        assert isinstance(message, dict) and list(message) == ["backstoryHeight"], message
        assert isinstance(message["backstoryHeight"], int) and message["backstoryHeight"] > 0


def test_the_host_script_ignores_other_origins_and_other_windows(open_page, host_site):
    visit = _open_host(open_page, host_site, DESKTOP)
    page = visit.page
    before = page.evaluate(HEIGHTS_JS)
    # The host itself (not an iframe's window) and a message from elsewhere change nothing.
    page.evaluate("window.postMessage({backstoryHeight: 5}, '*')")
    page.evaluate("""() => window.dispatchEvent(new MessageEvent('message', {
        data: {backstoryHeight: 7}, origin: 'https://elsewhere.example',
        source: document.querySelector('iframe').contentWindow}))""")
    page.wait_for_timeout(300)
    assert page.evaluate(HEIGHTS_JS) == before


def test_links_open_in_the_top_window(open_page, host_site):
    visit = _open_host(open_page, host_site, DESKTOP)
    page = visit.page
    frame = page.frame_locator(f'iframe[src="{EMBEDS["actor"]}"]')
    back = frame.locator("a.embed-source")
    assert back.get_attribute("target") == "_top"
    assert back.is_visible()
    back.click()
    page.wait_for_url(f"**/actors/{EXAMPLE_ACTOR}/index.html")
    assert page.main_frame.url == host_site.url(f"/actors/{EXAMPLE_ACTOR}/index.html")
    # Any other link in an embed leaves the iframe too (<base target="_top">).
    page.go_back()
    page.wait_for_function(FITTED_JS, timeout=30_000)
    page.frame_locator(f'iframe[src="{EMBEDS["timeline"]}"]').locator(
        ".timeline-title a").first.click()
    page.wait_for_url("**/events/*/index.html")
    assert visit.problems == []


def test_nothing_is_asked_of_another_origin(open_page, host_site):
    visit = open_page("/404.html", site=host_site)  # any page: requests are watched from now
    page = visit.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(host_site.url(HOST), wait_until="load")
    page.wait_for_function(FITTED_JS, timeout=30_000)
    page.wait_for_timeout(300)
    assert any("/embed/" in url for url in requested) and any(".css" in url for url in requested)
    elsewhere = [url for url in requested
                 if not url.startswith(host_site.base_url) and not url.startswith("data:")]
    assert elsewhere == []
    assert visit.problems == []


def test_the_policy_blocks_what_comes_from_elsewhere(open_page, host_site):
    """The Content-Security-Policy is in force: an image from another origin is refused."""
    visit = open_page(EMBEDS["actor"], site=host_site)
    refused = visit.page.evaluate("""() => new Promise(resolve => {
        document.addEventListener('securitypolicyviolation',
            event => resolve(event.blockedURI + ' ' + event.violatedDirective));
        const img = document.createElement('img');
        img.src = 'https://elsewhere.example/pixel.png';
        img.alt = '';
        document.body.append(img);
        setTimeout(() => resolve(null), 3000);
    })""")
    assert refused is not None and refused.startswith("https://elsewhere.example/"), refused
    visit.page.close()


def test_the_keyboard_reaches_into_an_embed_and_out_again(open_page, host_site):
    visit = _open_host(open_page, host_site, DESKTOP)
    page = visit.page
    page.focus("#host-link")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate("""() => {
            const frame = document.activeElement;
            if (!frame || frame.tagName !== 'IFRAME') return null;
            const el = frame.contentDocument.activeElement;
            return {src: frame.getAttribute('src'), cls: el.className, visible: el.matches(':focus-visible')};
        }""")
        if inside:
            reached.append(inside)
        if inside and inside["src"] == EMBEDS["actor"] and inside["cls"] == "embed-source":
            break
    actor = [r for r in reached if r["src"] == EMBEDS["actor"]]
    assert actor and actor[-1]["cls"] == "embed-source" and actor[-1]["visible"], reached[-5:]
    assert any(r["src"] == EMBEDS["map"] for r in reached)
