"""Many members booking the last seats at the same instant, through the booking service,
each in its own thread with its own database connection: the quota holds, the numbers
have no gap and no double, and one idempotency key makes one booking."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from clef.members.models import Membership, Person
from clef.members.services import start_membership
from clef.programme.models import Screening
from clef.tickets.booking import BookingRefused, book
from clef.tickets.models import Booking, Ticket
from clef.venues.models import NumberSeries, Venue
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _screening(make_screening, venue, *, online_quota):
    return make_screening(venue.local_date() + dt.timedelta(days=5), online_quota=online_quota)


def _fetch(screening_pk, user_pk):
    """What a request would read first, in the thread's own connection."""
    screening = Screening.objects.select_related("room__venue").get(pk=screening_pk)
    return screening, get_user_model().objects.get(pk=user_pk)


def _outcomes(results):
    """ "booked", the refusal's code, or the unexpected exception, per thread."""
    outcomes = []
    for kind, value in results:
        if kind == "ok":
            outcomes.append("booked")
        elif isinstance(value, BookingRefused):
            outcomes.append(value.code)
        else:
            outcomes.append(repr(value))
    return outcomes


def _numbers(screening):
    return sorted(Ticket.objects.filter(screening=screening).values_list("number", flat=True))


def test_forty_members_at_once_get_exactly_the_ten_seats_sold_online(
    make_screening, venue, make_member
):
    screening = _screening(make_screening, venue, online_quota=10)
    members = [make_member(f"rush{i:02}") for i in range(40)]

    results = at_once(
        40,
        lambda i: _fetch(screening.pk, members[i].pk),
        lambda fetched: book(fetched[0], user=fetched[1], prices=["5"]),
    )

    assert Counter(_outcomes(results)) == {"booked": 10, "sold_out": 30}
    assert Booking.objects.filter(screening=screening).count() == 10
    assert _numbers(screening) == list(range(1, 11))
    series = NumberSeries.objects.get(venue=venue, name="ticket")
    assert series.last == 10
    # Each booked member is told once, after the commit; a refused one is not.
    booked = {value[0].person.email for kind, value in results if kind == "ok"}
    assert sorted(to for message in mail.outbox for to in message.to) == sorted(booked)


def test_one_idempotency_key_sent_by_eight_threads_at_once_makes_one_booking(
    make_screening, venue, make_member
):
    screening = _screening(make_screening, venue, online_quota=10)
    member = make_member("twice")

    results = at_once(
        8,
        lambda i: _fetch(screening.pk, member.pk),
        lambda fetched: book(
            fetched[0], user=fetched[1], prices=["5", "7.50"], idempotency_key="tap-tap"
        ),
    )

    assert [kind for kind, _value in results] == ["ok"] * 8, results
    bookings = {booking.pk for (booking, _created) in (value for _kind, value in results)}
    created = [created for _kind, (_booking, created) in results]
    assert len(bookings) == 1
    assert sorted(created) == [False] * 7 + [True]
    assert Booking.objects.count() == 1
    assert _numbers(screening) == [1, 2]
    assert NumberSeries.objects.get(venue=venue, name="ticket").last == 2
    assert len(mail.outbox) == 1


def test_thirty_people_joining_at_once_get_the_numbers_one_to_thirty(venue):
    users = []
    for i in range(30):
        user = get_user_model().objects.create_user(
            username=f"joiner{i:02}", email=f"joiner{i:02}@example.org"
        )
        Person.objects.create(user=user, language="fr", email_confirmed_at=timezone.now())
        users.append(user)

    results = at_once(
        30,
        lambda i: (Venue.objects.get(pk=venue.pk), get_user_model().objects.get(pk=users[i].pk)),
        lambda fetched: start_membership(
            fetched[1], fetched[0], amount=Decimal("10.00"), method="door"
        ),
    )

    assert [kind for kind, _value in results] == ["ok"] * 30, results
    memberships = Membership.objects.filter(venue=venue)
    assert set(memberships.values_list("status", flat=True)) == {Membership.Status.PAID}
    assert sorted(memberships.values_list("number", flat=True)) == list(range(1, 31))
    assert sorted(memberships.values_list("person__username", flat=True)) == sorted(
        user.username for user in users
    )


# --- seats in one place: the door, online booking, giving back and workshops at once -------
def _tiny_room(venue, seats):
    from clef.venues.models import Room

    return Room.objects.create(venue=venue, name="Cabine", seats=seats, position=9)


def _door_sale(screening):
    from django.db import transaction

    from clef.tickets import seats

    with transaction.atomic():
        return seats.issue(screening, [Decimal("5")], online=False, status=Ticket.Status.PAID)


def test_the_door_and_online_bookings_on_the_last_seats_never_oversell(
    make_screening, venue, make_member
):
    room = _tiny_room(venue, 8)
    screening = make_screening(venue.local_date() + dt.timedelta(days=5), room=room, online_quota=4)
    members = [make_member(f"late{i:02}") for i in range(12)]

    def act(fetched):
        i, screening, user = fetched
        try:
            return book(screening, user=user, prices=["5"]) if i < 12 else _door_sale(screening)
        except BookingRefused as refused:  # an answer: raising it breaks the barrier
            # for threads still on their way out of it
            return refused

    results = at_once(24, lambda i: (i, *_fetch(screening.pk, members[i % 12].pk)), act)

    assert [kind for kind, _value in results] == ["ok"] * 24, results
    outcomes = Counter(
        value.code if isinstance(value, BookingRefused) else "booked" for _kind, value in results
    )
    assert set(outcomes) <= {"booked", "sold_out", "not_enough_seats"}, outcomes
    assert outcomes["booked"] == 24 - outcomes["sold_out"] - outcomes["not_enough_seats"] == 8
    seated = Ticket.objects.filter(screening=screening, status__in=Ticket.SEATED)
    assert seated.count() == 8
    assert seated.filter(online=True).count() <= 4
    assert _numbers(screening) == list(range(1, 9))


def test_seats_given_back_while_others_book_are_sold_once(make_screening, venue, make_member):
    from clef.tickets.booking import cancel_ticket

    screening = _screening(make_screening, venue, online_quota=4)
    holders = [make_member(f"holder{i}") for i in range(4)]
    tickets = [book(screening, user=h, prices=["5"])[0].tickets.get() for h in holders]
    bookers = [make_member(f"booker{i}") for i in range(8)]

    def act(fetched):
        kind, *rest = fetched
        if kind == "cancel":
            return cancel_ticket(rest[0], by=rest[1])
        # A refusal is an answer here, not an error: raising it would break the barrier
        # of threads still on their way out of it.
        try:
            return book(rest[0], user=rest[1], prices=["5"])
        except BookingRefused as refused:
            return refused

    results = at_once(
        12,
        lambda i: (
            ("cancel", Ticket.objects.get(pk=tickets[i].pk), holders[i])
            if i < 4
            else ("book", *_fetch(screening.pk, bookers[i - 4].pk))
        ),
        act,
    )

    assert [kind for kind, _value in results] == ["ok"] * 12, results
    answers = [value for _kind, value in results[4:]]
    booked = sum(1 for value in answers if not isinstance(value, BookingRefused))
    refused = {value.code for value in answers if isinstance(value, BookingRefused)}
    assert refused <= {"sold_out"}, refused
    online = Ticket.objects.filter(screening=screening, status__in=Ticket.SEATED, online=True)
    assert online.count() == booked <= 4
    assert Ticket.objects.filter(pk__in=[t.pk for t in tickets], status="cancelled").count() == 4


def test_children_registered_at_once_get_exactly_the_workshop_places(make_screening, venue):
    from clef.tickets import workshops
    from clef.tickets.models import Registration

    workshop = make_screening(
        venue.local_date() + dt.timedelta(days=4),
        "14:30",
        kind=Screening.Kind.WORKSHOP,
        pricing=Screening.Pricing.FREE,
        online_quota=3,
    )

    results = at_once(
        10,
        lambda i: (i, Screening.objects.select_related("room__venue").get(pk=workshop.pk)),
        lambda fetched: workshops.register(
            fetched[1],
            child_first_name=f"Child {fetched[0]}",
            child_age=8,
            guardian_name="Sam Parent",
            guardian_phone="06 00 00 00 00",
            guardian_email=f"parent{fetched[0]}@example.org",
            photo_consent=True,
        ),
    )

    assert [kind for kind, _value in results] == ["ok"] * 10, results
    statuses = Counter(
        Registration.objects.filter(screening=workshop).values_list("status", flat=True)
    )
    assert statuses == {Registration.Status.REGISTERED: 3, Registration.Status.WAITING: 7}
