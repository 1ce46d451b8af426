"""Booking through the service: seats, prices, numbers, refusals that write nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from clef.payments import services as payments
from clef.payments.models import Payment, PaymentEvent
from clef.programme.models import Screening
from clef.tickets.booking import BookingRefused, availability, book
from clef.tickets.models import Booking, Ticket


def _counts():
    return Booking.objects.count(), Ticket.objects.count(), Payment.objects.count()


def test_it_books_two_seats_with_consecutive_numbers_in_the_year_series(on_sale, paid_member):
    booking, created = book(on_sale, user=paid_member, prices=["0", "7.50"])
    assert created is True
    tickets = list(booking.tickets.order_by("number"))
    year = on_sale.room.venue.local_date().year
    assert [(t.series, t.number, t.price) for t in tickets] == [
        (year, 1, Decimal("0.00")),
        (year, 2, Decimal("7.50")),
    ]
    assert booking.status == Booking.Status.HELD
    assert {t.status for t in tickets} == {Ticket.Status.BOOKED}
    assert all(t.online for t in tickets)
    assert booking.total == Decimal("7.50")


def test_it_confirms_at_once_a_booking_that_costs_nothing(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["0", "0"])
    assert booking.status == Booking.Status.CONFIRMED
    assert set(booking.tickets.values_list("status", flat=True)) == {Ticket.Status.PAID}
    assert booking.payment is None


@pytest.mark.parametrize(
    ("price", "code"),
    [
        ("-1", "price_negative"),
        ("7.555", "price_decimals"),
        ("sept", "price_invalid"),
        ("", "price_invalid"),
        ("NaN", "price_invalid"),
        ("Infinity", "price_invalid"),
        ("200.01", "price_ceiling"),
    ],
)
def test_it_refuses_a_bad_price_and_writes_nothing(on_sale, paid_member, price, code):
    before = _counts()
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5", price])
    assert refused.value.code == code
    assert _counts() == before


def test_it_accepts_a_price_with_a_comma_and_the_ceiling_itself(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["7,50", "200"])
    assert sorted(booking.tickets.values_list("price", flat=True)) == [
        Decimal("7.50"),
        Decimal("200.00"),
    ]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": Screening.Status.DRAFT}, "not_published"),
        ({"status": Screening.Status.CANCELLED}, "cancelled"),
        ({"kind": Screening.Kind.WORKSHOP}, "workshop"),
        ({"kind": Screening.Kind.PRIVATE}, "private"),
    ],
)
def test_it_refuses_a_screening_not_on_sale(on_sale, paid_member, change, code):
    Screening.objects.filter(pk=on_sale.pk).update(**change)
    on_sale.refresh_from_db()
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5"])
    assert refused.value.code == code
    assert _counts() == (0, 0, 0)


def test_it_refuses_a_screening_that_has_started(on_sale, paid_member, time_machine):
    time_machine.move_to(on_sale.starts_at + dt.timedelta(minutes=1))
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5"])
    assert refused.value.code == "past"


def test_it_refuses_more_seats_than_a_booking_may_take(on_sale, paid_member):
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["1"] * 5)
    assert refused.value.code == "too_many"
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=[])
    assert refused.value.code == "no_seats"


def test_it_keeps_the_seats_for_the_door(on_sale, make_member):
    """70 % of the 120 seats go online; the 85th online seat is refused."""
    assert on_sale.online_capacity == 84
    members = [make_member(f"m{n}") for n in range(21)]
    for person in members:
        book(on_sale, user=person, prices=["1"] * 4)
    seats = availability(on_sale)
    assert (seats.online_taken, seats.online_left, seats.door_left) == (84, 0, 36)
    late = make_member("late")
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=late, prices=["1"])
    assert refused.value.code == "sold_out"


def test_it_says_how_many_seats_are_left_when_fewer_than_asked(on_sale, paid_member, make_member):
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=3)
    on_sale.refresh_from_db()
    book(on_sale, user=paid_member, prices=["1", "1"])
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=make_member("other"), prices=["1", "1"])
    assert refused.value.code == "not_enough_seats"
    assert "1" in refused.value.message


def test_it_needs_a_valid_membership_when_the_venue_says_so(on_sale, member, venue):
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=member, prices=["5"])
    assert refused.value.code == "membership_required"
    venue.ticket_needs_membership = False
    venue.save()
    on_sale.refresh_from_db()
    booking, _ = book(on_sale, user=member, prices=["5"])
    assert booking.tickets.count() == 1


def test_a_membership_ending_before_the_screening_is_not_enough(on_sale, make_member):
    short = make_member("short", days_left=2)
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=short, prices=["5"])
    assert refused.value.code == "membership_required"


def test_free_screenings_give_numbered_zero_euro_tickets(make_screening, venue, paid_member):
    free = make_screening(venue.local_date() + dt.timedelta(days=3), pricing=Screening.Pricing.FREE)
    with pytest.raises(BookingRefused) as refused:
        book(free, user=paid_member, prices=["5"])
    assert refused.value.code == "price_free"
    booking, _ = book(free, user=paid_member, prices=["0", "0"])
    assert list(booking.tickets.values_list("number", "price", "status")) == [
        (1, Decimal("0.00"), Ticket.Status.PAID),
        (2, Decimal("0.00"), Ticket.Status.PAID),
    ]


def test_the_same_idempotency_key_books_once(on_sale, paid_member):
    first, created = book(on_sale, user=paid_member, prices=["5"], idempotency_key="abc")
    again, created_again = book(on_sale, user=paid_member, prices=["5"], idempotency_key="abc")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_an_idempotency_key_reused_for_another_booking_is_refused(
    on_sale, paid_member, make_screening, venue
):
    book(on_sale, user=paid_member, prices=["5"], idempotency_key="abc")
    other = make_screening(venue.local_date() + dt.timedelta(days=6))
    with pytest.raises(BookingRefused) as refused:
        book(other, user=paid_member, prices=["5"], idempotency_key="abc")
    assert refused.value.code == "idempotency_conflict"


def test_an_online_payment_confirms_the_booking_when_paid(
    on_sale, paid_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking, _ = book(on_sale, user=paid_member, prices=["4", "6"], method="test")
    assert booking.status == Booking.Status.AWAITING_PAYMENT
    assert booking.payment.amount == Decimal("10.00")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        payments.mark_paid(booking.payment, reference="T-1")
        payments.mark_paid(booking.payment, reference="T-1")  # a provider's retry
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert set(booking.tickets.values_list("status", flat=True)) == {Ticket.Status.PAID}
    assert list(
        PaymentEvent.objects.filter(payment=booking.payment).values_list("status", flat=True)
    ) == ["pending", "paid"]
    assert len(mail.outbox) == 1


def test_a_failed_payment_gives_the_seats_back(on_sale, paid_member):
    booking, _ = book(on_sale, user=paid_member, prices=["4"], method="test")
    payments.mark_failed(booking.payment, note="card refused")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert availability(on_sale).online_taken == 0


def test_paying_at_the_door_closes_shortly_before_the_start(on_sale, paid_member, time_machine):
    time_machine.move_to(on_sale.starts_at - dt.timedelta(minutes=10))
    with pytest.raises(BookingRefused) as refused:
        book(on_sale, user=paid_member, prices=["5"], method="door")
    assert refused.value.code == "door_closed"
    booking, _ = book(on_sale, user=paid_member, prices=["0"], method="door")
    assert booking.status == Booking.Status.CONFIRMED


def test_the_confirmation_is_sent_in_the_members_language(
    on_sale, make_member, django_capture_on_commit_callbacks
):
    french = make_member("francoise")
    english = make_member("emily", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        book(on_sale, user=french, prices=["5"], language="fr")
        book(on_sale, user=english, prices=["5"], language="en")
    assert [m.to for m in mail.outbox] == [[french.email], [english.email]]
    assert mail.outbox[0].subject.startswith("Votre réservation")
    assert "/reservation/" in mail.outbox[0].body
    assert mail.outbox[1].subject.startswith("Your booking")
    assert "/en/reservation/" in mail.outbox[1].body
