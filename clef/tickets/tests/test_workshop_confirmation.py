"""A workshop place needs the guardian's address confirmed: at once when they are signed
in with it confirmed, else by a link sent by email within the venue's time; unconfirmed
places go back, counted free at once and written down by the timer."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from clef.members.models import Person
from clef.tickets import seats, workshops
from clef.tickets.models import Registration
from clef.tickets.tests.pages import page


def register(workshop, name, *, user=None, email=None, language="en", confirmed=False):
    return workshops.register(
        workshop,
        child_first_name=name,
        child_age=8,
        guardian_name="Nadia Benali",
        guardian_phone="06 12 34 56 78",
        guardian_email=email or f"{name.lower()}@example.org",
        photo_consent=True,
        user=user,
        language=language,
        confirmed=confirmed,
    )


def link_in(message):
    return re.search(r"http://127\.0\.0\.1:8000(/\S+/confirmer/\S+/)", message.body).group(1)


@pytest.fixture
def frozen(time_machine, venue):
    """The clock stopped at noon, Paris time, today."""
    time_machine.move_to(dt.datetime.now(venue.zone).replace(hour=12, minute=0), tick=False)


# --- who must confirm ---------------------------------------------------------------------------
def test_a_guardian_signed_in_with_a_confirmed_address_has_the_place_at_once(
    workshop, paid_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada", user=paid_member, email="Mila@Example.org")

    assert (ada.status, ada.confirm_by, ada.awaits_confirmation) == ("registered", None, False)
    assert ada.confirmed_at is not None
    (message,) = mail.outbox
    assert message.subject == "Workshop: Wanda"
    assert "Ada is registered for" in message.body


@pytest.mark.parametrize("case", ["another address", "address not confirmed", "no account"])
def test_anyone_else_holds_the_place_until_the_link_is_opened(
    workshop, paid_member, member, case, frozen, django_capture_on_commit_callbacks
):
    user, email = {
        "another address": (paid_member, "someone.else@example.org"),
        "address not confirmed": (member, member.email),
        "no account": (None, "ada@example.org"),
    }[case]
    if case == "address not confirmed":
        Person.objects.create(user=member, email_confirmed_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada", user=user, email=email)

    assert ada.status == Registration.Status.REGISTERED
    assert ada.awaits_confirmation
    assert ada.confirm_by - ada.created_at == dt.timedelta(minutes=120)
    assert seats.places_left(workshop) == 1
    (message,) = mail.outbox
    assert message.to == [email.lower()]
    assert message.subject == "Confirm your address: workshop Wanda"
    assert "A place is held for Ada in the workshop “Wanda”" in message.body
    assert "before" in message.body and ", 14:00:" in message.body
    assert link_in(message) == workshops.confirmation_path(ada)


# --- the link ------------------------------------------------------------------------------------
def test_the_link_confirms_the_place(client, workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada")
    link = link_in(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == f"/en/inscription/{ada.code}/"
    ada.refresh_from_db()
    assert (ada.status, ada.confirm_by, ada.awaits_confirmation) == ("registered", None, False)
    assert ada.confirmed_at is not None
    body = page(client.get(response["Location"]))
    assert "Your address is confirmed: Ada&#x27;s registration stands." in body
    assert "Ada has a place in this workshop." in body
    (message,) = mail.outbox
    assert "Ada is registered for" in message.body


def test_a_link_used_twice_says_the_address_is_confirmed_already(
    client, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada")
    link = link_in(mail.outbox[0])
    client.get(link)
    confirmed_at = Registration.objects.get().confirmed_at
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link, follow=True)

    assert "This address is already confirmed: the registration of Ada stands." in page(response)
    assert Registration.objects.get(pk=ada.pk).confirmed_at == confirmed_at
    assert mail.outbox == []


def test_an_expired_link_says_the_place_went_back(
    client, workshop, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada")
    link = link_in(mail.outbox[0])
    time_machine.move_to(ada.confirm_by + dt.timedelta(seconds=1))

    # Free at once, before the timer has run.
    assert seats.places_left(workshop) == 2
    body = page(client.get(link, follow=True))
    assert (
        "This link has expired: the address was not confirmed within 120 minutes, so the "
        "place went back. You may register again."
    ) in body
    assert "was not confirmed in time: the place held for Ada went back." in body
    ada.refresh_from_db()
    assert ada.confirmed_at is None
    assert ada.status == Registration.Status.REGISTERED

    out = io.StringIO()
    call_command("release_bookings", stdout=out)

    assert out.getvalue() == (
        "0 booking(s) released\n1 workshop place(s) not confirmed in time released\n"
    )
    ada.refresh_from_db()
    assert ada.status == Registration.Status.EXPIRED
    assert seats.places_left(workshop) == 2


def test_the_place_is_kept_until_the_last_minute(workshop, time_machine):
    ada = register(workshop, "Ada")
    time_machine.move_to(ada.confirm_by - dt.timedelta(seconds=1))

    assert workshops.release_unconfirmed() == 0
    assert seats.places_left(workshop) == 1


def test_the_time_to_confirm_is_the_venues(workshop, venue, frozen):
    venue.registration_confirm_minutes = 30
    venue.save()
    workshop.room.venue = venue

    ada = register(workshop, "Ada")

    assert ada.confirm_by - ada.created_at == dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    "token", ["not-the-token", "", "٣" * 27, "x" * 5000], ids=["wrong", "empty", "digits", "long"]
)
def test_a_wrong_link_is_refused_and_confirms_nothing(client, workshop, token):
    ada = register(workshop, "Ada")

    response = client.get(f"/en/inscription/{ada.code}/confirmer/{token}/", follow=True)

    if token:
        assert response.status_code == 200
        assert "This confirmation link is not valid: open the whole link from the email." in (
            page(response)
        )
    ada.refresh_from_db()
    assert ada.awaits_confirmation


def test_one_registrations_link_does_not_confirm_another(client, workshop):
    ada, bea = register(workshop, "Ada"), register(workshop, "Bea")
    token = workshops.confirmation_token(ada)

    client.get(f"/en/inscription/{bea.code}/confirmer/{token}/")

    bea.refresh_from_db()
    assert bea.awaits_confirmation
    assert client.get(f"/en/inscription/nope/confirmer/{token}/").status_code == 404


def test_a_cancelled_registration_cannot_be_confirmed(client, workshop):
    ada = register(workshop, "Ada")
    workshops.cancel(ada)

    response = client.get(workshops.confirmation_path(ada), follow=True)

    assert "This registration is cancelled: there is nothing to confirm." in page(response)
    ada.refresh_from_db()
    assert (ada.status, ada.confirmed_at) == ("cancelled", None)


# --- the waiting list ----------------------------------------------------------------------------
def test_an_expired_place_goes_to_the_first_confirmed_child_waiting(
    workshop, time_machine, django_capture_on_commit_callbacks
):
    register(workshop, "Ada", confirmed=True)
    bea = register(workshop, "Bea")
    cid = register(workshop, "Cid", confirmed=True)
    assert cid.status == Registration.Status.WAITING
    time_machine.move_to(bea.confirm_by + dt.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert workshops.release_unconfirmed() == 1

    statuses = dict(Registration.objects.values_list("child_first_name", "status"))
    assert statuses == {"Ada": "registered", "Bea": "expired", "Cid": "registered"}
    assert [m.to for m in mail.outbox] == [["cid@example.org"]]


def test_a_new_registration_does_not_overtake_the_list_after_an_expiry(workshop, time_machine):
    register(workshop, "Ada", confirmed=True)
    bea = register(workshop, "Bea")
    register(workshop, "Cid", confirmed=True)
    time_machine.move_to(bea.confirm_by + dt.timedelta(minutes=1))

    dan = register(workshop, "Dan", confirmed=True)

    statuses = dict(Registration.objects.values_list("child_first_name", "status"))
    assert statuses == {
        "Ada": "registered",
        "Bea": "expired",
        "Cid": "registered",
        "Dan": "waiting",
    }
    assert dan.status == Registration.Status.WAITING


def test_a_child_waiting_goes_up_only_once_the_address_is_confirmed(
    client, workshop, django_capture_on_commit_callbacks
):
    ada = register(workshop, "Ada", confirmed=True)
    register(workshop, "Bea", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        cid = register(workshop, "Cid")
    assert cid.status == Registration.Status.WAITING
    assert "goes on the waiting list once you confirm your address" in mail.outbox[0].body

    workshops.cancel(ada)
    cid.refresh_from_db()
    assert cid.status == Registration.Status.WAITING
    assert seats.places_left(workshop) == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(workshops.confirmation_path(cid))
    cid.refresh_from_db()
    assert (cid.status, cid.awaits_confirmation) == ("registered", False)
    assert [m.to for m in mail.outbox] == [["cid@example.org"]]
    assert "Cid is registered for" in mail.outbox[0].body


# --- the pages and the emails --------------------------------------------------------------------
def test_a_visitor_is_told_to_open_the_link_and_the_page_says_until_when(
    client, workshop, frozen, django_capture_on_commit_callbacks
):
    form = {
        "child_first_name": "Lina",
        "child_age": "8",
        "guardian_name": "Nadia Benali",
        "guardian_phone": "06 12 34 56 78",
        "guardian_email": "lina.parent@example.org",
        "photo_consent": "no",
    }
    body = page(client.get(f"/en/seance/{workshop.pk}/inscription/"))
    assert "the place is held 120 minutes for you to open it" in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/seance/{workshop.pk}/inscription/", form)

    body = page(client.get(response["Location"]))
    assert (
        "A place is held for Lina. We sent a link to lina.parent@example.org: open it before "
        "14:00 to confirm your address, or the place goes back."
    ) in body
    assert (
        "A place is held for Lina until 14:00. To keep it, open the link we sent to "
        "lina.parent@example.org"
    ) in body
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_confirmation_email_is_in_the_guardians_language(
    workshop, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ada = register(workshop, "Ada", language=language)

    (message,) = mail.outbox
    link = link_in(message)
    assert link.startswith("/en/inscription/" if language == "en" else "/inscription/")
    assert link.endswith(f"/confirmer/{workshops.confirmation_token(ada)}/")
    with translation.override(language):
        subject = translation.gettext("Confirm your address: workshop %(title)s")
    assert message.subject == subject % {"title": "Wanda"}
