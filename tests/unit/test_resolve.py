"""resolve(): every reference checked against the index, backlinks inverted, events in story order."""

from __future__ import annotations

from backstory.content.datefields import read_when
from backstory.content.model import Actor, Article, Body, Event, Link, Position, Ref
from backstory.content.when import When
from backstory.errors import ERROR, WARNING, Diagnostics
from backstory.graph.chronology import chronology
from backstory.graph.resolve import resolve


def body_with(path: str, *targets: str, line: int = 20) -> Body:
    return Body("", line, (), tuple(Ref(t, Position(path, line, 1 + 10 * i), "body")
                                    for i, t in enumerate(targets)))


def actor(slug: str, name: str | None = None, *, aliases=(), draft=False, mentions=()) -> Actor:
    path = f"content/actors/{slug}.md"
    return Actor(slug, path, name or slug.replace("-", " ").title(), "person", "S.",
                 body_with(path, *mentions), aliases=tuple(aliases), draft=draft)


def event(slug: str, date: str = "2023-06-24", *, actors=(), led_to=(), draft=False, mentions=()) -> Event:
    path = f"content/events/{slug}.md"
    cast = []
    for line, entry in enumerate(actors, start=6):
        target, _, role = entry.partition(":")
        cast.append(Ref(target, Position(path, line, 5), "actors", role or None, "actors"))
    return Event(slug, path, slug.replace("-", " ").capitalize(), read_when(date), "S.",
                 body_with(path, *mentions), actors=tuple(cast),
                 led_to=tuple(Ref(t, Position(path, 12 + i, 5), "led_to", None, "events")
                              for i, t in enumerate(led_to)), draft=draft)


def article(slug: str, *, actors=(), events=(), mentions=(), draft=False) -> Article:
    path = f"content/articles/{slug}.md"
    return Article(slug, path, slug.capitalize(), When(2023, 6, 26), "S.", body_with(path, *mentions),
                   actors=tuple(Ref(t, Position(path, 6, 5 + i), "actors", None, "actors")
                                for i, t in enumerate(actors)),
                   events=tuple(Ref(t, Position(path, 7, 5 + i), "events", None, "events")
                                for i, t in enumerate(events)), draft=draft)


def run(records, **options):
    diagnostics = Diagnostics()
    site = resolve(records, diagnostics, **options)
    return site, [(d.severity, d.path, d.line, d.column, d.message, d.hint) for d in diagnostics.sorted()]


PRIGOZHIN = actor("yevgeny-prigozhin", "Yevgeny Prigozhin", aliases=["Prigozhin", "Putin's chef"])


def test_a_clean_site_has_no_problems_and_every_record_by_type():
    records = [PRIGOZHIN, event("wagner-mutiny", actors=["yevgeny-prigozhin"]),
               article("explainer", events=["wagner-mutiny"], mentions=["yevgeny-prigozhin"])]
    site, problems = run(records)
    assert problems == []
    assert list(site.actors) == ["yevgeny-prigozhin"] and list(site.events) == ["wagner-mutiny"]
    assert list(site.articles) == ["explainer"]
    assert site.get("wagner-mutiny") is records[1] and site.get("nothing") is None


def test_unknown_reference_suggests_the_closest_slug():
    _, problems = run([PRIGOZHIN, event("wagner-mutiny", actors=["prigozin"])])
    assert problems == [(ERROR, "content/events/wagner-mutiny.md", 6, 5, "unknown actor 'prigozin'",
                         "did you mean 'yevgeny-prigozhin'?")]


def test_suggestions_come_from_names_and_aliases_of_the_right_type():
    records = [PRIGOZHIN, event("prigozhin-exile"),
               event("wagner-mutiny", actors=["putins-chef", "prigozhin"])]
    _, problems = run(records)
    assert [(p[4], p[5]) for p in problems] == [
        ("unknown actor 'putins-chef'", "did you mean 'yevgeny-prigozhin'?"),
        ("unknown actor 'prigozhin'", "did you mean 'yevgeny-prigozhin'?"),
    ]


def test_unknown_reference_with_nothing_close_has_no_hint():
    _, problems = run([PRIGOZHIN, article("a", mentions=["zzzz"])])
    assert problems == [(ERROR, "content/articles/a.md", 20, 1, "unknown page 'zzzz'", None)]


def test_wrong_type_in_a_list():
    records = [event("wagner-mutiny"), event("lukashenko-mediation", actors=["wagner-mutiny"])]
    _, problems = run(records)
    assert problems == [(ERROR, "content/events/lukashenko-mediation.md", 6, 5,
                         "'wagner-mutiny' is an event, not an actor",
                         "'actors' lists actors; move 'wagner-mutiny' to the right list")]


def test_wrong_type_in_an_articles_events():
    _, problems = run([PRIGOZHIN, article("a", events=["yevgeny-prigozhin"])])
    assert [p[2:5] for p in problems] == [(7, 5, "'yevgeny-prigozhin' is an actor, not an event")]


def test_prose_links_may_point_at_any_type():
    _, problems = run([PRIGOZHIN, event("e"), article("a", mentions=["e", "yevgeny-prigozhin"])])
    assert problems == []


def test_reference_to_a_draft_is_an_error_unless_drafts_are_built():
    records = [actor("belta", draft=True), event("e", actors=["belta"])]
    site, problems = run(records)
    assert problems == [(ERROR, "content/events/e.md", 6, 5, "'belta' is a draft, so this link would break",
                         "publish it (remove `draft: true`) or build with --drafts")]
    assert "belta" not in site.actors
    site, problems = run(records, include_drafts=True)
    assert problems == [] and "belta" in site.actors
    assert site.backlinks_of("belta") == (Link("e", "actors"),)


def test_a_drafts_own_references_are_not_checked_or_linked():
    site, problems = run([actor("belta"), event("e", actors=["belta", "nobody"], draft=True)])
    assert problems == [] and site.events == {} and site.backlinks_of("belta") == ()


def test_duplicate_slug_across_types_names_both_files():
    site, problems = run([actor("belarus"), event("belarus")])
    message = "slug 'belarus' is used by 2 files: content/actors/belarus.md, content/events/belarus.md"
    hint = "slugs are unique across the whole site; rename all but one"
    assert problems == [(ERROR, "content/actors/belarus.md", 1, 1, message, hint),
                        (ERROR, "content/events/belarus.md", 1, 1, message, hint)]


def test_event_cannot_lead_to_itself():
    _, problems = run([event("e", led_to=["e"])])
    assert problems == [(ERROR, "content/events/e.md", 12, 5, "an event cannot lead to itself", None)]


def test_leading_to_an_earlier_event_is_only_a_warning():
    site, problems = run([event("before", "2023-01-01"), event("e", led_to=["before"])])
    assert problems == [(WARNING, "content/events/e.md", 12, 5,
                         "'before' (2023-01-01) is earlier than this event (2023-06-24)",
                         "led_to lists the later events this one caused")]
    assert site.backlinks_of("before") == (Link("e", "led_to"),)


def test_backlinks_invert_every_reference_with_field_and_role():
    records = [PRIGOZHIN, actor("alexander-lukashenko"),
               event("mediation", actors=["alexander-lukashenko:mediator", "yevgeny-prigozhin"],
                     led_to=["exile"]),
               event("exile", "2023-06-27", actors=["yevgeny-prigozhin"]),
               article("explainer", actors=["alexander-lukashenko"], events=["mediation"],
                       mentions=["exile"])]
    site, problems = run(records)
    assert problems == []
    assert site.backlinks == {
        "alexander-lukashenko": (Link("explainer", "actors"), Link("mediation", "actors", "mediator")),
        "exile": (Link("explainer", "body"), Link("mediation", "led_to")),
        "mediation": (Link("explainer", "events"),),
        "yevgeny-prigozhin": (Link("exile", "actors"), Link("mediation", "actors")),
    }
    assert site.backlinks_of("explainer") == ()


def test_backlinks_are_deduplicated_but_keep_each_field():
    records = [PRIGOZHIN, event("e", actors=["yevgeny-prigozhin"],
                                mentions=["yevgeny-prigozhin", "yevgeny-prigozhin"]),
               actor("belta", mentions=["yevgeny-prigozhin", "yevgeny-prigozhin"])]
    site, _ = run(records)
    assert site.backlinks_of("yevgeny-prigozhin") == (Link("belta", "body"), Link("e", "actors"),
                                                     Link("e", "body"))


def test_broken_slugs_suppress_follow_on_errors():
    records = [event("e", actors=["failed-to-parse"], mentions=["failed-to-parse", "typo"])]
    site, problems = run(records, broken={"failed-to-parse"})
    assert [p[4] for p in problems] == ["unknown page 'typo'"]
    assert site.backlinks_of("failed-to-parse") == ()


def test_a_broken_slug_that_another_file_also_uses_is_still_checked():
    # One of two files with this slug parsed: links to it resolve against that one.
    site, problems = run([actor("belta"), event("e", actors=["belta"])], broken={"belta"})
    assert problems == [] and site.backlinks_of("belta") == (Link("e", "actors"),)


def test_chronology_puts_causes_before_consequences_on_the_same_day():
    # Slugs in reverse alphabetical order of cause, so the slug tiebreak alone would get it wrong.
    records = [event("c-consequence"), event("b-cause", led_to=["c-consequence"]),
               event("z-first-cause", led_to=["b-cause"]), event("a-day-before", "2023-06-23"),
               event("y-unrelated")]
    site, problems = run(records)
    assert problems == []
    order = sorted(site.chronology, key=site.chronology.get)
    assert order == ["a-day-before", "y-unrelated", "z-first-cause", "b-cause", "c-consequence"]


def test_chronology_ignores_causes_on_other_days_and_survives_cycles():
    events = {e.slug: e for e in [event("a", led_to=["b"]), event("b", led_to=["a"]),
                                  event("later", "2023-07-01"), event("x", "2023-06-20", led_to=["y"]),
                                  event("y", "2023-06-20")]}
    order = chronology(events)
    assert sorted(order, key=order.get)[:2] == ["x", "y"]
    assert sorted(order, key=order.get)[-1] == "later"
    assert set(order) == set(events)


def test_resolve_from_parsed_front_matter(parse):
    actor_record, _ = parse("actors/yevgeny-prigozhin.md",
                            "---\nname: Yevgeny Prigozhin\nkind: person\nsummary: S\n---\n")
    event_record, _ = parse("events/wagner-mutiny.md",
                            "---\ntitle: Mutiny\ndate: 2023-06-23\nsummary: S\nactors:\n"
                            "  - prigozin: leader\n---\nLed by [[yevgeny-prigozhin]].\n")
    site, problems = run([actor_record, event_record])
    assert problems == [(ERROR, "content/events/wagner-mutiny.md", 6, 5, "unknown actor 'prigozin'",
                         "did you mean 'yevgeny-prigozhin'?")]
    assert site.backlinks_of("yevgeny-prigozhin") == (Link("wagner-mutiny", "body"),)


# Same-day events in the order the story gives ---------------------------------------------------


def story_order(records) -> list[str]:
    site, problems = run(records)
    assert problems == []
    return sorted(site.chronology, key=site.chronology.get)


def dated_article(slug: str, date: str, *, events=(), prose=()) -> Article:
    path = f"content/articles/{slug}.md"
    return Article(slug, path, slug, read_when(date), "S.", body_with(path, *prose),
                   events=tuple(Ref(t, Position(path, 7 + i, 5), "events", None, "events")
                                for i, t in enumerate(events)))


def test_consequences_of_one_cause_keep_the_order_of_its_led_to():
    # The Wagner story's 24 June: alphabetically the Kremlin's thanks would come before the deal's terms.
    records = [event("kremlin-thanks"), event("exile"), event("troops-turn-back"),
               event("deal", led_to=["troops-turn-back", "exile", "kremlin-thanks"])]
    assert story_order(records) == ["deal", "troops-turn-back", "exile", "kremlin-thanks"]


def test_unrelated_same_day_events_follow_the_earliest_articles_events_list():
    records = [event("a-evening"), event("m-noon"), event("z-morning"),
               dated_article("later", "2023-07-01", events=["a-evening", "m-noon", "z-morning"]),
               dated_article("first", "2023-06-25", events=["z-morning", "m-noon"])]
    # The first article orders the two it lists; the later one places the event the first left out.
    assert story_order(records) == ["z-morning", "m-noon", "a-evening"]


def test_an_articles_prose_orders_the_events_its_list_leaves_out():
    records = [event("a-evening"), event("m-noon"), event("z-morning"), actor("belarus"),
               dated_article("only", "2023-06-25", events=["z-morning"],
                             prose=["belarus", "a-evening", "m-noon", "z-morning"])]
    assert story_order(records) == ["z-morning", "a-evening", "m-noon"]


def test_a_causes_led_to_outweighs_the_articles():
    records = [event("deal", led_to=["z-first", "a-second"]), event("z-first"), event("a-second"),
               dated_article("x", "2023-06-25", events=["a-second", "z-first"])]
    assert story_order(records) == ["deal", "z-first", "a-second"]


def test_events_of_different_causes_follow_their_causes():
    records = [event("z-cause", "2023-06-22", led_to=["a-of-z"]),
               event("a-cause", "2023-06-23", led_to=["z-of-a"]),
               event("a-of-z"), event("z-of-a"), event("b-no-cause")]
    # Nothing written orders them: their causes do, and an event without one comes after.
    assert story_order(records) == ["z-cause", "a-cause", "a-of-z", "z-of-a", "b-no-cause"]


def test_the_alphabet_is_the_last_resort():
    assert story_order([event("c"), event("a"), event("b")]) == ["a", "b", "c"]


def test_the_order_is_one_key_per_event_by_date_then_place_on_that_day():
    site, _ = run([event("later", "2023-06-25"), event("deal", led_to=["x"]), event("x")])
    story = site.chronology
    assert sorted(story, key=story.__getitem__) == ["deal", "x", "later"]
    # Each key: where the event is found in the story, then its place among events found there.
    assert story["deal"][0] == story["x"][0] != story["later"][0]
    assert (story["deal"][1], story["x"][1], story["later"][1]) == (0, 1, 0)
    assert site.neighbours["x"] == ("deal", "later")


def test_prose_order_is_where_names_are_written_links_and_mentions_together():
    path = "content/articles/only.md"
    body = Body("", 20, (), links=(Ref("a-evening", Position(path, 23, 1), "body"),),
                mentions=(Ref("m-noon", Position(path, 22, 40), "mention"),
                          Ref("z-morning", Position(path, 24, 1), "mention")))
    records = [event("a-evening"), event("m-noon"), event("z-morning"),
               Article("only", path, "Only", When(2023, 6, 25), "S.", body)]
    assert story_order(records) == ["m-noon", "a-evening", "z-morning"]
