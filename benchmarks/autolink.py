"""The automatic-link matcher's cost: linear in the text, flat in the number of names.

    python -m benchmarks.autolink [--runs 5]

For casts of 200, 2,000 and 8,000 actors (three names each, as the corpus gives them: a full
name, a surname with a number, a Cyrillic alias), prints the time to build the matcher and the
median time to scan 100 KB and 1 MB of prose that names one of them every ten words or so.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from backstory.text.autolink import Name, NameMatcher

from .corpus import CYRILLIC, FIRST, LAST, WORDS


def cast(actors: int) -> list[Name]:
    names = []
    for i in range(actors):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        slug = f"{first}-{last}-{i}".lower()
        cyrillic = "".join(CYRILLIC.get(c, c) for c in f"{last}{i}".lower()).capitalize()
        names += [Name(f"{first} {last} {i}", slug), Name(f"{last} {i}", slug), Name(cyrillic, slug)]
    return names


def prose(names: list[Name], size: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    words, length = [], 0
    while length < size:
        word = rng.choice(names).text if rng.random() < 0.1 else rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def median_seconds(action, runs: int, *args) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action(*args)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'actors':>7} {'names':>7} {'build':>9} {'100 KB':>9} {'1 MB':>9} {'µs per KB (1 MB)':>17}")
    for actors in (200, 2000, 8000):
        names = cast(actors)
        built = median_seconds(NameMatcher, 1, names)
        matcher = NameMatcher(names)
        small, large = prose(names, 100_000), prose(names, 1_000_000)
        t_small = median_seconds(matcher.find, args.runs, small)
        t_large = median_seconds(matcher.find, args.runs, large)
        print(f"{actors:>7} {len(matcher):>7} {built * 1000:>7.0f}ms {t_small * 1000:>7.1f}ms "
              f"{t_large * 1000:>7.1f}ms {t_large * 1e6 / 1000:>17.1f}")


if __name__ == "__main__":
    main()
