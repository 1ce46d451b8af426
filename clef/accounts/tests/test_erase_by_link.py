"""Erasing one's account is confirmed by a link sent to its address; the tickets to
come are cancelled and refunded first, where the cut-off allows, and the person is told."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail

from clef.accounts.tests.conftest import link_in
from clef.payments.models import Payment
from clef.payments.services import mark_paid
from clef.tickets.booking import book
from clef.tickets.models import Booking, Ticket

User = get_user_model()
NOW = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW.timestamp(), tick=False):
        yield


@pytest.fixture
def lou(frozen, make_member, make_screening, make_film):
    """Lou, reading English: a booking paid online (7,50 € and 4 €) for Saturday, one to
    pay at the door for Wednesday, and one for a screening starting in 20 minutes, past
    the cut-off."""
    lou = make_member("lou", language="en")
    wanda = make_screening(dt.date(2026, 5, 9), "20:00", films=[make_film("Wanda")])
    salt = make_screening(dt.date(2026, 5, 13), "18:30", films=[make_film("Salt of the Earth")])
    soon = make_screening(dt.date(2026, 5, 4), "12:20", films=[make_film("Loin du Vietnam")])
    online, _ = book(wanda, user=lou, prices=["7.50", "4"], method="test", language="en")
    mark_paid(online.payment)
    book(salt, user=lou, prices=["5"], method="door", language="en")
    book(soon, user=lou, prices=["6"], method="door", language="en")
    mail.outbox.clear()
    return lou


def ask_link(client, user, callbacks, path="/en/compte/supprimer/"):
    client.force_login(user)
    with callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 200
    [message] = mail.outbox
    mail.outbox.clear()
    return response, message


def test_the_page_lists_what_will_be_cancelled_refunded_and_kept(client, lou):
    client.force_login(lou)
    content = client.get("/en/compte/supprimer/").content.decode()
    assert "Your tickets to come: cancelled and refunded" in content
    assert "€7.50 refunded" in content and "€4.00 refunded" in content
    assert "nothing was paid, nothing to refund" in content
    assert "€11.50 in all goes back to the means of payment you used online" in content
    assert "Your tickets that stay valid" in content
    assert "It is too late to cancel these: they stay valid" in content
    assert 'type="password"' not in content
    assert "Send me the link to erase my account" in content


def test_the_page_sends_a_link_and_erases_nothing(client, lou, django_capture_on_commit_callbacks):
    response, message = ask_link(client, lou, django_capture_on_commit_callbacks)

    assert "We sent a link to <strong>lou@example.org</strong>" in response.content.decode()
    assert message.to == ["lou@example.org"]
    assert message.subject == "Erasing your account at La Clef"
    assert message.body.startswith("Hello Lou,\n")
    assert "The link works once, for 1 hour." in message.body
    assert link_in(message).startswith("/en/compte/supprimer/lien/")
    assert User.objects.filter(pk=lou.pk).exists()
    assert Ticket.objects.filter(status=Ticket.Status.CANCELLED).count() == 0


def test_the_link_shows_what_will_happen_then_erases_cancels_and_refunds(
    client, lou, django_capture_on_commit_callbacks
):
    _response, message = ask_link(client, lou, django_capture_on_commit_callbacks)
    path = link_in(message)
    client.logout()  # opened on another device

    content = client.get(path).content.decode()
    assert "The account of <strong>lou@example.org</strong> will be erased for good." in content
    assert "€7.50 refunded" in content
    assert User.objects.filter(pk=lou.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Your account is erased" in content
    assert "These tickets are cancelled: their seats are back on sale." in content
    assert "€11.50 in all goes back" in content
    assert not User.objects.filter(pk=lou.pk).exists()
    statuses = sorted(Ticket.objects.values_list("screening__films__title", "status"))
    assert statuses == [
        ("Loin du Vietnam", "booked"),
        ("Salt of the Earth", "cancelled"),
        ("Wanda", "cancelled"),
        ("Wanda", "cancelled"),
    ]
    online = Booking.objects.get(screening__films__title="Wanda")
    refunds = Payment.objects.filter(refund_of=online.payment)
    assert sorted(refunds.values_list("amount", flat=True)) == [Decimal("-7.50"), Decimal("-4.00")]
    [last] = mail.outbox
    assert last.to == ["lou@example.org"]
    assert last.subject == "Your account is erased"
    assert last.body.startswith("Hello Lou,\n")
    assert "Saturday 9 May 2026, 20:00: €7.50 refunded" in last.body
    assert "€11.50 in all goes back" in last.body
    assert "It was too late to cancel these tickets: they stay valid" in last.body
    assert "“Loin du Vietnam”, Monday 4 May 2026, 12:20" in last.body


def test_a_link_works_once(client, lou, django_capture_on_commit_callbacks):
    _response, message = ask_link(client, lou, django_capture_on_commit_callbacks)
    path = link_in(message)
    client.post(path)

    assert client.post(path).status_code == 400
    assert client.get(path).status_code == 400


def test_a_link_older_than_an_hour_erases_nothing(client, lou, django_capture_on_commit_callbacks):
    _response, message = ask_link(client, lou, django_capture_on_commit_callbacks)
    path = link_in(message)

    with time_machine.travel((NOW + dt.timedelta(minutes=61)).timestamp(), tick=False):
        assert client.post(path).status_code == 400

    assert User.objects.filter(pk=lou.pk).exists()
    assert Ticket.objects.filter(status=Ticket.Status.CANCELLED).count() == 0


def test_a_tampered_link_erases_nothing(client, lou, django_capture_on_commit_callbacks):
    _response, message = ask_link(client, lou, django_capture_on_commit_callbacks)
    path = link_in(message)

    for forged in (path[:-3] + "abc/", "/en/compte/supprimer/lien/x" * 200 + "/"):
        assert client.post(forged).status_code in (400, 404)
    assert User.objects.filter(pk=lou.pk).exists()


def test_a_sign_in_link_does_not_erase(client, lou, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/compte/connexion/lien/", {"email": "lou@example.org"})
    token = link_in(mail.outbox[0]).split("/")[-2]

    assert client.post(f"/en/compte/supprimer/lien/{token}/").status_code == 400
    assert User.objects.filter(pk=lou.pk).exists()


def test_a_link_only_member_erases_from_an_old_session(
    client, lou, django_capture_on_commit_callbacks
):
    lou.set_unusable_password()
    lou.save()
    with time_machine.travel((NOW - dt.timedelta(days=2)).timestamp(), tick=False):
        client.force_login(lou)
    _response, message = ask_link(client, lou, django_capture_on_commit_callbacks)

    client.post(link_in(message))

    assert not User.objects.filter(pk=lou.pk).exists()
    assert "_auth_user_id" not in client.session


def erase_through_link(client, user, callbacks, language="/en"):
    """``user`` signed in asks the link to erase their account and follows it: the
    answer to the last button."""
    client.force_login(user)
    mail.outbox.clear()
    with callbacks(execute=True):
        client.post(f"{language}/compte/supprimer/")
    [message] = mail.outbox
    mail.outbox.clear()
    with callbacks(execute=True):
        return client.post(link_in(message))
