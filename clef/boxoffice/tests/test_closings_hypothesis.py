"""Random evenings at the till (tickets at random prices, the bar, memberships, cash or
card, undone sales) and mornings online (a booking paid through the test provider, a
ticket of it given back and refunded) over a few days across a month's and a year's
end, closed now and then and at the end: every closing equals the sum of its entries to
the cent, a month the sum of its days, a year the sum of its months, the grand total
the running sum, and the parts by VAT rate, method and channel add up to the total.

Each example runs in its own savepoint, rolled back at its end; the clock is moved
with time-machine, so every record is written by the services at the time it says.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clef.boxoffice import closings, reversals, sales, sessions
from clef.boxoffice.models import Closing, Product, Till
from clef.boxoffice.sales import MembershipLine, Order
from clef.lib.money import without_vat
from clef.lib.timezones import local_to_utc
from clef.members.models import Membership, Person
from clef.payments import services as payments
from clef.tickets.booking import book, cancel_ticket

pytestmark = pytest.mark.django_db

D = Decimal
ZERO = D("0.00")
FIRST_DAY = dt.date(2024, 12, 27)  # the days cross the end of a month and of a year

prices = st.decimals(min_value=0, max_value=30, places=2).map(str)
sale = st.fixed_dictionaries(
    {
        "prices": st.lists(prices, max_size=3),
        "drinks": st.integers(0, 3),
        "beers": st.integers(0, 2),
        "membership": st.sampled_from([None, None, "10", "12.50", "15"]),
        "method": st.sampled_from(["cash", "card"]),
        "undo": st.booleans(),
    }
)
evening = st.fixed_dictionaries(
    {
        "sales": st.lists(sale, max_size=4),
        "online": st.lists(prices, max_size=3),
        "give_back": st.booleans(),
        "close_after": st.booleans(),
    }
)
evenings = st.dictionaries(st.integers(0, 45), evening, min_size=1, max_size=4)


def at(day, hours, minutes=0):
    return local_to_utc(day, dt.time(hours, minutes), "Europe/Paris")


@pytest.fixture
def bar(venue):
    drink = Product.objects.create(
        venue=venue, name="Limonade", price=D("2.50"), vat_rate=D("5.50")
    )
    beer = Product.objects.create(venue=venue, name="Bière", price=D("4.00"), vat_rate=D("20.00"))
    return drink, beer


class Ledger:
    """What the test expects, from what it sold: per local day, the total, the gross per
    VAT rate and the amount per payment method."""

    def __init__(self):
        self.total = defaultdict(lambda: ZERO)
        self.gross = defaultdict(lambda: defaultdict(lambda: ZERO))
        self.methods = defaultdict(lambda: defaultdict(lambda: ZERO))
        self.channels = defaultdict(lambda: defaultdict(lambda: ZERO))

    def add(self, day, method, parts, sign=1, channel="till"):
        for rate, amount in parts.items():
            self.total[day] += sign * amount
            self.gross[day][rate] += sign * amount
            self.methods[day][method] += sign * amount
            self.channels[day][channel] += sign * amount


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=evenings)
def test_closings_equal_the_sum_of_their_entries(plan, venue, cashier, make_screening, bar):
    with transaction.atomic():
        try:
            _run(plan, venue, cashier, make_screening, bar)
        finally:
            transaction.set_rollback(True)


def _member(venue, cashier):
    """Who books online: a member for the whole run."""
    Person.objects.get_or_create(user=cashier)
    Membership.objects.create(
        venue=venue,
        person=cashier,
        status=Membership.Status.PAID,
        season=FIRST_DAY.year,
        amount=D("10.00"),
        starts_on=FIRST_DAY,
        ends_on=FIRST_DAY + dt.timedelta(days=60),
    )
    return cashier


def _online(day, screening, wanted, member, ledger, clock):
    """The morning's booking paid online, and perhaps a ticket of it given back."""
    rate = f"{screening.room.venue.vat_rate:.2f}"
    clock.move_to(at(day, 10))
    booking, _created = book(screening, user=member, prices=wanted["online"], method="test")
    if booking.payment is None:  # nothing to pay: no money moved
        return
    payments.mark_paid(booking.payment, by=member)
    ledger.add(day, "test", {rate: booking.payment.amount}, channel="online")
    ticket = booking.tickets.filter(price__gt=0).order_by("number").first()
    if wanted["give_back"] and ticket is not None:
        clock.move_to(at(day, 11))
        cancel_ticket(ticket, by=member)
        ledger.add(day, "test", {rate: ticket.price}, sign=-1, channel="online")


def _run(plan, venue, cashier, make_screening, bar):
    drink, beer = bar
    till = Till.objects.create(venue=venue, name="Caisse")
    ledger = Ledger()
    member = _member(venue, cashier)
    days = sorted(FIRST_DAY + dt.timedelta(days=offset) for offset in plan)
    with time_machine.travel(at(days[0], 9), tick=False) as clock:
        for day in days:
            clock.move_to(at(day, 9))
            screening = make_screening(day, "20:00")
            if plan[(day - FIRST_DAY).days]["online"]:
                _online(day, screening, plan[(day - FIRST_DAY).days], member, ledger, clock)
            clock.move_to(at(day, 19))
            session = sessions.open_session(till, cashier=cashier, opening_float="20")
            for n, wanted in enumerate(plan[(day - FIRST_DAY).days]["sales"]):
                clock.move_to(at(day, 19, 1 + 3 * n))
                membership = None
                if wanted["membership"]:
                    membership = MembershipLine(amount=wanted["membership"], first_name=f"P{n}")
                order = Order(
                    screening=screening,
                    prices=wanted["prices"],
                    products={drink: wanted["drinks"], beer: wanted["beers"]},
                    membership=membership,
                )
                if order.is_empty:
                    continue
                made, _created = sales.sell(session, order, method=wanted["method"], by=cashier)
                parts = {
                    f"{venue.vat_rate:.2f}": sum((D(p) for p in wanted["prices"]), ZERO),
                    "0.00": D(wanted["membership"] or 0),
                }
                parts["5.50"] = parts.get("5.50", ZERO) + drink.price * wanted["drinks"]
                parts["20.00"] = beer.price * wanted["beers"]
                method = made.method  # a sale costing nothing is free
                ledger.add(day, method, parts)
                assert made.total == sum(parts.values())
                if wanted["undo"]:
                    clock.move_to(at(day, 19, 2 + 3 * n))
                    reversals.undo(made, by=cashier)
                    ledger.add(day, method, parts, sign=-1)
            clock.move_to(at(day, 23, 30))
            sessions.close_session(session, counts={}, by=cashier)
            if plan[(day - FIRST_DAY).days]["close_after"]:
                clock.move_to(at(day + dt.timedelta(days=1), 4))
                made = closings.close_due(venue)
                assert day in {c.period_start for c in made if c.kind == "day"}
        clock.move_to(at(dt.date(2026, 1, 2), 4))
        closings.close_due(venue)
        assert closings.close_due(venue) == []
    _check(venue, days, ledger)


def _check(venue, days, ledger):
    by_kind = {
        kind: list(Closing.objects.filter(venue=venue, kind=kind).order_by("period_start"))
        for kind in Closing.Kind.values
    }
    assert [c.period_start for c in by_kind["day"]] == days
    for closing in by_kind["day"]:
        day = closing.period_start
        assert closing.total == ledger.total[day]
        vat = closing.totals["vat"]
        assert {r: D(v["gross"]) for r, v in vat.items() if D(v["gross"])} == {
            r: a for r, a in ledger.gross[day].items() if a
        }
        assert {m: D(a) for m, a in closing.totals["methods"].items() if D(a)} == {
            m: a for m, a in ledger.methods[day].items() if a
        }
        assert {c: D(a) for c, a in closing.totals["channels"].items() if D(a)} == {
            c: a for c, a in ledger.channels[day].items() if a
        }
    for kind in Closing.Kind.values:
        running = ZERO
        for closing in by_kind[kind]:
            running += closing.total
            assert closing.cumulative == running
            vat = closing.totals["vat"]
            assert sum((D(v["gross"]) for v in vat.values()), ZERO) == closing.total
            for rate, v in vat.items():
                assert D(v["net"]) == without_vat(D(v["gross"]), rate)
                assert D(v["net"]) + D(v["vat"]) == D(v["gross"])
            for part in ("kinds", "methods", "channels"):
                assert sum((D(a) for a in closing.totals[part].values()), ZERO) == closing.total
            grand = closing.totals["grand_total_channels"]
            assert sum((D(a) for a in grand.values()), ZERO) == closing.cumulative
    for longer, shorter in (("month", "day"), ("year", "month")):
        for closing in by_kind[longer]:
            parts = [
                c
                for c in by_kind[shorter]
                if closing.period_start <= c.period_start <= closing.period_end
            ]
            assert parts
            assert closing.total == sum((c.total for c in parts), ZERO)
            assert closing.cumulative == parts[-1].cumulative
            for part in ("kinds", "methods", "channels"):
                for key, amount in closing.totals[part].items():
                    assert D(amount) == sum((D(c.totals[part].get(key, "0")) for c in parts), ZERO)
            assert (
                closing.totals["grand_total_channels"] == parts[-1].totals["grand_total_channels"]
            )
            for rate, v in closing.totals["vat"].items():
                assert D(v["gross"]) == sum(
                    (D(c.totals["vat"][rate]["gross"]) for c in parts if rate in c.totals["vat"]),
                    ZERO,
                )
    months = {(d.year, d.month) for d in days}
    assert {(c.period_start.year, c.period_start.month) for c in by_kind["month"]} == months
    assert {c.period_start.year for c in by_kind["year"]} == {d.year for d in days}
