"""Signing out everywhere (the account's "where I am signed in" page) revokes the
person's API tokens too: a program holding one was signed in as well. Tried over HTTP,
with the token a program would send."""

import pytest
from django.test import Client

from clef.api.models import ApiToken
from clef.api.services import issue_token
from clef.audit.models import Action
from conftest import PASSWORD


@pytest.fixture
def laptop(paid_member):
    client = Client(headers={"Accept-Language": "en"})
    assert client.login(username=paid_member.username, password=PASSWORD)
    return client


def membership(token):
    return Client().get("/api/membership", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("button", [{}, {"everywhere": "1"}])
def test_signing_out_everywhere_revokes_the_persons_api_tokens(
    laptop, paid_member, make_member, button
):
    till, _ = issue_token(paid_member, "till")
    script, _ = issue_token(paid_member, "script")
    others, _ = issue_token(make_member("nora"), "hers")
    assert membership(till).status_code == membership(script).status_code == 200

    response = laptop.post("/en/compte/connexions/fermer/", button, follow=True)

    assert response.status_code == 200
    assert "2 API tokens are revoked: their programs need new ones." in (response.content.decode())
    for token in (till, script):
        answer = membership(token)
        assert answer.status_code == 401
        assert answer.json()["code"] == "unauthenticated"
    assert membership(others).status_code == 200
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["hers"]
    action = Action.objects.filter(name="accounts.sessions.ended").latest("pk")
    assert (action.data["api_tokens_revoked"], action.data["reason"]) == (2, "asked")


def test_the_page_says_signing_out_everywhere_revokes_the_tokens(laptop, paid_member):
    issue_token(paid_member, "till")

    page = laptop.get("/en/compte/connexions/").content.decode()

    assert (
        "Signing out everywhere also revokes the API tokens that let programs act for you: "
        "each program must then be given a new one." in page
    )
    assert "You have 1 API token." in page


def test_a_person_without_tokens_is_told_as_before(laptop):
    response = laptop.post("/en/compte/connexions/fermer/", follow=True)

    page = response.content.decode()
    assert "You were signed in nowhere else." in page
    assert "revoked" not in page
    # Nothing about tokens for someone who has none.
    assert "API token" not in page
