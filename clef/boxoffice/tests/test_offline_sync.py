"""A till that sold offline sends its sales: written once each, in its own series, from
its block of seats, never beyond the room; conflicts and late sessions recorded."""

import datetime as dt
import io
import uuid
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from clef.boxoffice import journal, offline, sales, sessions
from clef.boxoffice.models import JournalEntry, OfflineConflict, Sale, Till, TillSession
from clef.boxoffice.tests.journals import run
from clef.lib import roles
from clef.programme.models import Screening
from clef.tickets import blocks, seats
from clef.tickets.models import SeatBlock, Ticket
from clef.venues.numbering import last_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def administrator(db):
    user = get_user_model().objects.create_user("ada", first_name="Ada")
    user.groups.add(Group.objects.get_or_create(name=roles.ADMINISTRATOR)[0])
    return user


@pytest.fixture
def hall(venue):
    return Till.objects.create(venue=venue, name="Hall", ticket_series="T1")


@pytest.fixture
def bar(venue):
    return Till.objects.create(venue=venue, name="Bar", ticket_series="T2")


def opened(till, cashier):
    return sessions.open_session(till, cashier=cashier, opening_float="50")


def sold(sequence, screening=None, *, prices=("5",), products=None, method="cash", **fields):
    return offline.OfflineSale(
        key=fields.pop("key", None) or uuid.uuid4().hex,
        sequence=sequence,
        sold_at=timezone.now() - dt.timedelta(minutes=60 - sequence),
        order=sales.Order(
            screening=screening,
            prices=list(prices) if screening else [],
            products=products or {},
            **fields,
        ),
        method=method,
        sent={"sequence": sequence},
    )


def book_online(screening, count):
    with transaction.atomic():
        return seats.issue(
            screening, [Decimal("6")] * count, online=True, status=Ticket.Status.PAID
        )


def test_ten_sales_are_written_once_and_sent_again_answer_already_done(
    hall, cashier, tonight, drink
):
    session = opened(hall, cashier)
    blocks.hold_coming(hall.venue, "T1")
    sent = [sold(n, tonight) for n in range(1, 8)] + [
        sold(n, products={drink: 2}) for n in range(8, 11)
    ]
    results, late = offline.sync(session, sent, by=cashier)
    assert [r.status for r in results] == ["done"] * 10
    assert late is None
    assert Sale.objects.filter(session=session).count() == 10
    assert [r.tickets for r in results[:3]] == [
        [f"T1-{tonight.starts_at.year}-000001"],
        [f"T1-{tonight.starts_at.year}-000002"],
        [f"T1-{tonight.starts_at.year}-000003"],
    ]
    again, _late = offline.sync(session, sent, by=cashier)
    assert [r.status for r in again] == ["already_done"] * 10
    assert [r.sale for r in again] == [r.sale for r in results]
    assert Sale.objects.filter(session=session).count() == 10
    assert Ticket.objects.filter(screening=tonight).count() == 7
    entry = JournalEntry.objects.filter(kind=JournalEntry.Kind.SALE).order_by("sequence")[0]
    assert journal.body_of(entry)["offline"] == {
        "series": "T1",
        "sequence": 1,
        "sold_at": journal.utc_text(sent[0].sold_at),
    }


def test_a_sync_cut_in_the_middle_is_retried_without_doubling(hall, cashier, tonight):
    session = opened(hall, cashier)
    sent = [sold(n, tonight) for n in range(1, 11)]
    real, calls = sales.sell, []

    def cut(*args, **kwargs):
        calls.append(1)
        if len(calls) == 6:
            raise ConnectionError("the network dropped")
        return real(*args, **kwargs)

    with mock.patch.object(sales, "sell", cut), pytest.raises(ConnectionError):
        offline.sync(session, sent, by=cashier)
    assert Sale.objects.filter(session=session).count() == 5
    results, _late = offline.sync(session, sent, by=cashier)
    assert [r.status for r in results] == ["already_done"] * 5 + ["done"] * 5
    assert Sale.objects.filter(session=session).count() == 10
    numbers = sorted(Ticket.objects.filter(till_series="T1").values_list("number", flat=True))
    assert numbers == list(range(1, 11))


def test_two_tills_never_sell_beyond_the_room_with_online_bookings_made_meanwhile(
    hall, bar, cashier, other_cashier, tonight, venue
):
    # 120 seats, 84 kept for online booking: each till holds 10 % of the 120 unsold.
    assert [b.seats for b in blocks.hold_coming(venue, "T1")] == [12]
    assert [b.seats for b in blocks.hold_coming(venue, "T2")] == [12]
    # Online sells its whole quota meanwhile; the door sells what is neither online's nor
    # a till's block.
    book_online(tonight, 84)
    with transaction.atomic():
        door = seats.count(tonight)
    assert (door.door_left, door.blocked, door.online_left) == (12, 24, 0)
    with transaction.atomic():
        seats.issue(tonight, [Decimal("5")] * 12, online=False, status=Ticket.Status.PAID)
    with pytest.raises(seats.SeatsRefused), transaction.atomic():
        seats.issue(tonight, [Decimal("5")], online=False, status=Ticket.Status.PAID)
    # Both tills sold their whole blocks offline, and one seat too many each.
    one, two = opened(hall, cashier), opened(bar, other_cashier)
    first, _ = offline.sync(one, [sold(n, tonight) for n in range(1, 14)], by=cashier)
    second, _ = offline.sync(two, [sold(n, tonight) for n in range(1, 14)], by=other_cashier)
    assert [r.status for r in first] == ["done"] * 12 + ["conflict"]
    assert [r.status for r in second] == ["done"] * 12 + ["conflict"]
    assert first[-1].code == "sold_out"
    assert Ticket.objects.filter(screening=tonight, status__in=Ticket.SEATED).count() == 120
    assert OfflineConflict.objects.filter(code="sold_out").count() == 2
    assert sorted(Ticket.objects.filter(till_series="T2").values_list("number", flat=True)) == list(
        range(1, 13)
    )


def test_a_block_is_refused_beyond_what_online_and_other_tills_keep(venue, tonight):
    book_online(tonight, 80)  # 4 seats left to online, 36 beyond its quota
    sizes = [blocks.hold(tonight, f"T{n}", 10).seats for n in range(1, 4)]
    assert sizes == [4, 4, 4]  # 10 % of the 40 unsold seats
    assert blocks.hold(tonight, "T9", 50).seats == 20
    assert blocks.hold(tonight, "T8", 50).seats == 4  # 36 - 12 - 20 beyond online's 4
    assert blocks.hold(tonight, "T7", 50) is None
    with transaction.atomic():
        left = seats.count(tonight)
    assert (left.online_left, left.door_left) == (4, 4)


def test_a_block_is_given_back_online_and_for_screenings_started(hall, cashier, venue, tonight):
    blocks.hold_coming(venue, "T1")
    Screening.objects.filter(pk=tonight.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert blocks.hold_coming(venue, "T1") == []
    assert SeatBlock.objects.get().released_at is not None


def test_a_screening_cancelled_meanwhile_is_a_recorded_conflict(hall, cashier, tonight, drink):
    session = opened(hall, cashier)
    Screening.objects.filter(pk=tonight.pk).update(status=Screening.Status.CANCELLED)
    tonight.refresh_from_db()
    sent = [sold(1, tonight), sold(2, products={drink: 1})]
    results, _late = offline.sync(session, sent, by=cashier)
    assert [(r.status, r.code) for r in results] == [("conflict", "cancelled"), ("done", "")]
    conflict = OfflineConflict.objects.get()
    assert (conflict.till, conflict.sequence, conflict.message) == (
        hall,
        1,
        "This screening is cancelled.",
    )
    again, _late = offline.sync(session, sent, by=cashier)
    assert [(r.status, r.code) for r in again] == [
        ("conflict", "cancelled"),
        ("already_done", ""),
    ]
    assert OfflineConflict.objects.count() == 1


def test_a_sale_sent_after_the_session_was_closed_goes_into_a_late_session(
    hall, cashier, tonight, drink, administrator, venue
):
    session = opened(hall, cashier)
    sessions.close_session(session, counts={"20.00": 3}, by=administrator)
    successor = sessions.open_session(hall, cashier=administrator, opening_float="10")
    results, late = offline.sync(
        session, [sold(1, tonight), sold(2, products={drink: 2})], by=cashier
    )
    assert [r.status for r in results] == ["done", "done"]
    late.refresh_from_db()
    assert (late.late_for, late.cashier, late.till, late.closed_at is not None) == (
        session,
        cashier,
        hall,
        True,
    )
    assert late.expected == Decimal("10.00") and late.difference == Decimal("-10.00")
    assert Sale.objects.filter(session=late).count() == 2
    assert TillSession.objects.get(pk=successor.pk).is_open
    out, _err = run("verify")
    assert "OK" in out.splitlines()[0] and "the tables agree with the journal" in out


def test_the_journal_verifies_after_a_sync(hall, cashier, tonight, drink):
    session = opened(hall, cashier)
    offline.sync(session, [sold(n, tonight) for n in range(1, 6)], by=cashier)
    out, _err = run("verify")
    assert out.splitlines()[0].startswith("La Clef: OK: 6 entries")
    assert "the tables agree with the journal (sales: 5, till sessions: 1" in out


def test_a_till_without_a_series_cannot_sync(venue, cashier, tonight):
    till = Till.objects.create(venue=venue, name="Old")
    session = opened(till, cashier)
    with pytest.raises(offline.SyncRefused) as refused:
        offline.sync(session, [sold(1, tonight)], by=cashier)
    assert refused.value.code == "no_series"
    assert Sale.objects.count() == 0


def test_the_timer_gives_back_the_blocks_of_screenings_over(venue, tonight):
    blocks.hold_coming(venue, "T1")
    Screening.objects.filter(pk=tonight.pk).update(starts_at=timezone.now() - dt.timedelta(hours=5))
    out = io.StringIO()
    call_command("release_bookings", stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 till seat block(s) of screenings over given back"
    assert SeatBlock.objects.get().released_at is not None


def test_memberships_sold_offline_are_written_or_refused_as_conflicts(hall, cashier):
    session = opened(hall, cashier)
    welcome = sales.MembershipLine(amount="10", first_name="Nour", last_name="Haddad")
    too_much = sales.MembershipLine(amount="100000", first_name="Max", last_name="Lebon")
    results, _late = offline.sync(
        session, [sold(1, membership=welcome), sold(2, membership=too_much)], by=cashier
    )
    assert [r.status for r in results] == ["done", "conflict"]
    assert results[1].code.startswith("amount_")
    sale = Sale.objects.get()
    assert (sale.total, sale.person.get_full_name()) == (Decimal("10.00"), "Nour Haddad")
    assert OfflineConflict.objects.get().sent == {"sequence": 2}


def printed(*numbers):
    year = timezone.localdate().year
    return [f"T1-{year}-{n:06d}" for n in numbers]


@pytest.mark.parametrize("numbers_sent", [False, True], ids=["counted", "sent"])
def test_a_conflict_keeps_its_printed_numbers_voided_and_the_later_sales_theirs(
    hall, cashier, tonight, make_screening, venue, numbers_sent
):
    start = timezone.localtime(timezone.now() + dt.timedelta(hours=3), venue.zone)
    doomed = make_screening(start.date(), start.strftime("%H:%M"))
    session = opened(hall, cashier)
    # The till printed T1-…-1 and 2, then 3, then 4 and 5; the first screening is
    # cancelled before the sales are sent.
    sent = [
        sold(1, doomed, prices=("5", "5")),
        sold(2, tonight, prices=("6",)),
        sold(3, tonight, prices=("5", "7")),
    ]
    if numbers_sent:
        for item, numbers in zip(sent, [[1, 2], [3], [4, 5]], strict=True):
            item.numbers = numbers
    Screening.objects.filter(pk=doomed.pk).update(status=Screening.Status.CANCELLED)
    doomed.refresh_from_db()
    results, _late = offline.sync(session, sent, by=cashier)
    assert [(r.status, r.code) for r in results] == [
        ("conflict", "cancelled"),
        ("done", ""),
        ("done", ""),
    ]
    assert [r.tickets for r in results] == [[], printed(3), printed(4, 5)]
    conflict = OfflineConflict.objects.get()
    assert (conflict.ticket_numbers, conflict.voided) == ([1, 2], printed(1, 2))
    # Sent again: nothing changes.
    again, _late = offline.sync(session, sent, by=cashier)
    assert [r.status for r in again] == ["conflict", "already_done", "already_done"]
    assert [r.tickets for r in again] == [[], printed(3), printed(4, 5)]
    assert OfflineConflict.objects.count() == 1 and Sale.objects.count() == 2
    assert last_number(venue, "ticket-T1", timezone.localdate().year) == 5
    used = sorted(Ticket.objects.filter(till_series="T1").values_list("number", flat=True))
    assert sorted(used + conflict.ticket_numbers) == [1, 2, 3, 4, 5]
    out, _err = run("verify")
    assert "OK" in out.splitlines()[0] and "the tables agree with the journal" in out


def test_numbers_sent_that_are_not_the_series_next_are_a_conflict(hall, cashier, tonight):
    session = opened(hall, cashier)
    first = sold(1, tonight, prices=("5",))
    first.numbers = [1]
    offline.sync(session, [first], by=cashier)
    reused = sold(2, tonight, prices=("5",))
    reused.numbers = [1]
    results, _late = offline.sync(session, [reused], by=cashier)
    assert [(r.status, r.code) for r in results] == [("conflict", "numbers_mismatch")]
    assert OfflineConflict.objects.get().ticket_numbers == []
    assert list(Ticket.objects.values_list("number", flat=True)) == [1]
