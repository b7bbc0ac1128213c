"""Dates and times through a whole build: nothing written is lost or padded on pages, in story
order, feeds, sitemaps, JSON-LD and hover cards, and what cannot be read is an error in place."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backstory import BuildFailed, build

from .helpers import BASIC_SITE, copy_site, run_cli

BASE = "https://example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")
W3C = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?)?)?")

FIRST_PROGRAM = """\
---
title: The first program
date: 2021-03-20
updated: {updated}
summary: How a set of notes became a landmark.
actors: [ada-lovelace]
events: [analytical-engine-notes]
---
## Background

[[ada-lovelace|Lovelace]] worked with [[charles-babbage]]; the [[royal-society]] took note.
"""

# Story order, as the story happened: years and months at their start (a month before its first
# day), times of day in UTC whatever zone they were written in (the site's is Europe/London),
# a day without a time at the day's start unless a same-day cause led to it.
EVENTS = {
    "analytical-engine-notes": None, "engine-remembered": None,  # the fixture's, in the 1840s-1990s
    "y-approx": "c. 2022",
    "y-2023": "2023",
    "m-june": "2023-06",
    "m-june-first": "2023-06-01",
    "a-day": "2023-06-24",
    "a-moscow": "2023-06-24 09:30 Europe/Moscow",  # 06:30 UTC
    "a-london": "2023-06-24 08:30",  # the site's zone, summer time: 07:30 UTC
    "a-zulu": "2023-06-24 07:45 Z",  # 07:45 UTC
    "b-day": "2024-01-10",
    "b-talks": "2024-01-10 morning\nend: 2024-01-10 afternoon\nled_to: [b-deal]",
    "b-ten": "2024-01-10 10:00",  # 10:00 GMT: inside the talks, before they end
    "b-deal": "2024-01-10",  # led to by the talks: after they end, in the afternoon
    "b-evening": "2024-01-10 evening",
}
STORY = list(EVENTS)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def add_line(path: Path, after: str, line: str) -> None:
    """Put `line` into a front matter after the line starting with `after`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(n for n, text in enumerate(lines) if text.startswith(after))
    path.write_text("\n".join([*lines[:at + 1], line, *lines[at + 1:]]), encoding="utf-8")


def time_site(root: Path, updated: str = "2021-03-23 07:40:00") -> Path:
    site = copy_site(BASIC_SITE, root)
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("timezone: Europe/London\n")
    content = site / "content"
    add_line(content / "actors/ada-lovelace.md", "born:", "died: 1852-11-27")
    add_line(content / "actors/charles-babbage.md", "summary:", "born: 1791-12")
    add_line(content / "actors/royal-society.md", "summary:", "founded: 1660-11-28\ndissolved: 1999-12")
    files = {
        "articles/first-program.md": FIRST_PROGRAM.format(updated=updated),
        "articles/later-note.md": "---\ntitle: A later note\ndate: 2021-04\nsummary: More.\n---\nText.\n",
        "actors/great-britain.md": "---\nname: Great Britain\nkind: state\nsummary: A state.\n"
                                   "founded: 1707-05-01\n---\n",
    }
    for slug, date in EVENTS.items():
        if date is not None:
            files[f"events/{slug}.md"] = f"---\ntitle: Event {slug}\ndate: {date}\nsummary: S.\n---\n"
    write(content, files)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("time")
    out = tmp / "out"
    build(time_site(tmp / "src"), out, base_url=BASE, jobs=1)
    return out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def failed_build(site: Path, tmp_path: Path) -> list[tuple]:
    with pytest.raises(BuildFailed) as failed:
        build(site, tmp_path / "out", base_url=BASE, jobs=1)
    return [(d.path, d.line, d.column, d.message, d.hint) for d in failed.value.diagnostics]


# (a) A time of day is never dropped -----------------------------------------------------------


def test_an_updated_time_is_shown_and_marked_up(built):
    html = page(built, "articles/first-program")
    found = re.search(r'updated <time datetime="([^"]+)">([^<]+)</time>', html)
    assert found, "no updated <time>"
    # Europe/London in March 2021 (before the clocks went forward) is UTC+0: GMT.
    assert found.groups() == ("2021-03-23T07:40Z", "23 March 2021, 07:40 GMT")
    assert json_ld(html)["dateModified"] == "2021-03-23T07:40Z"


def test_seconds_in_a_time_are_an_error_in_place(tmp_path, capsys):
    site = time_site(tmp_path / "src", updated="2021-03-23 07:40:30")
    args = ["build", "--source", str(site), "--out", str(tmp_path / "out"), "-j", "1", "--no-cache"]
    code, _, err = run_cli(args, capsys)
    assert code == 1
    assert ("content/articles/first-program.md:4:10: error: 'updated' has seconds, which Backstory "
            "does not keep: '2021-03-23 07:40:30'") in err
    assert "07:40" in err.split("'updated' has seconds", 1)[1]  # the hint shows how to write it
    assert not (tmp_path / "out").exists()


def test_the_site_zone_is_shown_with_the_times_it_gave(built):
    assert "24 June 2023, 08:30 BST" in page(built, "events/a-london")
    assert "24 June 2023, 09:30 MSK" in page(built, "events/a-moscow")
    assert "10 January 2024, 10:00 GMT" in page(built, "events/b-ten")


def test_a_wrong_site_zone_is_an_error_with_the_nearest_names(tmp_path):
    site = time_site(tmp_path / "src")
    text = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(text.replace("Europe/London", "Europe/Londn"), encoding="utf-8")
    problems = failed_build(site, tmp_path)
    assert [(p[0], p[3]) for p in problems] == [("site.yaml", "unknown time zone 'Europe/Londn'")]
    assert problems[0][1] == text.split("\n").index("timezone: Europe/London") + 1
    assert "Europe/London" in problems[0][4]


# (b) Story order ------------------------------------------------------------------------------


def listed(html: str) -> list[str]:
    found = re.findall(r'class="entity-name" href="[^"]*events/([\w-]+)/(?:index\.html)?"', html)
    return [slug for slug in dict.fromkeys(found) if slug in STORY]


def test_the_events_page_follows_the_story_at_every_precision(built):
    assert listed(page(built, "events")) == STORY


def test_the_timeline_follows_the_story_at_every_precision(built):
    ids = re.findall(r'id="event-([\w-]+)"', page(built, "timeline"))
    assert [slug for slug in ids if slug in STORY] == STORY


def test_years_months_parts_and_guesses_read_as_written_on_the_events_page(built):
    html = page(built, "events")
    for datetime, text in [("2022", "c. 2022"), ("2023", "2023"), ("2023-06", "June 2023"),
                           ("2024-01-10", "morning"), ("2024-01-10", "evening of 10 January 2024"),
                           ("2023-06-24T09:30+03:00", "24 June 2023, 09:30 MSK")]:
        assert f'<time datetime="{datetime}">{text}</time>' in html, (datetime, text)


# (c) Feeds and sitemaps -----------------------------------------------------------------------


def feed_entries(out: Path, relative: str) -> tuple[ET.Element, dict[str, tuple[str, str]]]:
    feed = ET.parse(out / relative).getroot()
    entries = {entry.find(f"{ATOM}id").text: (entry.find(f"{ATOM}published").text,
                                              entry.find(f"{ATOM}updated").text)
               for entry in feed.findall(f"{ATOM}entry")}
    return feed, entries


def test_the_articles_feed_has_full_timestamps(built):
    feed, entries = feed_entries(built, "feed.xml")
    assert entries[BASE + "articles/first-program/"] == ("2021-03-20T00:00:00Z", "2021-03-23T07:40:00Z")
    assert entries[BASE + "articles/later-note/"] == ("2021-04-01T00:00:00Z", "2021-04-01T00:00:00Z")
    assert feed.find(f"{ATOM}updated").text == "2021-04-01T00:00:00Z"


def test_the_events_feed_has_full_timestamps_latest_first(built):
    feed, entries = feed_entries(built, "events/feed.xml")
    published = {entry_id.removeprefix(BASE + "events/").strip("/"): stamps[0]
                 for entry_id, stamps in entries.items()}
    assert list(published) == STORY[::-1]
    assert published["a-moscow"] == "2023-06-24T09:30:00+03:00"
    assert published["a-london"] == "2023-06-24T08:30:00+01:00"
    assert published["a-zulu"] == "2023-06-24T07:45:00Z"
    assert published["b-ten"] == "2024-01-10T10:00:00Z"
    assert published["b-talks"] == "2024-01-10T00:00:00Z"
    assert (published["y-approx"], published["m-june"]) == ("2022-01-01T00:00:00Z", "2023-06-01T00:00:00Z")
    stamps = [feed.find(f"{ATOM}updated").text, *(s for pair in entries.values() for s in pair)]
    assert all(RFC3339.fullmatch(stamp) for stamp in stamps), stamps


def instant(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@pytest.mark.parametrize("relative", ["feed.xml", "events/feed.xml"])
def test_a_feed_is_updated_no_earlier_than_its_entries(built, relative):
    feed, entries = feed_entries(built, relative)
    newest = max(instant(updated) for _, updated in entries.values())
    assert instant(feed.find(f"{ATOM}updated").text) >= newest


def test_sitemap_lastmod_is_at_the_precision_known(built):
    root = ET.parse(built / "sitemap.xml").getroot()
    lastmod = {url.find(f"{SITEMAP}loc").text.removeprefix(BASE): url.findtext(f"{SITEMAP}lastmod")
               for url in root.findall(f"{SITEMAP}url")}
    assert lastmod["articles/first-program/"] == "2021-03-23T07:40Z"
    assert lastmod["articles/later-note/"] == "2021-04"
    assert lastmod["articles/"] == "2021-04"
    assert lastmod["events/a-moscow/"] == "2023-06-24T09:30+03:00"
    assert lastmod["events/m-june/"] == "2023-06"
    assert lastmod["events/y-approx/"] == "2022"
    assert lastmod["events/b-talks/"] == "2024-01-10"
    assert lastmod["events/"] == "2024-01-10"
    assert all(W3C.fullmatch(value) for value in lastmod.values() if value is not None), lastmod


# (d) JSON-LD ----------------------------------------------------------------------------------


def test_people_have_birth_and_death_dates_at_their_precision(built):
    ada = json_ld(page(built, "actors/ada-lovelace"))
    assert (ada["birthDate"], ada["deathDate"]) == ("1815-12-10", "1852-11-27")
    babbage = json_ld(page(built, "actors/charles-babbage"))
    assert babbage["birthDate"] == "1791-12" and "deathDate" not in babbage


def test_organizations_have_founding_and_dissolution_dates_and_states_none(built):
    society = json_ld(page(built, "actors/royal-society"))
    assert society["@type"] == "Organization"
    assert (society["foundingDate"], society["dissolutionDate"]) == ("1660-11-28", "1999-12")
    assert "birthDate" not in society
    state = json_ld(page(built, "actors/great-britain"))
    assert state["@type"] == "Country"
    assert not {"foundingDate", "dissolutionDate", "birthDate"} & set(state)


def test_events_and_articles_have_dates_at_their_precision(built):
    assert json_ld(page(built, "events/a-moscow"))["startDate"] == "2023-06-24T09:30+03:00"
    assert json_ld(page(built, "events/a-london"))["startDate"] == "2023-06-24T08:30+01:00"
    talks = json_ld(page(built, "events/b-talks"))
    assert (talks["startDate"], talks["endDate"]) == ("2024-01-10", "2024-01-10")
    assert json_ld(page(built, "events/m-june"))["startDate"] == "2023-06"
    assert json_ld(page(built, "events/y-approx"))["startDate"] == "2022"
    article = json_ld(page(built, "articles/later-note"))
    assert (article["datePublished"], article["dateModified"]) == ("2021-04", "2021-04")


def test_an_actor_page_lists_its_dates_under_their_kind(built):
    ada = page(built, "actors/ada-lovelace")
    assert '<dt>Born</dt> <dd><time datetime="1815-12-10">10 December 1815</time></dd>' in ada
    assert '<dt>Died</dt> <dd><time datetime="1852-11-27">27 November 1852</time></dd>' in ada
    society = page(built, "actors/royal-society")
    assert '<dt>Founded</dt> <dd><time datetime="1660-11-28">28 November 1660</time></dd>' in society
    assert '<dt>Dissolved</dt> <dd><time datetime="1999-12">December 1999</time></dd>' in society
    assert "<dt>Born</dt>" not in society


# (e) The wrong life field ---------------------------------------------------------------------


def test_born_on_an_organization_is_an_error_that_names_founded(tmp_path):
    site = time_site(tmp_path / "src")
    add_line(site / "content/actors/royal-society.md", "summary:", "born: 1660")
    problems = failed_build(site, tmp_path)
    assert [p[:4] for p in problems] == [
        ("content/actors/royal-society.md", 5, 1, "'born' is not a field of an organization")]
    assert "`founded`" in problems[0][4]


# (f) Hover cards ------------------------------------------------------------------------------


def test_actor_cards_carry_the_lifespan(built):
    html = page(built, "articles/first-program")
    found = re.search(r'<script type="application/json" id="backstory-cards">(.*?)</script>', html, re.S)
    assert found
    cards = {href.rstrip("/").rsplit("/", 1)[-1]: card for href, card in json.loads(found.group(1)).items()}
    assert cards["ada-lovelace"]["when"] == "10 December 1815 – 27 November 1852"
    assert cards["charles-babbage"]["when"] == "born December 1791"
    assert cards["royal-society"]["when"] == "28 November 1660 – December 1999"


# (g) Every <time datetime> is one HTML accepts ------------------------------------------------

DATETIME = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
                      r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?P<zone>Z|[+-](?P<oh>\d{2}):(?P<om>\d{2}))?)?)?)?")


def valid_datetime(value: str) -> bool:
    """HTML's year, month, date, local date and time, or global date and time (minutes only)."""
    found = DATETIME.fullmatch(value)
    if found is None:
        return False
    part = {name: int(text) for name, text in found.groupdict().items() if text is not None and text != "Z"
            and name != "zone"}
    if part["year"] == 0 or not 1 <= part.get("month", 1) <= 12:
        return False
    if "day" in part and not 1 <= part["day"] <= calendar.monthrange(part["year"], part["month"])[1]:
        return False
    if part.get("hour", 0) > 23 or part.get("minute", 0) > 59:
        return False
    return part.get("oh", 0) <= 23 and part.get("om", 0) <= 59


def test_the_validator_knows_a_bad_datetime():
    good = ["1994", "2020-08", "2023-06-24", "2023-06-24T09:30", "2023-06-24T09:30Z",
            "2023-06-24T09:30+03:00"]
    bad = ["94", "2020-8", "2023-02-30", "2023-13", "2023-06-24 09:30", "2023-06-24T24:00",
           "2023-06-24T09:30+3", "2023-06-24morning", "c. 1994", "2023-06-24T09:30 MSK"]
    assert [valid_datetime(v) for v in good + bad] == [True] * len(good) + [False] * len(bad)


def test_every_time_element_has_a_valid_datetime(built):
    values = set()
    for path in built.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert html.count("<time") == len(re.findall(r'<time[^>]*\sdatetime="[^"]*"', html)), path
        values.update(re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html))
    assert [value for value in sorted(values) if not valid_datetime(value)] == []
    # Every form is there to be checked: a year, a month, a day, a time with its offset.
    assert {"2022", "2023-06", "2024-01-10", "2023-06-24T09:30+03:00", "2021-03-23T07:40Z"} <= values
