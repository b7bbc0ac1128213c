"""Pictures and files in a body: figures, and addresses that each page writes its own way.

An image alone in a paragraph is a figure: its title is the caption, and a next line starting
`Credit:` is the credit, always shown (a link in it links the credit):

    ![Route of the column](/images/route.png "The column turned back 200 km from Moscow")
    Credit: Graphic: [Backstory example desk](https://example.org/)

`Credit:` is left out of the page. In a body in another language a line starting with one of
that language's credit words and a colon (the catalogue's `figure.credit_words`: `Фото:`,
`Graphique :`) is the credit too, shown as written.

Every image, and every link whose address starts with `/` (the site root), becomes a slot of the
compiled body that each page fills in (markdown.render_body), so that the same address works from
any page, opened from disk and under any base path. `![""](x.svg)` marks a decorative image
(empty alt text); an image with no alt text at all is an error (markdown.parse_body reports it).
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..content.model import pickled_by_fields

# Where a slot goes in a compiled body (markdown.py splits the rendered HTML on it).
# markdown-it replaces every NUL of a source (raw HTML and entities included) with U+FFFD, so
# rendered Markdown holds none of its own.
SLOT = "\x00"
CREDIT_PREFIX = "Credit:"
_BEFORE_COLON = " \u00a0\u202f"  # `Photo :`, as French writes it, with any space
DECORATIVE = '""'  # `![""](x.svg)`: alt text that is deliberately empty


@dataclass(frozen=True, slots=True)
class ImageSlot:
    """An image of a compiled body, as written: `src` as the author wrote it (relative to the
    body's own page, from the site root, or a whole URL), its alt text ("" for a decorative
    one) and, outside a figure, its title."""

    __reduce__ = pickled_by_fields

    src: str
    alt: str
    title: str | None = None

    def as_written(self) -> str:
        """The image without a page to place it on: its address as written."""
        title = f' title="{escapeHtml(self.title)}"' if self.title else ""
        return f'<img src="{escapeHtml(self.src)}" alt="{escapeHtml(self.alt)}"{title}>'


@dataclass(frozen=True, slots=True)
class FileSlot:
    """A link's address from the site root (`/files/report.pdf#page=2`), written per page."""

    __reduce__ = pickled_by_fields

    address: str

    def as_written(self) -> str:
        return escapeHtml(self.address)


def alt_of(image: Token) -> str | None:
    """An image token's alt text as the page shows it: "" when marked decorative, None when
    there is none."""
    if image.content.strip() == DECORATIVE:
        return ""
    return image.content if image.content.strip() else None


def is_from_root(address: str) -> bool:
    """Whether an address is written from the site root: `/x`, not `//host/x`."""
    return address.startswith("/") and not address.startswith("//")


def credit_start(line: str, words: tuple[str, ...] = ()) -> int | None:
    """Where the credit begins in the line under an image: after `Credit:`, which is not
    shown, or at the start of a line that begins with one of `words` and a colon (`Фото:
    ТАСС`), shown as written; None when the line is no credit."""
    if line.startswith(CREDIT_PREFIX):
        return len(CREDIT_PREFIX)
    if any(line.startswith(word) and line[len(word):].lstrip(_BEFORE_COLON).startswith(":")
           for word in words):
        return 0
    return None


def _figures(state: StateCore, words: tuple[str, ...] = ()) -> None:
    """Paragraphs that hold only an image (and a credit line) become figures."""
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        opening, inline = tokens[index], tokens[index + 1]
        if opening.type != "paragraph_open" or not inline.children \
                or inline.children[0].type != "image":
            continue
        children = inline.children
        start = credit_start(children[2].content, words) if len(children) > 2 and \
            children[1].type == "softbreak" and children[2].type == "text" else None
        credit = start is not None
        if len(children) != 1 and not credit:
            continue
        image = children[0]
        caption = image.attrGet("title") or None
        if caption is not None:
            del image.attrs["title"]
        closing = tokens[index + 2]
        opening.type, closing.type = "figure_open", "figure_close"
        closing.meta = {"caption": bool(caption or credit)}
        image.meta["caption"] = caption
        image.meta["figcaption"] = bool(caption or credit)
        if credit:
            text = children[2]
            text.content = text.content[start:].lstrip()
            children[1] = Token("credit_open", "", 1, meta={"after_caption": bool(caption)})
            children.append(Token("credit_close", "", -1))


def _render_image(self, tokens: list[Token], idx: int, options, env) -> str:
    image = tokens[idx]
    alt = self.renderInlineAsText(image.children or [], options, env)
    slot = ImageSlot(image.attrGet("src") or "", "" if alt.strip() == DECORATIVE else alt,
                     image.attrGet("title") or None)
    slots = env.get("slots") if env else None
    if slots is None:
        html = slot.as_written()
    else:
        slots.append(slot)
        html = SLOT
    if image.meta.get("figcaption"):
        caption = image.meta.get("caption")
        html += "\n<figcaption>" + (f'<span class="figure-caption">{escapeHtml(caption)}</span>'
                                    if caption else "")
    return html


def _render_link_open(self, tokens: list[Token], idx: int, options, env) -> str:
    """A link from the site root is a slot each page fills in; any other is as written."""
    token = tokens[idx]
    href = token.attrGet("href")
    slots = env.get("slots") if env else None
    if slots is None or not isinstance(href, str) or not is_from_root(href):
        return self.renderToken(tokens, idx, options, env)
    slots.append(FileSlot(href))
    rest = "".join(f' {name}="{escapeHtml(str(value))}"' for name, value in token.attrs.items()
                   if name != "href")
    return f'<a href="{SLOT}"{rest}>'


def _render_figure_open(self, tokens, idx, options, env) -> str:
    return '<figure class="figure">\n'


def _render_figure_close(self, tokens, idx, options, env) -> str:
    return "</figcaption>\n</figure>\n" if tokens[idx].meta.get("caption") else "\n</figure>\n"


def _render_credit_open(self, tokens, idx, options, env) -> str:
    return (" " if tokens[idx].meta.get("after_caption") else "") + '<span class="figure-credit">'


def _render_credit_close(self, tokens, idx, options, env) -> str:
    return "</span>"


def figures_plugin(md: MarkdownIt, credit_words: tuple[str, ...] = ()) -> None:
    """Figures, and images and links from the site root as slots (markdown.make_parser);
    `credit_words`, the body's language's words that may start a credit line."""
    md.core.ruler.push("figures", lambda state: _figures(state, credit_words))
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("figure_open", _render_figure_open)
    md.add_render_rule("figure_close", _render_figure_close)
    md.add_render_rule("credit_open", _render_credit_open)
    md.add_render_rule("credit_close", _render_credit_close)
