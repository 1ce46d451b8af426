"""Signing in to the API: bearer tokens (kept hashed), or the site's session with CSRF."""

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory
from django.utils import timezone

from clef.api.auth import bearer as bearer_auth
from clef.api.models import ApiToken
from clef.api.services import issue_token
from clef.tickets.models import Booking


def test_a_token_is_shown_once_and_kept_as_its_hash(paid_member):
    token, api_token = issue_token(paid_member, "till")

    assert token.startswith("clef_")
    assert len(token) > 40
    api_token.refresh_from_db()
    assert api_token.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in api_token.key_hash
    assert (api_token.user, api_token.name, api_token.last_used_at) == (paid_member, "till", None)


def test_the_command_prints_a_token_that_signs_in(client, paid_member):
    out = io.StringIO()
    call_command("api_token", "mila", "--name", "bench", stdout=out)
    token = out.getvalue().strip()

    response = client.get("/api/membership", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert ApiToken.objects.get().name == "bench"


def test_the_command_refuses_an_unknown_person(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("api_token", "nobody")
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer clef_wrong", "Bearer ", "Basic bWlsYTp4", "clef_wrong"],
)
def test_it_answers_401_without_a_good_token(call, paid_member, authorization):
    issue_token(paid_member, "till")
    headers = {"Authorization": authorization} if authorization else {}

    status, body, response = call(
        "get", "/api/bookings", headers=headers, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (status, body) == (
        401,
        {
            "code": "unauthenticated",
            "message": "Sign in: send “Authorization: Bearer <token>”, or a session.",
        },
    )
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_deactivated_person_s_token_no_longer_signs_in(call, bearer, paid_member):
    headers = bearer(paid_member)
    paid_member.is_active = False
    paid_member.save()

    assert call("get", "/api/bookings", headers=headers)[0] == 401


def test_the_bearer_lookup_is_one_query_and_notes_the_use_at_most_hourly(
    paid_member, django_assert_num_queries
):
    token, api_token = issue_token(paid_member, "till")
    request = RequestFactory().get("/api/bookings", HTTP_AUTHORIZATION=f"Bearer {token}")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        with django_assert_num_queries(2):  # the lookup, and the first use noted
            assert bearer_auth(request) == paid_member
        api_token.refresh_from_db()
        assert api_token.last_used_at == start

    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        with django_assert_num_queries(1):
            assert bearer_auth(request) == paid_member
        api_token.refresh_from_db()
        assert api_token.last_used_at == start

    later = start + dt.timedelta(minutes=61)
    with time_machine.travel(later, tick=False):
        bearer_auth(request)
        api_token.refresh_from_db()
        assert api_token.last_used_at == later


def test_a_session_signs_in_for_reading_without_csrf(paid_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(paid_member)

    response = browser.get("/api/membership")

    assert response.status_code == 200
    assert response.json()["current"]["number"] is not None


def test_a_session_booking_without_the_csrf_token_is_forbidden(on_sale, paid_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(paid_member)

    response = browser.post(
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["5"]},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "The CSRF check failed: send the “X-CSRFToken” header with the session.",
    }
    assert Booking.objects.count() == 0


def test_a_session_booking_with_the_csrf_token_books(on_sale, paid_member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(paid_member)
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret

    response = browser.post(
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["5"]},
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )

    assert response.status_code == 201
    assert Booking.objects.get().person == paid_member


def test_a_token_needs_no_csrf_token(on_sale, paid_member, bearer):
    program = Client(enforce_csrf_checks=True)

    response = program.post(
        "/api/bookings",
        {"screening": on_sale.pk, "prices": ["5"]},
        content_type="application/json",
        headers=bearer(paid_member),
    )

    assert response.status_code == 201
