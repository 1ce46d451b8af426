import pytest
from django.urls import reverse

from clef.lib import roles
from clef.volunteers.models import StaffingNeed, StaffingTemplate
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, venue, teams):
    from conftest import _user

    client.force_login(_user("coline", roles.COORDINATOR))
    return client


def blank(teams, **values):
    data = {"name": "Grande salle", "kind": ""}
    for code in teams:
        data.update({f"places_{code}": "0", f"start_{code}": "30", f"end_{code}": "15"})
        data[f"arrive_{code}"] = "15"
    return {**data, **values}


def test_the_coordinator_makes_a_template(coordinator, teams, big_room):
    data = blank(teams, room=big_room.pk, places_safety="1", places_door="2", start_door="45")
    response = coordinator.post(reverse("volunteers:staffing"), data)
    assert response.status_code == 302
    template = StaffingTemplate.objects.get()
    assert template.room == big_room
    needs = {
        n.team.code: (n.places, n.start_offset, n.end_offset) for n in StaffingNeed.objects.all()
    }
    assert needs == {"safety": (1, -30, 15), "door": (2, -45, 15)}
    page = coordinator.get(reverse("volunteers:staffing")).content.decode()
    assert "Grande salle" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"places_door": "٣"},
        {"places_door": "9" * 30},
        {"places_door": "51"},
        {"start_door": "-5", "places_door": "1"},
        {"name": "x" * 5000, "places_door": "1"},
        {},  # no team at all
    ],
)
def test_a_bad_template_is_refused_and_writes_nothing(coordinator, teams, bad):
    response = coordinator.post(reverse("volunteers:staffing"), blank(teams, **bad))
    assert response.status_code == 400
    assert not StaffingTemplate.objects.exists()


def test_the_templates_page_is_for_coordinators(client, venue, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("volunteers:staffing")).status_code == 403
