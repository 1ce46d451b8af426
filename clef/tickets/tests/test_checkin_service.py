"""Checking in: a ticket enters once, for its own screening, paid."""

import datetime as dt
from decimal import Decimal

import pytest

from clef.payments.models import Payment
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.checkin import check_in
from clef.tickets.models import Booking, Ticket


@pytest.fixture
def booked(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "7.50"])
    return booking


def test_it_lets_a_ticket_in_once_by_its_code(on_sale, booked, cashier):
    zero = booked.tickets.get(price=0)
    result = check_in(on_sale, zero.code, by=cashier)
    assert (result.ok, result.code) == (True, "ok")
    again = check_in(on_sale, zero.code, by=cashier)
    assert (again.ok, again.code) == (False, "already_in")


@pytest.mark.parametrize("form", ["{n}", "{n:06d}", "{series}-{n:06d}", " {series} - {n} "])
def test_it_finds_a_ticket_by_its_typed_number(on_sale, booked, cashier, form):
    zero = booked.tickets.get(price=0)
    typed = form.format(n=zero.number, series=zero.series)
    assert check_in(on_sale, typed, by=cashier).ok is True


def test_it_refuses_a_ticket_for_another_screening(on_sale, booked, cashier, make_screening, venue):
    other = make_screening(venue.local_date() + dt.timedelta(days=6))
    result = check_in(other, booked.tickets.get(price=0).code, by=cashier)
    assert (result.ok, result.code) == (False, "other_screening")


def test_it_refuses_a_cancelled_ticket_and_an_unknown_one(on_sale, booked, cashier):
    zero = booked.tickets.get(price=0)
    cancel_ticket(zero)
    assert check_in(on_sale, zero.code, by=cashier).code == "cancelled"
    assert check_in(on_sale, "nothing-like-this", by=cashier).code == "not_found"
    assert check_in(on_sale, "999999", by=cashier).code == "not_found"
    assert check_in(on_sale, "", by=cashier).code == "not_found"


def test_a_ticket_to_pay_at_the_door_enters_once_paid(on_sale, booked, cashier):
    paid = booked.tickets.get(price=Decimal("7.50"))
    asked = check_in(on_sale, paid.code, by=cashier)
    assert (asked.ok, asked.code, asked.to_pay) == (False, "to_pay", Decimal("7.50"))
    assert Payment.objects.count() == 0
    # The caller took the money (the box office's door sale): check-in records none.
    result = check_in(on_sale, paid.code, by=cashier, collect=True)
    assert result.ok is True
    assert Payment.objects.count() == 0
    check_in(on_sale, booked.tickets.get(price=0).code, by=cashier)
    booked.refresh_from_db()
    assert booked.status == Booking.Status.CONFIRMED
    assert set(booked.tickets.values_list("status", flat=True)) == {Ticket.Status.CHECKED_IN}


def test_a_bare_number_finds_a_ticket_sold_the_year_before(
    make_screening, paid_member, cashier, time_machine, venue
):
    january = make_screening(dt.date(2027, 1, 6), "20:00")
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC))
    booking, _ = book(january, user=paid_member, prices=["0"])
    ticket = booking.tickets.get()
    assert (ticket.series, ticket.number) == (2026, 1)
    time_machine.move_to(january.starts_at - dt.timedelta(minutes=5))
    assert check_in(january, "1", by=cashier).ok is True
