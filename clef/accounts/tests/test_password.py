"""A member changes their password (the current one asked only if they have one), or
chooses a new one through a link sent by email; either ends their other sessions."""

import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from clef.accounts.tests.conftest import NEW_PASSWORD, french, link_in

User = get_user_model()
CHOSEN = "la-seance-de-vingt-heures"


@pytest.fixture
def lou(make_account):
    return make_account()


def signs_in(password, email="lou.durand@example.org"):
    client = Client()
    client.post("/compte/connexion/", {"email": email, "password": password})
    return "_auth_user_id" in client.session


def test_a_member_changes_their_password_and_is_signed_out_elsewhere(client, lou):
    elsewhere = Client()
    elsewhere.force_login(lou)
    client.force_login(lou)

    response = client.post(
        "/en/compte/mot-de-passe/",
        {"old_password": NEW_PASSWORD, "new_password1": CHOSEN, "new_password2": CHOSEN},
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/compte/"
    assert client.get("/en/compte/").status_code == 200  # still signed in here
    assert elsewhere.get("/en/compte/").status_code == 302  # not there
    assert signs_in(CHOSEN)
    assert not signs_in(NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, lou):
    client.force_login(lou)

    response = client.post(
        "/en/compte/mot-de-passe/",
        {"old_password": "not-mine", "new_password1": CHOSEN, "new_password2": CHOSEN},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["old_password"] == [
        "Your old password was entered incorrectly. Please enter it again."
    ]
    assert signs_in(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("path", "password", "error"),
    [
        ("/en/compte/mot-de-passe/", "12345678", "This password is entirely numeric."),
        ("/compte/mot-de-passe/", "12345678", "Ce mot de passe est entièrement numérique."),
        (
            "/en/compte/mot-de-passe/",
            "court",
            "This password is too short. It must contain at least 8 characters.",
        ),
        ("/en/compte/mot-de-passe/", "password", "This password is too common."),
    ],
)
def test_a_weak_password_is_refused_in_the_persons_language(client, lou, path, password, error):
    client.force_login(lou)

    response = client.post(
        path,
        {"old_password": NEW_PASSWORD, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 400
    assert error in response.context["form"].errors["new_password2"]
    assert signs_in(NEW_PASSWORD)


def test_someone_who_signs_in_by_links_sets_a_password_without_a_current_one(client, lou):
    lou.set_unusable_password()
    lou.save()
    client.force_login(lou)

    content = client.get("/en/compte/mot-de-passe/").content.decode()
    assert 'name="old_password"' not in content
    assert "Your account has no password" in content

    response = client.post(
        "/en/compte/mot-de-passe/", {"new_password1": CHOSEN, "new_password2": CHOSEN}
    )

    assert response.status_code == 302
    assert signs_in(CHOSEN)


def test_the_page_needs_signing_in(client, venue):
    response = client.get("/compte/mot-de-passe/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/mot-de-passe/"


# --- a forgotten password -----------------------------------------------------------------------
def ask_reset(client, email, callbacks, path="/compte/mot-de-passe/oublie/"):
    with callbacks(execute=True):
        return client.post(path, {"email": email})


def test_a_forgotten_password_is_chosen_again_through_a_link(
    client, lou, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    elsewhere.force_login(lou)

    response = ask_reset(client, "Lou.Durand@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["lou.durand@example.org"]
    assert message.subject == french("Choose a new password for %(venue)s") % {"venue": "La Clef"}
    link = link_in(message)
    assert link.startswith("/compte/mot-de-passe/nouveau/")
    assert client.get(link).status_code == 200

    response = client.post(link, {"new_password1": CHOSEN, "new_password2": CHOSEN})

    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert client.session["_auth_user_id"] == str(lou.pk)
    assert elsewhere.get("/compte/").status_code == 302
    assert signs_in(CHOSEN)

    # The same link again: spent, said clearly, nothing changed.
    again = client.post(link, {"new_password1": "encore-un-autre", "new_password2": "x"})
    assert again.status_code == 400
    assert french("This link does not work") in again.content.decode()
    assert signs_in(CHOSEN)


def test_a_reset_link_too_old_is_refused(client, lou, django_capture_on_commit_callbacks):
    ask_reset(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    [message] = mail.outbox

    with time_machine.travel(time.time() + 24 * 3600 + 60):
        response = client.get(link_in(message).replace("/compte/", "/en/compte/", 1))

    assert response.status_code == 400
    assert "It has been used already, or it is too old" in response.content.decode()
    assert 'href="/en/compte/mot-de-passe/oublie/"' in response.content.decode()


def test_a_weak_new_password_through_the_link_changes_nothing(
    client, lou, django_capture_on_commit_callbacks
):
    ask_reset(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0]).replace("/compte/", "/en/compte/", 1)

    response = client.post(link, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 400
    assert "This password is entirely numeric." in response.context["form"].errors["new_password2"]
    assert client.get(link).status_code == 200  # the link still works
    assert signs_in(NEW_PASSWORD)


def test_asking_for_an_unknown_address_answers_the_same_and_sends_nothing(
    client, lou, django_capture_on_commit_callbacks
):
    known = ask_reset(
        client,
        "lou.durand@example.org",
        django_capture_on_commit_callbacks,
        "/en/compte/mot-de-passe/oublie/",
    )
    unknown = ask_reset(
        client,
        "nou.durand@example.org",
        django_capture_on_commit_callbacks,
        "/en/compte/mot-de-passe/oublie/",
    )

    assert known.content.replace(b"lou.durand", b"nou.durand") == unknown.content
    assert [m.to for m in mail.outbox] == [["lou.durand@example.org"]]


def test_an_unconfirmed_account_opens_with_the_password_chosen_through_the_link(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account(confirmed=False)

    ask_reset(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    client.post(link_in(mail.outbox[0]), {"new_password1": CHOSEN, "new_password2": CHOSEN})

    user.refresh_from_db()
    assert user.is_active
    assert user.person.email_confirmed_at is not None
    assert signs_in(CHOSEN)


def test_a_closed_account_gets_no_link(client, lou, django_capture_on_commit_callbacks):
    User.objects.filter(pk=lou.pk).update(is_active=False)

    ask_reset(client, "lou.durand@example.org", django_capture_on_commit_callbacks)

    assert mail.outbox == []
