"""A member's history: every past booking and every membership with its attestation, which
says it is no tax receipt; nobody else's."""

import datetime as dt
import io

import time_machine
from django.utils import timezone
from pypdf import PdfReader

from clef.members.models import Membership
from clef.payments.services import mark_paid
from clef.tickets.booking import book


def test_the_history_lists_every_past_booking_and_membership_of_the_person_only(
    client, venue, make_screening, make_member
):
    mila, hugo = make_member("mila"), make_member("hugo")
    first = make_screening(venue.local_date() + dt.timedelta(days=2), "18:00")
    second = make_screening(venue.local_date() + dt.timedelta(days=3), "20:00")
    later = make_screening(venue.local_date() + dt.timedelta(days=30), "20:00")
    for screening in (first, second, later):
        booking, _ = book(screening, user=mila, prices=["4"], method="test")
        mark_paid(booking.payment)
    book(first, user=hugo, prices=["9"], method="door")
    client.force_login(mila)
    with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
        page = client.get("/compte/historique/").content.decode()
    assert page.count("4,00") == 2  # the two screenings held, not the one still to come
    assert "9,00" not in page  # hugo's
    membership = Membership.objects.get(person=mila)
    assert f"/adhesion/carte/{membership.code}/attestation.pdf" in page


def test_an_odd_page_number_shows_the_first_page(client, paid_member):
    client.force_login(paid_member)
    for odd in ("٣", "0", "99999999999999999999999999999", "-1", "x" * 5000):
        response = client.get("/compte/historique/", {"page": odd})
        assert response.status_code == 200


def test_the_history_asks_to_sign_in(client, venue):
    response = client.get("/compte/historique/")
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_the_attestation_names_the_member_and_says_it_is_no_tax_receipt(client, paid_member):
    membership = Membership.objects.get(person=paid_member)
    client.force_login(paid_member)
    response = client.get(f"/adhesion/carte/{membership.code}/attestation.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Mila" in text
    assert str(membership) in text
    assert "10,00" in text
    assert "reçu fiscal" in text


def test_another_persons_attestation_is_not_found(client, paid_member, make_member):
    membership = Membership.objects.get(person=paid_member)
    client.force_login(make_member("hugo"))
    response = client.get(f"/adhesion/carte/{membership.code}/attestation.pdf")
    assert response.status_code == 404
