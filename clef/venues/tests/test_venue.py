import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from clef.venues.models import Venue


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def errors(venue):
    with pytest.raises(ValidationError) as error:
        venue.full_clean()
    return error.value.message_dict


def test_a_new_venue_takes_the_rates_from_the_settings(venue):
    assert (venue.vat_rate, venue.tsa_rate, venue.tsa_rate_x, venue.music_rights_rate) == (
        Decimal("5.5"),
        Decimal("10.72"),
        Decimal("16.08"),
        Decimal("1.27"),
    )
    assert (venue.membership_floor, venue.membership_ceiling) == (Decimal(5), Decimal(15))


def test_the_rates_follow_the_environment_for_new_venues(settings, db):
    settings.CLEF_DEFAULT_RATES = {**settings.CLEF_DEFAULT_RATES, "tsa_rate": Decimal("11")}
    venue = Venue.objects.create(slug="x", name="X", street="1 rue", postcode="1", city="Y")
    assert venue.tsa_rate == Decimal("11")


def test_an_unknown_time_zone_is_refused(venue):
    venue.timezone = "Europe/Pariss"
    assert errors(venue) == {
        "timezone": ["“Europe/Pariss” is not a time zone: write it like Europe/Paris."]
    }


@pytest.mark.parametrize("days", ["", "78", "2234", "mercredi"])
def test_open_days_are_digits_from_monday_to_sunday_each_once(venue, days):
    venue.open_days = days
    assert "open_days" in errors(venue)


def test_a_rate_over_a_hundred_percent_is_refused(venue):
    venue.tsa_rate = Decimal("110")
    assert "tsa_rate" in errors(venue)


def test_the_membership_ceiling_is_not_below_the_floor(venue):
    venue.membership_floor, venue.membership_ceiling = Decimal(15), Decimal(5)
    assert errors(venue) == {"membership_ceiling": ["The highest membership is below the lowest."]}


def test_open_days_read_as_a_range_or_a_list(venue):
    assert venue.open_days_text() == "Wednesday to Sunday"
    venue.open_days = "024"
    assert venue.open_days_text() == "Monday, Wednesday, Friday"
    assert venue.is_open_on(dt.date(2026, 11, 23)) is True  # a Monday
    assert venue.is_open_on(dt.date(2026, 11, 24)) is False
