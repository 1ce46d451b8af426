"""One member booking from many tabs at the same instant, each in its own thread with its
own database connection: the seats one person may hold for a screening, and the seats
held to pay at the door across screenings, hold as they do one at a time."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from clef.programme.models import Screening
from clef.tickets.booking import BookingRefused, book
from clef.tickets.models import Ticket
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _fetch(screening_pk, user_pk):
    screening = Screening.objects.select_related("room__venue").get(pk=screening_pk)
    return screening, get_user_model().objects.get(pk=user_pk)


def _outcomes(results):
    return Counter(
        "booked"
        if kind == "ok"
        else value.code
        if isinstance(value, BookingRefused)
        else repr(value)
        for kind, value in results
    )


def test_eight_tabs_of_one_member_get_the_four_seats_one_person_may_hold(
    make_screening, venue, make_member
):
    screening = make_screening(venue.local_date() + dt.timedelta(days=5))
    member = make_member("tabs")

    results = at_once(
        8,
        lambda i: _fetch(screening.pk, member.pk),
        lambda fetched: book(fetched[0], user=fetched[1], prices=["0"]),
    )

    assert _outcomes(results) == {"booked": 4, "person_limit": 4}
    assert Ticket.objects.filter(screening=screening, booking__person=member).count() == 4


def test_six_screenings_booked_at_once_to_pay_at_the_door_hold_four_seats(
    make_screening, venue, make_member
):
    screenings = [
        make_screening(venue.local_date() + dt.timedelta(days=5), f"{hour}:00")
        for hour in range(14, 20)
    ]
    member = make_member("holds")

    results = at_once(
        6,
        lambda i: _fetch(screenings[i].pk, member.pk),
        lambda fetched: book(fetched[0], user=fetched[1], prices=["5"], method="door"),
    )

    assert _outcomes(results) == {"booked": 4, "door_hold_limit": 2}
    held = Ticket.objects.filter(booking__person=member, status=Ticket.Status.BOOKED)
    assert held.count() == 4
