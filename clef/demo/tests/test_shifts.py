"""The demo's shifts: templates for both rooms, the coming weeks' shifts partly filled,
one screening without its safety staff, the demo volunteer on a door shift tonight;
loaded twice, nothing doubles."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from clef.demo.loader import load_demo
from clef.volunteers import access, gaps
from clef.volunteers.models import Shift, Signup, StaffingTemplate

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)  # a Saturday, open
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield


def counts():
    return [StaffingTemplate.objects.count(), Shift.objects.count(), Signup.objects.count()]


def test_the_demo_has_templates_and_coming_shifts_partly_filled(demo):
    assert sorted(StaffingTemplate.objects.values_list("name", flat=True)) == [
        "Grande salle",
        "Petite salle",
        "Séance jeune public",
    ]
    coming = Shift.objects.filter(starts_at__gt=NOW, status="open")
    taken = Signup.objects.filter(shift__in=coming, status="signed").count()
    places = sum(coming.values_list("places", flat=True))
    assert 0 < taken < places
    assert coming.filter(origin="bar").exists()


def test_the_demo_volunteer_holds_a_door_shift_tonight(demo):
    signup = Signup.objects.get(
        person__username="volunteer", shift__team__code="door", shift__starts_at__gt=NOW
    )
    screening = signup.shift.screening
    assert timezone.localtime(screening.starts_at).date() == TODAY
    with time_machine.travel(screening.starts_at, tick=False):
        assert access.can_check_in_at(signup.person, screening) is True
        assert access.can_use_till(signup.person) is False


def test_one_coming_screening_lacks_its_safety_staff(demo):
    with time_machine.travel(NOW, tick=False):
        rows, _others = gaps.coming_gaps(StaffingTemplate.objects.first().venue, now=NOW, days=21)
    assert len([row for row in rows if not row["ready"]]) == 1


def test_loading_twice_neither_fails_nor_doubles(demo):
    before = counts()
    with time_machine.travel(NOW, tick=False):
        load_demo()
    assert counts() == before
