"""The throttle: wrong passwords on the site and the back office, unknown API tokens, and
emails asked for, each paused past its rule (settings.CLEF_THROTTLE: 5 wrong passwords
for an account from a client, 30 from a client, 20 unknown tokens, 3 emails an hour per
address and 10 per client)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from clef.api.services import issue_token
from clef.lib import throttle
from clef.programme.models import Screening
from clef.tickets.models import Registration, WaitingListEntry
from conftest import PASSWORD

SIGN_IN = "/compte/connexion/"
ADMIN_SIGN_IN = "/gestion/login/"


def french(message):
    """A message as the French pages say it: a throttle's message, or a msgid."""
    with translation.override("fr"):
        return message() if callable(message) else translation.gettext(message)


def sign_in(client, email, password):
    return client.post(SIGN_IN, {"email": email, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _a_venue(venue):
    """The site's pages show the venue."""


@pytest.fixture
def hashes(monkeypatch):
    """How many times a password was checked (hashed) by Django's backend."""
    calls = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    return calls


# --- the site's sign-in -----------------------------------------------------------------------
def test_it_refuses_the_right_password_after_twenty_wrong_ones(client, member, hashes, mailoutbox):
    answers = [sign_in(client, member.email, "not-the-password") for _ in range(20)]

    response = sign_in(client, member.email, PASSWORD)

    assert [a.status_code for a in answers] == [400] * 20
    assert response.status_code == 400
    assert not signed_in(client)
    assert response.context["form"].non_field_errors() == [french(throttle.paused_message)]
    assert [a.context["form"].non_field_errors()[0] for a in answers[:5]] == [
        french("This email and password do not match an account. Check them and try again.")
    ] * 4 + [french(throttle.paused_message)]
    # Five passwords hashed; none once paused.
    assert len(hashes) == 5
    # The owner is told once, in their language, with the way to sign in by link.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert mailoutbox[0].subject == french("Signing in with your password is paused")
    assert "/compte/connexion/lien/" in mailoutbox[0].body


def test_the_pause_ends_after_fifteen_minutes(client, member):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            sign_in(client, member.email, "not-the-password")
        traveller.shift(dt.timedelta(minutes=14, seconds=50))
        assert sign_in(client, member.email, PASSWORD).status_code == 400

        traveller.shift(dt.timedelta(seconds=20))
        response = sign_in(client, member.email, PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_pause_holds_that_account_from_that_client_only(client, member, outsider):
    for _ in range(5):
        sign_in(client, member.email, "not-the-password")
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")

    assert sign_in(elsewhere, member.email, PASSWORD).status_code == 302
    assert sign_in(client, outsider.email, PASSWORD).status_code == 302
    assert sign_in(client, member.email, PASSWORD).status_code == 400


def test_a_client_trying_many_accounts_is_paused_for_all(client, member, mailoutbox):
    for n in range(30):
        sign_in(client, f"guess-{n}@example.org", "not-the-password")

    assert sign_in(client, member.email, PASSWORD).status_code == 400
    assert sign_in(Client(REMOTE_ADDR="192.0.2.7"), member.email, PASSWORD).status_code == 302
    # Nobody's account was named: nobody is emailed.
    assert mailoutbox == []


def test_an_ipv6_client_is_its_network(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other = rf.get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert throttle.client_of(one) == throttle.client_of(other) == "2001:db8:1:2::/64"


def test_a_proxy_header_names_the_client_when_set(settings, rf):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert throttle.client_of(request) == "127.0.0.1"
    settings.CLEF_CLIENT_IP_HEADER = "X-Forwarded-For"
    # The last address, the one the proxy saw: the first is whatever the client wrote.
    assert throttle.client_of(request) == "198.51.100.4"


# --- the back office ----------------------------------------------------------------------------
def test_the_back_office_refuses_the_right_password_while_paused(client, programmer):
    for _ in range(5):
        client.post(ADMIN_SIGN_IN, {"username": "paula", "password": "not-the-password"})

    response = client.post(ADMIN_SIGN_IN, {"username": "paula", "password": PASSWORD})

    assert response.status_code == 200
    assert not signed_in(client)
    assert response.context["form"].non_field_errors() == [french(throttle.paused_message)]
    assert Client().post(
        ADMIN_SIGN_IN, {"username": "paula", "password": PASSWORD}
    ).status_code == (200)


def test_the_back_offices_password_change_counts_wrong_current_passwords(client, programmer):
    # A session left open in the back office is no way to find the password by trying.
    client.force_login(programmer)
    url = "/gestion/password_change/"
    chosen = {"new_password1": "une-autre-seance-7", "new_password2": "une-autre-seance-7"}
    for n in range(5):
        client.post(url, {"old_password": f"not-the-password-{n}", **chosen})

    response = client.post(url, {"old_password": PASSWORD, **chosen})

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == [french(throttle.paused_message)]
    programmer.refresh_from_db()
    assert programmer.check_password(PASSWORD)
    assert client.get("/gestion/").status_code == 200


def test_the_back_offices_password_change_takes_the_right_current_password(client, programmer):
    client.force_login(programmer)
    chosen = {"new_password1": "une-autre-seance-7", "new_password2": "une-autre-seance-7"}

    response = client.post("/gestion/password_change/", {"old_password": PASSWORD, **chosen})

    assert response["Location"] == "/gestion/password_change/done/"
    programmer.refresh_from_db()
    assert programmer.check_password("une-autre-seance-7")


# --- API tokens ---------------------------------------------------------------------------------
def test_a_client_sending_unknown_tokens_is_paused(client, member):
    token, _api_token = issue_token(member, "tests")
    good = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/membership", headers=good).status_code == 200

    unknown = [
        client.get("/api/membership", headers={"Authorization": f"Bearer guess{n}"})
        for n in range(20)
    ]
    refused = client.get("/api/membership", headers=good)

    assert [r.status_code for r in unknown] == [401] * 20
    assert refused.status_code == 429
    assert refused.json() == {
        "code": "throttled",
        "message": french(throttle.tokens_paused_message),
    }
    assert Client(REMOTE_ADDR="192.0.2.7").get("/api/membership", headers=good).status_code == 200


# --- emails on demand -----------------------------------------------------------------------------
def test_sign_in_links_stop_after_three_an_hour_with_the_same_answer(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("accounts:login_link")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            answers = [client.post(url, {"email": member.email}) for _ in range(5)]
        sent = len(mailoutbox)
        traveller.shift(dt.timedelta(minutes=61))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"email": member.email})

    assert sent == 3
    assert len(mailoutbox) == 4
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1


def test_a_client_asks_ten_emails_an_hour_whatever_the_addresses(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    allowed = [
        throttle.may_send_email(request, f"person{n}@example.org", kind="link") for n in range(12)
    ]
    elsewhere = rf.post("/", REMOTE_ADDR="203.0.113.6")

    assert allowed == [True] * 10 + [False] * 2
    assert throttle.may_send_email(elsewhere, "person0@example.org", kind="link")


def test_an_address_joins_three_waiting_lists_an_hour_when_signed_out(
    client, make_screening, venue
):
    day = venue.local_date() + dt.timedelta(days=3)
    screenings = [make_screening(day, f"{hour}:00") for hour in (14, 16, 18, 20)]

    answers = [
        client.post(f"/seance/{s.pk}/liste-d-attente/", {"email": "Ana@example.org"})
        for s in screenings
    ]

    assert [a.status_code for a in answers] == [302] * 4
    assert WaitingListEntry.objects.filter(email="ana@example.org").count() == 3
    assert not WaitingListEntry.objects.filter(screening=screenings[3]).exists()
    shown = [str(m) for m in answers[3].wsgi_request._messages]
    assert shown[-1] == french(throttle.emails_paused_message)


def test_a_guardian_signed_out_gets_three_workshop_links_an_hour(client, make_screening, venue):
    workshop = make_screening(
        venue.local_date() + dt.timedelta(days=5),
        "14:00",
        kind=Screening.Kind.WORKSHOP,
        pricing=Screening.Pricing.FREE,
        online_quota=10,
        age_min=6,
        age_max=10,
    )
    url = f"/seance/{workshop.pk}/inscription/"

    answers = [
        client.post(
            url,
            {
                "child_first_name": name,
                "child_age": "8",
                "guardian_name": "Nadia Benali",
                "guardian_phone": "06 12 34 56 78",
                "guardian_email": "nadia@example.org",
                "photo_consent": "no",
            },
        )
        for name in ("Lina", "Omar", "Ines", "Yanis")
    ]

    assert [a.status_code for a in answers] == [302, 302, 302, 400]
    assert answers[3].context["form"].non_field_errors() == [french(throttle.emails_paused_message)]
    assert Registration.objects.filter(screening=workshop).count() == 3


def test_sign_ups_for_one_address_send_three_emails_an_hour_with_the_same_answer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    form = {
        "first_name": "Ana",
        "last_name": "Lopes",
        "email": "ana@example.org",
        "password": "a-long-enough-passphrase-7",
        "language": "fr",
    }
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(reverse("accounts:signup"), form) for _ in range(4)]

    assert [a.status_code for a in answers] == [200] * 4
    assert {a.templates[0].name for a in answers} == {"accounts/check_inbox.html"}
    assert len(mailoutbox) == 3
    assert {m.to[0] for m in mailoutbox} == {"ana@example.org"}


def test_an_address_written_in_wide_letters_is_the_same_address(rf):
    # "ｅｘａｍｐｌｅ.org" is delivered to example.org (its domain is read as IDNA): the same
    # mailbox, so the same count, whatever the letters typed.
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    forms = ["ana@example.org", "Ana@EXAMPLE.org", "ana@ｅxample.org", "ana@ｅｘａｍｐｌｅ．org"]

    allowed = [throttle.may_send_email(request, form, kind="link") for form in forms]

    assert allowed == [True, True, True, False]


# --- the counts' folder ---------------------------------------------------------------------------
def test_a_full_folder_loses_its_expired_entries_before_any_lock(monkeypatch):
    # Entries nobody reads again (a client or an address seen once) stay as files after
    # their time; once the folder holds the most it may, Django's file cache deletes a
    # third of it at random on each write: a pause could end at once.
    cache = throttle._cache()
    monkeypatch.setattr(cache, "_max_entries", 10)
    with time_machine.travel(timezone.now() - dt.timedelta(hours=2), tick=False):
        for n in range(10):
            cache.set(f"mail:link:address:{n}", (1, 0), timeout=60)
    cache.set("signin:lock:account:ana", 1, timeout=900)

    for n in range(40):
        cache.set(f"mail:link:client:{n % 5}", (1, 0), timeout=60)

    assert cache.get("signin:lock:account:ana") == 1
