"""A member moves their account to a new address, confirmed by a link sent to it (the
old address told), and changes their name and the language of their emails."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from clef.accounts.tests.conftest import NEW_PASSWORD, link_in
from clef.members.models import Person
from clef.tickets.booking import book
from clef.tickets.models import Booking

User = get_user_model()


def without_csrf(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


@pytest.fixture
def lou(make_account):
    return make_account(language="en")


def ask(client, email, callbacks, password=NEW_PASSWORD):
    with callbacks(execute=True):
        return client.post("/en/compte/adresse/", {"email": email, "password": password})


def test_the_new_address_is_confirmed_by_its_link_and_the_old_one_told(
    client, lou, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    elsewhere.force_login(lou)
    client.force_login(lou)

    response = ask(client, "Lou@New.example.org", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "lou@new.example.org" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["lou@new.example.org"]
    assert message.subject == "Confirm your new address for La Clef"
    lou.refresh_from_db()
    assert lou.email == "lou.durand@example.org"  # nothing yet

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link_in(message))

    assert response.status_code == 302
    lou.refresh_from_db()
    assert (lou.username, lou.email) == ("lou@new.example.org", "lou@new.example.org")
    [told] = mail.outbox
    assert told.to == ["lou.durand@example.org"]
    assert "is now lou@new.example.org" in told.body
    assert elsewhere.get("/en/compte/").status_code == 302
    assert client.get("/en/compte/").status_code == 200
    # The same link again does nothing.
    assert client.post(link_in(message)).status_code == 400


def test_an_address_in_use_gets_the_same_page_and_is_never_taken(
    client, lou, make_account, django_capture_on_commit_callbacks
):
    make_account("taken@example.org")
    client.force_login(lou)

    taken = ask(client, "taken@example.org", django_capture_on_commit_callbacks)
    free = ask(client, "freed@example.org", django_capture_on_commit_callbacks)

    assert taken.status_code == free.status_code == 200
    assert without_csrf(taken).replace(b"taken@", b"freed@") == without_csrf(free)
    in_use, confirm = mail.outbox
    assert in_use.to == ["taken@example.org"]
    # In the owner's language (French, the venue's).
    assert "Cette adresse a déjà un compte, rien" in in_use.body
    assert "http" not in in_use.body
    # Taken meanwhile: the link of the free address says so and changes nothing.
    make_account("freed@example.org")
    response = client.post(link_in(confirm))
    assert response.status_code == 400
    assert "This address now belongs to another account" in response.content.decode()
    lou.refresh_from_db()
    assert lou.email == "lou.durand@example.org"


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"email": "lou.durand@example.org", "password": NEW_PASSWORD},
            "email",
            "This is already the address of your account.",
        ),
        (
            {"email": "lou@new.example.org", "password": "not-mine"},
            "password",
            "This is not your password: your address was not changed.",
        ),
        ({"email": "not an address", "password": NEW_PASSWORD}, "email", None),
        ({"email": "x" * 5000 + "@example.org", "password": NEW_PASSWORD}, "email", None),
    ],
)
def test_a_bad_request_is_refused_and_sends_nothing(client, lou, data, field, error):
    client.force_login(lou)

    response = client.post("/en/compte/adresse/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    if error:
        assert response.context["form"].errors[field] == [error]
    assert mail.outbox == []


def test_someone_without_a_password_changes_address_without_one(
    client, lou, django_capture_on_commit_callbacks
):
    lou.set_unusable_password()
    lou.save()
    client.force_login(lou)
    assert 'name="password"' not in client.get("/en/compte/adresse/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/compte/adresse/", {"email": "lou@new.example.org"})

    assert [m.to for m in mail.outbox] == [["lou@new.example.org"]]


def test_bookings_made_with_the_old_address_follow_it(
    client, paid_member, on_sale, django_capture_on_commit_callbacks
):
    booking, _ = book(on_sale, user=paid_member, prices=["0"], method="door")
    client.force_login(paid_member)
    ask(
        client,
        "mila@new.example.org",
        django_capture_on_commit_callbacks,
        password="a-test-password-1",
    )

    client.post(link_in(mail.outbox[0]))

    assert Booking.objects.get(pk=booking.pk).email == "mila@new.example.org"


def test_a_forged_address_link_is_refused(client, lou):
    response = client.get("/en/compte/adresse/eyJ1c2VyIjoxfQ:forged/")
    assert response.status_code == 400


# --- name and language ----------------------------------------------------------------------------
def test_a_member_changes_their_name_and_the_language_of_their_emails(client, lou):
    client.force_login(lou)
    form = client.get("/en/compte/nom-et-langue/").context["form"]
    assert (form["first_name"].value(), form["language"].value()) == ("Lou", "en")

    response = client.post(
        "/en/compte/nom-et-langue/",
        {"first_name": " Louise ", "last_name": "Martin", "language": "fr"},
    )

    assert response.status_code == 302
    lou.refresh_from_db()
    assert (lou.first_name, lou.last_name) == ("Louise", "Martin")
    assert Person.objects.get(user=lou).language == "fr"


@pytest.mark.parametrize(
    "data",
    [
        {"first_name": "Lou", "last_name": "Durand", "language": "de"},
        {"first_name": "", "last_name": "Durand", "language": "fr"},
        {"first_name": "L" * 5000, "last_name": "Durand", "language": "fr"},
    ],
)
def test_a_bad_name_or_language_changes_nothing(client, lou, data):
    client.force_login(lou)

    response = client.post("/en/compte/nom-et-langue/", data)

    assert response.status_code == 400
    lou.refresh_from_db()
    assert (lou.first_name, Person.objects.get(user=lou).language) == ("Lou", "en")


def test_my_page_links_to_each_change(client, lou):
    client.force_login(lou)
    content = client.get("/en/compte/").content.decode()
    for path in ["nom-et-langue/", "adresse/", "mot-de-passe/", "connexions/", "supprimer/"]:
        assert f'href="/en/compte/{path}"' in content
