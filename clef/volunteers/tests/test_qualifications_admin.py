import pytest
from django.utils import timezone

from clef.audit.models import Action
from clef.lib import roles
from clef.volunteers.models import Qualification, Team, Training, TrainingSession
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password-1"


@pytest.fixture
def coordinator(db):
    from conftest import _user

    return _user("corinne", roles.COORDINATOR, is_staff=True)


def test_the_coordinator_adds_a_team_in_the_back_office(client, coordinator, teams):
    client.login(username="corinne", password=PASSWORD)

    assert client.get("/gestion/volunteers/team/").status_code == 200
    response = client.post(
        "/gestion/volunteers/team/add/",
        {"code": "library", "name": "Bibliothèque", "name_en": "Library", "position": "7"},
    )

    assert response.status_code == 302
    assert Team.objects.get(code="library").name_en == "Library"
    assert Action.objects.filter(name="volunteers.team.created").count() == 1


def test_the_back_office_refuses_a_session_of_capacity_zero(client, coordinator, teams):
    client.login(username="corinne", password=PASSWORD)
    now = timezone.localtime()

    response = client.post(
        "/gestion/volunteers/trainingsession/add/",
        {
            "training": Training.objects.get(code="safety").pk,
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": "18:00:00",
            "duration_minutes": "120",
            "trainer": coordinator.pk,
            "capacity": "0",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "capacity" in response.context["adminform"].form.errors
    assert not TrainingSession.objects.exists()


def test_a_volunteer_cannot_edit_teams(client, volunteer):
    client.login(username=volunteer.username, password=PASSWORD)

    response = client.get("/gestion/volunteers/team/")

    assert response.status_code == 302


def test_the_back_office_refuses_a_qualification_granted_in_year_9999(
    client, coordinator, volunteer
):
    client.login(username="corinne", password=PASSWORD)
    before = Qualification.objects.count()

    response = client.post(
        "/gestion/volunteers/qualification/add/",
        {
            "person": volunteer.pk,
            "training": Training.objects.get(code="safety").pk,
            "granted_on": "31/12/9999",
        },
    )

    assert response.status_code == 200
    assert "2999" in str(response.context["adminform"].form.errors["granted_on"])
    assert Qualification.objects.count() == before
