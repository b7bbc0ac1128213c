"""Dates at the precision written: what each form of front-matter date reads as, what is refused
and why, zones and offsets, and how Whens sort and print for HTML, Atom and sitemaps."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from backstory.content.datefields import FORMS, DateProblem, check_zone, read_when
from backstory.content.when import When

# Accepted forms -------------------------------------------------------------------------------

ACCEPTED = [
    # written, isoformat(), str(), precision
    ("1994", "1994", "1994", "year"),
    ("2020-08", "2020-08", "2020-08", "month"),
    ("2023-06-24", "2023-06-24", "2023-06-24", "day"),
    ("2023-06-24 09:30", "2023-06-24T09:30", "2023-06-24 09:30", "time"),
    ("2023-06-24T09:30", "2023-06-24T09:30", "2023-06-24 09:30", "time"),
    ("2023-06-24 09:30:00", "2023-06-24T09:30", "2023-06-24 09:30", "time"),
    ("2023-06-24  09:30", "2023-06-24T09:30", "2023-06-24 09:30", "time"),
    ("2023-06-24 09:30 +03:00", "2023-06-24T09:30+03:00", "2023-06-24 09:30 +03:00", "time"),
    ("2023-06-24T09:30+03:00", "2023-06-24T09:30+03:00", "2023-06-24 09:30 +03:00", "time"),
    ("2023-06-24 09:30 +0300", "2023-06-24T09:30+03:00", "2023-06-24 09:30 +03:00", "time"),
    ("2023-06-24 09:30 -05:30", "2023-06-24T09:30-05:30", "2023-06-24 09:30 -05:30", "time"),
    ("2023-06-24 09:30 +18:00", "2023-06-24T09:30+18:00", "2023-06-24 09:30 +18:00", "time"),
    ("2023-06-24 09:30Z", "2023-06-24T09:30Z", "2023-06-24 09:30 Z", "time"),
    ("2023-06-24 09:30 UTC", "2023-06-24T09:30Z", "2023-06-24 09:30 Z", "time"),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24T09:30+03:00", "2023-06-24 09:30 Europe/Moscow",
     "time"),
    ("2023-06-24T09:30 Europe/Moscow", "2023-06-24T09:30+03:00", "2023-06-24 09:30 Europe/Moscow",
     "time"),
    ("2023-06-24 09:30 America/Argentina/Buenos_Aires", "2023-06-24T09:30-03:00",
     "2023-06-24 09:30 America/Argentina/Buenos_Aires", "time"),
    ("2023-06-24 morning", "2023-06-24", "2023-06-24 morning", "part"),
    ("2023-06-24 afternoon", "2023-06-24", "2023-06-24 afternoon", "part"),
    ("2023-06-24 evening", "2023-06-24", "2023-06-24 evening", "part"),
    ("2023-06-24 night", "2023-06-24", "2023-06-24 night", "part"),
    ("c. 1994", "1994", "c. 1994", "year"),
    ("c.1994", "1994", "c. 1994", "year"),
    ("circa 2020-08", "2020-08", "c. 2020-08", "month"),
    ("C. 2023-06-24", "2023-06-24", "c. 2023-06-24", "day"),
    ("c. 2023-06-24 evening", "2023-06-24", "c. 2023-06-24 evening", "part"),
    ("c. 2023-06-24 09:30 +03:00", "2023-06-24T09:30+03:00", "c. 2023-06-24 09:30 +03:00", "time"),
    ("  2023-06-24  ", "2023-06-24", "2023-06-24", "day"),
]


@pytest.mark.parametrize(("written", "iso", "text", "precision"), ACCEPTED)
def test_every_accepted_form_keeps_its_precision(written, iso, text, precision):
    when = read_when(written)
    assert (when.isoformat(), str(when), when.precision) == (iso, text, precision)
    assert when.approximate == text.startswith("c. ")


@pytest.mark.parametrize("written", [row[0] for row in ACCEPTED])
def test_a_when_reads_back_from_how_it_prints(written):
    when = read_when(written)
    assert read_when(str(when)) == when


def test_the_fields_of_a_when_are_what_was_written():
    assert read_when("2023-06-24 09:30 Europe/Moscow") == When(2023, 6, 24, 570, None, 180, "Europe/Moscow")
    assert read_when("2023-06-24 09:30 -05:30") == When(2023, 6, 24, 570, None, -330, None)
    assert read_when("2023-06-24 09:30") == When(2023, 6, 24, 570)
    assert read_when("2023-06-24 night") == When(2023, 6, 24, part="night")
    assert read_when("c. 2020-08") == When(2020, 8, approximate=True)


# Refused forms --------------------------------------------------------------------------------

REFUSED = [
    # written, message, what the hint must say
    # The hint's suggestion keeps what was right: the zone, the guess; it never names a day
    # that does not exist.
    ("2023-6-24 09:30 Etc/GMT+3", "needs two digits in its month: '2023-6-24 09:30 Etc/GMT+3'",
     "write 2023-06-24 09:30 Etc/GMT+3;"),
    ("c. 2023-6", "needs two digits in its month: 'c. 2023-6'", "write c. 2023-06;"),
    ("c. June 2023", "must be a date like 2023-06-24, not 'c. June 2023'", "write c. 2023-06;"),
    ("31 June 2023", "must be a date like 2023-06-24, not '31 June 2023'", "write one of: 1994,"),
    # A time the clocks skipped (Berlin went from 02:00 to 03:00 on 26 March 2023).
    ("2023-03-26 02:30 Europe/Berlin",
     "names a time the clocks skipped in Europe/Berlin: '2023-03-26 02:30 Europe/Berlin'",
     "the clocks went forward"),
    # Only ASCII digits are a date: these are Arabic-Indic.
    ("\u0662\u0660\u0662\u0663", "must be a date like 2023-06-24, not '\u0662\u0660\u0662\u0663'",
     "write one of"),
    ("2021-3-23", "needs two digits in its month: '2021-3-23'", "write 2021-03-23;"),
    ("2021-03-3", "needs two digits in its day: '2021-03-3'", "write 2021-03-03;"),
    ("2023-06-24 9:30", "needs two digits in its hour: '2023-06-24 9:30'", "write 2023-06-24 09:30;"),
    ("2023-06-24 09:5", "needs two digits in its minute: '2023-06-24 09:5'", "write 2023-06-24 09:05;"),
    ("2023-06-24 09:30:30", "has seconds, which Backstory does not keep: '2023-06-24 09:30:30'",
     "hours and minutes"),
    ("2023-02-30", "is not a day of the calendar: 2023-02-30 (day is out of range for month)",
     "check the month and the day"),
    ("2023-04-31", "is not a day of the calendar: 2023-04-31 (day is out of range for month)",
     "check the month and the day"),
    ("2023-13", "names no month of the year: '2023-13'", "months run from 01 to 12"),
    ("2023-00", "names no month of the year: '2023-00'", "months run from 01 to 12"),
    ("2023-13-01", "names no month of the year: '2023-13-01'", "months run from 01 to 12"),
    ("2023-06-24 24:00", "is not a time of day: '2023-06-24 24:00'", "hours 00 to 23"),
    ("2023-06-24 09:60", "is not a time of day: '2023-06-24 09:60'", "minutes 00 to 59"),
    ("2023-06-24 09:30 Europe/Moskow", "names an unknown time zone: 'Europe/Moskow'",
     "did you mean 'Europe/Moscow'"),
    ("2023-06-24 09:30 Mars/Olympus", "names an unknown time zone: 'Mars/Olympus'",
     "an offset such as +03:00"),
    ("2023-06-24 Europe/Moscow", "has a zone or offset but no time of day: '2023-06-24 Europe/Moscow'",
     "2023-06-24 09:30 Europe/Moscow"),
    ("2023-06-24 Z", "has a zone or offset but no time of day: '2023-06-24 Z'", "leave the zone out"),
    # An offset is a zone too: the same mistake, the same words.
    ("2023-06-24 +03:00", "has a zone or offset but no time of day: '2023-06-24 +03:00'",
     "leave the zone out"),
    ("2023-06-24 09:30 +19:00", "has an offset from UTC that no place has: '2023-06-24 09:30 +19:00'",
     "offsets run from -18:00 to +18:00"),
    ("2023-06-24 09:30 -18:30", "has an offset from UTC that no place has: '2023-06-24 09:30 -18:30'",
     "offsets run from -18:00 to +18:00"),
    ("2023-06-24 dusk", "names no part of the day Backstory knows: 'dusk'",
     "morning, afternoon, evening, night"),
    ("2023-06-24 evenin", "names no part of the day Backstory knows: 'evenin'", "did you mean 'evening'"),
    ("November 1991", "must be a date like 2023-06-24, not 'November 1991'", "write 1991-11;"),
    ("24 June 2023", "must be a date like 2023-06-24, not '24 June 2023'", "write 2023-06-24;"),
    ("June 24, 2023", "must be a date like 2023-06-24, not 'June 24, 2023'", "write 2023-06-24;"),
    ("24/06/2023", "does not say which number is the day: '24/06/2023'", "write the year first"),
    ("06.24.2023", "does not say which number is the day: '06.24.2023'", "write the year first"),
    ("0000", "is not a year Backstory can show: '0000'", "four digits"),
    ("yesterday", "must be a date like 2023-06-24, not 'yesterday'", f"write one of: {FORMS}"),
    ("", "must be a date like 2023-06-24, not ''", f"write one of: {FORMS}"),
]


@pytest.mark.parametrize(("written", "message", "hint"), REFUSED)
def test_every_refused_form_says_why_and_how_to_write_it(written, message, hint):
    with pytest.raises(DateProblem) as refused:
        read_when(written)
    assert refused.value.message == message
    assert hint in refused.value.hint


@pytest.mark.parametrize(("value", "message"), [
    (True, "must be a date like 2023-06-24, not 'True'"),
    (False, "must be a date like 2023-06-24, not 'False'"),
    ([2023, 6, 24], "must be a date like 2023-06-24, not a list"),
    ({"year": 2023}, "must be a date like 2023-06-24, not a mapping"),
    (2023.5, "must be a date like 2023-06-24, not '2023.5'"),
    (0, "is not a year Backstory can show: '0'"),
])
def test_values_that_are_no_date_are_refused(value, message):
    with pytest.raises(DateProblem) as refused:
        read_when(value)
    assert refused.value.message == message
    assert refused.value.hint  # always says what to write


def test_a_guess_with_a_zone_and_no_time_gets_the_same_words_as_without_the_guess():
    with pytest.raises(DateProblem) as refused:
        read_when("c. 2023-06-24 Europe/Moscow")
    assert refused.value.message == (
        "has a zone or offset but no time of day: 'c. 2023-06-24 Europe/Moscow'")


def test_a_capitalised_part_of_the_day_is_not_taken_for_a_zone():
    # `Morning` is either the morning or a part of the day misspelt: never a zone without a time.
    try:
        when = read_when("2023-06-24 Morning")
    except DateProblem as refused:
        assert "part of the day" in refused.message, refused.message
    else:
        assert when.part == "morning"


# Values YAML has already typed -----------------------------------------------------------------


def test_values_yaml_typed_keep_what_they_say():
    assert read_when(1994) == When(1994)
    assert read_when(dt.date(2023, 6, 24)) == When(2023, 6, 24)
    naive = read_when(dt.datetime(2021, 3, 23, 7, 40))
    assert naive == When(2021, 3, 23, 460) and naive.isoformat() == "2021-03-23T07:40"
    plus_three = dt.timezone(dt.timedelta(hours=3))
    aware = read_when(dt.datetime(2021, 3, 23, 7, 40, tzinfo=plus_three))
    assert (aware.offset, aware.zone, aware.isoformat()) == (180, None, "2021-03-23T07:40+03:00")
    utc = read_when(dt.datetime(2021, 3, 23, 7, 40, tzinfo=dt.UTC))
    assert utc.isoformat() == "2021-03-23T07:40Z"
    india = read_when(dt.datetime(2021, 3, 23, 7, 40, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))))
    assert india.isoformat() == "2021-03-23T07:40+05:30"


def test_a_yaml_timestamp_with_seconds_other_than_zero_is_refused():
    with pytest.raises(DateProblem) as refused:
        read_when(dt.datetime(2021, 3, 23, 7, 40, 30))
    assert refused.value.message == "has seconds, which Backstory does not keep: '2021-03-23 07:40:30'"
    with pytest.raises(DateProblem):
        read_when(dt.datetime(2021, 3, 23, 7, 40, 0, 500))


# Zones ----------------------------------------------------------------------------------------


def test_the_site_zone_applies_to_a_time_written_without_one():
    when = read_when("2023-06-24 09:30", "Europe/Moscow")
    assert (when.zone, when.offset, when.isoformat()) == ("Europe/Moscow", 180, "2023-06-24T09:30+03:00")
    assert read_when(dt.datetime(2021, 3, 23, 7, 40), "Europe/Berlin").isoformat() == "2021-03-23T07:40+01:00"


def test_the_site_zone_gives_way_to_a_zone_or_offset_written():
    assert read_when("2023-06-24 09:30 Z", "Europe/Moscow").isoformat() == "2023-06-24T09:30Z"
    assert read_when("2023-06-24 09:30 +05:00", "Europe/Moscow").isoformat() == "2023-06-24T09:30+05:00"
    berlin = read_when("2023-06-24 09:30 Europe/Berlin", "Europe/Moscow")
    assert (berlin.zone, berlin.offset) == ("Europe/Berlin", 120)
    aware = dt.datetime(2021, 3, 23, 7, 40, tzinfo=dt.UTC)
    assert read_when(aware, "Europe/Moscow").isoformat() == "2021-03-23T07:40Z"


def test_a_part_of_the_day_is_placed_in_the_site_zone_but_shows_none():
    morning = read_when("2023-06-24 morning", "Europe/Moscow")
    assert (morning.offset, morning.zone) == (180, "Europe/Moscow")
    assert morning.isoformat() == "2023-06-24" and str(morning) == "2023-06-24 morning"


@pytest.mark.parametrize("written", ["1994", "2020-08", "2023-06-24"])
def test_the_site_zone_does_not_apply_without_a_time(written):
    when = read_when(written, "Europe/Moscow")
    assert (when.offset, when.zone) == (None, None)
    assert when == read_when(written)
    assert read_when(dt.date(2023, 6, 24), "Europe/Moscow") == When(2023, 6, 24)


@pytest.mark.parametrize(("written", "offset"), [
    ("2023-06-24 09:30 Europe/Moscow", 180),
    ("2023-01-15 09:30 Europe/Moscow", 180),  # no daylight saving since 2014
    ("2013-01-15 12:00 Europe/Moscow", 240),  # Moscow kept summer time all year in 2011-2014
    ("2023-01-15 12:00 Europe/Berlin", 60),
    ("2023-07-15 12:00 Europe/Berlin", 120),
    ("2023-03-26 03:30 Europe/Berlin", 120),  # the morning the clocks go forward
    ("2023-03-25 03:30 Europe/Berlin", 60),
])
def test_a_zone_gives_the_offset_it_had_on_that_day(written, offset):
    when = read_when(written)
    assert when.offset == offset
    sign, size = "+" if offset > 0 else "-", abs(offset)
    assert when.isoformat().endswith(f"{sign}{size // 60:02}:{size % 60:02}")


def test_check_zone():
    assert check_zone("Europe/Moscow") is None and check_zone("UTC") is None
    assert check_zone("Europe/Moskow") == "unknown time zone 'Europe/Moskow'"


# Order ----------------------------------------------------------------------------------------


def test_first_and_last_day_cover_what_was_written():
    assert (When(1994).first_day, When(1994).last_day) == (dt.date(1994, 1, 1), dt.date(1994, 12, 31))
    assert When(2024, 2).last_day == dt.date(2024, 2, 29) and When(2023, 2).last_day == dt.date(2023, 2, 28)
    assert When(2023, 6, 24, 570).last_day == dt.date(2023, 6, 24)
    morning = When(2023, 6, 24, part="morning").span
    assert morning[1] - morning[0] == 6 * 60 - 1
    start_of_day = When(2023, 6, 24).span[0]
    assert morning[0] == start_of_day + 6 * 60
    assert When(2023, 6, 24).span[1] == start_of_day + 24 * 60 - 1


def test_a_coarser_date_sorts_before_the_finer_dates_it_starts_with():
    assert When(2023) < When(2023, 1) < When(2023, 1, 1) < When(2023, 1, 1, 0, offset=0)
    assert When(2023, 6) < When(2023, 6, 1)
    assert When(2023, 5, 31) < When(2023, 6) < When(2023, 6, 2)
    assert When(2022, 12, 31, 23 * 60 + 59, offset=0) < When(2023)


def test_within_a_day_parts_and_times_sort_by_when_they_start():
    day = [When(2023, 6, 24), When(2023, 6, 24, 5 * 60), When(2023, 6, 24, part="morning"),
           When(2023, 6, 24, 9 * 60 + 30), When(2023, 6, 24, part="afternoon"),
           When(2023, 6, 24, part="evening"), When(2023, 6, 24, part="night"),
           When(2023, 6, 24, 23 * 60 + 30)]
    assert sorted(reversed(day)) == day


def test_a_guess_sorts_where_the_value_guessed_does():
    assert When(1994, approximate=True).key == When(1994).key
    assert When(1993, 12, 31) < When(1994, approximate=True) < When(1994, 1, 1)
    assert read_when("c. 2023-06-24 09:30 +03:00").key == read_when("2023-06-24 06:30 Z").key


def test_times_in_different_zones_sort_in_utc():
    moscow = read_when("2023-06-24 09:30 Europe/Moscow")  # 06:30 UTC
    utc = read_when("2023-06-24 08:00 Z")
    berlin = read_when("2023-06-24 07:45 Europe/Berlin")  # 05:45 UTC
    assert berlin < moscow < utc
    assert read_when("2023-06-24 09:30 +03:00").key == read_when("2023-06-24 06:30 Z").key
    # 01:00 on the 24th in Moscow is 22:00 on the 23rd in UTC: before 23:00 UTC on the 23rd.
    assert read_when("2023-06-24 01:00 Europe/Moscow") < read_when("2023-06-23 23:00 Z")


def test_a_part_of_the_day_is_in_the_zone_times_of_that_site_are_in():
    # On a site whose times are Moscow's, 20:00 is in the evening, which begins at 18:00.
    evening = read_when("2023-06-24 evening", "Europe/Moscow")
    eight_pm = read_when("2023-06-24 20:00", "Europe/Moscow")
    assert evening < eight_pm


# Timestamps for feeds and sitemaps ------------------------------------------------------------

STAMPS = [
    # written, rfc3339() (Atom), w3c() (sitemaps)
    ("1994", "1994-01-01T00:00:00Z", "1994"),
    ("c. 1994", "1994-01-01T00:00:00Z", "1994"),
    ("2020-08", "2020-08-01T00:00:00Z", "2020-08"),
    ("2023-06-24", "2023-06-24T00:00:00Z", "2023-06-24"),
    ("2023-06-24 evening", "2023-06-24T00:00:00Z", "2023-06-24"),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24T09:30:00+03:00", "2023-06-24T09:30+03:00"),
    ("2023-06-24 09:30 -05:30", "2023-06-24T09:30:00-05:30", "2023-06-24T09:30-05:30"),
    ("2023-06-24 09:30 Z", "2023-06-24T09:30:00Z", "2023-06-24T09:30Z"),
    # No zone known: Atom needs one and takes UTC; a sitemap says only the day.
    ("2023-06-24 09:30", "2023-06-24T09:30:00Z", "2023-06-24"),
]


@pytest.mark.parametrize(("written", "atom", "sitemap"), STAMPS)
def test_rfc3339_and_w3c_forms(written, atom, sitemap):
    when = read_when(written)
    assert (when.rfc3339(), when.w3c()) == (atom, sitemap)


# In front matter ------------------------------------------------------------------------------


def event_text(date: str, end: str | None = None) -> str:
    return f"---\ntitle: T\ndate: {date}\n" + (f"end: {end}\n" if end else "") + "summary: S\n---\n"


def test_a_refused_date_is_reported_at_its_field_with_its_name(parse):
    _, problems = parse("events/e.md", event_text("2021-3-23"))
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [
        ("content/events/e.md", 3, 7, "'date' needs two digits in its month: '2021-3-23'")]
    assert problems[0].hint.startswith("write 2021-03-23;")
    _, problems = parse("articles/a.md", "---\ntitle: T\ndate: 2021-03-20\nupdated: 2021-03-23 07:40:30\n"
                        "summary: S\n---\n")
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, 10, "'updated' has seconds, which Backstory does not keep: '2021-03-23 07:40:30'")]


def test_a_yaml_timestamp_keeps_its_time_in_front_matter(parse):
    record, problems = parse("articles/a.md", "---\ntitle: T\ndate: 2021-03-20\n"
                             "updated: 2021-03-23 07:40:00\nsummary: S\n---\n")
    assert problems == [] and record.updated == When(2021, 3, 23, 460)


@pytest.mark.parametrize(("date", "end", "refused"), [
    ("2023-06-24", "2023-06", False),  # June holds the 24th
    ("2023-06-24", "2023", False),
    ("2023-06", "2023-06-01", False),
    ("2023-06-24 09:30", "2023-06-24", False),
    ("2023-06-24 morning", "2023-06-24 10:00", False),
    ("2023-06-24 09:30", "2023-06-24 09:30", False),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24 07:00 Z", False),  # 06:30 UTC, then 07:00 UTC
    ("2023-06-24", "2023-05", True),
    ("2023-06-24", "2022", True),
    ("2023-06-24 evening", "2023-06-24 morning", True),
    ("2023-06-24 09:30", "2023-06-24 09:29", True),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24 08:00 +03:00", True),
    ("2023-06-24", "2023-06-23 23:00", True),
    ("c. 1994", "1993", True),
])
def test_an_end_is_refused_only_when_it_certainly_ends_before_the_start(parse, date, end, refused):
    record, problems = parse("events/e.md", event_text(date, end))
    expected = [(4, 6, f"'end' ({read_when(end)}) is before 'date' ({read_when(date)})")] if refused else []
    assert [(p.line, p.column, p.message) for p in problems] == expected
    assert record.end == read_when(end)


@pytest.mark.parametrize(("kind", "written", "right"), [
    ("organization", "born", "founded"), ("organization", "died", "dissolved"),
    ("state", "born", "founded"), ("media", "died", "dissolved"),
    ("person", "founded", "born"), ("person", "dissolved", "died"),
])
def test_the_wrong_life_field_for_a_kind_names_the_right_one(parse, kind, written, right):
    _, problems = parse("actors/x.md", f"---\nname: X\nkind: {kind}\nsummary: S\n{written}: 1990\n---\n")
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (5, 1)
    article = "an" if kind[0] in "aeiou" else "a"
    assert problems[0].message == f"'{written}' is not a field of {article} {kind}"
    assert f"write `{right}:`" in problems[0].hint


def test_an_actor_keeps_its_life_at_the_precision_written(parse):
    record, problems = parse("actors/x.md", "---\nname: X\nkind: person\nsummary: S\nborn: c. 1815\n"
                             "died: 1852-11\n---\n")
    assert problems == [] and (record.began, record.ended) == (When(1815, approximate=True), When(1852, 11))
    record, problems = parse("actors/y.md", "---\nname: Y\nkind: organization\nsummary: S\n"
                             "founded: 1660-11-28\ndissolved: 1650\n---\n")
    assert [(p.line, p.column, p.message, p.hint) for p in problems] == [
        (6, 12, "'dissolved' (1650) is before 'founded' (1660-11-28)", "check the two dates")]


@pytest.mark.parametrize("written", ["2023-06-24 09:30:00 +20:00", "2023-06-24 09:30:00 -18:01"])
def test_an_offset_yaml_read_in_a_timestamp_is_held_to_the_same_range(written):
    """YAML turns a timestamp with seconds into a datetime with any offset at all."""
    with pytest.raises(DateProblem) as refused:
        read_when(yaml.safe_load(f"when: {written}")["when"])
    assert refused.value.message.startswith("has an offset from UTC that no place has: '2023-06-24 09:30")
    assert read_when(yaml.safe_load("when: 2023-06-24 09:30:00 +18:00")["when"]).offset == 18 * 60
