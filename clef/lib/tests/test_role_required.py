"""The one permission decorator (``lib.roles.role_required``): visitors are sent to sign
in and come back to the page; people signed in without the right get the 403 page in
the site's look and the page's language, naming the role the page is for and whom to
ask."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from clef.lib import roles

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's main text, without tags or extra spaces."""
    main = re.search(r"<main[^>]*>(.*?)</main>", response.content.decode(), re.S)[1]
    main = re.sub(r"</?a\b[^>]*>", "", main)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def venue_with_address(venue):
    venue.email = "bureau@laclef.example"
    venue.save()
    return venue


def test_a_member_at_the_till_gets_the_403_page_in_english(client, member, venue_with_address):
    member.first_name, member.last_name = "Marin", "Roux"
    member.save()
    client.force_login(member)

    response = client.get("/en/caisse/")

    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    assert "base.html" in [t.name for t in response.templates]
    assert text_of(response) == (
        "This page is not open to your account "
        "This page is for people with the role of cashier. "
        "You are signed in as Marin Roux. "
        "If you need it, ask an administrator of La Clef: write to "
        "bureau@laclef.example. "
        "My account Sign in with another account"
    )
    page = response.content.decode()
    assert '<a href="mailto:bureau@laclef.example">bureau@laclef.example</a>' in page
    assert '<html lang="en">' in page


def test_a_cashier_at_the_treasury_gets_the_403_page_in_french(client, cashier, venue_with_address):
    client.force_login(cashier)

    response = client.get("/tresorerie/statistiques/")

    assert response.status_code == 403
    assert text_of(response) == (
        "Cette page n’est pas ouverte à votre compte "
        "Cette page est réservée aux personnes ayant ce rôle : trésorier·e. "
        "Vous êtes connecté·e en tant que camille. "
        "Si vous en avez besoin, demandez-le à un·e administrateur·rice de La Clef : "
        "écrivez à bureau@laclef.example. "
        "Mon compte Se connecter avec un autre compte"
    )
    assert '<html lang="fr">' in response.content.decode()


def test_without_the_venues_address_it_says_to_ask_an_administrator(client, member, venue):
    client.force_login(member)
    response = client.get("/en/porte/")
    assert response.status_code == 403
    text = text_of(response)
    assert "This page is for people with the role of cashier." in text
    assert "If you need it, ask an administrator of La Clef." in text
    assert "mailto:" not in response.content.decode()


def test_a_page_for_several_roles_names_them_all(client, member, venue, on_sale):
    client.force_login(member)
    response = client.get(f"/en/porte/{on_sale.pk}/salle/")
    assert response.status_code == 403
    assert "This page is for people with the role of cashier, programmer or treasurer." in text_of(
        response
    )


def test_another_cashiers_session_report_is_a_403_naming_no_role(
    client, cashier, other_cashier, venue
):
    from clef.boxoffice import sessions
    from clef.boxoffice.models import Till

    session = sessions.open_session(
        Till.objects.create(venue=venue, name="Bar"), cashier=other_cashier, opening_float="0"
    )
    client.force_login(cashier)
    response = client.get(f"/en/caisse/session/{session.pk}/")
    assert response.status_code == 403
    assert (
        "This page belongs to someone else, or needs a right your account does not have."
        in text_of(response)
    )


@pytest.mark.parametrize(
    ("address", "next_address"),
    [
        ("/caisse/", "/caisse/"),
        ("/porte/", "/porte/"),
        ("/tresorerie/statistiques/?year=2026", "/tresorerie/statistiques/%3Fyear%3D2026"),
        ("/adhesion/carte/abc/", "/adhesion/carte/abc/"),
        ("/caisse/clotures/", "/caisse/clotures/"),
    ],
)
def test_a_visitor_is_sent_to_sign_in_and_back(client, venue, address, next_address):
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"/compte/connexion/?next={next_address}"


def test_a_visitor_on_the_english_site_signs_in_in_english(client, venue):
    response = client.get("/en/porte/")
    assert response["Location"] == "/en/compte/connexion/?next=/en/porte/"


def test_a_permission_by_its_name_works_like_a_test(member, venue):
    """``role_required("app.permission", role=...)`` asks ``has_perm``; superusers pass."""

    @roles.role_required("boxoffice.add_sale", role=roles.CASHIER)
    def view(request):
        return HttpResponse("the till")

    factory = RequestFactory()
    request = factory.get("/caisse/")
    request.user = member
    with translation.override("en"):
        assert view(request).status_code == 403
    request.user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    assert view(request).content == b"the till"


def test_an_inactive_person_with_the_role_is_refused(cashier, venue):
    cashier.is_active = False
    cashier.save()

    @roles.role_required(roles.can_use_till, role=roles.CASHIER)
    def view(request):
        return HttpResponse("the till")

    request = RequestFactory().get("/caisse/")
    request.user = cashier
    with translation.override("en"):
        assert view(request).status_code == 403
