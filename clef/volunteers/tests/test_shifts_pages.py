import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clef.lib import roles
from clef.volunteers.models import CalendarFeed, Shift, ShiftPreferences, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def screening(big_template, make_screening, day_ahead):
    return make_screening(day_ahead, "20:00")


@pytest.fixture
def signed_in(client, venue, volunteer):
    client.force_login(volunteer)
    return client


def door_of(screening):
    return Shift.objects.get(screening=screening, team__code="door")


def test_the_volunteers_page_lists_what_they_may_take_and_how_to_qualify(signed_in, screening):
    page = signed_in.get(reverse("volunteers:index")).content.decode()
    door = door_of(screening)
    assert reverse("volunteers:take_shift", args=[door.pk]) in page
    # Projection needs a training vera does not hold: shown with the way to it.
    assert "Projeter" in page
    assert reverse("volunteers:trainings") in page


def test_one_tap_signs_up_and_the_shift_moves_to_mine(signed_in, screening, volunteer):
    door = door_of(screening)
    response = signed_in.post(reverse("volunteers:take_shift", args=[door.pk]))
    assert response.status_code == 302
    assert Signup.objects.get().person == volunteer
    page = signed_in.get(reverse("volunteers:shift", args=[door.pk])).content.decode()
    assert reverse("volunteers:cancel_shift", args=[door.pk]) in page


def test_a_refused_signup_says_why_and_writes_nothing(signed_in, screening):
    projection = Shift.objects.get(screening=screening, team__code="projection")
    response = signed_in.post(reverse("volunteers:take_shift", args=[projection.pk]), follow=True)
    assert not Signup.objects.exists()
    assert next(str(m) for m in response.context["messages"]).count("Projection") == 1


def test_a_double_click_takes_one_place(signed_in, screening):
    door = door_of(screening)
    signed_in.post(reverse("volunteers:take_shift", args=[door.pk]))
    signed_in.post(reverse("volunteers:take_shift", args=[door.pk]))
    assert Signup.objects.count() == 1


@pytest.mark.parametrize("pk", ["٣", "99999999999999999999999999999", "0"])
def test_a_shift_that_is_not_there_is_a_404(signed_in, pk):
    assert signed_in.get(f"/benevoles/creneaux/{pk}/").status_code == 404


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "²٠٢٦-01-01", "x" * 5000])
def test_a_bad_week_is_refused_with_a_message(signed_in, week):
    response = signed_in.get(reverse("volunteers:index"), {"semaine": week}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1


def test_the_week_calendar_shows_the_weeks_shifts(signed_in, screening, day_ahead):
    response = signed_in.get(reverse("volunteers:index"), {"semaine": day_ahead.isoformat()})
    days = response.context["week"]["days"]
    assert [d.weekday() for d, _ in days] == list(range(7))
    assert [s.team.code for d, shifts in days if d == day_ahead for s in shifts] == [
        "door",
        "safety",
    ]


def test_the_list_costs_the_same_queries_however_many_shifts(
    signed_in, make_screening, big_template, day_ahead
):
    make_screening(day_ahead, "14:00")
    with CaptureQueriesContext(connection) as few:
        signed_in.get(reverse("volunteers:index"))
    for hour in ("16:00", "18:00", "20:00", "22:00"):
        make_screening(day_ahead + dt.timedelta(days=1), hour)
    with CaptureQueriesContext(connection) as many:
        signed_in.get(reverse("volunteers:index"))
    assert len(many) == len(few)


def test_the_reminder_is_chosen_and_a_bad_choice_refused(signed_in, volunteer):
    signed_in.post(reverse("volunteers:reminder"), {"reminder": "2h"})
    assert ShiftPreferences.objects.get(person=volunteer).reminder == "2h"
    signed_in.post(reverse("volunteers:reminder"), {"reminder": "x" * 5000})
    assert ShiftPreferences.objects.get(person=volunteer).reminder == "2h"


def test_the_calendar_feed_lists_my_shifts_until_revoked(client, signed_in, screening, volunteer):
    signed_in.post(reverse("volunteers:take_shift", args=[door_of(screening).pk]))
    signed_in.post(reverse("volunteers:feed_new"))
    feed = CalendarFeed.objects.get(person=volunteer)
    address = reverse("volunteers:feed", args=[feed.secret])
    client.logout()
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.count(b"BEGIN:VEVENT") == 1
    assert b"SUMMARY:Porte" in response.content

    signed_in.force_login(volunteer)
    signed_in.post(reverse("volunteers:feed_revoke"))
    client.logout()
    gone = client.get(address)
    assert gone.status_code == 410
    # In its owner's language; the French catalogue may not be compiled yet.
    assert gone.content.decode() in (
        "This calendar address was revoked by its owner: ask them for the new one, or make "
        "yours again on your volunteer's page.",
        "Cette adresse d’agenda a été révoquée par sa ou son titulaire : demandez-lui la "
        "nouvelle, ou refaites la vôtre sur votre page de bénévole.",
    )
    assert client.get("/benevoles/agenda/nothing-here.ics").status_code == 404


def test_another_persons_signup_cannot_be_cancelled_by_its_address(
    client, screening, volunteer, make_volunteer
):
    door = door_of(screening)
    client.force_login(volunteer)
    client.post(reverse("volunteers:take_shift", args=[door.pk]))
    client.force_login(make_volunteer("nina", "door"))
    client.post(reverse("volunteers:cancel_shift", args=[door.pk]))
    assert Signup.objects.get().status == Signup.Status.SIGNED


def test_the_coordinator_adds_a_one_off_shift_and_a_bad_one_is_refused(client, venue, teams):
    from conftest import _user

    client.force_login(_user("coline", roles.COORDINATOR))
    url = reverse("volunteers:new_shift")
    data = {"team": "bar", "title": "Festival", "day": "2027-03-03", "starts": "18:00"}
    bad = client.post(url, {**data, "ends": "17:00", "places": "2"})
    assert bad.status_code == 400
    assert not Shift.objects.exists()
    unicode = client.post(url, {**data, "ends": "٢٠:٠٠", "places": "2"})
    assert unicode.status_code == 400
    assert client.post(url, {**data, "ends": "20:00", "places": "9" * 30}).status_code == 400
    made = client.post(url, {**data, "ends": "20:00", "places": "2"})
    assert made.status_code == 302
    assert Shift.objects.get().places == 2


def test_the_gaps_page_puts_a_screening_without_safety_first(client, screening):
    from conftest import _user

    client.force_login(_user("coline", roles.COORDINATOR))
    with translation.override("en"):
        response = client.get(reverse("volunteers:gaps"))
    assert [row["screening"] for row in response.context["not_ready"]] == [screening]
    assert next(s.team.code for s in response.context["rows"][0]["shifts"]) == "safety"


def test_the_gaps_page_is_for_coordinators(signed_in):
    assert signed_in.get(reverse("volunteers:gaps")).status_code == 403
