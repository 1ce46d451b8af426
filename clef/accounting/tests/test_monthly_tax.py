"""The monthly tax to the CNC by the law's weeks (Code du cinéma, art. L115-3): a month
counts the cinema weeks ended in it, whole, even their days of the month before;
December stops on 31 December and January starts on 1 January; a week under two film
screenings (counted over the whole week) is shown but not taxed; nothing is due under
80 €. Every figure is worked out by hand below: the tax is 10.72 % of each screening's
takings, to the cent."""

import datetime as dt
from decimal import Decimal

import pytest

from clef.accounting.declaration_month import monthly_tax
from clef.programme.models import Screening

pytestmark = pytest.mark.django_db

D = Decimal
LATER = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def october(make_screening, sell, small_room):
    """Autumn 2026: one screening alone in the week of 14 October (10 €); the week from
    Wednesday 28 October to Tuesday 3 November has one screening on Friday 30 October
    (10 €) and one on Monday 2 November (20 €); a workshop (no film) on Thursday 15
    does not count."""
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


def starts(tax):
    return [w.week.start for w in tax.weeks]


def test_a_month_counts_the_weeks_ended_in_it(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert starts(tax) == [
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 7),
        dt.date(2026, 10, 14),
        dt.date(2026, 10, 21),
    ]
    assert (tax.covers_from, tax.covers_to) == (dt.date(2026, 9, 30), dt.date(2026, 10, 27))
    assert not any(w.split for w in tax.weeks)


def test_a_month_whose_first_week_began_the_month_before_counts_it_whole(venue, october):
    """The week of 28 October ends on 3 November: its Friday 30 October (10 €, tax
    1.07) and its Monday 2 November (20 €, tax 2.14) are November's; October has none of
    them."""
    november = monthly_tax(venue, 2026, 11, now=LATER)
    assert starts(november) == [
        dt.date(2026, 10, 28),
        dt.date(2026, 11, 4),
        dt.date(2026, 11, 11),
        dt.date(2026, 11, 18),
    ]  # the week of 25 November ends on 1 December: December's
    first = november.weeks[0]
    assert (first.first, first.last, first.split) == (
        dt.date(2026, 10, 28),
        dt.date(2026, 11, 3),
        False,
    )
    assert (first.screenings, first.taxed, first.in_month) == (2, True, 2)
    assert (first.receipts, first.tsa, first.due) == (D("30.00"), D("3.21"), D("3.21"))
    # the month's tax is the rate applied once to its taxed takings: 10.72 % of 30.00 =
    # 3.216, so 3.22, a cent more than the screenings' statements rounded each (3.21)
    assert (november.receipts, november.tsa, november.weeks_tsa) == (
        D("30.00"),
        D("3.22"),
        D("3.21"),
    )
    october = monthly_tax(venue, 2026, 10, now=LATER)
    assert (october.receipts, october.tsa) == (D("10.00"), D("0.00"))  # the lonely week


def test_a_week_with_one_screening_is_shown_but_not_taxed(venue, october):
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    lonely = tax.weeks[2]
    assert lonely.week.start == dt.date(2026, 10, 14)
    assert (lonely.screenings, lonely.taxed, lonely.in_month) == (1, False, 1)
    assert (lonely.receipts, lonely.tsa, lonely.due) == (D("10.00"), D("1.07"), D("0.00"))
    assert tax.untaxed_weeks == tax.weeks  # the others had no screening at all
    assert (tax.taxed_receipts, tax.untaxed_receipts, tax.tsa) == (
        D("0.00"),
        D("10.00"),
        D("0.00"),
    )


def test_the_minimum_of_screenings_is_a_setting(venue, october, settings):
    settings.CLEF_TSA_MIN_SCREENINGS_PER_WEEK = 1
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert [w.taxed for w in tax.weeks] == [False, False, True, False]
    assert tax.tsa == D("1.07")


@pytest.fixture
def new_year(make_screening, sell):
    """The week from Wednesday 30 December 2026 to Tuesday 5 January 2027: New Year's
    Eve at 23:30 in Paris (22:30 UTC, 10 €) and 00:30 on 1 January (23:30 UTC on the
    31st, 5 €), one screening each side of midnight; 20 € on Tuesday 5 January."""
    eve = make_screening(dt.date(2026, 12, 31), "23:30")
    night = make_screening(dt.date(2027, 1, 1), "00:30")
    tuesday = make_screening(dt.date(2027, 1, 5), "20:00")
    sell(eve, "10")
    sell(night, "5")
    sell(tuesday, "20")
    return eve, night, tuesday


def test_the_week_across_the_new_year_is_split_by_day(venue, new_year):
    december = monthly_tax(venue, 2026, 12, now=LATER)
    january = monthly_tax(venue, 2027, 1, now=LATER)
    assert starts(december) == [
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
        dt.date(2026, 12, 16),
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 30),
    ]
    assert starts(january) == [
        dt.date(2026, 12, 30),
        dt.date(2027, 1, 6),
        dt.date(2027, 1, 13),
        dt.date(2027, 1, 20),
    ]  # the week of 27 January ends on 2 February: February's
    eve_part, night_part = december.weeks[-1], january.weeks[0]
    assert (eve_part.first, eve_part.last) == (dt.date(2026, 12, 30), dt.date(2026, 12, 31))
    assert (night_part.first, night_part.last) == (dt.date(2027, 1, 1), dt.date(2027, 1, 5))
    assert eve_part.split and eve_part.up_to_new_year and not eve_part.from_new_year
    assert night_part.split and night_part.from_new_year and not night_part.up_to_new_year
    # counted over the whole week, three screenings: both parts are taxed
    assert (eve_part.screenings, eve_part.taxed, eve_part.in_month) == (3, True, 1)
    assert (night_part.screenings, night_part.taxed, night_part.in_month) == (3, True, 2)
    assert (december.receipts, december.tsa) == (D("10.00"), D("1.07"))
    assert (january.receipts, january.tsa) == (D("25.00"), D("2.68"))  # 0.54 + 2.14
    assert (december.covers_from, december.covers_to) == (
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 31),
    )
    assert (january.covers_from, january.covers_to) == (dt.date(2027, 1, 1), dt.date(2027, 1, 26))


def test_a_screening_each_side_of_the_new_year_makes_the_week_taxed(venue, make_screening, sell):
    sell(make_screening(dt.date(2026, 12, 31), "23:30"), "10")
    sell(make_screening(dt.date(2027, 1, 1), "00:30"), "5")
    december = monthly_tax(venue, 2026, 12, now=LATER)
    january = monthly_tax(venue, 2027, 1, now=LATER)
    assert (december.weeks[-1].screenings, december.weeks[-1].taxed) == (2, True)
    assert (december.tsa, january.tsa) == (D("1.07"), D("0.54"))


def test_films_on_the_x_list_are_taxed_at_their_own_rate(venue, make_screening, make_film, sell):
    """In the week of 21 October: 25 € for a film (10.72 %: 2.68) and 25 € for a film on
    the X list (16.08 %: 4.02)."""
    sell(make_screening(dt.date(2026, 10, 22), "20:00"), "10", "15")
    x_film = make_film("Exhibition", x_rated=True)
    sell(make_screening(dt.date(2026, 10, 23), "22:00", films=[x_film]), "25")
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert [(r.rate, r.receipts, r.tax) for r in tax.rates] == [
        (D("10.72"), D("25.00"), D("2.68")),
        (D("16.08"), D("25.00"), D("4.02")),
    ]
    assert (tax.tsa, tax.weeks_tsa) == (D("6.70"), D("6.70"))


def test_nothing_is_due_under_80_euros(venue, october):
    tax = monthly_tax(venue, 2026, 11, now=LATER)
    assert (tax.tsa, tax.threshold) == (D("3.22"), D("80"))
    assert tax.below_threshold
    assert tax.due == D("0.00")
    assert not tax.provisional


def test_the_tax_is_due_from_80_euros(venue, october, make_screening, sell, settings):
    """In the week of 21 October: 740 € on Thursday 22 (tax 79.33) and 10 € on Saturday
    24 (1.07): 80.40 €, due. The lonely week's 1.07 is not taxed; Friday 30 October is
    November's."""
    busy = make_screening(dt.date(2026, 10, 22), "20:00")
    sell(busy, *["10"] * 74)
    sell(make_screening(dt.date(2026, 10, 24), "16:00"), "10")
    tax = monthly_tax(venue, 2026, 10, now=LATER)
    assert (tax.weeks[-1].screenings, tax.weeks[-1].tsa) == (2, D("80.40"))
    assert (tax.receipts, tax.tsa) == (D("760.00"), D("80.40"))
    assert not tax.below_threshold
    assert tax.due == D("80.40")
    settings.CLEF_TSA_MONTHLY_THRESHOLD = D("80.41")
    assert monthly_tax(venue, 2026, 10, now=LATER).due == D("0.00")
    settings.CLEF_TSA_MONTHLY_THRESHOLD = D("80.40")
    assert monthly_tax(venue, 2026, 10, now=LATER).due == D("80.40")


def test_a_month_is_final_once_its_last_week_has_ended(venue, october):
    """October's last week ends on Tuesday 27 October: on the 28th October is final,
    though November's first week has begun; November is provisional until 24 November
    is over."""
    morning = dt.datetime(2026, 10, 28, 9, tzinfo=dt.UTC)
    assert not monthly_tax(venue, 2026, 10, now=morning).provisional
    november = monthly_tax(venue, 2026, 11, now=dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC))
    assert november.provisional
    assert not november.weeks[0].complete
    assert november.weeks[0].screenings == 1  # Monday's screening is still to come at noon
    assert not november.weeks[0].taxed


def test_the_monthly_tax_takes_four_queries(venue, october, new_year, django_assert_num_queries):
    with django_assert_num_queries(4):
        monthly_tax(venue, 2026, 11, now=LATER)
    with django_assert_num_queries(4):
        monthly_tax(venue, 2027, 1, now=LATER)
