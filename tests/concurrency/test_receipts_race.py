"""Receipts issued at the same instant, each in its own thread with its own database
connection (a gift paid online, a cheque typed, a till gift): numbered without a gap and
without a duplicate in their body's year, whatever the order."""

from decimal import Decimal

import pytest
from django.utils import timezone

from clef.fundraising import receipts
from clef.fundraising.models import Gift, LegalBody, Receipt
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

THREADS = 8


def test_receipts_issued_at_once_are_numbered_without_a_gap(venue):
    fund = LegalBody.objects.create(
        kind=LegalBody.Kind.ENDOWMENT_FUND, name="Cinéma Revival", address="75005 Paris"
    )
    gifts = [
        Gift.objects.create(
            body=fund,
            amount=Decimal("10") + i,
            method="cheque",
            status="paid",
            paid_at=timezone.now(),
            donor_name=f"Donateur {i}",
            donor_address="1 rue X\n75005 Paris",
        )
        for i in range(THREADS)
    ]
    # Twice each gift: a provider's retry must not give it a second number.
    results = at_once(
        THREADS * 2,
        lambda i: gifts[i % THREADS],
        lambda gift: receipts.issue_for_gift(gift),
    )
    raised = [value for outcome, value in results if outcome == "raised"]
    assert raised == []
    year = timezone.localdate().year
    numbers = sorted(Receipt.objects.filter(body=fund, year=year).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert receipts.issued_count(fund, year) == THREADS
    assert all(gift.receipts.count() == 1 for gift in gifts)
