import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clef.programme.models import Screening
from clef.programming import checklists
from clef.programming.models import Checklist, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _staff_by_checkbox(monkeypatch):
    monkeypatch.setattr(
        checklists, "staffed", lambda screening, checklist: (checklist.staff_ready, [])
    )


@pytest.fixture
def mine(make_screening, venue, member):
    def make(days=30, time="20:30"):
        screening = make_screening(
            venue.local_date() + dt.timedelta(days=days),
            time,
            status=Screening.Status.DRAFT,
            programmer=member,
        )
        Checklist.objects.create(screening=screening)
        return screening

    return make


def _page(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programming:my_screenings"))
    assert response.status_code == 200
    return response, len(queries)


def test_the_programmers_page_lists_what_is_missing_and_by_when(client, member, mine):
    screening = mine(days=30)
    Proposal.objects.create(title="Wanda", proposer=member, status=Proposal.Status.ACCEPTED)
    response, _count = _page(client, member)
    text = response.content.decode()
    assert "Rights · the rights are not agreed" in text
    due = screening.local_start.date() - dt.timedelta(days=21)
    assert f'<time datetime="{due:%Y-%m-%d}">' in text
    assert reverse("programming:checklist", args=[screening.pk]) in text
    assert "Choose a slot" in text


def test_the_programmers_page_asks_as_many_queries_for_ten_screenings_as_for_one(
    client, member, mine
):
    def proposed(days):
        proposal = Proposal.objects.create(
            title=f"Proposal {days}", proposer=member, status=Proposal.Status.ACCEPTED
        )
        Checklist.objects.filter(screening=mine(days=days)).update(proposal=proposal)

    proposed(20)
    _response, one = _page(client, member)
    for day in range(21, 30):
        proposed(day)
    _response, ten = _page(client, member)
    assert ten == one


def test_another_persons_checklist_is_not_found(client, outsider, mine):
    screening = mine()
    client.force_login(outsider)
    response = client.get(reverse("programming:checklist", args=[screening.pk]))
    assert response.status_code == 404
    response = client.post(reverse("programming:checklist_publish", args=[screening.pk]))
    assert response.status_code == 404
    screening.refresh_from_db()
    assert screening.status == Screening.Status.DRAFT


def test_the_programmer_fills_in_the_checklist_and_a_bad_day_writes_nothing(client, member, mine):
    screening = mine()
    client.force_login(member)
    url = reverse("programming:checklist", args=[screening.pk])
    bad = client.post(url, {"rights_requested_on": "٢٠٢٦-١١-١٨", "credit": "first_name"})
    assert bad.status_code == 400
    assert "is not a date: write it as 2026-11-18." in bad.content.decode()
    assert Checklist.objects.get().rights_requested_on is None
    backwards = client.post(
        url,
        {"kdm_valid_from": "2027-01-10", "kdm_valid_to": "2027-01-01", "credit": "first_name"},
    )
    assert backwards.status_code == 400
    response = client.post(
        url, {"rights_requested_on": "2026-11-18", "poster_ready": "on", "credit": "commission"}
    )
    assert response.status_code == 302
    checklist = Checklist.objects.get()
    assert checklist.rights_requested_on == dt.date(2026, 11, 18)
    assert checklist.poster_ready and checklist.credit == "commission"


def test_publishing_from_the_page_says_what_is_missing(client, member, mine):
    screening = mine()
    client.force_login(member)
    response = client.post(
        reverse("programming:checklist_publish", args=[screening.pk]), follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and "cannot be published yet: the rights are not agreed;" in shown[0]
    screening.refresh_from_db()
    assert screening.status == Screening.Status.DRAFT


def test_a_slot_typed_with_a_bad_time_or_room_writes_nothing(
    client, member, venue, make_film, big_room
):
    room = str(big_room.pk)
    proposal = Proposal.objects.create(
        title="Wanda", proposer=member, status=Proposal.Status.ACCEPTED
    )
    proposal.films.add(make_film())
    client.force_login(member)
    url = reverse("programming:proposal_slots", args=[proposal.pk])
    for data in (
        {"room": "٣", "day": "2027-01-06", "time": "20:30"},
        {"room": "1" * 30, "day": "2027-01-06", "time": "20:30"},
        {"room": room, "day": "9999-01-06", "time": "20:30"},
        {"room": room, "day": "2027-01-06", "time": "٢٠:٣٠"},
        {"room": room, "day": "2027-01-06", "time": "25:00"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    assert not Screening.objects.exists()
