import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.volunteers import trainings
from clef.volunteers.models import Qualification, SessionRegistration, ShadowShift, Training
from clef.volunteers.tests.shift_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

PASSWORD = "a-test-password-1"


@pytest.fixture
def trainer(make_volunteer):
    return make_volunteer("tristan", "safety", "projection")


@pytest.fixture
def session(trainer):
    return trainings.create_session(
        Training.objects.get(code="safety"),
        starts_at=timezone.now() + dt.timedelta(days=7),
        trainer=trainer,
        capacity=2,
        by=trainer,
    )


def _signed_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_a_volunteer_sees_what_they_hold_and_when_it_expires(client, make_volunteer, qualify):
    vera = make_volunteer("vera", "door")
    qualify(vera, "safety", granted_on=dt.date(2025, 1, 10), expires_on=dt.date(2027, 1, 10))
    _signed_in(client, vera)

    french = client.get("/benevoles/formations/").content.decode()
    english = client.get("/en/benevoles/formations/").content.decode()

    assert "Sécurité du public" in french
    assert "10 janvier 2027" in french
    assert "Audience safety" in english
    assert "10 January 2027" in english


def test_a_volunteer_registers_on_the_page_and_a_double_click_registers_once(
    client, make_volunteer, session
):
    nadia = make_volunteer("nadia")
    url = reverse("volunteers:training_register", args=[session.pk])
    _signed_in(client, nadia)

    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302

    assert SessionRegistration.objects.filter(person=nadia).count() == 1


def test_the_trainer_marks_attendance_on_the_page(client, make_volunteer, session, trainer):
    nadia = make_volunteer("nadia")
    trainings.register(session, nadia)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    url = reverse("volunteers:training_session", args=[session.pk])

    refused = _signed_in(client, nadia).post(url, {"came": [nadia.pk]})
    assert refused.status_code == 403
    assert not Qualification.objects.filter(person=nadia).exists()

    _signed_in(client, trainer)
    assert "nadia" in client.get(url).content.decode()
    assert client.post(url, {"came": [nadia.pk, "²", "9" * 30]}).status_code == 302
    assert Qualification.objects.get(person=nadia).training.code == "safety"


def test_a_member_who_is_no_volunteer_gets_the_403_page(client, member):
    response = _signed_in(client, member).get("/benevoles/formations/")

    assert response.status_code == 403


def test_a_shadowed_shift_with_odd_ids_writes_nothing(client, trainer):
    _signed_in(client, trainer)
    before = ShadowShift.objects.count()

    response = client.post(
        reverse("volunteers:confirm_shadow"), {"person": "٣", "training": "9" * 30}
    )

    assert response.status_code == 302
    assert ShadowShift.objects.count() == before


def test_the_trainings_page_asks_the_same_queries_however_many_sessions(
    client, make_volunteer, trainer, qualify
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vera = make_volunteer("vera", "door", "bar")
    _signed_in(client, vera)

    def add_session(code, days):
        trainings.create_session(
            Training.objects.get(code=code),
            starts_at=timezone.now() + dt.timedelta(days=days),
            trainer=trainer,
            capacity=5,
            by=trainer,
        )

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/benevoles/formations/").status_code == 200
        return len(queries)

    add_session("safety", 3)
    few = counted()
    add_session("till", 4)
    add_session("projection", 5)
    trainings.register(Training.objects.get(code="till").sessions.get(), vera)

    assert counted() == few
