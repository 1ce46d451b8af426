"""Signing up: an inactive account, a link by email in the person's language, and the
link that confirms the address, signs in and leads to the membership."""

import datetime as dt
import time
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from clef.accounts.tests.conftest import NEW_PASSWORD, french, link_in
from clef.members.models import Membership, Person

User = get_user_model()


def sign_up(client, data, path="/compte/creer/", callbacks=None):
    with callbacks(execute=True):
        return client.post(path, data)


def test_the_form_offers_the_language_of_the_page(client, venue):
    assert client.get("/compte/creer/").context["form"]["language"].value() == "fr"
    assert client.get("/en/compte/creer/").context["form"]["language"].value() == "en"


def test_signing_up_makes_an_inactive_account_and_mails_a_link_in_french(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    response = sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/check_inbox.html"
    user = User.objects.get()
    assert (user.username, user.email) == ("lou.durand@example.org", "lou.durand@example.org")
    assert (user.first_name, user.last_name, user.is_active) == ("Lou", "Durand", False)
    # No usable password before the address is confirmed: it waits in this browser.
    assert not user.has_usable_password()
    assert not user.check_password(NEW_PASSWORD)
    person = Person.objects.get(user=user)
    assert (person.language, person.email_confirmed_at) == ("fr", None)
    assert "_auth_user_id" not in client.session

    [message] = mail.outbox
    assert message.to == ["lou.durand@example.org"]
    assert message.subject == french("Confirm your address for %(venue)s") % {"venue": "La Clef"}
    assert message.body.startswith(french("Hello %(name)s,") % {"name": "Lou"})
    works = french(
        "The link works once, for %(hours)s hour.",
        "The link works once, for %(hours)s hours.",
        24,
    )
    assert works % {"hours": 24} in message.body
    assert link_in(message).startswith("/compte/confirmer/")


def test_the_email_is_in_english_for_an_english_reader(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    signup_data["language"] = "en"
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.subject == "Confirm your address for La Clef"
    assert message.body.startswith("Hello Lou,\n")
    assert "The link works once, for 24 hours." in message.body
    assert link_in(message).startswith("/en/compte/confirmer/")
    assert Person.objects.get().language == "en"


def test_following_the_link_confirms_signs_in_and_leads_to_the_membership(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    [message] = mail.outbox

    response = client.get(link_in(message))

    assert response.status_code == 302
    assert response["Location"] == "/adhesion/"
    user = User.objects.get()
    assert user.is_active
    assert Person.objects.get(user=user).email_confirmed_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_member_confirming_lands_on_their_page(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    today = venue.local_date()
    Membership.objects.create(
        venue=venue,
        person=User.objects.get(),
        number=1,
        season=today.year,
        amount=Decimal("10.00"),
        starts_on=today,
        ends_on=today + dt.timedelta(days=300),
    )

    response = client.get(link_in(mail.outbox[0]))

    assert response["Location"] == "/compte/"


def test_a_confirmation_link_works_once(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])
    assert client.get(path).status_code == 302
    client.logout()

    response = client.get(path)

    assert response.status_code == 400
    assert french("This link does not work") in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_token_is_refused_in_the_language_of_the_link(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    signup_data["language"] = "en"
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    good = link_in(mail.outbox[0])
    assert good.startswith("/en/")
    forged = good[:-2] + ("0" if good[-2] != "0" else "1") + "/"

    response = client.get(forged)

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not User.objects.get().is_active
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["nonsense", "MQ.abc-def", "OTk5.1-2", "....", "%ff"])
def test_a_link_that_names_nobody_is_a_400(client, venue, token):
    response = client.get(f"/en/compte/confirmer/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_link_older_than_the_limit_is_refused(
    client, venue, signup_data, settings, django_capture_on_commit_callbacks
):
    settings.CLEF_LINK_MAX_AGE = 600
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])

    with time_machine.travel(time.time() + 601):
        response = client.get(path)

    assert response.status_code == 400
    assert not User.objects.get().is_active


def test_a_link_still_young_enough_works(
    client, venue, signup_data, settings, django_capture_on_commit_callbacks
):
    settings.CLEF_LINK_MAX_AGE = 600
    sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)
    path = link_in(mail.outbox[0])

    with time_machine.travel(time.time() + 590):
        response = client.get(path)

    assert response.status_code == 302
    assert User.objects.get().is_active


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("12345678", "This password is entirely numeric."),
        ("court", "This password is too short. It must contain at least 8 characters."),
        ("lou.durand@example", "The password is too similar to the email address."),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(
    client, venue, signup_data, password, error, django_capture_on_commit_callbacks
):
    signup_data["password"] = password

    response = sign_up(
        client, signup_data, "/en/compte/creer/", callbacks=django_capture_on_commit_callbacks
    )

    assert response.status_code == 400
    assert error in response.context["form"].errors["password"]
    assert not User.objects.exists()
    assert not Person.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["first_name", "last_name", "email", "password", "language"])
def test_a_missing_field_writes_nothing(
    client, venue, signup_data, field, django_capture_on_commit_callbacks
):
    del signup_data[field]

    response = sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_unknown_language_writes_nothing(
    client, venue, signup_data, django_capture_on_commit_callbacks
):
    signup_data["language"] = "de"

    response = sign_up(client, signup_data, callbacks=django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert not User.objects.exists()
