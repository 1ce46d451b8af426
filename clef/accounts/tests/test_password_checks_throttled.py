"""The pages that ask a signed-in member for their current password (changing it,
moving the account to another address) count wrong ones like the sign-in
page does: a session left open somewhere cannot be used to find the password by trying
(clef/lib/throttle.py)."""

import pytest
from django.core import mail
from django.test import Client

from clef.accounts.tests.conftest import NEW_PASSWORD
from clef.lib.throttle import paused_message

CHOSEN = "la-seance-de-vingt-heures"


@pytest.fixture
def signed_in(client, make_account):
    client.force_login(make_account())
    return client


def change_password(client, current):
    return client.post(
        "/en/compte/mot-de-passe/",
        {"old_password": current, "new_password1": CHOSEN, "new_password2": CHOSEN},
    )


def move(client, current):
    return client.post("/en/compte/adresse/", {"email": "new@example.org", "password": current})


@pytest.mark.parametrize(
    ("page", "field"),
    [(change_password, "old_password"), (move, "password")],
)
def test_the_right_password_is_refused_after_five_wrong_ones(signed_in, page, field):
    for n in range(5):
        assert page(signed_in, f"not-mine-{n}").status_code == 400
    mail.outbox.clear()

    response = page(signed_in, NEW_PASSWORD)

    assert response.status_code == 400
    with_paused = response.context["form"].errors[field]
    assert with_paused == [paused_message()]
    # The account is still there, at its address, with its password.
    assert signed_in.get("/en/compte/").status_code == 200
    assert mail.outbox == []


def test_wrong_passwords_on_these_pages_pause_the_sign_in_page_too(signed_in):
    for page in (change_password, move, move, change_password, move):
        page(signed_in, "not-mine")

    response = Client().post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [paused_message()]
