"""Attributed quotations: a blockquote whose last paragraph starts with a dash is rendered as
<figure class="quote"><blockquote>...</blockquote><figcaption>— who</figcaption></figure>."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# What starts the last paragraph of a quote to make it the quote's attribution: an em dash, a
# horizontal bar, two hyphens, or the en dash typography.py makes of two hyphens.
ATTRIBUTION_DASHES = ("\u2014", "\u2015", "--", "\u2013")


def attributions(state: StateCore) -> None:
    """Mark each attributed quotation's tokens (quote_open, attribution_open...): a core rule,
    run after the inline rules and typography."""
    tokens = state.tokens
    opened: list[int] = []
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            opened.append(index)
        elif token.type == "blockquote_close" and opened:
            start = opened.pop()
            last = index - 3  # paragraph_open, inline, paragraph_close, blockquote_close
            if last <= start + 1 or tokens[last].type != "paragraph_open" \
                    or tokens[last].level != token.level + 1:
                continue
            inline = tokens[last + 1]
            first = (inline.children or [None])[0]
            if first is None or first.type != "text" or not first.content.startswith(ATTRIBUTION_DASHES):
                continue
            tokens[start].type, tokens[index].type = "quote_open", "quote_close"
            tokens[last].type, tokens[last + 2].type = "attribution_open", "attribution_close"


def quotations_plugin(md: MarkdownIt) -> None:
    """How the marked tokens render (attributions() marks them)."""
    md.add_render_rule("quote_open", _render_quote_open)
    md.add_render_rule("quote_close", _render_quote_close)
    md.add_render_rule("attribution_open", _render_attribution_open)
    md.add_render_rule("attribution_close", _render_attribution_close)


def _render_quote_open(self, tokens, idx, options, env) -> str:
    return '<figure class="quote">\n<blockquote>\n'


def _render_quote_close(self, tokens, idx, options, env) -> str:
    return "</figure>\n"


def _render_attribution_open(self, tokens, idx, options, env) -> str:
    return "</blockquote>\n<figcaption>"


def _render_attribution_close(self, tokens, idx, options, env) -> str:
    return "</figcaption>\n"
