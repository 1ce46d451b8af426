"""The journey through sign-up and joining tried as its enemies would: a ``next`` that
leads off the site (another host, a scheme, a backslash, 5,000 characters) is never kept,
never linked and never followed, at any step."""

import re

import pytest
from django.core import mail

from clef.lib import journey
from clef.members.models import Membership
from clef.payments.services import mark_paid

pytestmark = pytest.mark.django_db


def off_site_links(page):
    """The links of ``page`` that leave the site for the attacker's (a same-site link
    carrying the query, as the language switch does, is no way out)."""
    hrefs = re.findall(r'(?:href|action)="([^"]*)"', page)
    return [h for h in hrefs if "evil" in h and not re.match(r"^/[^/\\]", h)]


OFF_SITE = [
    "//evil.example/",
    "https://evil.example/seance/1/reserver/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    " //evil.example",
]


@pytest.mark.parametrize("bad", OFF_SITE)
def test_signing_up_with_an_off_site_next_lands_on_the_site(
    client, venue, bad, django_capture_on_commit_callbacks
):
    assert client.get("/en/compte/creer/", {"next": bad}).status_code == 200
    assert journey.KEY not in client.session
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/compte/creer/?" + f"next={bad}",
            {
                "first_name": "Lou",
                "last_name": "Vidal",
                "email": "lou@example.org",
                "password": "a long enough passphrase 42",
                "language": "en",
                "next": bad,
            },
        )
    [confirming] = mail.outbox
    assert "evil" not in confirming.body
    link = re.search(r"http://[^/]+(/\S+)", confirming.body).group(1)
    landing = client.get(link)["Location"]
    assert landing == "/en/adhesion/"


@pytest.mark.parametrize("bad", OFF_SITE)
def test_joining_with_an_off_site_next_never_links_it(client, venue, outsider, bad):
    from clef.members.models import Person

    Person.objects.create(user=outsider, language="en")
    client.force_login(outsider)
    page = client.get("/en/adhesion/", {"next": bad}).content.decode()
    assert off_site_links(page) == []
    assert journey.KEY not in client.session
    client.post("/en/adhesion/", {"choice": "", "other": "10"})
    membership = Membership.objects.get(person=outsider)
    mark_paid(membership.payment)
    card = client.get(membership.get_absolute_url()).content.decode()
    assert off_site_links(card) == []
    assert 'href="javascript:' not in card


@pytest.mark.parametrize("bad", OFF_SITE)
def test_signing_in_with_an_off_site_next_lands_on_the_site(client, paid_member, bad):
    response = client.post(
        f"/en/compte/connexion/?next={bad}",
        {"email": paid_member.email, "password": "a-test-password-1", "next": bad},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert not response["Location"].startswith("javascript")
