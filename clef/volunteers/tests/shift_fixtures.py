"""Fixtures of the shifts' tests: the teams and trainings La Clef starts with, a template
for the big room, volunteers holding a qualification. Imported by each test file:
``from clef.volunteers.tests.shift_fixtures import *``."""

import datetime as dt

import pytest
from django.utils import timezone

from clef.lib import roles
from clef.volunteers import staffing
from clef.volunteers.models import Qualification, ShadowShift, Team, Training
from clef.volunteers.qualifications_defaults import ensure_teams_and_trainings

__all__ = ["big_template", "day_ahead", "make_volunteer", "qualify", "teams", "volunteer"]


@pytest.fixture
def teams(db):
    ensure_teams_and_trainings()
    return {team.code: team for team in Team.objects.all()}


@pytest.fixture
def big_template(venue, big_room, teams):
    """The big room: a projectionist, one at the till, one for safety, one at the door."""
    return staffing.save_template(
        venue,
        name="Grande salle",
        room=big_room,
        needs=[
            {"team": "projection", "places": 1, "start_offset": -30, "end_offset": 15},
            {"team": "till", "places": 1, "start_offset": -45, "end_offset": 0},
            {"team": "safety", "places": 1, "start_offset": -30, "end_offset": 15},
            {"team": "door", "places": 2, "start_offset": -45, "end_offset": 0},
        ],
    )


@pytest.fixture
def qualify(teams):
    def give(user, training_code, *, granted_on=None, expires_on=None):
        training = Training.objects.get(code=training_code)
        granted_on = granted_on or dt.date(2000, 1, 1)
        # The shifts the training asks to shadow, confirmed (by the volunteer's own
        # account: who confirms does not matter here).
        for n in range(training.shadow_shifts):
            ShadowShift.objects.create(
                person=user,
                training=training,
                day=granted_on + dt.timedelta(days=n),
                confirmed_by=user,
            )
        return Qualification.objects.create(
            person=user, training=training, granted_on=granted_on, expires_on=expires_on
        )

    return give


@pytest.fixture
def make_volunteer(db, qualify):
    from conftest import _user

    def make(username, *trainings, language="fr"):
        user = _user(username, roles.VOLUNTEER)
        from clef.members.models import Person

        Person.objects.update_or_create(user=user, defaults={"language": language})
        for code in trainings:
            qualify(user, code)
        return user

    return make


@pytest.fixture
def volunteer(make_volunteer):
    return make_volunteer("vera", "door", "safety", "bar")


@pytest.fixture
def day_ahead():
    """A local day ten days from today: far past any cut-off."""
    return timezone.localdate() + dt.timedelta(days=10)
