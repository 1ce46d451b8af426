"""Signing up answers the same whether the address has an account or not; the owner of
an address with an account is told by email, with a link to sign in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from clef.accounts.tests.conftest import NEW_PASSWORD, link_in
from clef.members.models import Person

User = get_user_model()


def sign_up(client, email, callbacks, password="un-autre-mot-de-passe"):
    with callbacks(execute=True):
        return client.post(
            "/en/compte/creer/",
            {
                "first_name": "Louise",
                "last_name": "Autre",
                "email": email,
                "password": password,
                "language": "en",
            },
        )


def without_csrf(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@pytest.mark.parametrize("confirmed", [True, False])
def test_a_known_and_an_unknown_address_get_the_same_answer(
    client, make_account, django_capture_on_commit_callbacks, confirmed
):
    make_account("known@example.org", confirmed=confirmed)
    known = sign_up(client, "known@example.org", django_capture_on_commit_callbacks)
    client.cookies.clear()
    # An address of the same length, so that the page differs only if it says more.
    unknown = sign_up(client, "newer@example.org", django_capture_on_commit_callbacks)

    assert (known.status_code, unknown.status_code) == (200, 200)
    assert without_csrf(known).replace(b"known@", b"newer@") == without_csrf(unknown)
    assert sorted(known.cookies) == sorted(unknown.cookies) == ["sessionid"]


def test_the_owner_is_told_and_nothing_changes_in_their_account(
    client, make_account, django_capture_on_commit_callbacks
):
    owner = make_account("known@example.org", language="en")

    sign_up(client, " Known@Example.org ", django_capture_on_commit_callbacks)

    owner.refresh_from_db()
    assert (owner.first_name, owner.is_active) == ("Lou", True)
    assert owner.check_password(NEW_PASSWORD)
    assert (User.objects.count(), Person.objects.count()) == (1, 1)
    [message] = mail.outbox
    assert message.to == ["known@example.org"]
    assert message.subject == "Someone tried to open an account with your address at La Clef"
    assert "No new account was opened, and nothing changed in yours." in message.body
    # The link signs the owner in (and so works once).
    assert link_in(message).startswith("/en/compte/connexion/lien/")
    response = client.post(link_in(message))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)
    # The password typed by whoever signed up is not the owner's.
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_an_address_still_waiting_gets_its_link_again(
    client, make_account, django_capture_on_commit_callbacks
):
    make_account("waiting@example.org", confirmed=False)

    sign_up(client, "waiting@example.org", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["waiting@example.org"]
    assert link_in(message).startswith("/compte/confirmer/")  # the account's language
    # Opened in this browser, which typed a password when signing up: it is kept.
    client.get(link_in(message))
    user = User.objects.get()
    assert user.is_active
    assert user.check_password("un-autre-mot-de-passe")


def test_an_address_in_wide_letters_is_the_owners_and_opens_no_second_account(
    client, make_account, django_capture_on_commit_callbacks
):
    # Mail to known@ｅxample.org reaches example.org (its domain is read as IDNA): the
    # owner's mailbox, so the owner's address.
    owner = make_account("known@example.org", language="en")

    response = sign_up(client, "known@ｅxample.org", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert list(User.objects.values_list("pk", flat=True)) == [owner.pk]
    [message] = mail.outbox
    assert message.to == ["known@example.org"]
    assert link_in(message).startswith("/en/compte/connexion/lien/")
