"""Fixtures for the till: a till, an open session, the bar's products, a screening
starting soon."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.boxoffice import sessions
from clef.boxoffice.models import Product, Till


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Caisse du hall")


@pytest.fixture
def till_session(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="100")


@pytest.fixture
def drink(venue):
    return Product.objects.create(
        venue=venue,
        name="Limonade",
        name_en="Lemonade",
        price=Decimal("2.50"),
        vat_rate=Decimal("5.50"),
    )


@pytest.fixture
def beer(venue):
    return Product.objects.create(
        venue=venue, name="Bière", name_en="Beer", price=Decimal("4.00"), vat_rate=Decimal("20.00")
    )


@pytest.fixture
def tonight(make_screening, venue):
    """A published screening starting in 30 minutes."""
    start = timezone.localtime(timezone.now() + dt.timedelta(minutes=30), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"))
