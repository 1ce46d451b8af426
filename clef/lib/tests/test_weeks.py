import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from clef.lib.weeks import CinemaWeek


def test_it_starts_the_week_on_wednesday():
    week = CinemaWeek.containing(dt.date(2026, 11, 21))  # a Saturday
    assert week.start == dt.date(2026, 11, 18)
    assert week.end == dt.date(2026, 11, 24)
    assert week.start.strftime("%A") == "Wednesday"
    assert week.end.strftime("%A") == "Tuesday"


def test_a_tuesday_belongs_to_the_week_begun_the_wednesday_before():
    assert CinemaWeek.containing(dt.date(2026, 11, 24)).start == dt.date(2026, 11, 18)
    assert CinemaWeek.containing(dt.date(2026, 11, 25)).start == dt.date(2026, 11, 25)


def test_a_week_crossing_a_month_end():
    week = CinemaWeek.containing(dt.date(2026, 12, 1))
    assert week.start == dt.date(2026, 11, 25)
    assert week.days == [
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 26),
        dt.date(2026, 11, 27),
        dt.date(2026, 11, 28),
        dt.date(2026, 11, 29),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 1),
    ]
    assert week.next.start == dt.date(2026, 12, 2)


def test_a_week_crossing_a_year_end():
    week = CinemaWeek.containing(dt.date(2027, 1, 2))
    assert week.start == dt.date(2026, 12, 30)
    assert week.end == dt.date(2027, 1, 5)
    assert dt.date(2026, 12, 31) in week
    assert dt.date(2027, 1, 6) not in week
    assert week.previous.start == dt.date(2026, 12, 23)


def test_another_start_day_can_be_set():
    monday_week = CinemaWeek.containing(dt.date(2026, 11, 21), start_weekday=0)
    assert monday_week.start == dt.date(2026, 11, 16)


@given(st.dates(min_value=dt.date(1973, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_falls_in_exactly_one_week_that_starts_on_a_wednesday(day):
    week = CinemaWeek.containing(day)
    assert week.start.weekday() == 2
    assert day in week
    assert day not in week.previous and day not in week.next
    assert (week.end - week.start).days == 6


def test_the_week_number_counts_cinema_weeks_from_the_one_holding_4_january():
    assert CinemaWeek(dt.date(2026, 11, 18)).numbered == (2026, 47)
    # From Wednesday 31 December 2025: most of its days are in 2026.
    assert CinemaWeek(dt.date(2025, 12, 31)).numbered == (2026, 1)
    assert CinemaWeek(dt.date(2025, 12, 24)).numbered == (2025, 52)
    # From Wednesday 29 December 2027: its Saturday is 1 January 2028.
    assert CinemaWeek(dt.date(2027, 12, 29)).numbered == (2028, 1)
    # From Wednesday 30 December 2026: Saturday 2 January 2027.
    assert CinemaWeek(dt.date(2026, 12, 30)).numbered == (2027, 1)
    assert CinemaWeek(dt.date(2026, 12, 23)).numbered == (2026, 52)
    # 2020 has 53: its week from Wednesday 30 December 2020 holds Saturday 2 January 2021.
    assert CinemaWeek(dt.date(2020, 12, 23)).numbered == (2020, 52)
    assert CinemaWeek(dt.date(2020, 12, 30)).numbered == (2021, 1)
    assert (CinemaWeek(dt.date(2026, 11, 18)).year, CinemaWeek(dt.date(2026, 11, 18)).number) == (
        2026,
        47,
    )


def test_a_year_with_53_cinema_weeks():
    # 2022 begins on a Saturday: the week from Wednesday 29 December 2021 is its first,
    # the week from Wednesday 28 December 2022 (Saturday 31 December) its 53rd.
    assert CinemaWeek(dt.date(2021, 12, 29)).numbered == (2022, 1)
    assert CinemaWeek(dt.date(2022, 12, 28)).numbered == (2022, 53)
    assert CinemaWeek(dt.date(2023, 1, 4)).numbered == (2023, 1)


@given(st.dates(min_value=dt.date(1973, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_the_next_week_is_numbered_one_more_or_the_first_of_the_next_year(day):
    week = CinemaWeek.containing(day)
    year, number = week.numbered
    following = week.next.numbered
    assert 1 <= number <= 53
    assert year == (week.start + dt.timedelta(days=3)).year
    assert following in ((year, number + 1), (year + 1, 1))
    if following == (year + 1, 1):
        assert number in (52, 53)


def test_the_week_number_follows_the_weeks_start_day():
    # A Monday-to-Sunday week is the ISO week.
    for day in (dt.date(2026, 11, 18), dt.date(2027, 1, 1), dt.date(2020, 12, 31)):
        week = CinemaWeek.containing(day, start_weekday=0)
        assert week.numbered == tuple(week.start.isocalendar())[:2]
