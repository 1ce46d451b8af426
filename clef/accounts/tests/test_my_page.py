"""A person's own page: their membership, their next and past screenings with each
ticket, their workshop registrations, and the ways to their data."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.programme.models import Screening
from clef.tickets import workshops
from clef.tickets.booking import book, cancel_ticket


def html(response):
    return response.content.decode()


def screening_day(screening):
    """A screening's date as the English page writes it."""
    local = screening.local_start
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def test_it_needs_signing_in(client, venue):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/"


def test_it_shows_the_membership_with_its_card_and_renewal(client, paid_member, venue):
    membership = paid_member.memberships.get()
    client.force_login(paid_member)

    content = html(client.get("/en/compte/"))

    assert f"<dd>{membership}</dd>" in content
    start, end = membership.starts_on, membership.ends_on
    assert f"<dd>from {start.day} {start:%B %Y} to {end.day} {end:%B %Y}</dd>" in content
    assert f'<a class="button" href="/en/adhesion/carte/{membership.code}/">' in content
    assert '<a href="/en/adhesion/">Renew my membership</a>' in content


def test_without_a_membership_it_calls_to_join(client, make_account):
    client.force_login(make_account())

    content = html(client.get("/en/compte/"))

    assert "You have no membership valid today." in content
    assert '<a class="button" href="/en/adhesion/">Join the association</a>' in content


def test_it_lists_the_next_bookings_with_each_ticket_and_its_cancel_button(
    client, paid_member, on_sale
):
    booking, _created = book(on_sale, user=paid_member, prices=["0", "7.50"], method="door")
    first, second = booking.tickets.order_by("number")
    client.force_login(paid_member)

    content = html(client.get("/en/compte/"))

    assert f'<h3><a href="/en/reservation/{booking.code}/">Wanda</a></h3>' in content
    assert f"{screening_day(on_sale)}</time> · Grande salle" in content
    assert "To pay at the door" in content
    for ticket, price in ((first, "€0.00"), (second, "€7.50")):
        assert f"Ticket {ticket}</span>" in content
        assert f'<span class="account-ticket-price">{price}</span>' in content
        assert f'href="/en/billet/{ticket.code}/annuler/?next=/en/compte/"' in content
        assert f">Cancel ticket {ticket}</a>" in content
    assert content.count('<span class="account-ticket-status">Booked</span>') == 2


def test_a_cancelled_ticket_has_no_cancel_button(client, paid_member, on_sale):
    booking, _created = book(on_sale, user=paid_member, prices=["0", "4"], method="door")
    first, second = booking.tickets.order_by("number")
    cancel_ticket(first, by=paid_member)
    client.force_login(paid_member)

    content = html(client.get("/en/compte/"))

    assert f"/billet/{first.code}/annuler/" not in content
    assert f"/billet/{second.code}/annuler/" in content
    assert '<span class="account-ticket-status">Cancelled</span>' in content


def test_past_the_cutoff_the_tickets_cannot_be_cancelled(client, paid_member, on_sale):
    booking, _created = book(on_sale, user=paid_member, prices=["5"], method="door")
    ticket = booking.tickets.get()
    client.force_login(paid_member)

    # Thirty minutes before the start: cancelling closed an hour before.
    with time_machine.travel(on_sale.starts_at.timestamp() - 30 * 60):
        content = html(client.get("/en/compte/"))

    assert f"Ticket {ticket}</span>" in content
    assert "/annuler/" not in content


def test_a_screening_past_is_listed_among_the_past_bookings(client, paid_member, on_sale):
    booking, _created = book(on_sale, user=paid_member, prices=["5"], method="door")
    client.force_login(paid_member)

    with time_machine.travel(on_sale.ends_at.timestamp() + 60):
        content = html(client.get("/en/compte/"))

    upcoming, past = content.split('id="past-title"')
    assert "No booking to come." in upcoming
    assert f'<a href="/en/reservation/{booking.code}/">Wanda</a>' in past
    assert "/annuler/" not in content


def test_it_lists_the_workshop_registrations_made_with_the_account(
    client, paid_member, make_screening, venue
):
    workshop = make_screening(
        venue.local_date() + dt.timedelta(days=3),
        "14:00",
        kind=Screening.Kind.WORKSHOP,
        title="Atelier flip-book",
        age_min=6,
        age_max=10,
        online_quota=12,
        pricing=Screening.Pricing.FREE,
    )
    registration = workshops.register(
        workshop,
        child_first_name="Nina",
        child_age=8,
        guardian_name="Mila Martin",
        guardian_phone="06 00 00 00 00",
        guardian_email="mila@example.org",
        photo_consent=True,
        user=paid_member,
    )
    client.force_login(paid_member)

    content = html(client.get("/en/compte/"))

    assert f'<a href="/en/inscription/{registration.code}/">Atelier flip-book</a>' in content
    assert "Nina, 8 years old" in content
    assert "Registered" in content


def test_it_links_to_the_data_and_to_erasing(client, make_account):
    client.force_login(make_account())
    content = html(client.get("/en/compte/"))
    assert '<a href="/en/compte/mes-donnees.json" download>Download my data (JSON)</a>' in content
    assert '<a href="/en/compte/supprimer/">Delete my account</a>' in content


def test_it_does_not_show_someone_elses_bookings(client, paid_member, make_member, on_sale):
    other = make_member("nour")
    booking, _created = book(on_sale, user=other, prices=["5"], method="door")
    client.force_login(paid_member)

    content = html(client.get("/en/compte/"))

    assert booking.code not in content
    assert "No booking to come." in content


@pytest.fixture
def busy_member(paid_member, make_screening, make_film, venue):
    """Adds ``count`` bookings of two tickets each, on as many screenings, and as many
    workshop registrations."""

    def add(count):
        for _ in range(count):
            day = venue.local_date() + dt.timedelta(days=2 + add.made)
            screening = make_screening(day, "20:00", films=[make_film(), make_film("Salt")])
            # Nothing to pay: no hold at the door, which a person may have only a few of.
            book(screening, user=paid_member, prices=["0", "0"], method="door")
            workshop = make_screening(
                day, "10:00", kind=Screening.Kind.WORKSHOP, online_quota=10, title="Atelier"
            )
            workshops.register(
                workshop,
                child_first_name="Nina",
                child_age=8,
                guardian_name="Mila",
                guardian_phone="0600000000",
                guardian_email="mila@example.org",
                photo_consent=False,
                user=paid_member,
            )
            add.made += 1

    add.made = 0
    return add


def test_the_page_costs_the_same_queries_however_many_bookings(
    client, paid_member, busy_member, django_assert_max_num_queries
):
    client.force_login(paid_member)
    busy_member(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/compte/").status_code == 200

    busy_member(7)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/compte/")

    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 8
    assert len(response.context["registrations"]) == 8
