"""Fixtures of the API's tests: a token for a person, and JSON calls."""

import json

import pytest
from django.contrib.auth.models import Permission

from clef.api.services import issue_token
from clef.members.models import Membership
from clef.payments.models import Payment
from clef.tickets.models import Booking, Ticket


@pytest.fixture
def bearer(db):
    """``bearer(user)`` → the headers that sign in as ``user`` with a fresh token."""

    def make(user):
        token, _api_token = issue_token(user, "tests")
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def call(client):
    """``call("post", "/api/...", body, headers)`` → (status, JSON answer, response)."""

    def send(method, path, body=None, headers=None, **extra):
        kwargs = {"headers": headers or {}, **extra}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(client, method)(path, **kwargs)
        return response.status_code, response.json(), response

    return send


@pytest.fixture
def door_cashier(cashier):
    """The cashier, with the permission the cashier's role gives to check tickets in."""
    cashier.user_permissions.add(
        Permission.objects.get(content_type__app_label="tickets", codename="change_ticket")
    )
    return cashier


@pytest.fixture
def rows():
    """``rows()`` → how many bookings, tickets, payments and memberships exist."""

    def count():
        return (
            Booking.objects.count(),
            Ticket.objects.count(),
            Payment.objects.count(),
            Membership.objects.count(),
        )

    return count
