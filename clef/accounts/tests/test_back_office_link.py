"""The back office signs in by a link sent by email, like the site."""

from django.core import mail

from clef.accounts.tests.conftest import link_in


def test_the_back_offices_sign_in_page_offers_a_link_by_email(client, venue):
    page = client.get("/en/gestion/login/").content.decode()
    assert "The back office signs in by email like the site." in page
    assert (
        '<a href="/en/compte/connexion/lien/?next=/en/gestion/">'
        "Or get a sign-in link by email</a>" in page
    )


def test_it_keeps_the_back_office_page_asked_for(client, venue):
    page = client.get("/gestion/login/?next=/gestion/programme/").content.decode()
    assert '<a href="/compte/connexion/lien/?next=/gestion/programme/">' in page


def test_a_link_asked_from_the_back_office_signs_in_there(
    client, programmer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/connexion/lien/", {"email": "paula@example.org", "next": "/gestion/"})
    [message] = mail.outbox
    path = link_in(message)
    assert path.endswith("?next=%2Fgestion%2F")

    response = client.post(path)

    assert response["Location"] == "/gestion/"
    assert client.get("/gestion/").status_code == 200
    # Spent: the same link does not sign in twice.
    client.logout()
    assert client.post(path).status_code == 400
