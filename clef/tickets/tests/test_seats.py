"""Seats in one place: the one count, issuing within the online quota or the room, giving
back (the booking follows its tickets, the waiting list is told), paying, letting in and
undoing it, and workshops under the same lock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction

from clef.tickets import booking as bookings
from clef.tickets import seats, waitinglist, workshops
from clef.tickets.booking import BookingRefused, book, cancel_ticket, release_unpaid
from clef.tickets.checkin import check_in
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry
from clef.venues.models import NumberSeries

D = Decimal


@pytest.fixture
def tight(make_screening, small_room, venue):
    """Five seats, three of them sold online, in five days."""
    small_room.seats = 5
    small_room.save()
    return make_screening(
        venue.local_date() + dt.timedelta(days=5), "20:00", room=small_room, online_quota=3
    )


def _issue(screening, *prices, online, status=Ticket.Status.PAID, booking=None):
    with transaction.atomic():
        return seats.issue(
            screening, [D(p) for p in prices], online=online, status=status, booking=booking
        )


def _statuses(queryset):
    return sorted(queryset.values_list("status", flat=True))


def _held_booking(screening, person, *prices):
    """A booking to pay at the door, its tickets booked."""
    booking = Booking(
        venue=screening.room.venue,
        screening=screening,
        person=person,
        email=person.email,
        status=Booking.Status.HELD,
    )
    _issue(screening, *prices, online=True, status=Ticket.Status.BOOKED, booking=booking)
    return booking


# --- the one count -------------------------------------------------------------------------
def test_it_counts_booked_paid_and_checked_in_tickets_as_seats_and_not_cancelled_ones(tight, sell):
    sell(tight, "5", status=Ticket.Status.BOOKED, online=True)
    sell(tight, "5", status=Ticket.Status.PAID, online=True)
    sell(tight, "0", status=Ticket.Status.CHECKED_IN, online=False)
    sell(tight, "7", status=Ticket.Status.CANCELLED, online=True)

    assert seats.count(tight) == seats.Availability(
        seats=5, taken=3, online_capacity=3, online_taken=2
    )
    assert seats.count(tight).online_left == 1
    assert seats.count(tight).door_left == 2


def test_the_count_with_a_key_finds_the_keyed_booking_and_the_same_seats(tight, paid_member):
    made, _ = book(tight, user=paid_member, prices=["5"], idempotency_key="k-1")

    found, left = seats.count_with_key(tight, person=paid_member, key="k-1")
    missing, same = seats.count_with_key(tight, person=paid_member, key="k-2")

    assert found == made.pk
    assert missing is None
    assert left == same == seats.count(tight)
    assert (left.taken, left.online_taken) == (1, 1)


# --- issuing -------------------------------------------------------------------------------
def test_it_issues_numbered_tickets_in_the_venue_series_of_the_local_year(tight, venue):
    tickets = _issue(tight, "5", "0", "7.50", online=False)

    year = venue.local_date().year
    assert [(t.series, t.number, t.price, t.online) for t in tickets] == [
        (year, 1, D("5.00"), False),
        (year, 2, D("0.00"), False),
        (year, 3, D("7.50"), False),
    ]
    assert NumberSeries.objects.get(venue=venue, name=seats.TICKET_SERIES, period=year).last == 3


def test_it_refuses_online_past_the_online_quota_and_writes_nothing(tight):
    _issue(tight, "5", online=True)

    with pytest.raises(seats.SeatsRefused) as short:
        _issue(tight, "5", "5", "5", online=True)
    _issue(tight, "5", "5", online=True)
    with pytest.raises(seats.SeatsRefused) as full:
        _issue(tight, "5", online=True)

    assert (short.value.code, short.value.message) == (
        "not_enough_seats",
        "Il ne reste que 2 places en ligne.",
    )
    assert full.value.code == "sold_out"
    assert Ticket.objects.filter(screening=tight).count() == 3


def test_the_door_sells_the_seats_kept_for_it_and_refuses_past_the_room(tight):
    _issue(tight, "5", "5", "5", online=True)

    _issue(tight, "5", online=False)
    with pytest.raises(seats.SeatsRefused) as short:
        _issue(tight, "5", "5", online=False)
    _issue(tight, "5", online=False)
    with pytest.raises(seats.SeatsRefused) as full:
        _issue(tight, "5", online=False)

    assert (short.value.code, short.value.message) == (
        "not_enough_seats",
        "Il ne reste que 1 place dans la salle.",
    )
    assert full.value.code == "sold_out"
    assert seats.count(tight).taken == 5
    assert Ticket.objects.filter(screening=tight).count() == 5


def test_a_booking_refused_for_lack_of_seats_is_not_written(tight, paid_member):
    _issue(tight, "5", "5", "5", online=True)

    with pytest.raises(BookingRefused):  # the name callers knew
        _held_booking(tight, paid_member, "5")

    assert Booking.objects.count() == 0
    assert Ticket.objects.count() == 3


# --- giving back ---------------------------------------------------------------------------
def test_giving_back_frees_the_seats_and_holds_them_for_the_waiting_list(
    tight, paid_member, django_capture_on_commit_callbacks
):
    first, second = _issue(tight, "5", "5", online=False)
    waitinglist.join(tight, email="ana@example.org")
    waitinglist.join(tight, email="bo@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        given = seats.give_back([first, second], action="tickets.test.given_back")

    assert [t.status for t in given] == [Ticket.Status.CANCELLED] * 2
    assert _statuses(Ticket.objects.all()) == [Ticket.Status.CANCELLED] * 2
    assert Ticket.objects.filter(cancelled_at__isnull=True).count() == 0
    assert seats.count(tight).taken == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "bo@example.org"]
    assert WaitingListEntry.objects.filter(offered_at__isnull=True).count() == 0
    # Three seats are free online; two of them are held, one for each in line.
    assert seats.count(tight).online_left == 1


def test_giving_back_a_cancelled_ticket_again_does_nothing(tight):
    [ticket] = _issue(tight, "5", online=False)
    seats.give_back([ticket], action="tickets.test.given_back")

    assert seats.give_back([ticket], action="tickets.test.given_back") == []
    assert _statuses(Ticket.objects.all()) == [Ticket.Status.CANCELLED]


def test_a_booking_with_no_ticket_left_is_cancelled_or_given_the_status_asked(
    tight, paid_member, make_member
):
    one = _held_booking(tight, paid_member, "5")
    other = _held_booking(tight, make_member("nour"), "5")

    seats.give_back(list(one.tickets.all()), action="tickets.test.given_back")
    seats.give_back(
        list(other.tickets.all()),
        action="tickets.test.released",
        booking_status=Booking.Status.RELEASED,
    )

    one.refresh_from_db()
    other.refresh_from_db()
    assert (one.status, other.status) == (Booking.Status.CANCELLED, Booking.Status.RELEASED)


def test_a_held_booking_left_with_free_tickets_only_is_confirmed_and_its_tickets_paid(
    tight, paid_member
):
    booking = _held_booking(tight, paid_member, "0", "8")
    free, paying = booking.tickets.order_by("number")

    [given] = seats.give_back([paying], action="tickets.test.given_back")

    booking.refresh_from_db()
    free.refresh_from_db()
    assert given.booking.status == booking.status == Booking.Status.CONFIRMED
    assert free.status == Ticket.Status.PAID


def test_undoing_a_till_sale_cancels_its_tickets_and_tells_the_waiting_list(
    tight, django_capture_on_commit_callbacks
):
    tickets = _issue(tight, "5", "5", online=False)
    waitinglist.join(tight, email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        seats.undo_sale_of(tickets)

    assert _statuses(Ticket.objects.all()) == [Ticket.Status.CANCELLED] * 2
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_undoing_a_sale_refuses_booked_tickets(tight, paid_member):
    booking = _held_booking(tight, paid_member, "5")

    with pytest.raises(ValueError):
        seats.undo_sale_of(list(booking.tickets.all()))
    assert _statuses(booking.tickets.all()) == [Ticket.Status.BOOKED]


# --- paying, letting in, undoing it -----------------------------------------------------
def test_settling_pays_the_tickets_and_confirms_a_booking_with_none_left_to_pay(tight, paid_member):
    booking = _held_booking(tight, paid_member, "5", "6")
    first, second = booking.tickets.order_by("number")

    assert seats.settle([first]) == []
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    confirmed = seats.settle([first, second])

    booking.refresh_from_db()
    assert [b.pk for b in confirmed] == [booking.pk]
    assert booking.status == Booking.Status.CONFIRMED
    assert _statuses(booking.tickets.all()) == [Ticket.Status.PAID] * 2


def test_letting_in_the_last_ticket_to_pay_confirms_a_held_booking(tight, paid_member, cashier):
    booking = _held_booking(tight, paid_member, "5", "6")
    first, second = booking.tickets.order_by("number")

    check_in(tight, str(first.number), by=cashier, collect=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    check_in(tight, str(second.number), by=cashier, collect=True)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert _statuses(booking.tickets.all()) == [Ticket.Status.CHECKED_IN] * 2
    assert booking.tickets.filter(checked_in_at__isnull=True).count() == 0


def test_undoing_a_door_collection_makes_the_ticket_booked_and_the_booking_held_again(
    tight, paid_member, cashier, time_machine, django_capture_on_commit_callbacks
):
    booking = _held_booking(tight, paid_member, "5")
    ticket = booking.tickets.get()
    waitinglist.join(tight, email="ana@example.org")
    check_in(tight, str(ticket.number), by=cashier, collect=True)

    with django_capture_on_commit_callbacks(execute=True):
        seats.undo_let_in(ticket, by=cashier)

    ticket.refresh_from_db()
    booking.refresh_from_db()
    assert (ticket.status, ticket.checked_in_at) == (Ticket.Status.BOOKED, None)
    assert booking.status == Booking.Status.HELD
    assert seats.count(tight).taken == 1
    assert mail.outbox == []  # the seat is still taken
    # Its cut-off applies again: past it, the booking is released.
    time_machine.move_to(booking.held_until + dt.timedelta(minutes=1))
    assert release_unpaid() == 1
    booking.refresh_from_db()
    assert booking.status == Booking.Status.RELEASED
    assert seats.count(tight).taken == 0


def test_undoing_a_ticket_not_let_in_is_refused(tight, paid_member, cashier):
    booking = _held_booking(tight, paid_member, "5")

    with pytest.raises(seats.SeatsRefused) as refused:
        seats.undo_let_in(booking.tickets.get(), by=cashier)

    assert refused.value.code == "not_let_in"
    assert _statuses(booking.tickets.all()) == [Ticket.Status.BOOKED]


# --- the bugs this module fixes ----------------------------------------------------------
def test_releasing_keeps_the_tickets_already_paid_at_the_door_and_confirms_the_booking(
    tight, paid_member, cashier, time_machine
):
    booking = _held_booking(tight, paid_member, "5", "6")
    first, second = booking.tickets.order_by("number")
    check_in(tight, str(first.number), by=cashier, collect=True)

    time_machine.move_to(booking.held_until + dt.timedelta(minutes=1))
    assert release_unpaid() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    booking.refresh_from_db()
    assert (first.status, second.status) == (Ticket.Status.CHECKED_IN, Ticket.Status.CANCELLED)
    assert booking.status == Booking.Status.CONFIRMED
    assert seats.count(tight).taken == 1


def test_releasing_near_the_start_offers_the_seat_for_a_shorter_time(
    tight, paid_member, time_machine, django_capture_on_commit_callbacks
):
    booking = _held_booking(tight, paid_member, "5")
    waitinglist.join(tight, email="ana@example.org")

    time_machine.move_to(booking.held_until + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        release_unpaid()

    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert seats.count(tight).taken == 0
    # 14 minutes before the start: held half the time left, 7 minutes.
    entry = WaitingListEntry.objects.get()
    held = entry.offer_ends_at - entry.offered_at
    assert dt.timedelta(minutes=6, seconds=59) < held <= dt.timedelta(minutes=7)


def test_no_confirmed_booking_keeps_a_ticket_to_pay_after_a_cancellation(tight, paid_member):
    booking, _ = book(tight, user=paid_member, prices=["0", "0", "4"])
    *_free, paying = booking.tickets.order_by("number")

    cancel_ticket(paying, by=paid_member)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert not Ticket.objects.filter(
        booking__status=Booking.Status.CONFIRMED, status=Ticket.Status.BOOKED
    ).exists()


def test_an_online_payment_paid_confirms_the_booking_and_pays_its_tickets(tight, paid_member):
    booking, _ = book(tight, user=paid_member, prices=["5", "6"], method="test")

    bookings.payments.mark_paid(booking.payment, by=paid_member)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert _statuses(booking.tickets.all()) == [Ticket.Status.PAID] * 2


def test_an_online_payment_failed_gives_the_seats_back(tight, paid_member):
    booking, _ = book(tight, user=paid_member, prices=["5", "6"], method="test")

    bookings.payments.mark_failed(booking.payment, by=paid_member)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert _statuses(booking.tickets.all()) == [Ticket.Status.CANCELLED] * 2
    assert seats.count(tight).taken == 0


# --- workshops ---------------------------------------------------------------------------
@pytest.fixture
def one_place(make_workshop):
    """A workshop with one place."""
    return make_workshop(online_quota=1)


def test_workshops_register_and_cancel_under_the_seats_lock(one_place, register_child, monkeypatch):
    locked = []
    real_lock = seats.lock
    monkeypatch.setattr(seats, "lock", lambda s: locked.append(s.pk) or real_lock(s))

    first = register_child(one_place, "Ada")
    second = register_child(one_place, "Bea")
    workshops.cancel(first)

    second.refresh_from_db()
    assert second.status == Registration.Status.REGISTERED
    assert set(locked) == {one_place.pk}
    assert len(locked) >= 3
    assert seats.places_left(one_place) == 0
