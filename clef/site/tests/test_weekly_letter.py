"""The week's programme by email: asked for by anyone, sent only to a confirmed address,
once a week per reader whatever the number of runs, in the reader's language, and stopped
by a signed link's button (or the mail program's one click) that cannot be forged."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from clef.site import letter
from clef.site.models import LetterReader

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)  # Tuesday, the eve of a cinema week


@pytest.fixture(autouse=True)
def tuesday():
    with time_machine.travel(NOW, tick=False):
        yield


def link_in(body):
    return re.search(r"http://[^\s]+", body).group(0).removeprefix("http://127.0.0.1:8000")


def confirmed(client, email, language="fr", django_capture_on_commit_callbacks=None):
    prefix = "/en" if language == "en" else ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{prefix}/lettre/", {"email": email})
    [message] = [m for m in mail.outbox if m.to == [email]]
    assert client.post(link_in(message.body)).status_code == 200
    mail.outbox.clear()
    return LetterReader.objects.get(email=email)


def test_nothing_is_sent_to_an_address_that_did_not_confirm(
    client, venue, make_screening, django_capture_on_commit_callbacks
):
    make_screening(dt.date(2026, 11, 25), "20:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lettre/", {"email": "Lea@Example.org"}, follow=True)
    assert "lea@example.org" in response.content.decode().lower()
    [asking] = mail.outbox
    assert asking.to == ["lea@example.org"]
    mail.outbox.clear()
    call_command("send_letter")
    assert mail.outbox == []


def test_the_coming_week_is_sent_once_to_each_reader_in_their_language(
    client, venue, make_screening, make_film, django_capture_on_commit_callbacks
):
    make_screening(dt.date(2026, 11, 25), "20:00", films=[make_film("Wanda")])
    make_screening(dt.date(2026, 12, 1), "18:00", films=[make_film("Kirikou")])
    make_screening(dt.date(2026, 12, 2), "18:00", films=[make_film("Next week's")])
    french = confirmed(client, "lea@example.org", "fr", django_capture_on_commit_callbacks)
    english = confirmed(client, "ed@example.org", "en", django_capture_on_commit_callbacks)
    call_command("send_letter")
    call_command("send_letter")  # a timer run twice sends nothing new
    assert sorted(m.to[0] for m in mail.outbox) == [english.email, french.email]
    by = {m.to[0]: m for m in mail.outbox}
    assert "Wanda" in by[french.email].body and "Kirikou" in by[french.email].body
    assert "Next week's" not in by[french.email].body
    assert "mardi 1er décembre" in by[french.email].body.lower()
    assert "du mercredi 25 novembre au mardi 1er décembre" in by[french.email].body.lower()
    assert "/en/seance/" in by[english.email].body
    assert "Tuesday 1 December" in by[english.email].body
    assert by[english.email].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_one_click_unsubscribes_and_a_forged_link_changes_nothing(
    client, venue, django_capture_on_commit_callbacks
):
    reader = confirmed(client, "lea@example.org", "fr", django_capture_on_commit_callbacks)
    other = confirmed(client, "bo@example.org", "fr", django_capture_on_commit_callbacks)
    token = letter.leave_token(reader)
    forged = token.replace(str(reader.pk), str(other.pk), 1)
    for bad in (forged, token[:-2] + "xx", "x" * 5000):
        assert client.get(f"/lettre/quitter/{bad}/").status_code == 400
        assert client.post(f"/lettre/quitter/{bad}/").status_code == 400
    other.refresh_from_db()
    assert other.is_reading
    assert client.post(f"/lettre/quitter/{token}/").status_code == 200
    reader.refresh_from_db()
    assert not reader.is_reading
    call_command("send_letter")
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_a_confirmation_link_expires_after_three_days(
    client, venue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lettre/", {"email": "lea@example.org"})
    link = link_in(mail.outbox[0].body)
    with time_machine.travel(NOW + dt.timedelta(days=4)):
        assert client.get(link).status_code == 400
        assert client.post(link).status_code == 400
    assert not LetterReader.objects.get(email="lea@example.org").is_reading


def test_a_bad_address_is_refused_and_nothing_written(client, venue):
    for bad in ("nope", "x" * 5000 + "@example.org", ""):
        assert client.post("/en/lettre/", {"email": bad}).status_code == 400
    assert not LetterReader.objects.exists()
