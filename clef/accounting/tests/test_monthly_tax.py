"""The monthly tax to the CNC: weeks with fewer than two screenings untaxed (counted over
the whole week, across the month's end), the month decided by the screening's local
date, nothing due under 80 €."""

import datetime as dt
from decimal import Decimal

import pytest

from clef.accounting.declarations import monthly_tax
from clef.programme.models import Screening

pytestmark = pytest.mark.django_db

D = Decimal
LATER = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def october(make_screening, sell, small_room):
    """October 2026: one screening alone in the week of 14 October (10 €); the week of
    28 October has one screening on Friday 30 (10 €) and one on Monday 2 November
    (20 €); a workshop (no film) on Thursday 15 does not count."""
    alone = make_screening(dt.date(2026, 10, 15), "20:00")
    make_screening(
        dt.date(2026, 10, 15), "14:00", films=[], duration=60, kind=Screening.Kind.WORKSHOP
    )
    friday = make_screening(dt.date(2026, 10, 30), "20:00")
    monday = make_screening(dt.date(2026, 11, 2), "20:00", room=small_room)
    sell(alone, "10")
    sell(friday, "10")
    sell(monday, "20")
    return alone, friday, monday


def test_a_week_with_one_screening_is_shown_but_not_taxed(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert [w.week.start for w in tax.weeks] == [
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 7),
        dt.date(2026, 10, 14),
        dt.date(2026, 10, 21),
        dt.date(2026, 10, 28),
    ]
    lonely = tax.weeks[2]
    assert (lonely.screenings, lonely.taxed, lonely.in_month) == (1, False, 1)
    assert (lonely.receipts, lonely.tsa, lonely.due) == (D("10.00"), D("1.07"), D("0.00"))
    assert tax.untaxed_receipts == D("10.00")


def test_a_week_across_the_month_end_counts_its_screenings_over_the_whole_week(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    straddling = tax.weeks[-1]
    assert (straddling.screenings, straddling.taxed, straddling.in_month) == (2, True, 1)
    assert (straddling.receipts, straddling.tsa, straddling.due) == (
        D("10.00"),
        D("1.07"),
        D("1.07"),
    )
    november = monthly_tax(venue, 2026, 11, now=LATER)
    first = november.weeks[0]
    assert first.week.start == dt.date(2026, 10, 28)
    assert (first.screenings, first.taxed, first.in_month) == (2, True, 1)
    assert (first.receipts, first.tsa) == (D("20.00"), D("2.14"))


def test_nothing_is_due_under_80_euros(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert (tax.receipts, tax.taxed_receipts, tax.tsa) == (D("20.00"), D("10.00"), D("1.07"))
    assert tax.below_threshold
    assert tax.due == D("0.00")
    assert not tax.provisional


def test_the_tax_is_due_from_80_euros(venue, october, make_screening, sell, settings):
    busy = make_screening(dt.date(2026, 10, 29), "20:00")
    sell(busy, *["10"] * 74)  # 740 €: tax 79.33
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert tax.weeks[-1].screenings == 3
    assert tax.tsa == D("80.40")  # 79.33 + 1.07
    assert not tax.below_threshold
    assert tax.due == D("80.40")
    settings.CLEF_TSA_MONTHLY_THRESHOLD = D("80.41")
    assert monthly_tax(venue, 2026, 10, now=LATER).due == D("0.00")
    settings.CLEF_TSA_MONTHLY_THRESHOLD = D("80.40")
    assert monthly_tax(venue, 2026, 10, now=LATER).due == D("80.40")


def test_the_minimum_of_screenings_is_a_setting(venue, october, settings):
    settings.CLEF_TSA_MIN_SCREENINGS_PER_WEEK = 1
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert [w.taxed for w in tax.weeks] == [False, False, True, False, True]
    assert tax.tsa == D("2.14")


def test_the_month_of_a_screening_is_its_local_date(venue, make_screening, sell):
    """New Year's Eve at 23:30 in Paris is 22:30 UTC: December, whatever UTC says; 00:30
    on 1 January is 23:30 UTC on the 31st: January."""
    eve = make_screening(dt.date(2026, 12, 31), "23:30")
    night = make_screening(dt.date(2027, 1, 1), "00:30")
    sell(eve, "10")
    sell(night, "5")
    december = monthly_tax(venue, 2026, 12, now=LATER)
    january = monthly_tax(venue, 2027, 1, now=LATER)
    assert december.weeks[-1].week.start == january.weeks[0].week.start == dt.date(2026, 12, 30)
    assert (december.weeks[-1].screenings, december.weeks[-1].in_month) == (2, 1)
    assert (december.receipts, december.tsa) == (D("10.00"), D("1.07"))
    assert (january.receipts, january.tsa) == (D("5.00"), D("0.54"))


def test_a_month_whose_last_week_is_not_over_is_provisional(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC))
    assert tax.provisional
    assert not tax.weeks[-1].complete
    assert tax.weeks[-1].screenings == 1  # Monday's screening is still to come at noon
    assert not tax.weeks[-1].taxed


def test_the_monthly_tax_takes_four_queries(venue, october, django_assert_num_queries):
    with django_assert_num_queries(4):
        monthly_tax(venue, 2026, 10, now=LATER)
