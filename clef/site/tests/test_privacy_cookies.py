"""The privacy page lists every cookie the site sets, with its lifetime from the settings,
in both languages; a signed-in booking journey receives no cookie the page does not name."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clef.site.models import Page
from conftest import PASSWORD

KEY = "k" * 32


def csrf_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def named_cookies(page):
    return re.findall(r'<th scope="row"><code>([^<]+)</code></th>', page)


def journey_cookies(paid_member, on_sale, language):
    """The names of every cookie a member's browser receives: signing in, reading the
    programme, booking two seats, reading the booking, signing out."""
    prefix = "/en" if language == "en" else ""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"{prefix}/compte/connexion/")
    response = browser.post(
        f"{prefix}/compte/connexion/",
        {
            "email": paid_member.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_of(page),
        },
    )
    assert response.status_code == 302
    browser.get(f"{prefix}/programme/")
    with translation.override(language):
        book = reverse("tickets:book", args=[on_sale.pk])
    form = browser.get(book)
    response = browser.post(
        book,
        {
            "places": "2",
            "key": KEY,
            "price_1": "other",
            "price_1_other": "5",
            "price_2": "other",
            "price_2_other": "0",
            "payment": "door",
            "csrfmiddlewaretoken": csrf_of(form),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert on_sale.bookings.count() == 1
    browser.post(f"{prefix}/compte/deconnexion/", {"csrfmiddlewaretoken": csrf_of(response)})
    return set(browser.cookies)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_cookie_of_a_signed_in_booking_is_named_on_the_privacy_page(
    paid_member, on_sale, language
):
    received = journey_cookies(paid_member, on_sale, language)
    prefix = "/en" if language == "en" else ""

    page = Client().get(f"{prefix}/confidentialite/").content.decode()

    assert {"sessionid", "csrftoken", "messages"} <= received
    assert received <= set(named_cookies(page))


def test_the_privacy_page_gives_each_cookies_lifetime_from_the_settings(client, venue, settings):
    page = client.get("/en/confidentialite/").content.decode()
    rows = re.findall(
        r"<tr><th scope=\"row\"><code>(\w+)</code></th><td>.*?</td><td>(.*?)</td>", page
    )
    assert rows == [
        ("sessionid", "2 weeks"),
        ("csrftoken", "52 weeks"),
        ("messages", "until that page is shown"),
    ]
    assert '<h2 id="cookies">The cookies this site sets</h2>' in page
    assert "language cookie" not in page

    settings.SESSION_COOKIE_AGE = 3 * 86400
    settings.CSRF_COOKIE_NAME = "clef_csrf"
    page = client.get("/en/confidentialite/").content.decode()
    assert named_cookies(page) == ["sessionid", "clef_csrf", "messages"]
    assert "<td>3 days</td>" in page


def test_the_french_page_lists_them_too(client, venue):
    page = client.get("/confidentialite/").content.decode()

    assert named_cookies(page) == ["sessionid", "csrftoken", "messages"]
    with translation.override("fr"):
        assert translation.gettext("The cookies this site sets") in page
    assert "cookie de langue" not in page


def test_a_privacy_page_written_in_the_back_office_still_lists_the_cookies(client, venue):
    Page.objects.create(slug="confidentialite", title="Vos données", body="Rien à signaler.")

    page = client.get("/confidentialite/").content.decode()

    assert "Rien à signaler." in page
    assert named_cookies(page) == ["sessionid", "csrftoken", "messages"]
    # The other legal pages list no cookies.
    assert named_cookies(client.get("/mentions-legales/").content.decode()) == []
