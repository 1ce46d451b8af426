"""Online money in the journal: a booking or a membership paid through the online
provider, and every refund of one, is an entry of its own kind on the "online" till,
written in the transaction of the payment; money that is not online writes none."""

import json
from decimal import Decimal

import pytest
from django.db import transaction

from clef.boxoffice import verify
from clef.boxoffice.keys import KeyUnavailable
from clef.boxoffice.models import JournalEntry
from clef.members import services as members
from clef.members.models import Membership
from clef.payments import services as payments
from clef.payments.models import Payment
from clef.tickets.booking import book, cancel_ticket
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db

D = Decimal


def online_entries():
    return list(
        JournalEntry.objects.filter(
            kind__in=(JournalEntry.Kind.ONLINE_PAYMENT, JournalEntry.Kind.ONLINE_REFUND)
        ).order_by("sequence")
    )


def body(entry):
    return json.loads(entry.body)


@pytest.fixture
def booking(on_sale, paid_member):
    """Two tickets at 6 and 8.50 €, to pay online through the test provider."""
    made, _created = book(on_sale, user=paid_member, prices=["6", "8.50"], method="test")
    return made


def test_an_online_booking_paid_is_one_entry_with_its_tickets(booking, paid_member, venue):
    payments.mark_paid(booking.payment, reference="TEST-1", by=paid_member)

    (entry,) = online_entries()
    first, second = booking.tickets.order_by("number")
    assert entry.kind == "online_payment"
    assert (entry.session, entry.sale) == (None, None)
    title = booking.screening.display_title
    assert body(entry) == {
        "till": "online",
        "channel": "online",
        "payment": booking.payment.code,
        "refund_of": None,
        "purpose": "booking",
        "method": "test",
        "reference": "TEST-1",
        "amount": "14.50",
        "person": paid_member.pk,
        "booking": booking.code,
        "tickets": [str(first), str(second)],
        "membership": None,
        "lines": [
            {
                "kind": "ticket",
                "label": f"{first} {title}",
                "quantity": 1,
                "unit": "6.00",
                "amount": "6.00",
                "vat_rate": "5.50",
                "ref": str(first),
                "screening": booking.screening_id,
            },
            {
                "kind": "ticket",
                "label": f"{second} {title}",
                "quantity": 1,
                "unit": "8.50",
                "amount": "8.50",
                "vat_rate": "5.50",
                "ref": str(second),
                "screening": booking.screening_id,
            },
        ],
        # 14.50 / 1.055 = 13.74: the VAT of the rate's sum, as a till sale's.
        "vat": {"5.50": {"gross": "14.50", "net": "13.74", "vat": "0.76"}},
    }
    # No name or address in the body: the person is their id.
    assert paid_member.email not in entry.body
    assert verify.verify(venue).ok


def test_a_provider_retry_writes_no_second_entry(booking, paid_member):
    payments.mark_paid(booking.payment, by=paid_member)
    payments.mark_paid(booking.payment, by=paid_member)
    assert len(online_entries()) == 1


def test_a_failure_after_the_payment_takes_its_entry_back_with_it(booking, paid_member):
    head = JournalEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        payments.mark_paid(booking.payment, by=paid_member)
        assert len(online_entries()) == 1
        raise RuntimeError("the provider's callback fails after the payment")

    booking.payment.refresh_from_db()
    assert booking.payment.status == Payment.Status.PENDING
    assert JournalEntry.objects.count() == head
    assert set(booking.tickets.values_list("status", flat=True)) == {Ticket.Status.BOOKED}


def test_without_the_key_the_payment_is_refused_and_nothing_is_written(
    booking, paid_member, settings, tmp_path
):
    settings.CLEF_JOURNAL_KEY_FILE = str(tmp_path / "missing.key")
    with pytest.raises(KeyUnavailable):
        payments.mark_paid(booking.payment, by=paid_member)

    booking.payment.refresh_from_db()
    assert booking.payment.status == Payment.Status.PENDING
    assert booking.payment.events.count() == 1  # created, never paid
    assert online_entries() == []


def test_a_cancelled_paid_ticket_is_an_online_refund_of_its_price(booking, paid_member, venue):
    payments.mark_paid(booking.payment, by=paid_member)
    ticket = booking.tickets.get(price=D("8.50"))

    cancel_ticket(ticket, by=paid_member)

    _paid, refunded = online_entries()
    refund = Payment.objects.get(refund_of=booking.payment)
    assert refunded.kind == "online_refund"
    assert (refunded.session, refunded.sale) == (None, None)
    content = body(refunded)
    assert (content["payment"], content["refund_of"]) == (refund.code, booking.payment.code)
    assert content["amount"] == "-8.50"
    assert content["tickets"] == [str(ticket)]
    assert [(line["ref"], line["quantity"], line["amount"]) for line in content["lines"]] == [
        (str(ticket), -1, "-8.50")
    ]
    assert content["vat"] == {"5.50": {"gross": "-8.50", "net": "-8.06", "vat": "-0.44"}}
    assert verify.verify(venue).ok


def test_a_refund_names_the_tickets_its_caller_gives(booking, paid_member):
    payments.mark_paid(booking.payment, by=paid_member)
    cheap = booking.tickets.get(price=D("6.00"))

    payments.refund(booking.payment, D("6.00"), refs=[str(cheap)])

    (line,) = body(online_entries()[-1])["lines"]
    assert (line["ref"], line["amount"]) == (str(cheap), "-6.00")


def test_a_refund_that_names_no_ticket_is_one_line_of_its_amount(booking, paid_member):
    payments.mark_paid(booking.payment, by=paid_member)

    payments.refund(booking.payment, D("2.00"), note="a goodwill gesture")

    content = body(online_entries()[-1])
    assert content["tickets"] == []
    assert [(line["ref"], line["amount"]) for line in content["lines"]] == [(booking.code, "-2.00")]


def test_a_booking_paid_after_a_ticket_was_cancelled_is_one_line_of_the_amount(
    booking, paid_member
):
    cancel_ticket(booking.tickets.get(price=D("6.00")), by=paid_member)
    booking.refresh_from_db()
    payment = Payment.objects.get(pk=booking.payment_id)
    assert payment.amount == D("8.50")  # the new total: the first payment was replaced

    payments.mark_paid(payment, by=paid_member)

    (entry,) = online_entries()
    content = body(entry)
    assert content["amount"] == "8.50"
    # What the tickets left add up to: the line names the ticket paid for.
    left = booking.tickets.get(price=D("8.50"))
    assert [(line["ref"], line["amount"]) for line in content["lines"]] == [(str(left), "8.50")]
    assert sum(D(line["amount"]) for line in content["lines"]) == D(content["amount"])


def test_a_membership_paid_online_and_cancelled_with_its_refund(member, venue):
    membership = members.start_membership(member, venue, amount=D("12.00"), method="test")
    payments.mark_paid(membership.payment, by=member)
    membership.refresh_from_db()

    members.cancel_membership(membership, by=member)

    paid, refunded = online_entries()
    number = str(membership)
    assert number.endswith("-00001")
    assert (paid.kind, refunded.kind) == ("online_payment", "online_refund")
    for entry, amount, quantity in ((paid, "12.00", 1), (refunded, "-12.00", -1)):
        content = body(entry)
        assert (content["purpose"], content["amount"]) == ("membership", amount)
        assert (content["membership"], content["booking"]) == (number, None)
        assert content["lines"] == [
            {
                "kind": "membership",
                "label": f"Adhésion {number}",
                "quantity": quantity,
                "unit": "12.00",
                "amount": amount,
                "vat_rate": "0.00",
                "ref": number,
            }
        ]
        assert content["vat"] == {"0.00": {"gross": amount, "net": amount, "vat": "0.00"}}
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.CANCELLED
    assert verify.verify(venue).ok


def test_money_that_is_not_online_writes_no_online_entry(on_sale, paid_member, member, venue):
    # To pay at the door, free, at the till in cash: the till's sale (or nothing) says it.
    book(on_sale, user=paid_member, prices=["5"], method="door")
    book(on_sale, user=paid_member, prices=["0"], method="test")
    members.start_membership(member, venue, amount=D("0"), method="test")
    cash = members.start_membership(member, venue, amount=D("10"), method="cash")
    payments.refund(cash.payment, D("10"))

    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 3
    assert online_entries() == []


@pytest.mark.parametrize(
    ("amount", "code"),
    [(D("0"), "refund_invalid"), (D("-1"), "refund_invalid"), (D("14.51"), "refund_too_much")],
)
def test_it_refuses_a_refund_of_nothing_or_above_what_was_paid(booking, paid_member, amount, code):
    payments.mark_paid(booking.payment, by=paid_member)
    before = (Payment.objects.count(), JournalEntry.objects.count())

    with pytest.raises(payments.PaymentRefused) as refused:
        payments.refund(booking.payment, amount)

    assert refused.value.code == code
    assert (Payment.objects.count(), JournalEntry.objects.count()) == before


def test_it_refuses_to_give_back_more_than_is_left(booking, paid_member):
    payments.mark_paid(booking.payment, by=paid_member)
    payments.refund(booking.payment, D("10.00"))
    before = (Payment.objects.count(), JournalEntry.objects.count())

    with pytest.raises(payments.PaymentRefused) as refused:
        payments.refund(booking.payment, D("5.00"))

    assert refused.value.code == "refund_too_much"
    assert "4,50" in refused.value.message
    assert (Payment.objects.count(), JournalEntry.objects.count()) == before


def test_it_refuses_to_refund_a_payment_not_taken(booking):
    with pytest.raises(payments.PaymentRefused) as refused:
        payments.refund(booking.payment, D("6.00"))
    assert refused.value.code == "refund_not_paid"
    assert online_entries() == []
