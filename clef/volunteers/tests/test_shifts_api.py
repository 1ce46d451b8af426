import datetime as dt

import pytest

from clef.api.services import issue_token
from clef.volunteers.models import Shift, Signup
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def screening(big_template, make_screening, day_ahead):
    return make_screening(day_ahead, "20:00")


def headers(user):
    token, _api_token = issue_token(user, "tests")
    return {"Authorization": f"Bearer {token}"}


def test_a_volunteer_lists_signs_up_and_cancels_from_the_phone(client, venue, screening, volunteer):
    auth = headers(volunteer)
    door = Shift.objects.get(screening=screening, team__code="door")

    listed = client.get("/api/shifts", headers=auth).json()
    assert [s["team"] for s in listed["open"]] == ["door", "safety"]
    assert listed["mine"] == []

    taken = client.post(f"/api/shifts/{door.pk}/signup", headers=auth)
    assert taken.status_code == 201
    assert taken.json()["mine"] == "signed"
    assert taken.json()["taken"] == 1

    again = client.post(f"/api/shifts/{door.pk}/signup", headers=auth)
    assert (again.status_code, again.json()["code"]) == (409, "already_signed_up")

    cancelled = client.post(f"/api/shifts/{door.pk}/cancel", headers=auth)
    assert cancelled.status_code == 200
    assert cancelled.json()["mine"] is None
    assert Signup.objects.get().status == Signup.Status.CANCELLED


def test_the_api_refuses_the_unqualified_and_unknown_shifts(client, venue, screening, volunteer):
    auth = headers(volunteer)
    projection = Shift.objects.get(screening=screening, team__code="projection")
    refused = client.post(f"/api/shifts/{projection.pk}/signup", headers=auth)
    assert (refused.status_code, refused.json()["code"]) == (409, "not_qualified")
    for pk in ("٣", "9" * 30, "abc"):
        missing = client.post(f"/api/shifts/{pk}/signup", headers=auth)
        assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert not Signup.objects.exists()


def test_the_api_is_for_volunteers(client, venue, member):
    response = client.get("/api/shifts", headers=headers(member))
    assert (response.status_code, response.json()["code"]) == (403, "not_a_volunteer")
    assert client.get("/api/shifts").status_code == 401


def test_past_the_cutoff_the_api_offers_the_place(
    client, venue, big_template, make_screening, volunteer
):
    import django.utils.timezone as tz

    soon = make_screening(tz.localdate() + dt.timedelta(days=1), "23:30")
    door = Shift.objects.get(screening=soon, team__code="door")
    auth = headers(volunteer)
    client.post(f"/api/shifts/{door.pk}/signup", headers=auth)
    late = client.post(f"/api/shifts/{door.pk}/cancel", headers=auth)
    assert (late.status_code, late.json()["code"]) == (409, "past_cutoff")
    offered = client.post(f"/api/shifts/{door.pk}/offer", headers=auth)
    assert offered.json()["mine"] == "offered"
