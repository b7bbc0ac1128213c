"""The Markdown setup: CommonMark plus tables, footnotes, heading anchors and wiki links.

Wiki links (`[[slug]]`, `[[slug|shown text]]`, `[[slug#anchor]]`, `[[#anchor]]`) are recorded
with their line and column while the body is parsed, and so are the ids the body gives and its
Markdown links and images; they are rendered later, once every reference has resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import image as image_rule
from markdown_it.rules_inline import link as link_rule
from markdown_it.token import Token
from mdit_py_plugins.anchors.index import slugify as heading_slug
from mdit_py_plugins.footnote import footnote_plugin

from ..content.model import Body, Position, Ref, pickled_by_fields
from ..errors import Diagnostics
from .anchors import ADDRESS_KINDS, BLOCK_ID_TYPES, INLINE_ID_TYPES, address_of, block_ids, inline_ids
from .figures import SLOT as _SLOT  # where a link goes in a compiled body
from .figures import FileSlot, ImageSlot, alt_of, figures_plugin
from .places import CellPlaces, Places
from .quotations import attributions, quotations_plugin
from .typography import quotes_for, use_typography


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    href: str
    text: str  # the target's name or title, used when the link shows no text of its own
    css_class: str  # "ref ref-actors", ...


MAX_WIKILINK_LENGTH = 512

# Given a slug (and an optional #fragment), where it points; None when unknown.
LinkResolver = Callable[[str], "ResolvedLink | None"]
# Given an image or a link from the site root (figures.py), its HTML on the page.
Placer = Callable[["ImageSlot | FileSlot"], str]


@dataclass(frozen=True, slots=True)
class LinkSlot:
    """A link in a compiled body, made on each page: a wiki link ("wiki", with the author's
    text or None) or where an automatic link opens ("open") or closes ("close")."""

    __reduce__ = pickled_by_fields

    kind: str
    target: str
    text: str | None = None

    def render(self, resolve_link: LinkResolver) -> str:
        link = resolve_link(self.target)
        if self.kind == "wiki":
            if link is None:  # unknown target: show the text the author meant
                return escapeHtml(self.text or self.target)
            text = escapeHtml(self.text or link.text)
            return f'<a class="{link.css_class}" href="{escapeHtml(link.href)}">{text}</a>'
        if link is None:
            return ""
        if self.kind == "open":
            return f'<a class="{link.css_class} autolink" href="{escapeHtml(link.href)}">'
        return "</a>"


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
    slots: list[LinkSlot] | None = env.get("slots") if env else None
    if slots is None:  # no site to resolve against: show the text the author meant
        return escapeHtml(meta["text"] or meta["target"])
    slots.append(LinkSlot("wiki", meta["target"], meta["text"]))
    return _SLOT


def _render_text(self, tokens: list[Token], idx: int, options, env) -> str:
    """Text, with the automatic links (mentions.py) that open or close inside it."""
    content = tokens[idx].content
    marks = env.get("autolink_marks") if env else None
    here = marks.get((id(tokens), idx)) if marks else None
    if not here:
        return escapeHtml(content)
    out, last = [], 0
    for offset, opens, slug in sorted(here):
        out.append(escapeHtml(content[last:offset]))
        last = offset
        env["slots"].append(LinkSlot("open" if opens else "close", slug))
        out.append(_SLOT)
    out.append(escapeHtml(content[last:]))
    return "".join(out)


def _autolink_marks(body: Body) -> dict[tuple[int, int], list[tuple[int, bool, str]]]:
    """Each automatic link as an opening and a closing mark on the text tokens they fall in,
    keyed by the token list's identity (what a render rule is given) and the token's index.
    At one offset a link closes (False) before the next one opens (True)."""
    marks: dict[tuple[int, int], list[tuple[int, bool, str]]] = {}
    for block, child, start, end_child, end, slug in body.autolinks:
        children = body.tokens[block].children
        marks.setdefault((id(children), child), []).append((start, True, slug))
        marks.setdefault((id(children), end_child), []).append((end, False, slug))
    return marks


def _body_heading_id(title: str) -> str:
    """GitHub-style heading ids, kept clear of the ids layouts use (`main`, `*-title`)."""
    slug = heading_slug(title) or "section"
    return slug + "-section" if slug == "main" or slug.endswith("-title") else slug


def _heading_text(inline: Token) -> str:
    """A heading's words as its id is made from them, wiki links by their shown text."""
    words = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type == "wikilink":
            words.append(child.meta["text"] or child.meta["target"].partition("#")[0])
    return "".join(words)


def _heading_ids(state: StateCore) -> None:
    """An id on every heading, from all its text (wiki links included), unique in the page."""
    taken: set[str] = set()
    last_number: dict[str, int] = {}  # per base id, so repeats cost one step each, not a scan
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        base = _body_heading_id(_heading_text(state.tokens[index + 1]))
        slug, number = base, last_number.get(base, 0)
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        last_number[base] = number
        token.attrSet("id", slug)


def _own_anchor_texts(state: StateCore) -> None:
    """`[[#anchor]]` without text of its own shows the heading it leads to."""
    if "[[#" not in state.src:
        return
    tokens = state.tokens
    headings = {token.attrGet("id"): _heading_text(tokens[index + 1])
                for index, token in enumerate(tokens) if token.type == "heading_open"}
    for token in tokens:
        for child in token.children or ():
            if child.type == "wikilink" and child.meta["text"] is None \
                    and child.meta["target"].startswith("#"):
                child.meta["text"] = " ".join(headings.get(child.meta["target"][1:], "").split()) or None


def _remembering_offset(rule: Callable, opens: str) -> Callable:
    """An inline rule whose token `opens` keeps the offset it starts at, as wiki links do,
    so that parse_body can place Markdown links and images."""
    def rule_placed(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        tokens = state.tokens
        for index in range(count, count if silent else len(tokens)):  # silent: no tokens made
            if tokens[index].type == opens:
                tokens[index].meta["offset"] = start
                break
        return True
    return rule_placed


def _render_notes_open(self, tokens, idx, options, env) -> str:
    # A titled section instead of the plugin's bare rule: screen readers can jump to "Notes".
    return ('<section class="footnotes" aria-labelledby="notes-title">\n'
            '<h2 id="notes-title">Notes</h2>\n<ol class="footnotes-list">\n')


def _normalize(state: StateCore) -> None:
    """markdown-it's own first step, without a regex substitution for every line break."""
    text = state.src
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    state.src = text


def parser_for(config, language: str | None = None) -> MarkdownIt:
    """The parser a site's settings ask for (content/config.py: raw_html, typographer, language),
    for prose in `language` (a translation's) when given, else in the site's: its quotes, and
    the words its figures' credit lines may start with (config.credit_words)."""
    language = language or config.language
    quotes = quotes_for(language) if config.typographer else None
    return make_parser(config.raw_html, quotes, dict(config.credit_words).get(language, ()))


@lru_cache(maxsize=16)  # a parser per language's quotes, in a site of several
def make_parser(raw_html: bool = True, quotes: tuple[str, str, str, str] | None = None,
                credit_words: tuple[str, ...] = ()) -> MarkdownIt:
    """One configured parser per setting; parsing keeps no state between documents. With
    `quotes`, prose gets those quotation marks and typographic dashes (typography.py); with
    `credit_words`, a line under an image starting with one of them is its credit, as a line
    starting `Credit:` always is (figures.py)."""
    md = MarkdownIt("commonmark", {"html": raw_html})
    if quotes is not None:
        use_typography(md, quotes)
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.core.ruler.push("own_anchor_texts", _own_anchor_texts)
    md.core.ruler.push("attributions", attributions)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.inline.ruler.at("link", _remembering_offset(link_rule, "link_open"))
    md.inline.ruler.at("image", _remembering_offset(image_rule, "image"))
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("text", _render_text)
    md.add_render_rule("footnote_block_open", _render_notes_open)
    md.use(figures_plugin, credit_words)
    md.use(quotations_plugin)
    return md


def parse_body(md: MarkdownIt, text: str, first_line: int, shown: str,
               diagnostics: Diagnostics | None = None) -> Body:
    """Parse a body once, recording every wiki link with its place in the file, the ids the
    body gives, and the addresses a build checks (see Body.addresses); an image without alt
    text is reported into `diagnostics`."""
    tokens = md.parse(text, {})
    lines = text.split("\n")
    links: list[Ref] = []
    ids: dict[str, None] = {}
    addresses: list[tuple[str, str, Position]] = []
    cell = -1  # in a table row: which of its cells the last one was
    for index, block in enumerate(tokens):
        if block.type == "tr_open":
            cell = -1
        elif block.type in ("th_open", "td_open"):
            cell += 1
        if block.type in BLOCK_ID_TYPES:
            ids.update(dict.fromkeys(block_ids(block)))
        if block.type != "inline" or not block.children or block.map is None \
                or ("[" not in block.content and "<" not in block.content):
            continue
        places = None
        for child in block.children:
            if child.type in INLINE_ID_TYPES:
                ids.update(dict.fromkeys(inline_ids(child)))
            address = address_of(child) if child.type in ADDRESS_KINDS else None
            unlabelled = child.type == "image" and alt_of(child) is None and "offset" in child.meta
            if address is None and not unlabelled:
                continue
            in_cell = index > 0 and tokens[index - 1].type in ("th_open", "td_open")
            places = places or (CellPlaces(block.content, block.map[0], lines, cell) if in_cell
                                else Places(block.content, block.map[0], lines))
            line, column = places.of(child.meta["offset"])
            at = Position(shown, first_line + line, column)
            if unlabelled and diagnostics is not None:
                src = child.attrGet("src")
                diagnostics.error(shown, at.line, at.column, f"image '{src}' has no alt text",
                                  f"say what it shows for readers who cannot see it: ![What it "
                                  f'shows]({src}); for a decorative image write ![""]({src})')
            if address is None:
                continue
            if child.type == "wikilink" and not address.startswith("#"):
                links.append(Ref(address.partition("#")[0], at, "body"))
            if "#" in address or child.type != "wikilink":
                addresses.append((ADDRESS_KINDS[child.type], address, at))
    return Body(text, first_line, tuple(tokens), tuple(links), ids=tuple(ids),
                addresses=tuple(addresses))


def compile_body(md: MarkdownIt, body: Body) -> tuple[str | LinkSlot | ImageSlot | FileSlot, ...]:
    """The body rendered once, with each link a slot that render_body fills in per page."""
    slots: list = []
    env = {"slots": slots, "autolink_marks": _autolink_marks(body)}
    pieces = md.renderer.render(list(body.tokens), md.options, env).split(_SLOT)
    if len(pieces) != len(slots) + 1:
        raise AssertionError("a slot marker in rendered Markdown")  # markdown-it drops NULs
    parts: list = []
    for piece, slot in zip(pieces[:-1], slots, strict=True):
        if piece:
            parts.append(_kept(piece))
        parts.append(slot)
    if pieces[-1]:
        parts.append(_kept(pieces[-1]))
    return tuple(parts)


def _kept(piece: str) -> str | bytes:
    """A piece of HTML as a build keeps it: beyond ASCII, a str takes two or four bytes per
    character, its UTF-8 mostly one. Every compiled body stays in memory for the whole build."""
    return piece if piece.isascii() else piece.encode()


def render_body(md: MarkdownIt, body: Body, resolve_link: LinkResolver,
                place: Placer | None = None) -> str:
    """The body's HTML on one page: its slots filled in with links from that page, and its
    images and links from the site root by `place` (as written without it)."""
    parts = body.html if body.html is not None else compile_body(md, body)
    out = []
    for part in parts:
        kind = part.__class__
        out.append(part if kind is str else part.decode() if kind is bytes
                   else part.render(resolve_link) if kind is LinkSlot
                   else place(part) if place is not None else part.as_written())
    return "".join(out)


def render_markdown(text: str, *, raw_html: bool = True, language: str | None = None) -> str:
    """Render Markdown with Backstory's settings, outside any site: wiki links show their text.
    With a `language` ("en-GB"), quotes and dashes are typographic, as a site's are."""
    md = make_parser(raw_html, quotes_for(language) if language else None)
    return md.render(text)
