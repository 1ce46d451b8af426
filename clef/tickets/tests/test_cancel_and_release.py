"""Seats coming back: a member cancels, an unpaid booking is released, the waiting list
is told."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from clef.payments import services as payments
from clef.payments.models import Payment
from clef.tickets import waitinglist
from clef.tickets.booking import BookingRefused, availability, book, cancel_ticket, release_unpaid
from clef.tickets.models import Booking, Ticket, WaitingListEntry


def test_a_member_cancels_one_ticket_of_two(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "7.50"])
    zero, paid = booking.tickets.order_by("number")
    cancel_ticket(paid, by=paid_member)
    paid.refresh_from_db()
    booking.refresh_from_db()
    assert paid.status == Ticket.Status.CANCELLED
    assert paid.cancelled_at is not None
    # Nothing is left to pay at the door: not released at the cut-off.
    assert booking.status == Booking.Status.CONFIRMED
    assert zero.status == Ticket.Status.BOOKED
    assert booking.tickets.get(pk=zero.pk).status == Ticket.Status.PAID
    assert booking.total == Decimal("0.00")
    assert availability(on_sale).online_taken == 1
    cancel_ticket(zero, by=paid_member)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancelling_closes_an_hour_before_the_start(on_sale, paid_member, time_machine):
    booking, _ = book(on_sale, user=paid_member, prices=["5"])
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=59))
    with pytest.raises(BookingRefused) as refused:
        cancel_ticket(booking.tickets.get(), by=paid_member)
    assert refused.value.code == "too_late"
    assert booking.tickets.get().status == Ticket.Status.BOOKED


def test_a_cancelled_ticket_keeps_its_number_and_the_next_one_follows(on_sale, paid_member):
    first, _ = book(on_sale, user=paid_member, prices=["5"])
    cancel_ticket(first.tickets.get(), by=paid_member)
    with pytest.raises(BookingRefused) as refused:
        cancel_ticket(first.tickets.get(), by=paid_member)
    assert refused.value.code == "already_cancelled"
    second, _ = book(on_sale, user=paid_member, prices=["5"])
    assert list(Ticket.objects.order_by("number").values_list("number", "status")) == [
        (1, Ticket.Status.CANCELLED),
        (2, Ticket.Status.BOOKED),
    ]
    assert second.tickets.get().number == 2


def test_a_ticket_paid_online_is_refunded_by_a_new_payment(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["4", "6"], method="test")
    payments.mark_paid(booking.payment)
    six = booking.tickets.get(price=Decimal("6"))
    cancel_ticket(six, by=paid_member)
    refund = Payment.objects.get(refund_of=booking.payment)
    assert (refund.amount, refund.status) == (Decimal("-6.00"), Payment.Status.PAID)
    booking.payment.refresh_from_db()
    assert booking.payment.amount == Decimal("10.00")  # never edited


def test_a_seat_that_comes_back_is_held_for_the_first_in_line_only(
    on_sale, paid_member, make_member, django_capture_on_commit_callbacks
):
    on_sale.online_quota = 1
    on_sale.save()
    booking, _ = book(on_sale, user=paid_member, prices=["5"])
    first, created = waitinglist.join(on_sale, email="Ana@example.org", language="en")
    again, created_again = waitinglist.join(on_sale, email="ana@example.org")
    assert (created, created_again, again.pk) == (True, False, first.pk)
    waitinglist.join(on_sale, email="bo@example.org", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(booking.tickets.get(), by=paid_member)
    told = [m.to[0] for m in mail.outbox if m.to[0] != paid_member.email]
    assert told == ["ana@example.org"]
    assert list(
        WaitingListEntry.objects.filter(offered_at__isnull=True).values_list("email", flat=True)
    ) == ["bo@example.org"]
    assert availability(on_sale).online_left == 0  # held for Ana


def test_a_booking_to_pay_at_the_door_is_released_at_its_cut_off(
    on_sale, paid_member, make_member, time_machine
):
    held, _ = book(on_sale, user=paid_member, prices=["5"])
    free, _ = book(on_sale, user=make_member("zero"), prices=["0"])
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=16))
    assert release_unpaid() == 0
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=15))
    out = io.StringIO()
    call_command("release_bookings", stdout=out)
    assert out.getvalue() == (
        "1 booking(s) released\n0 workshop place(s) not confirmed in time released\n"
    )
    held.refresh_from_db()
    free.refresh_from_db()
    assert held.status == Booking.Status.RELEASED
    assert held.tickets.get().status == Ticket.Status.CANCELLED
    assert free.status == Booking.Status.CONFIRMED
    assert availability(on_sale).online_taken == 1


def test_an_unfinished_online_payment_gives_its_seats_back(on_sale, paid_member, time_machine):
    booking, _ = book(on_sale, user=paid_member, prices=["5"], method="test")
    time_machine.move_to(booking.created_at + dt.timedelta(minutes=29))
    assert release_unpaid() == 0
    time_machine.move_to(booking.created_at + dt.timedelta(minutes=30))
    assert release_unpaid() == 1
    booking.refresh_from_db()
    booking.payment.refresh_from_db()
    assert booking.status == Booking.Status.RELEASED
    assert booking.payment.status == Payment.Status.CANCELLED
    # A payment arriving after the release changes nothing.
    with pytest.raises(ValueError):
        payments.mark_paid(booking.payment)


def test_the_venues_own_cut_off_releases_at_that_time(on_sale, paid_member, venue, time_machine):
    venue.door_hold_minutes = 45
    venue.save()
    held, _ = book(on_sale, user=paid_member, prices=["5"])
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=46))
    assert release_unpaid() == 0
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=45))
    assert release_unpaid() == 1
    held.refresh_from_db()
    assert held.status == Booking.Status.RELEASED
    assert availability(on_sale).online_taken == 0
