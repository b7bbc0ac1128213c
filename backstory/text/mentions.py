"""Where prose names an actor, an event or a place: every mention is a connection, the first one a link.

This runs after every file is parsed, since the names are the whole site's. Each body is read
once, as one text: its prose outside links, headings, code and images, joined so that a name
may run over a line break or out of emphasis. The matcher (autolink.py) finds the names; here
they become mentions (Refs with field "mention", which resolve.py turns into backlinks) and
autolink spots that markdown.py renders as links.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from markdown_it import MarkdownIt

from ..content.model import Actor, Body, Event, Place, Position, Record, Ref
from ..errors import Diagnostics
from .autolink import (
    ANCHOR_LENGTH,
    Match,
    Name,
    NameMatcher,
    fold_apostrophes,
    name_conflicts,
    name_key,
)
from .markdown import compile_body, make_parser
from .typography import QUOTE_CLOSERS as QUOTES  # the marks each language's quotations use

# Between two pieces of prose that no name may span (another block, code, a link): a character
# that is neither a word character nor whitespace, so it also ends a word.
_WALL = "\x00"
# Inline tokens that a name may run through: emphasis and line breaks.
_SEAMS = {"softbreak": " ", "hardbreak": " ", "em_open": "", "em_close": "",
          "strong_open": "", "strong_close": "", "s_open": "", "s_close": ""}


def names_of(record: Record) -> tuple[str, ...]:
    """What the prose may call a record: an actor's or a place's name, an event's title, their
    aliases."""
    if isinstance(record, (Actor, Event, Place)):
        return (record.label, *record.aliases)
    return ()


def site_names(records: Iterable[Record]) -> list[Name]:
    """Every name of the given records, in a stable order (by type, then slug)."""
    ordered = sorted(records, key=lambda r: (r.type, r.slug))
    return [Name(text, record.slug) for record in ordered for text in names_of(record)]


def names_digest(names: list[Name]) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(f"{name.slug}\0{name.text}\0".encode())
    return digest.hexdigest()


def report_conflicts(records: dict[str, Record], names: list[Name], diagnostics: Diagnostics) -> None:
    """A name two pages claim would link to either: an error in both files."""
    for key, first, other in name_conflicts(names):
        for slug, rival in ((first, other), (other, first)):
            record = records[slug]
            at = next((place for text, place in getattr(record, "name_places", ())
                       if name_key(text) == key), Position(record.path, 1, 1))
            diagnostics.error(at.path, at.line, at.column,
                              f"'{key}' also names {records[rival].path}; "
                              "a name can link to one page only",
                              "remove it from the aliases of one of them, or set "
                              "`autolink: false` in site.yaml")


class Mentions:
    """Finds mentions with one site's names and compiles each body (markdown.compile_body),
    remembering each body's result. When the names change (an actor renamed, an alias added),
    only bodies whose prose contains the start of a changed name are read again: a body without
    one matches exactly as before.

    A record given with tokens (just parsed) is read from them; one given without (as
    `parsed()` returned it) is parsed again only if it must be read again. No record kept here
    or returned holds tokens: a build never holds every body's tokens at once."""

    def __init__(self) -> None:
        self._matcher: tuple[str, list[Name], NameMatcher] | None = None
        # slug -> (record as parsed, without tokens; names digest; record with mentions and
        # compiled body; its prose or None)
        self._done: dict[str, tuple[Record, str, Record, str | None]] = {}
        self._round: tuple[str, set[str] | None, dict] | None = None  # between begin() and end()
        # The named records of the last round, their names, digest and conflicts: an edit that
        # leaves every actor and event as it was (most edits) need not sort them all again.
        self._named: tuple[dict, list[Name], str, list] | None = None

    def parsed(self) -> dict[str, Record]:
        """Every record of the last link_all() as it was parsed (without tokens), before
        mentions: give these back to the next link_all() for the ones that did not change."""
        return {slug: entry[0] for slug, entry in self._done.items()}

    def parsed_record(self, slug: str) -> Record:
        return self._done[slug][0]

    def hand_over(self, record: Record | None) -> tuple | None:
        """What this round's link() made of a record, taken out of this round: adopt() it
        where the round ends (a worker process keeps nothing of what it sends)."""
        return None if record is None else self._round[2].pop(record.slug, None)

    def adopt(self, entry: tuple) -> None:
        """Take into this round what hand_over() gave, here or in a worker process."""
        kept, prose = entry[0], entry[3]
        if prose is not None and prose is not kept.body.source and prose == kept.body.source:
            entry = (*entry[:3], kept.body.source)  # one copy, as link() keeps it
        self._round[2][kept.slug] = entry

    def link_all(self, records: list[Record], published: dict[str, Record], enabled: bool,
                 diagnostics: Diagnostics, md: MarkdownIt | None = None) -> list[Record]:
        """The records with their mentions filled in (none when disabled), bodies compiled."""
        self.begin(published, enabled, diagnostics)
        linked = [self.link(record, md or make_parser())[1] for record in records]
        self.end()
        return linked

    def begin(self, published: dict[str, Record], enabled: bool, diagnostics: Diagnostics) -> None:
        """Start a round with the names of these records (actors, events and places have names):
        then link() every record of the site, then end(). A build links each record as soon as
        it is parsed, so that its tokens can go at once."""
        if enabled:
            named = {slug: r for slug, r in published.items() if isinstance(r, (Actor, Event, Place))}
            last = self._named
            if last is not None and len(last[0]) == len(named) and all(
                    last[0].get(slug) is record for slug, record in named.items()):
                names, digest, conflicts = last[1:]  # the very same records: the same names
            else:
                names = site_names(named.values())
                found = Diagnostics()
                report_conflicts(named, names, found)
                digest, conflicts = names_digest(names), found.items
                self._named = (named, names, digest, conflicts)
            diagnostics.extend(conflicts)
        else:
            names, digest = [], "off"
        anchors: set[str] | None = set()
        if self._matcher is None:
            anchors = None
        elif self._matcher[0] != digest:
            changed = set(self._matcher[1]) ^ set(names)
            anchors = {name_key(n.text)[:ANCHOR_LENGTH].partition(" ")[0].encode() for n in changed}
            anchors.discard(b"")  # UTF-8, as bodies are kept (_link)
            if not enabled or self._matcher[0] == "off":
                anchors = None  # turned on or off: every body again
        if self._matcher is None or self._matcher[0] != digest:
            self._matcher = (digest, names, NameMatcher(names) if enabled else None)
        self._round = (digest, anchors, {})

    def link(self, record: Record, md: MarkdownIt) -> tuple[Record, Record]:
        """The record as parsed but without tokens (give that one back next round), and with
        its mentions and compiled body, from this round's names."""
        digest, anchors, done = self._round
        entry = self._done.get(record.slug)
        if entry is None or entry[0] is not record or not self._unchanged(entry, digest, anchors):
            entry = self._link(record, digest, md)
        elif entry[1] != digest:
            entry = (*entry[:1], digest, *entry[2:])
        done[record.slug] = entry
        return entry[0], entry[2]

    def end(self, order: list[str] | None = None) -> None:
        """Every record of the round is linked: only they are remembered, in `order` (slugs)
        when given, so that what parsed() returns does not depend on who linked what first."""
        done = self._round[2]
        self._done = {slug: done[slug] for slug in order if slug in done} | done if order else done
        self._round = None

    def done(self) -> dict[str, tuple]:
        """slug -> what the last round made of it: with names(), what restore() needs to carry
        on in another process (a build cache, cache.py)."""
        return self._done

    def names(self) -> tuple[str, list[Name]] | None:
        """The last round's names and their digest."""
        return self._matcher[:2] if self._matcher is not None else None

    def restore(self, names: tuple[str, list[Name]] | None, done: dict[str, tuple]) -> None:
        self._done = done
        self._matcher = None if names is None else (
            *names, NameMatcher(names[1]) if names[0] != "off" else None)

    @staticmethod
    def _unchanged(entry: tuple, digest: str, anchors: set[str] | None) -> bool:
        if entry[1] == digest:
            return True
        prose = entry[3]
        return anchors is not None and prose is not None and not any(a in prose for a in anchors)

    def _link(self, record: Record, digest: str, md: MarkdownIt
              ) -> tuple[Record, str, Record, bytes | None]:
        body, text = record.body, record.body.text
        if not body.tokens:
            body = replace(body, tokens=tuple(md.parse(text, {})))
        mentions, autolinks, prose = (), (), ""
        matcher = self._matcher[2]
        if matcher is not None and record.autolink and body.tokens:
            mentions, autolinks, prose = find_mentions(record.path, body, matcher, record.slug)
        # Kept as UTF-8 from here: a str with one character beyond ASCII takes two or four
        # bytes for every character, and the source is only read again if names change.
        if isinstance(record.body.source, str):  # just parsed (bytes never hold tokens)
            record = replace(record, body=replace(record.body, source=text.encode(), tokens=()))
        source = record.body.source
        prose = source if prose == text else prose.encode() if prose is not None else None
        body = replace(body, source=source, mentions=mentions, autolinks=autolinks)
        linked = replace(record, body=replace(body, tokens=(), html=compile_body(md, body)))
        return (record, digest, linked, prose)


def find_mentions(path: str, body: Body, matcher: NameMatcher, own_slug: str
                  ) -> tuple[tuple[Ref, ...], tuple, str | None]:
    """The records a parsed body names (a Ref each, at the first mention), the autolink spots,
    and the prose read as the matcher compares it (None when that is not plain to keep)."""
    text, pieces = _prose(body.tokens, matcher.may_contain)
    folded = _plain_folded(body.text)
    matches = [m for m in matcher.find(text) if m.slug != own_slug]
    if not matches:
        return (), (), folded
    starts = [piece[0] for piece in pieces]
    mentions: dict[str, Ref] = {}
    for match in matches:
        if match.slug not in mentions:
            block = pieces[bisect.bisect_right(starts, match.start) - 1][1]
            line = body.first_line + (body.tokens[block].map or (0, 0))[0]
            mentions[match.slug] = Ref(match.slug, Position(path, line, 1), "mention")
    linked_by_author = {ref.target for ref in body.links}
    # Never a link inside quoted words: a quotation says what someone said, not what we link.
    quoted = _quoted(text, pieces)
    spots = {}  # the first mention of each record that can be a link, in text order
    for match in matches:
        if match.slug in spots or match.slug in linked_by_author:
            continue
        if quoted and any(a < match.start and match.end <= b for a, b in quoted):
            continue
        spot = _spot(match, pieces, starts)
        if spot is not None:
            spots[match.slug] = spot
    # A quotation's speaker is linked in its attribution whatever came before.
    captions = {i + 1 for i, token in enumerate(body.tokens) if token.type == "attribution_open"}
    speakers = {}
    for match in matches:
        block = pieces[bisect.bisect_right(starts, match.start) - 1][1]
        if block in captions and block not in speakers and match.slug not in linked_by_author:
            speakers[block] = _spot(match, pieces, starts)
    found = set(spots.values()) | {spot for spot in speakers.values() if spot is not None}
    return tuple(mentions.values()), tuple(sorted(found)), folded


def _quoted(text: str, pieces: list[tuple[int, int, int, int, bool]]) -> list[tuple[int, int]]:
    """The spans between quotation marks ("...", “...”, «...», „...“), each within one block of
    prose: a quote left open closes with its paragraph."""
    if not any(mark in text for mark in QUOTES):
        return []
    spans, opened, closers, block_now = [], None, "", None
    for offset, block, child, length, _ in pieces:
        if block != block_now:
            opened, block_now = None, block
        if child < 0:
            continue
        for position in range(offset, offset + length):
            mark = text[position]
            if opened is not None and mark in closers:
                spans.append((opened, position))
                opened = None
            elif opened is None and mark in QUOTES:
                opened, closers = position, QUOTES[mark]
    return spans


def _plain_folded(text: str) -> str | None:
    """The body's source with apostrophes folded, in which a name's start can be looked for
    with `in`; None when that could miss one: not NFC, or with entities or escapes that
    Markdown turns into other characters. Those bodies are read again on any change of names."""
    if "&" in text or "\\" in text:
        return None
    text = fold_apostrophes(text)
    return text if unicodedata.is_normalized("NFC", text) else None


def _spot(match: Match, pieces: list[tuple[int, int, int, int, bool]],
          starts: list[int]) -> tuple[int, int, int, int, int, str] | None:
    """Where a match sits in the tokens: (block, first child, start in it, last child, end in
    it, slug); None when a link there would cross emphasis, code or another link."""
    first = bisect.bisect_right(starts, match.start) - 1
    last = bisect.bisect_left(starts, match.end) - 1
    if not all(pieces[i][4] for i in range(first, last + 1)):
        return None
    start, block, child = pieces[first][:3]
    end, _, end_child = pieces[last][:3]
    return (block, child, match.start - start, end_child, match.end - end, match.slug)


def _prose(tokens, may_contain) -> tuple[str, list[tuple[int, int, int, int, bool]]]:
    """The body's linkable prose as one text, and its pieces: (offset in that text, block index,
    child index, length, whether a link may cover it). Runs of walls count as one piece.
    Blocks whose source holds no name's start are left out unread (most of them)."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    size = 0
    walled = False  # the last piece is a wall: another adds nothing
    for index, block in enumerate(tokens):
        if block.type != "inline" or not block.children:
            continue
        if index and tokens[index - 1].type == "heading_open":
            continue
        source = block.content
        if not may_contain(source) and "&" not in source and "\\" not in source:
            continue  # entities and escapes could spell a name the source does not show
        inside_link = 0
        for position, child in enumerate(block.children):
            kind = child.type
            if kind == "text" and not inside_link:
                text, linkable = child.content, True
            elif kind in _SEAMS and not inside_link:
                text, linkable = _SEAMS[kind], kind in ("softbreak", "hardbreak")
            else:
                if kind == "link_open":
                    inside_link += 1
                elif kind == "link_close":
                    inside_link = max(0, inside_link - 1)
                elif kind == "html_inline":
                    inside_link = max(0, inside_link + _html_link_depth(child.content))
                if not walled:
                    pieces.append((size, index, -1, 1, False))
                    parts.append(_WALL)
                    size += 1
                    walled = True
                continue
            pieces.append((size, index, position, len(text), linkable))
            parts.append(text)
            size += len(text)
            walled = False
        if not walled:  # blocks never run into each other
            pieces.append((size, index, -1, 1, False))
            parts.append(_WALL)
            size += 1
            walled = True
    return "".join(parts), pieces


def _html_link_depth(tag: str) -> int:
    """+1 for raw HTML that opens a link (or code, or a quotation), -1 for what closes one: no
    links inside."""
    lowered = tag.lower()
    if lowered.startswith(("<a ", "<a>", "<code", "<pre", "<kbd", "<samp", "<q>", "<q ")):
        return 1
    if lowered.startswith(("</a>", "</a ", "</code", "</pre", "</kbd", "</samp", "</q>")):
        return -1
    return 0
