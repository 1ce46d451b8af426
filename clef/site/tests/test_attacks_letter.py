"""The weekly letter tried as its enemies would: the mail program's one-click unsubscribe
(a POST without the site's CSRF cookie, RFC 8058), confirmation links replayed, altered
or swapped between readers, and odd input in the form."""

import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.test import Client

from clef.site import letter
from clef.site.models import LetterReader

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def tuesday():
    with time_machine.travel(NOW, tick=False):
        yield


def reader(email, confirmed=True):
    return LetterReader.objects.create(
        email=email, confirmed_at=NOW if confirmed else None, language="fr"
    )


def test_the_mail_programs_one_click_unsubscribe_is_obeyed_without_a_csrf_cookie():
    lea = reader("lea@example.org")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        f"/lettre/quitter/{letter.leave_token(lea)}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    lea.refresh_from_db()
    assert lea.left_at == NOW


def test_a_forged_one_click_post_changes_nothing():
    lea = reader("lea@example.org")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/lettre/quitter/{lea.pk}:forged/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    lea.refresh_from_db()
    assert lea.is_reading


def test_a_confirmation_link_cannot_be_turned_to_another_reader(client):
    lea = reader("lea@example.org", confirmed=False)
    bo = reader("bo@example.org", confirmed=False)
    token = signing.TimestampSigner(salt=letter.CONFIRM_SALT).sign(f"{lea.pk}:{lea.email}")
    _value, stamp, signature = token.rsplit(":", 2)
    swapped = f"{bo.pk}:{bo.email}:{stamp}:{signature}"
    assert client.get(f"/lettre/confirmer/{swapped}/").status_code == 400
    assert client.post(f"/lettre/confirmer/{swapped}/").status_code == 400
    # A leave link is no confirmation link (another salt).
    assert client.get(f"/lettre/confirmer/{letter.leave_token(bo)}/").status_code == 400
    assert client.post(f"/lettre/confirmer/{letter.leave_token(bo)}/").status_code == 400
    bo.refresh_from_db()
    assert bo.confirmed_at is None


@pytest.mark.parametrize(
    "email", ["x" * 5000 + "@example.org", "٣@example", "lea@example.org\nBcc: eve@example.org"]
)
def test_the_form_refuses_odd_addresses_and_writes_nothing(client, venue, email):
    response = client.post("/lettre/", {"email": email})
    assert response.status_code == 400
    assert not LetterReader.objects.exists()
