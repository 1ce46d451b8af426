"""A person's data: downloaded whole as JSON, or erased; what touched money stays for
the accounts, with no name or address on it."""

import datetime as dt
import json
import logging
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from clef.accounts.erasure import ERASED_EMAIL, ERASED_TEXT, erase_person
from clef.accounts.personal_data import export_person
from clef.accounts.tests.test_erase_by_link import erase_through_link
from clef.members.models import Membership, Person
from clef.payments.services import mark_paid
from clef.programme.models import Screening
from clef.tickets import waitinglist, workshops
from clef.tickets.booking import book
from clef.tickets.models import Booking, Registration, Ticket, WaitingListEntry
from conftest import PASSWORD

User = get_user_model()
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    # A timestamp, not an aware datetime: time-machine would switch the process's zone.
    with time_machine.travel(NOW.timestamp(), tick=False):
        yield


@pytest.fixture
def history(frozen, make_member, make_screening, make_film, venue):
    """Lou, an English-reading member, with two bookings (one at the door, one paid
    online), a place on a waiting list and a child registered for a workshop; and
    Nour, whose booking must never show in Lou's data."""
    lou = make_member("lou", language="en")
    nour = make_member("nour")
    wanda = make_screening(dt.date(2026, 5, 9), "20:00", films=[make_film("Wanda")])
    salt = make_screening(dt.date(2026, 5, 13), "18:30", films=[make_film("Salt of the Earth")])
    full = make_screening(dt.date(2026, 5, 14), "21:00", films=[make_film("Loin du Vietnam")])
    workshop = make_screening(
        dt.date(2026, 5, 16),
        "14:00",
        kind=Screening.Kind.WORKSHOP,
        title="Atelier flip-book",
        online_quota=12,
        pricing=Screening.Pricing.FREE,
    )
    at_door, _ = book(wanda, user=lou, prices=["0", "7.50"], method="door", language="en")
    online, _ = book(salt, user=lou, prices=["4"], method="test", language="en")
    mark_paid(online.payment)
    book(wanda, user=nour, prices=["5"], method="door")
    waitinglist.join(full, email="LOU@example.org", user=None, language="en")
    registration = workshops.register(
        workshop,
        child_first_name="Nina",
        child_age=8,
        guardian_name="Lou Martin",
        guardian_phone="06 12 34 56 78",
        guardian_email="lou@example.org",
        photo_consent=True,
        user=lou,
        language="en",
    )
    mail.outbox.clear()
    return lou, nour, at_door, online, registration


def test_the_export_holds_everything_about_the_person_and_nothing_else(client, history):
    lou, _nour, at_door, online, _registration = history
    client.force_login(lou)

    response = client.get("/en/compte/mes-donnees.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="clef-2026-05-04.json"'
    at = "2026-05-04T10:00:00Z"
    data = json.loads(response.content)
    # What the person did, as the action log keeps it: their bookings, their payment,
    # their child's registration.
    assert [(a["action"], a["object"]) for a in data.pop("actions")] == [
        ("tickets.booking.created", f"tickets.booking {at_door.code}"),
        ("payments.payment.created", f"payments.payment {online.payment.pk}"),
        ("tickets.booking.created", f"tickets.booking {online.code}"),
        ("tickets.ticket.paid", "tickets.ticket 2026-000003"),
        ("tickets.booking.paid", f"tickets.booking {online.code}"),
        ("tickets.registration.created", f"tickets.registration {_registration.pk}"),
    ]
    assert data == {
        "person": {
            "first_name": "Lou",
            "last_name": "",
            "email": "lou@example.org",
            "language": "en",
            "joined_at": at,
            "email_confirmed_at": at,
            "last_login": at,
        },
        "memberships": [
            {
                "number": "2026-00001",
                "season": 2026,
                "amount": "10.00",
                "valid_from": "2026-05-03",
                "valid_until": "2027-05-04",
                "status": "paid",
                "paid_at": at,
            }
        ],
        "bookings": [
            {
                "code": at_door.code,
                "screening": {"title": "Wanda", "starts_at": "2026-05-09T18:00:00Z"},
                "status": "held",
                "email": "lou@example.org",
                "created_at": at,
                "tickets": [
                    {"number": "2026-000001", "price": "0.00", "status": "booked"},
                    {"number": "2026-000002", "price": "7.50", "status": "booked"},
                ],
            },
            {
                "code": online.code,
                "screening": {"title": "Salt of the Earth", "starts_at": "2026-05-13T16:30:00Z"},
                "status": "confirmed",
                "email": "lou@example.org",
                "created_at": at,
                "tickets": [{"number": "2026-000003", "price": "4.00", "status": "paid"}],
            },
        ],
        "waiting_list": [
            {
                "screening": {"title": "Loin du Vietnam", "starts_at": "2026-05-14T19:00:00Z"},
                "email": "lou@example.org",
                "joined_at": at,
                "seat_offered_at": None,
                "seat_held_until": None,
                "booked_at": None,
            }
        ],
        "registrations": [
            {
                "workshop": {"title": "Atelier flip-book", "starts_at": "2026-05-16T12:00:00Z"},
                "status": "registered",
                "child_first_name": "Nina",
                "child_age": 8,
                "guardian_name": "Lou Martin",
                "guardian_phone": "06 12 34 56 78",
                "guardian_email": "lou@example.org",
                "photo_consent": True,
                "created_at": at,
            }
        ],
        "payments": [
            {
                "code": online.payment.code,
                "purpose": "booking",
                "method": "test",
                "amount": "4.00",
                "status": "paid",
                "created_at": at,
            }
        ],
        "purchases_at_the_till": [],
        "till_sessions": [],
        "api_tokens": [],
        "signed_in": [{"browser": "", "signed_in_at": at}],
        "back_office_log": [],
    }


def test_the_export_of_a_new_account_is_nearly_empty(make_account):
    data = export_person(make_account())
    assert data["person"]["email"] == "lou.durand@example.org"
    assert {key: data[key] for key in data if key != "person"} == {
        "memberships": [],
        "bookings": [],
        "waiting_list": [],
        "registrations": [],
        "payments": [],
        "purchases_at_the_till": [],
        "till_sessions": [],
        "api_tokens": [],
        "signed_in": [],
        "actions": [],
        "back_office_log": [],
    }


def test_the_export_needs_signing_in(client, venue):
    response = client.get("/compte/mes-donnees.json")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/mes-donnees.json"


# --- erasing --------------------------------------------------------------------------------
def test_the_page_says_what_goes_and_what_stays_and_offers_a_link(client, make_account):
    client.force_login(make_account())

    response = client.get("/en/compte/supprimer/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Your bookings and tickets, memberships and payments stay" in content
    assert 'type="password"' not in content
    assert "Send me the link to erase my account" in content


def test_erasing_keeps_the_tickets_with_no_person_and_no_address(
    client, history, caplog, django_capture_on_commit_callbacks
):
    lou, nour, at_door, online, registration = history
    tickets = set(Ticket.objects.filter(booking__person=lou).values_list("pk", flat=True))
    membership, payment = lou.memberships.get(), online.payment
    client.force_login(lou)

    with caplog.at_level(logging.INFO, logger="clef.actions"):
        response = erase_through_link(client, lou, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=lou.pk).exists()
    assert not Person.objects.filter(user_id=lou.pk).exists()
    # The accounts keep every ticket, booking, membership and payment, anonymised; the
    # tickets to come were cancelled first (and the one paid online refunded).
    assert set(Ticket.objects.filter(pk__in=tickets).values_list("pk", flat=True)) == tickets
    for booking in (at_door, online):
        booking.refresh_from_db()
        assert (booking.person, booking.email, booking.status) == (None, "", "cancelled")
    assert list(payment.refunds.values_list("amount", flat=True)) == [Decimal("-4.00")]
    membership.refresh_from_db()
    payment.refresh_from_db()
    assert (membership.person, membership.number, membership.amount) == (None, 1, 10)
    assert (payment.person, payment.amount, payment.status) == (None, 4, "paid")
    # The waiting list forgets the address; the workshop keeps an age and a place.
    assert not WaitingListEntry.objects.exists()
    registration.refresh_from_db()
    assert (
        registration.person,
        registration.child_first_name,
        registration.guardian_name,
        registration.guardian_phone,
        registration.guardian_email,
        registration.child_age,
        registration.status,
        registration.screening.title,
    ) == (
        None,
        ERASED_TEXT,
        ERASED_TEXT,
        ERASED_TEXT,
        ERASED_EMAIL,
        8,
        "registered",
        "Atelier flip-book",
    )
    # Nour's booking is untouched.
    assert Booking.objects.get(person=nour).email == "nour@example.org"
    # The log names the account by its id, never by its address.
    [line] = [r.getMessage() for r in caplog.records if "accounts.person.erased" in r.getMessage()]
    assert line == (
        f"accounts.person.erased by=system account_kept_for_records=False actions=0 "
        f"bookings=2 by_themselves=True registrations=1 user={lou.pk} waiting_list=1"
    )


def test_an_erased_person_can_no_longer_sign_in(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account()
    erase_through_link(client, user, django_capture_on_commit_callbacks, language="")

    response = client.post(
        "/compte/connexion/", {"email": "lou.durand@example.org", "password": "un-film-par-semaine"}
    )

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_asking_the_link_erases_nothing(client, history):
    lou, *_ = history
    client.force_login(lou)

    response = client.post("/en/compte/supprimer/", {"password": "not-mine"})

    assert response.status_code == 200
    assert User.objects.filter(pk=lou.pk).exists()
    assert Booking.objects.filter(person=lou, email="lou@example.org").count() == 2
    assert WaitingListEntry.objects.count() == 1
    assert Registration.objects.get().guardian_name == "Lou Martin"
    assert client.session["_auth_user_id"] == str(lou.pk)


def test_an_account_that_signs_in_by_links_erases_by_a_link(
    client, make_account, django_capture_on_commit_callbacks
):
    user = make_account()
    user.set_unusable_password()
    user.save()

    response = erase_through_link(client, user, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert not User.objects.filter(pk=user.pk).exists()


def test_erasing_needs_signing_in(client, venue):
    response = client.post("/compte/supprimer/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/supprimer/"


def test_staff_erasing_someone_is_named_in_the_log(make_account, treasurer, caplog):
    user = make_account()
    with caplog.at_level(logging.INFO, logger="clef.actions"):
        erase_person(user, by=treasurer)
    assert any(r.getMessage().startswith("accounts.person.erased by=theo ") for r in caplog.records)
    assert not User.objects.filter(pk=user.pk).exists()


def test_memberships_of_an_erased_person_keep_their_numbers(make_member, venue):
    user = make_member("sam")
    numbers = list(Membership.objects.values_list("season", "number"))
    erase_person(user)
    assert list(Membership.objects.values_list("season", "number", "person")) == [
        (*numbers[0], None)
    ]
