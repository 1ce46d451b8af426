"""The weeks a month's tax covers by law (``lib.weeks.weeks_of_month``): plain dates, no
database. Month after month, every day is counted once and only once."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from clef.lib.weeks import CinemaWeek, months_counting, weeks_of_month


def days_of(year, month, start_weekday):
    return [
        part.first + dt.timedelta(days=n)
        for part in weeks_of_month(year, month, start_weekday)
        for n in range((part.last - part.first).days + 1)
    ]


@given(year=st.integers(2000, 2100), start_weekday=st.integers(0, 6))
def test_every_day_of_a_year_is_counted_in_one_month_only(year, start_weekday):
    days = [d for month in range(1, 13) for d in days_of(year, month, start_weekday)]
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    assert days == [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@given(year=st.integers(2000, 2100), month=st.integers(1, 12), start_weekday=st.integers(0, 6))
def test_a_week_counts_in_the_month_it_ends_unless_the_new_year_splits_it(
    year, month, start_weekday
):
    for part in weeks_of_month(year, month, start_weekday):
        assert part.week.start.weekday() == start_weekday
        if part.split:
            assert part.week.start.year < part.week.end.year
            assert (part.first, part.last) in (
                (part.week.start, dt.date(part.week.start.year, 12, 31)),
                (dt.date(part.week.end.year, 1, 1), part.week.end),
            )
        else:
            assert (part.last.year, part.last.month) == (year, month)


def test_the_week_of_28_october_2026_counts_in_november():
    (first, *_rest) = weeks_of_month(2026, 11)
    assert (first.first, first.last, first.split) == (
        dt.date(2026, 10, 28),
        dt.date(2026, 11, 3),
        False,
    )


def test_a_week_ending_on_31_december_is_not_split():
    """2024: the week from Wednesday 25 to Tuesday 31 December ends the year."""
    december = weeks_of_month(2024, 12)
    assert (december[-1].first, december[-1].last) == (dt.date(2024, 12, 25), dt.date(2024, 12, 31))
    january = weeks_of_month(2025, 1)
    assert (january[0].first, january[0].split) == (dt.date(2025, 1, 1), False)


@given(day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), start_weekday=st.integers(0, 6))
def test_a_week_links_the_months_whose_tax_counts_it(day, start_weekday):
    week = CinemaWeek.containing(day, start_weekday)
    months = months_counting(week)
    for year, month in {(d.year, d.month) for d in week.days}:
        counted = week in [part.week for part in weeks_of_month(year, month, start_weekday)]
        assert counted == ((year, month) in months)
