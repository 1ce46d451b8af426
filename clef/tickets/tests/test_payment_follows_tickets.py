"""An unpaid online booking's payment follows its tickets: a ticket given back before the
payment is made changes what is asked (the pending payment cancelled, a new one for the
new total), and nobody is ever charged for a seat they gave back."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from clef.lib.actions import actions_on
from clef.payments import services as payments
from clef.payments.models import Payment, PaymentEvent
from clef.tickets.booking import BookingRefused, cancel_booking, cancel_ticket, release_unpaid
from clef.tickets.booking import book as book_seats
from clef.tickets.models import Booking, Ticket


@pytest.fixture
def unpaid(on_sale, paid_member):
    """A booking of two seats, 4 € and 6 €, waiting for its online payment of 10 €."""
    booking, _ = book_seats(on_sale, user=paid_member, prices=["4", "6"], method="test")
    assert (booking.payment.amount, booking.payment.status) == (Decimal("10.00"), "pending")
    return booking


def seat(booking, price):
    return booking.tickets.get(price=Decimal(price))


def events(payment):
    return list(PaymentEvent.objects.filter(payment=payment).values_list("status", "note"))


def test_cancelling_one_ticket_replaces_the_payment_by_one_for_the_new_total(unpaid, paid_member):
    old = unpaid.payment
    six = seat(unpaid, "6")

    cancel_ticket(six, by=paid_member)

    unpaid.refresh_from_db()
    old.refresh_from_db()
    new = unpaid.payment
    assert unpaid.status == Booking.Status.AWAITING_PAYMENT
    assert (old.amount, old.status) == (Decimal("10.00"), Payment.Status.CANCELLED)
    assert (new.amount, new.status, new.method, new.person, new.purpose) == (
        Decimal("4.00"),
        Payment.Status.PENDING,
        "test",
        paid_member,
        "booking",
    )
    assert new.pk != old.pk
    assert events(old) == [
        ("pending", ""),
        ("cancelled", f"replaced by {new.code} (4.00): {six} cancelled"),
    ]
    assert events(new) == [("pending", f"replaces {old.code} (10.00): {six} cancelled")]
    assert Payment.objects.count() == 2
    assert actions_on(unpaid)[0].name == "tickets.booking.payment_replaced"


def test_paying_after_a_ticket_was_given_back_takes_the_new_total_only(unpaid, paid_member):
    old = unpaid.payment
    cancel_ticket(seat(unpaid, "6"), by=paid_member)
    unpaid.refresh_from_db()

    payments.mark_paid(unpaid.payment, reference="T-1")

    unpaid.refresh_from_db()
    assert unpaid.status == Booking.Status.CONFIRMED
    assert sorted(unpaid.tickets.values_list("price", "status")) == [
        (Decimal("4.00"), Ticket.Status.PAID),
        (Decimal("6.00"), Ticket.Status.CANCELLED),
    ]
    paid = Payment.objects.filter(status=Payment.Status.PAID)
    assert list(paid.values_list("amount", flat=True)) == [Decimal("4.00")]
    # The first payment's 10 € can no longer be taken.
    with pytest.raises(ValueError):
        payments.mark_paid(old)
    old.refresh_from_db()
    assert old.status == Payment.Status.CANCELLED


def test_cancelling_the_whole_booking_cancels_its_payment_without_a_new_one(unpaid, paid_member):
    cancel_booking(unpaid, by=paid_member)

    unpaid.refresh_from_db()
    assert unpaid.status == Booking.Status.CANCELLED
    assert list(Payment.objects.values_list("amount", "status")) == [
        (Decimal("10.00"), Payment.Status.CANCELLED)
    ]


def test_cancelling_the_tickets_one_by_one_leaves_nothing_to_pay(unpaid, paid_member):
    cancel_ticket(seat(unpaid, "4"), by=paid_member)
    cancel_ticket(seat(unpaid, "6"), by=paid_member)

    unpaid.refresh_from_db()
    assert unpaid.status == Booking.Status.CANCELLED
    assert sorted(Payment.objects.values_list("amount", "status")) == [
        (Decimal("6.00"), Payment.Status.CANCELLED),
        (Decimal("10.00"), Payment.Status.CANCELLED),
    ]
    assert unpaid.payment.amount == Decimal("6.00")


def test_giving_back_the_only_seat_to_pay_confirms_the_free_seat_left(
    on_sale, paid_member, django_capture_on_commit_callbacks
):
    booking, _ = book_seats(on_sale, user=paid_member, prices=["0", "5"], method="test")

    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(seat(booking, "5"), by=paid_member)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.tickets.get(price=0).status == Ticket.Status.PAID
    assert list(Payment.objects.values_list("amount", "status")) == [
        (Decimal("5.00"), Payment.Status.CANCELLED)
    ]
    assert events(booking.payment)[-1] == (
        "cancelled",
        f"nothing left to pay: {seat(booking, '5')} cancelled",
    )
    # The free seat left confirmed, and the seat given back told (nothing refunded).
    assert [m.to for m in mail.outbox] == [[paid_member.email]] * 2


def test_giving_back_a_free_seat_keeps_the_payment(on_sale, paid_member):
    booking, _ = book_seats(on_sale, user=paid_member, prices=["0", "5"], method="test")
    payment = booking.payment

    cancel_ticket(seat(booking, "0"), by=paid_member)

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.payment == payment
    assert (payment.amount, payment.status) == (Decimal("5.00"), Payment.Status.PENDING)
    assert Payment.objects.count() == 1


def test_a_refused_cancellation_changes_no_payment(unpaid, paid_member, time_machine, written):
    time_machine.move_to(unpaid.screening.starts_at - dt.timedelta(minutes=30))
    before = written()

    with pytest.raises(BookingRefused) as refused:
        cancel_ticket(seat(unpaid, "6"), by=paid_member)

    assert refused.value.code == "too_late"
    assert written() == before
    unpaid.refresh_from_db()
    assert (unpaid.payment.amount, unpaid.payment.status) == (Decimal("10.00"), "pending")


def test_a_replaced_payment_still_times_out_from_the_booking(unpaid, paid_member, time_machine):
    cancel_ticket(seat(unpaid, "6"), by=paid_member)
    time_machine.move_to(unpaid.created_at + dt.timedelta(minutes=30))

    assert release_unpaid() == 1

    unpaid.refresh_from_db()
    assert unpaid.status == Booking.Status.RELEASED
    assert set(Payment.objects.values_list("status", flat=True)) == {Payment.Status.CANCELLED}


def test_a_paid_booking_is_still_refunded_ticket_by_ticket(on_sale, paid_member):
    booking, _ = book_seats(on_sale, user=paid_member, prices=["4", "6"], method="test")
    payments.mark_paid(booking.payment)

    cancel_booking(booking, by=paid_member)

    assert sorted(Payment.objects.values_list("amount", "status")) == [
        (Decimal("-6.00"), Payment.Status.PAID),
        (Decimal("-4.00"), Payment.Status.PAID),
        (Decimal("10.00"), Payment.Status.PAID),
    ]


# --- the provider's page -------------------------------------------------------------------
def test_the_providers_page_asks_the_new_total_and_refuses_the_old_code(
    client, unpaid, paid_member
):
    old = unpaid.payment
    client.force_login(paid_member)
    response = client.post(
        f"/en/billet/{seat(unpaid, '6').code}/annuler/", {"next": unpaid.get_absolute_url()}
    )
    assert response.status_code == 302
    unpaid.refresh_from_db()
    new = unpaid.payment

    booking_page = client.get(f"/en/reservation/{unpaid.code}/").content.decode()
    assert "Waiting for your online payment of €4.00." in booking_page
    assert f'href="/en/paiement/test/{new.code}/"' in booking_page
    assert old.code not in booking_page
    provider_page = client.get(f"/en/paiement/test/{new.code}/").content.decode()
    assert "€4.00" in provider_page
    assert "€10.00" not in provider_page

    refused = client.post(f"/en/paiement/test/{old.code}/", {"action": "pay"}, follow=True)
    assert "This payment was refused or cancelled: it is closed." in refused.content.decode()
    assert not Payment.objects.filter(status=Payment.Status.PAID).exists()

    client.post(f"/en/paiement/test/{new.code}/", {"action": "pay"})
    assert list(
        Payment.objects.filter(status=Payment.Status.PAID).values_list("amount", flat=True)
    ) == [Decimal("4.00")]
    unpaid.refresh_from_db()
    assert unpaid.status == Booking.Status.CONFIRMED


def test_the_api_gives_the_new_payments_address_after_a_ticket_is_given_back(
    client, unpaid, paid_member
):
    from clef.api.services import issue_token

    token, _ = issue_token(paid_member, "tests")
    response = client.post(
        f"/api/tickets/{seat(unpaid, '6').code}/cancel",
        headers={"Authorization": f"Bearer {token}"},
    )

    unpaid.refresh_from_db()
    body = response.json()
    assert response.status_code == 200
    assert body["total"] == "4.00"
    assert body["payment_url"] == f"http://testserver/paiement/test/{unpaid.payment.code}/"
    assert unpaid.payment.amount == Decimal("4.00")
