"""The links sent by email that change something act on a button, never on the GET that
opens them: a mail scanner fetching every link of a message signs nobody in, spends no
link, moves no account and erases nothing. Confirming a new address stays a GET (see
the architecture's notes)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from clef.accounts.erasure_links import erase_tokens
from clef.accounts.tests.conftest import NEW_PASSWORD, link_in
from clef.accounts.tokens import make_link_token

User = get_user_model()


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def csrf_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def sign_in_link(client, make_account, django_capture_on_commit_callbacks):
    """Lou's account (English) and the sign-in link emailed to it, asked for the way to
    a page of the site."""
    lou = make_account(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/compte/connexion/lien/", {"email": lou.email, "next": "/en/compte/historique/"}
        )
    [message] = mail.outbox
    return lou, link_in(message)


def test_opening_a_sign_in_link_shows_whose_it_is_and_signs_nobody_in(sign_in_link):
    lou, path = sign_in_link
    scanner = Client()

    response = scanner.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Sign in as l•••@example.org</h1>" in page
    assert "lou.durand@example.org" not in page
    assert '<form method="post" class="account-form">' in page
    assert '<input type="hidden" name="next" value="/en/compte/historique/">' in page
    assert signed_in_as(scanner) is None
    lou.refresh_from_db()
    assert lou.last_login is None


def test_the_button_signs_in_with_the_link_a_scanner_opened_first(sign_in_link):
    lou, path = sign_in_link
    Client().get(path)
    Client().head(path)
    person = Client(enforce_csrf_checks=True)

    page = person.get(path)
    response = person.post(path, {"csrfmiddlewaretoken": csrf_of(page)})

    assert response.status_code == 302
    assert response["Location"] == "/en/compte/historique/"
    assert signed_in_as(person) == str(lou.pk)
    # Spent: neither its page nor its button works again.
    again = Client()
    assert again.get(path).status_code == 400
    assert again.post(path).status_code == 400
    assert signed_in_as(again) is None


def test_a_post_from_another_site_without_the_csrf_token_is_refused(sign_in_link):
    lou, path = sign_in_link
    forger = Client(enforce_csrf_checks=True)

    response = forger.post(path)

    assert response.status_code == 403
    assert signed_in_as(forger) is None
    lou.refresh_from_db()
    assert lou.last_login is None


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("token", ["MQ.abc-123", "x" * 3000, "Lg.-", "%C3%A9.z-z", "MQ"])
def test_a_tampered_sign_in_link_says_so_and_signs_nobody_in(client, venue, method, token):
    response = getattr(client, method)(f"/en/compte/connexion/lien/{token}/")

    assert response.status_code == 400
    assert "<h1>This link does not work</h1>" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_link_to_a_new_address_moves_the_account_only_on_its_button(
    client, make_account, django_capture_on_commit_callbacks
):
    lou = make_account(language="en")
    client.post("/en/compte/connexion/", {"email": lou.email, "password": NEW_PASSWORD})
    elsewhere = Client()
    elsewhere.force_login(lou)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/compte/adresse/", {"email": "lou@new.example.org", "password": NEW_PASSWORD}
        )
    path = link_in(mail.outbox[-1])

    page = Client().get(path)

    assert page.status_code == 200
    assert (
        "The account of l•••@example.org will sign in with <strong>lou@new.example.org</strong>"
        in page.content.decode()
    )
    lou.refresh_from_db()
    assert lou.email == "lou.durand@example.org"
    assert elsewhere.get("/en/compte/").status_code == 200  # nobody signed out

    response = client.post(path)

    assert response.status_code == 302
    lou.refresh_from_db()
    assert lou.email == "lou@new.example.org"
    assert elsewhere.get("/en/compte/").status_code == 302


def test_opening_the_link_that_erases_an_account_erases_nothing(client, make_account):
    lou = make_account(language="en")
    path = f"/en/compte/supprimer/lien/{make_link_token(erase_tokens, lou)}/"

    response = Client().get(path)

    assert response.status_code == 200
    assert "Erase my account for good" in response.content.decode()
    assert User.objects.filter(pk=lou.pk, email="lou.durand@example.org").exists()


def test_confirming_a_new_address_is_still_done_by_opening_its_link(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/creer/", signup_data)

    response = client.get(link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert User.objects.get().is_active
