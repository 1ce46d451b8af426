"""Signing in with a password or with a link sent by email, and signing out; the
answers never tell whether an address has an account."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils.http import urlsafe_base64_encode

from clef.accounts.tests.conftest import NEW_PASSWORD, french, link_in
from clef.members.models import Person
from conftest import PASSWORD

User = get_user_model()


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_it_signs_in_with_the_address_and_the_password(client, make_account):
    user = make_account()

    response = client.post(
        "/compte/connexion/", {"email": " LOU.Durand@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert signed_in_as(client) == str(user.pk)


def test_an_account_made_by_hand_signs_in_with_its_address(client, venue, member):
    # The fixtures' and the demo's people have a username that is not their address.
    response = client.post(
        "/compte/connexion/", {"email": "marin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_as(client) == str(member.pk)


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/seance/12/reserver/", "/seance/12/reserver/"),
        ("/en/programme/?kind=debate", "/en/programme/?kind=debate"),
        ("https://elsewhere.example/steal", "/compte/"),
        ("//elsewhere.example/steal", "/compte/"),
        ("javascript:alert(1)", "/compte/"),
    ],
)
def test_it_follows_next_only_on_this_site(client, make_account, next_url, landing):
    make_account()

    response = client.post(
        "/compte/connexion/",
        {"email": "lou.durand@example.org", "password": NEW_PASSWORD, "next": next_url},
    )

    assert response["Location"] == landing


def test_a_wrong_password_is_refused(client, make_account):
    make_account()

    response = client.post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": "wrong-one"}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This email and password do not match an account. Check them and try again."
    ]
    assert signed_in_as(client) is None


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client, venue):
    response = client.post(
        "/en/compte/connexion/", {"email": "nobody@example.org", "password": "wrong-one"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This email and password do not match an account. Check them and try again."
    ]


def test_an_unconfirmed_account_is_told_so_in_the_browser_that_signed_up(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/creer/", signup_data)
    user = User.objects.get()
    mail.outbox.clear()

    response = client.post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This address is not confirmed yet: open the link we sent to it, or ask for a new "
        "one below."
    ]
    assert "Send the confirmation link again" in response.content.decode()
    assert signed_in_as(client) is None

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/compte/connexion/", {"email": "lou.durand@example.org", "resend": "1"}
        )

    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == [user.email]
    assert link_in(message).startswith("/compte/confirmer/")  # in French, the person's
    assert client.get(link_in(message)).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)


def test_another_browser_is_not_told_that_an_address_waits_for_its_link(client, make_account):
    make_account(confirmed=False)

    response = client.post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": NEW_PASSWORD}
    )

    assert response.context["form"].non_field_errors() == [
        "This email and password do not match an account. Check them and try again."
    ]


def test_an_unconfirmed_account_with_a_wrong_password_is_not_revealed(client, make_account):
    make_account(confirmed=False)

    response = client.post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": "wrong-one"}
    )

    assert response.context["form"].non_field_errors() == [
        "This email and password do not match an account. Check them and try again."
    ]


def test_asking_the_confirmation_again_for_an_active_account_sends_nothing(
    client, make_account, django_capture_on_commit_callbacks
):
    make_account()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/compte/connexion/", {"email": "lou.durand@example.org", "resend": "1"}
        )
    assert response.status_code == 200
    assert mail.outbox == []


# --- signing in by a link ---------------------------------------------------------------------
def ask_link(client, email, callbacks, path="/compte/connexion/lien/", **extra):
    with callbacks(execute=True):
        return client.post(path, {"email": email, **extra})


def test_a_link_signs_in_once(client, make_account, django_capture_on_commit_callbacks):
    user = make_account()

    response = ask_link(client, "Lou.Durand@example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["lou.durand@example.org"]
    assert message.subject == french("Your sign-in link for %(venue)s") % {"venue": "La Clef"}
    path = link_in(message)
    assert path.startswith("/compte/connexion/lien/")

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert signed_in_as(client) == str(user.pk)

    client.logout()
    response = client.post(path)
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_the_link_is_in_the_persons_language(
    client, make_account, django_capture_on_commit_callbacks
):
    make_account(language="en")

    ask_link(client, "lou.durand@example.org", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.subject == "Your sign-in link for La Clef"
    assert message.body.startswith("Hello Lou,\n\nTo sign in, follow this link:\n")
    assert link_in(message).startswith("/en/compte/connexion/lien/")


def test_a_link_confirms_an_address_not_confirmed_yet(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account(confirmed=False)

    ask_link(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert Person.objects.get(user=user).email_confirmed_at is not None
    assert signed_in_as(client) == str(user.pk)


def test_a_link_keeps_the_page_asked_for(client, make_account, django_capture_on_commit_callbacks):
    make_account()

    ask_link(
        client,
        "lou.durand@example.org",
        django_capture_on_commit_callbacks,
        next="/seance/3/reserver/",
    )

    path = link_in(mail.outbox[0])
    assert path.endswith("?next=%2Fseance%2F3%2Freserver%2F")
    assert client.post(path)["Location"] == "/seance/3/reserver/"


def test_a_link_with_a_foreign_next_lands_on_the_persons_page(
    client, make_account, django_capture_on_commit_callbacks
):
    make_account()
    ask_link(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])

    response = client.post(path + "?next=https://elsewhere.example/")

    assert response["Location"] == "/compte/"


def test_a_forged_link_is_a_400(client, make_account):
    user = make_account()
    uid = urlsafe_base64_encode(str(user.pk).encode())
    response = client.get(f"/en/compte/connexion/lien/{uid}.abc-0123/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert signed_in_as(client) is None
    assert user.last_login is None


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_asking_a_link_says_the_same_whether_the_address_has_an_account_or_not(
    client, make_account, django_capture_on_commit_callbacks
):
    make_account("known@example.org")

    known = ask_link(client, "known@example.org", django_capture_on_commit_callbacks)
    unknown = ask_link(client, "unknown@example.org", django_capture_on_commit_callbacks)

    assert (known.status_code, unknown.status_code) == (200, 200)
    assert without_csrf(known).replace("known@", "unknown@") == without_csrf(unknown)
    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_a_malformed_address_is_refused_and_sends_nothing(
    client, venue, django_capture_on_commit_callbacks
):
    response = ask_link(
        client, "not an address", django_capture_on_commit_callbacks, "/en/compte/connexion/lien/"
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert mail.outbox == []


# --- signing out, and the masthead ---------------------------------------------------------
def test_signing_out_takes_a_post(client, make_account):
    user = make_account()
    client.force_login(user)

    assert client.get("/compte/deconnexion/").status_code == 405
    assert signed_in_as(client) == str(user.pk)

    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) is None


def test_the_masthead_offers_to_sign_in(client, venue):
    content = client.get("/en/histoire/").content.decode()
    assert '<a href="/en/compte/connexion/?next=/en/histoire/" class="account-link">' in content
    assert ">Sign in</a>" in content
    assert "My account" not in content


def test_the_masthead_offers_my_account_and_signing_out(client, make_account):
    client.force_login(make_account())

    content = client.get("/en/histoire/").content.decode()

    assert '<a href="/en/compte/" class="account-link">My account</a>' in content
    assert '<form method="post" action="/en/compte/deconnexion/">' in content
    assert ">Sign out</button>" in content
    assert ">Sign in</a>" not in content


# --- an account closed by staff stays closed ----------------------------------------------------
def test_no_link_opens_again_an_account_closed_by_staff(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account()
    ask_link(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    issued_before = link_in(mail.outbox.pop())
    User.objects.filter(pk=user.pk).update(is_active=False)

    # A link asked for now is not sent; one sent before does not work.
    response = ask_link(client, "lou.durand@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert mail.outbox == []
    assert client.get(issued_before).status_code == 400
    assert client.post(issued_before).status_code == 400
    # Nor does the password, nor asking the confirmation again.
    response = client.post(
        "/en/compte/connexion/", {"email": "lou.durand@example.org", "password": NEW_PASSWORD}
    )
    assert response.context["form"].non_field_errors() == [
        "This email and password do not match an account. Check them and try again."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/connexion/", {"email": "lou.durand@example.org", "resend": "1"})
    assert mail.outbox == []
    assert not User.objects.get(pk=user.pk).is_active
    assert signed_in_as(client) is None


def test_an_old_confirmation_link_does_not_open_a_closed_account(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/creer/", signup_data)
    path = link_in(mail.outbox[0])
    assert client.get(path).status_code == 302
    client.logout()
    User.objects.update(is_active=False)

    response = client.get(path)

    assert response.status_code == 400
    assert not User.objects.get().is_active
