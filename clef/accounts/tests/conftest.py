"""What the account tests share: a person's sign-up data, reading the links in the
emails sent, and an account made through the sign-up service (confirmed with the
password typed when signing up, unless told)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.utils import translation

from clef.accounts import services

# Strong enough for Django's validators, and unlike the names and the address below.
NEW_PASSWORD = "un-film-par-semaine"


@pytest.fixture
def signup_data():
    return {
        "first_name": "Lou",
        "last_name": "Durand",
        "email": "Lou.Durand@Example.org",
        "password": NEW_PASSWORD,
        "language": "fr",
    }


def link_in(message):
    """The path (and query) of the one link in an email's body."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    parts = urlsplit(urls[0])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def french(message, plural=None, count=None):
    """A string as the French pages and emails say it (the msgid until the French
    catalogue holds it)."""
    with translation.override("fr"):
        if plural is not None:
            return translation.ngettext(message, plural, count)
        return translation.gettext(message)


@pytest.fixture
def make_account(venue, django_capture_on_commit_callbacks):
    """An account made by the sign-up service, confirmed unless told; the outbox is
    emptied after."""

    def make(email="lou.durand@example.org", *, language="fr", confirmed=True):
        with django_capture_on_commit_callbacks(execute=True):
            user = services.sign_up(
                first_name="Lou", last_name="Durand", email=email, language=language
            )
        if confirmed:
            # Confirmed in the browser that signed up: the password typed then is kept.
            services.confirm_email(user, password=make_password(NEW_PASSWORD))
            user.refresh_from_db()
        mail.outbox.clear()
        return user

    return make
