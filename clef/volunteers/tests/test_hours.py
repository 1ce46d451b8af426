import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from clef.lib import roles
from clef.lib.refusals import Forbidden, Refused
from clef.lib.timezones import local_to_utc
from clef.volunteers import hours
from clef.volunteers.hours_report import csv_bytes, year_report
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password-1"


@pytest.fixture
def coordinator(db):
    from conftest import _user

    return _user("corinne", roles.COORDINATOR, first_name="Corinne")


@pytest.fixture
def past_shift(venue, teams):
    """A bar shift on 12 November 2026: arrive 19:15, 19:30 to 22:15 (3 hours given)."""

    def make(team="bar", day=dt.date(2026, 11, 12), people=()):
        shift = Shift.objects.create(
            venue=venue,
            team=teams[team],
            title="Bar du soir",
            arrive_at=local_to_utc(day, dt.time(19, 15), "Europe/Paris"),
            starts_at=local_to_utc(day, dt.time(19, 30), "Europe/Paris"),
            ends_at=local_to_utc(day, dt.time(22, 15), "Europe/Paris"),
            places=len(people) or 1,
        )
        for person in people:
            Signup.objects.create(shift=shift, person=person)
        return shift

    return make


@pytest.fixture
def three(make_volunteer):
    return [
        make_volunteer("ana", "bar"),
        make_volunteer("bruno", "bar"),
        make_volunteer("chloe", "bar"),
    ]


def _signups(shift):
    return {s.person.username: s for s in Signup.objects.filter(shift=shift)}


def test_the_coordinator_confirms_who_came_and_marks_the_no_shows(past_shift, three, coordinator):
    shift = past_shift(people=three)
    signups = _signups(shift)

    hours.confirm_attendance(shift, came=[signups["ana"].pk, signups["chloe"].pk], by=coordinator)

    after = _signups(shift)
    assert {name: s.attendance for name, s in after.items()} == {
        "ana": "came",
        "bruno": "no_show",
        "chloe": "came",
    }
    assert {s.attendance_by for s in after.values()} == {coordinator}
    assert hours.shift_hours(shift) == Decimal("3.00")


def test_confirming_hours_twice_is_refused(past_shift, three, coordinator):
    shift = past_shift(people=three)
    signups = _signups(shift)
    hours.confirm_attendance(shift, came=[signups["ana"].pk], by=coordinator)

    with pytest.raises(Refused) as refused:
        hours.confirm_attendance(shift, came=[s.pk for s in signups.values()], by=coordinator)

    assert refused.value.code == "hours_already_confirmed"
    assert Signup.objects.filter(attendance="came").count() == 1


def test_the_teams_lead_confirms_and_another_volunteer_may_not(past_shift, three, teams):
    ana, bruno, _chloe = three
    teams["bar"].lead = ana
    teams["bar"].save()
    shift = past_shift(people=three)

    with pytest.raises(Forbidden):
        hours.confirm_attendance(shift, came=[], by=bruno)
    assert not Signup.objects.exclude(attendance="unknown").exists()

    hours.confirm_attendance(shift, came=[], by=ana)
    assert Signup.objects.filter(attendance="no_show").count() == 3


def test_a_shift_to_come_cannot_be_confirmed(past_shift, three, coordinator):
    shift = past_shift(day=dt.date(2999, 1, 1), people=three)

    with pytest.raises(Refused) as refused:
        hours.confirm_attendance(shift, came=[], by=coordinator)

    assert refused.value.code == "shift_not_started"


def test_the_year_report_values_the_hours_per_team_and_month(
    past_shift, three, coordinator, settings
):
    settings.CLEF_VOLUNTEER_HOUR_RATE = Decimal("11.88")
    ana = three[0]
    bar = past_shift(people=three)
    door = past_shift(team="door", day=dt.date(2026, 10, 3), people=[ana])
    signups = _signups(bar)
    hours.confirm_attendance(bar, came=[signups["ana"].pk, signups["bruno"].pk], by=coordinator)
    hours.confirm_attendance(door, came=[door.signups.get().pk], by=coordinator)

    report = year_report(2026)

    assert [t.code for t in report.teams] == ["door", "bar"]
    assert [(p.name, p.total, p.no_shows) for p in report.people] == [
        ("ana", Decimal("6.00"), 0),
        ("bruno", Decimal("3.00"), 0),
        ("chloe", Decimal("0.00"), 1),
    ]
    assert report.total == Decimal("9.00")
    assert report.value == Decimal("106.92")
    assert [(day, hours, total) for day, hours, total in report.month_rows()] == [
        (dt.date(2026, 10, 1), [Decimal("3.00"), Decimal("0.00")], Decimal("3.00")),
        (dt.date(2026, 11, 1), [Decimal("0.00"), Decimal("6.00")], Decimal("6.00")),
    ]
    with translation.override("en"):
        text = csv_bytes(report).decode("utf-8-sig")
    assert text.splitlines() == [
        "Volunteer;Door;Bar;Hours;Value (€);Shifts;No-shows",
        "ana;3.00;3.00;6.00;71.28;2;0",
        "bruno;0.00;3.00;3.00;35.64;1;0",
        "chloe;0.00;0.00;0.00;0.00;0;1",
        "Total;3.00;6.00;9.00;106.92;3;1",
    ]
    assert year_report(2025).people == []


def _signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_report_page_asks_the_same_queries_however_many_volunteers(
    client, past_shift, make_volunteer, coordinator
):
    url = reverse("volunteers:hours_report", args=[2026])
    _signed_in(client, coordinator)

    def counted():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    def shift_with(names, day):
        people = [make_volunteer(name, "bar") for name in names]
        shift = past_shift(day=day, people=people)
        hours.confirm_attendance(shift, came=[s.pk for s in shift.signups.all()], by=coordinator)

    shift_with(["ana"], dt.date(2026, 11, 12))
    few = counted()
    shift_with(["bruno", "chloe", "dora", "emile"], dt.date(2026, 11, 13))
    shift_with(["fanny", "gael"], dt.date(2026, 9, 13))

    assert counted() == few


def test_the_report_is_the_coordinators_and_refuses_odd_years(client, volunteer, coordinator):
    response = _signed_in(client, volunteer).get(reverse("volunteers:hours_report", args=[2026]))
    assert response.status_code == 403

    _signed_in(client, coordinator)
    assert client.get("/benevoles/heures/" + "9" * 30 + "/").status_code == 404
    assert client.get("/benevoles/heures/1/").status_code == 404
    assert client.get("/benevoles/heures/٣/").status_code == 404
    pdf = client.get(reverse("volunteers:hours_pdf", args=[2026]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("volunteers:hours_csv", args=[2026]))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"


def test_confirming_on_the_page_twice_confirms_once(client, past_shift, three, coordinator):
    shift = past_shift(people=three)
    signups = _signups(shift)
    url = reverse("volunteers:confirm_hours", args=[shift.pk])
    _signed_in(client, coordinator)

    first = client.post(url, {"came": [signups["ana"].pk, "٣", "9" * 30]})
    second = client.post(url, {"came": [signups["bruno"].pk]})

    assert first.status_code == 302
    assert second.status_code == 302
    assert dict(Signup.objects.values_list("person__username", "attendance")) == {
        "ana": "came",
        "bruno": "no_show",
        "chloe": "no_show",
    }


def test_another_volunteer_cannot_confirm_a_shift_by_its_address(
    client, past_shift, three, volunteer
):
    shift = past_shift(people=three)
    response = _signed_in(client, volunteer).post(
        reverse("volunteers:confirm_hours", args=[shift.pk]), {"came": []}
    )

    assert response.status_code == 403
    assert not Signup.objects.exclude(attendance="unknown").exists()


def test_the_hours_page_asks_the_same_queries_however_many_shifts_to_confirm(
    client, venue, teams, make_volunteer, coordinator, make_screening
):
    _signed_in(client, coordinator)
    url = reverse("volunteers:hours")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    def shift_at(time, name):
        screening = make_screening(yesterday, time)
        shift = Shift.objects.create(
            venue=venue,
            screening=screening,
            team=teams["door"],
            arrive_at=screening.starts_at - dt.timedelta(minutes=30),
            starts_at=screening.starts_at - dt.timedelta(minutes=15),
            ends_at=screening.starts_at + dt.timedelta(hours=2),
        )
        Signup.objects.create(shift=shift, person=make_volunteer(name, "door"))

    def counted():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode().count("/benevoles/heures/creneau/")

    shift_at("14:00", "ana")
    few, listed = counted()
    shift_at("16:00", "bruno")
    shift_at("18:00", "chloe")

    assert listed == 1
    assert counted() == (few, 3)
