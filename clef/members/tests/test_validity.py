"""How long a membership lasts, and which amounts the scale takes."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from clef.members.services import MembershipRefused, parse_amount, validity


def test_a_membership_lasts_twelve_months_from_payment(venue):
    assert validity(venue, paid_on=dt.date(2026, 11, 21)) == (
        2026,
        dt.date(2026, 11, 21),
        dt.date(2027, 11, 20),
    )


def test_a_membership_paid_at_the_end_of_a_month_ends_the_day_before(venue):
    assert validity(venue, paid_on=dt.date(2026, 1, 31))[2] == dt.date(2027, 1, 30)
    assert validity(venue, paid_on=dt.date(2027, 3, 1))[2] == dt.date(2028, 2, 29)
    assert validity(venue, paid_on=dt.date(2028, 2, 29))[2] == dt.date(2029, 2, 28)
    venue.membership_months = 1
    assert validity(venue, paid_on=dt.date(2026, 1, 31))[2] == dt.date(2026, 2, 28)


def test_a_renewal_starts_the_day_after_the_current_one_ends(venue):
    current = SimpleNamespace(ends_on=dt.date(2027, 3, 1), season=2026)
    assert validity(venue, paid_on=dt.date(2027, 2, 20), renewing=current) == (
        2027,
        dt.date(2027, 3, 2),
        dt.date(2028, 3, 1),
    )


def test_a_season_runs_from_its_first_month_for_a_year(venue):
    venue.membership_validity = "season"
    venue.season_start_month = 9
    assert validity(venue, paid_on=dt.date(2026, 11, 21)) == (
        2026,
        dt.date(2026, 11, 21),
        dt.date(2027, 8, 31),
    )
    assert validity(venue, paid_on=dt.date(2027, 3, 2))[0] == 2026
    current = SimpleNamespace(ends_on=dt.date(2027, 8, 31), season=2026)
    assert validity(venue, paid_on=dt.date(2027, 8, 20), renewing=current) == (
        2027,
        dt.date(2027, 9, 1),
        dt.date(2028, 8, 31),
    )


@pytest.mark.parametrize(
    ("raw", "expected"), [("5", "5.00"), ("15", "15.00"), ("7,50", "7.50"), (" 10 ", "10.00")]
)
def test_it_takes_an_amount_within_the_scale(venue, raw, expected):
    assert parse_amount(venue, raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("4.99", "amount_out_of_scale"),
        ("15.01", "amount_out_of_scale"),
        ("7.555", "amount_decimals"),
        ("dix", "amount_invalid"),
        ("NaN", "amount_invalid"),
        ("١٠", "amount_invalid"),
        ("", "amount_invalid"),
    ],
)
def test_it_refuses_an_amount_outside_the_scale(venue, raw, code):
    with pytest.raises(MembershipRefused) as refused:
        parse_amount(venue, raw)
    assert refused.value.code == code


def test_a_solidarity_amount_is_taken_when_the_venue_offers_it(venue):
    venue.membership_solidarity = Decimal("1.00")
    assert parse_amount(venue, "1") == Decimal("1.00")
    with pytest.raises(MembershipRefused):
        parse_amount(venue, "3")
    with pytest.raises(MembershipRefused):
        parse_amount(venue, "0.50")
