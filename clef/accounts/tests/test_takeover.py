"""No account is taken before its owner signs up: a password chosen by someone who
signs up with another person's address never survives the owner's confirmation, and
opening a link sent to the address ends every other session of the account."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from clef.accounts.models import SignIn
from clef.accounts.tests.conftest import link_in

User = get_user_model()
ATTACKER_PASSWORD = "le-mot-de-passe-de-l-autre"
VICTIM_PASSWORD = "ma-salle-de-quartier"


@pytest.fixture
def attacker(venue, django_capture_on_commit_callbacks):
    """A client that signed up with the victim's address and a password of its choosing;
    the victim's inbox then holds the confirmation."""
    attacker = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = attacker.post(
            "/compte/creer/",
            {
                "first_name": "Mallory",
                "last_name": "X",
                "email": "victime@example.org",
                "password": ATTACKER_PASSWORD,
                "language": "fr",
            },
        )
    assert response.status_code == 200
    return attacker


def signs_in(client, password):
    response = client.post(
        "/compte/connexion/", {"email": "victime@example.org", "password": password}
    )
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_victim_confirming_by_the_link_leaves_the_attackers_password_dead(client, attacker):
    [confirmation] = mail.outbox
    assert confirmation.to == ["victime@example.org"]

    # The victim opens the link of the email, in their own browser.
    response = client.get(link_in(confirmation))

    user = User.objects.get(email="victime@example.org")
    assert (user.is_active, user.has_usable_password()) == (True, False)
    assert client.session["_auth_user_id"] == str(user.pk)
    # Asked to choose a password, then on to the membership.
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/?next=%2Fadhesion%2F"

    assert not signs_in(attacker, ATTACKER_PASSWORD)
    assert "_auth_user_id" not in attacker.session

    response = client.post(
        "/compte/mot-de-passe/",
        {"new_password1": VICTIM_PASSWORD, "new_password2": VICTIM_PASSWORD, "next": "/adhesion/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/adhesion/"
    assert not signs_in(attacker, ATTACKER_PASSWORD)
    assert signs_in(Client(), VICTIM_PASSWORD)


def test_the_victim_signing_in_by_a_link_leaves_the_attackers_password_dead(
    client, attacker, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/connexion/lien/", {"email": "victime@example.org"})
    [sign_in_link] = mail.outbox

    response = client.post(link_in(sign_in_link))

    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/?next=%2Fcompte%2F"
    user = User.objects.get(email="victime@example.org")
    assert (user.is_active, user.has_usable_password()) == (True, False)
    assert not signs_in(attacker, ATTACKER_PASSWORD)


def test_the_link_opened_in_the_attackers_browser_is_the_only_way_and_needs_the_mail(
    attacker,
):
    # The attacker asks the link again: it goes to the victim's inbox, not to them.
    mail.outbox.clear()
    attacker.post("/compte/connexion/", {"email": "victime@example.org", "resend": "1"})
    assert all(message.to == ["victime@example.org"] for message in mail.outbox)
    assert not signs_in(attacker, ATTACKER_PASSWORD)


def test_an_account_left_by_older_code_with_a_password_loses_it_when_confirmed(
    client, venue, django_capture_on_commit_callbacks
):
    """An account signed up before this rule holds the password typed then: confirmed in
    another browser, it is dropped all the same."""
    from clef.accounts import services
    from clef.members.models import Person

    user = User.objects.create_user(
        "victime@example.org", "victime@example.org", ATTACKER_PASSWORD, is_active=False
    )
    Person.objects.create(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_confirmation(user)

    client.get(link_in(mail.outbox[-1]))

    user.refresh_from_db()
    assert (user.is_active, user.has_usable_password()) == (True, False)
    assert not signs_in(Client(), ATTACKER_PASSWORD)


def test_signing_in_by_a_link_ends_the_other_sessions(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account("victime@example.org")
    elsewhere = Client()
    assert signs_in(elsewhere, "un-film-par-semaine")
    assert elsewhere.get("/compte/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/connexion/lien/", {"email": "victime@example.org"})

    client.post(link_in(mail.outbox[-1]))

    assert client.session["_auth_user_id"] == str(user.pk)
    response = elsewhere.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/"
    assert list(SignIn.objects.filter(user=user).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
