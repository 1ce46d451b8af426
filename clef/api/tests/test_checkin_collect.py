"""Taking the money of a ticket to pay at the door through the API: a door sale in the
caller's own till session, refused (and nothing written) without one, in another
cashier's, or for a ticket already paid."""

import json
from decimal import Decimal

import pytest

from clef.boxoffice import sessions
from clef.boxoffice.models import Sale, SaleLine, Till
from clef.boxoffice.sessions import open_session
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket


@pytest.fixture
def held(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["7.50"], method="door")
    return booking.tickets.get()


@pytest.fixture
def till(venue):
    return Till.objects.create(venue=venue, name="Porte")


def collect(call, headers, screening, ticket, **extra):
    body = {"screening": screening.pk, "ticket": ticket.code, "collect": True, **extra}
    return call("post", "/api/checkin", body, headers)


def test_a_collection_is_a_door_sale_in_the_callers_own_session(
    call, bearer, cashier, on_sale, held, till
):
    session = open_session(till, cashier=cashier, opening_float="20")

    status, body, _ = collect(call, bearer(cashier), on_sale, held, method="card")

    assert status == 200
    sale = Sale.objects.get()
    assert (body["ok"], body["code"], body["sale"]) == (True, "ok", sale.code)
    assert body["ticket"]["status"] == "checked_in"
    assert (sale.session, sale.channel, sale.method, sale.total) == (
        session,
        "door",
        "card",
        Decimal("7.50"),
    )
    assert sale.lines.get().kind == SaleLine.Kind.PRESALE
    entry = sale.journal.get()
    assert json.loads(entry.body)["channel"] == "door"
    assert sessions.expected_cash(session) == Decimal("20.00")
    held.refresh_from_db()
    assert (held.status, held.booking.status) == (
        Ticket.Status.CHECKED_IN,
        Booking.Status.CONFIRMED,
    )


def test_without_an_open_session_of_ones_own_a_collection_is_a_409(
    call, bearer, cashier, on_sale, held, till, written
):
    before = written()
    headers = {**bearer(cashier), "Accept-Language": "en"}
    status, body, _ = collect(call, headers, on_sale, held)
    assert (status, body["code"]) == (409, "no_session")
    assert body["message"] == (
        "Open your till session first: the money taken at the door goes into it."
    )
    assert written() == before
    held.refresh_from_db()
    assert held.status == Ticket.Status.BOOKED


def test_another_cashiers_session_is_a_403(
    call, bearer, cashier, other_cashier, on_sale, held, till, written
):
    session = open_session(till, cashier=cashier, opening_float="20")
    before = written()

    status, body, _ = collect(call, bearer(other_cashier), on_sale, held, session=session.pk)

    assert (status, body["code"]) == (403, "not_your_session")
    assert written() == before
    held.refresh_from_db()
    assert held.status == Ticket.Status.BOOKED


def test_a_ticket_already_paid_is_a_409(call, bearer, cashier, on_sale, make_member, till, written):
    booking, _ = book(on_sale, user=make_member("ines"), prices=["6"], method="test")
    mark_paid(booking.payment)
    open_session(till, cashier=cashier, opening_float="0")
    before = written()

    status, body, _ = collect(call, bearer(cashier), on_sale, booking.tickets.get())

    assert (status, body["code"]) == (409, "already_paid")
    assert written() == before
