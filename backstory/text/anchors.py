"""What a parsed body gives a page and what it names, read from markdown-it's tokens: the ids
a `#anchor` may land on, and the links and images whose addresses a build checks (addresses.py).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

ADDRESS_KINDS = {"wikilink": "wiki", "link_open": "link", "image": "image"}
# The tokens that give ids (block_ids, inline_ids): most tokens are none of these.
BLOCK_ID_TYPES = frozenset({"heading_open", "footnote_open", "footnote_block_open", "html_block"})
INLINE_ID_TYPES = frozenset({"footnote_ref", "html_inline"})
# An id in raw HTML: what a #fragment can land on. No `<` before it in the pattern, so a
# megabyte of unclosed tags is still read once.
_HTML_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def is_external(address: str) -> bool:
    """Whether an address leaves the site: a scheme (https:, mailto:, data:) or a host (//x)."""
    head = address.split("#", 1)[0].split("?", 1)[0].split("/", 1)[0]
    return ":" in head or address.startswith("//")


def address_of(child: Token) -> str | None:
    """Where a wiki link, Markdown link or image leads, when it is one the site must answer."""
    if child.type == "wikilink":
        return child.meta["target"]
    if child.type not in ("link_open", "image") or "offset" not in child.meta:
        return None
    address = child.attrGet("href" if child.type == "link_open" else "src")
    return address if isinstance(address, str) and address and not is_external(address) else None


def block_ids(block: Token) -> list[str]:
    """The ids a block token gives the page: a heading's, a footnote's, raw HTML's."""
    if block.type == "heading_open":
        return [str(block.attrGet("id"))]
    if block.type == "footnote_open":
        return [f"fn{block.meta['id'] + 1}"]
    if block.type == "footnote_block_open":
        return ["notes-title"]  # markdown._render_notes_open's heading
    if block.type == "html_block":
        return _html_ids(block.content)
    return []


def inline_ids(child: Token) -> list[str]:
    """The ids an inline token gives the page: a footnote reference's, raw HTML's."""
    if child.type == "footnote_ref":
        sub = child.meta.get("subId", 0)
        return [f"fnref{child.meta['id'] + 1}" + (f":{sub}" if sub > 0 else "")]
    if child.type == "html_inline":
        return _html_ids(child.content)
    return []


def _html_ids(html: str) -> list[str]:
    return [next(value for value in match.groups() if value is not None)
            for match in _HTML_ID.finditer(html)] if "=" in html else []
