"""Staff pages opened by being on shift: each person against each page, as a matrix (in
the style of tickets' test_roles_matrix). The screening starts in half an hour: its door
and till shifts are on now; ``later`` starts in five hours, outside any window."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clef.boxoffice.models import Till
from clef.lib import roles
from clef.programme.models import Screening
from clef.volunteers import access, shifts
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

# 200 the page, 403 signed in but not allowed, 302 sent to sign in.
MATRIX = {
    #                                   door list  door  overview  later's door  tills  till
    "cashier": (200, 200, 200, 200, 200, 200),
    "door volunteer on shift": (200, 200, 200, 403, 403, 403),
    "door volunteer on a later shift": (403, 403, 403, 403, 403, 403),
    "door volunteer not signed up": (403, 403, 403, 403, 403, 403),
    "signed up without the qualification": (403, 403, 403, 403, 403, 403),
    "till volunteer on shift": (200, 200, 200, 403, 200, 200),
    "till volunteer, qualification expired": (403, 403, 403, 403, 403, 403),
    "coordinator": (403, 403, 403, 403, 403, 403),
    "visitor": (302, 302, 302, 302, 302, 302),
}


def screening_at(room, starts_at):
    return Screening.objects.create(
        room=room, starts_at=starts_at, duration=100, status=Screening.Status.PUBLISHED
    )


@pytest.fixture
def tonight(big_template, big_room):
    return screening_at(big_room, timezone.now() + dt.timedelta(minutes=30))


@pytest.fixture
def later(big_template, big_room):
    return screening_at(big_room, timezone.now() + dt.timedelta(hours=5))


def sign(user, screening, team):
    shift = Shift.objects.get(screening=screening, team__code=team)
    # Straight in: the service refuses the unqualified, whom the matrix needs too.
    return Signup.objects.create(shift=shift, person=user)


def person(who, make_volunteer, qualify, tonight, later):
    from conftest import _user

    if who == "visitor":
        return None
    if who == "cashier":
        return _user("camille", roles.CASHIER)
    if who == "coordinator":
        return _user("coline", roles.COORDINATOR)
    if who == "door volunteer on shift":
        user = make_volunteer("dora", "door")
        sign(user, tonight, "door")
    elif who == "door volunteer on a later shift":
        user = make_volunteer("dora", "door")
        sign(user, later, "door")
    elif who == "door volunteer not signed up":
        user = make_volunteer("dora", "door")
    elif who == "signed up without the qualification":
        user = make_volunteer("dora")
        sign(user, tonight, "door")
    elif who == "till volunteer on shift":
        user = make_volunteer("tilda", "till")
        sign(user, tonight, "till")
    elif who == "till volunteer, qualification expired":
        user = make_volunteer("tilda")
        qualify(user, "till", expires_on=timezone.localdate() - dt.timedelta(days=1))
        sign(user, tonight, "till")
    return user


@pytest.mark.parametrize("who", MATRIX)
def test_who_may_open_the_staff_pages(client, venue, who, make_volunteer, qualify, tonight, later):
    till = Till.objects.create(venue=venue, name="Caisse du hall")
    if (user := person(who, make_volunteer, qualify, tonight, later)) is not None:
        client.force_login(user)
    with translation.override("en"):
        urls = [
            reverse("tickets:door"),
            reverse("boxoffice:door_check_in", args=[tonight.pk]),
            reverse("tickets:screening_overview", args=[tonight.pk]),
            reverse("boxoffice:door_check_in", args=[later.pk]),
            reverse("boxoffice:tills"),
            reverse("boxoffice:till", args=[till.pk]),
        ]
    assert tuple(client.get(url).status_code for url in urls) == MATRIX[who]


def test_the_door_opens_an_hour_before_and_closes_an_hour_after(
    make_volunteer, big_template, big_room
):
    start = timezone.now() + dt.timedelta(days=2)
    screening = screening_at(big_room, start)
    dora = make_volunteer("dora", "door")
    shifts.sign_up(Shift.objects.get(screening=screening, team__code="door"), dora)
    opens, closes = start - dt.timedelta(hours=1), screening.ends_at + dt.timedelta(hours=1)
    minute = dt.timedelta(minutes=1)
    assert [
        access.on_door_shift(dora, screening, now=when)
        for when in (opens - minute, opens, start, closes, closes + minute)
    ] == [False, True, True, True, False]


def test_a_door_volunteer_is_not_a_cashier(make_volunteer, tonight):
    dora = make_volunteer("dora", "door")
    sign(dora, tonight, "door")
    assert access.can_check_in_at(dora, tonight) is True
    assert access.can_use_till(dora) is False
    assert roles.can_check_in(dora) is False


def test_a_cancelled_signup_closes_the_door(make_volunteer, tonight):
    dora = make_volunteer("dora", "door")
    signup = sign(dora, tonight, "door")
    signup.status = Signup.Status.CANCELLED
    signup.save()
    assert access.can_check_in_at(dora, tonight) is False
