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
