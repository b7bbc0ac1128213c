"""Embeddable pages (docs/what-comes-out.md, Embeds): which there are, where each lives, the
snippet a full page offers for its embed, and the Content-Security-Policy every embed carries.

An embed lives at its full page's path under embed/ (`embed/actors/<slug>/` for
`actors/<slug>/`), so each finds its full page without a table. Embeds are made for another
site's <iframe>: no site chrome, links open in the top window, and embed.js tells the host the
embed's height.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass

from ..content.config import Config

EMBED_DIR = "embed/"
# Each full page kind that has an embed, and the embed's kind (its layout is `<kind>.html`).
EMBED_KINDS = {"timeline": "embed-timeline", "map": "embed-map", "actor": "embed-actor",
               "event": "embed-event"}
FULL_KINDS = {embed: full for full, embed in EMBED_KINDS.items()}
# The iframe's height before the embed first says its own: about a screenful of each.
FIRST_HEIGHTS = {"timeline": 640, "map": 560, "actor": 420, "event": 420}
# The one field of the message an embed sends its host: {"backstoryHeight": 812}.
HEIGHT_FIELD = "backstoryHeight"
# Where a site without a base_url is published is unknown: the snippet says to replace this.
PLACEHOLDER_ORIGIN = "https://YOUR-SITE.example"


def is_embed(kind: str) -> bool:
    return kind in FULL_KINDS


def embed_path(full_path: str) -> str:
    """`actors/x/` -> `embed/actors/x/`."""
    return EMBED_DIR + full_path


def full_path(path: str) -> str:
    """An embed's full page: `embed/actors/x/` -> `actors/x/`."""
    return path.removeprefix(EMBED_DIR)


@dataclass(frozen=True, slots=True)
class Snippet:
    """What a full page offers to paste into another site: an iframe of its embed and the host
    script that sets the iframe's height from the embed's messages."""

    url: str  # the embed's whole URL (under PLACEHOLDER_ORIGIN without a base_url)
    code: str  # the HTML to paste
    filled: bool  # False without a base_url: the code names PLACEHOLDER_ORIGIN, to be replaced

    @property
    def to_replace(self) -> str | None:
        """What the person pasting must replace with the site's address, or None."""
        return None if self.filled else PLACEHOLDER_ORIGIN


def snippet(kind: str, path: str, title: str, config: Config, prefix: str = "") -> Snippet | None:
    """The snippet of a full page's embed; None for a page that has no embed. `prefix` is
    where the page's language's pages are ("ru/"), `path` the page under it."""
    if kind not in EMBED_KINDS:
        return None
    root = config.base_url or PLACEHOLDER_ORIGIN + "/"
    url = root + prefix + embed_path(path)
    label = html.escape(f"{title} ({config.title})", quote=True)
    code = (f'<iframe data-backstory-embed src="{html.escape(url, quote=True)}" title="{label}" '
            f'height="{FIRST_HEIGHTS[kind]}" loading="lazy" '
            f'style="display:block;width:100%;border:0"></iframe>\n'
            + HOST_SCRIPT.replace("FIELD", HEIGHT_FIELD))
    return Snippet(url, code, bool(config.base_url))


# Sets each Backstory iframe's height from its own window's messages, and only when they come
# from the origin its src names (the site's): the address is written once, in the src. Pasted
# once per embed, each copy does the same thing: harmless, and no copy depends on another.
HOST_SCRIPT = """<script>
window.addEventListener("message", function (event) {
  var height = event.data && event.data.FIELD;
  if (typeof height !== "number" || !(height > 0)) return;
  var frames = document.querySelectorAll("iframe[data-backstory-embed]");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === event.source
        && event.origin === new URL(frames[i].src).origin) {
      frames[i].style.height = Math.ceil(height) + "px";
    }
  }
});
</script>
"""


def content_security_policy(inline_styles: Iterable[str] = ()) -> str:
    """Nothing from outside the site: scripts and styles from the site's own files, plus the
    hash of each inline <style> the page carries (the site's kind colours), and style
    attributes (the timeline's positions, computed at build time). A style attribute can fetch
    nothing that img-src and font-src, left at 'self', would not refuse."""
    hashes = "".join(f" 'sha256-{_sha256(style)}'" for style in inline_styles if style)
    return (f"default-src 'self'; style-src 'self'{hashes}; style-src-attr 'unsafe-inline'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
