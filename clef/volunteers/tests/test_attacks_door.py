"""The door opened by a shift, tried as its holder might misuse it: taking money (a door
volunteer is no cashier), letting in a ticket of another screening through the one they
hold, and keeping the door after the shift is given away."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.boxoffice.models import Sale, TillSession
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Ticket
from clef.volunteers.models import Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403
from clef.volunteers.tests.test_shifts_access_matrix import screening_at, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def tonight(big_template, big_room):
    return screening_at(big_room, timezone.now() + dt.timedelta(minutes=30))


@pytest.fixture
def tomorrow(big_template, big_room):
    return screening_at(big_room, timezone.now() + dt.timedelta(days=1))


@pytest.fixture
def dora(make_volunteer, tonight):
    user = make_volunteer("dora", "door")
    sign(user, tonight, "door")
    return user


def test_a_door_volunteer_cannot_take_the_money_of_a_ticket(client, dora, tonight, make_member):
    booking, _created = book(tonight, user=make_member("hugo"), prices=["5"], method="door")
    ticket = booking.tickets.get()
    client.force_login(dora)
    url = reverse("boxoffice:door_check_in", args=[tonight.pk])
    response = client.post(url, {"raw": ticket.code, "collect": "cash"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.BOOKED
    assert not Sale.objects.exists()
    assert not TillSession.objects.exists()


def test_a_door_volunteer_cannot_let_in_a_ticket_of_another_screening(
    client, dora, tonight, tomorrow, make_member
):
    booking, _created = book(tomorrow, user=make_member("hugo"), prices=["5"], method="test")
    mark_paid(booking.payment)
    ticket = booking.tickets.get()
    client.force_login(dora)
    url = reverse("boxoffice:door_check_in", args=[tonight.pk])
    client.post(url, {"raw": ticket.code})
    client.post(url, {"raw": ticket.code, "confirmed": "1"})
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PAID
    # Nor reach tomorrow's door by its address.
    other = reverse("boxoffice:door_check_in", args=[tomorrow.pk])
    assert client.post(other, {"raw": ticket.code}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.PAID


def test_a_place_given_away_closes_the_door(client, dora, tonight, make_volunteer):
    signup = Signup.objects.get(person=dora)
    # Taken over by another volunteer (straight in: the shift has started).
    signup.status = Signup.Status.SWAPPED
    signup.save()
    Signup.objects.create(
        shift=signup.shift, person=make_volunteer("dany", "door"), taken_from=signup
    )
    client.force_login(dora)
    url = reverse("boxoffice:door_check_in", args=[tonight.pk])
    assert client.get(url).status_code == 403
