"""A split payment: part in cash, part by card, in one sale. The journal keeps each
tender; the closings' methods, the session's expected cash, undo and refunds split it;
a split that does not add up is refused with nothing written."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from clef.boxoffice import checks, closings, refunds, reversals, sales, sessions, verify
from clef.boxoffice.models import JournalEntry, Sale
from clef.boxoffice.sales import Order, SaleRefused
from clef.boxoffice.tests.journals import at, run, sql

pytestmark = pytest.mark.django_db

D = Decimal


def split_sale(session, screening, cashier, *, prices=("6", "7.50"), card="10", tendered=None):
    sale, _created = sales.sell(
        session,
        Order(screening=screening, prices=list(prices)),
        method="split",
        card_part=card,
        tendered=tendered,
        by=cashier,
    )
    return sale


def test_a_split_sale_writes_each_tender_in_its_journal_entry(till_session, tonight, cashier):
    sale = split_sale(till_session, tonight, cashier, card="10", tendered="5")
    assert (sale.method, sale.total, sale.card_part) == ("split", D("13.50"), D("10.00"))
    # 5 € given for the 3.50 € in cash.
    assert (sale.tendered, sale.change) == (D("5.00"), D("1.50"))
    body = json.loads(sale.journal.get().body)
    assert body["method"] == "split"
    assert body["tenders"] == {"cash": "3.50", "card": "10.00"}
    assert body["total"] == "13.50"


def test_the_expected_cash_counts_only_the_cash_part(till_session, tonight, cashier):
    split_sale(till_session, tonight, cashier, card="10")
    sales.sell(till_session, Order(screening=tonight, prices=["5"]), method="card", by=cashier)
    # The float, 100 €, and the 3.50 € paid in cash.
    assert sessions.expected_cash(till_session) == D("103.50")
    assert sessions.by_method(till_session) == {
        "card": {"count": 2, "total": D("15.00")},
        "cash": {"count": 1, "total": D("3.50")},
        "split": {"count": 1, "total": D("13.50")},
    }


@pytest.mark.parametrize(
    "card, code",
    [
        ("13.50", "split_mismatch"),
        ("20", "split_mismatch"),
        ("0", "split_mismatch"),
        ("", "split_card_missing"),
        ("-2", "split_card_invalid"),
        ("٣", "split_card_invalid"),
        ("1" * 30, "split_card_invalid"),
    ],
)
def test_it_refuses_a_split_that_does_not_add_up(
    till_session, tonight, cashier, written, card, code
):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        split_sale(till_session, tonight, cashier, card=card)
    assert refused.value.code == code
    assert written() == before


def test_it_refuses_cash_given_short_of_the_cash_part(till_session, tonight, cashier, written):
    before = written()
    with pytest.raises(SaleRefused) as refused:
        split_sale(till_session, tonight, cashier, card="10", tendered="3")
    assert refused.value.code == "tendered_short"
    assert written() == before


def test_the_refusal_names_the_total_and_the_card_part(till_session, tonight, cashier):
    with translation.override("en"), pytest.raises(SaleRefused) as refused:
        split_sale(till_session, tonight, cashier, card="20")
    assert refused.value.message == (
        "A split payment of €13.50: the card part, €20.00, must be more than nothing "
        "and less than the total, the rest paid in cash."
    )


def test_undoing_a_split_sale_gives_back_both_parts(till_session, tonight, cashier):
    sale = split_sale(till_session, tonight, cashier, card="10")
    reversal = reversals.undo(sale, by=cashier)
    assert (reversal.method, reversal.total, reversal.card_part) == (
        "split",
        D("-13.50"),
        D("-10.00"),
    )
    body = json.loads(reversal.journal.get().body)
    assert body["tenders"] == {"cash": "-3.50", "card": "-10.00"}
    assert sessions.expected_cash(till_session) == D("100.00")


def test_a_refund_of_a_split_sale_goes_back_in_cash(till_session, tonight, cashier):
    sale = split_sale(till_session, tonight, cashier, card="10")
    line = sale.lines.order_by("position").last()
    back = refunds.refund(till_session, [line], reason="Projector broke", by=cashier)
    assert (back.method, back.total, back.card_part) == ("cash", D("-7.50"), None)
    # 100 € float + 3.50 € cash part - 7.50 € given back.
    assert sessions.expected_cash(till_session) == D("96.00")


def test_the_journal_verifies_after_split_sales(till_session, tonight, cashier, venue):
    sale = split_sale(till_session, tonight, cashier, card="10")
    reversals.undo(sale, by=cashier)
    split_sale(till_session, tonight, cashier, prices=["6"], card="2.50")
    sessions.close_session(till_session, counts={"100.00": "1", "2.00": "1"}, by=cashier)
    assert verify.verify(venue).ok
    compared = checks.compare(venue)
    assert compared.ok, compared.differences


def test_a_card_part_changed_in_the_table_is_found(till_session, tonight, cashier, venue):
    sale = split_sale(till_session, tonight, cashier, card="10")
    sql("UPDATE boxoffice_sale SET card_part = 12 WHERE id = %s", [sale.pk])
    with translation.override("en"):
        compared = checks.compare(venue)
    assert not compared.ok
    assert any("part paid by card" in d and "12.00" in d for d in compared.differences)


def test_the_days_closing_splits_the_tenders_to_the_cent(till, cashier, make_screening, venue):
    day = dt.date(2025, 3, 11)
    with time_machine.travel(at(day, "19:00"), tick=False) as clock:
        screening = make_screening(day, "20:00")
        session = sessions.open_session(till, cashier=cashier, opening_float="50")
        clock.move_to(at(day, "19:10"))
        split_sale(session, screening, cashier, prices=["6", "7.50"], card="10.01")
        clock.move_to(at(day, "19:20"))
        sales.sell(session, Order(screening=screening, prices=["5"]), method="card", by=cashier)
        clock.move_to(at(day, "19:30"))
        sales.sell(session, Order(screening=screening, prices=["4"]), method="cash", by=cashier)
        clock.move_to(at(day, "23:00"))
        closed = sessions.close_session(session, counts={"50.00": "1"}, by=cashier)
        # 50 € float + 3.49 € + 4 € in cash.
        assert closed.expected == D("57.49")
        clock.move_to(at(day + dt.timedelta(days=1), "04:00"))
        closing = closings.close_day(venue, day)
        assert closing.total == D("22.50")
        assert closing.totals["methods"] == {"cash": "7.49", "card": "15.01", "free": "0.00"}
        run("verify")
        assert checks.compare(venue).ok


def test_the_till_form_sells_a_split(client, cashier, till, till_session, tonight):
    client.force_login(cashier)
    with translation.override("fr"):
        address = reverse("boxoffice:sell", args=[till.pk])
    form = {
        "key": "split-1",
        "session": till_session.pk,
        "screening": tonight.pk,
        "prices": "6 7,50",
        "method": "split",
        "card_part": "10",
        "tendered": "",
    }
    response = client.post(address, form)
    assert response.status_code == 303
    sale = Sale.objects.get()
    assert (sale.method, sale.card_part, sale.total) == ("split", D("10.00"), D("13.50"))


def test_the_till_form_refuses_a_split_over_the_total(
    client, cashier, till, till_session, tonight, written
):
    client.force_login(cashier)
    with translation.override("en"):
        address = reverse("boxoffice:sell", args=[till.pk])
    before = written()
    form = {
        "key": "split-2",
        "session": till_session.pk,
        "screening": tonight.pk,
        "prices": "6",
        "method": "split",
        "card_part": "9",
        "tendered": "",
    }
    response = client.post(address, form)
    assert response.status_code == 422
    assert "the card part, €9.00, must be more than nothing" in response.content.decode()
    assert written() == before
    assert not JournalEntry.objects.filter(kind="sale").exists()
