"""The demo's till: two tills, the bar's catalogue, three past evenings sold through the
till's services (with their online money and a ticket paid at the door), a journal that
verifies entry by entry, and the days closed."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.boxoffice import journal, verify
from clef.boxoffice.models import (
    Closing,
    JournalEntry,
    JournalHead,
    Product,
    Sale,
    Till,
    TillSession,
)
from clef.demo.clock import demo_clock
from clef.demo.loader import load_demo
from clef.lib import roles
from clef.members.models import Membership
from clef.payments.models import Payment
from clef.tickets.models import Ticket
from clef.venues.models import Venue

NOW = dt.datetime(2026, 11, 21, 11, 0, tzinfo=dt.UTC)
EVENINGS = [dt.date(2026, 11, 18), dt.date(2026, 11, 19), dt.date(2026, 11, 20)]


@pytest.fixture
def demo(demo_once, db):
    """The demo loaded once for this module (``conftest.demo_once``), read at ``NOW``."""
    with time_machine.travel(NOW, tick=False):
        yield Venue.objects.get(slug="la-clef")


def local_day(venue, moment):
    return timezone.localtime(moment, venue.zone).date()


def test_la_clef_has_its_two_tills_and_the_bar_catalogue(demo):
    assert list(Till.objects.filter(venue=demo).values_list("name", "active")) == [
        ("Bar", True),
        ("Caisse du hall", True),
    ]
    assert list(
        Product.objects.filter(venue=demo).values_list(
            "name", "name_en", "price", "vat_rate", "active"
        )
    ) == [
        ("Café", "Coffee", Decimal("1.50"), Decimal("10.00"), True),
        ("Thé", "Tea", Decimal("1.50"), Decimal("10.00"), True),
        ("Limonade", "Lemonade", Decimal("2.50"), Decimal("5.50"), True),
        ("Bière", "Beer", Decimal("4.00"), Decimal("20.00"), True),
        ("Verre de vin", "Glass of wine", Decimal("3.50"), Decimal("20.00"), True),
        ("Gâteau maison", "Homemade cake", Decimal("2.50"), Decimal("10.00"), True),
    ]


def test_the_demo_cashier_can_use_the_till(demo):
    cashier = get_user_model().objects.get(email="cashier@example.org")
    assert roles.can_use_till(cashier)
    assert set(TillSession.objects.values_list("cashier__username", flat=True)) == {"cashier"}


def test_the_last_three_evenings_were_sold_at_the_door_and_counted(demo):
    sessions = list(TillSession.objects.order_by("opened_at").select_related("till"))
    assert [(local_day(demo, s.opened_at), s.till.name) for s in sessions] == [
        (day, till) for day in EVENINGS for till in ["Caisse du hall", "Bar"]
    ]
    assert all(local_day(demo, s.closed_at) == local_day(demo, s.opened_at) for s in sessions)
    # Counted by denomination; the first evening's desk was 50 cents short.
    assert [s.difference for s in sessions] == [Decimal("-0.50")] + [Decimal("0.00")] * 5
    assert sessions[0].comment.startswith("Il manque 0,50")
    for session in sessions:
        counted = sum(Decimal(d) * n for d, n in session.counted_detail.items())
        assert counted == session.counted == session.expected + session.difference
    # Tickets at the door (with their numbers), the bar, a new member, a sale undone.
    door = Ticket.objects.filter(online=False, sale_lines__sale__session__in=sessions)
    assert door.count() > 30
    assert Sale.objects.filter(lines__kind="product").exists()
    assert Sale.objects.filter(lines__kind="membership").count() == 1
    (reversal,) = Sale.objects.filter(reverses__isnull=False).select_related("reverses")
    assert reversal.total == -reversal.reverses.total
    assert reversal.created_at - reversal.reverses.created_at < dt.timedelta(minutes=2)
    assert {s.method for s in Sale.objects.all()} == {"cash", "card", "free"}


ONLINE_KINDS = (JournalEntry.Kind.ONLINE_PAYMENT, JournalEntry.Kind.ONLINE_REFUND)


def joined_days(venue):
    """The days the members of the past year joined online, before the evenings."""
    joined = Membership.objects.filter(payment__method="test").values_list("paid_at", flat=True)
    return {local_day(venue, at) for at in joined} - {*EVENINGS}


def test_each_entry_carries_the_time_of_its_evening(demo):
    entries = JournalEntry.objects.exclude(kind=JournalEntry.Kind.CLOSING)
    today = local_day(demo, NOW)
    joined = joined_days(demo)
    assert {local_day(demo, e.recorded_at) for e in entries} == {*EVENINGS, today, *joined}
    assert max(joined) < EVENINGS[0]
    # Today's are the coming screenings' bookings paid online as the demo loads.
    assert set(
        entries.filter(recorded_at__gte=NOW - dt.timedelta(hours=1)).values_list("kind", flat=True)
    ) == {JournalEntry.Kind.ONLINE_PAYMENT}
    # The sale's own time (a column defaulting to the clock) moved with the clock too.
    for sale in Sale.objects.prefetch_related("journal"):
        (entry,) = sale.journal.all()
        assert abs(entry.recorded_at - sale.created_at) < dt.timedelta(seconds=1)


def test_the_demo_journal_is_one_chain_that_verifies(demo):
    entries = list(JournalEntry.objects.filter(venue=demo).order_by("sequence"))
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    previous = journal.GENESIS
    for entry in entries:
        assert entry.previous_hash == previous
        assert entry.hash == journal.chain_hash(
            previous,
            entry.sequence,
            journal.utc_text(entry.recorded_at),
            entry.kind,
            entry.body,
        )
        previous = entry.hash
    head = JournalHead.objects.get(venue=demo)
    assert (head.sequence, head.hash) == (len(entries), previous)
    times = [e.recorded_at for e in entries]
    assert times == sorted(times)


def test_each_past_evening_is_closed_the_night_after(demo):
    closings = list(Closing.objects.filter(venue=demo).order_by("period_start"))
    days = [c for c in closings if c.kind == "day"]
    # The days members joined online, then the evenings, each closed once.
    assert [c.period_start for c in days] == sorted(joined_days(demo)) + EVENINGS
    assert all(c.period_start == c.period_end for c in days)
    takings = {}
    for entry in JournalEntry.objects.filter(sale__isnull=False).select_related("sale"):
        day = local_day(demo, entry.recorded_at)
        takings[day] = takings.get(day, Decimal("0.00")) + entry.sale.total
    # And the money taken or given back online, as its payment says.
    payments = {p.code: p.amount for p in Payment.objects.all()}
    for entry in JournalEntry.objects.filter(kind__in=ONLINE_KINDS):
        day = local_day(demo, entry.recorded_at)
        amount = payments[json.loads(entry.body)["payment"]]
        takings[day] = takings.get(day, Decimal("0.00")) + amount
    cumulative = Decimal("0.00")
    for closing in days:
        day = closing.period_start
        cumulative += takings[day]
        assert (closing.total, closing.cumulative) == (takings[day], cumulative)
    # Each evening the night after; the days before, the first evening's night.
    for closing in days:
        closed = max(closing.period_start, EVENINGS[0]) + dt.timedelta(days=1)
        assert local_day(demo, closing.entry.recorded_at) == closed
    # The months and the years over, with entries, closed too.
    months = {
        (d.period_start.year, d.period_start.month)
        for d in days
        if (d.period_start.year, d.period_start.month) < (2026, 11)
    }
    assert {
        (c.period_start.year, c.period_start.month) for c in closings if c.kind == "month"
    } == months
    years = {c.period_start.year for c in closings if c.kind == "year"}
    assert years == {year for year, _month in months if year < 2026}


def test_the_evenings_closings_show_the_till_the_door_and_online(demo):
    closings = list(
        Closing.objects.filter(venue=demo, kind="day", period_start__in=EVENINGS).order_by(
            "period_start"
        )
    )
    channels = [{k: Decimal(v) for k, v in c.totals["channels"].items()} for c in closings]
    # Each evening, a 5 € ticket booked in the morning is paid at the door.
    assert [c["door"] for c in channels] == [Decimal("5.00")] * 3
    assert all(c["till"] > 0 for c in channels)
    # Tickets at 6 and 8 € paid online each morning; the first day with a 10 € membership
    # joined online first, and the 6 € ticket given back.
    assert [c["online"] for c in channels] == [Decimal("18.00"), Decimal("14.00"), Decimal("14.00")]
    assert closings[0].totals["online_payments"] == {"count": 2, "total": "24.00"}
    assert closings[0].totals["online_refunds"] == {"count": 1, "total": "-6.00"}
    for closing, split in zip(closings, channels, strict=True):
        assert sum(split.values()) == closing.total
    door = Sale.objects.filter(channel="door").prefetch_related("lines")
    assert door.count() == len(EVENINGS)
    assert {line.kind for sale in door for line in sale.lines.all()} == {"presale"}
    assert verify.verify(demo).ok


def test_loading_again_writes_no_second_evening(demo):
    before = (TillSession.objects.count(), Sale.objects.count(), JournalEntry.objects.count())
    with time_machine.travel(NOW, tick=False):
        load_demo()
    assert (
        TillSession.objects.count(),
        Sale.objects.count(),
        JournalEntry.objects.count(),
    ) == before
    assert Product.objects.count() == 6 and Till.objects.count() == 2


def test_the_demo_clock_moves_now_and_the_columns_defaulting_to_it_then_gives_them_back(db):
    evening = dt.datetime(2026, 11, 20, 19, 30, tzinfo=dt.UTC)
    field = Sale._meta.get_field("created_at")
    with demo_clock() as clock:
        clock(evening)
        assert timezone.now() == evening
        assert field.get_default() == evening
        clock(evening - dt.timedelta(hours=1))  # never back
        assert timezone.now() == evening + dt.timedelta(seconds=1)
    assert timezone.now() - dt.datetime.now(dt.UTC) < dt.timedelta(seconds=5)
    assert abs(field.get_default() - timezone.now()) < dt.timedelta(seconds=5)
