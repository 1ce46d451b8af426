"""Selling at the till: what a sale writes, its journal entry, undo and bad input."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.boxoffice import reversals, sales, sessions
from clef.boxoffice.journal import GENESIS, chain_hash
from clef.boxoffice.models import JournalEntry, JournalHead, Sale
from clef.boxoffice.sales import MembershipLine, Order, SaleRefused
from clef.members.models import Membership
from clef.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_membership_two_tickets_and_a_drink_in_one_sale(till_session, tonight, drink, cashier):
    order = Order(
        screening=tonight,
        prices=["0", "6"],
        products={drink: 1},
        membership=MembershipLine(amount="10", first_name="Nina", last_name="Vidal"),
    )
    sale, created = sales.sell(
        till_session, order, method="cash", tendered="20", by=cashier, idempotency_key="k1"
    )
    assert created
    assert sale.total == Decimal("18.50")
    assert sale.change == Decimal("1.50")
    lines = list(sale.lines.all())
    assert [line.kind for line in lines] == ["membership", "ticket", "ticket", "product"]
    tickets = [line.ticket for line in lines if line.ticket]
    assert [t.price for t in tickets] == [Decimal("0.00"), Decimal("6.00")]
    assert tickets[1].number == tickets[0].number + 1
    assert all(t.status == Ticket.Status.PAID and not t.online for t in tickets)
    membership = lines[0].membership
    assert membership.status == Membership.Status.PAID and membership.number is not None
    assert membership.person.get_full_name() == "Nina Vidal"
    entry = sale.journal.get()
    body = json.loads(entry.body)
    assert body["total"] == "18.50"
    assert body["vat"] == {
        "0.00": {"gross": "10.00", "net": "10.00", "vat": "0.00"},
        "5.50": {"gross": "8.50", "net": "8.06", "vat": "0.44"},
    }


def test_the_same_key_sells_once(till_session, tonight, cashier):
    order = Order(screening=tonight, prices=["5"])
    first, created = sales.sell(till_session, order, method="card", by=cashier, idempotency_key="x")
    again, created_again = sales.sell(
        till_session, order, method="card", by=cashier, idempotency_key="x"
    )
    assert created and not created_again and first.pk == again.pk
    assert Ticket.objects.count() == 1


def test_entries_chain_from_the_genesis(till_session, tonight, cashier):
    sales.sell(till_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier)
    entries = list(JournalEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2]
    assert entries[0].previous_hash == GENESIS
    assert entries[1].previous_hash == entries[0].hash
    for e in entries:
        text = e.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        assert e.hash == chain_hash(e.previous_hash, e.sequence, text, e.kind, e.body)
    head = JournalHead.objects.get()
    assert (head.sequence, head.hash) == (2, entries[1].hash)


@pytest.mark.parametrize(
    ("order_fields", "code"),
    [
        ({}, "empty"),
        ({"prices": ["-1"]}, "price_negative"),
        ({"prices": ["1000000"]}, "price_ceiling"),
        ({"prices": ["abc"]}, "price_invalid"),
        ({"prices": ["1.234"]}, "price_decimals"),
        ({"prices": ["5"], "screening": None}, "no_screening"),
    ],
)
def test_bad_input_writes_nothing(till_session, tonight, cashier, order_fields, code, written):
    order = Order(screening=order_fields.pop("screening", tonight), **order_fields)
    before = written()
    with pytest.raises(SaleRefused) as refused:
        sales.sell(till_session, order, method="cash", by=cashier)
    assert refused.value.code == code
    assert written() == before


def test_a_product_without_vat_rate_is_refused(till_session, drink, cashier, written):
    type(drink).objects.filter(pk=drink.pk).update(vat_rate=None)
    drink.refresh_from_db()
    before = written()
    with pytest.raises(SaleRefused) as refused:
        sales.sell(till_session, Order(products={drink: 1}), method="cash", by=cashier)
    assert refused.value.code == "product_without_vat"
    assert written() == before


def test_a_closed_session_sells_nothing(till_session, tonight, cashier, written):
    sessions.close_session(till_session, counts={}, by=cashier)
    before = written()
    with pytest.raises(SaleRefused) as refused:
        sales.sell(till_session, Order(screening=tonight, prices=["5"]), method="cash", by=cashier)
    assert refused.value.code == "session_closed"
    assert written() == before


def test_a_screening_over_for_more_than_an_hour_is_refused(
    till_session, make_screening, venue, cashier
):
    start = timezone.localtime(timezone.now() - dt.timedelta(hours=4), venue.zone)
    old = make_screening(start.date(), start.strftime("%H:%M"), duration=120)
    with pytest.raises(SaleRefused) as refused:
        sales.sell(till_session, Order(screening=old, prices=["5"]), method="cash", by=cashier)
    assert refused.value.code == "screening_over"


def test_undo_reverses_the_last_sale(till_session, tonight, drink, cashier):
    sale, _ = sales.sell(
        till_session,
        Order(
            screening=tonight,
            prices=["6"],
            products={drink: 2},
            membership=MembershipLine(amount="5", first_name="Léo"),
        ),
        method="cash",
        by=cashier,
    )
    reversal = reversals.undo(sale, by=cashier)
    assert reversal.total == -sale.total == Decimal("-16.00")
    assert Ticket.objects.get().status == Ticket.Status.CANCELLED
    assert Membership.objects.get().status == Membership.Status.CANCELLED
    assert sessions.expected_cash(till_session) == Decimal("100.00")
    assert reversal.journal.get().kind == "reversal"
    with pytest.raises(SaleRefused) as refused:
        reversals.undo(sale, by=cashier)
    assert refused.value.code == "already_undone"


def test_undo_after_two_minutes_is_refused(till_session, tonight, cashier):
    sale, _ = sales.sell(
        till_session, Order(screening=tonight, prices=["6"]), method="card", by=cashier
    )
    with pytest.raises(SaleRefused) as refused:
        reversals.undo(sale, by=cashier, now=timezone.now() + dt.timedelta(minutes=2, seconds=1))
    assert refused.value.code == "undo_too_late"
    assert not Sale.objects.filter(reverses=sale).exists()


def test_closing_counts_the_cash(till_session, tonight, cashier):
    sales.sell(till_session, Order(screening=tonight, prices=["6"]), method="cash", by=cashier)
    sales.sell(till_session, Order(screening=tonight, prices=["8"]), method="card", by=cashier)
    closed = sessions.close_session(
        till_session, counts={"50.00": "2", "5.00": "1", "0.50": "1"}, by=cashier, comment="ok"
    )
    assert closed.expected == Decimal("106.00")
    assert closed.counted == Decimal("105.50")
    assert closed.difference == Decimal("-0.50")
    body = json.loads(closed.journal.get(kind="session_closed").body)
    assert body["by_method"]["card"] == {"count": 1, "total": "8.00"}
