"""The proposals' API: list, read, propose, comment, with the pages' permissions."""

import json

import pytest

from clef.programming.models import Proposal, ProposalComment
from clef.programming.tests.proposal_helpers import *  # noqa: F403


@pytest.fixture
def call(client):
    def send(method, path, body=None, as_user=None):
        if as_user is not None:
            client.force_login(as_user)
        kwargs = {}
        if body is not None:
            kwargs = {"data": json.dumps(body), "content_type": "application/json"}
        response = getattr(client, method)(path, **kwargs)
        return response.status_code, response.json()

    return send


BODY = {
    "title": "La Noire de…",
    "kind": "debate",
    "reason": "Premier long métrage africain.",
    "typed_films": [{"title": "La Noire de…", "runtime": 65, "year": 1966, "formats": ["dcp"]}],
    "in_cinemas_now": False,
    "submit": True,
}


def test_a_trained_member_proposes_and_a_member_comments(call, proposer, member):
    status, answer = call("post", "/api/proposals", BODY, as_user=proposer)
    assert status == 201
    assert (answer["status"], answer["kind"], answer["proposer"]) == (
        "submitted",
        "debate",
        "Pablo",
    )
    assert answer["films"] == [
        {"id": None, "title": "La Noire de…", "directors": "", "year": 1966, "countries": "",
         "runtime": 65, "typed": True}
    ]  # fmt: skip
    pk = answer["id"]
    status, note = call("post", f"/api/proposals/{pk}/comments", {"text": "Oui !"}, as_user=member)
    assert (status, note["text"], note["author"]) == (201, "Oui !", "marin")
    status, listed = call("get", "/api/proposals")
    assert status == 200
    assert [(p["id"], p["comments"]) for p in listed] == [(pk, 1)]
    status, read = call("get", f"/api/proposals/{pk}")
    assert [c["text"] for c in read["comment_list"]] == ["Oui !"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"title": ""}, 422, "no_title"),
        ({"typed_films": [{"title": "X", "runtime": 0}]}, 422, "invalid"),
        ({"typed_films": [{"title": "X", "runtime": 10000}]}, 422, "invalid"),
        ({"films": [10**25]}, 422, "invalid"),
        ({"films": [987654]}, 422, "unknown_films"),
        ({"wished_from": "0001-01-01"}, 422, "invalid"),
        ({"title": "x" * 5000}, 422, "invalid"),
        ({"in_cinemas_now": None}, 409, "rule_unanswered"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(call, proposer, change, status, code):
    answer_status, answer = call("post", "/api/proposals", {**BODY, **change}, as_user=proposer)
    assert (answer_status, answer["code"]) == (status, code)
    assert Proposal.objects.count() == 0


def test_members_without_the_training_and_outsiders_are_refused(call, member, outsider, submitted):
    status, answer = call("post", "/api/proposals", BODY, as_user=member)
    assert (status, answer["code"]) == (403, "forbidden")
    status, answer = call("get", "/api/proposals", as_user=outsider)
    assert (status, answer["code"]) == (403, "forbidden")
    status, answer = call(
        "post", f"/api/proposals/{submitted.pk}/comments", {"text": "Moi"}, as_user=outsider
    )
    assert status == 403
    assert ProposalComment.objects.count() == 0


def test_anothers_draft_and_odd_ids_are_not_found(call, member, draft):
    for path in (f"/api/proposals/{draft.pk}", "/api/proposals/٣", "/api/proposals/" + "9" * 30):
        status, answer = call("get", path, as_user=member)
        assert (status, answer["code"]) == (404, "not_found")


def test_visitors_must_sign_in(call, submitted):
    status, answer = call("get", "/api/proposals")
    assert (status, answer["code"]) == (401, "unauthenticated")
