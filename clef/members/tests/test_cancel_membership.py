"""Cancelling a membership through ``members.services``: it stops counting, and what was
paid is refunded through the payments (once)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from clef.lib.refusals import Refused
from clef.members.models import Membership
from clef.members.services import MembershipRefused, cancel_membership, start_membership
from clef.payments.models import Payment


@pytest.fixture
def joiner(db):
    return get_user_model().objects.create_user(username="jo", email="jo@example.org")


def _refunds(membership):
    return list(
        Payment.objects.filter(refund_of=membership.payment_id).values_list("amount", flat=True)
    )


def test_cancelling_a_paid_membership_refunds_what_was_paid(venue, joiner, cashier):
    membership = start_membership(joiner, venue, amount=Decimal("12.00"), method="cash")
    assert membership.status == Membership.Status.PAID

    cancel_membership(membership, by=cashier, note="undo")

    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert _refunds(membership) == [Decimal("-12.00")]
    assert not Membership.objects.valid_on(venue.local_date()).filter(person=joiner).exists()


def test_cancelling_without_refund_keeps_the_money(venue, joiner, cashier):
    membership = start_membership(joiner, venue, amount=Decimal("10.00"), method="card")

    cancel_membership(membership, by=cashier, refund=False)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert _refunds(membership) == []


def test_cancelling_a_membership_waiting_for_its_online_payment_cancels_the_payment(venue, joiner):
    membership = start_membership(joiner, venue, amount=Decimal("10.00"), method="test")
    assert membership.payment.status == Payment.Status.PENDING

    cancel_membership(membership, by=joiner)

    membership.refresh_from_db()
    membership.payment.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert membership.payment.status == Payment.Status.CANCELLED
    assert _refunds(membership) == []


def test_it_refuses_to_cancel_twice_and_refunds_once(venue, joiner, cashier):
    membership = start_membership(joiner, venue, amount=Decimal("8.00"), method="cash")
    cancel_membership(membership, by=cashier)

    with pytest.raises(MembershipRefused) as refused:
        cancel_membership(membership, by=cashier)

    assert isinstance(refused.value, Refused)
    assert refused.value.code == "already_cancelled"
    assert _refunds(membership) == [Decimal("-8.00")]


def test_a_free_membership_is_cancelled_with_nothing_to_refund(venue, joiner, cashier):
    membership = start_membership(joiner, venue, amount=Decimal("0"), method="cash")

    cancel_membership(membership, by=cashier)

    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert _refunds(membership) == []
