"""The rush through real server processes: gunicorn with two workers, each with its own
database connection, serving the test database (a file on SQLite, the test database on
PostgreSQL), and many HTTP clients at once. The server's log is shown if a test fails."""

import datetime as dt
import http.client
import json
from collections import Counter
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.api.services import issue_token
from clef.members.models import Membership, Person
from clef.tickets.models import Booking, Ticket
from clef.venues.models import Room
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _post(server, path, token, body, headers=None):
    """One POST on its own connection: (status, JSON answer or the raw text)."""
    address = urlsplit(server.url)
    client = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        client.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Accept-Language": "en",
                **(headers or {}),
            },
        )
        response = client.getresponse()
        raw = response.read().decode(errors="replace")
    finally:
        client.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw


def test_sixty_requests_at_once_on_two_workers_sell_exactly_the_twenty_seats_online(
    gunicorn_server, venue, make_screening, make_member
):
    room = Room.objects.create(venue=venue, name="Salle 30", seats=30, position=3)
    screening = make_screening(
        venue.local_date() + dt.timedelta(days=5), room=room, online_quota=20
    )
    tokens = [issue_token(make_member(f"http{i:02}"), "rush")[0] for i in range(60)]

    results = at_once(
        60,
        lambda i: tokens[i],
        lambda token: _post(
            gunicorn_server,
            "/api/bookings",
            token,
            {"screening": screening.pk, "prices": ["5.00"], "payment": "door"},
        ),
    )

    answers = [value for kind, value in results if kind == "ok"]
    assert len(answers) == 60, [value for kind, value in results if kind != "ok"]
    statuses = Counter(status for status, _body in answers)
    assert statuses == {201: 20, 409: 40}, answers
    refusals = Counter(body["code"] for status, body in answers if status == 409)
    assert set(refusals) <= {"sold_out", "not_enough_seats"}, refusals
    tickets = Ticket.objects.filter(screening=screening)
    assert tickets.count() == 20
    assert sorted(tickets.values_list("number", flat=True)) == list(range(1, 21))
    assert Booking.objects.filter(screening=screening).count() == 20
    # What each client was told matches what was written.
    told = sorted(body["tickets"][0]["number"] for status, body in answers if status == 201)
    assert told == sorted(str(ticket) for ticket in tickets)


def test_thirty_people_joining_at_once_on_two_workers_get_the_numbers_one_to_thirty(
    gunicorn_server, venue
):
    # A free (solidarity) membership is paid at once, so it is numbered in the request.
    venue.membership_solidarity = Decimal("0.00")
    venue.save()
    tokens = []
    for i in range(30):
        user = get_user_model().objects.create_user(
            username=f"joiner{i:02}", email=f"joiner{i:02}@example.org"
        )
        Person.objects.create(user=user, language="fr", email_confirmed_at=timezone.now())
        tokens.append(issue_token(user, "rush")[0])

    results = at_once(
        30,
        lambda i: tokens[i],
        lambda token: _post(gunicorn_server, "/api/membership", token, {"amount": "0"}),
    )

    answers = [value for kind, value in results if kind == "ok"]
    assert len(answers) == 30, [value for kind, value in results if kind != "ok"]
    assert Counter(status for status, _body in answers) == {201: 30}, answers
    memberships = Membership.objects.filter(venue=venue)
    assert set(memberships.values_list("status", flat=True)) == {Membership.Status.PAID}
    assert sorted(memberships.values_list("number", flat=True)) == list(range(1, 31))
