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
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify as heading_slug
from mdit_py_plugins.footnote import footnote_plugin

from .model import Body, Position, Ref


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    href: str
    text: str  # the target's name or title, used when the link shows no text of its own
    css_class: str  # "ref ref-actors", ...


# Given a slug (and an optional #fragment), where it points; None when unknown.
LinkResolver = Callable[[str], "ResolvedLink | None"]


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2)
    if end < 0:
        return False
    inner = src[start + 2 : end]
    target, _, text = inner.partition("|")
    target = target.strip()
    if not target or "\n" in target or "[" in inner or "]" in inner:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.meta = {"target": target, "text": " ".join(text.split()) or None,
                      "nested": state.linkLevel > 0}
    state.pos = end + 2
    return True


def _render_wikilink(self, tokens: list[Token], idx: int, options, env) -> str:
    meta = tokens[idx].meta
    resolve: LinkResolver | None = env.get("resolve_link") if env else None
    link = resolve(meta["target"]) if resolve else None
    if link is None:  # no site to resolve against: show the text the author meant
        return escapeHtml(meta["text"] or meta["target"])
    text = escapeHtml(meta["text"] or link.text)
    if meta["nested"]:  # already inside a link: a nested <a> is invalid HTML
        return text
    return f'<a class="{link.css_class}" href="{escapeHtml(link.href)}">{text}</a>'


def _body_heading_id(title: str) -> str:
    """GitHub-style heading ids, kept clear of the ids layouts use (`main`, `*-title`)."""
    slug = heading_slug(title) or "section"
    return slug + "-section" if slug == "main" or slug.endswith("-title") else slug


@lru_cache(maxsize=4)
def make_parser(raw_html: bool = True) -> MarkdownIt:
    """One configured parser per setting; parsing keeps no state between documents."""
    md = MarkdownIt("commonmark", {"html": raw_html})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=_body_heading_id)
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
        line = block.map[0]
        search_from = 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line, search_from = line + 1, 0
            elif child.type == "wikilink":
                source_line = lines[line] if line < len(lines) else ""
                found = source_line.find("[[" + child.content, search_from)
                column = found + 1 if found >= 0 else 1
                search_from = found + 2 if found >= 0 else search_from
                links.append(Ref(child.meta["target"].partition("#")[0],
                                 Position(shown, first_line + line, column), "body"))
    return Body(text, first_line, tuple(tokens), tuple(links))


def render_body(md: MarkdownIt, body: Body, resolve_link: LinkResolver) -> str:
    return md.renderer.render(list(body.tokens), md.options, {"resolve_link": resolve_link})


def render_markdown(text: str, *, raw_html: bool = True) -> str:
    """Render Markdown with Backstory's settings, outside any site: wiki links show their text."""
    md = make_parser(raw_html)
    return md.render(text)
