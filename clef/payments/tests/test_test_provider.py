"""The test payment provider's page: pay or refuse, only for the payment's person, once."""

import json
from decimal import Decimal

import pytest

from clef.boxoffice.models import JournalEntry
from clef.members.models import Membership
from clef.members.services import start_membership
from clef.payments import services
from clef.payments.models import Payment, PaymentEvent
from clef.tickets.booking import book
from clef.venues.models import NumberSeries


@pytest.fixture
def membership(venue, member):
    return start_membership(member, venue, amount=Decimal("10.00"), method="test")


@pytest.fixture
def payment(membership):
    return membership.payment


def url(payment, language=""):
    return f"{language}/paiement/test/{payment.code}/"


def events(payment):
    return list(PaymentEvent.objects.filter(payment=payment).values_list("status", flat=True))


def test_it_shows_a_test_page_with_the_amount_and_what_it_pays(client, member, payment):
    client.force_login(member)

    response = client.get(url(payment, "/en"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Test payment provider" in text
    assert "A test: no card, no real money. Nothing will be charged." in text
    assert "€10.00" in text
    assert "Membership of La Clef" in text
    assert 'name="action" value="pay"' in text
    assert 'name="action" value="refuse"' in text


def test_pay_marks_the_payment_paid_and_leads_to_the_card(client, member, payment, membership):
    client.force_login(member)

    response = client.post(url(payment), {"action": "pay"})

    payment.refresh_from_db()
    membership.refresh_from_db()
    assert response.status_code == 302
    assert response.url == membership.get_absolute_url()
    assert payment.status == "paid"
    assert payment.reference.startswith("TEST-")
    assert membership.status == "paid"
    assert events(payment) == ["pending", "paid"]


def test_refuse_marks_the_payment_failed_and_the_membership_not_paid(
    client, member, payment, membership
):
    client.force_login(member)

    response = client.post(url(payment), {"action": "refuse"})

    payment.refresh_from_db()
    membership.refresh_from_db()
    assert response.url == membership.get_absolute_url()
    assert (payment.status, membership.status, membership.number) == ("failed", "cancelled", None)
    assert events(payment) == ["pending", "failed"]


def test_another_person_gets_a_404_and_changes_nothing(client, outsider, payment):
    client.force_login(outsider)

    assert client.get(url(payment)).status_code == 404
    assert client.post(url(payment), {"action": "pay"}).status_code == 404
    assert client.post(url(payment), {"action": "refuse"}).status_code == 404

    payment.refresh_from_db()
    assert payment.status == "pending"
    assert events(payment) == ["pending"]


def test_a_visitor_is_asked_to_sign_in(client, payment):
    response = client.post(url(payment), {"action": "pay"})

    assert response.status_code == 302
    assert response.url == f"/compte/connexion/?next={url(payment)}"
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_a_double_post_pays_once(client, member, payment, venue):
    client.force_login(member)

    first = client.post(url(payment), {"action": "pay"})
    second = client.post(url(payment), {"action": "pay"})

    assert second.status_code == 302
    assert second.url == first.url
    assert events(payment) == ["pending", "paid"]
    assert NumberSeries.objects.get(venue=venue, name="membership").last == 1
    assert Membership.objects.get().number == 1


def test_a_paid_payment_cannot_be_refused_afterwards(client, member, payment):
    client.force_login(member)
    client.post(url(payment), {"action": "pay"})

    response = client.post(url(payment), {"action": "refuse"})

    payment.refresh_from_db()
    assert response.status_code == 302
    assert payment.status == "paid"
    assert events(payment) == ["pending", "paid"]


def test_a_refused_payment_cannot_be_paid_afterwards(client, member, payment, membership):
    client.force_login(member)
    client.post(url(payment), {"action": "refuse"})

    response = client.post(url(payment), {"action": "pay"})

    payment.refresh_from_db()
    membership.refresh_from_db()
    assert response.url == membership.get_absolute_url()
    assert (payment.status, membership.status) == ("failed", "cancelled")
    assert events(payment) == ["pending", "failed"]


def test_a_paid_payment_just_leads_on(client, member, payment, membership):
    client.force_login(member)
    client.post(url(payment), {"action": "pay"})

    response = client.get(url(payment))

    assert response.status_code == 302
    assert response.url == membership.get_absolute_url()


def test_an_unknown_action_changes_nothing(client, member, payment):
    client.force_login(member)

    response = client.post(url(payment), {"action": "steal"})

    assert response.status_code == 400
    assert events(payment) == ["pending"]


def test_a_payment_that_is_not_for_the_test_provider_is_not_found(client, member, venue):
    door = services.create_payment(
        venue=venue, purpose="membership", method="door", amount=Decimal("5"), person=member
    )
    client.force_login(member)

    assert client.get(url(door)).status_code == 404
    assert client.post(url(door), {"action": "pay"}).status_code == 404
    door.refresh_from_db()
    assert door.status == "pending"


def test_an_unknown_payment_is_not_found(client, member, venue):
    client.force_login(member)

    assert client.get("/paiement/test/no-such-code/").status_code == 404


def test_paying_a_booking_leads_to_the_booking(client, paid_member, on_sale):
    booking, _created = book(on_sale, user=paid_member, prices=["7.50"], method="test")
    payment = booking.payment
    client.force_login(paid_member)

    page = client.get(url(payment, "/en")).content.decode()
    response = client.post(url(payment), {"action": "pay"})

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert "€7.50" in page
    assert "Booking for Wanda" in page
    assert response.url == booking.get_absolute_url()
    assert (payment.status, booking.status) == ("paid", "confirmed")
    assert events(payment) == ["pending", "paid"]


def test_every_state_change_of_a_payment_keeps_an_event(client, member, venue):
    client.force_login(member)
    paid = start_membership(member, venue, amount=Decimal("5"), method="test").payment
    refused = start_membership(member, venue, amount=Decimal("6"), method="test").payment

    client.post(url(paid), {"action": "pay"})
    client.post(url(refused), {"action": "refuse"})

    for payment in Payment.objects.all():
        assert events(payment)[-1] == payment.status
    assert events(paid) == ["pending", "paid"]
    assert events(refused) == ["pending", "failed"]


def test_paying_writes_the_online_entry_to_the_journal(client, member, payment, venue):
    client.force_login(member)

    client.post(url(payment), {"action": "pay"})

    entry = JournalEntry.objects.get(venue=venue)
    payment.refresh_from_db()
    assert (entry.kind, json.loads(entry.body)["amount"]) == ("online_payment", "10.00")
    assert json.loads(entry.body)["reference"] == payment.reference


def test_without_the_journals_key_nothing_is_taken_and_the_page_says_why(
    client, member, payment, membership, settings, tmp_path
):
    settings.CLEF_JOURNAL_KEY_FILE = str(tmp_path / "missing.key")
    client.force_login(member)

    response = client.post(url(payment), {"action": "pay"}, follow=True)

    payment.refresh_from_db()
    membership.refresh_from_db()
    assert response.status_code == 200
    assert "CLEF_JOURNAL_KEY_FILE" in response.content.decode()
    assert (payment.status, membership.status, membership.number) == ("pending", "pending", None)
    assert events(payment) == ["pending"]
    assert not JournalEntry.objects.exists()
