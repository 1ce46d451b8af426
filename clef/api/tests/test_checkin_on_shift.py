"""The API's check-in opens, like the door's page, for a volunteer holding the door of that
screening by a shift, and for nobody else without the cashier's permission."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.programme.models import Screening
from clef.tickets.booking import book
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def tonight(big_template, big_room):
    return Screening.objects.create(
        room=big_room,
        starts_at=timezone.now() + dt.timedelta(minutes=30),
        duration=100,
        status=Screening.Status.PUBLISHED,
    )


def test_a_volunteer_on_the_door_shift_checks_in_by_the_api(
    call, bearer, tonight, make_volunteer, paid_member
):
    booking, _ = book(tonight, user=paid_member, prices=["0"], method="door")
    ticket = booking.tickets.get()
    on_shift = make_volunteer("dora", "door")
    Signup.objects.create(
        shift=Shift.objects.get(screening=tonight, team__code="door"), person=on_shift
    )
    not_on_shift = make_volunteer("nina", "door")
    body = {"screening": tonight.pk, "ticket": ticket.code}
    status, answer, _ = call("post", "/api/checkin", body, bearer(not_on_shift))
    assert status == 403
    status, answer, _ = call("post", "/api/checkin", body, bearer(on_shift))
    assert (status, answer["ok"]) == (200, True)
    # Taking money stays the cashiers' (or a volunteer on a till shift).
    status, answer, _ = call(
        "post", "/api/checkin", {**body, "collect": True, "method": "cash"}, bearer(on_shift)
    )
    assert status == 403
