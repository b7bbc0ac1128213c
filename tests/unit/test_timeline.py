"""Timelines: dates and ranges in parts, year groups, story-order neighbours, the actor filter."""

from __future__ import annotations

from dataclasses import replace

from test_resolve import actor, event  # tests/unit is on sys.path (no package)

from backstory.content.config import Config
from backstory.content.when import When
from backstory.errors import Diagnostics
from backstory.graph.chronology import neighbours
from backstory.graph.resolve import resolve
from backstory.pages.dates import date_span, format_range, group_by_year
from backstory.pages.maps import page_map
from backstory.pages.plan import PageSpec
from backstory.pages.render import page_context
from backstory.pages.urls import Urls
from backstory.pages.views import Views

D = When


def test_a_single_day_is_one_date():
    span = date_span(D(2023, 6, 24), None)
    assert (span.start_text, span.end, span.text) == ("24 June 2023", None, "24 June 2023")
    assert date_span(D(2023, 6, 24), D(2023, 6, 24)).end is None


def test_a_range_does_not_repeat_what_both_ends_share():
    within_month = date_span(D(2023, 6, 23), D(2023, 6, 24))
    assert (within_month.start_text, within_month.separator, within_month.end_text) == (
        "23", "–", "24 June 2023")
    assert format_range(D(2023, 6, 30), D(2023, 7, 2)) == "30 June – 2 July 2023"
    assert format_range(D(2022, 12, 30), D(2023, 1, 2)) == "30 December 2022 – 2 January 2023"


def test_group_by_year_keeps_order_and_groups_by_start_year():
    dates = [D(2020, 8, 9), D(2022, 12, 30), D(2023, 6, 23), D(2023, 6, 24)]
    groups = group_by_year(dates, lambda d: d)
    assert [(g.year, g.items) for g in groups] == [(2020, dates[:1]), (2022, dates[1:2]),
                                                  (2023, dates[2:])]
    year, items = groups[0]  # layouts unpack them: {% for year, items in groups %}
    assert (year, items) == (2020, dates[:1])
    assert group_by_year([], lambda d: d) == []


def test_neighbours_follow_story_order_and_the_ends_have_one_side():
    story = {"b": (D(2023, 6, 24), 1, "b"), "a": (D(2023, 6, 24), 0, "a"), "c": (D(2020, 1, 1), 0, "c")}
    assert neighbours(story) == {"c": (None, "a"), "a": ("c", "b"), "b": ("a", None)}
    assert neighbours({"only": (D(2023, 1, 1), 0, "only")}) == {"only": (None, None)}
    assert neighbours({}) == {}


def site_of(*records):
    diagnostics = Diagnostics()
    site = resolve(list(records), diagnostics)
    assert diagnostics.items == []
    return site


STORY = [actor("alexander-lukashenko"), actor("vladimir-putin"), actor("nobody"),
         event("election", "2020-08-09", actors=["alexander-lukashenko:winner"]),
         event("invasion", "2022-02-24", actors=["vladimir-putin"]),
         event("mutiny", "2023-06-23", actors=["vladimir-putin", "alexander-lukashenko:mediator"],
               led_to=["call"]),
         event("call", "2023-06-23", actors=["vladimir-putin:caller", "alexander-lukashenko"])]


def views_for(site, path: str = "") -> Views:
    return Views(site, Config(), Urls(Config(), path), map_of=page_map)


def test_an_event_knows_the_events_before_and_after_it():
    views = views_for(site_of(*STORY))
    first, mutiny, last = views.of("election"), views.of("mutiny"), views.of("call")
    assert first.previous is None and first.next.slug == "invasion"
    assert (mutiny.previous.slug, mutiny.next.slug) == ("invasion", "call")  # a cause comes first
    assert last.previous.slug == "mutiny" and last.next is None
    assert {"around:election", "around:mutiny", "around:call"} <= views.touched


def test_an_actor_timeline_groups_its_events_by_year_with_roles():
    views = views_for(site_of(*STORY), "actors/alexander-lukashenko/")
    lukashenko = views.of("alexander-lukashenko")
    timeline = [(year, [(p.event.slug, p.role) for p in items]) for year, items in lukashenko.timeline]
    assert timeline == [(2020, [("election", "winner")]),
                        (2023, [("mutiny", "mediator"), ("call", None)])]
    assert lukashenko.timeline_url == "../../timeline/index.html?actor=alexander-lukashenko"


def test_the_timeline_page_lists_years_and_counts_each_actor_once_per_event():
    site = site_of(*STORY)
    spec = PageSpec("timeline/", "timeline.html", "timeline", "Timeline", "")
    context = page_context(spec, site, Config())
    assert [(year, [e.slug for e in events]) for year, events in context["years"]] == [
        (2020, ["election"]), (2022, ["invasion"]), (2023, ["mutiny", "call"])]
    # Sorted by name; "nobody" takes part in nothing and is not offered.
    assert [(c.actor.slug, c.count) for c in context["actor_choices"]] == [
        ("alexander-lukashenko", 3), ("vladimir-putin", 3)]
    mutiny = context["years"][2].items[0]
    assert [(p.actor.slug, p.role) for p in mutiny.participants] == [
        ("vladimir-putin", None), ("alexander-lukashenko", "mediator")]


def test_a_range_event_shows_both_ends():
    site = site_of(replace(event("mutiny", "2023-06-23"), end=D(2023, 6, 24)))
    span = views_for(site).of("mutiny").span
    assert (span.start.isoformat(), span.end.isoformat(), span.text) == (
        "2023-06-23", "2023-06-24", "23–24 June 2023")
