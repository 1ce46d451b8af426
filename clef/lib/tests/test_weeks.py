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
