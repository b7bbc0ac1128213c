"""Typographic punctuation: quotation marks as the site's language writes them, and dashes and
the ellipsis from what a keyboard types for them (`--`, `---`, `...`, a spaced hyphen).

Prose gets it from markdown-it's own smartquotes rule (which skips code) and `dashes` below;
front-matter text that readers see (titles, summaries, roles, captions) from `smarten`, so a
title reads the same in its heading and in the sentence that links to it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# Outer pair, then inner pair, by the language's primary subtag; others get the English marks,
# the most widely used curly ones. French sets its guillemets off with narrow no-break spaces.
QUOTES_BY_LANGUAGE: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"), "nl": ("“", "”", "‘", "’"), "zh": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"), "cs": ("„", "“", "‚", "‘"), "sk": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),
    "ru": ("«", "»", "„", "“"), "uk": ("«", "»", "„", "“"), "be": ("«", "»", "„", "“"),
    "es": ("«", "»", "“", "”"), "it": ("«", "»", "“", "”"), "ca": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"), "pl": ("„", "”", "«", "»"), "hu": ("„", "”", "»", "«"),
    "sv": ("”", "”", "’", "’"), "fi": ("”", "”", "’", "’"), "da": ("»", "«", "›", "‹"),
    "nb": ("«", "»", "‘", "’"), "no": ("«", "»", "‘", "’"), "ja": ("「", "」", "『", "』"),
}

# What a keyboard types for each, longest first: `---` is an em dash, not an en dash and a hyphen.
_DASH_FOR = {"---": "—", "--": "–", "...": "…", " - ": " – "}
_DASHES = re.compile("|".join(map(re.escape, _DASH_FOR)))
# The same, as _has_dashes looks for them: `---` holds `--`, so it needs no search of its own.
_DASH_SIGNS = tuple(typed for typed in _DASH_FOR if not any(o != typed and o in typed for o in _DASH_FOR))

# Each mark that opens a quotation in one of the languages above (or as typed), and the marks
# that close it there: where names are not linked (mentions.py). A mark that opens in one
# language and closes in another (» in Danish and French) is read as a closer while a
# quotation is open, so the two never meet in one paragraph.
QUOTE_CLOSERS: dict[str, str] = {'"': '"'}
for _open, _close, _, _ in QUOTES_BY_LANGUAGE.values():
    _open, _close = _open.strip("\u202f"), _close.strip("\u202f")
    if _close not in QUOTE_CLOSERS.get(_open, ""):
        QUOTE_CLOSERS[_open] = QUOTE_CLOSERS.get(_open, "") + _close


def quotes_for(language: str) -> tuple[str, str, str, str]:
    """The quotation marks of a BCP 47 language tag ("en-GB", "ru")."""
    return QUOTES_BY_LANGUAGE.get(language.split("-")[0].lower(), QUOTES_BY_LANGUAGE["en"])


def use_typography(md: MarkdownIt, quotes: tuple[str, str, str, str]) -> None:
    """Turn on curly quotes (`quotes`) and dashes in `md`'s prose. Both run before the rules
    Backstory adds after parsing, so names are found in the text as readers see it."""
    md.options["typographer"] = True
    md.options["quotes"] = list(quotes)
    md.enable("smartquotes")
    md.core.ruler.before("smartquotes", "dashes", dashes)
    md.core.ruler.after("smartquotes", "wikilink_texts", _wikilink_texts)


def dashes(state: StateCore) -> None:
    """`--` an en dash, `---` an em dash, `...` an ellipsis and a spaced hyphen a spaced en
    dash, in text only: code, URLs and attributes are not text tokens."""
    for block in state.tokens:
        if block.type != "inline" or not block.children or not _has_dashes(block.content):
            continue
        for child in block.children:
            if child.type == "text" and _has_dashes(child.content):
                child.content = _DASHES.sub(lambda m: _DASH_FOR[m.group()], child.content)


def _has_dashes(text: str) -> bool:
    # What _DASHES finds, looked for as plain substrings: a regex of alternatives is tried at
    # every position, and this runs on every paragraph.
    for typed in _DASH_SIGNS:
        if typed in text:
            return True
    return False


def _wikilink_texts(state: StateCore) -> None:
    """The text of `[[slug|text]]` is the token's own (markdown.py), not a text token: its
    quotes and dashes are set here, each link's text on its own."""
    for block in state.tokens:
        if block.type == "inline" and block.children and "[[" in block.content:
            for child in block.children:
                if child.type == "wikilink" and child.meta.get("text"):
                    child.meta["text"] = smarten(child.meta["text"], state.md)


def smarten(text: str, md: MarkdownIt) -> str:
    """Plain text (no Markdown in it) with the punctuation `md` gives prose."""
    if not md.options.get("typographer") or not ('"' in text or "'" in text or _has_dashes(text)):
        return text
    state = StateCore("", md, {})
    inline = Token("inline", "", 0, content=text, children=[Token("text", "", 0, content=text)])
    state.tokens = [inline]
    dashes(state)
    smartquotes(state)
    return inline.children[0].content
