"""Fixtures for the accounts: tickets sold at given prices, rights holders, agreements."""

from decimal import Decimal

import pytest
from django.db import transaction

from clef.accounting.models import RightsAgreement, RightsHolder
from clef.tickets.models import Ticket
from clef.venues.numbering import take_numbers


@pytest.fixture
def sell(venue):
    """``sell(screening, "10", "0", "5.50", status=..., online=...)``: tickets at these
    prices, numbered in the venue's series, paid unless told otherwise."""

    def make(screening, *prices, status=Ticket.Status.PAID, online=False):
        series = screening.starts_at.year
        with transaction.atomic():
            first = take_numbers(venue, "ticket", series, len(prices))
        return Ticket.objects.bulk_create(
            Ticket(
                venue=venue,
                screening=screening,
                series=series,
                number=first + i,
                price=Decimal(price),
                status=status,
                online=online,
            )
            for i, price in enumerate(prices)
        )

    return make


@pytest.fixture
def make_holder(db):
    def make(name="Survivance", **fields):
        fields.setdefault("email", "programmation@example.org")
        return RightsHolder.objects.create(name=name, **fields)

    return make


@pytest.fixture
def agree(make_holder):
    """``agree(screening, film=None, kind="percentage", rate="50", amount=None, holder=)``:
    the agreement for one film of a screening (its first film by default)."""

    def make(
        screening, film=None, *, kind="percentage", rate=None, amount=None, holder=None, **fields
    ):
        film = film or screening.screening_films.order_by("position").first().film
        if kind in ("percentage", "minimum_guarantee") and rate is None:
            rate = "50"
        holder = holder or RightsHolder.objects.filter(name="Survivance").first() or make_holder()
        return RightsAgreement.objects.create(
            screening=screening,
            film=film,
            holder=holder,
            kind=kind,
            rate=Decimal(rate) if rate is not None else None,
            amount=Decimal(amount) if amount is not None else None,
            **fields,
        )

    return make
