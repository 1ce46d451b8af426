"""Undoing a sale gives back what it sold through ``tickets.seats``: a door collection
leaves the ticket booked and its booking held (the seat stays taken until the booking
is released), a ticket sold at the till frees its seat and tells the waiting list."""

import json
from decimal import Decimal

import pytest
from django.core import mail

from clef.boxoffice import door_sales, refunds, reversals, sales, sessions
from clef.boxoffice.models import Till
from clef.boxoffice.sales import Order
from clef.tickets import seats, waitinglist
from clef.tickets.booking import book, release_unpaid
from clef.tickets.models import Booking, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(tonight, make_member):
    """A ticket of tonight's screening, booked to pay 6 € at the door."""
    booking, _ = book(tonight, user=make_member("hugo"), prices=["6"], method="door")
    return booking.tickets.get()


def test_undoing_a_door_collection_books_the_ticket_again_then_release_frees_it(
    till_session, tonight, held, cashier
):
    result, sale = door_sales.collect(till_session, tonight, held.code, method="cash", by=cashier)
    assert result.ok and sale.channel == "door"
    assert sessions.expected_cash(till_session) == Decimal("106.00")

    reversal = reversals.undo(sale, by=cashier)

    assert (reversal.total, reversal.channel, reversal.reverses) == (Decimal("-6.00"), "door", sale)
    body = json.loads(reversal.journal.get().body)
    assert (body["reverses"], body["total"], body["lines"][0]["kind"]) == (
        sale.code,
        "-6.00",
        "presale",
    )
    held.refresh_from_db()
    assert (held.status, held.checked_in_at) == (Ticket.Status.BOOKED, None)
    assert held.booking.status == Booking.Status.HELD
    # The seat stays taken: the booking may still be paid at the door.
    assert seats.count(tonight).taken == 1
    assert sessions.expected_cash(till_session) == Decimal("100.00")

    # Past its cut-off, the unpaid booking is released and the seat comes back.
    assert release_unpaid(now=tonight.starts_at) == 1
    held.refresh_from_db()
    assert held.status == Ticket.Status.CANCELLED
    assert held.booking.status == Booking.Status.RELEASED
    assert seats.count(tonight).taken == 0


def test_undoing_a_door_collection_can_be_collected_again(till_session, tonight, held, cashier):
    _result, sale = door_sales.collect(till_session, tonight, held.code, method="card", by=cashier)
    reversals.undo(sale, by=cashier)
    result, again = door_sales.collect(till_session, tonight, held.code, method="cash", by=cashier)
    assert result.ok and again.total == Decimal("6.00")
    held.refresh_from_db()
    assert (held.status, held.booking.status) == (
        Ticket.Status.CHECKED_IN,
        Booking.Status.CONFIRMED,
    )


def test_undoing_a_till_sale_frees_its_seats_and_offers_one_to_the_waiting_list(
    till_session, tonight, cashier, django_capture_on_commit_callbacks
):
    waitinglist.join(tonight, email="lea@example.org", language="en")
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5", "0"]), method="cash", by=cashier
    )
    assert seats.count(tonight).taken == 2

    with django_capture_on_commit_callbacks(execute=True):
        reversals.undo(sale, by=cashier)

    assert seats.count(tonight).taken == 0
    assert set(Ticket.objects.values_list("status", flat=True)) == {Ticket.Status.CANCELLED}
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["lea@example.org"], f"A seat is held for you: {tonight.display_title}")
    ]


def test_undo_is_refused_once_a_line_was_refunded_elsewhere(till_session, tonight, cashier, venue):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["5", "7"]), method="cash", by=cashier
    )
    bar = sessions.open_session(
        Till.objects.create(venue=venue, name="Bar"), cashier=cashier, opening_float="0"
    )
    refunds.refund(bar, [sale.lines.first()], reason="Erreur de tarif", by=cashier)
    with pytest.raises(sales.SaleRefused) as refused:
        reversals.undo(sale, by=cashier)
    assert refused.value.code == "already_refunded"
    assert not sale.journal.model.objects.filter(kind="reversal").exists()
