"""The pages a visitor reads before giving an address or paying: what membership is, the
legal notice, privacy and terms of sale, and how to come; in both languages."""

from decimal import Decimal

import pytest

from clef.site.models import Page


def text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("address", "french", "english"),
    [
        ("/mentions-legales/", "Mentions légales", "Legal notice"),
        ("/confidentialite/", "Confidentialité", "Privacy"),
        ("/conditions-de-vente/", "Conditions de vente", "Terms of sale"),
    ],
)
def test_each_legal_page_has_a_default_naming_the_venue_in_both_languages(
    client, venue, address, french, english
):
    venue.email = "bonjour@example.org"
    venue.save()
    page = text(client.get(address))
    assert f"<h1>{french}</h1>" in page
    assert "bonjour@example.org" in page
    english_page = text(client.get(f"/en{address}"))
    assert f"<h1>{english}</h1>" in english_page
    assert "bonjour@example.org" in english_page


def test_the_privacy_policy_says_how_long_tickets_and_the_till_are_kept(client, venue):
    assert "six ans" in text(client.get("/confidentialite/"))
    assert "six years" in text(client.get("/en/confidentialite/"))


def test_a_legal_page_written_in_the_back_office_replaces_the_default(client, venue):
    Page.objects.create(slug="mentions-legales", title="Qui publie", body="Le collectif.")
    page = text(client.get("/mentions-legales/"))
    assert "<h1>Qui publie</h1>" in page
    assert "Le collectif." in page
    assert "Mentions légales</h1>" not in page


def test_every_page_links_to_joining_and_the_legal_pages(client, venue):
    page = text(client.get("/infos-pratiques/"))
    for address in ("/adherer/", "/mentions-legales/", "/confidentialite/"):
        assert f'href="{address}"' in page
    assert 'href="/conditions-de-vente/"' in page


def test_the_join_page_says_the_sliding_scale_and_leads_to_the_form(client, venue):
    venue.membership_floor = Decimal("5.00")
    venue.membership_ceiling = Decimal("15.00")
    venue.membership_solidarity = None
    venue.save()
    page = text(client.get("/adherer/"))
    assert "5,00" in page and "15,00" in page
    assert 'href="/adhesion/"' in page
    english = text(client.get("/en/adherer/"))
    assert "Join the association" in english
    assert 'href="/en/adhesion/"' in english


def test_the_visit_page_gives_hours_the_way_in_a_map_link_and_the_phone(client, venue):
    venue.opening_hours = "Mercredi : 18 h – 23 h"
    venue.opening_hours_en = "Wednesday: 6 pm – 11 pm"
    venue.getting_there = "Métro : Censier-Daubenton"
    venue.latitude = Decimal("48.83934")
    venue.longitude = Decimal("2.35041")
    venue.phone = "01 99 00 12 34"
    venue.save()
    page = text(client.get("/infos-pratiques/"))
    assert "Jours d’ouverture" in page and "Ouvrir" not in page
    assert "Mercredi : 18 h – 23 h" in page
    assert "Métro : Censier-Daubenton" in page
    assert "https://www.openstreetmap.org/?mlat=48.83934&amp;mlon=2.35041" in page
    assert 'href="tel:0199001234"' in page
    english = text(client.get("/en/infos-pratiques/"))
    assert "Wednesday: 6 pm – 11 pm" in english
    # No English written: the French is shown rather than nothing.
    assert "Métro : Censier-Daubenton" in english


def test_the_calendar_is_offered_to_subscribe_and_as_an_address_to_copy(client, venue):
    page = text(client.get("/programme/"))
    assert 'href="webcal://testserver/programme.ics"' in page
    assert 'value="http://testserver/programme.ics"' in page


def test_sign_up_says_what_is_kept_and_links_the_privacy_policy(client, venue):
    page = text(client.get("/compte/creer/"))
    assert 'href="/confidentialite/"' in page
