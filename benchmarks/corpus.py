"""A deterministic explainer corpus of any size, for benchmarks and generated-site tests.

    python -m benchmarks.corpus --articles 1000 /tmp/corpus

N articles (600-900 words: headings, lists, a blockquote, a table, emphasis, 3-8 wiki links),
N/10 actors with aliases in two scripts, named in prose 2-6 times an article (automatic links),
N/10 events with roles and led_to links, and N/200 places (regions, and cities within them) with
coordinates, where one event in five happened. With `--translations`, the site is in English
and Russian, and each article has a translation beside it (`article-<i>.ru.md`) whose prose
names actors by their Cyrillic aliases.
The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

# The four default kinds and two the corpus's site.yaml defines (docs/writing.md, Kinds of actor).
KINDS = ("person", "organization", "state", "media", "ship", "court")
SITE_KINDS = ("kinds:\n  ship:\n    plural: Ships\n    schema: Vehicle\n    dates: [built, scrapped]\n"
              "    shape: hexagon\n  court:\n    schema: GovernmentOrganization\n")
ROLES = ("mediator", "leader", "witness", "target", "spokesman", "negotiator", "reporter")
WORDS = ("mutiny deal border column convoy talks agency ministry capital ceasefire militia "
         "statement sanctions refuge pressure alliance rear base leader negotiator envoy "
         "president spokesman march camps balance power vassal trusteeship election protest "
         "opposition exile treaty summit regime crisis rebellion broker report account source "
         "morning evening weekend announcement guarantee amnesty ultimatum withdrawal").split()
FIRST = "Anna Boris Clara Dmitri Elena Fyodor Galina Igor Irina Kirill Larisa Mikhail Nadia Oleg " \
        "Pavel Raisa Sergei Tatiana Viktor Yulia".split()
LAST = "Abramov Belov Chernov Dorofeev Egorov Fomin Gusev Isaev Kozlov Lebedev Markov Nikitin " \
       "Orlov Petrov Romanov Sokolov Titov Volkov Zaitsev Zuev".split()
CYRILLIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстуввхыз", strict=True))


def _sentence(rng: random.Random, links: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if links and rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), links.pop())
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    sentence = " ".join(words)
    # Only the first letter: .capitalize() would lowercase the names planted in the sentence.
    return sentence[:1].upper() + sentence[1:] + "."


def _paragraph(rng: random.Random, links: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, links) for _ in range(sentences))


def _article_body(rng: random.Random, links: list[str]) -> str:
    parts = [_paragraph(rng, links, 5)]
    for heading in rng.sample(["What happened", "How the deal was struck", "Who gained",
                               "What it changed", "What we don't know", "The background"], 3):
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng, links, rng.randint(5, 7)))
    parts.append("\n".join(f"- {_sentence(rng, links)}" for _ in range(4)))
    parts.append("> " + _sentence(rng, links) + "\n>\n> — a spokesman")
    rows = "\n".join(f"| {rng.randint(2000, 2024)} | {rng.choice(WORDS)} | {rng.randint(1, 999)} |"
                     for _ in range(4))
    parts.append("| Year | What | Count |\n| --- | --- | --- |\n" + rows)
    parts.append(_paragraph(rng, links, 6))
    while links:  # every planned link appears
        parts.append(_paragraph(rng, links, 2))
    return "\n\n".join(parts) + "\n"


LANGUAGES = "languages:\n  en: {name: English}\n  ru: {name: Русский, title: Сгенерированный сайт}\n"


def write_corpus(out: Path, articles: int, seed: int = 2023, translations: bool = False) -> dict[str, int]:
    rng = random.Random(seed)
    other = random.Random(seed + 2)  # the translations': the originals are the same without them
    actors, events = max(articles // 10, 2), max(articles // 10, 2)
    site = out
    for folder in ("actors", "events", "articles", "places"):
        (site / "content" / folder).mkdir(parents=True, exist_ok=True)
    tags = "tags:\n" + "".join(f"  {word}: {word.capitalize()}\n" for word in sorted(set(WORDS)))
    (site / "site.yaml").write_text(f"title: Generated explainer ({articles} articles)\n"
                                    "description: A generated corpus for Backstory's benchmarks.\n"
                                    "language: en\nauthor: Benchmark desk\n" + SITE_KINDS + tags
                                    + (LANGUAGES if translations else ""),
                                    encoding="utf-8")
    actor_slugs, actor_names, cyrillic_names = [], [], []
    for i in range(actors):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        name = f"{first} {last} {i}"
        slug = f"{first}-{last}-{i}".lower()
        actor_slugs.append(slug)
        actor_names += [name, f"{last} {i}"]
        cyrillic = "".join(CYRILLIC.get(c, c) for c in f"{last}{i}".lower())
        cyrillic_names.append(cyrillic.capitalize())
        (site / "content/actors" / f"{slug}.md").write_text(
            f"---\nname: {name}\nkind: {KINDS[i % len(KINDS)]}\nsummary: {json.dumps(_sentence(rng, []))}\n"
            + (f"built: {1990 + i % 30}\n" if KINDS[i % len(KINDS)] == "ship" else "") +
            f"aliases: [\"{last} {i}\", \"{cyrillic.capitalize()}\"]\nrole: {rng.choice(ROLES)}\n---\n"
            f"{_paragraph(rng, [], 4)}\n", encoding="utf-8")
    start = dt.date(2000, 1, 1)
    event_dates = sorted(start + dt.timedelta(days=rng.randrange(9000)) for _ in range(events))
    event_slugs = [f"event-{i}" for i in range(events)]
    place_slugs = _write_places(site / "content/places", max(articles // 200, 2), seed)
    for i, slug in enumerate(event_slugs):
        cast = rng.sample(actor_slugs, min(len(actor_slugs), rng.randint(2, 6)))
        lines = "\n".join(f"  - {a}: {rng.choice(ROLES)}" if rng.random() < 0.6 else f"  - {a}"
                          for a in cast)
        later = event_slugs[i + 1 : i + 20]
        led_to = rng.sample(later, min(len(later), rng.randint(0, 2)))
        led = f"led_to: [{', '.join(led_to)}]\n" if led_to else ""
        led += f"place: {place_slugs[i // 5 % len(place_slugs)]}\n" if i % 5 == 0 else ""
        (site / "content/events" / f"{slug}.md").write_text(
            f"---\ntitle: The {rng.choice(WORDS)} of {i}\ndate: {event_dates[i].isoformat()}\n"
            f"summary: {json.dumps(_sentence(rng, []))}\nactors:\n{lines}\n{led}---\n"
            f"{_paragraph(rng, [f'[[{rng.choice(actor_slugs)}]]'], 5)}\n", encoding="utf-8")
    for i in range(articles):
        cast = rng.sample(actor_slugs, min(len(actor_slugs), 3))
        happened = rng.sample(event_slugs, min(len(event_slugs), 2))
        links = [f"[[{slug}]]" for slug in rng.sample(actor_slugs + event_slugs, rng.randint(3, 8))]
        links += rng.sample(actor_names, rng.randint(2, 6))  # named in prose: automatic links
        date = start + dt.timedelta(days=rng.randrange(9000))
        (site / "content/articles" / f"article-{i}.md").write_text(
            f"---\ntitle: \"Explainer number {i}: the {rng.choice(WORDS)}\"\ndate: {date.isoformat()}\n"
            f"summary: {json.dumps(_sentence(rng, []))}\nactors: [{', '.join(cast)}]\n"
            f"events: [{', '.join(happened)}]\ntags: [{', '.join(rng.sample(WORDS, 2))}]\n---\n"
            f"{_article_body(rng, links)}", encoding="utf-8")
        if translations:
            named = [f"[[{slug}]]" for slug in other.sample(actor_slugs + event_slugs, other.randint(3, 8))]
            named += other.sample(cyrillic_names, other.randint(2, 6))
            (site / "content/articles" / f"article-{i}.ru.md").write_text(
                f"---\ntitle: \"Объяснение номер {i}\"\nsummary: {json.dumps(_sentence(other, []))}\n---\n"
                f"{_article_body(other, named)}", encoding="utf-8")
    return {"articles": articles, "actors": actors, "events": events, "places": len(place_slugs)}


def _write_places(folder: Path, count: int, seed: int) -> list[str]:
    """Regions, and cities within them, at coordinates in one part of the world; drawn from a
    generator of their own, so the other files are the same with or without them."""
    rng = random.Random(seed + 1)
    regions = max(count // 5, 1)
    slugs = [f"place-{i}" for i in range(count)]
    for i, slug in enumerate(slugs):
        region = i < regions
        within = "" if region else f"within: place-{rng.randrange(regions)}\n"
        folder.joinpath(f"{slug}.md").write_text(
            f"---\nname: {LAST[i % len(LAST)]}{'sk' if region else 'ovo'} {i}\n"
            f"kind: {'region' if region else 'city'}\n{within}"
            f"coordinates: [{rng.uniform(45, 60):.4f}, {rng.uniform(20, 45):.4f}]\n"
            f"summary: {json.dumps(_sentence(rng, []))}\n---\n{_paragraph(rng, [], 3)}\n",
            encoding="utf-8")
    return slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--translations", action="store_true",
                        help="English and Russian, each article with a translation")
    args = parser.parse_args()
    print(write_corpus(args.out, args.articles, args.seed, args.translations))


if __name__ == "__main__":
    main()
