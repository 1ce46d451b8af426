"""Registering a child for a workshop from its pages: the form, the age range, the photo
rules, the waiting list when full, the registration's page and cancelling from it, and
the emails in both languages."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clef.tickets import workshops
from clef.tickets.models import Registration
from clef.tickets.tests.pages import french_day, page


@pytest.fixture
def workshop(make_workshop):
    """A free workshop for children of 6 to 10, with two places, in five days at 14:00."""
    return make_workshop(days=5, time="14:00", online_quota=2, age_min=6, age_max=10)


def register_url(screening, language="en"):
    with translation.override(language):
        return reverse("tickets:register", args=[screening.pk])


def child(name="Lina", age="8", **fields):
    return {
        "child_first_name": name,
        "child_age": age,
        "guardian_name": "Nadia Benali",
        "guardian_phone": "06 12 34 56 78",
        "guardian_email": f"{name.lower()}.parent@example.org",
        "photo_consent": "no",
        **fields,
    }


def register(screening, name, **fields):
    """A child registered with the guardian's address confirmed (as staff would)."""
    fields.setdefault("confirmed", True)
    return workshops.register(
        screening,
        child_first_name=name,
        child_age=8,
        guardian_name="A guardian",
        guardian_phone="0612345678",
        guardian_email=f"{name.lower()}@example.org",
        photo_consent=True,
        **fields,
    )


def test_a_visitor_sees_the_form_with_the_photo_rules(client, workshop):
    response = client.get(register_url(workshop))
    assert response.status_code == 200
    body = page(response)
    for field in ("child_first_name", "child_age", "guardian_name", "guardian_phone"):
        assert f'name="{field}"' in body
    assert 'name="guardian_email"' in body
    assert body.count('name="photo_consent"') == 2  # yes and no
    assert "Our photo rules:" in body
    assert 'aria-describedby="id_photo_consent_helptext"' in body
    assert "For children from 6 to 10 years old." in body
    assert "will go on the waiting list" not in body


def test_a_visitor_registers_a_child(client, workshop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(workshop), child(photo_consent="yes"))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/inscription/{registration.code}/"
    assert (
        registration.status,
        registration.child_first_name,
        registration.child_age,
        registration.guardian_phone,
        registration.photo_consent,
        registration.person,
        registration.language,
    ) == (Registration.Status.REGISTERED, "Lina", 8, "06 12 34 56 78", True, None, "en")
    assert registration.awaits_confirmation
    body = page(client.get(response["Location"]))
    assert "A place is held for Lina. We sent a link to lina.parent@example.org" in body
    assert "A place is held for Lina until" in body
    assert 'name="action" value="cancel"' in body
    assert [m.to for m in mail.outbox] == [["lina.parent@example.org"]]
    assert mail.outbox[0].subject == "Confirm your address: workshop Wanda"


def test_a_signed_in_guardian_with_a_confirmed_address_is_registered_at_once(
    client, workshop, paid_member
):
    client.force_login(paid_member)
    response = client.post(register_url(workshop), child(guardian_email="mila@example.org"))
    body = page(client.get(response["Location"]))
    assert "Lina is registered. Keep this page: it lets you cancel." in body
    assert "Lina has a place in this workshop." in body


def test_a_signed_in_guardian_finds_the_form_filled_and_the_registration_linked(
    client, workshop, paid_member
):
    client.force_login(paid_member)
    body = page(client.get(register_url(workshop)))
    assert 'value="mila@example.org"' in body
    assert 'value="Mila"' in body
    client.post(register_url(workshop), child())
    assert Registration.objects.get().person == paid_member


@pytest.mark.parametrize(("age", "message"), [("5", "from 6 to 10"), ("11", "from 6 to 10")])
def test_an_age_out_of_range_is_refused_beside_the_field(client, workshop, age, message):
    response = client.post(register_url(workshop), child(age=age))
    assert response.status_code == 400
    body = page(response)
    assert (
        '<ul class="errorlist" id="id_child_age_error">'
        "<li>This workshop is for children from 6 to 10 years old.</li></ul>"
    ) in body
    assert Registration.objects.count() == 0


def test_the_photo_choice_and_a_phone_number_are_required(client, workshop):
    data = child(guardian_phone="call me")
    del data["photo_consent"]
    response = client.post(register_url(workshop), data)
    assert response.status_code == 400
    body = page(response)
    assert 'id="id_photo_consent_error"' in body
    assert "Type a phone number, like 06 12 34 56 78." in body
    assert Registration.objects.count() == 0


def test_a_full_workshop_says_so_before_and_puts_the_child_on_the_waiting_list(
    client, workshop, django_capture_on_commit_callbacks
):
    register(workshop, "Ana")
    register(workshop, "Bea")
    body = page(client.get(register_url(workshop)))
    assert "This workshop is full: your registration will go on the waiting list." in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(workshop), child("Chloe"))
    chloe = Registration.objects.get(child_first_name="Chloe")
    assert chloe.status == Registration.Status.WAITING
    body = page(client.get(response["Location"]))
    assert "The workshop is full. We sent a link to chloe.parent@example.org: open it" in body
    assert "To put Chloe on the waiting list, open the link we sent" in body
    assert "Leave the waiting list" in body
    (message,) = mail.outbox
    assert message.subject == "Confirm your address: workshop Wanda"
    assert "is full: Chloe goes on the waiting list once you confirm your address." in (
        message.body
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(workshops.confirmation_path(chloe))
    body = page(client.get(response["Location"]))
    assert "The workshop is full: Chloe is on the waiting list." in body
    (message,) = mail.outbox
    assert message.subject == "Workshop: Wanda"
    assert "is full: Chloe is on the waiting list." in message.body


def test_cancelling_gives_the_place_to_the_first_waiting(
    client, workshop, django_capture_on_commit_callbacks
):
    ana = register(workshop, "Ana")
    register(workshop, "Bea")
    chloe = register(workshop, "Chloe")
    register(workshop, "Dora")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/inscription/{ana.code}/", {"action": "cancel"})
    assert response["Location"] == f"/en/inscription/{ana.code}/"
    statuses = dict(Registration.objects.values_list("child_first_name", "status"))
    assert statuses == {
        "Ana": "cancelled",
        "Bea": "registered",
        "Chloe": "registered",
        "Dora": "waiting",
    }
    assert [m.to for m in mail.outbox] == [["chloe@example.org"]]
    body = page(client.get(response["Location"]))
    assert "The registration of Ana is cancelled." in body
    assert "This registration is cancelled." in body
    assert 'name="action"' not in body
    chloe.refresh_from_db()
    assert chloe.status == Registration.Status.REGISTERED


def test_a_registration_is_found_by_its_code_only(client, workshop):
    registration = register(workshop, "Ana")
    assert client.get(f"/en/inscription/{registration.code}/").status_code == 200
    assert client.get("/en/inscription/not-a-code/").status_code == 404


def test_it_is_too_late_to_cancel_once_the_workshop_has_started(client, workshop, time_machine):
    registration = register(workshop, "Ana")
    time_machine.move_to(workshop.starts_at + dt.timedelta(minutes=5))
    response = client.post(
        f"/en/inscription/{registration.code}/", {"action": "cancel"}, follow=True
    )
    assert "This workshop has started: it is too late to cancel." in page(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_workshop_not_open_is_refused_with_the_reason(client, workshop, time_machine):
    time_machine.move_to(workshop.starts_at + dt.timedelta(minutes=5))
    response = client.post(register_url(workshop), child())
    assert response.status_code == 400
    assert "This workshop has started: registration is closed." in page(response)
    assert Registration.objects.count() == 0


def test_booking_and_registering_lead_to_each_other(client, workshop, on_sale):
    assert client.get(register_url(on_sale))["Location"] == f"/en/seance/{on_sale.pk}/reserver/"
    assert (
        client.get(f"/en/seance/{workshop.pk}/places/")
        .content.decode()
        .count(f'href="/en/seance/{workshop.pk}/inscription/"')
        == 1
    )


def test_the_seats_fragment_counts_the_places_left(client, workshop):
    register(workshop, "Ana")
    body = page(client.get(f"/en/seance/{workshop.pk}/places/"))
    assert "1 place left" in body
    register(workshop, "Bea")
    body = page(client.get(f"/en/seance/{workshop.pk}/places/"))
    assert "This workshop is full: a new registration goes on the waiting list." in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_registration_email_is_in_the_guardians_language(
    client, workshop, language, paid_member, django_capture_on_commit_callbacks
):
    client.force_login(paid_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(workshop, language), child(guardian_email="mila@example.org"))
    registration = Registration.objects.get()
    assert registration.language == language
    (message,) = mail.outbox
    with translation.override(language):
        subject = translation.gettext("Workshop: %(title)s") % {"title": "Wanda"}
        link = reverse("tickets:registration", args=[registration.code])
    assert message.subject == subject.strip()
    assert f"http://127.0.0.1:8000{link}\n" in message.body
    local = workshop.local_start
    if language == "en":
        assert message.body.startswith("Hello Nadia Benali,\n")
        assert f"Lina is registered for “Wanda”, {local:%A} {local.day} {local:%B %Y}, 14:00." in (
            message.body
        )
        assert "Where: Grande salle, La Clef, 34 rue Daubenton, 75005 Paris." in message.body
    else:
        assert not link.startswith("/en/")
        assert f"{french_day(local)}, 14:00" in message.body
