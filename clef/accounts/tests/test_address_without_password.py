"""An account with no password (its person signs in by links) is given one, moved to a
new address or erased only from a session signed in a short while ago: a session left open,
with no password to ask for, is not enough to take the account or erase it."""

import datetime as dt

import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.utils import timezone

from clef.accounts import signins
from clef.accounts.models import SignIn
from clef.accounts.tests.conftest import link_in


def test_an_old_session_signs_in_again_by_a_link_before_moving_the_account(
    client, make_account, django_capture_on_commit_callbacks
):
    lou = make_account(language="en")
    lou.set_unusable_password()
    lou.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        client.force_login(lou)  # a session left open two days ago

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/compte/adresse/", {"email": "someone@else.example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/en/compte/connexion/lien/?next=%2Fen%2Fcompte%2Fadresse%2F"
    assert mail.outbox == []
    assert client.get("/en/compte/adresse/")["Location"] == response["Location"]

    # Signed in again by a link sent to the account's address: the move is asked.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"email": "lou.durand@example.org"})
    [sign_in] = mail.outbox
    assert client.post(link_in(sign_in))["Location"] == "/en/compte/adresse/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/compte/adresse/", {"email": "lou@new.example.org"})

    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["lou@new.example.org"]]


def test_an_old_session_signs_in_again_by_a_link_before_choosing_a_first_password(
    client, make_account
):
    lou = make_account(language="en")
    lou.set_unusable_password()
    lou.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        client.force_login(lou)  # a session left open two days ago

    response = client.post(
        "/en/compte/mot-de-passe/",
        {"new_password1": "le-mot-de-l-intrus", "new_password2": "le-mot-de-l-intrus"},
    )

    assert response.status_code == 302
    assert response["Location"] == (
        "/en/compte/connexion/lien/?next=%2Fen%2Fcompte%2Fmot-de-passe%2F"
    )
    lou.refresh_from_db()
    assert not lou.has_usable_password()


def test_a_session_older_than_the_list_of_sign_ins_is_not_taken_for_a_new_one(client, make_account):
    lou = make_account(language="en")
    lou.set_unusable_password()
    lou.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        client.force_login(lou)
    # As if signed in before clef kept the list: no row, no note in the session. Its
    # first request now adopts it, which says nothing of when it signed in.
    SignIn.objects.all().delete()
    session = SessionStore(client.session.session_key)
    del session[signins.SEEN]
    session.save()

    response = client.post("/en/compte/adresse/", {"email": "someone@else.example.org"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/compte/connexion/lien/")
    assert SignIn.objects.get().signed_in_at == lou.last_login


def test_an_old_session_erases_only_through_a_link_sent_to_the_address(client, make_account):
    lou = make_account(language="en")
    lou.set_unusable_password()
    lou.save()
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        client.force_login(lou)  # a session left open two days ago

    response = client.post("/en/compte/supprimer/", {"address": "lou.durand@example.org"})

    assert response.status_code == 200
    assert "We sent a link to <strong>lou.durand@example.org</strong>" in response.content.decode()
    lou.refresh_from_db()
    assert lou.email == "lou.durand@example.org"
