"""The programmers' back office: entering screenings, refused mistakes, series, rights."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.programme.models import Screening

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff_client(client, programmer):
    client.force_login(programmer)
    return client


def add_url(language="en"):
    with translation.override(language):
        return reverse("admin:programme_screening_add")


def screening_form(room, film, *, date="2026-11-25", time="20:00", duration="110"):
    return {
        "room": room.pk,
        "starts_at_0": date,
        "starts_at_1": time,
        "duration": duration,
        "status": "published",
        "kind": "screening",
        "pricing": "pwyw",
        "wheelchair": "on",
        "screening_films-TOTAL_FORMS": "1",
        "screening_films-INITIAL_FORMS": "0",
        "screening_films-MIN_NUM_FORMS": "0",
        "screening_films-MAX_NUM_FORMS": "1000",
        "screening_films-0-position": "1",
        "screening_films-0-film": film.pk,
        "screening_films-0-version": "vost",
        "screening_films-0-subtitles": "français",
    }


def test_a_programmer_adds_a_screening_with_its_film(staff_client, big_room, make_film):
    film = make_film("Touki Bouki", runtime=85)
    response = staff_client.post(add_url(), screening_form(big_room, film))
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert screening.local_start.strftime("%Y-%m-%d %H:%M") == "2026-11-25 20:00"
    assert screening.starts_at == dt.datetime(2026, 11, 25, 19, 0, tzinfo=dt.UTC)
    assert [f.title for f in screening.ordered_films] == ["Touki Bouki"]


def test_an_overlap_is_refused_on_the_start_field_with_the_clashing_screening(
    staff_client, big_room, make_film, make_screening
):
    make_screening(dt.date(2026, 11, 25), "19:00", title="Wanda", duration=120)
    response = staff_client.post(add_url(), screening_form(big_room, make_film()))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        "Grande salle is taken from 19:00 to 21:00 by “Wanda”."
    ]
    assert Screening.objects.count() == 1


def test_a_closed_day_is_refused_in_french_on_the_french_back_office(
    staff_client, big_room, make_film
):
    response = staff_client.post(
        add_url("fr"), screening_form(big_room, make_film(), date="23/11/2026")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["starts_at"]
    assert errors == [
        "Le lundi, La Clef n’ouvre pas\u00a0: choisissez un jour d’ouverture "
        "(du mercredi au dimanche)."
    ]
    assert not Screening.objects.exists()


def test_a_published_screening_needs_a_film(staff_client, big_room, make_film):
    data = screening_form(big_room, make_film())
    data["screening_films-0-film"] = ""
    response = staff_client.post(add_url(), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "A published screening shows at least one film: add it below, or keep the screening "
        "as a draft."
    ]
    assert not Screening.objects.exists()
    data.update({"status": "draft", "screening_films-TOTAL_FORMS": "0"})
    assert staff_client.post(add_url(), data).status_code == 302


def test_a_start_in_the_past_is_refused(staff_client, big_room, make_film):
    response = staff_client.post(
        add_url(), screening_form(big_room, make_film(), date="2026-11-21", time="10:00")
    )
    assert response.context["adminform"].form.errors["starts_at"] == [
        "This time has already passed: a new screening must start later."
    ]


def test_a_time_that_does_not_exist_in_paris_is_refused(staff_client, big_room, make_film):
    response = staff_client.post(
        add_url(), screening_form(big_room, make_film(), date="2027-03-28", time="02:30")
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["adminform"].form.errors
    assert not Screening.objects.exists()


def test_the_weekly_series_page_makes_drafts(staff_client, make_screening):
    source = make_screening(dt.date(2026, 11, 25), "20:00")
    with translation.override("en"):
        url = reverse("admin:programme_screening_series", args=[source.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"weeks": "3"})
    assert response.status_code == 302
    copies = Screening.objects.exclude(pk=source.pk).order_by("starts_at")
    assert [c.local_start.strftime("%d/%m %H:%M") for c in copies] == [
        "02/12 20:00",
        "09/12 20:00",
        "16/12 20:00",
    ]
    assert {c.status for c in copies} == {"draft"}


def test_the_weekly_series_page_shows_why_nothing_was_made(staff_client, make_screening):
    source = make_screening(dt.date(2026, 11, 25), "20:00", title="Wanda")
    make_screening(dt.date(2026, 12, 2), "21:00", title="Sambizanga")
    with translation.override("en"):
        url = reverse("admin:programme_screening_series", args=[source.pk])
    response = staff_client.post(url, {"weeks": "2"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "2 December 2026, 20:00: Grande salle is taken from 21:00 to 22:57 by “Sambizanga”."
    ]
    assert Screening.objects.count() == 2


def test_the_duplicate_action_opens_the_copy(staff_client, make_screening):
    source = make_screening(dt.date(2026, 11, 25), "20:00")
    with translation.override("en"):
        url = reverse("admin:programme_screening_changelist")
    response = staff_client.post(url, {"action": "duplicate", "_selected_action": [source.pk]})
    copy = Screening.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/programme/screening/{copy.pk}/change/")
    assert copy.local_start.strftime("%Y-%m-%d %H:%M") == "2026-12-02 20:00"


@pytest.mark.parametrize(
    ("who", "list_status", "add_status"),
    [
        ("programmer", 200, 200),
        ("treasurer", 200, 403),
        ("member", 302, 302),
        ("outsider", 302, 302),
    ],
)
def test_who_may_enter_the_programme(client, request, who, list_status, add_status):
    client.force_login(request.getfixturevalue(who))
    with translation.override("en"):
        changelist = reverse("admin:programme_screening_changelist")
    assert client.get(changelist).status_code == list_status
    assert client.get(add_url()).status_code == add_status
