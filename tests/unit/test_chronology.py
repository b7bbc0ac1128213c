"""Story order at mixed precisions, in several zones, and for consequences known only to the day
(graph/chronology.py): what a reviewer's examples showed going wrong, kept right."""

from __future__ import annotations

from dataclasses import replace

from test_resolve import event, run  # tests/unit is on sys.path (no package)

from backstory.content.datefields import read_when


def story(*events) -> list[str]:
    site, _ = run(list(events))
    return sorted(site.chronology, key=site.chronology.get)


def test_times_in_different_zones_near_midnight_go_by_the_instant():
    # 20:00Z and 22:00Z on the 24th, then 03:00Z on the 25th, though their local days differ.
    assert story(event("ny", "2023-06-24 23:00 America/New_York"),
                 event("tokyo", "2023-06-25 05:00 Asia/Tokyo"),
                 event("msk", "2023-06-25 01:00 Europe/Moscow")) == ["tokyo", "msk", "ny"]


def test_a_day_only_consequence_follows_a_cause_that_ends_that_evening_though_it_began_before():
    mutiny = replace(event("mutiny", "2023-06-23 evening", led_to=["aftermath", "call"]),
                     end=read_when("2023-06-24 evening"))
    assert story(mutiny, event("aftermath", "2023-06-24"),
                 event("call", "2023-06-24 morning")) == ["mutiny", "call", "aftermath"]


def test_a_day_only_event_with_no_cause_that_day_comes_at_the_days_start():
    assert story(event("call", "2023-06-24 morning"), event("quiet", "2023-06-24"),
                 event("evening", "2023-06-24 evening")) == ["quiet", "call", "evening"]


def test_a_month_comes_before_its_first_day_and_a_year_before_both():
    assert story(event("first", "2023-06-01"), event("june", "2023-06"),
                 event("year", "2023")) == ["year", "june", "first"]


def test_a_cycle_of_causes_on_one_day_still_gives_every_event_a_place():
    a = event("a", led_to=["b"])
    b = event("b", led_to=["a"])
    assert sorted(story(a, b)) == ["a", "b"]
