"""Two tills selling at the door while members book online, and a cashier at the door
taking the money of booked tickets, all at the same instant, each in its own thread with
its own database connection: the journal stays one unbroken chain, the tickets are
numbered without gap, and the room never holds more people than its seats, nor the
internet more than its quota."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from clef.boxoffice import journal, sales, sessions
from clef.boxoffice.door_sales import collect
from clef.boxoffice.models import JournalEntry, JournalHead, Sale, SaleLine, Till, TillSession
from clef.boxoffice.sales import Order, SaleRefused
from clef.lib import roles
from clef.programme.models import Screening
from clef.tickets.booking import BookingRefused, book
from clef.tickets.models import Booking, Ticket
from clef.venues.models import NumberSeries, Room
from tests.concurrency.conftest import at_once

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

SALES_PER_TILL = 25


def sizes():
    """1, 2, 1, 2, … 1: 37 tickets in 25 sales, the last one for a single ticket."""
    return [1 if i % 2 == 0 else 2 for i in range(SALES_PER_TILL)]


def open_till(venue, name, username, opening_float="50"):
    """A till opened by a cashier of its own."""
    cashier = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org"
    )
    cashier.groups.add(roles.ensure_roles()[roles.CASHIER])
    till = Till.objects.create(venue=venue, name=name)
    return sessions.open_session(till, cashier=cashier, opening_float=opening_float)


@pytest.fixture
def two_sessions(venue):
    """Two tills open at once, each by its own cashier."""
    return [open_till(venue, "Caisse du hall", "cashier1"), open_till(venue, "Bar", "cashier2")]


def soon(make_screening, venue, **fields):
    """A published screening two hours from now: on sale at the door and online."""
    start = timezone.localtime(timezone.now() + dt.timedelta(hours=2), venue.zone)
    return make_screening(start.date(), start.strftime("%H:%M"), **fields)


def sell_in_a_loop(session, screening, cashier):
    """The till's 25 sales, one after the other: (tickets, sale pk or refusal code)."""
    outcomes = []
    for n, count in enumerate(sizes()):
        order = Order(screening=screening, prices=["5"] * count)
        try:
            sale, _created = sales.sell(
                session,
                order,
                method="cash",
                tendered="20",
                by=cashier,
                idempotency_key=f"{session.pk}-{n}",
            )
        except SaleRefused as refused:
            outcomes.append((count, refused.code))
        else:
            outcomes.append((count, sale.pk))
    return outcomes


def collect_in_a_loop(session, screening, cashier, tickets):
    """The money of each ticket taken at the door: (result code, sale pk)."""
    collected = []
    for n, ticket in enumerate(tickets):
        result, sale = collect(
            session, screening, ticket.code, method="cash", by=cashier, idempotency_key=f"door-{n}"
        )
        collected.append((result.code, sale.pk if sale else None))
    return collected


def rush(sessions_, screening, members, seats_per_booking, *, door=None, held=()):
    """The tills sell their 25 sales in a loop, the door (if any) takes the money of the
    ``held`` tickets and each member books once, all released together. Returns the
    tills' outcomes, the door's (None without a door) and the bookings' outcomes."""
    people = [("till", session.pk) for session in sessions_]
    people += [("door", door.pk)] if door else []
    people += [("online", member.pk) for member in members]

    def prepare(i):
        kind, pk = people[i]
        fetched = Screening.objects.select_related("room__venue").get(pk=screening.pk)
        if kind == "online":
            return ("online", None, fetched, get_user_model().objects.get(pk=pk))
        session = TillSession.objects.select_related("till", "venue").get(pk=pk)
        return (kind, session, fetched, session.cashier)

    def act(prepared):
        kind, session, fetched, person = prepared
        if kind == "till":
            return sell_in_a_loop(session, fetched, person)
        if kind == "door":
            return collect_in_a_loop(session, fetched, person, held)
        try:
            booking, _created = book(
                fetched, user=person, prices=["5"] * seats_per_booking, method="door"
            )
        except BookingRefused as refused:
            return refused.code
        return ("booked", booking.pk)

    results = at_once(len(people), prepare, act, timeout=300)
    failures = [value for kind, value in results if kind == "raised"]
    assert not failures, failures
    outcomes = [value for _kind, value in results]
    tills = len(sessions_)
    door_outcome = outcomes.pop(tills) if door else None
    return outcomes[:tills], door_outcome, outcomes[tills:]


def assert_one_unbroken_chain(venue):
    entries = list(
        JournalEntry.objects.filter(venue=venue)
        .order_by("sequence")
        .values_list("sequence", "recorded_at", "kind", "body", "previous_hash", "hash")
    )
    assert [e[0] for e in entries] == list(range(1, len(entries) + 1))
    previous = journal.GENESIS
    for sequence, recorded_at, kind, body, previous_hash, digest in entries:
        assert previous_hash == previous, f"entry {sequence} does not follow the one before"
        assert digest == journal.chain_hash(
            previous_hash, sequence, journal.utc_text(recorded_at), kind, body
        ), f"entry {sequence} does not match its hash"
        previous = digest
    head = JournalHead.objects.get(venue=venue)
    assert (head.sequence, head.hash) == (len(entries), previous)
    times = [e[1] for e in entries]
    assert times == sorted(times), "times go back along the chain"
    return entries


def assert_tickets_numbered_without_gap(venue, screening):
    numbers = sorted(Ticket.objects.filter(screening=screening).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    series = venue.local_date().year
    assert NumberSeries.objects.get(venue=venue, name="ticket", period=series).last == len(numbers)
    return numbers


def made(till_outcomes):
    """(tickets, sale pk) of every sale made, from the tills' outcomes."""
    return [(n, pk) for outcome in till_outcomes for n, pk in outcome if isinstance(pk, int)]


def test_two_tills_and_twenty_members_at_once_keep_one_chain_and_the_online_quota(
    venue, big_room, make_screening, make_member, two_sessions
):
    # 120 seats, 30 online: the tills' 74 tickets and the 30 online all fit.
    screening = soon(make_screening, venue, online_quota=30)
    members = [make_member(f"web{i:02}") for i in range(20)]

    till_outcomes, _door, online_outcomes = rush(
        two_sessions, screening, members, seats_per_booking=2
    )
    for session in two_sessions:
        sessions.close_session(session, counts={}, by=session.cashier)

    # Every door sale went through; the internet stopped at its quota, to the seat.
    assert [len(made([outcome])) for outcome in till_outcomes] == [25, 25]
    assert Counter(o if isinstance(o, str) else "booked" for o in online_outcomes) == {
        "booked": 15,
        "sold_out": 5,
    }
    tickets = Ticket.objects.filter(screening=screening)
    assert tickets.filter(online=False).count() == 2 * 37
    assert tickets.filter(online=True).count() == 30
    assert Booking.objects.filter(screening=screening).count() == 15
    assert_tickets_numbered_without_gap(venue, screening)
    # Each sale wrote its own lines and tickets; the tills' sessions hold their own sales.
    for session, outcome in zip(two_sessions, till_outcomes, strict=True):
        assert Sale.objects.filter(session=session).count() == SALES_PER_TILL
        assert set(Sale.objects.filter(session=session).values_list("pk", flat=True)) == {
            pk for _count, pk in outcome
        }
    assert SaleLine.objects.filter(kind=SaleLine.Kind.TICKET).count() == 2 * 37

    entries = assert_one_unbroken_chain(venue)
    # Two openings, fifty sales, two closings: no entry lost, none doubled.
    assert Counter(kind for _s, _t, kind, *_rest in entries) == {
        "session_opened": 2,
        "sale": 50,
        "session_closed": 2,
    }
    assert sorted(
        JournalEntry.objects.filter(kind="sale").values_list("sale_id", flat=True)
    ) == sorted(Sale.objects.values_list("pk", flat=True))


def test_the_last_seats_go_once_when_tills_and_members_want_more_than_the_room(
    venue, make_screening, make_member, two_sessions
):
    # 40 seats, 15 online; the tills want 74 and the members 24.
    room = Room.objects.create(venue=venue, name="Salle 40", seats=40, position=3)
    screening = soon(make_screening, venue, room=room, online_quota=15)
    members = [make_member(f"late{i:02}") for i in range(12)]

    till_outcomes, _door, online_outcomes = rush(
        two_sessions, screening, members, seats_per_booking=2
    )

    sold = made(till_outcomes)
    door = sum(count for count, _pk in sold)
    booked = [o for o in online_outcomes if not isinstance(o, str)]
    refusals = Counter(pk for outcome in till_outcomes for _n, pk in outcome if isinstance(pk, str))
    online_refusals = Counter(o for o in online_outcomes if isinstance(o, str))
    # The room is full to the last seat, never beyond; online stays within its quota.
    tickets = Ticket.objects.filter(screening=screening)
    assert tickets.count() == 40
    assert door + 2 * len(booked) == 40
    assert tickets.filter(online=False).count() == door
    assert tickets.filter(online=True).count() == 2 * len(booked) <= 15
    # Two tickets asked when one seat is left is "not enough seats".
    assert set(refusals) <= {"sold_out", "not_enough_seats"}
    assert "sold_out" in refusals
    assert sum(refusals.values()) == 2 * SALES_PER_TILL - len(sold)
    # Two seats asked when one is left is "not enough seats".
    assert set(online_refusals) <= {"sold_out", "not_enough_seats"}
    assert sum(online_refusals.values()) == len(members) - len(booked)
    assert Booking.objects.filter(screening=screening).count() == len(booked)
    assert_tickets_numbered_without_gap(venue, screening)

    # A refused sale wrote nothing: the journal has the two openings and the sales made.
    entries = assert_one_unbroken_chain(venue)
    assert len(entries) == 2 + len(sold)
    assert Sale.objects.count() == len(sold)
    assert SaleLine.objects.count() == door


def test_the_door_the_tills_and_the_members_race_on_the_last_seats(
    venue, make_screening, make_member, two_sessions
):
    # 30 seats, 20 online; 8 taken already by bookings to pay at the door (5 € each).
    room = Room.objects.create(venue=venue, name="Salle 30", seats=30, position=3)
    screening = soon(make_screening, venue, room=room, online_quota=20)
    held = []
    for i in range(8):
        booking, _created = book(
            screening, user=make_member(f"held{i:02}"), prices=["5"], method="door"
        )
        held.append(booking.tickets.get())
    door = open_till(venue, "Porte", "porte", opening_float="10")
    members = [make_member(f"web{i:02}") for i in range(10)]

    till_outcomes, door_outcome, online_outcomes = rush(
        two_sessions, screening, members, seats_per_booking=2, door=door, held=held
    )

    # Every booked ticket was paid at the door and let in, each a door sale of its own.
    assert [code for code, _pk in door_outcome] == ["ok"] * 8
    door_sales = Sale.objects.filter(session=door)
    assert door_sales.count() == 8
    assert set(door_sales.values_list("channel", "method", "total")) == {
        ("door", "cash", Decimal("5.00"))
    }
    assert SaleLine.objects.filter(kind=SaleLine.Kind.PRESALE).count() == 8
    assert sessions.expected_cash(door) == Decimal("50.00")
    assert set(
        Ticket.objects.filter(pk__in=[t.pk for t in held]).values_list("status", flat=True)
    ) == {Ticket.Status.CHECKED_IN}
    # The room is full to the last seat, never beyond; online within its quota.
    sold = made(till_outcomes)
    at_till = sum(count for count, _pk in sold)
    booked = [o for o in online_outcomes if not isinstance(o, str)]
    tickets = Ticket.objects.filter(screening=screening)
    assert tickets.count() == 30
    assert 8 + 2 * len(booked) + at_till == 30
    assert tickets.filter(online=True).count() == 8 + 2 * len(booked) <= 20
    assert tickets.filter(online=False).count() == at_till
    assert_tickets_numbered_without_gap(venue, screening)

    # One chain: three openings, the till's sales and the door's.
    entries = assert_one_unbroken_chain(venue)
    kinds = Counter(kind for _s, _t, kind, *_rest in entries)
    assert kinds == {"session_opened": 3, "sale": len(sold) + 8}
