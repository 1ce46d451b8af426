"""Fixtures for workshops: a workshop made to measure, the usual one, a child registered."""

import datetime as dt

import pytest

from clef.programme.models import Screening
from clef.tickets import workshops


@pytest.fixture
def make_workshop(make_screening, venue):
    """``make_workshop(days=4, time="14:30", **fields)``: a free workshop, published, in
    ``days`` days."""

    def make(*, days=4, time="14:30", **fields):
        return make_screening(
            venue.local_date() + dt.timedelta(days=days),
            time,
            kind=Screening.Kind.WORKSHOP,
            pricing=Screening.Pricing.FREE,
            **fields,
        )

    return make


@pytest.fixture
def workshop(make_workshop):
    """A workshop for children of 6 to 10, with two places, in four days at 14:30."""
    return make_workshop(age_min=6, age_max=10, online_quota=2)


@pytest.fixture
def register_child(db):
    """``register_child(workshop, "Ada", age=8, **fields)``: a child registered by Sam
    Parent, whose address is typed with capitals (Sam@Example.org) and taken as confirmed
    unless ``confirmed=False`` (then the place waits for the link sent by email)."""

    def register(workshop, name, age=8, **fields):
        fields.setdefault("confirmed", True)
        return workshops.register(
            workshop,
            child_first_name=name,
            child_age=age,
            guardian_name="Sam Parent",
            guardian_phone="06 00 00 00 00",
            guardian_email="Sam@Example.org",
            photo_consent=True,
            **fields,
        )

    return register
