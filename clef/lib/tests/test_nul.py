"""A NUL character (``%00``) in an address's code, a query or a form is answered 400 by
``lib.security.NulCharacterMiddleware`` before any view: PostgreSQL cannot take it in a
string, and without the middleware each of these is a server error there."""

import pytest
from django.test import Client
from django.utils import translation

from clef.lib.security import holds_nul, mask_email
from clef.site.models import LetterReader
from conftest import PASSWORD

ADDRESSES = [
    "/reservation/AB%00C/",
    "/reservation/AB%00C/billets.pdf",
    "/billet/AB%00C/qr.svg",
    "/inscription/AB%00C/",
    "/adhesion/carte/AB%00C/",
    "/paiement/test/AB%00C/",
    "/compte/connexion/lien/MQ%00.abc-123/",
    "/lettre/quitter/1%00:abc/",
    "/en/reservation/%00/",
    "/programme/?cycle=%00",
    "/recherche/?q=a%00b",
    "/compte/connexion/?next=/%00",
]


@pytest.fixture
def signed_in(paid_member):
    client = Client()
    assert client.login(username=paid_member.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_nul_in_an_address_is_a_400_page_in_the_sites_look(signed_in, address):
    response = signed_in.get(address)

    assert response.status_code == 400
    page = response.content.decode()
    with translation.override("en" if address.startswith("/en/") else "fr"):
        assert f"<h1>{translation.gettext('We could not read this request')}</h1>" in page
    assert "(NUL)" in page


def test_the_page_speaks_the_addresss_language(client, venue):
    response = client.get("/en/reservation/AB%00C/")

    assert response.status_code == 400
    assert "The address or the form holds a character that cannot be read (NUL)." in (
        response.content.decode()
    )


def test_a_nul_in_a_form_writes_nothing(client, venue):
    response = client.post("/en/lettre/", {"email": "lea\x00@example.org"})

    assert response.status_code == 400
    assert not LetterReader.objects.exists()
    response = client.post("/en/lettre/", {"email\x00": "lea@example.org"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/screenings?from=%00", None),
        ("/api/bookings", '{"screening": 1, "prices": ["5\\u0000"]}'),
    ],
)
def test_the_api_answers_its_own_json_400(signed_in, path, body):
    if body is None:
        response = signed_in.get(path, headers={"Accept-Language": "en"})
    else:
        response = signed_in.post(
            path, body, content_type="application/json", headers={"Accept-Language": "en"}
        )

    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "The address or the form holds a character that cannot be read (NUL).",
    }


def test_an_escaped_backslash_before_u0000_is_no_nul(rf):
    request = rf.post("/api/bookings", '{"note": "C:\\\\u0000"}', content_type="application/json")
    assert not holds_nul(request)
    request = rf.post("/api/bookings", '{"note": "\\\\\\u0000"}', content_type="application/json")
    assert holds_nul(request)
    assert not holds_nul(rf.get("/reservation/ABC/?q=%2500"))
    assert holds_nul(rf.get("/reservation/ABC/?q=%25%00"))
    assert holds_nul(rf.get("/reservation/ABC/", {"q\x00": "x"}))


def test_an_address_is_masked_to_its_first_letter_and_its_domain():
    assert mask_email("ana@example.org") == "a•••@example.org"
    assert mask_email("a@b.c") == "a•••@b.c"
    assert mask_email("") == ""
