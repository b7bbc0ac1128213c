"""How dates read on pages: one date at the precision written, and ranges that say what both ends
share only once, or two whole dates where they share nothing that can be said once."""

from __future__ import annotations

import datetime as dt

import pytest

from backstory.content.datefields import read_when
from backstory.content.when import When
from backstory.pages.dates import date_span, format_date, format_range


@pytest.mark.parametrize(("written", "shown"), [
    ("1994", "1994"),
    ("c. 1994", "c. 1994"),
    ("2020-08", "August 2020"),
    ("c. 2020-08", "c. August 2020"),
    ("2023-06-24", "24 June 2023"),
    ("2023-06-01", "1 June 2023"),
    ("c. 2023-06-24", "c. 24 June 2023"),
    ("2023-06-24 morning", "morning of 24 June 2023"),
    ("2023-06-24 afternoon", "afternoon of 24 June 2023"),
    ("2023-06-24 night", "night of 24 June 2023"),
    ("2023-06-24 09:30 Europe/Moscow", "24 June 2023, 09:30 MSK"),
    ("2023-06-24 09:30 +03:00", "24 June 2023, 09:30 UTC+3"),
    ("2023-06-24 09:30 +05:30", "24 June 2023, 09:30 UTC+5:30"),
    ("2023-06-24 09:30 -03:00", "24 June 2023, 09:30 UTC-3"),
    ("2023-06-24 09:30 Z", "24 June 2023, 09:30 UTC"),
    ("2023-06-24 09:30 UTC", "24 June 2023, 09:30 UTC"),
    ("2023-06-24 09:30", "24 June 2023, 09:30"),
    ("2023-06-24 00:05", "24 June 2023, 00:05"),
    ("2023-01-15 12:00 Europe/Berlin", "15 January 2023, 12:00 CET"),
    ("2023-07-15 12:00 Europe/Berlin", "15 July 2023, 12:00 CEST"),
    ("2023-07-15 12:00 Europe/London", "15 July 2023, 12:00 BST"),
    ("2023-01-15 12:00 Europe/London", "15 January 2023, 12:00 GMT"),
    # A zone without a word for its time (tzdata writes "-03"): the offset.
    ("2023-06-24 09:30 America/Sao_Paulo", "24 June 2023, 09:30 UTC-3"),
])
def test_one_date_reads_at_its_precision(written, shown):
    assert format_date(read_when(written)) == shown


def test_format_date_takes_plain_days_years_and_nothing():
    assert format_date(dt.date(2023, 6, 24)) == "24 June 2023"
    assert format_date(1994) == "1994"
    assert format_date(None) == ""


def test_the_site_zone_is_shown_with_a_time_it_gave():
    assert format_date(read_when("2023-06-24 09:30", "Europe/Moscow")) == "24 June 2023, 09:30 MSK"
    assert format_date(read_when("2023-06-24", "Europe/Moscow")) == "24 June 2023"


RANGES = [
    # start, end, start_text, separator, end_text
    ("2023-06-23", "2023-06-24", "23", "–", "24 June 2023"),
    ("2023-06-30", "2023-07-02", "30 June", " – ", "2 July 2023"),
    ("2022-12-30", "2023-01-02", "30 December 2022", " – ", "2 January 2023"),
    ("2021-06", "2021-07", "June", "–", "July 2021"),
    ("2020-12", "2021-01", "December 2020", " – ", "January 2021"),
    ("1994", "1996", "1994", "–", "1996"),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24 18:00 Europe/Moscow", "24 June 2023, 09:30", "–",
     "18:00 MSK"),
    ("2023-06-24 09:30 +03:00", "2023-06-24 18:00 +03:00", "24 June 2023, 09:30", "–", "18:00 UTC+3"),
    ("2023-06-24 09:30", "2023-06-24 18:00", "24 June 2023, 09:30", "–", "18:00"),
    ("2023-06-24 morning", "2023-06-24 evening", "morning", "–", "evening of 24 June 2023"),
    ("2023-06-23 evening", "2023-06-24 evening", "evening of 23 June", " – ", "evening of 24 June 2023"),
    ("2023-06-30 night", "2023-07-01 morning", "night of 30 June", " – ", "morning of 1 July 2023"),
    # Times on two days of one year and zone: the year and the zone said once.
    ("2021-03-23 07:40 Europe/Kaliningrad", "2021-03-29 19:00 Europe/Kaliningrad", "23 March, 07:40", " – ",
     "29 March 2021, 19:00 EET"),
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-25 10:00 Europe/Moscow", "24 June, 09:30", " – ",
     "25 June 2023, 10:00 MSK"),
    # Nothing to say once: two whole dates.
    ("2022-12-31 evening", "2023-01-01 morning", "evening of 31 December 2022", " – ",
     "morning of 1 January 2023"),
    ("2022-12-31 22:00 Europe/Moscow", "2023-01-01 02:00 Europe/Moscow", "31 December 2022, 22:00 MSK",
     " – ", "1 January 2023, 02:00 MSK"),
    # Two zones on one day: each time with its own.
    ("2023-06-24 09:30 Europe/Moscow", "2023-06-24 18:00 Z", "24 June 2023, 09:30 MSK", " – ",
     "24 June 2023, 18:00 UTC"),
    ("2023-06-24 09:30 +03:00", "2023-06-24 18:00 Europe/Moscow", "24 June 2023, 09:30 UTC+3", " – ",
     "24 June 2023, 18:00 MSK"),
    # The clocks went forward between the two: CET, then CEST.
    ("2023-03-26 01:00 Europe/Berlin", "2023-03-26 12:00 Europe/Berlin", "26 March 2023, 01:00 CET", " – ",
     "26 March 2023, 12:00 CEST"),
]


@pytest.mark.parametrize(("start", "end", "start_text", "separator", "end_text"), RANGES)
def test_a_range_says_what_both_ends_share_once(start, end, start_text, separator, end_text):
    span = date_span(read_when(start), read_when(end))
    assert (span.start_text, span.separator, span.end_text) == (start_text, separator, end_text)
    assert span.text == start_text + separator + end_text
    assert (span.start, span.end) == (read_when(start), read_when(end))


@pytest.mark.parametrize(("start", "end"), [
    ("2023-06-24", "2023-06-24 morning"),
    ("2023-06-24 morning", "2023-06-24 18:00"),
    ("2023-06-24 09:30", "2023-06-24 evening"),
    ("2023-06", "2023-07-02"),
    ("1994", "1996-05"),
    ("2023-06-23", "2023-06-24 09:30 Europe/Moscow"),
    ("1991", "2023-08-23"),
])
def test_a_range_of_mixed_precisions_is_two_whole_dates(start, end):
    first, last = read_when(start), read_when(end)
    span = date_span(first, last)
    assert (span.start_text, span.separator, span.end_text) == (format_date(first), " – ", format_date(last))


@pytest.mark.parametrize(("start", "end", "text"), [
    ("c. 1994", "1996", "c. 1994 – 1996"),
    ("1994", "c. 1996", "1994 – c. 1996"),
    ("c. 1994", "c. 1996", "c. 1994 – c. 1996"),
    ("c. 2021-06", "2021-07", "c. June 2021 – July 2021"),
    ("c. 2023-06-23", "c. 2023-06-24", "c. 23 June 2023 – c. 24 June 2023"),
])
def test_a_guess_keeps_its_mark_on_its_own_end(start, end, text):
    assert format_range(read_when(start), read_when(end)) == text


def test_a_single_date_or_a_range_to_the_same_date_is_one_date():
    for written in ("1994", "2020-08", "2023-06-24 morning", "2023-06-24 09:30 Europe/Moscow"):
        when = read_when(written)
        for end in (None, when):
            span = date_span(when, end)
            assert (span.end, span.end_text, span.separator) == (None, "", "")
            assert span.text == format_date(when)


def test_ranges_take_plain_days():
    assert format_range(dt.date(2023, 6, 23), dt.date(2023, 6, 24)) == "23–24 June 2023"
    assert format_range(When(2023, 6, 30), None) == "30 June 2023"
    assert format_range(dt.date(1991, 11, 29), When(1991, 12, 1)) == "29 November – 1 December 1991"


def test_a_range_names_its_zone_once_only_when_both_ends_are_in_it():
    """IST is India's and Ireland's: 20:00 in Kolkata to 18:00 in Dublin is no "20:00–18:00"."""
    kolkata = read_when("2023-06-24 20:00 Asia/Kolkata")
    dublin = read_when("2023-06-24 18:00 Europe/Dublin")
    assert format_range(kolkata, dublin) == "24 June 2023, 20:00 IST – 24 June 2023, 18:00 IST"
    moscow = read_when("2023-06-24 09:30 Europe/Moscow")
    evening = read_when("2023-06-24 18:00 Europe/Moscow")
    assert format_range(moscow, evening) == "24 June 2023, 09:30–18:00 MSK"
