"""A member's tickets, waiting lists and membership tried as their enemies would: another
person's cancel page, waiting-list place and attestation by their address, a ``next``
that leaves the site after cancelling, a draft screening's state asked by its id, and odd
input in the listings' and the search's query strings."""

import datetime as dt

import pytest

from clef.programme.models import Screening
from clef.tickets.models import Ticket, WaitingListEntry
from clef.tickets.waitinglist import join

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_another_persons_cancel_page_is_a_404_and_cancels_nothing(client, paid_ticket, make_member):
    client.force_login(make_member("mallory"))
    url = f"/billet/{paid_ticket.code}/annuler/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    paid_ticket.refresh_from_db()
    assert paid_ticket.status == Ticket.Status.PAID


@pytest.mark.parametrize(
    "bad", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_cancelling_never_sends_off_the_site(client, held_ticket, bad):
    client.force_login(held_ticket.booking.person)
    url = f"/billet/{held_ticket.code}/annuler/"
    page = client.get(url, {"next": bad}).content.decode()
    assert bad not in page
    response = client.post(url, {"next": bad})
    assert response.status_code == 302
    assert response["Location"] == held_ticket.booking.get_absolute_url()


def test_a_member_cannot_leave_another_persons_waiting_list_place(client, on_sale, make_member):
    ada = make_member("ada")
    entry, _created = join(on_sale, email=ada.email, user=ada)
    client.force_login(make_member("mallory"))
    for posted in (str(entry.pk), HUGE, "٣", "x" * 5000, ""):
        assert client.post("/compte/attente/", {"entry": posted}).status_code == 404
    assert WaitingListEntry.objects.filter(pk=entry.pk).exists()


def test_another_persons_attestation_and_card_are_a_404(client, paid_member, make_member):
    membership = paid_member.memberships.get()
    client.force_login(make_member("mallory"))
    assert client.get(f"/carte/{membership.code}/attestation.pdf").status_code == 404
    assert client.get(membership.get_absolute_url()).status_code == 404


def test_a_draft_screenings_state_is_not_told_by_its_id(client, make_screening, venue):
    past = venue.local_date() - dt.timedelta(days=2)
    draft = make_screening(past, "20:00", status=Screening.Status.DRAFT)
    shown = make_screening(past, "18:00")
    page = client.get(f"/en/seances/places/?ids={draft.pk},{shown.pk}").content.decode()
    assert f"places-{shown.pk}" in page
    assert f"places-{draft.pk}" not in page


@pytest.mark.parametrize("ids", [HUGE, "٣,٤", "x" * 5000, ",".join(["1"] * 5000), "-1,0"])
def test_odd_ids_in_the_listings_answer_are_ignored(client, venue, ids):
    response = client.get("/en/seances/places/", {"ids": ids})
    assert response.status_code == 200
    assert "places-" not in response.content.decode()


@pytest.mark.parametrize("page", [HUGE, "٣", "-1", "x" * 5000, "0"])
def test_an_odd_history_page_shows_the_first(client, paid_member, page):
    client.force_login(paid_member)
    response = client.get("/en/compte/historique/", {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_a_search_of_5000_characters_is_refused_with_a_message(client, venue):
    response = client.get("/en/recherche/", {"q": "x" * 5000})
    assert response.status_code == 400
    assert "A search is at most 100 characters: yours has 5000." in response.content.decode()


@pytest.mark.parametrize("q", ["٣", "%", "_", "\\", "' OR 1=1 --", "\x00"])
def test_odd_searches_find_nothing_and_break_nothing(client, make_screening, venue, q):
    make_screening(venue.local_date() + dt.timedelta(days=1))
    response = client.get("/en/recherche/", {"q": q})
    assert response.status_code in (200, 400)
    assert list(response.context.get("films") or []) == []
