"""A visitor who wants to book while signed out is told what booking needs, and kept on
their way: sign-up, the confirmation link, the membership and its payment each lead on,
until the screening's booking form."""

import re

from django.core import mail

from clef.members.models import Membership
from clef.payments.services import mark_paid


def test_a_visitor_is_brought_back_to_the_screening_through_every_step(
    client, on_sale, django_capture_on_commit_callbacks
):
    book = f"/en/seance/{on_sale.pk}/reserver/"
    asked = client.get(book)
    assert asked.status_code == 302
    login = asked["Location"]
    page = client.get(login).content.decode()
    assert f"To book for “{on_sale.display_title}”" in page
    assert "yearly membership" in page
    signup = re.search(r'href="(/en/compte/creer/\?next=[^"]+)"', page).group(1)

    assert client.get(signup).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            signup,
            {
                "first_name": "Lou",
                "last_name": "Vidal",
                "email": "lou@example.org",
                "password": "a long enough passphrase 42",
                "language": "en",
            },
        )
    [confirming] = mail.outbox
    link = re.search(r"http://[^/]+(/\S+)", confirming.body).group(1)
    confirmed = client.get(link)
    # No membership yet: to joining first, with the screening kept.
    assert confirmed["Location"].startswith("/en/adhesion/?next=")
    join = client.get(confirmed["Location"])
    assert join.status_code == 200

    response = client.post("/en/adhesion/", {"choice": "", "other": "10"})
    assert response.status_code == 302
    membership = Membership.objects.get(person__email="lou@example.org")
    mark_paid(membership.payment)
    card = client.get(membership.get_absolute_url()).content.decode()
    assert f'href="{book}"' in card
    assert "Continue to the booking" in card

    assert client.get(book).status_code == 200
    # Arrived: the card no longer offers the way back.
    again = client.get(membership.get_absolute_url()).content.decode()
    assert "Continue to the booking" not in again


def test_only_an_address_of_this_site_is_kept(client, paid_member, on_sale):
    client.force_login(paid_member)
    client.get("/en/adhesion/", {"next": "https://elsewhere.example/"})
    membership = Membership.objects.get(person=paid_member)
    assert "elsewhere.example" not in client.get(membership.get_absolute_url()).content.decode()
