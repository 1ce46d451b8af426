import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from clef.lib.timezones import local_to_utc
from clef.programme.models import Screening
from clef.programme.services import set_status
from clef.volunteers import shifts, staffing
from clef.volunteers.models import Shift, Signup, StaffingTemplate
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_publishing_a_screening_makes_its_shifts_from_the_template(
    big_template, make_screening, day_ahead, venue
):
    screening = make_screening(day_ahead, "20:00", status=Screening.Status.DRAFT)
    assert not Shift.objects.exists()

    set_status(Screening.objects.filter(pk=screening.pk), Screening.Status.PUBLISHED)

    made = {s.team.code: s for s in Shift.objects.filter(screening=screening)}
    assert sorted(made) == ["door", "projection", "safety", "till"]
    start = local_to_utc(day_ahead, dt.time(20, 0), "Europe/Paris")
    projection = made["projection"]
    assert projection.starts_at == start - dt.timedelta(minutes=30)
    assert projection.ends_at == screening.ends_at + dt.timedelta(minutes=15)
    assert projection.arrive_at == start - dt.timedelta(minutes=45)
    assert made["door"].places == 2
    assert made["till"].starts_at == start - dt.timedelta(minutes=45)


def test_saving_a_published_screening_again_makes_no_second_set(
    big_template, make_screening, day_ahead
):
    screening = make_screening(day_ahead)
    screening.save()
    screening.save()
    assert Shift.objects.filter(screening=screening).count() == 4


def test_a_screening_without_a_template_gets_no_shifts(
    make_screening, small_room, day_ahead, big_template
):
    screening = make_screening(day_ahead, room=small_room)
    assert not Shift.objects.filter(screening=screening).exists()


def test_moving_a_screening_moves_its_shifts_and_tells_who_signed_up(
    big_template, make_screening, day_ahead, volunteer
):
    screening = make_screening(day_ahead, "20:00")
    door = Shift.objects.get(screening=screening, team__code="door")
    shifts.sign_up(door, volunteer)
    mail.outbox.clear()

    screening.starts_at = local_to_utc(day_ahead, dt.time(21, 30), "Europe/Paris")
    with_commit(screening.save)

    door.refresh_from_db()
    assert door.starts_at == screening.starts_at - dt.timedelta(minutes=45)
    assert door.arrive_at == screening.starts_at - dt.timedelta(minutes=60)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vera@example.org"]
    assert "21:30" not in mail.outbox[0].subject  # the shift starts 45 minutes before
    assert "20:45" in mail.outbox[0].subject


def test_cancelling_a_screening_cancels_its_shifts_and_tells_them(
    big_template, make_screening, day_ahead, make_volunteer
):
    screening = make_screening(day_ahead)
    english = make_volunteer("eddie", "door", language="en")
    door = Shift.objects.get(screening=screening, team__code="door")
    signup = shifts.sign_up(door, english)
    mail.outbox.clear()

    with_commit(
        lambda: set_status(Screening.objects.filter(pk=screening.pk), Screening.Status.CANCELLED)
    )

    assert set(Shift.objects.filter(screening=screening).values_list("status", flat=True)) == {
        "cancelled"
    }
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("is cancelled")
    assert "Door" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["eddie@example.org"]


def test_it_refuses_a_template_naming_a_team_that_does_not_exist(venue, big_room, teams):
    with translation.override("en"), pytest.raises(staffing.StaffingRefused) as refused:
        staffing.save_template(
            venue,
            name="Grande salle",
            room=big_room,
            needs=[{"team": "projection"}, {"team": "jugglers"}],
        )
    assert refused.value.code == "unknown_team"
    assert refused.value.message == "There is no team “jugglers”."
    assert not StaffingTemplate.objects.exists()


def test_a_childrens_screening_takes_the_childrens_template(
    venue, big_room, big_template, make_screening, day_ahead
):
    staffing.save_template(
        venue,
        name="Séance jeune public",
        for_children=True,
        needs=[{"team": "welcome", "places": 2}, {"team": "safety"}],
    )
    screening = make_screening(day_ahead, for_children=True)
    assert sorted(
        Shift.objects.filter(screening=screening).values_list("team__code", flat=True)
    ) == [
        "safety",
        "welcome",
    ]


def test_the_bar_gets_a_shift_on_each_open_day_once(venue, teams):
    from clef.volunteers.models import BarHours

    BarHours.objects.create(
        venue=venue, team=teams["bar"], opens=dt.time(18, 0), closes=dt.time(23, 0), places=2
    )
    monday = dt.date(2027, 3, 1)
    made = staffing.make_bar_shifts(venue, monday, monday + dt.timedelta(days=6))
    again = staffing.make_bar_shifts(venue, monday, monday + dt.timedelta(days=6))
    # Open Wednesday to Sunday: five days.
    assert len(made) == 5
    assert again == []
    first = Shift.objects.filter(origin="bar").order_by("starts_at").first()
    assert first.starts_at == local_to_utc(dt.date(2027, 3, 3), dt.time(18, 0), "Europe/Paris")


def with_commit(action):
    """Run ``action`` and its on-commit callbacks (the emails)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        action()


def test_the_bar_keeps_its_local_hours_across_the_change_to_summer_time(venue, teams):
    from clef.volunteers.models import BarHours

    BarHours.objects.create(
        venue=venue, team=teams["bar"], opens=dt.time(18, 0), closes=dt.time(23, 0)
    )
    saturday = dt.date(2027, 3, 27)  # the clocks go forward in the night to Sunday
    staffing.make_bar_shifts(venue, saturday, saturday + dt.timedelta(days=1))
    starts = list(Shift.objects.order_by("starts_at").values_list("starts_at", flat=True))
    assert starts == [
        dt.datetime(2027, 3, 27, 17, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 3, 28, 16, 0, tzinfo=dt.UTC),
    ]
