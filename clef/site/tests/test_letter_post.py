"""The weekly letter's links change nothing when opened: confirming and unsubscribing are
buttons on the page a link opens (a mail scanner fetches links, it does not press
buttons), and the mail program's one-click unsubscribe (RFC 8058) still works."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from clef.site import letter
from clef.site.models import LetterReader

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def tuesday():
    with time_machine.travel(NOW, tick=False):
        yield


def csrf_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def confirm_link(client, venue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/lettre/", {"email": "lea@example.org"})
    [message] = mail.outbox
    mail.outbox.clear()
    return re.search(r"http://[^\s]+", message.body)[0].removeprefix("http://127.0.0.1:8000")


def reading(email="lea@example.org"):
    return LetterReader.objects.create(email=email, confirmed_at=NOW, language="en")


def test_opening_the_confirmation_link_confirms_nothing_until_its_button(confirm_link):
    scanner = Client()
    assert scanner.get(confirm_link).status_code == 200
    assert scanner.head(confirm_link).status_code in (200, 405)
    assert LetterReader.objects.get().confirmed_at is None

    person = Client(enforce_csrf_checks=True)
    page = person.get(confirm_link)
    assert "Receive the programme each week at l•••@example.org?" in page.content.decode()
    response = person.post(confirm_link, {"csrfmiddlewaretoken": csrf_of(page)})

    assert response.status_code == 200
    assert "Confirmed: lea@example.org will receive the programme each week." in (
        response.content.decode()
    )
    assert LetterReader.objects.get().confirmed_at == NOW


def test_a_confirmation_posted_from_another_site_is_refused(confirm_link):
    response = Client(enforce_csrf_checks=True).post(confirm_link)

    assert response.status_code == 403
    assert LetterReader.objects.get().confirmed_at is None


def test_opening_the_unsubscribe_link_leaves_the_reader_reading_until_its_button(venue):
    lea = reading()
    path = f"/en/lettre/quitter/{letter.leave_token(lea)}/"
    scanner = Client()

    page = scanner.get(path)

    assert page.status_code == 200
    assert "Stop sending the programme to l•••@example.org?" in page.content.decode()
    lea.refresh_from_db()
    assert lea.is_reading

    response = Client(enforce_csrf_checks=True).post(path)

    assert response.status_code == 200
    assert "Done: lea@example.org will receive no more letters." in response.content.decode()
    lea.refresh_from_db()
    assert lea.left_at == NOW
    # Its page again says it is done, and offers no button.
    again = scanner.get(path).content.decode()
    assert "Done: lea@example.org will receive no more letters." in again
    assert "<form" not in again.split("<main", 1)[-1].split("</main>")[0]


def test_the_mail_programs_one_click_posts_to_the_letters_header_address(venue, make_screening):
    lea = reading()
    call_command("send_letter")
    [sent] = mail.outbox
    header = sent.extra_headers["List-Unsubscribe"]
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = re.fullmatch(r"<http://127\.0\.0\.1:8000(/en/lettre/quitter/[^>]+/)>", header)[1]
    assert address in sent.body

    response = Client(enforce_csrf_checks=True).post(
        address,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    lea.refresh_from_db()
    assert lea.left_at == NOW


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_says_so_and_changes_nothing(client, venue, method):
    lea = reading()
    bo = reading("bo@example.org")
    token = letter.leave_token(lea)
    for bad in (token.replace(str(lea.pk), str(bo.pk), 1), token + "x", "abc", "1:"):
        response = getattr(client, method)(f"/en/lettre/quitter/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert LetterReader.objects.filter(left_at__isnull=True).count() == 2
