"""Automatic links from names: where the prose names an actor or an event.

One Aho-Corasick automaton over every name and alias of the site, built once, reads a text once.
It reports, left to right, the longest name at each position, never two that overlap.

What counts as the same name (one rule, `name_key`, for names and text alike):
- Case matters. Names are proper nouns, written the way the prose writes them; ignoring case would
  turn an alias like "Will" or "Reform" into a link on every "will" and "reform". A prose form
  that differs ("the Kremlin" / "The Kremlin") is one more alias.
- Unicode normalisation does not matter (NFC on both sides), nor the apostrophe: ' ’ and ʼ are
  one character. Any run of whitespace, a newline or a no-break space included, is one space.

Where a name may begin and end:
- Not between two word characters (letters, marks, digits of any script): "Putin" is not in
  "Rasputin", "Лукашенко" is not in "Лукашенкович". Everything else separates words, so
  "Lukashenko's", "Lukashenko’s" and "Wagner-led" all name Lukashenko and Wagner.
- Beside a character of a script written without spaces (Han, kana, Hangul, Thai, Lao, Khmer,
  Myanmar) no boundary is needed: "普京" is found in "普京说", and "푸틴" in "푸틴은" (Korean
  particles attach to the noun they follow). The price: "プーチン" is found in "ラスプーチン".
- Never on or before a combining mark, so a match never takes a letter without its accents.

Cost: the scan takes one automaton step per character, plus at most as many failure steps
overall, plus, where a word ends, one step per name ending there that is a suffix of another
("Lukashenko" in "Alexander Lukashenko"). The number of names only sets the automaton's size.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Name:
    text: str  # as written in front matter: a name, a title or an alias
    slug: str  # the record it names


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # offsets in the text given to find(), in code points
    end: int
    slug: str
    name: str  # the Name.text that matched


@dataclass(slots=True)
class ScanStats:
    steps: int = 0  # automaton transitions taken, failure links and suffix-name links followed



# Code point ranges of scripts written without spaces between words (inclusive, sorted).
_SPACELESS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul jamo
    (0x1780, 0x17FF),  # Khmer
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth Katakana
    (0x20000, 0x3FFFF),  # CJK extensions B onwards, on the supplementary planes
)
_SPACELESS_STARTS = tuple(low for low, _ in _SPACELESS)


def _is_spaceless(ch: str) -> bool:
    point = ord(ch)
    i = bisect_right(_SPACELESS_STARTS, point) - 1
    return i >= 0 and point <= _SPACELESS[i][1]


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LMN"


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def _separates(before: str, after: str) -> bool:
    """Whether a name may end, or begin, between these two characters."""
    if _is_mark(after):
        return False  # a mark belongs to the character before it
    if not (_is_word(before) and _is_word(after)):
        return True
    return _is_spaceless(before) or _is_spaceless(after)


def _can_start(folded: str, start: int) -> bool:
    return _separates(folded[start - 1], folded[start]) if start else not _is_mark(folded[0])


def _can_end(folded: str, end: int) -> bool:
    return end == len(folded) or _separates(folded[end - 1], folded[end])


def _continues_cluster(ch: str) -> bool:
    # Marks, and the vowel and final jamo that NFC composes into the Hangul syllable before them.
    return _is_mark(ch) or "\u1160" <= ch <= "\u11ff"


def _nfc_units(text: str) -> Iterator[tuple[int, str]]:
    """NFC characters of a text that is not NFC yet, each with the offset of its cluster."""
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or not _continues_cluster(text[end]):
            for ch in unicodedata.normalize("NFC", text[start:end]):
                yield start, ch
            start = end


# Whitespace runs other than a lone space: each folds to one space. (\s is str.isspace().)
_FOLDED_SPACE = re.compile(r"[^\S ]\s*| \s+")


class _Origin:
    """Maps offsets in the folded text back to the text given: folding only ever shortened
    whitespace runs, so an offset moves by the lengths dropped before it."""

    def __init__(self, runs: list[tuple[int, int]], table: list[int] | None = None):
        self._at = [at for at, _ in runs]  # folded offset of each shortened run's one space
        self._dropped = [0]
        for _, dropped in runs:
            self._dropped.append(self._dropped[-1] + dropped)
        self._table = table

    def __getitem__(self, offset: int) -> int:
        if self._table is not None:
            return self._table[offset]
        return offset + self._dropped[bisect_left(self._at, offset)]


def fold_apostrophes(text: str) -> str:
    """’ and ʼ as ' (str.replace runs at C speed, where translate() looks up every character)."""
    return text.replace("\u2019", "'").replace("\u02bc", "'")


def _fold(text: str) -> tuple[str, _Origin]:
    """The text as the matcher reads it, and where in `text` each folded offset came from
    (offsets up to len(folded) inclusive, so a match's end maps back like its start)."""
    text = fold_apostrophes(text)  # same length: offsets hold
    if unicodedata.is_normalized("NFC", text):  # the common case, at C speed
        runs: list[tuple[int, int]] = []
        parts: list[str] = []
        last = dropped = 0
        for run in _FOLDED_SPACE.finditer(text):
            parts.append(text[last:run.start()])
            parts.append(" ")
            runs.append((run.start() - dropped, run.end() - run.start() - 1))
            dropped += run.end() - run.start() - 1
            last = run.end()
        parts.append(text[last:])
        return "".join(parts), _Origin(runs)
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for offset, ch in _nfc_units(text):
        if ch.isspace():
            if in_space:
                continue
            in_space, ch = True, " "
        else:
            in_space = False
        chars.append(ch)
        origin.append(offset)
    origin.append(len(text))
    return "".join(chars), _Origin([], origin)


def name_key(text: str) -> str:
    """A name as the matcher compares it; empty for a name that is only whitespace."""
    return _fold(text)[0].strip(" ")


def name_conflicts(names: Iterable[Name]) -> list[tuple[str, str, str]]:
    """(name key, first slug, other slug) for each name that two records claim, in input order."""
    owner: dict[str, str] = {}
    conflicts: dict[tuple[str, str, str], None] = {}  # ordered, and each pair once
    for name in names:
        key = name_key(name.text)
        if key and owner.setdefault(key, name.slug) != name.slug:
            conflicts[key, owner[key], name.slug] = None
    return list(conflicts)


# How many characters of a name's first word the prefilter looks for: long enough to rule out
# most places, short enough to keep the pattern small.
ANCHOR_LENGTH = 6


def _trie_pattern(words: list[str]) -> str:
    """One regular expression that finds any of `words`, nested by shared prefix so the engine
    compares a character a few times at most, not once per word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            return ""  # a word found here is enough: a longer one would start the same way
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


class NameMatcher:
    """Every name of a site in one automaton; find() reads a text once."""

    def __init__(self, names: Iterable[Name]) -> None:
        self._names: list[Name] = []
        goto: list[dict[str, int]] = [{}]  # the trie: node -> character -> node
        depth = [0]  # length of the key a node spells
        named = [-1]  # index into self._names of the name a node completes, or -1
        for name in names:
            node = 0
            key = name_key(name.text)
            for ch in key:
                child = goto[node].get(ch)
                if child is None:
                    child = goto[node][ch] = len(goto)
                    goto.append({})
                    depth.append(depth[node] + 1)
                    named.append(-1)
                node = child
            if key and named[node] < 0:  # the first claim wins; name_conflicts() reports the rest
                named[node] = len(self._names)
                self._names.append(name)
        # fail: the longest proper suffix that is in the trie; shorter: the longest that is a name.
        fail = [0] * len(goto)
        shorter = [-1] * len(goto)
        queue = deque(goto[0].values())  # the root's children fail to the root
        while queue:
            node = queue.popleft()
            for ch, child in goto[node].items():
                suffix = fail[node]
                while suffix and ch not in goto[suffix]:
                    suffix = fail[suffix]
                target = goto[suffix].get(ch, 0)
                fail[child] = target
                shorter[child] = target if named[target] >= 0 else shorter[target]
                queue.append(child)
        self._goto, self._fail, self._shorter = goto, fail, shorter
        self._depth, self._named = depth, named
        self._longest = max((len(name_key(n.text)) for n in self._names), default=0)
        anchors = {name_key(n.text)[:ANCHOR_LENGTH].partition(" ")[0] for n in self._names}
        self._anchors = re.compile(_trie_pattern(sorted(anchors))) if anchors else None

    def __len__(self) -> int:
        return len(self._names)

    def find(self, text: str, *, stats: ScanStats | None = None) -> list[Match]:
        """Names in `text`, left to right, the longest at each position, none overlapping."""
        folded, origin = _fold(text)
        goto, fail, shorter, depth, named = self._goto, self._fail, self._shorter, self._depth, self._named
        best: dict[int, int] = {}  # start -> the node of the longest acceptable name from there
        steps = 0
        for low, high in self._regions(folded):
            state = 0
            for i in range(low, high):
                ch = folded[i]
                child = goto[state].get(ch)
                while child is None and state:
                    state = fail[state]
                    steps += 1
                    child = goto[state].get(ch)
                state = child if child is not None else 0
                steps += 1
                node = state if named[state] >= 0 else shorter[state]
                if node < 0 or not _can_end(folded, i + 1):
                    continue
                while node >= 0:  # every name ending here, longest first; each starts elsewhere
                    start = i + 1 - depth[node]
                    if _can_start(folded, start):
                        best[start] = node  # ends only grow, so a later write is a longer name
                    node = shorter[node]
                    steps += 1
        if stats is not None:
            stats.steps += steps
        matches: list[Match] = []
        free = 0  # the first folded offset not inside an earlier match
        for start in sorted(best):
            if start >= free:
                node = best[start]
                free = start + depth[node]
                name = self._names[named[node]]
                matches.append(Match(origin[start], origin[free], name.slug, name.text))
        return matches

    def may_contain(self, text: str) -> bool:
        """Whether a name could start in `text` (as given, unfolded): a quick test, in C, that
        is never wrong when it says no, apostrophes aside (they fold)."""
        if self._anchors is None:
            return False
        return self._anchors.search(text) is not None or "\u2019" in text or "\u02bc" in text

    def _regions(self, folded: str) -> Iterator[tuple[int, int]]:
        """Stretches of the text that can hold a name: from each place a name's first word (or
        its first characters) occurs, as far as the longest name reaches; overlapping stretches
        merged. Finding those places is one pass of the regular expression engine, in C; the
        automaton then reads only the stretches, each character at most once."""
        if self._anchors is None:
            return
        low = high = -1
        for found in self._anchors.finditer(folded):
            start = found.start()
            if start > high:
                if high > low:
                    yield low, high
                low = start
            # A match hides any start within its few characters: reach past those too.
            high = max(high, min(len(folded), start + ANCHOR_LENGTH + self._longest))
        if high > low:
            yield low, high
