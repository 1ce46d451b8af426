import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from clef.lib import roles
from clef.programme.models import Screening
from clef.volunteers import gaps, shifts
from clef.volunteers.models import GapAlert, Shift, ShiftPreferences
from clef.volunteers.shifts_reminders import send_reminders
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def screening_in(room, delta):
    return Screening.objects.create(
        room=room,
        starts_at=timezone.now() + delta,
        duration=100,
        status=Screening.Status.PUBLISHED,
    )


def run(action, *args):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action(*args)


def test_reminders_follow_each_persons_choice_and_go_once(big_template, big_room, make_volunteer):
    screening = screening_in(big_room, dt.timedelta(hours=20))
    door = Shift.objects.get(screening=screening, team__code="door")
    day_before = make_volunteer("ana", "door")
    two_hours = make_volunteer("bob", "door", language="en")
    ShiftPreferences.objects.create(person=two_hours, reminder="2h")
    shifts.sign_up(door, day_before)
    shifts.sign_up(door, two_hours)

    assert run(send_reminders) == 1
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert run(send_reminders) == 0

    close = door.starts_at - dt.timedelta(hours=1)
    assert run(send_reminders, close) == 1
    assert mail.outbox[1].to == ["bob@example.org"]
    assert mail.outbox[1].subject.startswith("Reminder: your Door shift")
    assert run(send_reminders, close) == 0


def test_nobody_is_reminded_who_chose_none(big_template, big_room, make_volunteer):
    screening = screening_in(big_room, dt.timedelta(hours=1))
    quiet = make_volunteer("ana", "door")
    ShiftPreferences.objects.create(person=quiet, reminder="none")
    shifts.sign_up(Shift.objects.get(screening=screening, team__code="door"), quiet)
    call_command("send_shift_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_gap_emails_go_to_qualified_volunteers_once_a_day(
    settings, big_template, big_room, make_volunteer
):
    settings.CLEF_SHIFT_GAP_DAYS = 3
    screening_in(big_room, dt.timedelta(days=2))
    screening_in(big_room, dt.timedelta(days=2, hours=4))
    screening_in(big_room, dt.timedelta(days=6))  # too far off yet
    safe = make_volunteer("sam", "safety", language="en")
    make_volunteer("nobody")

    assert run(gaps.send_gap_alerts) == 1
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    body = mail.outbox[0].body
    # The two safety shifts of the coming days, in English.
    assert body.count("Audience safety") == 2
    assert run(gaps.send_gap_alerts) == 0
    assert GapAlert.objects.get().person == safe


def test_a_screening_without_its_safety_staff_is_not_ready(big_template, big_room, make_volunteer):
    screening = screening_in(big_room, dt.timedelta(days=3))
    with translation.override("en"):
        ready, missing = gaps.screening_staffed(screening)
    assert ready is False
    assert missing == [
        "Audience safety: 1 of 1 missing",
        "Till: 1 of 1 missing",
        "Door: 2 of 2 missing",
        "Projection: 1 of 1 missing",
    ]
    safety = Shift.objects.get(screening=screening, team__code="safety")
    shifts.sign_up(safety, make_volunteer("sam", "safety"))
    ready, missing = gaps.screening_staffed(screening)
    assert ready is True
    assert [line.split(":")[0].strip() for line in missing] == ["Caisse", "Porte", "Projection"]


def test_the_gaps_page_costs_the_same_queries_however_many_screenings(
    client, venue, big_template, big_room
):
    from conftest import _user

    client.force_login(_user("coline", roles.COORDINATOR))
    screening_in(big_room, dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("volunteers:gaps"))
    for n in range(2, 6):
        screening_in(big_room, dt.timedelta(days=n))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("volunteers:gaps"))
    assert len(response.context["rows"]) == 5
    assert len(many) == len(few)
