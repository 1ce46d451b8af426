"""The proposals' pages: the list and its filters, a proposal, proposing, commenting, the
page that explains how to propose; who sees what; odd addresses."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clef.programming import meetings
from clef.programming import proposals_writing as writing
from clef.programming.models import Proposal, ProposalComment
from clef.programming.tests.proposal_helpers import *  # noqa: F403
from clef.programming.tests.proposal_helpers import values

S = Proposal.Status


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programming:proposals"))
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_3_or_30_proposals(
    client, member, make_qualified, make_film
):
    people = [make_qualified(f"prog{i}") for i in range(3)]
    client.force_login(member)

    def add(count):
        for i in range(count):
            proposal = writing.propose(
                by=people[i % 3],
                values=values(title=f"Film {Proposal.objects.count()}"),
                films=[make_film()],
                typed=[{"title": "Court"}],
                submit=True,
            )
            writing.comment(proposal, by=member, text=f"Oui {i}")

    add(3)
    few = _list_queries(client)
    add(27)
    assert _list_queries(client) == few


def test_the_list_shows_submitted_proposals_and_hides_others_drafts(
    client, member, submitted, proposer
):
    writing.propose(by=proposer, values=values(title="Brouillon secret"))
    client.force_login(member)
    page = client.get(reverse("programming:proposals")).content.decode()
    assert "Wanda" in page
    assert "Brouillon secret" not in page


def test_the_list_filters_by_status_and_ignores_a_bad_filter(client, member, submitted, proposer):
    client.force_login(member)
    url = reverse("programming:proposals")
    assert "Wanda" not in client.get(url, {"status": "accepted"}).content.decode()
    response = client.get(url, {"status": "<script>", "kind": "٣"})
    assert response.status_code == 200
    assert "Wanda" in response.content.decode()


def test_visitors_sign_in_and_outsiders_are_refused(client, outsider, submitted):
    url = reverse("programming:proposals")
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    assert client.get(reverse("programming:proposal", args=[submitted.pk])).status_code == 403


def test_anothers_draft_is_not_found(client, member, proposer):
    draft = writing.propose(by=proposer, values=values(title="Brouillon"))
    client.force_login(member)
    assert client.get(reverse("programming:proposal", args=[draft.pk])).status_code == 404
    client.force_login(proposer)
    assert client.get(reverse("programming:proposal", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("address", ["/propositions/٣/", "/propositions/" + "9" * 30 + "/"])
def test_odd_addresses_are_not_found(client, member, address):
    client.force_login(member)
    assert client.get(address).status_code == 404


def test_the_proposal_page_answers_the_venues_rule_for_all(client, member, submitted):
    client.force_login(member)
    page = client.get(f"/en/propositions/{submitted.pk}/").content.decode()
    assert "In cinemas now?" in page
    assert "released: 1971" in page


def test_a_member_comments_from_the_page(client, member, submitted):
    client.force_login(member)
    url = reverse("programming:proposal_comment", args=[submitted.pk])
    response = client.post(url, {"text": "Vu à Lussas"})
    assert response.status_code == 302
    assert list(ProposalComment.objects.values_list("text", flat=True)) == ["Vu à Lussas"]
    response = client.post(url, {"text": "x" * 5000}, follow=True)
    assert ProposalComment.objects.count() == 1
    assert response.status_code == 200


def test_a_trained_member_proposes_a_typed_film(client, proposer):
    client.force_login(proposer)
    response = client.post(
        reverse("programming:proposal_new"),
        {
            "title": "La Noire de…",
            "kind": "debate",
            "reason": "Premier long métrage africain.",
            "in_cinemas_now": "no",
            "released_when": "1966",
            "film_title": "La Noire de…",
            "film_runtime": "65",
            "film_year": "1966",
            "film_formats": ["dcp"],
            "wished_from": "2027-03-01",
            "submit": "1",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert (proposal.status, proposal.kind, proposal.in_cinemas_now) == (
        S.SUBMITTED,
        "debate",
        False,
    )
    assert proposal.wished_from == dt.date(2027, 3, 1)
    assert proposal.proposed_films.get().runtime == 65


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("film_runtime", "0"),
        ("film_runtime", "10000"),
        ("film_runtime", "٣"),
        ("film_year", "9" * 30),
        ("wished_from", "0001-01-01"),
        ("wished_from", "9999-12-31"),
        ("title", ""),
        ("title", "x" * 5000),
        ("films", "٣"),
        ("wished_room", "9" * 30),
    ],
)
def test_the_form_refuses_bad_input_and_writes_nothing(client, proposer, field, value):
    client.force_login(proposer)
    data = {
        "title": "Wanda",
        "kind": "screening",
        "reason": "Rare",
        "in_cinemas_now": "no",
        "film_title": "Wanda",
        field: value,
    }
    response = client.post(reverse("programming:proposal_new"), data)
    assert response.status_code == 200
    assert Proposal.objects.count() == 0


def test_a_member_without_the_training_may_not_open_the_form(client, member):
    client.force_login(member)
    assert client.get(reverse("programming:proposal_new")).status_code == 403


def test_the_proposer_changes_the_state_from_the_page(client, proposer, draft):
    client.force_login(proposer)
    url = reverse("programming:proposal_status", args=[draft.pk])
    client.post(url, {"status": "bogus"})
    client.post(url, {"status": "accepted"})
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    client.post(url, {"status": "submitted"})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_the_guide_is_for_everyone_and_names_the_next_meeting(client, commission_member):
    url = reverse("programming:proposal_guide")
    assert "not set yet" in client.get("/en/programmer/").content.decode()
    meetings.schedule_meeting(
        starts_at=timezone.now() + dt.timedelta(days=12),
        place="Petite salle",
        by=commission_member,
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "Petite salle" in response.content.decode()


def test_the_back_office_lists_and_shows_proposals_with_their_state_read_only(
    client, submitted, django_user_model
):
    admin = django_user_model.objects.create_superuser("ada", "ada@example.org", "x")
    client.force_login(admin)
    assert client.get("/gestion/programming/proposal/").status_code == 200
    page = client.get(f"/gestion/programming/proposal/{submitted.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
