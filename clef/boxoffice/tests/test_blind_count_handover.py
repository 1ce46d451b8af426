"""Closing counts blind: the page asks the cash by denomination and shows neither the
cash expected nor the difference until the count is recorded (then the session's report
shows them). Handing over closes one cashier's session and opens the next one's, on the
same till, with the counted cash as its float, in one action."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from clef.audit.models import Action
from clef.boxoffice import handover, sales, verify
from clef.boxoffice.models import JournalEntry, TillSession
from clef.boxoffice.sales import Order, SaleRefused
from clef.lib.money import format_euros

pytestmark = pytest.mark.django_db

D = Decimal


def url(name, *args):
    with translation.override("en"):
        return reverse(f"boxoffice:{name}", args=args)


@pytest.fixture
def sold(till_session, tonight, cashier):
    """A 7.50 € cash sale and a split one (3 € by card, 4.50 € in cash): 112 € expected
    with the 100 € float, 3 € by card."""
    sales.sell(till_session, Order(screening=tonight, prices=["7.50"]), method="cash", by=cashier)
    sales.sell(
        till_session,
        Order(screening=tonight, prices=["7.50"]),
        method="split",
        card_part="3",
        by=cashier,
    )
    return till_session


def test_the_close_page_hides_the_cash_expected_until_counted(client, cashier, till, sold):
    client.force_login(cashier)
    page = client.get(url("close", till.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        expected = format_euros(D("112.00"))
    assert expected not in page
    assert "data-expected" not in page
    assert "Cash expected" not in page
    # The card part is shown: the terminal's own total is checked against it.
    assert format_euros(D("3.00")) in page
    response = client.post(url("close", till.pk), {"100.00": "1", "10.00": "1", "2.00": "2"})
    assert response.status_code == 303
    session = TillSession.objects.get(pk=sold.pk)
    assert (session.expected, session.counted, session.difference) == (
        D("112.00"),
        D("114.00"),
        D("2.00"),
    )
    report = client.get(response["Location"]).content.decode()
    assert format_euros(D("112.00")) in report and format_euros(D("114.00")) in report


def test_a_handover_closes_and_opens_the_next_session_with_the_count_as_float(
    client, cashier, other_cashier, till, sold, venue
):
    client.force_login(cashier)
    page = client.get(url("handover", till.pk)).content.decode()
    assert f'value="{other_cashier.pk}"' in page
    assert f'value="{cashier.pk}"' not in page
    assert "data-expected" not in page
    response = client.post(
        url("handover", till.pk),
        {"100.00": "1", "10.00": "1", "1.00": "1", "next_cashier": other_cashier.pk},
    )
    assert response.status_code == 303
    closed = TillSession.objects.get(pk=sold.pk)
    assert not closed.is_open
    assert (closed.expected, closed.counted, closed.difference) == (
        D("112.00"),
        D("111.00"),
        D("-1.00"),
    )
    opened = TillSession.objects.get(till=till, closed_at=None)
    assert opened.cashier == other_cashier
    assert opened.opening_float == D("111.00")
    kinds = list(JournalEntry.objects.order_by("sequence").values_list("kind", flat=True))
    assert kinds[-2:] == ["session_closed", "session_opened"]
    names = set(Action.objects.values_list("name", flat=True))
    assert {
        "boxoffice.session.closed",
        "boxoffice.session.opened",
        "boxoffice.session.handed_over",
    } <= names
    assert verify.verify(venue).ok


@pytest.mark.parametrize("chosen", ["", "999999", "abc", "٣"])
def test_it_refuses_a_handover_to_nobody_or_a_stranger(
    client, cashier, till, sold, written, chosen
):
    client.force_login(cashier)
    before = written()
    response = client.post(url("handover", till.pk), {"100.00": "1", "next_cashier": chosen})
    assert response.status_code == 422
    assert written() == before
    assert TillSession.objects.get(pk=sold.pk).is_open


def test_it_refuses_a_handover_to_oneself(cashier, sold, written):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        handover.hand_over(sold, counts={"100.00": "1"}, by=cashier, to=cashier)
    assert refused.value.code == "next_cashier_invalid"
    assert written() == before


def test_a_float_too_large_refuses_the_whole_handover(cashier, other_cashier, sold, written):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        handover.hand_over(sold, counts={"500.00": "30"}, by=cashier, to=other_cashier)
    assert refused.value.code == "float_invalid"
    assert written() == before
    assert TillSession.objects.get(pk=sold.pk).is_open


def test_another_cashier_may_not_hand_over_my_till(client, other_cashier, till, sold, written):
    client.force_login(other_cashier)
    before = written()
    response = client.post(
        url("handover", till.pk), {"100.00": "1", "next_cashier": other_cashier.pk}
    )
    assert response.status_code == 403
    assert written() == before
