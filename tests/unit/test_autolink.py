"""Automatic links from names: boundaries in every script, longest match, conflicts, linear cost."""

from __future__ import annotations

import random
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstory.text.autolink import (
    Match,
    Name,
    NameMatcher,
    ScanStats,
    _can_end,
    _can_start,
    _fold,
    name_conflicts,
    name_key,
)

CAST = [
    Name("Alexander Lukashenko", "alexander-lukashenko"),
    Name("Lukashenko", "alexander-lukashenko"),
    Name("Лукашенко", "alexander-lukashenko"),
    Name("Vladimir Putin", "vladimir-putin"),
    Name("Putin", "vladimir-putin"),
    Name("Путин", "vladimir-putin"),
    Name("Πούτιν", "vladimir-putin"),
    Name("普京", "vladimir-putin"),
    Name("プーチン", "vladimir-putin"),
    Name("푸틴", "vladimir-putin"),
    Name("Putin's chef", "yevgeny-prigozhin"),
    Name("Yevgeny Prigozhin", "yevgeny-prigozhin"),
    Name("Wagner", "wagner-group"),
    Name("Wagner Group", "wagner-group"),
    Name("Minsk", "minsk"),
    Name("Τσίπρας", "alexis-tsipras"),
    Name("मोदी", "narendra-modi"),
    Name("𠮷野家", "yoshinoya"),
    Name("Will", "will-smith"),
]
MATCHER = NameMatcher(CAST)


def found(text: str, matcher: NameMatcher = MATCHER) -> list[tuple[str, str]]:
    """What each match covers in the text as given, and the slug it links to."""
    return [(text[m.start:m.end], m.slug) for m in matcher.find(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # Latin: whole words only; punctuation, apostrophes and hyphens end a word.
    ("Lukashenko said", [("Lukashenko", "alexander-lukashenko")]),
    ("Lukashenkoist views", []),
    ("Rasputin and Putinism", []),
    ("Putin2 and 2Putin", []),
    ("Lukashenko's deal", [("Lukashenko", "alexander-lukashenko")]),
    ("Lukashenko’s deal", [("Lukashenko", "alexander-lukashenko")]),
    ("Lukashenkoʼs deal", [("Lukashenko", "alexander-lukashenko")]),
    ("Wagner-led columns", [("Wagner", "wagner-group")]),
    ("anti-Putin (Putin).", [("Putin", "vladimir-putin"), ("Putin", "vladimir-putin")]),
    ("«Minsk»", [("Minsk", "minsk")]),
    # Case is part of the name.
    ("he will go; WAGNER; wagner; minsk", []),
    ("Will came", [("Will", "will-smith")]),
    # Cyrillic and Greek.
    ("Лукашенко сказал", [("Лукашенко", "alexander-lukashenko")]),
    ("Лукашенкович и АЛукашенко", []),
    ("«Путин», Путина", [("Путин", "vladimir-putin")]),
    ("ο Τσίπρας είπε", [("Τσίπρας", "alexis-tsipras")]),
    ("ο Ρασπούτιν", []),
    # Scripts without spaces: no boundary needed beside their characters.
    ("普京说", [("普京", "vladimir-putin")]),
    ("俄罗斯总统普京与卢卡申科通话", [("普京", "vladimir-putin")]),
    ("プーチン大統領", [("プーチン", "vladimir-putin")]),
    ("ラスプーチン", [("プーチン", "vladimir-putin")]),  # the documented price
    ("푸틴은 말했다", [("푸틴", "vladimir-putin")]),
    ("Putin普京", [("Putin", "vladimir-putin"), ("普京", "vladimir-putin")]),
    # Devanagari: a vowel sign is a combining mark, so a name never ends before one.
    ("मोदी ने कहा", [("मोदी", "narendra-modi")]),
    ("मोदीजी", []),
])
def test_word_boundaries_in_every_script(text, expected):
    assert found(text) == expected


def test_a_match_reports_offsets_slug_and_the_name_as_written():
    assert MATCHER.find("Ask Lukashenko.") == [Match(4, 14, "alexander-lukashenko", "Lukashenko")]
    assert MATCHER.find("") == []
    assert MATCHER.find("Putin") == [Match(0, 5, "vladimir-putin", "Putin")]


def test_the_longest_name_at_a_position_wins():
    assert found("Alexander Lukashenko and Putin's chef") == [
        ("Alexander Lukashenko", "alexander-lukashenko"), ("Putin's chef", "yevgeny-prigozhin")]
    assert found("Putin’s chef") == [("Putin’s chef", "yevgeny-prigozhin")]
    assert found("Putin's chefs") == [("Putin", "vladimir-putin")]  # the longer name fails its boundary


def test_names_that_are_prefixes_of_other_names():
    assert found("the Wagner Group, Wagner Groups, Wagner") == [
        ("Wagner Group", "wagner-group"), ("Wagner", "wagner-group"), ("Wagner", "wagner-group")]


def test_a_longer_name_that_starts_inside_a_word_gives_way_to_a_shorter_one():
    assert found("XAlexander Lukashenko") == [("Lukashenko", "alexander-lukashenko")]


def test_overlapping_names_resolve_left_to_right():
    matcher = NameMatcher([Name("Wagner Group", "w"), Name("Group of Seven", "g7"), Name("Seven", "s"),
                           Name("x y", "xy"), Name("y z w", "yzw"), Name("w", "w1")])
    assert found("Wagner Group of Seven", matcher) == [("Wagner Group", "w"), ("Seven", "s")]
    assert found("the Group of Seven", matcher) == [("Group of Seven", "g7")]
    # "y z w" starts inside "x y"; the shorter "w" that ends with it is still found.
    assert found("x y z w", matcher) == [("x y", "xy"), ("w", "w1")]


@pytest.mark.parametrize("text", [
    "Alexander\nLukashenko", "Alexander \n\t  Lukashenko", "Alexander\u00a0Lukashenko",
    "Alexander\r\nLukashenko"])
def test_any_run_of_whitespace_joins_the_words_of_a_name(text):
    assert found(f"({text})") == [(text, "alexander-lukashenko")]


def test_whitespace_in_a_name_as_written_does_not_matter():
    matcher = NameMatcher([Name("  Yevgeny \n Prigozhin ", "yevgeny-prigozhin")])
    assert found("Yevgeny Prigozhin", matcher) == [("Yevgeny Prigozhin", "yevgeny-prigozhin")]


def test_text_and_names_may_differ_in_unicode_normalisation():
    nfc, nfd = "Café Noir", unicodedata.normalize("NFD", "Café Noir")
    assert nfc != nfd
    for name in (nfc, nfd):
        matcher = NameMatcher([Name(name, "cafe-noir"), Name("Putin", "vladimir-putin")])
        for text in (nfc, nfd):
            assert found(f"At {text}, Putin", matcher) == [(text, "cafe-noir"), ("Putin", "vladimir-putin")]
    # Offsets are into the text as given, after decomposed characters that changed length.
    matcher = NameMatcher([Name("Putin", "vladimir-putin")])
    assert matcher.find(nfd + " Putin")[0].start == len(nfd) + 1


def test_a_match_never_splits_a_letter_from_its_combining_marks():
    matcher = NameMatcher([Name("Max", "max"), Name("Jose", "jose"), Name("Ли", "li")])
    assert found("Max\u0301 Jose\u0301 Ли\u0301", matcher) == []  # no precomposed form: stays two characters
    assert found("José", matcher) == []


def test_characters_beyond_the_basic_plane_are_whole_characters():
    assert found("😀Putin😀") == [("Putin", "vladimir-putin")]
    assert found("𝐀Putin and Putin𝐁") == []  # mathematical letters are letters, hence word characters
    text = "在𠮷野家吃饭"
    assert MATCHER.find(text) == [Match(1, 4, "yoshinoya", "𠮷野家")] and text[1:4] == "𠮷野家"


def test_names_that_are_empty_or_only_whitespace_are_ignored():
    matcher = NameMatcher([Name("", "a"), Name("   ", "b"), Name("\n\u00a0", "c"), Name("Minsk", "minsk")])
    assert len(matcher) == 1
    assert found("  Minsk  ", matcher) == [("Minsk", "minsk")]
    assert len(NameMatcher([])) == 0 and NameMatcher([]).find("anything") == []


def test_a_name_claimed_twice_is_a_conflict_compared_normalised():
    names = [
        Name("Lukashenko’s  Bank", "bank-a"),
        Name("Lukashenko", "alexander-lukashenko"),
        Name("Lukashenko", "alexander-lukashenko"),  # the same record twice is no conflict
        Name(unicodedata.normalize("NFD", "Café"), "cafe-a"),
        Name("Lukashenko's\nBank", "bank-b"),
        Name("Café", "cafe-b"),
        Name("Lukashenko's Bank", "bank-b"),  # the same pair again: reported once
        Name("Lukashenko's Bank", "bank-c"),
        Name("lukashenko", "someone-else"),  # case matters, as in matching
        Name(" ", "x"), Name("", "y"),
    ]
    assert name_conflicts(names) == [
        ("Lukashenko's Bank", "bank-a", "bank-b"),
        ("Café", "cafe-a", "cafe-b"),
        ("Lukashenko's Bank", "bank-a", "bank-c"),
    ]
    assert name_key("  Lukashenko’s \n Bank ") == "Lukashenko's Bank"
    # The matcher keeps the first claim, so a build that ignored the error would still be stable.
    assert found("Lukashenko's Bank", NameMatcher(names)) == [("Lukashenko's Bank", "bank-a")]


def brute_force(names: list[Name], text: str) -> list[Match]:
    folded, origin = _fold(text)
    first: dict[str, Name] = {}
    for name in names:
        if name_key(name.text):
            first.setdefault(name_key(name.text), name)
    matches, i = [], 0
    while i < len(folded):
        fits = [key for key in first if folded.startswith(key, i)
                and _can_start(folded, i) and _can_end(folded, i + len(key))]
        if not fits:
            i += 1
            continue
        key = max(fits, key=len)
        matches.append(Match(origin[i], origin[i + len(key)], first[key].slug, first[key].text))
        i += len(key)
    return matches


ALPHABET = st.sampled_from(["a", "b", "é", "e", "\u0301", " ", "\n", "'", "’", "-", "Л", "普", "京", "9"])
NAMES = st.lists(st.builds(Name, st.text(ALPHABET, max_size=6), st.sampled_from(["s1", "s2", "s3"])),
                 max_size=8)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.text(ALPHABET, max_size=40))
def test_the_automaton_agrees_with_brute_force(names, text):
    assert NameMatcher(names).find(text) == brute_force(names, text)


# Cost: counted in automaton steps, not wall time, since the machine is shared.

SYLLABLES = ["ba", "ko", "ri", "mel", "tan", "vo", "shen", "ka", "lu", "dor", "pri", "go", "zhin", "ve",
             "nis", "ar", "tu", "lem"]


def generated_word(number: int, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


def generated_cast(actors: int) -> list[Name]:
    """Three names per actor: full name, surname (unique), and a title with the surname."""
    names = []
    for i in range(actors):
        first, last = generated_word(i * 7919 + 13, 2), generated_word(i, 4)
        names += [Name(f"{first} {last}", f"actor-{i}"), Name(last, f"actor-{i}"),
                  Name(f"General {last}", f"actor-{i}")]
    return names


def generated_prose(names: list[Name], size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    filler = ["the", "talks", "in", "Minsk", "said", "Rasputin", "ended", "mutiny,", "deal", "General",
              "Bakoriz", "Lukashenkoist", "\n\n"]
    words, length = [], 0
    while length < size:
        word = rng.choice(names).text if rng.random() < 0.1 else rng.choice(filler)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def steps_to_scan(matcher: NameMatcher, text: str) -> int:
    stats = ScanStats()
    matcher.find(text, stats=stats)
    return stats.steps


@pytest.fixture(scope="module")
def cast_of_2000():
    names = generated_cast(2000)
    return names, NameMatcher(names)


def test_a_cast_of_6000_names_scans_100_kb_quickly(cast_of_2000):
    names, matcher = cast_of_2000
    assert len(matcher) == 6000
    text = generated_prose(names, 100_000)
    began = time.perf_counter()
    matches = matcher.find(text)
    elapsed = time.perf_counter() - began
    assert len(matches) > 500
    assert elapsed < 5, f"{elapsed:.2f} s for 100 KB"  # typically well under 0.1 s; generous for shared CI


def test_twice_the_text_takes_twice_the_steps(cast_of_2000):
    names, matcher = cast_of_2000
    text = generated_prose(names, 100_000)
    once, twice = steps_to_scan(matcher, text), steps_to_scan(matcher, text + " " + text)
    assert 1.9 < twice / once < 2.1
    assert once < 2 * len(text)  # one transition per character, failure links rarely followed


def test_twice_the_names_leaves_the_cost_per_character_unchanged(cast_of_2000):
    names, matcher = cast_of_2000
    text = generated_prose(names, 50_000)
    bigger = NameMatcher(generated_cast(4000))
    assert len(bigger) == 12_000
    small, large = steps_to_scan(matcher, text) / len(text), steps_to_scan(bigger, text) / len(text)
    assert abs(large - small) / small < 0.05


def test_names_that_defeat_naive_matching_stay_linear():
    # A regex alternation or a restart at every position would redo up to 50 characters here.
    matcher = NameMatcher([Name("a" * k + "b", f"n{k}") for k in range(1, 50)])
    text = "a" * 20_000
    assert matcher.find(text) == []
    assert steps_to_scan(matcher, text) <= 2 * len(text)
