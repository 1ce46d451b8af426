"""The demo's volunteers: forty with varied qualifications, a session next week, the past
month's hours confirmed with two no-shows; loaded twice, nothing doubles."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from clef.demo.loader import load_demo
from clef.lib import roles
from clef.volunteers.models import Qualification, ShadowShift, Shift, Signup, TrainingSession
from clef.volunteers.qualifications import holds

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield


def _counts():
    return [
        model.objects.count()
        for model in (Qualification, ShadowShift, TrainingSession, Shift, Signup)
    ]


def test_the_demo_has_forty_volunteers_their_session_and_a_month_of_hours(demo):
    volunteers = get_user_model().objects.filter(groups__name=roles.VOLUNTEER)
    assert volunteers.count() == 40
    assert volunteers.filter(person__isnull=False).count() == 40
    volunteer = get_user_model().objects.get(username="volunteer")
    assert holds(volunteer, "door", on=TODAY)
    holders = Qualification.objects.filter(person__in=volunteers).order_by().values("person")
    assert holders.distinct().count() == 40
    expiring = Qualification.objects.filter(
        expires_on__gt=TODAY, expires_on__lte=TODAY + dt.timedelta(days=30)
    )
    assert expiring.count() >= 3
    session = TrainingSession.objects.get()
    assert session.training.code == "safety"
    assert 7 <= (session.starts_at.date() - TODAY).days <= 14
    assert session.registrations.count() >= 1
    past = Signup.objects.filter(attendance__in=["came", "no_show"])
    assert past.filter(attendance="no_show").count() == 2
    assert past.filter(attendance="came").count() >= 20

    before = _counts()
    with time_machine.travel(NOW, tick=False):
        load_demo()
    assert _counts() == before
