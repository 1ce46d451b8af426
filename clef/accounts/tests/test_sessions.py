"""A member sees where they are signed in (the device told from the browser, when last
seen, this one marked) and signs out on the other devices, or everywhere."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone, translation

from clef.accounts import signins
from clef.accounts.models import SignIn
from clef.accounts.tests.conftest import NEW_PASSWORD
from clef.members.models import Person

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in(user_agent, email="lou.durand@example.org"):
    client = Client(HTTP_USER_AGENT=user_agent)
    client.post("/en/compte/connexion/", {"email": email, "password": NEW_PASSWORD})
    assert SESSION_KEY in client.session
    return client


@pytest.fixture
def lou(make_account):
    return make_account(language="en")


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (FIREFOX, "Firefox on Linux"),
        (IPHONE, "Safari on iPhone"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_the_device_is_told_from_the_browser(user_agent, device):
    with translation.override("en"):
        assert signins.device(user_agent) == device


def test_the_list_shows_each_device_and_marks_this_one(lou):
    phone = signed_in(IPHONE)
    laptop = signed_in(FIREFOX)

    response = laptop.get("/en/compte/connexions/")

    sessions = response.context["sessions"]
    assert [(s.device, s.current) for s in sessions] == [
        ("Firefox on Linux", True),
        ("Safari on iPhone", False),
    ]
    content = response.content.decode()
    assert "This device" in content
    assert content.count('name="session"') == 1
    assert phone.get("/en/compte/").status_code == 200


def test_signing_out_everywhere_else_keeps_this_device(lou):
    phone = signed_in(IPHONE)
    laptop = signed_in(FIREFOX)

    response = laptop.post("/en/compte/connexions/fermer/")

    assert response.status_code == 302
    assert laptop.get("/en/compte/").status_code == 200
    assert phone.get("/en/compte/").status_code == 302
    assert [s.device for s in signins.sessions_of(lou)] == ["Firefox on Linux"]


def test_signing_out_everywhere_signs_out_here_too(lou):
    phone = signed_in(IPHONE)
    laptop = signed_in(FIREFOX)

    laptop.post("/en/compte/connexions/fermer/", {"everywhere": "1"})

    assert laptop.get("/en/compte/").status_code == 302
    assert phone.get("/en/compte/").status_code == 302
    assert not SignIn.objects.exists()


def test_one_device_is_signed_out_by_its_button(lou):
    phone = signed_in(IPHONE)
    laptop = signed_in(FIREFOX)
    row = SignIn.objects.get(user_agent=IPHONE)

    laptop.post("/en/compte/connexions/fermer/", {"session": str(row.pk)})

    assert phone.get("/en/compte/").status_code == 302
    assert laptop.get("/en/compte/").status_code == 200


@pytest.mark.parametrize("raw", ["²", "٣", "1" * 30, "-1", "", "abc"])
def test_an_odd_session_number_ends_nothing(lou, raw):
    phone = signed_in(IPHONE)
    laptop = signed_in(FIREFOX)

    response = laptop.post("/en/compte/connexions/fermer/", {"session": raw})

    assert response.status_code == 302
    assert phone.get("/en/compte/").status_code == 200
    assert SignIn.objects.count() == 2


def test_another_persons_session_cannot_be_ended(lou, make_account):
    make_account("nour@example.org")
    nour = signed_in(FIREFOX, "nour@example.org")
    laptop = signed_in(FIREFOX)
    row = SignIn.objects.get(user__email="nour@example.org")

    laptop.post("/en/compte/connexions/fermer/", {"session": str(row.pk)})

    assert nour.get("/en/compte/").status_code == 200


def test_last_seen_moves_every_few_minutes_and_not_on_every_page(lou):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        laptop = signed_in(FIREFOX)
    row = SignIn.objects.get()
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        laptop.get("/en/compte/")
    row.refresh_from_db()
    assert row.last_seen_at == start
    later = start + dt.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        laptop.get("/en/compte/")
    row.refresh_from_db()
    assert row.last_seen_at == later


def test_a_session_older_than_the_list_is_adopted_then_ended_with_the_others(lou):
    old = Client(HTTP_USER_AGENT=FIREFOX)
    old.force_login(lou)
    # As if signed in before clef kept the list: no row, no note in the session.
    SignIn.objects.all().delete()
    session = SessionStore(old.session.session_key)
    del session[signins.SEEN]
    session.save()

    assert old.get("/en/compte/").status_code == 200
    assert SignIn.objects.get().user_agent == FIREFOX

    signins.end_sessions(lou, reason="test")
    assert old.get("/en/compte/").status_code == 302


def test_a_session_older_than_the_list_is_not_adopted_after_sessions_were_ended(lou):
    old = Client()
    old.force_login(lou)
    SignIn.objects.all().delete()
    session = SessionStore(old.session.session_key)
    del session[signins.SEEN]
    session.save()
    Person.objects.filter(user=lou).update(sessions_ended_at=timezone.now())

    assert old.get("/en/compte/").status_code == 302
    assert not SignIn.objects.exists()


def test_the_page_needs_signing_in(client, venue):
    response = client.get("/compte/connexions/")
    assert response["Location"] == "/compte/connexion/?next=/compte/connexions/"
    assert client.post("/compte/connexions/fermer/").status_code == 302
