"""The Markdown setup: CommonMark plus tables, footnotes, heading anchors and wiki links.

Wiki links (`[[slug]]`, `[[slug|shown text]]`) are recorded with their line and column
while the body is parsed; they are rendered later, once every reference has resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify as heading_slug
from mdit_py_plugins.footnote import footnote_plugin

from .model import Body, Position, Ref


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    href: str
    text: str  # the target's name or title, used when the link shows no text of its own
    css_class: str  # "ref ref-actors", ...


MAX_WIKILINK_LENGTH = 512

# Given a slug (and an optional #fragment), where it points; None when unknown.
LinkResolver = Callable[[str], "ResolvedLink | None"]


def _next_close(state: StateInline, start: int) -> int:
    """Where the next `]]` at or after start is, remembered so that text full of unclosed
    `[[` is scanned once (linear), not once per `[[` (quadratic)."""
    cached = getattr(state, "_backstory_close", None)
    if cached is None or start < cached[0] or (cached[1] >= 0 and start > cached[1]):
        cached = (start, state.src.find("]]", start))
        state._backstory_close = cached
    return cached[1]


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("[[", start):
        return False
    end = _next_close(state, start + 2)
    if end < 0 or end - start > MAX_WIKILINK_LENGTH:
        return False
    inner = src[start + 2 : end]
    target, _, text = inner.partition("|")
    target = target.strip()
    if not target or "\n" in target or "[" in inner or "]" in inner:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.meta = {"target": target, "text": " ".join(text.split()) or None, "offset": start}
    state.pos = end + 2
    return True


def _render_wikilink(self, tokens: list[Token], idx: int, options, env) -> str:
    meta = tokens[idx].meta
    resolve: LinkResolver | None = env.get("resolve_link") if env else None
    link = resolve(meta["target"]) if resolve else None
    if link is None:  # no site to resolve against: show the text the author meant
        return escapeHtml(meta["text"] or meta["target"])
    text = escapeHtml(meta["text"] or link.text)
    return f'<a class="{link.css_class}" href="{escapeHtml(link.href)}">{text}</a>'


def _body_heading_id(title: str) -> str:
    """GitHub-style heading ids, kept clear of the ids layouts use (`main`, `*-title`)."""
    slug = heading_slug(title) or "section"
    return slug + "-section" if slug == "main" or slug.endswith("-title") else slug


def _heading_ids(state: StateCore) -> None:
    """An id on every heading, from all its text (wiki links included), unique in the page."""
    taken: set[str] = set()
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        words = []
        for child in state.tokens[index + 1].children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type == "wikilink":
                words.append(child.meta["text"] or child.meta["target"].partition("#")[0])
        base = _body_heading_id("".join(words))
        slug, number = base, 0
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        token.attrSet("id", slug)


@lru_cache(maxsize=4)
def make_parser(raw_html: bool = True) -> MarkdownIt:
    """One configured parser per setting; parsing keeps no state between documents."""
    md = MarkdownIt("commonmark", {"html": raw_html})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    return md


def parse_body(md: MarkdownIt, text: str, first_line: int, shown: str) -> Body:
    """Parse a body once, recording every wiki link with its place in the file."""
    tokens = md.parse(text, {})
    lines = text.split("\n")
    links: list[Ref] = []
    for block in tokens:
        if block.type != "inline" or not block.children or block.map is None:
            continue
        for child in block.children:
            if child.type == "wikilink":
                line, column = _place(block.content, child.meta["offset"], block.map[0], lines)
                links.append(Ref(child.meta["target"].partition("#")[0],
                                 Position(shown, first_line + line, column), "body"))
    return Body(text, first_line, tuple(tokens), tuple(links))


def _place(content: str, offset: int, first: int, lines: list[str]) -> tuple[int, int]:
    """Line (0-based, in the body) and column (1-based) of an offset into a block's inline text.

    The inline text is the block's lines without their container markers (`> `, `- `,
    indentation), so each of its lines ends the source line it came from.
    """
    line = first + content.count("\n", 0, offset)
    starts = content.rfind("\n", 0, offset) + 1
    ends = content.find("\n", offset)
    piece = content[starts : ends if ends >= 0 else len(content)]
    source = lines[line] if line < len(lines) else ""
    base = source.rfind(piece) if piece else -1
    return line, (base + offset - starts + 1) if base >= 0 else 1


def render_body(md: MarkdownIt, body: Body, resolve_link: LinkResolver) -> str:
    return md.renderer.render(list(body.tokens), md.options, {"resolve_link": resolve_link})


def render_markdown(text: str, *, raw_html: bool = True) -> str:
    """Render Markdown with Backstory's settings, outside any site: wiki links show their text."""
    md = make_parser(raw_html)
    return md.render(text)
