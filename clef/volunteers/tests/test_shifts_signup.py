import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone, translation

from clef.audit.models import Action
from clef.lib.refusals import Refused
from clef.volunteers import shifts
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def screening(big_template, make_screening, day_ahead):
    return make_screening(day_ahead, "20:00")


def shift_of(screening, team):
    return Shift.objects.get(screening=screening, team__code=team)


def test_a_qualified_volunteer_signs_up_in_one_tap(screening, volunteer):
    signup = shifts.take(shift_of(screening, "door"), volunteer)
    assert signup.status == Signup.Status.SIGNED
    assert Action.objects.filter(name="volunteers.signup.made").count() == 1


def test_it_refuses_a_volunteer_without_the_qualification(screening, volunteer):
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.take(shift_of(screening, "projection"), volunteer)
    assert refused.value.code == "not_qualified"
    assert "Projection" in refused.value.message
    assert not Signup.objects.exists()


def test_it_refuses_a_qualification_expired_by_the_shifts_day(
    screening, make_volunteer, qualify, day_ahead
):
    late = make_volunteer("lucie")
    qualify(late, "safety", expires_on=day_ahead - dt.timedelta(days=1))
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.take(shift_of(screening, "safety"), late)
    assert refused.value.code == "not_qualified"


def test_it_refuses_an_overlapping_shift(screening, volunteer):
    shifts.take(shift_of(screening, "door"), volunteer)
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.take(shift_of(screening, "safety"), volunteer)
    assert refused.value.code == "overlap"
    assert Signup.objects.count() == 1


def test_it_refuses_past_the_weekly_cap(
    settings, venue, teams, volunteer, day_ahead, coordinator_user
):
    settings.CLEF_SHIFT_WEEKLY_CAP = 2
    monday = day_ahead - dt.timedelta(days=day_ahead.weekday())
    made = [
        shifts.add_one_off(
            venue,
            team=teams["bar"],
            starts_at=timezone.make_aware(dt.datetime.combine(monday, dt.time(10 + 3 * n, 0))),
            ends_at=timezone.make_aware(dt.datetime.combine(monday, dt.time(12 + 3 * n, 0))),
            by=coordinator_user,
        )
        for n in range(3)
    ]
    shifts.take(made[0], volunteer)
    shifts.take(made[1], volunteer)
    with translation.override("en"), pytest.raises(shifts.ShiftRefused) as refused:
        shifts.take(made[2], volunteer)
    assert refused.value.code == "weekly_cap"
    assert refused.value.message == (
        "You already have 2 shifts that week, the most one person takes."
    )


def test_it_refuses_a_full_shift(screening, make_volunteer):
    safety = shift_of(screening, "safety")
    shifts.take(safety, make_volunteer("ana", "safety"))
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.take(safety, make_volunteer("bob", "safety"))
    assert refused.value.code == "full"
    assert Signup.objects.count() == 1


def test_a_volunteer_cancels_before_the_cutoff(screening, volunteer):
    signup = shifts.take(shift_of(screening, "door"), volunteer)
    shifts.cancel(signup, by=volunteer)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED


def test_after_the_cutoff_cancelling_is_refused_and_the_place_is_offered_then_taken(
    screening, volunteer, make_volunteer
):
    door = shift_of(screening, "door")
    door.places = 1
    door.save()
    signup = shifts.take(door, volunteer)
    late = door.starts_at - dt.timedelta(hours=10)
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.cancel(signup, by=volunteer, now=late)
    assert refused.value.code == "past_cutoff"

    shifts.offer(signup, by=volunteer, now=late)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.OFFERED
    other = make_volunteer("nina", "door", language="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        mine = shifts.take(door, other, now=late)

    signup.refresh_from_db()
    assert signup.status == Signup.Status.SWAPPED
    assert mine.taken_from == signup
    assert list(
        door.signups.filter(status__in=Signup.ACTIVE).values_list("person__username", flat=True)
    ) == ["nina"]
    assert [m.to for m in mail.outbox] == [["vera@example.org"]]
    # Each in its reader's language: vera reads French, her team's French name.
    assert "Porte" in mail.outbox[0].subject


def test_nobody_cancels_someone_elses_signup(screening, volunteer, make_volunteer):
    signup = shifts.take(shift_of(screening, "door"), volunteer)
    other = make_volunteer("nina", "door")
    with pytest.raises(Refused) as refused:
        shifts.cancel(signup, by=other)
    assert refused.value.code == "not_yours"
    assert refused.value.status == 403


def test_it_refuses_a_one_off_shift_ending_before_it_starts(venue, teams, coordinator_user):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(shifts.ShiftRefused) as refused:
        shifts.add_one_off(
            venue,
            team=teams["bar"],
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            by=coordinator_user,
        )
    assert refused.value.code == "ends_before_start"
    assert not Shift.objects.exists()


@pytest.fixture
def coordinator_user(db):
    from clef.lib import roles
    from conftest import _user

    return _user("coline", roles.COORDINATOR)
