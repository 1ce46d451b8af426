"""Joining a screening's waiting list from its pages, signed in or with a typed address,
and the email that says a seat has come back."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from clef.programme.models import Screening
from clef.tickets import waitinglist
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.models import WaitingListEntry
from clef.tickets.tests.pages import french_day, page


@pytest.fixture
def sold_out(on_sale, make_member):
    """The screening with its one online seat booked by someone else."""
    Screening.objects.filter(pk=on_sale.pk).update(online_quota=1)
    on_sale.refresh_from_db()
    book(on_sale, user=make_member("ahmed"), prices=["5"])
    return on_sale


def join_url(screening, language="en"):
    with translation.override(language):
        return reverse("tickets:waiting_list", args=[screening.pk])


def test_a_signed_in_member_joins_with_their_address(client, sold_out, paid_member):
    client.force_login(paid_member)
    response = client.post(join_url(sold_out))
    assert response.status_code == 302
    assert response["Location"] == f"/en/seance/{sold_out.pk}/"
    entry = WaitingListEntry.objects.get()
    assert (entry.screening, entry.person, entry.email, entry.language) == (
        sold_out,
        paid_member,
        "mila@example.org",
        "en",
    )
    body = page(client.get(response["Location"]))
    assert (
        "You are on the waiting list. If a seat comes back, you will be told by email at "
        "mila@example.org."
    ) in body


def test_a_visitor_joins_with_a_typed_address(client, sold_out):
    response = client.post(join_url(sold_out, "fr"), {"email": " Zoe@Example.org "})
    assert response["Location"] == f"/seance/{sold_out.pk}/"
    entry = WaitingListEntry.objects.get()
    assert (entry.person, entry.email, entry.language) == (None, "zoe@example.org", "fr")


def test_a_visitor_with_a_bad_address_is_told_and_nothing_is_written(client, sold_out):
    response = client.post(join_url(sold_out), {"email": "zoe-at-example"})
    assert response.status_code == 400
    assert 'id="id_email_error"' in page(response)
    assert 'value="zoe-at-example"' in page(response)
    assert WaitingListEntry.objects.count() == 0


def test_joining_twice_keeps_one_place(client, sold_out):
    client.post(join_url(sold_out), {"email": "zoe@example.org"})
    response = client.post(join_url(sold_out), {"email": "zoe@example.org"}, follow=True)
    assert WaitingListEntry.objects.count() == 1
    assert "zoe@example.org is on the waiting list already: you will be told by email." in page(
        response
    )


def test_the_waiting_list_page_works_without_javascript(client, sold_out):
    body = page(client.get(join_url(sold_out)))
    assert 'name="email"' in body
    assert "Join the waiting list" in body


@pytest.mark.parametrize(
    "change",
    [
        {"status": Screening.Status.CANCELLED},
        {"starts_at": dt.datetime(2020, 1, 8, 19, tzinfo=dt.UTC)},
    ],
)
def test_a_screening_not_on_sale_has_no_waiting_list(client, sold_out, change):
    Screening.objects.filter(pk=sold_out.pk).update(**change)
    assert client.post(join_url(sold_out), {"email": "zoe@example.org"}).status_code == 404
    assert WaitingListEntry.objects.count() == 0


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_seat_offered_email_is_in_the_readers_language(
    client, sold_out, language, django_capture_on_commit_callbacks
):
    client.post(join_url(sold_out, language), {"email": "zoe@example.org"})
    ticket = sold_out.tickets.get()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_ticket(ticket)
    # (the ticket's holder is told of the cancellation too)
    (message,) = [m for m in mail.outbox if m.to != [ticket.booking.email]]
    assert message.to == ["zoe@example.org"]
    with translation.override(language):
        subject = translation.gettext("A seat is held for you: %(title)s") % {"title": "Wanda"}
        entry = WaitingListEntry.objects.get(email="zoe@example.org")
        link = reverse("tickets:waiting_offer", args=[sold_out.pk, waitinglist.offer_token(entry)])
    assert message.subject == subject.strip()
    assert f"http://127.0.0.1:8000{link}\n" in message.body
    local = sold_out.local_start
    if language == "en":
        assert link.startswith("/en/")
        assert f"“Wanda”, {local:%A} {local.day} {local:%B %Y}, 20:00, and you are" in message.body
    else:
        assert not link.startswith("/en/")
        assert f"{french_day(local)}, 20:00" in message.body
